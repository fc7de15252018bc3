# Hardening: authenticated backups, the backup key, files the program creates.

backup-format_unauthenticated = cadangan ini berformat { $format } (sebelum versi ini), tanpa tanda kunci, jadi keasliannya tidak bisa dipastikan dan tidak dipulihkan. Buat cadangan baru dengan program ini dari basis data asal (kube-ledger backup --db FOLDER --out BERKAS), lalu pulihkan cadangan baru itu dengan --key FOLDER/backup.key
backup-tag_mismatch = cadangan ditolak: tanda HMAC tidak cocok. Berkas ini diubah atau rusak setelah dibuat, atau kunci yang diberikan bukan backup.key dari basis data asalnya
backup-key_not_given = restore butuh kunci cadangan: berikan --key dengan berkas backup.key dari folder basis data asal cadangan ini, atau folder basis data itu sendiri
backup-key_missing = kunci cadangan { $path } tidak ada. Kunci itu dibuat di folder basis data saat cadangan pertama; berikan --key dengan backup.key dari folder basis data asal cadangan
backup-key_damaged = kunci cadangan { $path } rusak: harus tepat 32 bita. Pakai salinan backup.key yang utuh dari folder basis data asal
backup-users_invalid = cadangan ditolak: data pengguna tidak sah ({ $count } masalah), tidak ada yang dipulihkan. Pertama: { $first }
backup-partial_exists = { $path } sudah ada, jadi cadangan tidak ditulis (berkas itu bukan buatan perintah ini dan tidak disentuh). Bila itu sisa cadangan yang terputus, hapus lalu ulangi
backup-restoring_exists = { $path } sudah ada, jadi restore berhenti tanpa menyentuhnya. Bila itu sisa restore yang terputus, periksa lalu hapus folder itu, kemudian ulangi
error-empty_purchase = pembelian harus punya minimal satu baris dengan jumlah lebih dari nol
