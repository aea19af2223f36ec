#!/usr/bin/env bash
# The compile-time study. For synthetic schemas of 50, 200 and 1 000 tables
# (gen_schema.py) and the real lemmy-migrations.sql:
#   - sleet: generate the module from schema.sql;
#   - Diesel: load schema.sql into a scratch PostgreSQL database and run
#     `diesel print-schema` (diesel_cli 2.3) twice: with its default
#     `allow_tables_to_appear_in_same_query!` over every table (`all_tables`; the
#     `fk_related_tables` grouping gives the same output on these connected schemas) and
#     with none (`none`: cheaper, but joins then need hand-written pairs);
#   - sleet-split: sleet's module in a crate of its own, the queries in another that
#     depends on it (the layout we recommend for large schemas: editing a query does
#     not re-check the schema);
# then put each module in a crate with the same five queries and time `cargo check` and
# `cargo build` (debug) of that crate, clean (its own code only; dependencies are built
# once beforehand) and incremental (one query edited), with the peak RSS of the build.
# A build over MEM_CAP_GIB of RSS or TIME_CAP seconds is stopped and reported as such.
# Usage:
#   bench/compile/run.sh                        # everything, ~2 h on 2 cores
#   CASES="50 lemmy" PEERS="sleet" MEASURE="check" REPEAT=3 bench/compile/run.sh
# REPEAT (default 1) runs each clean build that many times and reports the median time,
# the range and the highest peak (wall-clock time on a shared VM varies by tens of
# percent between runs of the same build); the incremental build runs once.
# Appends to bench/results/compile-<date>-<commit>.md; plot.py draws it.
# Needs: diesel_cli (cargo install diesel_cli --no-default-features --features postgres),
# psql, and a PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
work="${WORK:-/tmp/sleet-compile}"
server="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
mem_cap_kib=$(( ${MEM_CAP_GIB:-20} * 1024 * 1024 ))
time_cap=${TIME_CAP:-1800}
mkdir -p "$work" "$root/bench/results"
if [[ " ${PEERS:-diesel} " == *" diesel"* ]]; then
    for tool in diesel psql; do
        command -v "$tool" >/dev/null || {
            echo "run.sh: \`$tool\` is not on PATH; the Diesel side needs diesel_cli" \
                "(cargo install diesel_cli --no-default-features --features postgres) and psql," \
                "or leave it out with PEERS=\"sleet sleet-split\"" >&2
            exit 1
        }
    done
    psql -q "$server" -c "SELECT 1" >/dev/null ||
        { echo "run.sh: no PostgreSQL answers at $server (set DATABASE_URL)" >&2; exit 1; }
fi
cargo build --release -q -p sleet-cli --manifest-path "$root/Cargo.toml"
sleet="$root/target/release/sleet"
export CARGO_TARGET_DIR="$work/target"
out="$root/bench/results/compile-$(date -u +%Y-%m-%d)-$(git -C "$root" rev-parse --short HEAD).md"

# Runs "$@" in its own session, polling the session's total RSS; prints "seconds
# peak-MiB", or "stopped <cap> seconds peak-MiB" and returns 1 when a cap stopped it.
# Exits 2 when the build failed.
measure() {
    setsid /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" &
    local pid=$! start=$SECONDS stopped="" peak=0 kib
    while kill -0 "$pid" 2>/dev/null; do
        kib=$(ps -o rss= -s "$pid" | awk '{ s += $1 } END { print s + 0 }')
        (( kib > peak )) && peak=$kib
        if (( kib > mem_cap_kib )); then stopped="over_${MEM_CAP_GIB:-20}_GiB"; fi
        if (( SECONDS - start > time_cap )); then stopped="over_${time_cap}_s"; fi
        if [ -n "$stopped" ]; then kill -- -"$pid" 2>/dev/null || true; wait "$pid" || true; break; fi
        sleep 0.5
    done
    if [ -n "$stopped" ]; then
        echo "stopped $stopped $((SECONDS - start)) $((peak / 1024))"
        return 1
    fi
    wait "$pid" || { cat "$work/err" >&2; exit 2; }
    local secs
    read -r secs kib <"$work/time"
    echo "$secs $((kib / 1024))"
}

