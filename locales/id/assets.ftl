# Fixed assets (aset tetap): the register and each month's depreciation.

error-not_an_asset_entry = jurnal #{ $seq } tidak mendebit akun aset tetap { $account } (atau sudah dibalik)
error-asset_registered = aset dari jurnal #{ $seq } sudah tercatat di daftar aset tetap
error-invalid_useful_life = umur manfaat 1 sampai { $max } bulan, bilangan bulat
error-residual_above_cost = nilai sisa tidak boleh melebihi harga perolehan { $cost }
error-invalid_month = bulan "{ $text }" tidak sah; tulis YYYY-MM, misalnya 2026-01
error-month_not_ended = bulan { $month } belum berakhir; penyusutan dibukukan setelah akhir bulan
error-depreciation_posted = penyusutan bulan { $month } sudah dibukukan
error-unknown_asset = tidak ada aset tetap dari jurnal #{ $seq } di daftar aset
error-asset_disposed = aset dari jurnal #{ $seq } sudah dilepas
error-disposal_before_acquisition = aset dilepas paling awal pada tanggal perolehannya, { $acquired_on }

# The fixed-asset page.
fixed_assets = Aset tetap
asset = Aset
acquired_on = Tanggal perolehan
asset_cost = Harga perolehan
useful_life = Umur manfaat (bulan)
depreciated = Penyusutan dibukukan
disposed = dilepas
no_assets = Belum ada aset tetap yang dicatat.
unregistered_assets = Pembelian peralatan dan hibah barang yang belum dicatat sebagai aset
no_unregistered_assets = Semua pembelian peralatan dan hibah barang sudah dicatat.
register_asset = Catat aset tetap
asset_entry = Nomor jurnal asal
asset_name = Nama aset
residual_value = Nilai sisa (kosongkan bila nol)
month_depreciation = Penyusutan bulanan
last_depreciation = Terakhir dibukukan
depreciation_month = Bulan (YYYY-MM)
depreciation_month_hint = Setelah akhir bulan, sekali sebulan; bulan yang terlewat ikut dibukukan.
post_depreciation = Bukukan penyusutan
