# Administration: entities, users, backups; and the member register's refusals.
error-invalid_member_number = member number "{ $text }" is not valid: 1–20 letters, digits, "-", "." or "/"
error-invalid_nik = NIK "{ $text }" is not valid: 16 digits with a plausible birth date (digits 7–12)
error-invalid_phone = phone number "{ $text }" is not valid: 8–15 digits, optionally after a "+"
error-invalid_username = username "{ $text }" is not valid: 3–64 lower-case letters, digits, ".", "_" or "-"
error-weak_password = a password has at least 8 characters

## The admin's pages
admin_users = Users
admin_user_added = User created and able to sign in
admin_username = Username
admin_username_hint = 3–64 lower-case letters, digits, ".", "_" or "-", e.g. bendahara.tahu.
admin_role = Role
admin_role_treasurer = Treasurer of a KUBE or koperasi
admin_role_head = Head of a panti
admin_role_supervisor = Supervisor (Dinas Sosial)
admin_role_admin = Admin
admin_role_member = Member
admin_entity = Bound to
admin_choose_entity = Choose a panti, KUBE or koperasi
admin_password = First password
admin_password_hint = At least 8 characters. Hand it to its user in person.
admin_disabled = disabled
admin_new_user = Create a user
admin_save_user = Create user
admin_manage_users = Manage users
