//! A thin, typed, SQL-shaped query builder for PostgreSQL, driven by code that
//! [`sleet-codegen`](https://docs.rs/sleet-codegen) generates from your `schema.sql`.
//!
//! ```toml
//! [dependencies]
//! sleet = { version = "0.1", features = ["tokio-postgres"] }
//! [build-dependencies]
//! sleet-codegen = "0.1"
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     sleet_codegen::Config::from_file("sleet.toml")?.generate()?;
//!     Ok(())
//! }
//! ```
//!
//! The generated `generated/schema.rs` holds one module per table (`users::table`,
//! `users::email`, …), a row struct (`User`), an insert struct (`NewUser`) and a patch
//! struct (`UserPatch`), and Rust enums for SQL enums. This crate turns them into SQL
//! and runs it over the driver you already use.
//!
//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `tokio-postgres` | no | the async executor on `tokio-postgres` |
//! | `deadpool-postgres` | no | pooled clients of `deadpool-postgres` as executors (`Db::new(pool.get().await?)`) |
//! | `sqlx` | no | the executor on sqlx, `exec::sqlx::Db`, over a `PgPool`, a `PgConnection` or a `sqlx::Transaction` (the application picks sqlx's runtime and TLS) |
//! | `blocking` | no | the blocking executor: the async one on a runtime of its own, as `postgres` wraps `tokio-postgres` (implies `tokio-postgres`) |
//! | `migrate` | no | the migration runner, [`migrate::Migrator`] (implies `tokio-postgres`) |
//! | `chrono` | yes | date and time columns as `chrono` types |
//! | `time` | no | date and time columns as `time` types (with the generator's `TimeCrate::Time`) |
//! | `uuid` | yes | `uuid` columns as `uuid::Uuid` |
//! | `rust_decimal` | yes | `numeric` columns as `rust_decimal::Decimal` |
//! | `serde_json` | yes | `json`/`jsonb` columns as `serde_json::Value` |
//! | `eui48` | no | `macaddr` columns as `eui48::MacAddress` |
//! | `serde` | no | `Deserialize` for [`Field`] (absent stays unset, `null` sets NULL) and `serde` for the column types: what `serde = true` in sleet.toml derives with |
//! | `validate` | no | [`Validate`] and [`ValidationErrors`]: schema-derived validation (`validate = true` in sleet.toml; implies `serde`) |
//!
//! The type crates are re-exported under [`types`] (`sleet::types::chrono::DateTime`,
//! `sleet::types::uuid::Uuid`, …), so generated code compiles in a crate whose only
//! dependencies are `sleet` and `sleet-codegen`, and a crate names the same types.
//!
//! # What is here
//!
//! - **Queries**: the builders ([`select`], [`from`], [`insert`], [`update`],
//!   [`delete`], [`raw`], …; all in [`prelude`]), the executors ([`Db`] and
//!   `exec::blocking::Db`), nested reads ([`load`]), batches in one round trip
//!   (`exec::batch`), JSON paths ([`query::json`]), bulk updates
//!   ([`query::UpdateRows`]), tenants' schemas (`Db::in_schema`), [`Error`] and
//!   [`Result`], and [`decode_rows`] for rows fetched by hand.
//! - **Column types**: [`types`] (`Field`, `Interval`, `Money`, `Range`, `Inet`,
//!   `RawValue`, the re-exported type crates). A type of your own given to a column
//!   with the generator's `type_override` / `column_type` implements [`FromColumn`]
//!   and [`SqlParam`] (one line each).
//! - **Traits generated code implements** ([`Table`], [`Column`], [`FromRow`],
//!   [`Insertable`], [`Changeset`], [`Relation`], …) and the [`plumbing`] their
//!   methods take: what a hand-written table or row type needs, and nothing more.

mod error;
#[cfg(any(feature = "tokio-postgres", feature = "sqlx"))]
pub mod exec;
pub mod load;
#[cfg(feature = "migrate")]
pub mod migrate;
mod params;
pub mod query;
mod row;
mod schema;
pub mod types;
#[cfg(feature = "validate")]
pub mod validate;

