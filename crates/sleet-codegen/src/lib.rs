//! Generates typed Rust for the [`sleet`](https://docs.rs/sleet) runtime from a
//! PostgreSQL schema, with no database at build time.
pub mod catalog;
pub mod error;
pub mod frontend;
pub mod types;

pub use catalog::Catalog;
pub use error::{Error, Location, Result};
