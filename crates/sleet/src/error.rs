//! The runtime's error type: database errors with their SQLSTATE and constraint,
//! decoding errors that name the column and both types, and row-count surprises.

use std::fmt;

/// A boxed error, as `ToSql`/`FromSql` report them.
pub type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// Everything a query can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database refused the statement (or the connection failed).
    #[error("{message}\n  in: {sql}")]
    Database {
        /// The driver's error, with SQLSTATE, constraint, table and column.
        #[source]
        source: DriverError,
        /// The database's message.
        message: String,
        /// The SQL that failed (never its parameter values).
        sql: String,
    },
    /// A column's value could not be decoded into the Rust type asked for.
    #[error("cannot decode column `{column}` (SQL type {sql_type}) as {rust_type}: {source}")]
    Decode {
        /// The column's name in the result.
        column: String,
        /// Its SQL type.
        sql_type: String,
        /// The Rust type asked for.
        rust_type: &'static str,
        /// What went wrong.
        source: BoxError,
    },
    /// The query returned a different number of rows than asked for (`one`, `optional`).
    #[error("expected {expected} row(s), got {actual}\n  in: {sql}")]
    RowCount {
        /// What the call expected: `exactly one` or `at most one`.
        expected: &'static str,
        /// How many came back (or more than one).
        actual: usize,
        /// The SQL.
        sql: String,
    },
    /// The result has fewer columns than the Rust type decodes.
    #[error("the query returns {actual} columns but {rust_type} decodes {expected}")]
    ColumnCount {
        /// Columns the Rust type reads.
        expected: usize,
        /// Columns in the result.
        actual: usize,
        /// The Rust type.
        rust_type: &'static str,
    },
    /// A transaction closure asked to roll back, or a retry budget ran out.
    #[error("{0}")]
    Transaction(String),
    /// A read replica could not be reached, and reads were not to fall back to the
    /// primary.
    #[error(
        "read replica {replica} of {count} cannot be reached: {source}\n  (reads fail rather than go to the \
         primary: `fail_when_replica_down()` is set)"
    )]
    ReplicaUnavailable {
        /// Which replica, counted from 1 in the order given to `with_replicas`.
        replica: usize,
        /// How many replicas there are.
        count: usize,
        /// The error the read failed with.
        source: Box<Error>,
    },
    /// A call that cannot work as made: the message says why and what to do instead.
    #[error("{0}")]
    Usage(String),
    /// The blocking executor could not connect (or start the runtime it drives the
    /// connection with).
    #[error("cannot connect to {target}: {source}")]
    Connect {
        /// Where, with any password hidden.
        target: String,
        /// Why.
        #[source]
        source: DriverError,
    },
}

/// The driver-level error behind [`Error::Database`].
#[derive(Debug)]
pub struct DriverError(pub(crate) BoxError);

impl fmt::Display for DriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DriverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl Error {
    /// The server's error behind a statement that failed on sqlx.
    #[cfg(feature = "sqlx")]
    fn sqlx_error(&self) -> Option<&sqlx::postgres::PgDatabaseError> {
        match self {
            Error::Database { source, .. } => {
                source.0.downcast_ref::<sqlx::Error>()?.as_database_error()?.try_downcast_ref()
            }
            _ => None,
        }
    }

    /// A statement that failed on sqlx: the server's message (without its DETAIL, as
    /// for tokio-postgres), or what went wrong on the way.
    #[cfg(feature = "sqlx")]
    pub(crate) fn from_sqlx(error: sqlx::Error, sql: &str) -> Self {
        let message =
            match error.as_database_error().and_then(|e| e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()) {
                // `Error`, `Fatal`, …: PostgreSQL's words, in its case.
                Some(db) => {
                    let severity = format!("{:?}", db.severity()).to_uppercase();
                    format!("{severity}: {} [SQLSTATE {}]", db.message(), db.code())
                }
                None => error.to_string(),
            };
        Error::Database { source: DriverError(Box::new(error)), message, sql: sql.to_string() }
    }

    #[cfg(feature = "tokio-postgres")]
    fn db_error(&self) -> Option<&tokio_postgres_types::DbError> {
        match self {
            Error::Database { source, .. } => source.0.downcast_ref::<tokio_postgres_types::Error>()?.as_db_error(),
            _ => None,
        }
    }

