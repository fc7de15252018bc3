# Administration: entities, users, backups; and the member register's refusals.
error-invalid_member_number = nomor anggota "{ $text }" tidak sah: 1–20 huruf, angka, "-", "." atau "/"
error-invalid_nik = NIK "{ $text }" tidak sah: 16 angka dengan tanggal lahir yang masuk akal (digit 7–12)
error-invalid_phone = nomor telepon "{ $text }" tidak sah: 8–15 angka, boleh diawali "+"
error-invalid_username = nama pengguna "{ $text }" tidak sah: 3–64 huruf kecil, angka, ".", "_" atau "-"
error-weak_password = kata sandi minimal 8 karakter
