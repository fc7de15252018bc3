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
