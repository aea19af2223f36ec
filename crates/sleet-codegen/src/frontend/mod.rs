//! Front ends: each turns a source of schema truth into a [`Catalog`](sleet_catalog::Catalog).
//! Today that is SQL text (`schema.sql`, a `pg_dump`, a migrations directory); the
//! live-database front end lands beside it and must yield the same Catalog.

pub(crate) mod sql;
