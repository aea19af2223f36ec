-- Expected error: column "email" specified more than once (line 5).
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    email varchar(255)
);