# Formats one measurement's runs (measure's output lines, on stdin) as the two cells
# " time | peak |": the median time, with the range when there were several runs, and
# the highest peak; or the cap that stopped a run.
cells() {
    local runs stop cap secs mib
    runs=$(cat)
    stop=$(grep -m1 '^stopped' <<<"$runs" || true)
    if [ -n "$stop" ]; then
        read -r _ cap secs mib <<<"$stop"
        printf ' stopped %s (%s s) | %s MiB |' "${cap//_/ }" "$secs" "$mib"
        return
    fi
    sort -n <<<"$runs" | awk '{ t[NR] = $1; if ($2 > peak) peak = $2 }
        END {
            median = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            range = NR > 1 ? sprintf(" (%s–%s, %d runs)", t[1], t[NR], NR) : ""
            printf " %.2f s%s | %d MiB |", median, range, peak
        }'
}

if [ ! -f "$out" ]; then
    echo "| generator | schema | tables | generated lines | codegen | check clean | peak | check incr. | peak | build clean | peak | build incr. | peak |" >"$out"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >>"$out"
fi

# The crate around a generated module; $1 = dir, $2 = dependency line.
write_crate() {
    mkdir -p "$1/src"
    cat >"$1/Cargo.toml" <<TOML
[package]
name = "compile-$(basename "$1")"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
$2
TOML
    # Diesel needs the recursion limit raised for its macros over hundreds of tables.
    cat >"$1/src/lib.rs" <<RS
#![recursion_limit = "4096"]
#![allow(dead_code)]
#[path = "schema.rs"]
pub mod schema;
pub mod queries;
RS
}

# Five queries on two tables, written the crate's way; \$4 varies the last one.
write_queries() { # dir, peer, table, other, n
    local t=$3 o=$4 n=$5
    if [ "${2%-split}" = sleet ]; then
        cat >"$1/src/queries.rs" <<RS
use crate::schema::*;
use sleet::prelude::*;
use sleet::query::ToSql;
pub fn sql() -> Vec<String> {
    vec![
        from($t::table).filter($t::id.eq(1)).limit(1).to_sql().0,
        select(($t::id, count_star())).from($t::table).group_by($t::id).to_sql().0,
        from($o::table).order_by($o::id.desc()).limit(20).offset(40).to_sql().0,
        delete($t::table).filter($t::id.gt(10)).to_sql().0,
        select($t::id).from($t::table).filter($t::id.in_list([1, 2, $n])).to_sql().0,
    ]
}
RS
    else
        cat >"$1/src/queries.rs" <<RS
use crate::schema::*;
use diesel::dsl::count_star;
use diesel::pg::Pg;
use diesel::prelude::*;
pub fn sql() -> Vec<String> {
    vec![
        diesel::debug_query::<Pg, _>(&$t::table.filter($t::id.eq(1)).limit(1)).to_string(),
        diesel::debug_query::<Pg, _>(&$t::table.group_by($t::id).select(($t::id, count_star()))).to_string(),
        diesel::debug_query::<Pg, _>(&$o::table.order($o::id.desc()).limit(20).offset(40)).to_string(),
        diesel::debug_query::<Pg, _>(&diesel::delete($t::table.filter($t::id.gt(10)))).to_string(),
        diesel::debug_query::<Pg, _>(&$t::table.select($t::id).filter($t::id.eq_any([1, 2, $n]))).to_string(),
    ]
}
RS
    fi
}

