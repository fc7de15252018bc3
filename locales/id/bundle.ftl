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

# Identitas lembaga (kop laporan dan berkas bertanda tangan).
error-invalid_region_code = "{ $text }" bukan kode wilayah Kemendagri sampai kabupaten/kota, misalnya 33.74 atau 33.74.01.1001
error-invalid_digits = "{ $text }" harus tepat { $digits } angka
error-not_for_kind = entitas jenis { $kind } tidak memiliki bagian ini
identity = Identitas lembaga
identity_saved = Identitas lembaga tersimpan. Kop laporan dan berkas yang diserahkan berikutnya memuatnya.
identity_hint = Yang ditulis di kop laporan dan di berkas laporan bertanda tangan, agar Dinas Sosial dapat mengenali dan mengelompokkan laporan menurut wilayah.
identity_panti_type = Jenis panti
identity_choose_type = — pilih jenis —
identity_registration_number = Nomor registrasi / izin operasional
identity_region = Kode wilayah (Kemendagri)
identity_region_hint = Sampai kabupaten/kota atau lebih rinci, misalnya 33.74 atau 33.74.01.1001 (provinsi.kabupaten.kecamatan.desa).
identity_address = Alamat
identity_legal_number = Nomor badan hukum
identity_legal_date = Tanggal badan hukum
identity_nik_koperasi = NIK koperasi
identity_nik_hint = 16 angka, dari Kementerian Koperasi.
identity_nib = NIB
identity_nib_hint = 13 angka, dari OSS.
identity_save = Simpan identitas
