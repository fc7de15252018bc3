# Trade: sales, purchases, production, trade credit (piutang, utang), cash count.
error-invalid_quantity = jumlah barang "{ $text }" tidak sah; tulis angka lebih dari nol, misalnya 2 atau 1,5
error-too_many_lines = paling banyak { $max } baris dalam satu transaksi
error-invalid_id = "{ $text }" bukan nomor yang sah
