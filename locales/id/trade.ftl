# Trade: sales, purchases, production, trade credit (piutang, utang), cash count.
error-invalid_quantity = Banyaknya harus angka lebih dari nol, misalnya 2 atau 1,5 ("{ $text }" bukan)
error-too_many_lines = paling banyak { $max } baris dalam satu transaksi
error-invalid_id = "{ $text }" bukan nomor yang sah
error-insufficient_stock = stok { $product } tinggal { $on_hand } { $unit }; tidak cukup untuk { $requested } { $unit }
e_stock = Stok tidak cukup: { $product } — { $on_hand } { $unit }
