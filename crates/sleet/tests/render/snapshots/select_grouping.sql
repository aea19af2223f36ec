-- aggregates, group by, having (1 parameter)
SELECT users.name, count(*), max(posts.created_at) FROM posts INNER JOIN users ON posts.author_id = users.id GROUP BY users.name HAVING count(*) >= $1 ORDER BY users.name;

-- sum and avg (0 parameters)
SELECT sum(posts.author_id), avg(posts.author_id) FROM posts;

-- count distinct, lower, upper (0 parameters)
SELECT count(DISTINCT posts.author_id), lower(users.name), upper(users.email) FROM users INNER JOIN posts ON posts.author_id = users.id GROUP BY users.name, users.email;

-- distinct (0 parameters)
SELECT DISTINCT posts.author_id FROM posts;

-- distinct on (0 parameters)
SELECT DISTINCT ON (comments.post_id) comments.post_id, comments.body FROM comments ORDER BY comments.post_id, comments.id DESC;

-- nulls first and last (0 parameters)
SELECT posts.slug FROM posts ORDER BY posts.published_at DESC NULLS LAST, posts.category_id NULLS FIRST;

-- count rows (1 parameter)
SELECT count(*) FROM posts WHERE posts.published = $1;

-- for update skip locked (1 parameter)
SELECT posts.id, posts.title, posts.slug, posts.content, posts.published, posts.author_id, posts.category_id, posts.created_at, posts.published_at, posts.keywords, posts.title_length FROM posts WHERE posts.id = $1 FOR UPDATE SKIP LOCKED;

-- for share nowait (0 parameters)
SELECT posts.id, posts.title, posts.slug, posts.content, posts.published, posts.author_id, posts.category_id, posts.created_at, posts.published_at, posts.keywords, posts.title_length FROM posts FOR SHARE NOWAIT;

