#!/usr/bin/env bash
# How long reading a live schema takes: `sleet pull` (connect, introspect, print,
# write) against `pg_dump --schema-only` on the same databases — synthetic schemas of
# 100, 300 and 1 000 tables (bench/compile/gen_schema.py) and northwind from the corpus.
# Each command runs RUNS times (default 7), alternating; the median is printed.
# Needs a server you can create databases on: DATABASE_URL, else the local one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-7}"
export PGOPTIONS="-c client_min_messages=warning"
admin="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base="${admin%/*}"
cargo build --release -q -p sleet-cli --manifest-path "$root/Cargo.toml"
sleet="$root/target/release/sleet"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }

printf '| schema | tables | sleet pull (s) | pg_dump --schema-only (s) | ratio |\n|---|---:|---:|---:|---:|\n'
for name in 100 300 1000 northwind; do
  db="sleet_introspect_$name"
  psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  if [ "$name" = northwind ]; then
    psql -X -q -v ON_ERROR_STOP=1 -d "$base/$db" -f "$root/crates/sleet-codegen/tests/corpus/northwind.sql" >/dev/null
  else
    python3 "$root/bench/compile/gen_schema.py" "$name" | psql -X -q -v ON_ERROR_STOP=1 -d "$base/$db" >/dev/null
  fi
  tables=$(psql -X -qtA -d "$base/$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
  : >"$tmp/pull"; : >"$tmp/dump"
  for _ in $(seq "$runs"); do
    seconds "$sleet" pull --database-url "$base/$db" --out "$tmp/schema.sql" >>"$tmp/pull"
    seconds pg_dump --schema-only -d "$base/$db" -f "$tmp/dump.sql" >>"$tmp/dump"
  done
  pull=$(median <"$tmp/pull"); dump=$(median <"$tmp/dump")
  printf '| %s | %s | %.3f | %.3f | %.2f |\n' "$name" "$tables" "$pull" "$dump" "$(echo "$pull / $dump" | bc -l)"
  psql -X -q "$admin" -c "DROP DATABASE $db"
done
