-- Expected error: column "nickname" of relation "users" does not exist (line 8).
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    display_name text
);

ALTER TABLE users DROP COLUMN nickname;
