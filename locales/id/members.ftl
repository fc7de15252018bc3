# Anggota, simpanan, hibah dan pinjaman (src/usecase/members, src/usecase/funding).

error-out_of_range = "{ $text }" harus bilangan bulat dari { $min } sampai { $max }
error-invalid_percent = persen "{ $text }" tidak sah; tulis angka 0 sampai 100, paling banyak 4 desimal (6 atau 6,5)

## Halaman AD/ART (/entities/{id}/bylaws)
bylaws = AD/ART
bylaws_savings_terms = Ketentuan simpanan
bylaws_shu_policy = Pembagian SHU
bylaws_versions_rule = Setiap versi berlaku mulai tanggalnya sampai ada versi yang lebih baru; versi lama tidak pernah diubah.
bylaws_from = Berlaku mulai
bylaws_pokok_rule = Simpanan pokok dibayar sekali saat anggota masuk dan dikembalikan saat anggota keluar.
bylaws_wajib_rule = Simpanan wajib dibayar setiap bulan dan dikembalikan saat anggota keluar.
bylaws_no_terms = Simpanan belum diatur: simpanan pokok dan wajib belum bisa dicatat.
bylaws_new_terms = Versi baru ketentuan simpanan
bylaws_effective_from = Berlaku mulai tanggal
bylaws_from_hint = Tanggal yang belum punya versi.
bylaws_pokok_amount = Simpanan pokok (Rp)
bylaws_wajib_amount = Simpanan wajib per bulan (Rp)
bylaws_save_terms = Simpan ketentuan
bylaws_terms_saved = Ketentuan simpanan tersimpan, berlaku mulai
bylaws_shu_rule = SHU tahun yang ditutup dibagi menurut persentase ini, yang jumlahnya tepat 100%.
bylaws_no_policy = Pembagian SHU belum diatur: tahun buku belum bisa ditutup.
bylaws_share_reserve = Cadangan tetap di modal sendiri: bagian SHU yang ditanam kembali.
bylaws_share_jasa_modal = Jasa modal dibagi kepada anggota menurut simpanan pokok dan wajib mereka.
bylaws_share_jasa_usaha = Jasa usaha dibagi kepada anggota menurut belanja mereka di unit usaha tahun itu.
bylaws_share_fund = Dana ini dipindahkan ke akunnya sendiri.
bylaws_basis_year_end = Jasa modal dihitung dari simpanan pada akhir tahun.
bylaws_basis_monthly_average = Jasa modal dihitung dari rata-rata simpanan pada akhir tiap bulan.
error-version_taken = sudah ada versi yang berlaku mulai { $date }; buat versi baru dengan tanggal berlaku lain
error-invalid_code = kode "{ $text }" tidak sah: 1–20 huruf, angka, "-" atau "."
error-fund_account = akun { $account } tidak bisa menampung dana SHU: pilih akun yang bisa diposting, bukan akun simpanan anggota atau persediaan
error-invalid_unit = satuan "{ $text }" tidak sah: 1–20 huruf (kg, bungkus, potong, buah)

## Halaman produk (/entities/{id}/products)
products_title = Produk
products_new = Tambah produk
products_saved = Produk tersimpan:
products_price = Harga
products_stock = Stok
products_none = Belum ada produk.
products_change = Ubah harga, nama atau satuan
products_which = Produk
products_choose = — pilih produk —
products_new_price = Harga baru (Rp)
products_new_name = Nama baru
products_new_unit = Satuan baru
products_keep_hint = Kosongkan bila tidak diubah.
products_save_change = Simpan perubahan
products_code = Kode produk
products_code_hint = Singkat dan unik, misalnya TAHU atau KDL.
products_name = Nama produk
products_kind = Jenis produk
products_unit = Satuan
products_unit_hint = Misalnya kg, bungkus, potong.
products_price_hint = Harga awal saat menjual; boleh 0 bila ditentukan tiap penjualan.
products_save = Simpan produk
products_kind_bahan_baku = Bahan baku
products_kind_barang_jadi = Barang jadi
products_kind_jasa = Jasa

## Anggota keluar (/members/{id}/exit)
exit_title = Anggota keluar
exit_rule = Anggota yang keluar menerima kembali simpanan pokok, wajib dan sukarela serta bagian SHU yang belum dibayar, dalam satu jurnal dari kas.
exit_total = Dibayar dari kas
exit_cash = Kas saat ini
exit_short = Kas tidak cukup untuk membayar semuanya.
exit_already = Anggota ini sudah keluar pada
exit_confirm = Keluarkan dan bayar
exit_link = Keluar
bylaws_shu_saved = Pembagian SHU tersimpan, berlaku mulai
bylaws_new_shu = Versi baru pembagian SHU
bylaws_reserve_percent = Cadangan (%)
bylaws_jasa_modal_percent = Jasa modal (%)
bylaws_jasa_usaha_percent = Jasa usaha (%)
bylaws_fund_name = Nama dana lain (bila ada)
bylaws_fund_percent = Dana lain (%)
bylaws_fund_account = Akun dana lain
bylaws_fund_account_hint = Misalnya 2107 Dana Sosial.
bylaws_capital_basis = Dasar jasa modal
bylaws_save_shu = Simpan pembagian SHU
