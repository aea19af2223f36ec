//! Generates typed Rust for the [`sleet`](https://docs.rs/sleet) runtime from a
//! PostgreSQL schema — a `schema.sql`, a `pg_dump`, or a directory of migrations —
//! with no database at build time.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     sleet_codegen::Config::new()
//!         .schema("schema.sql")      // a file, or a directory of migrations
//!         .out_dir("generated")      // committed for review
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! The pipeline is `schema.sql → frontend::sql → Catalog → emit → generated/schema.rs`.
//! In check mode (`SLEET_CHECK=1`, as CI sets) a stale file is an error that names the
//! command to run, and nothing is written.

pub mod catalog;
mod config;
pub mod emit;
pub mod error;
pub mod frontend;
pub mod relations;
pub mod types;

pub use catalog::Catalog;
pub use config::{Config, DomainMapping, Generated};
pub use error::{Error, Location, Result};
pub use types::TimeCrate;
