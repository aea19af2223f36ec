#!/usr/bin/env bash
# Where rustc spends `cargo check` of sleet's generated code: generates the module for
# a synthetic schema of N tables (default 200), checks it once non-incrementally with
# rustc's self-profiler on (RUSTC_BOOTSTRAP=1 unlocks -Z flags on stable), and prints
# self time by query and kind of generated item (self-profile/, a measureme reader).
# Usage: bench/compile/profile.sh [tables] [rows to print]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
tables=${1:-200}
work="${WORK:-/tmp/sleet-profile}/$tables"
rm -rf "$work" && mkdir -p "$work/crate/src" "$work/profile"
cargo build --release -q -p sleet-cli --manifest-path "$root/Cargo.toml"
cargo build --release -q --manifest-path "$here/self-profile/Cargo.toml"
python3 "$here/gen_schema.py" "$tables" >"$work/schema.sql"
cat >"$work/crate/Cargo.toml" <<TOML
[package]
name = "profiled"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
sleet = { path = "$root/crates/sleet" }
TOML
printf '#![allow(dead_code)]\npub mod schema;\n' >"$work/crate/src/lib.rs"
"$root/target/release/sleet" generate --schema "$work/schema.sql" --out-dir "$work/crate/src" >/dev/null
export CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1
# Builds the dependencies first; the -Z flags reach the generated crate's rustc only.
cargo rustc -q --profile check --manifest-path "$work/crate/Cargo.toml" -- \
    -Zself-profile="$work/profile" -Zself-profile-events=default,args
"$here/self-profile/target/release/self-profile" "$(ls "$work"/profile/*.mm_profdata)" "${2:-40}"
