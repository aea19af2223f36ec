-- Users with a role, and their posts in categories.
CREATE TYPE role AS ENUM ('admin', 'author', 'reader');

CREATE TABLE users (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL UNIQUE,
    role role NOT NULL DEFAULT 'reader',
    bio text,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'People who write, comment and read.';

CREATE TABLE categories (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE posts (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    slug text NOT NULL UNIQUE,
    content text NOT NULL DEFAULT '',
    published boolean NOT NULL DEFAULT false,
    author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category_id integer REFERENCES categories (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    title_length integer GENERATED ALWAYS AS (char_length(title)) STORED,
    keywords text[] NOT NULL DEFAULT '{}'
);
COMMENT ON COLUMN posts.slug IS 'The URL path of the post, unique across the blog.';
