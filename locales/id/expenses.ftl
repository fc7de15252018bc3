# The expense page (bayar beban).
new_expense = Bayar beban
expense_account = Akun beban
choose_expense_account = — pilih akun beban —
expense_amount = Jumlah (Rp)
paid_from = Dibayar dari
paid_from_cash = Kas
paid_from_bank = Bank
expense_description = Keterangan (misalnya: upah dua orang, 2 hari)
expense_description_hint = Tertulis di jurnal, supaya jelas untuk apa uang keluar.
save_expense = Simpan pembayaran
on_hand = Saldo sekarang
