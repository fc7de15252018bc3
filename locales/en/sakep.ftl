# The SAK EP presentation of a cooperative's statements.

st_catatan = Notes to the statements (CaLK)
