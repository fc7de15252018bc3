# Rules every entry keeps, whichever path it comes by (`domain::books`), and dates.

error-date_out_of_range = tanggal { $text } di luar rentang pembukuan: { $earliest } sampai { $latest }
error-unknown_member = anggota { $member_id } tidak terdaftar di entitas ini
error-unknown_product = produk { $product_id } tidak terdaftar di entitas ini
error-insufficient_savings = saldo anggota { $member_id } di akun { $account } hanya { $balance }; tidak cukup untuk mengeluarkan { $needed }
error-savings_locked = simpanan anggota { $member_id } di akun { $account } (pokok/wajib) hanya dikembalikan saat anggota keluar
error-amount_negative = jumlah tidak boleh kurang dari nol
batch-entry = jurnal ke-{ $index } dalam kiriman: { $errors }

# The purchase form: a line that is an expense.

purchase_expense_hint = Misalnya 5203 untuk bahan bakar; kosongkan untuk barang persediaan atau peralatan.
e_expense_account = Tulis kode akun beban, misalnya 5203.

# The chart of accounts of an entity.
error-account_inactive = akun { $account } sudah dinonaktifkan; pilih akun lain
error-duplicate_account = kode akun { $account } sudah ada di bagan akun
error-wrong_parent = akun induk { $parent } tidak ada atau berbeda jenis dengan akun { $account }
error-account_has_balance = akun { $account } masih bersaldo { $balance }; kosongkan dulu saldonya

# The chart of accounts page.
chart_of_accounts = Bagan akun
account_name = Nama akun
balance = Saldo
account_inactive = nonaktif
add_account = Tambah akun
account_parent = Di bawah akun induk
choose_parent = Pilih akun induk
account_code_hint = Kode baru, misalnya 5211; jenisnya mengikuti akun induk.
save_account = Simpan akun

new_account_code = Kode akun baru
rename_account = Ganti nama akun
deactivate_account = Nonaktifkan akun
deactivate_account_hint = Akun nonaktif tetap menyimpan riwayatnya tetapi tidak menerima jurnal baru; hanya akun bersaldo nol yang bisa dinonaktifkan.
