# Sign-in and logins (issue 18): member logins in their own namespace.
error-member_login_shape = nomor anggota { $login } tidak bisa menjadi login anggota: login anggota berbentuk HURUF-ANGKA (mis. TAHU-001); ubah dulu nomor anggotanya
error-staff_username_shape = nama pengguna { $username } berbentuk login anggota (HURUF-ANGKA, mis. tahu-001); pilih nama lain untuk staf
