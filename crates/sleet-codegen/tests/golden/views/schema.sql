-- views: view column types from joins, casts, literals, aggregates,
-- coalesce, now(), CASE, scalar subqueries, LEFT JOIN nullability, explicit
-- column names, a materialized view, CREATE OR REPLACE VIEW, a view over a
-- view, and a column whose type comes from a user-defined SQL function.

CREATE TABLE authors (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    email text
);

CREATE TABLE books (
    id bigint PRIMARY KEY,
    author_id bigint REFERENCES authors (id),
    title text NOT NULL,
    price numeric(8, 2) NOT NULL,
    published_on date
);

CREATE FUNCTION slugify(input text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower(regexp_replace(input, '[^a-zA-Z0-9]+', '-', 'g')) $$;

CREATE VIEW book_listing AS
SELECT
    b.id,
    b.title,
    a.name AS author_name,
    b.price::text AS price_text,
    CAST(b.published_on AS timestamp) AS published_at,
    'book' AS kind,
    42 AS answer,
    coalesce(a.email, 'unknown') AS contact,
    now() AS generated_at,
    CASE WHEN b.price > 50 THEN 'premium' ELSE 'standard' END AS tier,
    (SELECT count(*) FROM books b2 WHERE b2.author_id = b.author_id) AS books_by_author,
    slugify(b.title) AS slug
FROM books b
JOIN authors a ON a.id = b.author_id;

-- Outer-side columns (books.*) become nullable.
CREATE VIEW author_books AS
SELECT a.id AS author_id, a.name, b.id AS book_id, b.title, b.price
FROM authors a
LEFT JOIN books b ON b.author_id = a.id;

-- Explicit column names override the select-list names.
CREATE VIEW author_stats (author_id, book_count, avg_price) AS
SELECT author_id, count(*), avg(price)
FROM books
GROUP BY author_id;

CREATE VIEW recent_books AS
SELECT id, title FROM books WHERE published_on > now() - interval '1 year';

-- Replacing a view may only append columns.
CREATE OR REPLACE VIEW recent_books AS
SELECT id, title, published_on FROM books WHERE published_on > now() - interval '1 year';

-- A view over a view.
CREATE VIEW premium_listing AS
SELECT id, title, author_name, slug
FROM book_listing
WHERE tier = 'premium';

CREATE MATERIALIZED VIEW author_revenue AS
SELECT a.id, a.name, sum(b.price) AS revenue, max(b.published_on) AS last_published
FROM authors a
JOIN books b ON b.author_id = a.id
GROUP BY a.id, a.name;
