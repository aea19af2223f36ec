//! Real PostgreSQL for sleet's tests and its demo (unpublished).
//!
//! - [`server_url`]: `DATABASE_URL`, else the local server at [`FALLBACK_URL`], else a
//!   throwaway cluster this process starts with `initdb` and `pg_ctl` (stopped and
//!   removed when the process exits), else an error that says how to get PostgreSQL.
//! - [`FreshDatabase`]: a database of its own for each test, with a schema applied,
//!   dropped afterwards, so tests run in parallel and leave nothing behind.
//! - [`PgBouncer`]: a real transaction-mode pooler in front of the server.

mod database;
mod pgbouncer;
mod server;

pub use database::FreshDatabase;
pub use pgbouncer::{find_pgbouncer, PgBouncer};
pub use server::{connect, redact, server_url, with_database, Unavailable, FALLBACK_URL};
