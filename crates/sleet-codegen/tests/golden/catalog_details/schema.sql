-- What the Catalog keeps beyond what generated code needs, for `pull`, the differ and
-- the live front end's equality test: index methods, expressions, predicates and
-- INCLUDE columns; foreign key MATCH, DEFERRABLE and NOT VALID; checks NOT VALID;
-- column collations; view definitions.

CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    handle text COLLATE "C" NOT NULL,
    region text,
    tags text[] NOT NULL DEFAULT '{}',
    closed_at timestamptz
);

CREATE UNIQUE INDEX accounts_email_lower_key ON accounts (lower(email));
CREATE INDEX accounts_open_region_idx ON accounts (region) INCLUDE (handle) WHERE closed_at IS NULL;
CREATE INDEX accounts_tags_idx ON accounts USING gin (tags);
CREATE INDEX ON accounts (region, handle);

CREATE TABLE transfers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id bigint NOT NULL,
    target_id bigint,
    amount numeric(12, 2) NOT NULL,
    CONSTRAINT transfers_source_fkey FOREIGN KEY (source_id) REFERENCES accounts (id)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT transfers_target_fkey FOREIGN KEY (target_id) REFERENCES accounts (id)
        MATCH FULL ON DELETE SET NULL DEFERRABLE
);

ALTER TABLE transfers ADD CONSTRAINT transfers_amount_positive CHECK (amount > 0) NOT VALID;
ALTER TABLE transfers ADD CONSTRAINT transfers_amount_small CHECK (amount < 1000000) NOT VALID;
ALTER TABLE transfers VALIDATE CONSTRAINT transfers_amount_small;

CREATE TABLE audit (
    transfer_id bigint,
    note text
);
ALTER TABLE audit ADD CONSTRAINT audit_transfer_fkey FOREIGN KEY (transfer_id) REFERENCES transfers (id) NOT VALID;

CREATE VIEW open_accounts AS
    SELECT id, email, region FROM accounts WHERE closed_at IS NULL;
