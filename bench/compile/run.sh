#!/usr/bin/env bash
# The compile-time study: for synthetic schemas of 50, 200 and 1 000 tables
# (gen_schema.py) and the real lemmy-migrations.sql, generate sleet's module, put it in
# a crate with a handful of queries, and time `cargo check` / `cargo build` of that
# crate, clean (its own code only; dependencies are built once beforehand) and
# incremental (one query edited), with the peak RSS of the build. Usage:
#   bench/compile/run.sh            # appends to bench/results/compile-<date>-<commit>.md
#   CASES="50 lemmy" bench/compile/run.sh   # some cases only
# Diesel's side (print-schema of the same schemas) is not measured yet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
work="${WORK:-/tmp/sleet-compile}"
mkdir -p "$work" "$root/bench/results"
cargo build --release -q -p sleet-cli --manifest-path "$root/Cargo.toml"
sleet="$root/target/release/sleet"
export CARGO_TARGET_DIR="$work/target"
out="$root/bench/results/compile-$(date -u +%Y-%m-%d)-$(git -C "$root" rev-parse --short HEAD).md"
measure() { # label, command…: appends "seconds | peak MiB"
    /usr/bin/time -f "%e %M" -o "$work/time" "${@:2}" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    read -r secs kib <"$work/time"
    printf ' %s s | %s MiB |' "$secs" "$((kib / 1024))"
}
if [ ! -f "$out" ]; then
    echo "| schema | tables | generated lines | codegen | check clean | peak | check incr. | peak | build clean | peak | build incr. | peak |" >"$out"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >>"$out"
fi
for case in ${CASES:-50 200 1000 lemmy}; do
    dir="$work/$case"
    rm -rf "$dir" && mkdir -p "$dir/src"
    if [ "$case" = lemmy ]; then
        cp "$root/crates/sleet-codegen/tests/corpus/lemmy-migrations.sql" "$dir/schema.sql"
        table=person; other=comment
    else
        python3 "$here/gen_schema.py" "$case" >"$dir/schema.sql"
        table=t0002; other=t0001
    fi
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "sleet-compile-$case"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
sleet = { path = "$root/crates/sleet" }
TOML
    cat >"$dir/src/lib.rs" <<RS
#![allow(dead_code)]
#[path = "schema.rs"]
pub mod schema;
pub mod queries;
RS
    write_queries() { # a handful of queries on one table; \$1 varies the last one
        cat >"$dir/src/queries.rs" <<RS
use crate::schema::*;
use sleet::prelude::*;
use sleet::query::ToSql;
pub fn sql() -> Vec<String> {
    vec![
        from($table::table).filter($table::id.eq(1)).limit(1).to_sql().0,
        select(($table::id, count_star())).from($table::table).group_by($table::id).to_sql().0,
        from($other::table).order_by($other::id.desc()).limit(20).offset(40).to_sql().0,
        delete($table::table).filter($table::id.gt(10)).to_sql().0,
        select($table::id).from($table::table).filter($table::id.in_list([1, 2, $1])).to_sql().0,
    ]
}
RS
    }
    write_queries 3
    codegen=$( { /usr/bin/time -f "%e" "$sleet" generate --schema "$dir/schema.sql" --out-dir "$dir/src" >/dev/null; } 2>&1 | tail -1)
    lines=$(wc -l <"$dir/src/schema.rs")
    cargo check -q --manifest-path "$dir/Cargo.toml" # dependencies, once
    cargo build -q --manifest-path "$dir/Cargo.toml"
    row="| $case | $(grep -c 'CREATE TABLE' "$dir/schema.sql") | $lines | $codegen s |"
    for cmd in check build; do
        cargo clean -q -p "sleet-compile-$case" --manifest-path "$dir/Cargo.toml"
        row+=$(measure "$cmd clean" cargo "$cmd" -q --manifest-path "$dir/Cargo.toml")
        write_queries 4
        row+=$(measure "$cmd incremental" cargo "$cmd" -q --manifest-path "$dir/Cargo.toml")
        write_queries 3
    done
    echo "$row" | tee -a "$out"
done
