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
//! The pipeline is `schema.sql → SQL front end → Catalog → emitter → generated/schema.rs`.
//! In check mode (`SLEET_CHECK=1`, as CI sets) a stale file is an error that names the
//! command to run, and nothing is written.
//!
//! The public surface is [`Config`] (the `build.rs` API), the [`Report`] of a run, the
//! [`Error`], and the SQL front end's entry points: [`load`] and [`load_sources`], which
//! read SQL into a [`Catalog`](sleet_catalog::Catalog) for tools that are not the emitter
//! (the CLI, the differ), and [`infer_view`], which the live front end uses for what the
//! server does not record about a view. Everything else is private.

mod config;
mod emit;
mod error;
mod frontend;
mod ident;
pub mod migrations;
mod relations;
mod report;
mod sql_names;
mod types;
mod validation;

pub use config::{Config, DomainMapping, Generated};
pub use error::{Error, Location, Result};
pub use frontend::sql::{infer_view, load, load_sources};
pub use report::{Note, RawValueReason, Report, Skipped};
pub use types::TimeCrate;
