# The SAK EP presentation of a cooperative's statements.

st_catatan = Catatan atas laporan keuangan (CaLK)
