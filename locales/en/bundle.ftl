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
