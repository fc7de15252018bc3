# Berkas laporan bertanda tangan (.kubelap): unduhan di halaman dan `kube-ledger bundle verify`.

download_bundle = Unduh berkas laporan bertanda tangan (.kubelap)
bundle-valid = BERKAS SAH: isinya persis seperti yang ditandatangani oleh pemegang kunci { $fingerprint }.
bundle-origin = Panti: { $name } (entitas { $entity })
bundle-report = Laporan { $period }, revisi { $revision }
bundle-reason = Alasan perbaikan: { $reason }
bundle-submitted = Diserahkan oleh { $by } pada { $on } ({ $at })
bundle-hashes = SHA-256 HTML { $html }, data { $data }
bundle-chain = Rantai jurnal saat dikunci: { $name } (entitas { $entity }): { $entries } jurnal, hash terakhir { $hash }
bundle-no-chain = Rantai jurnal saat dikunci: tidak tercatat (diserahkan sebelum ada berkas bertanda tangan)
bundle-pin = Cocokkan sidik kunci ini dengan kunci panti yang terdaftar di Dinas Sosial: berkas ini membuktikan siapa pemegang kuncinya, bukan siapa panti itu.
bundle-not_a_bundle = { $file }: bukan berkas laporan (.kubelap): { $detail }
bundle-unknown_format = { $file }: format berkas { $format } tidak dikenal program ini
bundle-bad_signature = { $file }: TIDAK SAH: tanda tangan tidak cocok dengan isi dan kuncinya; berkas telah diubah
bundle-content_altered = { $file }: TIDAK SAH: HTML atau data tidak cocok dengan SHA-256-nya; berkas telah diubah
bundle-unreadable = { $file }: tidak dapat dibaca: { $detail }
