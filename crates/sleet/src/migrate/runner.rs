//! The runner: what is pending, applying it under the lock, going down, and repairing
//! the journal deliberately.

use super::error::FailedStatement;
use super::journal::{Journal, JournalEntry, NewEntry};
use super::{version_key, ConcurrentIndex, MigrateError, Migration, Script, Statement};
use super::{DEFAULT_JOURNAL_SCHEMA, DEFAULT_JOURNAL_TABLE};
use crate::exec::{Connection, Db};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_postgres::Client;

/// Applies, lists, reverts and repairs a set of migrations on one database.
#[derive(Clone)]
pub struct Migrator {
    /// In version order; versions are unique.
    migrations: Vec<Migration>,
    /// Each migration's version as a number, in the same order.
    keys: Vec<u128>,
    journal: Journal,
    lock_timeout: Duration,
    allow_out_of_order: bool,
    progress: Option<Arc<dyn Fn(Progress<'_>) + Send + Sync>>,
}

/// What the runner is doing, for a caller that prints progress.
#[derive(Clone, Copy, Debug)]
pub enum Progress<'a> {
    /// About to apply a migration.
    Applying(&'a Migration),
    /// Applied it, in this long.
    Applied(&'a Migration, Duration),
    /// About to revert one.
    Reverting(&'a Migration),
    /// Reverted it, in this long.
    Reverted(&'a Migration, Duration),
}

/// Where [`Migrator::down`] stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownTo {
    /// Revert the newest `n` applied migrations.
    Last(usize),
    /// Revert every applied migration newer than this version (`0`: all of them).
    Version(String),
}

/// What [`Migrator::repair`] records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repair {
    /// The migration is applied: a failed entry was finished by hand, or the
    /// migration was applied outside sleet.
    Applied,
    /// The migration is not applied: its entry is removed (a failed one undone by
    /// hand, or one whose file is gone), so the next run applies it again.
    RolledBack,
    /// The applied migration's file was edited on purpose: the journal takes its new
    /// checksum.
    AcceptEdit,
}

/// One migration's state, for `sleet migrate status`.
#[derive(Clone, Debug)]
pub struct Status {
    /// The version.
    pub version: String,
    /// The name.
    pub name: String,
    /// Its state.
    pub state: State,
    /// Its journal row, when it has one.
    pub entry: Option<JournalEntry>,
}

/// Where a migration stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Applied, and the file is as it was.
    Applied,
    /// Not applied yet.
    Pending,
    /// Not applied, and older than the newest applied one (a merged branch).
    PendingOutOfOrder,
    /// Applied, but the file changed since.
    Edited {
        /// The journal's checksum.
        recorded: String,
        /// The file's.
        current: String,
    },
    /// Ran outside a transaction and failed part-way.
    Failed {
        /// Statements completed.
        applied_steps: i32,
        /// Statements in the script.
        statements: i32,
    },
    /// In the journal, not in the folder.
    Missing,
}

/// A migration that was applied or reverted.
#[derive(Clone, Debug)]
pub struct Ran {
    /// Its version.
    pub version: String,
    /// Its name.
    pub name: String,
    /// How long it took.
    pub elapsed: Duration,
}

impl Migrator {
    /// A runner for these migrations (in any order): an error when two share a
    /// version, a version is not digits, a script holds no statement, or an embedded
    /// statement list no longer fits its text.
    pub fn new(migrations: Vec<Migration>) -> Result<Self, MigrateError> {
        let mut keyed = Vec::with_capacity(migrations.len());
        for migration in migrations {
            let Some(key) = migration.order_key() else {
                return Err(MigrateError::BadVersion { label: migration.label(), version: migration.version.clone() });
            };
            if migration.up.statements.is_empty() {
                return Err(MigrateError::EmptyScript { path: migration.up.path.clone() });
            }
            migration.up.check_spans()?;
            if let Some(down) = &migration.down {
                down.check_spans()?;
            }
            keyed.push((key, migration));
        }
        keyed.sort_by_key(|(key, _)| *key);
        for pair in keyed.windows(2) {
            if pair[0].0 == pair[1].0 {
                return Err(MigrateError::DuplicateVersion {
                    version: pair[0].0.to_string(),
                    first: pair[0].1.up.path.clone(),
                    second: pair[1].1.up.path.clone(),
                });
            }
        }
        let (keys, migrations) = keyed.into_iter().unzip();
        Ok(Self {
            migrations,
            keys,
            journal: Journal { schema: DEFAULT_JOURNAL_SCHEMA.into(), table: DEFAULT_JOURNAL_TABLE.into() },
            lock_timeout: Duration::from_secs(60),
            allow_out_of_order: false,
            progress: None,
        })
    }

