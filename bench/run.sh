#!/usr/bin/env bash
# Runs the peer benchmarks (diesel_bench's PostgreSQL workloads for sleet, the raw
# drivers, Diesel, diesel-async, sqlx and SeaORM) in one Criterion run, keeps the raw
# output, and prints the medians with ratios to hand-written tokio-postgres.
# Needs PostgreSQL: DATABASE_URL, else 127.0.0.1:5432, else initdb/pg_ctl on PATH
# (a throwaway cluster); Diesel needs libpq (Debian: libpq-dev). The run creates its
# own database and drops it.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
stamp="$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD)"
cargo bench --bench diesel_bench -- "$@" 2>&1 | tee "results/diesel_bench-$stamp.txt"
python3 summarize.py | tee "results/diesel_bench-$stamp.md"
