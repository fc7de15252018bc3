-- The hub's tables are keyed by region first, so that a province can move onto a
-- distributed PostgreSQL (Citus) by distributing both on `regency` without a change.
CREATE TABLE panti (
    regency text NOT NULL,
    panti_id bigint NOT NULL,
    province text NOT NULL,
    region text NOT NULL,
    name text NOT NULL,
    panti_type text NOT NULL,
    -- One-time enrolment code, kept only as its SHA-256 until the panti uses it.
    enrolment_code_sha256 text,
    public_key text UNIQUE,
    enrolled_at timestamptz,
    PRIMARY KEY (regency, panti_id)
);
CREATE SEQUENCE panti_ids;

CREATE TABLE bundle (
    regency text NOT NULL,
    panti_id bigint NOT NULL,
    period text NOT NULL,
    revision integer NOT NULL,
    sha256 text NOT NULL,
    submitted_on date NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    contents text NOT NULL,
    PRIMARY KEY (regency, panti_id, period, revision),
    FOREIGN KEY (regency, panti_id) REFERENCES panti (regency, panti_id)
);