    /// The SQLSTATE code (`23505` for a unique violation), for database errors.
    pub fn code(&self) -> Option<&str> {
        #[cfg(feature = "sqlx")]
        if let Some(db) = self.sqlx_error() {
            return Some(db.code());
        }
        #[cfg(feature = "tokio-postgres")]
        if let Some(db) = self.db_error() {
            return Some(db.code().code());
        }
        None
    }

    /// The constraint that was violated, when the database names one.
    pub fn constraint(&self) -> Option<&str> {
        #[cfg(feature = "sqlx")]
        if let Some(db) = self.sqlx_error() {
            return db.constraint();
        }
        #[cfg(feature = "tokio-postgres")]
        if let Some(db) = self.db_error() {
            return db.constraint();
        }
        None
    }

    /// The schema of the table the error is about, when the database names one.
    pub fn schema(&self) -> Option<&str> {
        #[cfg(feature = "sqlx")]
        if let Some(db) = self.sqlx_error() {
            return db.schema();
        }
        #[cfg(feature = "tokio-postgres")]
        if let Some(db) = self.db_error() {
            return db.schema();
        }
        None
    }

    /// The table the error is about, when the database names one.
    pub fn table(&self) -> Option<&str> {
        #[cfg(feature = "sqlx")]
        if let Some(db) = self.sqlx_error() {
            return db.table();
        }
        #[cfg(feature = "tokio-postgres")]
        if let Some(db) = self.db_error() {
            return db.table();
        }
        None
    }

    /// The server's DETAIL line, which may quote the values involved (`Key
    /// (email)=(ann@example.com) already exists.`): not part of the message, so that
    /// logging an error does not log data.
    pub fn detail(&self) -> Option<&str> {
        #[cfg(feature = "sqlx")]
        if let Some(db) = self.sqlx_error() {
            return db.detail();
        }
        #[cfg(feature = "tokio-postgres")]
        if let Some(db) = self.db_error() {
            return db.detail();
        }
        None
    }

    /// The column the error is about, when the database names one.
    pub fn column(&self) -> Option<&str> {
        #[cfg(feature = "sqlx")]
        if let Some(db) = self.sqlx_error() {
            return db.column();
        }
        #[cfg(feature = "tokio-postgres")]
        if let Some(db) = self.db_error() {
            return db.column();
        }
        None
    }

    /// `23505`: a unique constraint or index was violated.
    pub fn is_unique_violation(&self) -> bool {
        self.code() == Some("23505")
    }

    /// `23503`: a foreign key was violated.
    pub fn is_foreign_key_violation(&self) -> bool {
        self.code() == Some("23503")
    }

    /// `23502`: NULL went into a NOT NULL column.
    pub fn is_not_null_violation(&self) -> bool {
        self.code() == Some("23502")
    }

    /// `23514`: a CHECK constraint failed.
    pub fn is_check_violation(&self) -> bool {
        self.code() == Some("23514")
    }

    /// `40001` / `40P01`: a serialization failure or deadlock; retrying may succeed.
    pub fn is_serialization_failure(&self) -> bool {
        matches!(self.code(), Some("40001" | "40P01"))
    }
}

#[cfg(feature = "tokio-postgres")]
mod tokio_postgres_types {
    pub use tokio_postgres::error::DbError;
    pub use tokio_postgres::Error;
}

#[cfg(feature = "tokio-postgres")]
impl Error {
    /// Wraps a driver error with the SQL that caused it.
    pub(crate) fn database(error: tokio_postgres_types::Error, sql: &str) -> Self {
        let message = match error.as_db_error() {
            Some(db) => {
                // Not the DETAIL: it quotes values ("Key (email)=(…) already exists"),
                // and messages end up in logs. `Error::detail` has it.
                format!("{}: {} [SQLSTATE {}]", db.severity(), db.message(), db.code().code())
            }
            // "error serializing parameter 2" says little without its cause.
            None => match std::error::Error::source(&error) {
                Some(cause) => format!("{error}: {cause}"),
                None => error.to_string(),
            },
        };
        Error::Database { source: DriverError(Box::new(error)), message, sql: sql.to_string() }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
