//! Why a migration command stopped: each error names the migration, the file and what
//! to do, and says what state the database was left in.

use std::time::Duration;

/// Everything that can stop the runner.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// A statement failed. A migration in a transaction left nothing behind; one
    /// outside a transaction applied the statements before it.
    #[error(transparent)]
    Statement(Box<FailedStatement>),
    /// The runner could not talk to the database (outside a migration's statements).
    #[error("{context}: {source}")]
    Database {
        /// What it was doing.
        context: String,
        /// The driver's error.
        source: tokio_postgres::Error,
    },
    /// An applied migration's file changed since it ran.
    #[error(
        "migration {label} was applied, but {path} has changed since (journal SHA-256 {recorded}, file {current}): \
         restore the file, or accept the edit with `sleet migrate repair {version} --accept-edit`"
    )]
    Edited {
        /// Its version.
        version: String,
        /// `version_name`.
        label: String,
        /// The script.
        path: String,
        /// The checksum in the journal.
        recorded: String,
        /// The file's checksum now.
        current: String,
    },
    /// A migration failed earlier outside a transaction and nobody said what happened.
    #[error(
        "migration {label} failed earlier after {applied_steps} of {statements} statements (it runs outside a transaction): \
         make the database whole, then `sleet migrate repair {version} --applied` or `--rolled-back`"
    )]
    Failed {
        /// Its version.
        version: String,
        /// `version_name`.
        label: String,
        /// Statements that completed.
        applied_steps: i32,
        /// Statements in the script.
        statements: i32,
    },
    /// The journal lists a migration the folder does not have.
    #[error(
        "migration {label} is applied but not in the migrations folder (deleted or renamed?): restore it, \
         or forget it with `sleet migrate repair {version} --rolled-back`"
    )]
    Missing {
        /// Its version.
        version: String,
        /// `version_name` as recorded.
        label: String,
    },
    /// A pending migration is older than the newest applied one (a merged branch).
    #[error(
        "migration {label} is pending but older than the newest applied one ({newest}), as after merging a branch: \
         give it a newer version, or apply it anyway with --allow-out-of-order"
    )]
    OutOfOrder {
        /// `version_name`.
        label: String,
        /// The newest applied `version_name`.
        newest: String,
    },
    /// Two migrations have the same version.
    #[error("two migrations have version {version}: {first} and {second}; give one a new version")]
    DuplicateVersion {
        /// The version (as a number).
        version: String,
        /// One.
        first: String,
        /// The other.
        second: String,
    },
    /// A version that is not digits.
    #[error("migration {label}: the version {version:?} is not digits (as in 20260131120000_name)")]
    BadVersion {
        /// `version_name`.
        label: String,
        /// The version.
        version: String,
    },
    /// A script without statements.
    #[error("{path} holds no SQL statement")]
    EmptyScript {
        /// The script.
        path: String,
    },
    /// Statement spans that do not fit the text: the embedded list is stale.
    #[error("{path}: the statement list does not match the text (regenerate: cargo build, or sleet generate)")]
    StaleStatements {
        /// The script.
        path: String,
    },
    /// Going down through a migration that has no `down.sql`.
    #[error("migration {label} has no down script: add {expected}, or stop above it with --to")]
    NoDown {
        /// `version_name`.
        label: String,
        /// Where the down script would be.
        expected: String,
    },
    /// A version named on the command line that the folder or journal does not know.
    #[error("no migration with version {version} {place}")]
    UnknownVersion {
        /// The version asked for.
        version: String,
        /// "in the folder", "in the journal", …
        place: &'static str,
    },
    /// `repair` asked for something the journal's state does not allow.
    #[error("migration {label}: {message}")]
    Repair {
        /// `version_name`.
        label: String,
        /// Why not.
        message: String,
    },
    /// Another process held the migration lock for longer than the timeout.
    #[error(
        "another process has held the migration lock for {waited:?}{holder}; it is probably migrating: \
         wait for it, or raise the timeout (--lock-timeout)",
        holder = holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()
    )]
    LockTimeout {
        /// How long the runner waited.
        waited: Duration,
        /// Who holds it, from `pg_stat_activity`.
        holder: Option<String>,
    },
    /// The connection goes through a transaction-mode pooler: a session lock would not hold.
    #[error(
        "the connection goes through a transaction-mode pooler (PgBouncer or a managed pooler): the migration lock \
         cannot be held across transactions there. Migrate over a direct connection (on Supabase and Neon, the \
         non-pooled host or port) or a session-mode pool"
    )]
    Pooler,
    /// The journal table was made by a newer sleet.
    #[error("the journal table {table} has format {format}, newer than this sleet knows ({known}): upgrade sleet")]
    NewerJournal {
        /// The table.
        table: String,
        /// Its format.
        format: u32,
        /// The newest this version knows.
        known: u32,
    },
    /// A table with the journal's name that sleet did not make.
    #[error(
        "{table} exists but is not a sleet journal (no sleet comment on it): choose another journal table \
         ([migrations] journal_table in sleet.toml)"
    )]
    NotAJournal {
        /// The table.
        table: String,
    },
}

impl MigrateError {
    pub(crate) fn database(context: impl Into<String>, source: tokio_postgres::Error) -> Self {
        Self::Database { context: context.into(), source }
    }
}

/// Where and why a migration's statement failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "{path}:{line}: migration {label} failed{progress}: {message}\n    {statement}\n{outcome}",
    progress = if *no_transaction { format!(" at statement {index} of {total}") } else { String::new() },
    outcome = if *no_transaction {
        format!("it runs outside a transaction: statements 1 to {} stayed applied and the journal marks it failed; \
                 fix the cause, then `sleet migrate repair {version} --rolled-back` (after undoing them) or `--applied`", index - 1)
    } else {
        "its transaction was rolled back: the database and the journal are as they were before it".to_string()
    }
)]
pub struct FailedStatement {
    /// The migration's version.
    pub version: String,
    /// `version_name`.
    pub label: String,
    /// The script's path.
    pub path: String,
    /// 1-based line in the script where the statement (or the error) is.
    pub line: usize,
    /// 1-based index of the statement in the script.
    pub index: usize,
    /// How many statements the script has.
    pub total: usize,
    /// The statement's first line.
    pub statement: String,
    /// The server's message (with its detail and hint), or the driver's.
    pub message: String,
    /// The SQLSTATE code, when the server sent one.
    pub code: Option<String>,
    /// Whether the script ran outside a transaction.
    pub no_transaction: bool,
}
