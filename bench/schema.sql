-- The tables of Diesel's diesel_bench (diesel-rs/diesel, diesel_bench/ and the
-- migrations it runs for PostgreSQL): the 2015 users/posts/comments migration, the
-- posts.tags and posts.nullable_tags columns, the benchmark indexes and the
-- DEFERRABLE foreign keys. Reconstructed from those migrations (MIT OR Apache-2.0).
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name VARCHAR NOT NULL,
    hair_color VARCHAR
);

CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    body TEXT,
    tags VARCHAR[] NOT NULL DEFAULT '{}',
    nullable_tags VARCHAR[]
);

CREATE TABLE comments (
    id SERIAL PRIMARY KEY,
    post_id INTEGER NOT NULL,
    text TEXT NOT NULL
);

CREATE INDEX users_hair_color ON users (hair_color);
CREATE INDEX posts_user_id ON posts (user_id);
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users DEFERRABLE;
ALTER TABLE comments ADD CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts DEFERRABLE;
