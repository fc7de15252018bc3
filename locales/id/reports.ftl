# Laporan pemberdayaan panti: penolakan isian rencana, pengaturan, tahap, evaluasi.

error-invalid_report = { $expected ->
    [start_month] Tulis bulan seperti 2026-01 (tahun 2000–2100), bukan "{ $detail }".
    [due_days] Tulis angka 1 sampai 90, bukan "{ $detail }".
    [stage] Pilih salah satu. "{ $detail }" bukan tahap yang dikenal (awal, mapan).
    [field] Pilih bidang: sdm, lingkungan, pertanian, perikanan_peternakan, kerajinan, jasa, bangunan, penyediaan_tenaga atau lainnya; "{ $detail }" tidak dikenal.
    [text] Wajib diisi, paling banyak { $detail } karakter.
    [year] Tulis tahun 2000–2100, bukan "{ $detail }".
    [need_kind] Pilih jenis kebutuhan: peralatan, bibit, bahan_baku atau biaya; "{ $detail }" tidak dikenal.
    [funding_source] Pilih sumber dana: dipa_panti, kemensos, dinas_sosial, pemda, csr, laba_usaha, swadaya, pinjaman_bank atau lainnya; "{ $detail }" tidak dikenal.
    [positive_need] Jumlah kebutuhan "{ $detail }" harus lebih dari nol.
    [too_many] Terlalu banyak: paling banyak { $detail }.
   *[note] Wajib diisi, paling banyak { $detail } karakter.
}

error-invalid_period = periode "{ $text }" tidak dikenal: tulis seperti 2026-TW1 … 2026-TW4, 2026-SM1, 2026-SM2 atau 2026-TH