    /// The journal table (default `public._sleet_migrations`).
    pub fn journal(mut self, schema: impl Into<String>, table: impl Into<String>) -> Self {
        self.journal = Journal { schema: schema.into(), table: table.into() };
        self
    }

    /// How long to wait for another process's migration lock (default 60 s).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// Applies pending migrations older than the newest applied one instead of
    /// refusing (after merging a branch whose migrations are older).
    pub fn allow_out_of_order(mut self, allow: bool) -> Self {
        self.allow_out_of_order = allow;
        self
    }

    /// Calls `report` as each migration starts and ends.
    pub fn on_progress(mut self, report: impl Fn(Progress<'_>) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(report));
        self
    }

    /// The migrations, in version order.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// Applies every pending migration, in order, each in its own transaction with its
    /// journal row; stops at the first failure. Returns those applied.
    pub async fn run<C: Connection>(&self, db: &mut Db<C>) -> Result<Vec<Ran>, MigrateError> {
        let client = db.client_mut().client_mut();
        self.journal.lock(client, self.lock_timeout).await?;
        let outcome = self.run_locked(client).await;
        self.journal.unlock(client).await;
        outcome
    }

    /// Every migration in the folder or the journal, in version order, with its state.
    /// Reads only: it takes no lock and creates no journal.
    pub async fn status<C: Connection>(&self, db: &mut Db<C>) -> Result<Vec<Status>, MigrateError> {
        let client = db.client_mut().client_mut();
        let entries =
            if self.journal.exists(client).await? { self.journal.entries(&*client).await? } else { Vec::new() };
        Ok(self.statuses(&entries))
    }

    /// Reverts applied migrations, newest first, each with its down script in its own
    /// transaction together with removing its journal row. Checks every one can be
    /// reverted before reverting any.
    pub async fn down<C: Connection>(&self, db: &mut Db<C>, to: DownTo) -> Result<Vec<Ran>, MigrateError> {
        let client = db.client_mut().client_mut();
        self.journal.lock(client, self.lock_timeout).await?;
        let outcome = self.down_locked(client, &to).await;
        self.journal.unlock(client).await;
        outcome
    }

    /// Records what happened to a failed, edited or missing migration: the only way
    /// past those states. Returns what it did, in a sentence.
    pub async fn repair<C: Connection>(
        &self,
        db: &mut Db<C>,
        version: &str,
        action: Repair,
    ) -> Result<String, MigrateError> {
        let client = db.client_mut().client_mut();
        self.journal.lock(client, self.lock_timeout).await?;
        let outcome = self.repair_locked(client, version, action).await;
        self.journal.unlock(client).await;
        outcome
    }

    async fn run_locked(&self, client: &mut Client) -> Result<Vec<Ran>, MigrateError> {
        self.journal.ensure(client).await?;
        let entries = self.journal.entries(&*client).await?;
        let pending = self.pending(&entries)?;
        let mut ran = Vec::with_capacity(pending.len());
        for migration in pending {
            self.report(Progress::Applying(migration));
            let started = Instant::now();
            if migration.up.transaction {
                self.apply_in_transaction(client, migration).await?;
            } else {
                self.apply_step_by_step(client, migration).await?;
            }
            let elapsed = started.elapsed();
            self.report(Progress::Applied(migration, elapsed));
            ran.push(Ran { version: migration.version.clone(), name: migration.name.clone(), elapsed });
        }
        Ok(ran)
    }

    /// The migrations to apply, after refusing a journal that is failed, edited,
    /// missing a file, or (unless allowed) behind a pending migration.
    fn pending(&self, entries: &[JournalEntry]) -> Result<Vec<&Migration>, MigrateError> {
        let by_key: HashMap<u128, &Migration> = self.keyed().collect();
        for entry in entries {
            let Some(migration) = version_key(&entry.version).and_then(|k| by_key.get(&k)) else {
                if entry.success {
                    return Err(MigrateError::Missing { version: entry.version.clone(), label: entry.label() });
                }
                continue; // a failed entry is reported below
            };
            if entry.success && entry.checksum != migration.up.checksum.to_hex() {
                return Err(edited(entry, migration));
            }
        }
        if let Some(failed) = entries.iter().find(|e| !e.success) {
            return Err(failed_entry(failed));
        }
        let applied: HashMap<u128, &JournalEntry> =
            entries.iter().filter_map(|e| Some((version_key(&e.version)?, e))).collect();
        let newest = applied.iter().max_by_key(|(key, _)| **key);
        let pending: Vec<&Migration> =
            self.keyed().filter(|(key, _)| !applied.contains_key(key)).map(|(_, m)| m).collect();
        if let (Some((newest_key, newest)), false) = (newest, self.allow_out_of_order) {
            if let Some((_, late)) = self.keyed().find(|(key, _)| !applied.contains_key(key) && key < newest_key) {
                return Err(MigrateError::OutOfOrder { label: late.label(), newest: newest.label() });
            }
        }
        Ok(pending)
    }

    fn keyed(&self) -> impl Iterator<Item = (u128, &Migration)> {
        self.keys.iter().copied().zip(&self.migrations)
    }

    fn statuses(&self, entries: &[JournalEntry]) -> Vec<Status> {
        let by_key: HashMap<u128, &JournalEntry> =
            entries.iter().filter_map(|e| Some((version_key(&e.version)?, e))).collect();
        let newest = by_key.keys().max().copied();
        let mut statuses: Vec<(u128, Status)> = self
            .keyed()
            .map(|(key, m)| {
                let entry = by_key.get(&key).copied();
                let state = match entry {
                    None if newest.is_some_and(|n| key < n) => State::PendingOutOfOrder,
                    None => State::Pending,
                    Some(e) if !e.success => State::Failed { applied_steps: e.applied_steps, statements: e.statements },
                    Some(e) if e.checksum != m.up.checksum.to_hex() => {
                        State::Edited { recorded: e.checksum.clone(), current: m.up.checksum.to_hex() }
                    }
                    Some(_) => State::Applied,
                };
                (key, Status { version: m.version.clone(), name: m.name.clone(), state, entry: entry.cloned() })
            })
            .collect();
        let known: std::collections::HashSet<u128> = self.keyed().map(|(k, _)| k).collect();
        for entry in entries {
            let key = version_key(&entry.version).unwrap_or(0);
            if !known.contains(&key) {
                let state = if entry.success {
                    State::Missing
                } else {
                    State::Failed { applied_steps: entry.applied_steps, statements: entry.statements }
                };
                statuses.push((
                    key,
                    Status {
                        version: entry.version.clone(),
                        name: entry.name.clone(),
                        state,
                        entry: Some(entry.clone()),
                    },
                ));
            }
        }
        statuses.sort_by_key(|(key, _)| *key);
        statuses.into_iter().map(|(_, s)| s).collect()
    }

    /// One transaction: every statement, then the journal row.
    async fn apply_in_transaction(&self, client: &mut Client, migration: &Migration) -> Result<(), MigrateError> {
        let started = Instant::now();
        let script = &migration.up;
        let tx = client
            .transaction()
            .await
            .map_err(|e| MigrateError::database(format!("cannot start a transaction for {}", migration.label()), e))?;
        for (index, statement) in script.statements.iter().enumerate() {
            tx.batch_execute(script.text(statement)).await.map_err(|e| statement_error(migration, script, index, e))?;
        }
        let steps = count(script.statements.len());
        self.journal.insert(&tx, &journal_row(migration, true, steps, Some(millis(started)))).await?;
        tx.commit().await.map_err(|e| commit_error(migration, script, e))
    }

    /// Outside a transaction, statement by statement, the journal row recording each
    /// step so a failure leaves a `failed` entry that says how far it got.
    async fn apply_step_by_step(&self, client: &mut Client, migration: &Migration) -> Result<(), MigrateError> {
        let started = Instant::now();
        let script = &migration.up;
        self.journal.insert(&*client, &journal_row(migration, false, 0, None)).await?;
        for (index, statement) in script.statements.iter().enumerate() {
            self.run_alone(client, migration, script, index, statement).await?;
            self.journal.progress(client, &migration.version, count(index + 1), None).await?;
        }
        let steps = count(script.statements.len());
        self.journal.progress(client, &migration.version, steps, Some(millis(started))).await
    }

    /// One statement in autocommit mode; an index built concurrently is built from
    /// scratch (an invalid leftover of a failed build dropped first) and never left
    /// invalid after a failure of its own.
    async fn run_alone(
        &self,
        client: &Client,
        migration: &Migration,
        script: &Script,
        index: usize,
        statement: &Statement,
    ) -> Result<(), MigrateError> {
        if let Some(target) = &statement.concurrent_index {
            drop_invalid_index(client, target).await?;
        }
        if let Err(error) = client.batch_execute(script.text(statement)).await {
            if let Some(target) = &statement.concurrent_index {
                let _ = drop_invalid_index(client, target).await;
            }
            return Err(statement_error(migration, script, index, error));
        }
        Ok(())
    }

    async fn down_locked(&self, client: &mut Client, to: &DownTo) -> Result<Vec<Ran>, MigrateError> {
        if !self.journal.exists(client).await? {
            return Ok(Vec::new());
        }
        let entries = self.journal.entries(&*client).await?;
        if let Some(failed) = entries.iter().find(|e| !e.success) {
            return Err(failed_entry(failed));
        }
        let mut applied: Vec<(u128, &JournalEntry)> =
            entries.iter().filter_map(|e| Some((version_key(&e.version)?, e))).collect();
        applied.sort_by_key(|(key, _)| std::cmp::Reverse(*key));
        let chosen: Vec<&JournalEntry> = match to {
            DownTo::Last(n) => applied.iter().take(*n).map(|(_, e)| *e).collect(),
            DownTo::Version(version) => {
                let Some(stop) = version_key(version) else {
                    return Err(MigrateError::UnknownVersion { version: version.clone(), place: "in the journal" });
                };
                if stop != 0 && !applied.iter().any(|(key, _)| *key == stop) {
                    return Err(MigrateError::UnknownVersion { version: version.clone(), place: "in the journal" });
                }
                applied.iter().filter(|(key, _)| *key > stop).map(|(_, e)| *e).collect()
            }
        };
        let by_key: HashMap<u128, &Migration> = self.keyed().collect();
        let mut plan = Vec::with_capacity(chosen.len());
        for entry in chosen {
            let Some(migration) = version_key(&entry.version).and_then(|k| by_key.get(&k).copied()) else {
                return Err(MigrateError::Missing { version: entry.version.clone(), label: entry.label() });
            };
            if entry.checksum != migration.up.checksum.to_hex() {
                return Err(edited(entry, migration));
            }
            let Some(down) = &migration.down else {
                return Err(MigrateError::NoDown { label: migration.label(), expected: down_path(&migration.up.path) });
            };
            if down.statements.is_empty() {
                return Err(MigrateError::EmptyScript { path: down.path.clone() });
            }
            plan.push((migration, down));
        }
        let mut ran = Vec::with_capacity(plan.len());
        for (migration, down) in plan {
            self.report(Progress::Reverting(migration));
            let started = Instant::now();
            if down.transaction {
                let tx = client.transaction().await.map_err(|e| {
                    MigrateError::database(format!("cannot start a transaction for {}", migration.label()), e)
                })?;
                for (index, statement) in down.statements.iter().enumerate() {
                    tx.batch_execute(down.text(statement))
                        .await
                        .map_err(|e| statement_error(migration, down, index, e))?;
                }
                self.journal.delete(&tx, &migration.version).await?;
                tx.commit().await.map_err(|e| commit_error(migration, down, e))?;
            } else {
                for (index, statement) in down.statements.iter().enumerate() {
                    if let Err(error) = self.run_alone(client, migration, down, index, statement).await {
                        // Half reverted: neither applied nor pending until repaired.
                        let _ = self.journal.progress(client, &migration.version, count(index), None).await;
                        return Err(error);
                    }
                }
                self.journal.delete(&*client, &migration.version).await?;
            }
            let elapsed = started.elapsed();
            self.report(Progress::Reverted(migration, elapsed));
            ran.push(Ran { version: migration.version.clone(), name: migration.name.clone(), elapsed });
        }
        Ok(ran)
    }

    async fn repair_locked(&self, client: &mut Client, version: &str, action: Repair) -> Result<String, MigrateError> {
        let key = version_key(version)
            .ok_or_else(|| MigrateError::UnknownVersion { version: version.to_string(), place: "(not digits)" })?;
        let migration = self.keyed().find(|(k, _)| *k == key).map(|(_, m)| m);
        self.journal.ensure(client).await?;
        let entries = self.journal.entries(&*client).await?;
        let entry = entries.iter().find(|e| version_key(&e.version) == Some(key));
        let label =
            entry.map(JournalEntry::label).or_else(|| migration.map(Migration::label)).unwrap_or(version.into());
        let refuse = |message: &str| Err(MigrateError::Repair { label: label.clone(), message: message.to_string() });
        match (action, entry, migration) {
            (Repair::Applied, Some(e), _) if e.success => refuse("it is already applied"),
            (Repair::Applied, Some(e), m) => {
                let checksum = m.map_or(e.checksum.clone(), |m| m.up.checksum.to_hex());
                self.journal.mark_applied(&*client, &e.version, &checksum).await?;
                Ok(format!("{label}: marked applied"))
            }
            (Repair::Applied, None, Some(m)) => {
                let steps = count(m.up.statements.len());
                self.journal.insert(&*client, &journal_row(m, true, steps, None)).await?;
                Ok(format!("{label}: recorded as applied (its statements were not run)"))
            }
            (Repair::Applied, None, None) => Err(MigrateError::UnknownVersion {
                version: version.to_string(),
                place: "in the folder or the journal",
            }),
            (Repair::RolledBack, Some(e), _) => {
                self.journal.delete(&*client, &e.version).await?;
                Ok(format!("{label}: removed from the journal; the next run applies it again"))
            }
            (Repair::RolledBack, None, _) => refuse("it is not in the journal: there is nothing to roll back"),
            (Repair::AcceptEdit, Some(e), Some(m)) if e.success && e.checksum != m.up.checksum.to_hex() => {
                self.journal.mark_applied(&*client, &e.version, &m.up.checksum.to_hex()).await?;
                Ok(format!("{label}: the journal now holds the edited file's checksum {}", m.up.checksum))
            }
            (Repair::AcceptEdit, Some(e), Some(_)) if e.success => refuse("its file is unchanged: nothing to accept"),
            (Repair::AcceptEdit, Some(_), Some(_)) => refuse("it failed: use --applied or --rolled-back"),
            (Repair::AcceptEdit, Some(_), None) => refuse("its file is not in the folder"),
            (Repair::AcceptEdit, None, _) => refuse("it is not applied: there is no edit to accept"),
        }
    }

    fn report(&self, progress: Progress<'_>) {
        if let Some(report) = &self.progress {
            report(progress);
        }
    }
}

/// The same, blocking, on the blocking executor.
#[cfg(feature = "blocking")]
impl Migrator {
    /// [`run`](Self::run), blocking.
    pub fn run_blocking<C: Connection>(&self, db: &mut crate::exec::blocking::Db<C>) -> Result<Vec<Ran>, MigrateError> {
        let (runtime, db) = db.parts();
        runtime.block_on(self.run(db))
    }

