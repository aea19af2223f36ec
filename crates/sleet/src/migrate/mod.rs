//! Applying migrations, exactly once and each whole or not at all: from the `sleet
//! migrate` command, or from the application at startup with the migrations embedded
//! in the binary by `build.rs` (feature `migrate`).
//!
//! ```no_run
//! # mod migrations { pub fn migrator() -> Result<sleet::migrate::Migrator, sleet::migrate::MigrateError> { unimplemented!() } }
//! # async fn demo(client: tokio_postgres::Client) -> Result<(), Box<dyn std::error::Error>> {
//! // `generated/migrations.rs`, written by build.rs when sleet.toml says
//! // `[migrations] embed = true`, holds `all()` and `migrator()`.
//! let mut db = sleet::Db::new(client);
//! let applied = migrations::migrator()?.run(&mut db).await?;
//! println!("{} migrations applied", applied.len());
//! # Ok(()) }
//! ```
//!
//! How it holds:
//! - **Exactly once.** The runner polls `pg_try_advisory_lock` on a key derived from the
//!   database and the journal table, with backoff and a timeout, never a blocking
//!   `pg_advisory_lock` (which deadlocks with `CREATE INDEX CONCURRENTLY` in the process
//!   holding it). Others wait, then find nothing to do. Session locks do not survive a
//!   transaction-mode pooler; the runner checks that it kept its backend and says so.
//! - **All or nothing.** A migration runs in one transaction together with its journal
//!   row, statement by statement (split by the SQL parser at build time), so an error
//!   names the file, line and statement. One whose first line is
//!   `-- sleet:no-transaction` runs one statement at a time outside a transaction; its
//!   journal row records each step, and a failure leaves it `failed` until
//!   [`Migrator::repair`] says what happened.
//! - **Tamper and branch detection.** The journal keeps the SHA-256 of each script's
//!   text with line endings normalised; an applied migration whose file changed is an
//!   error naming both hashes, and a pending migration older than the newest applied one
//!   is an error unless out-of-order runs are allowed.

mod error;
mod journal;
mod runner;

pub use self::error::{FailedStatement, MigrateError};
pub use self::journal::{JournalEntry, DEFAULT_JOURNAL_SCHEMA, DEFAULT_JOURNAL_TABLE};
pub use self::runner::{DownTo, Migrator, Progress, Repair, State, Status};

use sha2::{Digest, Sha256};
use std::fmt;
use std::ops::Range;

/// The first line that makes a script run outside a transaction (sqlx's
/// `-- no-transaction` is read too, so its folders run unchanged).
pub const NO_TRANSACTION: &str = "-- sleet:no-transaction";

/// One migration: a version that orders it, a name, the script that applies it and,
/// when there is one, the script that reverts it.
#[derive(Clone, Debug)]
pub struct Migration {
    version: String,
    name: String,
    up: Script,
    down: Option<Script>,
}

impl Migration {
    /// A migration that cannot be reverted (until [`with_down`](Self::with_down)).
    /// The version is digits, possibly with `-` between them (Diesel's
    /// `2024-01-31-120000`); migrations run in the numeric order of its digits.
    pub fn new(version: impl Into<String>, name: impl Into<String>, up: Script) -> Self {
        Self { version: version.into(), name: name.into(), up, down: None }
    }

    /// The script that reverts it.
    pub fn with_down(mut self, down: Script) -> Self {
        self.down = Some(down);
        self
    }

    /// The version as written.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The name (the part of the file or folder name after the version).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The script that applies it.
    pub fn up(&self) -> &Script {
        &self.up
    }

    /// The script that reverts it, when there is one.
    pub fn down(&self) -> Option<&Script> {
        self.down.as_ref()
    }

    /// `version_name`, as in the folder.
    pub fn label(&self) -> String {
        format!("{}_{}", self.version, self.name)
    }

    /// The number the version stands for: its digits. `None` when it has none.
    pub(crate) fn order_key(&self) -> Option<u128> {
        version_key(&self.version)
    }
}

