-- keys: composite primary/foreign keys, unique constraints (column- and
-- table-level, single and multi-column), referential actions, a
-- self-referencing FK, two FKs to the same table, a junction table, a
-- one-to-one, FKs added later via ALTER TABLE, a CHECK and indexes.

CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL UNIQUE,
    username text NOT NULL,
    tenant_id int NOT NULL,
    CONSTRAINT users_tenant_username_key UNIQUE (tenant_id, username)
);

CREATE TABLE profiles (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL UNIQUE REFERENCES users ON DELETE CASCADE,
    bio text,
    avatar_url text
);

CREATE TABLE tasks (
    id bigint PRIMARY KEY,
    parent_id bigint REFERENCES tasks (id) ON DELETE CASCADE,
    assigned_to bigint REFERENCES users (id) ON DELETE SET NULL,
    created_by bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title text NOT NULL,
    estimate_hours int CHECK (estimate_hours >= 0),
    CONSTRAINT tasks_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);

CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint NOT NULL, title text NOT NULL);
CREATE TABLE tags (id int PRIMARY KEY, name text NOT NULL UNIQUE);

-- Junction table: the primary key is made of its two foreign keys.
CREATE TABLE post_tags (
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id int NOT NULL REFERENCES tags (id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (post_id, tag_id)
);

-- Composite primary key ...
CREATE TABLE warehouses_stock (
    warehouse_code char(4) NOT NULL,
    sku text NOT NULL,
    quantity int NOT NULL DEFAULT 0,
    PRIMARY KEY (warehouse_code, sku)
);

-- ... and a composite foreign key referencing it.
CREATE TABLE stock_movements (
    id bigint PRIMARY KEY,
    warehouse_code char(4) NOT NULL,
    sku text NOT NULL,
    delta int NOT NULL,
    moved_by bigint,
    FOREIGN KEY (warehouse_code, sku)
        REFERENCES warehouses_stock (warehouse_code, sku)
        ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Foreign keys added after the fact.
ALTER TABLE posts
    ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE stock_movements
    ADD CONSTRAINT stock_movements_moved_by_fkey FOREIGN KEY (moved_by) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE tags ADD CONSTRAINT tags_name_not_blank CHECK (name <> '');

CREATE INDEX tasks_assigned_to_idx ON tasks (assigned_to);
CREATE INDEX posts_author_title_idx ON posts (author_id, title);
CREATE UNIQUE INDEX users_lower_email_key ON users (lower(email));
CREATE UNIQUE INDEX tasks_root_title_key ON tasks (title) WHERE parent_id IS NULL;
