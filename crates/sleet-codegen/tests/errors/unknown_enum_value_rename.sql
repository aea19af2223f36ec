-- Expected error: "archived" is not an existing enum label (RENAME VALUE, line 4).
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');

ALTER TYPE order_status RENAME VALUE 'archived' TO 'closed';
