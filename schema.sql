-- The blog from the Drizzle guides: users with a role, posts in categories, tags
-- through a junction table, and comments. sleet generates generated/schema.rs from
-- this file (see build.rs); the demo (`cargo run`) applies it to a fresh database.
-- Lengths and checks become the generated structs' `validate()` (sleet.toml).

CREATE TYPE role AS ENUM ('admin', 'author', 'reader');

CREATE TABLE users (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
    email varchar(254) NOT NULL UNIQUE CHECK (email ~ '^[^@ ]+@[^@ ]+$'),
    role role NOT NULL DEFAULT 'reader',
    bio varchar(500),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'People who write, comment and read.';

CREATE TABLE categories (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name varchar(60) NOT NULL UNIQUE
);

CREATE TABLE posts (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
    slug varchar(100) NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    content text NOT NULL DEFAULT '',
    published boolean NOT NULL DEFAULT false,
    author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category_id integer REFERENCES categories (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    keywords text[] NOT NULL DEFAULT '{}',
    title_length integer GENERATED ALWAYS AS (char_length(title)) STORED
);
COMMENT ON COLUMN posts.slug IS 'The URL path of the post, unique across the blog.';
CREATE INDEX posts_author_id_idx ON posts (author_id);

CREATE TABLE tags (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name varchar(40) NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
);

CREATE TABLE comments (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body text NOT NULL CHECK (body <> ''),
    parent_id integer REFERENCES comments (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN comments.parent_id IS 'The comment this one replies to (threads).';
