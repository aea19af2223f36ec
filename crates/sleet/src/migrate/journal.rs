//! The journal table and the migration lock: the SQL the runner sends besides the
//! migrations themselves.
//!
//! The journal has one row per migration that ran: version, name, SHA-256 of the up
//! and down scripts, start and finish times, success, and the statements completed (for
//! scripts that run outside a transaction). Its format is written in the table's
//! comment, so a journal from a newer sleet is recognised rather than misread.

use super::MigrateError;
use std::time::{Duration, Instant};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, GenericClient, Row};

/// The journal's schema unless configured.
pub const DEFAULT_JOURNAL_SCHEMA: &str = "public";
/// The journal's table unless configured.
pub const DEFAULT_JOURNAL_TABLE: &str = "_sleet_migrations";

/// The journal format this version writes and reads.
const FORMAT: u32 = 1;
/// The table comment that marks a journal; the format number follows.
const MARK: &str = "sleet migration journal, format ";

/// One row of the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    /// The version as written.
    pub version: String,
    /// The name.
    pub name: String,
    /// SHA-256 of the up script, hex.
    pub checksum: String,
    /// SHA-256 of the down script when there was one, hex.
    pub down_checksum: Option<String>,
    /// When it started, as the server prints a `timestamptz`.
    pub started_at: String,
    /// When it finished, if it did.
    pub finished_at: Option<String>,
    /// Whether it completed.
    pub success: bool,
    /// Statements completed.
    pub applied_steps: i32,
    /// Statements in the script.
    pub statements: i32,
    /// How long it took, in milliseconds.
    pub execution_ms: Option<i64>,
}

impl JournalEntry {
    /// `version_name`.
    pub fn label(&self) -> String {
        format!("{}_{}", self.version, self.name)
    }
}

/// The journal table's name, quoted for SQL and plain for messages.
#[derive(Clone, Debug)]
pub(crate) struct Journal {
    pub(crate) schema: String,
    pub(crate) table: String,
}

impl Journal {
    pub(crate) fn qualified(&self) -> String {
        format!("{}.{}", quote(&self.schema), quote(&self.table))
    }

    /// `schema.table`, for messages.
    pub(crate) fn display(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }

    /// Whether the journal exists; an error when a table of that name is not one, or is
    /// a newer format.
    pub(crate) async fn exists(&self, client: &Client) -> Result<bool, MigrateError> {
        let row = client
            .query_one(
                "SELECT c.oid IS NOT NULL, obj_description(c.oid, 'pg_class') \
                 FROM (SELECT to_regclass($1) AS oid) r LEFT JOIN pg_class c ON c.oid = r.oid",
                &[&self.qualified()],
            )
            .await
            .map_err(|e| MigrateError::database(format!("cannot look up the journal {}", self.display()), e))?;
        if !row.get::<_, bool>(0) {
            return Ok(false);
        }
        let comment: Option<String> = row.get(1);
        let format = comment.as_deref().and_then(|c| c.strip_prefix(MARK)).and_then(|n| n.trim().parse::<u32>().ok());
        match format {
            None => Err(MigrateError::NotAJournal { table: self.display() }),
            Some(format) if format > FORMAT => {
                Err(MigrateError::NewerJournal { table: self.display(), format, known: FORMAT })
            }
            Some(_) => Ok(true),
        }
    }

    /// Creates the journal (and its schema) unless it exists. Called under the lock.
    pub(crate) async fn ensure(&self, client: &Client) -> Result<(), MigrateError> {
        if self.exists(client).await? {
            return Ok(());
        }
        let table = self.qualified();
        // CREATE SCHEMA needs CREATE on the database even with IF NOT EXISTS: an
        // application role often lacks it, so only when the schema is missing.
        let missing: bool = client
            .query_one("SELECT to_regnamespace($1) IS NULL", &[&quote(&self.schema)])
            .await
            .map_err(|e| MigrateError::database(format!("cannot look up the schema {}", self.schema), e))?
            .get(0);
        let create_schema =
            if missing { format!("CREATE SCHEMA IF NOT EXISTS {};", quote(&self.schema)) } else { String::new() };
        let sql = format!(
            "{create_schema}
             CREATE TABLE {table} (
                 version text PRIMARY KEY,
                 name text NOT NULL,
                 checksum text NOT NULL,
                 down_checksum text,
                 started_at timestamptz NOT NULL,
                 finished_at timestamptz,
                 success boolean NOT NULL,
                 applied_steps integer NOT NULL,
                 statements integer NOT NULL,
                 execution_ms bigint
             );
             COMMENT ON TABLE {table} IS '{MARK}{FORMAT}';"
        );
        client
            .batch_execute(&format!("BEGIN; {sql} COMMIT;"))
            .await
            .map_err(|e| MigrateError::database(format!("cannot create the journal {}", self.display()), e))
    }

