-- enums: labels that are not Rust identifiers, ALTER TYPE ... ADD VALUE
-- (BEFORE/AFTER) and RENAME VALUE, array-of-enum column, nullable and
-- non-null enum columns, and an enum in a non-public schema.

CREATE TYPE task_status AS ENUM (
    'todo',
    'in-progress',
    'done!',
    '2fa',
    'UPPER',
    'with space',
    '',
    'ünïcode',
    'self',
    'type'
);

-- Appended at the end.
ALTER TYPE task_status ADD VALUE 'archived';
-- Positioned relative to existing labels.
ALTER TYPE task_status ADD VALUE 'blocked' BEFORE 'in-progress';
ALTER TYPE task_status ADD VALUE IF NOT EXISTS 'review' AFTER 'in-progress';
-- Renamed: 'todo' no longer exists, 'to do' takes its place.
ALTER TYPE task_status RENAME VALUE 'todo' TO 'to do';

CREATE TYPE priority AS ENUM ('low', 'medium', 'high');

CREATE SCHEMA billing;

CREATE TYPE billing.invoice_state AS ENUM ('draft', 'sent', 'paid', 'void');

CREATE TABLE tasks (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    status task_status NOT NULL DEFAULT 'to do',
    previous_status task_status,
    priority priority,
    labels task_status[] NOT NULL DEFAULT '{}',
    history task_status[]
);

CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    state billing.invoice_state NOT NULL DEFAULT 'draft',
    disputed_state billing.invoice_state,
    task_id bigint REFERENCES tasks (id)
);
