# Why a request is refused: one message per code of `domain::problem::Problem`
# (`error-<code>`), with the same variables in every language.

error-required = wajib diisi
error-malformed = isi permintaan tidak sesuai: { $detail }
error-invalid_date = tanggal "{ $text }" tidak sah; tulis YYYY-MM-DD dengan tanggal yang ada
error-invalid_amount = jumlah "{ $text }" tidak sah; tulis 1.500.000 atau 1500000 (paling banyak 2 desimal)
error-amount_not_positive = jumlah harus lebih dari nol
error-invalid_text = paling banyak { $max_chars } karakter, tanpa karakter kontrol atau karakter format tak terlihat (pembalik arah teks, lebar-nol)
error-invalid_account_code = kode akun "{ $text }" tidak sah; tulis angka seperti 5201
error-unknown_account = akun { $account } tidak ada di bagan akun
error-wrong_account = { $expected ->
    [expense] akun { $account } bukan akun beban yang bisa dipakai; pilih akun beban (5xxx)
   *[cash_or_bank] "{ $account }" bukan sumber dana; pilih kas atau bank
}
error-insufficient_funds = saldo akun { $account } hanya { $balance }; tidak cukup untuk membayar { $needed }
error-insufficient_funds_on = pada { $date } saldo akun { $account } hanya { $balance }; pembayaran { $needed } bertanggal lebih awal akan membuatnya minus
error-period_locked = tanggal { $date } berada dalam periode yang sudah ditutup (sampai { $locked_through })
error-unknown_choice = "{ $text }" bukan pilihan yang dikenal; pilih { $allowed }
