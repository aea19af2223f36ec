-- domains: domains over text, integer and numeric(10,2) with CHECKs, a domain
-- over another domain, a NOT NULL domain, domain-typed columns (nullable and
-- not) and an array of a domain.

CREATE DOMAIN email AS text
    CHECK (VALUE ~ '^[^@\s]+@[^@\s]+$');

CREATE DOMAIN positive_int AS integer
    CONSTRAINT positive_int_check CHECK (VALUE > 0);

CREATE DOMAIN money_amount AS numeric(10, 2)
    CHECK (VALUE >= 0);

-- A domain over another domain: inherits text + the email check.
CREATE DOMAIN work_email AS email
    CHECK (VALUE LIKE '%@example.com');

-- A domain that forbids NULL on its own.
CREATE DOMAIN slug AS varchar(64) NOT NULL
    CHECK (VALUE ~ '^[a-z0-9-]+$');

CREATE DOMAIN percentage AS smallint DEFAULT 0
    CHECK (VALUE BETWEEN 0 AND 100);

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    handle slug,
    primary_email email NOT NULL,
    backup_email email,
    work_email work_email,
    age positive_int,
    seats positive_int NOT NULL DEFAULT 1,
    credit_limit money_amount NOT NULL,
    balance money_amount,
    discount percentage,
    alt_emails email[] NOT NULL DEFAULT '{}',
    tags slug[]
);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    total money_amount NOT NULL,
    quantity positive_int NOT NULL,
    coupon_code slug
);
