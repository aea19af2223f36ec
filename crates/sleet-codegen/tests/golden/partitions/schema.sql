-- partitions: a range-partitioned table with PARTITION OF children
-- (FOR VALUES FROM ... TO ... and DEFAULT), a list-partitioned table, a
-- standalone table attached with ATTACH PARTITION, and hash partitions.

CREATE TABLE measurements (
    sensor_id int NOT NULL,
    recorded_at timestamptz NOT NULL,
    value double precision NOT NULL,
    note text,
    PRIMARY KEY (sensor_id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE measurements_2024 PARTITION OF measurements
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_default PARTITION OF measurements DEFAULT;

-- Created standalone with matching columns, then attached.
CREATE TABLE measurements_2023 (
    sensor_id int NOT NULL,
    recorded_at timestamptz NOT NULL,
    value double precision NOT NULL,
    note text,
    PRIMARY KEY (sensor_id, recorded_at)
);
ALTER TABLE measurements ATTACH PARTITION measurements_2023
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');

CREATE TABLE orders (
    id bigint NOT NULL,
    region text NOT NULL,
    total numeric(12, 2) NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY LIST (region);

CREATE TABLE orders_europe PARTITION OF orders FOR VALUES IN ('eu-west', 'eu-central');
CREATE TABLE orders_americas PARTITION OF orders FOR VALUES IN ('us-east', 'us-west', 'sa-east');
CREATE TABLE orders_other PARTITION OF orders DEFAULT;

CREATE TABLE sessions (
    id uuid NOT NULL,
    user_id bigint NOT NULL,
    data jsonb,
    PRIMARY KEY (id)
) PARTITION BY HASH (id);

CREATE TABLE sessions_p0 PARTITION OF sessions FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE sessions_p1 PARTITION OF sessions FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE sessions_p2 PARTITION OF sessions FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE sessions_p3 PARTITION OF sessions FOR VALUES WITH (MODULUS 4, REMAINDER 3);
