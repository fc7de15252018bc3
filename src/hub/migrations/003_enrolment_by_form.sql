-- A panti registered from the officer's form is registered once per form: a second post of
-- the same form (a double tap, a resend after a lost answer) finds the first. The key
-- includes the distribution column, as Citus requires of a unique index.
ALTER TABLE panti ADD COLUMN form_key_sha256 text;
CREATE UNIQUE INDEX panti_form_key ON panti (regency, form_key_sha256);
