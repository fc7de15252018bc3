# Halaman pelatihan kepala panti: register klien, catatan klien, rencana angkatan, dan langkah-langkah angkatan.
# The head's training pages: the client register, a client's record, a cohort's plan and its steps.

## Clients
tr_clients = Klien
tr_new_client = Daftarkan klien
tr_client_added = Klien terdaftar
tr_client_record = Lihat catatan klien
tr_client_search = Cari nama atau nomor klien
tr_clients_found = klien ditemukan
tr_number = Nomor induk klien
tr_number_hint = Nomor di buku induk panti, misalnya K-2026-014.
tr_name = Nama
tr_sex = Jenis kelamin
tr_sex_laki_laki = Laki-laki
tr_sex_perempuan = Perempuan
tr_birth_date = Tanggal lahir
tr_religion = Agama
tr_origin = Asal
tr_origin_hint = Kabupaten/kota atau alamat asal klien.
tr_case_type = Jenis kasus
tr_case_type_hint = Misalnya gelandangan, pengemis, atau tulis kasusnya.
tr_admitted_on = Tanggal masuk panti
tr_admitted = masuk
tr_intake = Angkatan masuk
tr_intake_hint = Nomor urut angkatan penerimaan, misalnya 3.
tr_save_client = Simpan klien
tr_status = Status
tr_status_aktif = Aktif
tr_status_disalurkan = Disalurkan
tr_status_terminasi = Terminasi
tr_status_keluar = Keluar
tr_no_cohort = Belum ikut angkatan pelatihan.
tr_not_placed = Belum disalurkan.

## Cohorts
tr_new_cohort = Rencanakan angkatan
tr_choose_skill = Pilih keterampilan
tr_cohort_number = Angkatan ke-
tr_cohort_number_hint = Nomor angkatan untuk keterampilan ini: 1, 2, 3, …
tr_instructor = Nama instruktur
tr_affiliation = Asal lembaga instruktur
tr_affiliation_hint = Misalnya BLK Surakarta atau pegawai panti.
tr_planned_start = Rencana mulai
tr_planned_end = Rencana selesai
tr_hours = Jumlah jam pelatihan
tr_capacity = Jumlah kursi
tr_save_cohort = Simpan rencana angkatan
tr_participants = Peserta
tr_progress = Kehadiran dan hasil
tr_attended = Hadir
tr_no_participants = Belum ada peserta. Daftarkan klien aktif ke angkatan ini.
tr_sessions = Sesi pelatihan
tr_no_sessions = Belum ada sesi tercatat.

## A cohort's steps
tr_step_enrolment = Daftarkan peserta
tr_step_session = Catat sesi dan kehadiran
tr_step_assessment = Catat asesmen
tr_step_completion = Akhir pelatihan
tr_choose_client = Pilih klien
tr_enrolled_on = Tanggal daftar
tr_session_date = Tanggal sesi
tr_topic = Materi sesi
tr_present = Hadir
tr_present_hint = Semua peserta tercentang; hapus centang yang tidak hadir.
tr_assessed_on = Tanggal asesmen
tr_result = Hasil asesmen
tr_result_kompeten = Kompeten
tr_result_belum_kompeten = Belum kompeten
tr_score = Nilai
tr_score_hint = 0 sampai 100.
tr_outcome = Hasil akhir
tr_outcome_lulus = Lulus
tr_outcome_tidak_lulus = Tidak lulus
tr_outcome_keluar = Keluar sebelum selesai
tr_completed_on = Tanggal
tr_reason = Alasan
tr_reason_hint = Wajib bila keluar sebelum selesai; catatan bila lainnya.
tr_save = Simpan
tr_saved_planned = Rencana angkatan tersimpan.
tr_saved_enrolment = Peserta terdaftar.
tr_saved_session = Sesi dan kehadiran tersimpan.
tr_saved_assessment = Asesmen tersimpan.
tr_saved_completion = Akhir pelatihan tersimpan.

## Staff
tr_staff = Petugas panti
tr_staff_added = Petugas tersimpan
tr_professionals = Pekerja sosial profesional (bersertifikat) akhir tahun
tr_service = Masa tugas
tr_certified = bersertifikat pekerja sosial sejak
tr_no_staff = Belum ada petugas tercatat.
tr_add_staff = Tambah petugas
tr_position = Jabatan
tr_position_hint = Misalnya pekerja sosial, instruktur, pengasuh.
tr_joined_on = Mulai bertugas
tr_certified_on = Tanggal sertifikasi pekerja sosial
tr_certified_on_hint = Boleh kosong bila belum bersertifikat.
tr_save_staff = Simpan petugas
