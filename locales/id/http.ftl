# Jawaban yang diberikan router, batas isi atau batas waktu sebelum penangan mana pun
# menjawab (`http-<kode>`, menurut status), dan penolakan dari jaringan sendiri.

http-unauthorized = masuk dulu: token tidak ada, salah atau kedaluwarsa
http-forbidden = Anda tidak berhak memakai ini
http-not_found = tidak ada apa pun di alamat ini
http-method_not_allowed = alamat ini tidak menerima metode ini
http-request_timeout = permintaan terlalu lama; tidak ada yang tersimpan. Coba lagi
http-body_too_large = isi permintaan terlalu besar
http-unsupported_media_type = isi permintaan harus JSON, dengan Content-Type: application/json
http-invalid_body = isi permintaan tidak sesuai
http-too_many_requests = terlalu banyak permintaan; tunggu sebentar lalu coba lagi
http-headers_too_large = kepala permintaan (header) terlalu besar
http-unavailable = layanan sedang tidak tersedia; tidak ada yang tersimpan. Coba lagi sebentar lagi
http-server_error = terjadi gangguan pada server; tidak ada yang tersimpan. Coba lagi sebentar lagi
http-bad_request = permintaan tidak sah
http-not_utf8 = berkas bukan teks UTF-8: simpan sebagai "CSV UTF-8" lalu kirim lagi