pub use error::{BoxError, DriverError, Error, Result};
pub use params::SqlParam;
pub use row::{decode_rows, FromColumn};
pub use schema::{
    Cardinality, Changeset, Column, FromRow, Insertable, Many, NullableRow, One, Relation, Table, Through, Writable,
    WritableTable, ZeroOrOne,
};
pub use types::Field;
#[cfg(feature = "validate")]
pub use validate::{Validate, ValidationErrors, Violation};

#[cfg(feature = "tokio-postgres")]
pub use exec::Db;
pub use query::{alias, count_rows, delete, excluded, from, insert, raw, select, update};

/// What the traits' methods take, for a hand-written table, row or parameter type:
/// generated code uses the same through `__private`.
pub mod plumbing {
    pub use crate::params::{unspecified, AssignmentsWriter, Param, ValueRef, ValuesWriter};
    pub use crate::row::{decode, RowReader, RowSource};
}

/// The type crates generated code maps to, behind their features; public as
/// [`types`]`::chrono` and so on.
mod type_crates {
    #[cfg(feature = "chrono")]
    pub use chrono;
    #[cfg(feature = "eui48")]
    pub use eui48;
    #[cfg(feature = "rust_decimal")]
    pub use rust_decimal;
    #[cfg(feature = "serde_json")]
    pub use serde_json;
    #[cfg(feature = "time")]
    pub use time;
    #[cfg(feature = "uuid")]
    pub use uuid;
}

/// What most code needs: `use sleet::prelude::*;`.
pub mod prelude {
    pub use crate::load::LoadRelation as _;
    pub use crate::query::functions::{avg, count, count_distinct, count_star, lower, max, min, sum, upper};
    #[cfg(feature = "serde_json")]
    pub use crate::query::json::JsonExt as _;
    pub use crate::query::{
        count_related, count_rows, delete, excluded, exists, from, has, insert, maybe, not_exists, raw, select, update,
        AsCte as _, AsDerived as _, ExpressionExt, Render as _, SetOperations, TableExt, TupleExt,
    };
    pub use crate::schema::{Column, FromRow, Table};
    pub use crate::types::Field;
}

/// Implements [`FromColumn`] (and so `FromRow`) for a generated one-column type.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_from_row_scalar {
    ($ty:ty) => {
        impl $crate::__private::FromColumn for $ty {}
    };
}
/// What generated code uses, and nothing else may: its contents follow the generator,
/// not semver.
#[doc(hidden)]
pub mod __private {
    pub use crate::error::{BoxError, Result};
    pub use crate::load::{KeyPart, Loadable};
    pub use crate::params::{unspecified, AssignmentsWriter, SqlParam, ValuesWriter};
    pub use crate::query::json::{Json, JsonExpression, Jsonb};
    pub use crate::query::{AsExpr, Bind};
    pub use crate::row::{FromColumn, RowReader, RowSource};
    pub use crate::schema::{
        Changeset, Column, FromRow, Insertable, Many, NullableRow, One, Relation, Table, Through, Writable,
        WritableTable, ZeroOrOne,
    };
    #[allow(unused_imports)] // empty when no type crate feature is on
    pub use crate::type_crates::*;
    pub use crate::types::composite::{composite_accepts, composite_from_sql, composite_param_type, composite_to_sql};
    pub use crate::types::domain::domain_accepts;
    pub use crate::types::enums::{enum_accepts, enum_from_sql, enum_param_type, enum_to_sql};
    pub use crate::types::{
        strip_domains, CompositeReader, CompositeWriter, Field, Inet, Interval, Money, Range, RawValue, SqlComposite,
        SqlDomain, SqlEnum,
    };
    #[cfg(feature = "validate")]
    pub use crate::validate::{check as v, Code, Limit, TableConstraints, Validate, ValidationErrors, Violation};
    pub use crate::{impl_as_expr, impl_from_row_scalar, impl_sql_composite, impl_sql_domain, impl_sql_enum};
    pub use bytes::BytesMut;
    pub use postgres_types::{to_sql_checked, FromSql, IsNull, Kind, ToSql, Type};
    #[cfg(feature = "serde")]
    pub use serde;
}