    /// Every row, by version.
    pub(crate) async fn entries(&self, client: &impl GenericClient) -> Result<Vec<JournalEntry>, MigrateError> {
        let sql = format!(
            "SELECT version, name, checksum, down_checksum, started_at::text, finished_at::text, success, \
             applied_steps, statements, execution_ms FROM {} ORDER BY version",
            self.qualified()
        );
        let rows = client
            .query(&sql, &[])
            .await
            .map_err(|e| MigrateError::database(format!("cannot read the journal {}", self.display()), e))?;
        Ok(rows
            .iter()
            .map(|row| JournalEntry {
                version: row.get(0),
                name: row.get(1),
                checksum: row.get(2),
                down_checksum: row.get(3),
                started_at: row.get(4),
                finished_at: row.get(5),
                success: row.get(6),
                applied_steps: row.get(7),
                statements: row.get(8),
                execution_ms: row.get(9),
            })
            .collect())
    }

    /// Records a migration as started (`success` false) or as done.
    pub(crate) async fn insert(&self, client: &impl GenericClient, row: &NewEntry<'_>) -> Result<(), MigrateError> {
        let sql = format!(
            "INSERT INTO {} (version, name, checksum, down_checksum, started_at, finished_at, success, applied_steps, \
             statements, execution_ms) \
             VALUES ($1, $2, $3, $4, now(), CASE WHEN $5 THEN clock_timestamp() END, $5, $6, $7, $8)",
            self.qualified()
        );
        client
            .execute(
                &sql,
                &[
                    &row.version,
                    &row.name,
                    &row.checksum,
                    &row.down_checksum,
                    &row.success,
                    &row.applied_steps,
                    &row.statements,
                    &row.execution_ms,
                ],
            )
            .await
            .map_err(|e| MigrateError::database(format!("cannot record {} in the journal", row.version), e))?;
        Ok(())
    }

    /// Records progress of a migration that runs outside a transaction: steps done,
    /// and when `done`, success.
    pub(crate) async fn progress(
        &self,
        client: &Client,
        version: &str,
        applied_steps: i32,
        done: Option<i64>,
    ) -> Result<(), MigrateError> {
        let sql = format!(
            "UPDATE {} SET applied_steps = $2, success = $3, execution_ms = $4, \
             finished_at = CASE WHEN $3 THEN clock_timestamp() END WHERE version = $1",
            self.qualified()
        );
        client
            .execute(&sql, &[&version, &applied_steps, &done.is_some(), &done])
            .await
            .map_err(|e| MigrateError::database(format!("cannot record progress of {version} in the journal"), e))?;
        Ok(())
    }

    /// Marks a failed row applied, or sets an edited row's checksum.
    pub(crate) async fn mark_applied(
        &self,
        client: &impl GenericClient,
        version: &str,
        checksum: &str,
    ) -> Result<(), MigrateError> {
        let sql = format!(
            "UPDATE {} SET success = true, applied_steps = statements, checksum = $2, \
             finished_at = coalesce(finished_at, clock_timestamp()) WHERE version = $1",
            self.qualified()
        );
        client
            .execute(&sql, &[&version, &checksum])
            .await
            .map_err(|e| MigrateError::database(format!("cannot update {version} in the journal"), e))?;
        Ok(())
    }

    /// Removes a row (a reverted migration, or one the user says was rolled back).
    pub(crate) async fn delete(&self, client: &impl GenericClient, version: &str) -> Result<(), MigrateError> {
        let sql = format!("DELETE FROM {} WHERE version = $1", self.qualified());
        client
            .execute(&sql, &[&version])
            .await
            .map_err(|e| MigrateError::database(format!("cannot remove {version} from the journal"), e))?;
        Ok(())
    }