# Times one crate; appends its row. $1 = dir, $2 = peer, $3 = schema case, $4 = tables,
# $5 = codegen seconds, $6/$7 = the queried tables, $8 = the generated file.
time_crate() {
    local dir=$1 schema=$8 lines row stopped="" packages=(-p "compile-$(basename "$1")")
    [ "$schema" = "$dir/src/schema.rs" ] || packages+=(-p generated-schema)
    lines=$(wc -l <"$schema")
    # Dependencies first, outside the measurement: build them around an empty module.
    mv "$schema" "$dir/schema.rs.full"
    : >"$schema"
    echo "pub fn sql() {}" >"$dir/src/queries.rs"
    for cmd in ${MEASURE:-check build}; do cargo "$cmd" -q --manifest-path "$dir/Cargo.toml"; done
    mv "$dir/schema.rs.full" "$schema"
    write_queries "$dir" "$2" "$6" "$7" 3
    row="| $2 | $3 | $4 | $lines | $5 s |"
    # The check columns come first: a build-only run leaves them empty.
    [ "${MEASURE:-check build}" = build ] && row+=" – | – | – | – |"
    for cmd in ${MEASURE:-check build}; do
        if [ -n "$stopped" ]; then row+=" – | – | – | – |"; continue; fi
        # REPEAT clean runs; the incremental run (one query edited) follows the first.
        : >"$work/clean"
        : >"$work/incr"
        for round in $(seq "${REPEAT:-1}"); do
            cargo clean -q "${packages[@]}" --manifest-path "$dir/Cargo.toml"
            measure cargo "$cmd" -q --manifest-path "$dir/Cargo.toml" >>"$work/clean" || { stopped=1; break; }
            [ "$round" = 1 ] || continue
            write_queries "$dir" "$2" "$6" "$7" 4
            measure cargo "$cmd" -q --manifest-path "$dir/Cargo.toml" >>"$work/incr" || { stopped=1; break; }
            write_queries "$dir" "$2" "$6" "$7" 3
        done
        row+=$(cells <"$work/clean")
        if [ -s "$work/incr" ]; then row+=$(cells <"$work/incr"); else row+=" – | – |"; fi
    done
    [ "${MEASURE:-check build}" = check ] && row+=" – | – | – | – |"
    echo "$row" | tee -a "$out"
}

for case in ${CASES:-50 200 lemmy 1000}; do
    dir="$work/$case"
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$case" = lemmy ]; then
        # lemmy targets PostgreSQL 16+, which allows a subquery in FROM without an
        # alias; give its four such subqueries one so that PostgreSQL 15 loads them.
        sed -z 's/)\nGROUP BY\n/) AS pg15_alias\nGROUP BY\n/g' \
            "$root/crates/sleet-codegen/tests/corpus/lemmy-migrations.sql" >"$dir/schema.sql"
        table=person other=comment
    else
        python3 "$here/gen_schema.py" "$case" >"$dir/schema.sql"
        table=t0002 other=t0001
    fi
    for peer in ${PEERS:-sleet sleet-split diesel-all_tables diesel-none}; do
        crate="$dir/$peer" schema="$dir/$peer/src/schema.rs"
        case $peer in
        sleet)
            write_crate "$crate" "sleet = { path = \"$root/crates/sleet\" }"
            codegen=$({ /usr/bin/time -f "%e" "$sleet" generate --schema "$dir/schema.sql" --out-dir "$crate/src" >/dev/null; } 2>&1 | tail -1)
            ;;
        sleet-split)
            write_crate "$crate" "generated-schema = { path = \"schema\" }
sleet = { path = \"$root/crates/sleet\" }"
            printf '#![allow(dead_code)]\npub use generated_schema as schema;\npub mod queries;\n' >"$crate/src/lib.rs"
            mkdir -p "$crate/schema/src"
            cat >"$crate/schema/Cargo.toml" <<TOML
[package]
name = "generated-schema"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
sleet = { path = "$root/crates/sleet" }
TOML
            codegen=$({ /usr/bin/time -f "%e" "$sleet" generate --schema "$dir/schema.sql" --out-dir "$crate/schema/src" >/dev/null; } 2>&1 | tail -1)
            schema="$crate/schema/src/lib.rs"
            mv "$crate/schema/src/schema.rs" "$schema"
            ;;
        diesel-*)
            write_crate "$crate" 'diesel = { version = "2.3", default-features = false, features = ["postgres_backend", "64-column-tables"] }'
            db="sleet_compile_$case"
            psql -q "$server" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
            psql -q "${server%/*}/$db" -f "$dir/schema.sql" >/dev/null 2>&1 || true
            codegen=$({ /usr/bin/time -f "%e" diesel print-schema --database-url "${server%/*}/$db" \
                --allow-tables-to-appear-in-same-query-config "${peer#diesel-}" >"$crate/src/schema.rs"; } 2>&1 | tail -1)
            psql -q "$server" -c "DROP DATABASE $db"
            ;;
        esac
        tables=$(grep -cE 'impl sl::Table for table|^diesel::table! \{' "$schema")
        time_crate "$crate" "$peer" "$case" "$tables" "$codegen" "$table" "$other" "$schema"
    done
done
