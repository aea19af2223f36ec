#!/usr/bin/env python3
"""A synthetic PostgreSQL schema of N tables for the compile-time study: 10-30
columns each of mixed types and nullability, and 1-3 foreign keys per table to
earlier tables (none on the first). Deterministic for a given N.
Usage: gen_schema.py N > schema.sql"""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(n)
types = ["text", "integer", "bigint", "boolean", "timestamptz", "numeric(12,2)", "uuid", "jsonb", "varchar(80)", "date"]
for i in range(1, n + 1):
    cols = ["    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"]
    for c in range(rng.randint(10, 30)):
        null = "" if rng.random() < 0.4 else " NOT NULL"
        cols.append(f"    c{c:02}_{types[c % len(types)].split('(')[0]} {types[c % len(types)]}{null}")
    if i > 1:
        for k, target in enumerate(sorted(rng.sample(range(1, i), min(i - 1, rng.randint(1, 3))))):
            null = "" if k else " NOT NULL"
            cols.append(f"    ref{k}_t{target:04}_id bigint{null} REFERENCES t{target:04} (id)")
    print(f"CREATE TABLE t{i:04} (\n" + ",\n".join(cols) + "\n);\n")
