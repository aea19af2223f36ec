-- Cannot give back: the comments and tags themselves.
DROP TABLE comments;
DROP TABLE post_tags;
DROP TABLE tags;
