#!/usr/bin/env bash
# Runs the peer benchmarks (diesel_bench's PostgreSQL workloads for sleet, the raw
# drivers, Diesel, diesel-async, sqlx and SeaORM) in one Criterion run, keeps the raw
# output, and prints the medians with ratios to hand-written tokio-postgres; then times
# the same entries interleaved (benches/paired.rs) on both tokio runtimes.
# Needs PostgreSQL: DATABASE_URL, else 127.0.0.1:5432, else initdb/pg_ctl on PATH
# (a throwaway cluster); Diesel needs libpq (Debian: libpq-dev). The run creates its
# own database and drops it.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
stamp="$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD)"
# sqlx's `query!` entries check their SQL against a database while compiling: give them
# one holding schema.sql on the same server, and drop it afterwards.
server="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
macros_db="${server%/*}/sleet_bench_sqlx_macros"
features=() url="${DATABASE_URL:-}"
if psql -q "$server" -c "DROP DATABASE IF EXISTS sleet_bench_sqlx_macros" -c "CREATE DATABASE sleet_bench_sqlx_macros" 2>/dev/null &&
    psql -q -v ON_ERROR_STOP=1 "$macros_db" -f schema.sql >/dev/null; then
    features=(--features sqlx_macros) url="$macros_db"
    trap 'psql -q "$server" -c "DROP DATABASE IF EXISTS sleet_bench_sqlx_macros"' EXIT
else
    echo "no server for psql at $server: the sqlx query! entries are left out" >&2
fi
env ${url:+DATABASE_URL="$url"} cargo bench "${features[@]}" --bench diesel_bench -- "$@" 2>&1 |
    tee "results/diesel_bench-$stamp.txt"
python3 summarize.py | tee "results/diesel_bench-$stamp.md"
# The same entries interleaved (benches/paired.rs), on the runtimes diesel_bench gives
# them, then with every async entry on a current-thread runtime.
for runtime in multi_thread current_thread; do
    env ${url:+DATABASE_URL="$url"} BENCH_RUNTIME=$runtime cargo bench "${features[@]}" --bench paired -- "$@" |
        tee "results/paired-$runtime-$stamp.md"
done
