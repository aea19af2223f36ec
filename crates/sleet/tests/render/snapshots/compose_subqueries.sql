-- in (subquery) (1 parameter)
SELECT users.name FROM users WHERE users.id IN (SELECT posts.author_id FROM posts WHERE posts.published = $1);

-- not exists (0 parameters)
SELECT users.name FROM users WHERE NOT EXISTS (SELECT posts.id FROM posts WHERE posts.author_id = users.id);

-- exists (0 parameters)
SELECT users.id, users.name, users.email, users.role, users.bio, users.created_at FROM users WHERE EXISTS (SELECT comments.id FROM comments);

-- union (0 parameters)
(SELECT posts.author_id FROM posts) UNION (SELECT comments.author_id FROM comments);

-- union all (0 parameters)
(SELECT posts.author_id FROM posts) UNION ALL (SELECT comments.author_id FROM comments);

-- intersect (0 parameters)
(SELECT posts.author_id FROM posts) INTERSECT (SELECT comments.author_id FROM comments);

-- except (0 parameters)
(SELECT posts.author_id FROM posts) EXCEPT (SELECT comments.author_id FROM comments);

-- a related row exists (1 parameter)
SELECT users.id, users.name, users.email, users.role, users.bio, users.created_at FROM users WHERE EXISTS (SELECT 1 FROM posts WHERE posts.author_id = users.id AND (posts.published = $1));

-- no related row (0 parameters)
SELECT users.id, users.name, users.email, users.role, users.bio, users.created_at FROM users WHERE NOT (EXISTS (SELECT 1 FROM posts WHERE posts.author_id = users.id));

-- through a junction (0 parameters)
SELECT posts.id, posts.title, posts.slug, posts.content, posts.published, posts.author_id, posts.category_id, posts.created_at, posts.published_at, posts.keywords, posts.title_length FROM posts WHERE EXISTS (SELECT 1 FROM post_tags INNER JOIN tags ON tags.id = post_tags.tag_id WHERE post_tags.post_id = posts.id);

