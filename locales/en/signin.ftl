# Sign-in and logins (issue 18): member logins in their own namespace.
error-member_login_shape = member number { $login } cannot be a member login: member logins are LETTERS-DIGITS (e.g. TAHU-001); change the member number first
error-staff_username_shape = the username { $username } has the shape of a member login (LETTERS-DIGITS, e.g. tahu-001); choose another name for staff
