//! Running statements: the executor on `tokio-postgres` (a client, a transaction, a
//! pooled client), a blocking façade that drives it (feature `blocking`), and the
//! executor on sqlx (feature `sqlx`), with the same methods named for how many rows you
//! expect — `all`, `one` (exactly one), `optional` (zero or one), `execute` (rows
//! affected). Nested reads, batches and replicas are written once against [`Runner`].
//!
//! On tokio-postgres, statements are prepared once per connection and cached by SQL text. With the cache
//! off (`without_statement_cache`), each statement is sent unnamed — Parse, Bind,
//! Execute and Sync in one round trip, parameter types declared by
//! [`SqlParam`](crate::SqlParam) — so nothing outlives it on the server: what a
//! transaction-mode pooler (PgBouncer before 1.21, or without
//! `max_prepared_statements`) needs.

pub mod batch;
#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(feature = "tokio-postgres")]
mod client;
pub mod replicas;
#[cfg(feature = "sqlx")]
pub mod sqlx;
#[cfg(feature = "tokio-postgres")]
mod tokio;

#[cfg(feature = "tokio-postgres")]
pub use self::client::{AsyncClient, Connection};
pub use self::replicas::{ReadYourWrites, Replicated, Session};
#[cfg(feature = "tokio-postgres")]
pub use self::tokio::Db;

use crate::error::{Error, Result};
use crate::params::Param;
#[cfg(feature = "tokio-postgres")]
use postgres_types::Type;
#[cfg(feature = "tokio-postgres")]
use std::collections::HashMap;
#[cfg(feature = "tokio-postgres")]
use std::sync::Mutex;

/// What runs rendered statements and decodes their rows: the `Db` of each driver.
/// Nested reads and batches are written once against it.
pub trait Runner: Sync {
    /// The driver's result row, as readers see it.
    type Row: crate::row::RowSource;
    /// Runs a query and decodes each row of at least `width` columns with `read`,
    /// returning the rows and the SQL that ran.
    fn decoded_with<'s, Q: crate::query::Render + Sync, T: Send + 's>(
        &'s self,
        query: &'s Q,
        width: usize,
        read: impl FnMut(&mut crate::row::RowReader<'_, Self::Row>) -> Result<T> + Send + 's,
    ) -> BoxFuture<'s, Result<(Vec<T>, String)>>;
    /// Runs a statement, returning the rows it affected.
    fn execute_statement<'s, Q: crate::query::Render + Sync>(&'s self, query: &'s Q) -> BoxFuture<'s, Result<u64>>;
}

/// A boxed future: what [`Runner`] returns (a returned `impl Future + Send` with these
/// lifetimes runs into rustc's issue #100013 in generic callers).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The span every statement runs in: `sleet.query` at DEBUG level, with the SQL (its
/// parameter values are never recorded), and the rows and microseconds it took once it
/// is done. Nothing is printed unless the application installs a subscriber.
pub(crate) fn query_span(sql: &str) -> tracing::Span {
    tracing::debug_span!(
        "sleet.query",
        db.system = "postgresql",
        db.statement = sql,
        rows = tracing::field::Empty,
        elapsed_us = tracing::field::Empty
    )
}

/// Records the outcome on the span.
pub(crate) fn record(span: &tracing::Span, rows: usize, started: std::time::Instant) {
    span.record("rows", rows);
    span.record("elapsed_us", u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
}

/// How a transaction runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransactionOptions {
    /// `ISOLATION LEVEL …` (the server's default when `None`).
    pub isolation: Option<IsolationLevel>,
    /// `READ ONLY`.
    pub read_only: bool,
    /// `DEFERRABLE` (with `SERIALIZABLE READ ONLY`).
    pub deferrable: bool,
}

impl TransactionOptions {
    /// `ISOLATION LEVEL level`.
    pub fn isolation(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }
    /// `READ ONLY`.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
    /// `DEFERRABLE`.
    pub fn deferrable(mut self) -> Self {
        self.deferrable = true;
        self
    }
}

/// Whether a failed transaction is tried again: a serialization failure or deadlock
/// (COMMIT itself can fail with one), while tries are left. Counts the try.
pub(crate) fn retry_after(error: &Error, tries: &mut u32, attempts: u32) -> bool {
    let again = error.is_serialization_failure() && *tries < attempts.max(1);
    *tries += u32::from(again);
    again
}

impl TransactionOptions {
    /// `SET TRANSACTION …` for the options, when any is set: for drivers that begin a
    /// transaction without them.
    #[cfg_attr(not(feature = "sqlx"), allow(dead_code))]
    pub(crate) fn set_transaction(&self) -> Option<String> {
        let mut modes = Vec::new();
        if let Some(level) = self.isolation {
            modes.push(match level {
                IsolationLevel::ReadCommitted => "ISOLATION LEVEL READ COMMITTED",
                IsolationLevel::RepeatableRead => "ISOLATION LEVEL REPEATABLE READ",
                IsolationLevel::Serializable => "ISOLATION LEVEL SERIALIZABLE",
            });
        }
        if self.read_only {
            modes.push("READ ONLY");
        }
        if self.deferrable {
            modes.push("DEFERRABLE");
        }
        (!modes.is_empty()).then(|| format!("SET TRANSACTION {}", modes.join(" ")))
    }
}

/// Transaction isolation levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsolationLevel {
    /// `READ COMMITTED` (PostgreSQL's default).
    ReadCommitted,
    /// `REPEATABLE READ`.
    RepeatableRead,
    /// `SERIALIZABLE`.
    Serializable,
}

