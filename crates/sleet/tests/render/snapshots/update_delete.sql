-- a patch: only the fields set (3 parameters)
UPDATE users SET role = $1, bio = $2 WHERE users.id = $3;

-- a patch that sets nothing: a column assigned to itself (not the identity) (1 parameter)
UPDATE users SET name = name WHERE users.id = $1 RETURNING users.id, users.name, users.email, users.role, users.bio, users.created_at;

-- an expression, returning (2 parameters)
UPDATE posts SET title = posts.slug, published = $1 WHERE posts.id = $2 RETURNING posts.id, posts.title, posts.slug, posts.content, posts.published, posts.author_id, posts.category_id, posts.created_at, posts.published_at, posts.keywords, posts.title_length;

-- update … from (1 parameter)
UPDATE posts SET category_id = categories.id FROM categories WHERE categories.name = $1;

-- every row, said so (1 parameter)
UPDATE posts SET published = $1;

-- delete, returning (1 parameter)
DELETE FROM posts WHERE posts.slug = $1 RETURNING posts.id, posts.title, posts.slug, posts.content, posts.published, posts.author_id, posts.category_id, posts.created_at, posts.published_at, posts.keywords, posts.title_length;

-- delete every row (0 parameters)
DELETE FROM tags;

