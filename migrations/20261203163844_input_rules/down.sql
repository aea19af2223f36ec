-- Reverts the structure. It cannot give back what up.sql deleted:
--   replaces the values of public.posts.title_length
-- (those come back empty or with their defaults)

ALTER TABLE categories ALTER COLUMN name TYPE text;

ALTER TABLE comments DROP CONSTRAINT comments_body_check;

ALTER TABLE posts DROP CONSTRAINT posts_title_check;

ALTER TABLE posts DROP CONSTRAINT posts_slug_check;

ALTER TABLE posts ALTER COLUMN slug TYPE text;

-- data-loss: replaces the values of public.posts.title_length
ALTER TABLE posts DROP COLUMN title_length;

ALTER TABLE posts ALTER COLUMN title TYPE text;

-- locks: rewrites public.posts under an ACCESS EXCLUSIVE lock
ALTER TABLE posts ADD COLUMN title_length int4 GENERATED ALWAYS AS (char_length(title)) STORED;

ALTER TABLE tags ALTER COLUMN name TYPE text;

ALTER TABLE users DROP CONSTRAINT users_name_check;

ALTER TABLE users DROP CONSTRAINT users_email_check;

ALTER TABLE users ALTER COLUMN name TYPE text;

ALTER TABLE users ALTER COLUMN email TYPE text;

ALTER TABLE users ALTER COLUMN bio TYPE text;
