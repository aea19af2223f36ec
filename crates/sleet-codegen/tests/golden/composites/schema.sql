-- composites: composite types with nullable fields, a nested composite, a
-- composite column and an array of composites.

-- Composite fields are always nullable in PostgreSQL.
CREATE TYPE geo_point AS (
    lat double precision,
    lng double precision
);

CREATE TYPE address AS (
    line1 text,
    line2 text,
    city text,
    postal_code varchar(16),
    country_code char(2),
    location geo_point          -- nested composite
);

CREATE TYPE phone_number AS (
    kind text,
    number text,
    is_primary boolean
);

CREATE TYPE money_value AS (
    amount numeric(12, 2),
    currency char(3)
);

CREATE TABLE contacts (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    home_address address NOT NULL,
    work_address address,
    phones phone_number[] NOT NULL DEFAULT '{}',
    previous_addresses address[],
    last_seen_at geo_point
);

CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    contact_id bigint NOT NULL REFERENCES contacts (id),
    total money_value NOT NULL,
    line_totals money_value[] NOT NULL
);

-- A table's row type is also a composite type and can be used as a column.
CREATE TABLE contact_snapshots (
    id bigint PRIMARY KEY,
    taken_at timestamptz NOT NULL DEFAULT now(),
    contact contacts NOT NULL
);
