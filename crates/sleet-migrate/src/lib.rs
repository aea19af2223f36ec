//! Migrations for sleet. Today: the DDL printer, which turns a
//! [`Catalog`](sleet_catalog::Catalog) back into a `schema.sql` (what `sleet pull`
//! writes). The differ and the runner build on it.
//!
//! ```
//! let (catalog, _) = sleet_codegen::load_sources([(
//!     std::path::Path::new("schema.sql"),
//!     "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE);",
//! )])?;
//! let sql = sleet_migrate::print::schema_sql(&catalog, &Default::default());
//! assert!(sql.contains("CREATE TABLE users (\n    id int4 NOT NULL,"));
//! # Ok::<(), sleet_codegen::Error>(())
//! ```

pub mod annotations;
pub mod diff;
pub mod live;
pub mod print;
