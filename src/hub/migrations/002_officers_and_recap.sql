-- Officers of the Dinas Sosial, each bound to a region: '' nasional, 'PP' a provinsi,
-- 'PP.KK' a kabupaten/kota. Small and read on every request: a reference table in Citus.
CREATE TABLE officer (
    username text PRIMARY KEY,
    region text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A signed-in officer: only the SHA-256 of the cookie's token is kept.
CREATE TABLE officer_session (
    token_sha256 text PRIMARY KEY,
    username text NOT NULL REFERENCES officer (username) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);

-- What the hub expects of a panti: when its reporting starts, its stage (awal: triwulan;
-- mapan: semester and tahunan) and the days it has after a period's end.
ALTER TABLE panti
    ADD COLUMN reports_from date NOT NULL DEFAULT date_trunc('year', now())::date,
    ADD COLUMN stage text NOT NULL DEFAULT 'awal',
    ADD COLUMN due_days integer NOT NULL DEFAULT 15,
    ADD COLUMN registered_by text;

-- One line per panti and period, kept by every receipt: the day its first revision was
-- submitted (for on time / late) and the key figures of its latest revision, so that a
-- recap reads one row per report instead of opening the bundles.
CREATE TABLE report (
    regency text NOT NULL,
    panti_id bigint NOT NULL,
    province text NOT NULL,
    period text NOT NULL,
    year integer NOT NULL,
    first_submitted_on date NOT NULL,
    latest_revision integer NOT NULL,
    figures text NOT NULL,
    PRIMARY KEY (regency, panti_id, period),
    FOREIGN KEY (regency, panti_id) REFERENCES panti (regency, panti_id)
);
CREATE INDEX report_by_province_year ON report (province, year);
CREATE INDEX report_by_year ON report (year);
CREATE INDEX panti_by_province ON panti (province);
