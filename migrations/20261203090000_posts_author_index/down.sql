-- sleet:no-transaction
DROP INDEX CONCURRENTLY posts_author_id_idx;
