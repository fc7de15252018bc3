# Signed report bundles (.kubelap): the page's download and `kube-ledger bundle verify`.

download_bundle = Download the signed report bundle (.kubelap)
bundle-valid = VALID BUNDLE: its contents are exactly as signed by the holder of key { $fingerprint }.
bundle-origin = Panti: { $name } (entity { $entity })
bundle-report = Report { $period }, revision { $revision }
bundle-reason = Reason for the correction: { $reason }
bundle-submitted = Submitted by { $by } on { $on } ({ $at })
bundle-hashes = SHA-256 of the HTML { $html }, of the data { $data }
bundle-chain = Journal chain at the lock: { $name } (entity { $entity }): { $entries } entries, last hash { $hash }
bundle-no-chain = Journal chain at the lock: not recorded (submitted before signed bundles existed)
bundle-pin = Compare this key fingerprint with the panti's key enrolled at the Dinas Sosial: the file proves who holds the key, not who the panti is.
bundle-not_a_bundle = { $file }: not a report bundle (.kubelap): { $detail }
bundle-unknown_format = { $file }: this program does not know bundle format { $format }
bundle-bad_signature = { $file }: NOT VALID: the signature does not match the contents and their key; the file was changed
bundle-content_altered = { $file }: NOT VALID: the HTML or the data do not match their SHA-256; the file was changed
bundle-unreadable = { $file }: cannot be read: { $detail }

# An entity's identity (the report's letterhead and its signed bundle).
error-invalid_region_code = "{ $text }" is not a Kemendagri region code down to the kabupaten/kota, e.g. 33.74 or 33.74.01.1001
error-invalid_digits = "{ $text }" must be exactly { $digits } digits
error-not_for_kind = an entity of kind { $kind } has no such part
identity = Identity
identity_saved = Identity saved. The letterhead and the bundle of the next submission carry it.
identity_hint = What the report's letterhead and its signed bundle say, so that the Dinas Sosial can recognise the report and file it by region.
identity_panti_type = Kind of panti
identity_choose_type = — choose a kind —
identity_registration_number = Registration / operating licence number
identity_region = Region code (Kemendagri)
identity_region_hint = Down to the kabupaten/kota or finer, e.g. 33.74 or 33.74.01.1001 (province.regency.district.village).
identity_address = Address
identity_legal_number = Badan hukum number
identity_legal_date = Badan hukum date
identity_nik_koperasi = NIK koperasi
identity_nik_hint = 16 digits, from the Ministry of Cooperatives.
identity_nib = NIB
identity_nib_hint = 13 digits, from OSS.
identity_save = Save identity
