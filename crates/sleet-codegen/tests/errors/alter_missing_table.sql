-- Expected error: relation "nope" does not exist (ALTER TABLE on line 4).
CREATE TABLE users (id bigint PRIMARY KEY);

ALTER TABLE nope ADD COLUMN x int;