    /// [`status`](Self::status), blocking.
    pub fn status_blocking<C: Connection>(
        &self,
        db: &mut crate::exec::blocking::Db<C>,
    ) -> Result<Vec<Status>, MigrateError> {
        let (runtime, db) = db.parts();
        runtime.block_on(self.status(db))
    }

    /// [`down`](Self::down), blocking.
    pub fn down_blocking<C: Connection>(
        &self,
        db: &mut crate::exec::blocking::Db<C>,
        to: DownTo,
    ) -> Result<Vec<Ran>, MigrateError> {
        let (runtime, db) = db.parts();
        runtime.block_on(self.down(db, to))
    }

    /// [`repair`](Self::repair), blocking.
    pub fn repair_blocking<C: Connection>(
        &self,
        db: &mut crate::exec::blocking::Db<C>,
        version: &str,
        action: Repair,
    ) -> Result<String, MigrateError> {
        let (runtime, db) = db.parts();
        runtime.block_on(self.repair(db, version, action))
    }
}

impl std::fmt::Debug for Migrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("migrations", &self.migrations.len())
            .field("journal", &self.journal.display())
            .field("lock_timeout", &self.lock_timeout)
            .field("allow_out_of_order", &self.allow_out_of_order)
            .finish_non_exhaustive()
    }
}

