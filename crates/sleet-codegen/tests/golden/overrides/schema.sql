-- Config hooks: a per-type override, a per-column override to a user type,
-- domains as newtypes, the `time` crate, extra derives and attributes
-- (the config is in tests/golden.rs).
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TYPE kind AS ENUM ('click', 'view');

CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind kind NOT NULL,
    author email NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    happened_on date NOT NULL,
    happened_at timestamptz NOT NULL DEFAULT now(),
    tags text[] NOT NULL DEFAULT '{}'
);
