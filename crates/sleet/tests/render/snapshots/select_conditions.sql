-- and / or / not (3 parameters)
SELECT posts.slug FROM posts WHERE NOT ((posts.published = $1 AND (posts.id > $2 OR posts.id <= $3)));

-- like and ilike (2 parameters)
SELECT posts.slug FROM posts WHERE (posts.title LIKE $1 OR posts.title ILIKE $2);

-- in a list (3 parameters)
SELECT posts.slug FROM posts WHERE posts.slug IN ($1, $2, $3);

-- between (2 parameters)
SELECT posts.slug FROM posts WHERE posts.id BETWEEN $1 AND $2;

-- is null, is not null (0 parameters)
SELECT posts.slug FROM posts WHERE (posts.published_at IS NULL AND posts.category_id IS NOT NULL);

-- an enum (1 parameter)
SELECT users.id FROM users WHERE users.role = $1;

-- column to column (0 parameters)
SELECT posts.slug FROM posts WHERE posts.author_id <> posts.id;

-- filters combine with AND (2 parameters)
SELECT posts.slug FROM posts WHERE (posts.published = $1 AND posts.id > $2);

-- optional conditions: one given, one absent (1 parameter)
SELECT posts.slug FROM posts WHERE (posts.id > $1 AND TRUE);

-- arithmetic (2 parameters)
SELECT (posts.id + $1) FROM posts WHERE posts.title_length > $2;