/// The journal row of a migration.
fn journal_row(migration: &Migration, success: bool, applied_steps: i32, execution_ms: Option<i64>) -> NewEntry<'_> {
    NewEntry {
        version: &migration.version,
        name: &migration.name,
        checksum: migration.up.checksum.to_hex(),
        down_checksum: migration.down.as_ref().map(|d| d.checksum.to_hex()),
        success,
        applied_steps,
        statements: count(migration.up.statements.len()),
        execution_ms,
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn millis(started: Instant) -> i64 {
    i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX)
}

/// `…/up.sql` → `…/down.sql`; `x.up.sql` → `x.down.sql`; `x.sql` → `x.down.sql`.
fn down_path(up: &str) -> String {
    if let Some(dir) = up.strip_suffix("up.sql").filter(|d| d.ends_with('/') || d.ends_with('\\')) {
        format!("{dir}down.sql")
    } else if let Some(stem) = up.strip_suffix(".up.sql") {
        format!("{stem}.down.sql")
    } else {
        format!("{}.down.sql", up.strip_suffix(".sql").unwrap_or(up))
    }
}

/// Drops an invalid index a failed concurrent build left behind.
async fn drop_invalid_index(client: &Client, target: &ConcurrentIndex) -> Result<(), MigrateError> {
    let leftover = client
        .query_opt(
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_index i \
             JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT i.indisvalid AND c.relname = $1 AND i.indrelid = to_regclass($2)",
            &[&target.name, &target.table],
        )
        .await
        .map_err(|e| MigrateError::database(format!("cannot look for an invalid index {}", target.name), e))?;
    if let Some(row) = leftover {
        let name: String = row.get(0);
        client.batch_execute(&format!("DROP INDEX CONCURRENTLY IF EXISTS {name}")).await.map_err(|e| {
            MigrateError::database(format!("cannot drop the invalid index {name} a failed build left"), e)
        })?;
    }
    Ok(())
}

