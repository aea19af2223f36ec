-- ddl_sequence: a migration-like history applied in order (renames, added,
-- dropped and retyped columns, dropped tables/types/views, LIKE, INHERITS,
-- type renames) interleaved with statements a code generator must skip
-- (functions, triggers, grants, policies, RLS, DO blocks, SET, set_config,
-- COPY ... FROM stdin with data, COMMENT ON).

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET search_path = public;

-- 0001: initial tables
CREATE TYPE user_role AS ENUM ('admin', 'member');
CREATE TYPE legacy_flag AS ENUM ('on', 'off');

CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    login text NOT NULL,
    role user_role NOT NULL DEFAULT 'member',
    age text,
    legacy legacy_flag,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scratch (id int PRIMARY KEY);
CREATE VIEW account_logins AS SELECT id, login FROM accounts;

COPY accounts (id, login, role, age) FROM stdin;
1	alice	admin	34
2	bob	member	\N
\.

-- 0002: renames and column changes
ALTER TABLE accounts RENAME TO users;
ALTER TABLE users RENAME COLUMN login TO username;
ALTER TABLE users ADD COLUMN email text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name varchar(80);
ALTER TABLE users ALTER COLUMN age TYPE integer USING age::integer;
DROP VIEW account_logins;
ALTER TABLE users DROP COLUMN legacy;
DROP TYPE legacy_flag;
ALTER TYPE user_role RENAME TO member_role;
DROP TABLE scratch;

-- 0003: derived tables
CREATE TABLE users_archive (LIKE users INCLUDING ALL);
CREATE TABLE admins (granted_at timestamptz NOT NULL DEFAULT now()) INHERITS (users);
CREATE TABLE temp_import (id int, raw text);
DROP TABLE IF EXISTS temp_import;
DROP TABLE IF EXISTS never_existed;

-- Everything below is not schema shape and should be skipped.
CREATE FUNCTION touch_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_touch BEFORE INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION touch_created_at();
GRANT SELECT ON users TO PUBLIC;
REVOKE ALL ON users_archive FROM PUBLIC;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON users USING (username = current_user);
DO $$
BEGIN
    RAISE NOTICE 'migration 0003 applied';
END
$$;
COMMENT ON TABLE users IS 'Renamed from accounts in 0002.';
