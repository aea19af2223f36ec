//! Real PostgreSQL for sleet's tests and its demo (unpublished).
//!
//! - [`server_url`]: `DATABASE_URL`, else the local server at [`FALLBACK_URL`], else a
//!   throwaway cluster this process starts with `initdb` and `pg_ctl` (stopped and
//!   removed when the process exits), else an error that says how to get PostgreSQL.
//! - [`FreshDatabase`]: a database of its own for each test, with a schema applied,
//!   dropped afterwards, so tests run in parallel and leave nothing behind.
//! - [`PgBouncer`]: a real transaction-mode pooler in front of the server.
//! - [`Cluster`]: a cluster of a test's own (TLS with the test's certificate).
//! - [`PipelineGate`]: a proxy that shows whether statements were pipelined.
//! - [`golden_cases`], [`corpus`], [`load_with_psql`]: the schemas the tests load, and
//!   loading one as a user would.

mod catalog_diff;
mod cluster;
mod database;
mod gate;
mod pgbouncer;
mod schemas;
mod server;

pub use catalog_diff::catalog_diff;
pub use cluster::{Cluster, ClusterFiles};
pub use database::FreshDatabase;
pub use gate::PipelineGate;
pub use pgbouncer::{find_pgbouncer, PgBouncer};
pub use schemas::{corpus, golden_cases, load_with_psql, psql, CORPUS_NOT_LOADABLE};
pub use server::{connect, redact, server_url, with_database, Unavailable, FALLBACK_URL};
