# The disk under the database: writes refused, writes whose outcome is not known, free
# space, and what was set aside so that the books open again.

storage-full = disk full: nothing was stored. Free some disk space; the service recovers by itself
storage-read_only = the disk or database folder is read-only: nothing was stored. Check the disk and the folder's permissions
storage-failed = the disk failed to write: nothing was stored. Check the disk; the service is reopening the database
storage-outcome_unknown = may or may not be stored; send again with the same Idempotency-Key
storage-outcome_unknown_page = The disk failed just as this was being saved: it may or may not be stored. Do not type it again; press "Send again" so the same form is stored exactly once.
storage-resend = Send again
storage-low = the disk is almost full: { $free_mb } MB left, below the limit of { $min_free_mb } MB. New data is not stored; reading still works. Free some disk space
storage-short = The database's disk has { $free_mb } MB of { $total_mb } MB left (less than 10%). Free some space before new data is refused.
storage-damaged = the database cannot be opened: the file { $file } is damaged. Delete nothing. Stop the service and copy the database folder; if that file is a snapshot (snap.…), move it into the folder { $recovered } and run kube-ledger verify; if not, restore the latest backup with kube-ledger restore
storage-set_aside = set aside: { $file } (the leftover of an interrupted sled snapshot; kept, not deleted)
