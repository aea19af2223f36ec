-- Every relation shape the generator derives from foreign keys (see src/relations.rs
-- for the naming rules), plus a rename and a skip from the golden test's Config.
CREATE SCHEMA billing;

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL
);

-- one-to-one: the foreign key is the primary key.
CREATE TABLE profiles (
    user_id bigint PRIMARY KEY REFERENCES users (id),
    bio text
);

-- one-to-one through a unique column, nullable.
CREATE TABLE avatars (
    id bigint PRIMARY KEY,
    owner_id bigint UNIQUE REFERENCES users,
    url text NOT NULL
);

-- Several keys to the same table, with and without `_id`; a self-reference named
-- `parent`; a column whose name the relation would take (`project`).
CREATE TABLE tasks (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    project text,
    project_id bigint,
    assigned_to bigint REFERENCES users (id),
    created_by_id bigint NOT NULL REFERENCES users (id),
    parent_id bigint REFERENCES tasks (id)
);

-- A self-reference not named parent.
CREATE TABLE messages (
    id bigint PRIMARY KEY,
    reply_to_id bigint REFERENCES messages (id),
    body text NOT NULL
);

-- many-to-many through a junction whose primary key is two foreign keys.
CREATE TABLE tags (
    id bigint PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE task_tags (
    task_id bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tag_id bigint NOT NULL REFERENCES tags (id),
    PRIMARY KEY (task_id, tag_id)
);

-- A junction between a table and itself.
CREATE TABLE follows (
    follower_id bigint REFERENCES users (id),
    followee_id bigint REFERENCES users (id),
    PRIMARY KEY (follower_id, followee_id)
);

-- A composite foreign key, and a project named by it.
CREATE TABLE projects (
    org text NOT NULL,
    slug text NOT NULL,
    PRIMARY KEY (org, slug)
);
CREATE TABLE releases (
    id bigint PRIMARY KEY,
    org text NOT NULL,
    project_slug text NOT NULL,
    version text NOT NULL,
    FOREIGN KEY (org, project_slug) REFERENCES projects (org, slug)
);
ALTER TABLE tasks ADD CONSTRAINT tasks_project_fkey FOREIGN KEY (project_id) REFERENCES releases (id);

-- Across schemas, with values that must load exactly; renamed (`invoices.user` →
-- `customer`) by the golden test's Config, which also skips `users.follows_by_followee`.
CREATE TYPE billing.status AS ENUM ('draft', 'sent', 'paid');
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES public.users (id),
    total numeric(12, 2) NOT NULL,
    public_id uuid NOT NULL,
    issued_at timestamptz NOT NULL,
    status billing.status NOT NULL,
    pdf bytea,
    lines jsonb NOT NULL,
    notes text[] NOT NULL
);