/// A failed statement, located in its file.
fn statement_error(migration: &Migration, script: &Script, index: usize, error: tokio_postgres::Error) -> MigrateError {
    let statement = &script.statements[index];
    let text = script.text(statement);
    let first_token = skip_blanks(text);
    let (message, code, position) = match error.as_db_error() {
        Some(db) => {
            let mut message = db.message().to_string();
            if let Some(detail) = db.detail() {
                message.push_str(&format!("\n    DETAIL: {detail}"));
            }
            if let Some(hint) = db.hint() {
                message.push_str(&format!("\n    HINT: {hint}"));
            }
            let position = match db.position() {
                Some(tokio_postgres::error::ErrorPosition::Original(p)) => Some(*p),
                _ => None,
            };
            (message, Some(db.code().code().to_string()), position)
        }
        None => (error.to_string(), None, None),
    };
    // The server counts characters from 1 within the statement it was sent.
    let offset = position
        .and_then(|p| text.char_indices().nth(usize::try_from(p).ok()?.saturating_sub(1)).map(|(at, _)| at))
        .unwrap_or(first_token);
    MigrateError::Statement(Box::new(FailedStatement {
        version: migration.version.clone(),
        label: migration.label(),
        path: script.path.clone(),
        line: script.line_of(statement.span.start + offset),
        index: index + 1,
        total: script.statements.len(),
        statement: first_line(&text[first_token..]),
        message,
        code,
        no_transaction: !script.transaction,
    }))
}

