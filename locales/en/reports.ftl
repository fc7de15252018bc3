# A panti's empowerment report: refusals of the plan, settings, stage and evaluation.

error-invalid_report = { $expected ->
    [start_month] Write the month like 2026-01 (years 2000–2100), not "{ $detail }".
    [due_days] Write a number from 1 to 90, not "{ $detail }".
    [stage] Choose one. "{ $detail }" is not a stage (awal, mapan).
    [field] Choose a field: sdm, lingkungan, pertanian, perikanan_peternakan, kerajinan, jasa, bangunan, penyediaan_tenaga or lainnya; "{ $detail }" is not one.
    [text] Required, at most { $detail } characters.
    [year] Write a year from 2000 to 2100, not "{ $detail }".
    [need_kind] Choose the kind of need: peralatan, bibit, bahan_baku or biaya; "{ $detail }" is not one.
    [funding_source] Choose the funding source: dipa_panti, kemensos, dinas_sosial, pemda, csr, laba_usaha, swadaya, pinjaman_bank or lainnya; "{ $detail }" is not one.
    [positive_need] The amount needed, "{ $detail }", must be more than zero.
    [too_many] Too many: at most { $detail }.
   *[note] Required, at most { $detail } characters.
}

error-invalid_period = period "{ $text }" is unknown: write it like 2026-TW1 … 2026-TW4, 2026-SM1, 2026-SM2 or 2026-TH
