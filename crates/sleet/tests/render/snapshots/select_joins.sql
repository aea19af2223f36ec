-- whole rows (0 parameters)
SELECT users.id, users.name, users.email, users.role, users.bio, users.created_at FROM users;

-- columns (0 parameters)
SELECT users.name, users.email FROM users;

-- one column, filtered, limited (2 parameters)
SELECT users.name FROM users WHERE users.id = $1 LIMIT $2;

-- inner join, order by, limit (3 parameters)
SELECT posts.id, posts.title, users.name FROM posts INNER JOIN users ON posts.author_id = users.id WHERE posts.published = $1 ORDER BY posts.created_at DESC, posts.id LIMIT $2 OFFSET $3;

-- left join: the outer side as one Option (0 parameters)
SELECT posts.slug, categories.id, categories.name FROM posts LEFT JOIN categories ON posts.category_id = categories.id;

-- a tuple of the outer side as one Option (0 parameters)
SELECT users.name, posts.id, posts.title FROM users LEFT JOIN posts ON posts.author_id = users.id;

-- right and full joins (0 parameters)
SELECT posts.id, users.id FROM posts RIGHT JOIN users ON posts.author_id = users.id FULL JOIN categories ON posts.category_id = categories.id;

-- cross join (0 parameters)
SELECT users.id, categories.id FROM users CROSS JOIN categories;

-- the same table twice, through an alias (0 parameters)
SELECT "commenter".name, users.name FROM comments INNER JOIN users AS "commenter" ON comments.author_id = "commenter".id INNER JOIN users ON comments.author_id = users.id;