/// The number a version stands for: its digits, ignoring `-` (`None` for anything
/// else, or more digits than fit).
pub fn version_key(version: &str) -> Option<u128> {
    let digits: String = version.chars().filter(|c| *c != '-').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A script's SQL, where each statement starts and ends in it, and how it runs.
#[derive(Clone, Debug)]
pub struct Script {
    path: String,
    sql: String,
    statements: Vec<Statement>,
    transaction: bool,
    checksum: Checksum,
}

impl Script {
    /// A script read from `path` (used in messages), with its statements as the SQL
    /// parser split them. It runs in a transaction unless its first line is
    /// [`NO_TRANSACTION`].
    pub fn new(path: impl Into<String>, sql: impl Into<String>, statements: Vec<Statement>) -> Self {
        let sql = sql.into();
        let transaction = !has_no_transaction_directive(&sql);
        let checksum = Checksum::of(&sql);
        Self { path: path.into(), sql, statements, transaction, checksum }
    }

    /// Runs outside a transaction whatever its first line says (Diesel's
    /// `metadata.toml` with `run_in_transaction = false`).
    pub fn without_transaction(mut self) -> Self {
        self.transaction = false;
        self
    }

    /// Where it was read from.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Its text.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Its statements.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// Whether it runs in one transaction.
    pub fn in_transaction(&self) -> bool {
        self.transaction
    }

    /// SHA-256 of its text with CRLF line endings read as LF.
    pub fn checksum(&self) -> &Checksum {
        &self.checksum
    }

    /// The text of one statement.
    pub(crate) fn text(&self, statement: &Statement) -> &str {
        &self.sql[statement.span.clone()]
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.sql[..offset.min(self.sql.len())].matches('\n').count() + 1
    }

    /// Checks the spans lie on the text's character boundaries, in order.
    pub(crate) fn check_spans(&self) -> Result<(), MigrateError> {
        let mut previous_end = 0;
        for statement in &self.statements {
            let span = &statement.span;
            let fits = span.start >= previous_end
                && span.start < span.end
                && span.end <= self.sql.len()
                && self.sql.is_char_boundary(span.start)
                && self.sql.is_char_boundary(span.end);
            if !fits {
                return Err(MigrateError::StaleStatements { path: self.path.clone() });
            }
            previous_end = span.end;
        }
        Ok(())
    }
}

/// Whether the first line (after a byte-order mark) is the no-transaction directive.
fn has_no_transaction_directive(sql: &str) -> bool {
    let first = sql.trim_start_matches('\u{feff}').lines().next().unwrap_or_default().trim();
    first == NO_TRANSACTION || first == "-- no-transaction"
}

/// One statement of a script: its byte range in the text, and what the runner must
/// know about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    span: Range<usize>,
    concurrent_index: Option<ConcurrentIndex>,
}

/// An index built with `CREATE INDEX CONCURRENTLY`: the runner drops an invalid one
/// that a failed build left behind before building it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConcurrentIndex {
    /// The index's name (it lives in its table's schema).
    name: String,
    /// The table, as SQL text `to_regclass` resolves.
    table: String,
}

impl Statement {
    /// The statement at `span` (bytes) in its script's text.
    pub fn new(span: Range<usize>) -> Self {
        Self { span, concurrent_index: None }
    }

    /// The statement builds index `name` on `table` (SQL text, quoted as needed)
    /// concurrently.
    pub fn builds_index_concurrently(mut self, name: impl Into<String>, table: impl Into<String>) -> Self {
        self.concurrent_index = Some(ConcurrentIndex { name: name.into(), table: table.into() });
        self
    }

    /// Its byte range.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// SHA-256 of a script's text, line endings normalised (a checkout with CRLF endings
/// does not look edited).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Checksum([u8; 32]);

impl Checksum {
    /// The checksum of `sql`.
    pub fn of(sql: &str) -> Self {
        let mut hasher = Sha256::new();
        let mut rest = sql;
        while let Some(at) = rest.find("\r\n") {
            hasher.update(&rest.as_bytes()[..at]);
            hasher.update(b"\n");
            rest = &rest[at + 2..];
        }
        hasher.update(rest.as_bytes());
        Self(hasher.finalize().into())
    }

    /// Lowercase hexadecimal, as the journal stores it.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Checksum({})", self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_read_crlf_as_lf() {
        assert_eq!(Checksum::of("a;\r\nb;\r\n"), Checksum::of("a;\nb;\n"));
        assert_ne!(Checksum::of("a;\nb;\n"), Checksum::of("a;\nb; \n"));
        // The SHA-256 of the empty string.
        assert_eq!(Checksum::of("").to_hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn versions_order_by_their_digits() {
        assert_eq!(version_key("2024-01-31-120000"), Some(20240131120000));
        assert_eq!(version_key("0007"), Some(7));
        assert_eq!(version_key("v1"), None);
        assert_eq!(version_key(""), None);
    }

    #[test]
    fn the_directive_is_the_first_line_only() {
        assert!(!Script::new("a", "-- sleet:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", vec![])
            .in_transaction());
        assert!(!Script::new("a", "\u{feff}-- no-transaction\nSELECT 1;", vec![]).in_transaction());
        assert!(Script::new("a", "SELECT 1;\n-- sleet:no-transaction\n", vec![]).in_transaction());
    }

    #[test]
    fn spans_must_fit_the_text() {
        let script = Script::new("a", "SELECT 1; SELECT 2;", vec![Statement::new(0..8), Statement::new(10..18)]);
        assert!(script.check_spans().is_ok());
        let stale = Script::new("a", "SELECT 1;", vec![Statement::new(0..8), Statement::new(10..18)]);
        assert!(matches!(stale.check_spans(), Err(MigrateError::StaleStatements { .. })));
    }
}
