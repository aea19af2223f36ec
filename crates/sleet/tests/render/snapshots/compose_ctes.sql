-- with (1 parameter)
WITH "active"(c0, c1) AS (SELECT posts.author_id, count(*) FROM posts WHERE posts.published = $1 GROUP BY posts.author_id) SELECT users.name, "active".c1 FROM "active" INNER JOIN users ON users.id = "active".c0;

-- with recursive (1 parameter)
WITH RECURSIVE "thread"(c0, c1) AS ((SELECT comments.id, comments.parent_id FROM comments WHERE comments.id = $1) UNION ALL (SELECT comments.id, comments.parent_id FROM comments INNER JOIN "thread" ON comments.parent_id = "thread".c0)) SELECT comments.body FROM comments INNER JOIN "thread" ON comments.id = "thread".c0;

-- a subquery in FROM (1 parameter)
SELECT "long".c0 FROM (SELECT posts.slug, posts.title_length FROM posts) AS "long"(c0, c1) WHERE "long".c1 > $1;

