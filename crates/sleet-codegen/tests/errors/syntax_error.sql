-- Expected error: syntax error at or near "TABEL" in the statement starting on line 5 (typo in CREATE TABLE).
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email_idx ON users (email);

CREATE TABEL posts (
    id bigint PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES users (id)
);
