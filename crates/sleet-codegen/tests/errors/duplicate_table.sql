-- Expected error: relation "users" already exists (second CREATE TABLE, starting on line 7).
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL
);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    name text
);
