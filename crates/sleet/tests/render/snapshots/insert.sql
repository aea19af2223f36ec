-- one row: required columns, defaults left out (2 parameters)
INSERT INTO users (name, email) VALUES ($1, $2);

-- a default set, returning the row (3 parameters)
INSERT INTO users (name, email, role) VALUES ($1, $2, $3) RETURNING users.id, users.name, users.email, users.role, users.bio, users.created_at;

-- returning columns (2 parameters)
INSERT INTO users (name, email) VALUES ($1, $2) RETURNING users.id, users.name;

-- many rows setting the same columns: one array per column (1 parameter)
INSERT INTO tags (name) SELECT * FROM UNNEST($1::varchar[]);

-- many rows setting different columns: VALUES (5 parameters)
INSERT INTO users (name, email, role) VALUES ($1, $2, DEFAULT), ($3, $4, $5);

-- no rows: inserts none (0 parameters)
INSERT INTO tags SELECT WHERE false;

-- on conflict do nothing (1 parameter)
INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING;

-- upsert on a key, with a condition (3 parameters)
INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = excluded.name WHERE users.role <> $3 RETURNING users.id;

-- insert … select (0 parameters)
INSERT INTO tags (name) SELECT lower(users.name) FROM users RETURNING tags.id, tags.name;

-- overriding system value (3 parameters)
INSERT INTO users (id, name, email) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3);

