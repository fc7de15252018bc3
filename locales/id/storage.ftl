# The disk under the database: writes refused, writes whose outcome is not known, free
# space, and what was set aside so that the books open again.

storage-full = disk penuh: data tidak tersimpan. Kosongkan ruang disk; layanan pulih sendiri
storage-read_only = disk atau folder basis data hanya-baca: data tidak tersimpan. Periksa disk dan izin folder
storage-failed = disk gagal menulis: data tidak tersimpan. Periksa disk; layanan mencoba membuka ulang
storage-outcome_unknown = mungkin tersimpan, mungkin tidak; kirim lagi dengan Idempotency-Key yang sama
storage-outcome_unknown_page = Disk gagal tepat saat menyimpan: mungkin tersimpan, mungkin tidak. Jangan ketik ulang; tekan "Kirim lagi" agar formulir yang sama tersimpan tepat sekali.
storage-resend = Kirim lagi
storage-low = ruang disk hampir habis: tinggal { $free_mb } MB, di bawah batas { $min_free_mb } MB. Data baru tidak disimpan; data tetap bisa dilihat. Kosongkan ruang disk
storage-short = Ruang disk basis data tinggal { $free_mb } MB dari { $total_mb } MB (kurang dari 10%). Kosongkan ruang sebelum penyimpanan data baru ditolak.
storage-damaged = basis data tidak bisa dibuka: berkas { $file } rusak. Jangan hapus apa pun. Hentikan layanan dan salin folder basis data; bila berkas itu snapshot (snap.…), pindahkan ke folder { $recovered } lalu jalankan kube-ledger verify; bila bukan, pulihkan dari cadangan terakhir dengan kube-ledger restore
storage-set_aside = disisihkan: { $file } (sisa snapshot sled yang terputus; disimpan, tidak dihapus)
