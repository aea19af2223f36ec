-- Expected error: relation "organizations" does not exist (REFERENCES on line 5).
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    organization_id bigint REFERENCES organizations (id)
);
