//! The blog demo as a library: the generated schema and the seed data. `src/main.rs`
//! is the tour; it reaches PostgreSQL as the tests do (`sleet-test-support`).

#[rustfmt::skip]
#[path = "../generated/schema.rs"]
pub mod schema;

pub mod seed;

/// The migrations folder, embedded by build.rs (`[migrations] embed = true` in sleet.toml).
#[rustfmt::skip]
#[path = "../generated/migrations.rs"]
pub mod migrations;

/// The demo's schema, applied to each fresh database.
pub const SCHEMA_SQL: &str = include_str!("../schema.sql");