/// `COMMIT` failed: deferred constraints, or the connection.
fn commit_error(migration: &Migration, script: &Script, error: tokio_postgres::Error) -> MigrateError {
    let last = script.statements.len() - 1;
    match statement_error(migration, script, last, error) {
        MigrateError::Statement(mut failed) => {
            failed.index = failed.total;
            failed.statement = "COMMIT (deferred constraints are checked here)".into();
            MigrateError::Statement(failed)
        }
        other => other,
    }
}

/// The statement's first line, shortened.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim_end();
    if line.chars().count() > 100 {
        format!("{}…", line.chars().take(100).collect::<String>())
    } else {
        line.to_string()
    }
}

/// The offset of the first token: past whitespace and comments.
fn skip_blanks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes[at..].starts_with(b"--") {
            at = text[at..].find('\n').map_or(bytes.len(), |n| at + n + 1);
        } else if bytes[at..].starts_with(b"/*") {
            let mut depth = 0usize;
            while at < bytes.len() {
                if bytes[at..].starts_with(b"/*") {
                    depth += 1;
                    at += 2;
                } else if bytes[at..].starts_with(b"*/") {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    at += 1;
                }
            }
        } else {
            return at.min(bytes.len());
        }
    }
}

/// The error for a journal entry left failed: nothing runs until `repair`.
fn failed_entry(failed: &JournalEntry) -> MigrateError {
    MigrateError::Failed {
        version: failed.version.clone(),
        label: failed.label(),
        applied_steps: failed.applied_steps,
        statements: failed.statements,
    }
}

/// The error for an applied migration whose file no longer has the checksum the
/// journal recorded.
fn edited(entry: &JournalEntry, migration: &Migration) -> MigrateError {
    MigrateError::Edited {
        version: entry.version.clone(),
        label: migration.label(),
        path: migration.up.path.clone(),
        recorded: entry.checksum.clone(),
        current: migration.up.checksum.to_hex(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_and_comments_are_skipped() {
        assert_eq!(skip_blanks("  -- a\n /* b /* c */ */ SELECT"), 24);
        assert_eq!(skip_blanks("SELECT"), 0);
        assert_eq!(skip_blanks("  "), 2);
    }

    #[test]
    fn down_paths_follow_the_layout() {
        assert_eq!(down_path("migrations/1_a/up.sql"), "migrations/1_a/down.sql");
        assert_eq!(down_path("migrations/1_a.up.sql"), "migrations/1_a.down.sql");
        assert_eq!(down_path("migrations/1_a.sql"), "migrations/1_a.down.sql");
    }
}
