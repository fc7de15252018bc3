# Hardening: authenticated backups, the backup key, files the program creates.

backup-format_unauthenticated = this backup is format { $format } (from before this version), with no key tag, so it cannot be shown to be genuine and is not restored. Take a new backup with this program from the source database (kube-ledger backup --db FOLDER --out FILE), then restore that one with --key FOLDER/backup.key
backup-tag_mismatch = backup refused: the HMAC tag does not match. The file was changed or damaged after it was written, or the key given is not the backup.key of the database it came from
backup-key_not_given = restore needs the backup key: give --key with the backup.key file from the folder of the database this backup came from, or that database folder itself
backup-key_missing = backup key { $path } does not exist. It is made in the database folder at the first backup; give --key with the backup.key from the folder of the database the backup came from
backup-key_damaged = backup key { $path } is damaged: it must be exactly 32 bytes. Use a whole copy of backup.key from the source database folder
backup-users_invalid = backup refused: its users are not valid ({ $count } problems), nothing was restored. First: { $first }
backup-partial_exists = { $path } already exists, so no backup was written (that file is not this command's and was left alone). If it is left from an interrupted backup, remove it and try again
backup-restoring_exists = { $path } already exists, so restore stopped without touching it. If it is left from an interrupted restore, check and remove that folder, then try again
error-empty_purchase = a purchase needs at least one line with an amount above zero
