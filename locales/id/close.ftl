# The SHU allocated by the members' annual meeting (RAT), after the year's close.

error-year_not_closed = tahun buku { $year } belum ditutup: tutup buku dulu, lalu catat keputusan RAT
error-shu_already_allocated = SHU tahun { $year } sudah dibagi; pembagiannya tidak bisa dicatat lagi
error-rat_before_year_end = RAT tahun buku { $year } diadakan sesudah 31 Desember { $year }, bukan { $rat_date }
error-shu_awaiting_rat = SHU tahun { $year } masih menunggu keputusan RAT: catat keputusan RAT lebih dulu

record_rat_decision = Catat keputusan RAT
rat_date = Tanggal RAT
rat_minutes = Nomor berita acara RAT
rat_minutes_hint = Misalnya BA-RAT/2026/01: berita acara yang mencatat keputusan pembagian SHU.
rat_decision_posts = Pembagian SHU dibukukan pada tanggal RAT: cadangan, dana-dana dan bagian tiap anggota.
shu_awaiting_rat = Tahun buku sudah ditutup; SHU menunggu keputusan RAT. Angka di bawah ini masih pratinjau.
shu_decided = Diputuskan RAT
shu_allocated_at_close = Dibagikan saat tutup buku
