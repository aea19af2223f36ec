-- Validation derived from the schema: every shape of rule sleet translates, and some
-- it leaves to the database. The corpus-check crate compiles the generated code and
-- its `validation` test compares each verdict with PostgreSQL's.

CREATE TYPE plan AS ENUM ('free', 'pro', 'team');

CREATE DOMAIN email AS varchar(254) CHECK (VALUE ~* '^[^@ ]+@[^@ ]+\.[a-z]+$');
CREATE DOMAIN percentage AS numeric(5, 2) NOT NULL CHECK (VALUE BETWEEN 0 AND 100);

CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle varchar(20) NOT NULL UNIQUE CHECK (handle ~ '^[a-z0-9_]+$' AND char_length(handle) >= 3),
    email email NOT NULL UNIQUE,
    display_name text CHECK (length(btrim(display_name)) > 0),
    country char(2),
    plan plan NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro')),
    seats integer NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 500),
    balance numeric(10, 2) NOT NULL DEFAULT 0 CHECK (balance >= -1000.50),
    discount percentage DEFAULT 0,
    score real CHECK (score >= 0 AND score <= 1.5),
    ratio double precision CHECK (ratio <> 0),
    age smallint CHECK (0 < age),
    status text NOT NULL DEFAULT 'active' CHECK (status = ANY (ARRAY['active', 'suspended', 'closed'])),
    verified boolean NOT NULL DEFAULT false,
    phone text,
    website text,
    bio text CHECK (bio <> ''),
    code text CHECK (code !~ '[[:space:]]'),
    starts_at timestamptz,
    ends_at timestamptz,
    CONSTRAINT contact_given CHECK (phone IS NOT NULL OR website IS NOT NULL OR NOT verified),
    CONSTRAINT period_ordered CHECK (ends_at > starts_at),
    CONSTRAINT website_secure CHECK (website IS NULL OR website ~ '^https://')
);

CREATE TABLE invites (
    account_id bigint NOT NULL REFERENCES accounts (id),
    email email NOT NULL,
    PRIMARY KEY (account_id, email)
);

-- Integers read into a wider Rust type (sleet.toml's column_types): their SQL range
-- is checked.
CREATE TABLE counters (
    id integer PRIMARY KEY,
    small smallint,
    medium integer NOT NULL DEFAULT 0
);
