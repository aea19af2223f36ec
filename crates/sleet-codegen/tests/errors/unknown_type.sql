-- Expected error: type "mony" does not exist (column invoices.amount, line 5; statement starts on line 2).
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    issued_on date NOT NULL,
    amount mony NOT NULL
);
