# Administration: entities, users, backups; and the member register's refusals.
error-invalid_member_number = member number "{ $text }" is not valid: 1–20 letters, digits, "-", "." or "/"
error-invalid_nik = NIK "{ $text }" is not valid: 16 digits with a plausible birth date (digits 7–12)
error-invalid_phone = phone number "{ $text }" is not valid: 8–15 digits, optionally after a "+"
error-invalid_username = username "{ $text }" is not valid: 3–64 lower-case letters, digits, ".", "_" or "-"
error-weak_password = a password has at least 8 characters
