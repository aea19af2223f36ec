-- multi_schema: several schemas, SET search_path, same table name in two
-- schemas, cross-schema FKs, qualified and unqualified references,
-- ALTER TABLE ... SET SCHEMA and a quoted mixed-case schema name.

CREATE SCHEMA auth;
CREATE SCHEMA app;
CREATE SCHEMA "Reporting";

CREATE TABLE auth.users (
    id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL
);

CREATE TYPE auth.session_kind AS ENUM ('web', 'mobile', 'api');

CREATE TABLE auth.sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    kind auth.session_kind NOT NULL,
    expires_at timestamptz NOT NULL
);

-- Unqualified names now resolve to app first, then public.
SET search_path TO app, public;

CREATE TABLE users (
    id bigint PRIMARY KEY,
    auth_user_id uuid NOT NULL UNIQUE REFERENCES auth.users (id),
    display_name text NOT NULL
);

CREATE TABLE projects (
    id bigint PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id),
    name text NOT NULL
);

-- Created in app (first on search_path), then moved to public.
CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL
);
ALTER TABLE countries SET SCHEMA public;

-- Created in public explicitly, then moved into app.
CREATE TABLE public.feature_flags (
    key text PRIMARY KEY,
    enabled boolean NOT NULL DEFAULT false
);
ALTER TABLE public.feature_flags SET SCHEMA app;

CREATE TABLE app.addresses (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app.users (id),
    country_code char(2) NOT NULL REFERENCES countries (code)
);

CREATE TABLE "Reporting"."DailyStats" (
    "Day" date PRIMARY KEY,
    "ActiveUsers" int NOT NULL,
    top_project_id bigint REFERENCES app.projects (id)
);

CREATE TABLE "Reporting".user_activity (
    user_id bigint NOT NULL REFERENCES users (id),
    auth_user_id uuid REFERENCES auth.users (id),
    day date NOT NULL REFERENCES "Reporting"."DailyStats" ("Day"),
    PRIMARY KEY (user_id, day)
);

RESET search_path;
