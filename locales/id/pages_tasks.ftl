# Halaman tugas bendahara: produksi, anggota, piutang dan utang, dan konfirmasi setelah menyimpan.
# The treasurer's task pages: production, members, receivables and payables, and the confirmation after saving.

## After saving
record_again = Catat lagi
see_entry = Lihat jurnal
# $memo: what the batch made, as written in the journal.
done_production = { $memo } tersimpan
# $party: the customer; $amount: written as rupiah.
done_collection = Penerimaan piutang dari { $party } { $amount } tersimpan
# $party: the supplier; $amount: written as rupiah.
done_payment = Pembayaran utang ke { $party } { $amount } tersimpan
# $seq: the entry's number; $memo: its description.
done_entry = Jurnal #{ $seq } tersimpan: { $memo }
# $number, $name: the member's number and name.
done_member = Anggota { $number } { $name } terdaftar

## Production
new_production = Catat produksi
production_hint = Bahan keluar dari stok dengan harga rata-rata; hasilnya masuk stok seharga bahan ditambah biaya langsung.
production_inputs = Bahan yang dipakai
production_input = Bahan
production_outputs = Hasil produksi
production_output = Hasil
production_more = Biaya dan keterangan
direct_cost = Biaya langsung dari kas (Rp)
direct_cost_hint = Boleh kosong. Misalnya kayu bakar atau upah hari ini. Tulis 150.000 atau 150000.
production_memo_hint = Boleh kosong; bila kosong, jurnal menulis hasilnya.
save_production = Simpan produksi

## Members
members = Anggota
new_member = Daftarkan anggota
member_search = Cari nama atau nomor anggota
search = Cari
members_found = anggota ditemukan
member_name = Nama
joined = Bergabung
exited = Keluar
paging = Halaman daftar
page = Halaman
previous_page = ‹ Sebelumnya
next_page = Berikutnya ›
member_number_hint = Misalnya TAHU-012: huruf, angka, '-', '.', atau '/'; tidak boleh sama dengan anggota lain.
member_kind = Jenis anggota
kind_klien = Klien
kind_petugas = Petugas
kind_keluarga = Keluarga penghuni
phone = Nomor telepon
optional = Boleh kosong.
nik = NIK
nik_hint = Boleh kosong; bila diisi, 16 angka sesuai KTP.
joined_on = Tanggal bergabung
save_member = Simpan anggota
e_member_number = Nomor anggota wajib diisi: 1–20 huruf, angka, '-', '.', atau '/'.
e_member_name = Nama wajib diisi, paling banyak 200 karakter, tanpa karakter kontrol atau tak terlihat (pembalik arah teks, lebar-nol).
e_member_kind = Pilih jenis anggota.
e_phone = Nomor telepon 8–15 angka, boleh diawali '+'.
e_nik = NIK harus 16 angka sesuai KTP.

## Receivables and payables
receivables = Piutang
payables = Utang
open_amount = Belum lunas
oldest = Tertua
days = hari
age_0_30 = 0–30 hari
age_31_60 = 31–60 hari
age_61_90 = 61–90 hari
age_over_90 = lebih dari 90 hari
no_receivables = Tidak ada piutang yang belum lunas.
no_payables = Tidak ada utang yang belum lunas.
new_collection = Catat penerimaan piutang
new_supplier_payment = Catat pembayaran utang
save_collection = Simpan penerimaan
save_supplier_payment = Simpan pembayaran
choose_party = — pilih —