#[cfg(feature = "tokio-postgres")]
impl From<IsolationLevel> for tokio_postgres::IsolationLevel {
    fn from(level: IsolationLevel) -> Self {
        match level {
            IsolationLevel::ReadCommitted => tokio_postgres::IsolationLevel::ReadCommitted,
            IsolationLevel::RepeatableRead => tokio_postgres::IsolationLevel::RepeatableRead,
            IsolationLevel::Serializable => tokio_postgres::IsolationLevel::Serializable,
        }
    }
}

/// Prepared statements of one connection, by SQL text.
#[cfg(feature = "tokio-postgres")]
#[derive(Debug)]
pub(crate) struct StatementCache<S> {
    statements: Mutex<HashMap<String, S>>,
}

#[cfg(feature = "tokio-postgres")]
impl<S> Default for StatementCache<S> {
    fn default() -> Self {
        Self { statements: Mutex::new(HashMap::new()) }
    }
}

#[cfg(feature = "tokio-postgres")]
impl<S: Clone> StatementCache<S> {
    pub(crate) fn get(&self, sql: &str) -> Option<S> {
        self.statements.lock().ok()?.get(sql).cloned()
    }

    pub(crate) fn insert(&self, sql: &str, statement: S) {
        if let Ok(mut map) = self.statements.lock() {
            map.insert(sql.to_string(), statement);
        }
    }
}

/// Renders a statement: its SQL text and parameters.
pub(crate) fn render<'q, Q: crate::query::Render>(
    query: &'q Q,
    schemas: &Option<std::sync::Arc<crate::query::SchemaMap>>,
) -> (String, Vec<Param<'q>>) {
    let mut out = crate::query::SqlWriter::with_schemas(schemas.clone());
    query.write_sql(&mut out);
    out.finish()
}

/// The parameters as the driver takes them.
#[cfg(feature = "tokio-postgres")]
pub(crate) fn param_refs<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn postgres_types::ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn postgres_types::ToSql + Sync)).collect()
}

/// The parameters with their declared types, for an unnamed statement.
#[cfg(feature = "tokio-postgres")]
pub(crate) fn typed_params<'a>(params: &'a [Param<'a>]) -> Vec<(&'a (dyn postgres_types::ToSql + Sync), Type)> {
    params.iter().map(|p| (p as &(dyn postgres_types::ToSql + Sync), p.param_type())).collect()
}

/// Exactly one row, or an error naming what came back.
pub(crate) fn exactly_one<T>(mut rows: Vec<T>, sql: &str) -> Result<T> {
    match rows.len() {
        1 => Ok(rows.remove(0)),
        n => Err(Error::RowCount { expected: "exactly one", actual: n, sql: sql.to_string() }),
    }
}

/// Zero or one row.
pub(crate) fn at_most_one<T>(mut rows: Vec<T>, sql: &str) -> Result<Option<T>> {
    match rows.len() {
        0 => Ok(None),
        1 => Ok(Some(rows.remove(0))),
        n => Err(Error::RowCount { expected: "at most one", actual: n, sql: sql.to_string() }),
    }
}
