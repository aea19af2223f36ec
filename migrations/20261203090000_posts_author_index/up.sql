-- sleet:no-transaction
-- Built without blocking writes to posts: outside a transaction, as PostgreSQL requires.
CREATE INDEX CONCURRENTLY posts_author_id_idx ON posts (author_id);
