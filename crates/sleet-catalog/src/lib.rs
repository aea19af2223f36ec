//! The Catalog: one plain-data model of a PostgreSQL schema, and the operations
//! PostgreSQL defines on it.
//!
//! Every front end produces a [`Catalog`] (the SQL front end from `schema.sql` or a
//! migrations folder, the live front end from `pg_catalog`) and every back end consumes
//! one (the emitter, the differ, the studio). It holds no parser, no driver and no
//! emitter, so each of those can depend on it and on nothing of each other.
//!
//! ```
//! use sleet_catalog::{Catalog, Column, QualifiedName, Table, TypeRef};
//!
//! let mut catalog = Catalog::new();
//! let mut users = Table::new("users");
//! users.columns.push(Column::new("id", TypeRef::builtin("int4")));
//! catalog.schema_mut("public")?.tables.insert("users".into(), users);
//!
//! // Operations follow PostgreSQL's rules: a rename is seen by every reference.
//! let (old, new) = (QualifiedName::new("public", "users"), QualifiedName::new("public", "members"));
//! catalog.move_relation(&old, &new)?;
//! catalog.rename_column(&new, "id", "member_id")?;
//! assert!(catalog.table(&new).unwrap().column("member_id").is_some());
//! # Ok::<(), sleet_catalog::Error>(())
//! ```
//!
//! - [`model`]: the data — schemas, tables, columns, constraints, views, user types.
//! - lookups on [`Catalog`]: [`Catalog::table`], [`Catalog::user_type`], … (`lookup.rs`).
//! - operations on [`Catalog`]: renames, moves, drops with dependents, partitions
//!   (`edit.rs`), refused with an [`Error`] in PostgreSQL's words.
//! - [`sql`]: names as SQL text, quoted where PostgreSQL needs it.

mod edit;
pub mod error;
mod lookup;
pub mod model;
pub mod sql;

pub use error::{Error, Result};
pub use model::*;