    /// The advisory lock key: a hash of the database, the journal's schema and table,
    /// so two journals in one database never wait on each other.
    fn lock_key_sql(&self) -> &'static str {
        "hashtextextended(current_database() || '/' || $1 || '.' || $2, 0)"
    }

    /// Takes the migration lock, polling `pg_try_advisory_lock` with backoff: a
    /// blocking `pg_advisory_lock` would make a waiting process hold a snapshot that
    /// another's `CREATE INDEX CONCURRENTLY` waits for, forever. Then checks that the
    /// session kept its backend (a transaction-mode pooler would hand it to others).
    pub(crate) async fn lock(&self, client: &Client, timeout: Duration) -> Result<(), MigrateError> {
        let try_lock = format!("SELECT pg_try_advisory_lock({}), pg_backend_pid()", self.lock_key_sql());
        let started = Instant::now();
        let mut pause = Duration::from_millis(20);
        let pid: i32 = loop {
            // Unnamed statements: behind a transaction-mode pooler a prepared one would
            // fail before the check below can say why.
            let row =
                one_row(client.query_typed(&try_lock, &[(&self.schema, Type::TEXT), (&self.table, Type::TEXT)]).await)
                    .map_err(|e| MigrateError::database("cannot take the migration lock", e))?;
            if row.get::<_, bool>(0) {
                break row.get(1);
            }
            if started.elapsed() >= timeout {
                let holder = self.lock_holder(client).await;
                return Err(MigrateError::LockTimeout { waited: started.elapsed(), holder });
            }
            tokio::time::sleep(jitter(pause)).await;
            pause = (pause * 2).min(Duration::from_millis(500));
        };
        let held = format!(
            "SELECT pg_backend_pid() = $3 AND EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' \
             AND pid = pg_backend_pid() AND granted AND objsubid = 1 \
             AND classid::bigint = ({key} >> 32) & 4294967295 AND objid::bigint = {key} & 4294967295)",
            key = self.lock_key_sql()
        );
        let params: [(&(dyn ToSql + Sync), Type); 3] =
            [(&self.schema, Type::TEXT), (&self.table, Type::TEXT), (&pid, Type::INT4)];
        let kept: bool = one_row(client.query_typed(&held, &params).await)
            .map_err(|e| MigrateError::database("cannot check the migration lock", e))?
            .get(0);
        if !kept {
            return Err(MigrateError::Pooler);
        }
        Ok(())
    }

    /// The backend that holds the lock, with its pid (for `pg_terminate_backend`),
    /// application and start time.
    async fn lock_holder(&self, client: &Client) -> Option<String> {
        let sql = format!(
            "SELECT format('pid %s, %s, since %s', a.pid, coalesce(nullif(a.application_name, ''), 'no application name'), \
             date_trunc('second', a.backend_start)) \
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
             AND l.classid::bigint = ({key} >> 32) & 4294967295 AND l.objid::bigint = {key} & 4294967295",
            key = self.lock_key_sql()
        );
        client.query_opt(&sql, &[&self.schema, &self.table]).await.ok().flatten().map(|row| row.get(0))
    }

    /// Releases the lock (it also goes with the session).
    pub(crate) async fn unlock(&self, client: &Client) {
        let sql = format!("SELECT pg_advisory_unlock({})", self.lock_key_sql());
        let _ = client.execute(&sql, &[&self.schema, &self.table]).await;
    }
}

/// The one row a query returns.
fn one_row(rows: Result<Vec<Row>, tokio_postgres::Error>) -> Result<Row, tokio_postgres::Error> {
    // Both queries select expressions without FROM: exactly one row.
    rows.map(|mut rows| rows.swap_remove(0))
}

/// A row to insert.
pub(crate) struct NewEntry<'a> {
    pub(crate) version: &'a str,
    pub(crate) name: &'a str,
    pub(crate) checksum: String,
    pub(crate) down_checksum: Option<String>,
    pub(crate) success: bool,
    pub(crate) applied_steps: i32,
    pub(crate) statements: i32,
    pub(crate) execution_ms: Option<i64>,
}

/// `"name"`, doubling quotes inside.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Between 75 % and 125 % of `pause`, so processes that started together spread out.
fn jitter(pause: Duration) -> Duration {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let spread = f64::from(nanos % 1000) / 1000.0; // 0..1
    pause.mul_f64(0.75 + spread / 2.0)
}
