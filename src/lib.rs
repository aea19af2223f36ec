//! The blog demo as a library: the generated schema, a way to reach PostgreSQL (the
//! same one the tests use), and the seed data. `src/main.rs` is the tour.

#[rustfmt::skip]
#[path = "../generated/schema.rs"]
pub mod schema;

pub mod database;
pub mod seed;

/// The demo's schema, applied to each fresh database.
pub const SCHEMA_SQL: &str = include_str!("../schema.sql");
