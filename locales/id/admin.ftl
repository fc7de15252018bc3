# Administration: entities, users, backups; and the member register's refusals.
error-invalid_member_number = nomor anggota "{ $text }" tidak sah: 1–20 huruf, angka, "-", "." atau "/"
error-invalid_nik = NIK "{ $text }" tidak sah: 16 angka dengan tanggal lahir yang masuk akal (digit 7–12)
error-invalid_phone = nomor telepon "{ $text }" tidak sah: 8–15 angka, boleh diawali "+"
error-invalid_username = nama pengguna "{ $text }" tidak sah: 3–64 huruf kecil, angka, ".", "_" atau "-"
error-weak_password = kata sandi minimal 8 karakter

## The admin's pages
admin_users = Pengguna
admin_user_added = Pengguna dibuat, sudah bisa masuk
admin_username = Nama pengguna
admin_username_hint = 3–64 huruf kecil, angka, ".", "_" atau "-", misalnya bendahara.tahu.
admin_role = Peran
admin_role_treasurer = Bendahara KUBE atau koperasi
admin_role_head = Kepala panti
admin_role_supervisor = Pengawas (Dinas Sosial)
admin_role_admin = Admin
admin_role_member = Anggota
admin_entity = Terikat pada
admin_choose_entity = Pilih panti, KUBE atau koperasi
admin_password = Kata sandi awal
admin_password_hint = Minimal 8 karakter. Sampaikan kepada penggunanya secara langsung.
admin_disabled = tidak aktif
admin_new_user = Buat pengguna
admin_save_user = Buat pengguna
admin_manage_users = Kelola pengguna
