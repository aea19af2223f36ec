DROP TABLE posts;
DROP TABLE categories;
DROP TABLE users;
DROP TYPE role;
