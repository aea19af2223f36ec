//! Read replicas (Drizzle's `withReplicas`): a primary and its streaming replicas
//! behind one handle. Statements that only read go to a replica; writes, row locks
//! (`FOR UPDATE`), transactions and raw SQL go to the primary, and so does every read
//! after a write in the same [`Session`] (one request), unless read-your-writes says to
//! wait for the replica instead.

use super::batch::{self, Batch, BatchItem as _};
use super::Runner;
use crate::error::{Error, Result};
use crate::load::Query;
use crate::query::{raw, AllColumns, Render, Returns};
use crate::schema::Table;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which replica serves a read, given how many there are: round-robin unless
/// [`Replicated::choose_with`] says otherwise.
type Chooser = Box<dyn Fn(usize) -> usize + Send + Sync>;

/// What a session reads after it has written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReadYourWrites {
    /// From the primary, for the rest of the session (the default).
    #[default]
    Primary,
    /// From a replica once it has replayed the session's last write (its WAL position
    /// on the primary), waiting up to the given time; from the primary after that.
    /// The wait uses tokio's timer (a runtime with time enabled, as `#[tokio::main]`).
    WaitForReplica(Duration),
    /// From a replica, replayed or not: reads may miss the session's own writes.
    Off,
}

/// A primary and its read replicas, each a `Db` of one driver (`D`): see
/// `Db::with_replicas` (tokio-postgres, or sqlx).
pub struct Replicated<D> {
    primary: D,
    replicas: Vec<D>,
    next: AtomicUsize,
    chooser: Option<Chooser>,
    fall_back: bool,
    read_your_writes: ReadYourWrites,
}

#[cfg(feature = "tokio-postgres")]
impl<C: super::AsyncClient> super::Db<C> {
    /// This connection as the primary, with read replicas (each a `Db` on a connection
    /// to a streaming replica). Reads are spread round-robin; a replica that cannot
    /// be reached sends its reads to the primary (or fails them, with
    /// [`Replicated::fail_when_replica_down`]).
    ///
    /// ```no_run
    /// # async fn demo(primary: tokio_postgres::Client, replica: tokio_postgres::Client) -> sleet::Result<()> {
    /// use sleet::prelude::*;
    /// use sleet::Db;
    /// let db = Db::new(primary).with_replicas([Db::new(replica)]);
    /// let request = db.session(); // one per request: reads after its writes see them
    /// let n: Vec<(i32,)> = request.all(&sleet::raw("SELECT 1").rows::<(i32,)>()).await?;
    /// # let _ = n; Ok(()) }
    /// ```
    pub fn with_replicas(self, replicas: impl IntoIterator<Item = Self>) -> Replicated<Self> {
        Replicated::new(self, replicas)
    }
}

impl<D: Runner> Replicated<D> {
    /// The primary and its replicas, reads spread round-robin.
    pub(crate) fn new(primary: D, replicas: impl IntoIterator<Item = D>) -> Self {
        Replicated {
            primary,
            replicas: replicas.into_iter().collect(),
            next: AtomicUsize::new(0),
            chooser: None,
            fall_back: true,
            read_your_writes: ReadYourWrites::default(),
        }
    }

    /// Chooses the replica for each read: `choose(count)` returns an index below
    /// `count` (taken modulo `count`).
    pub fn choose_with(mut self, choose: impl Fn(usize) -> usize + Send + Sync + 'static) -> Self {
        self.chooser = Some(Box::new(choose));
        self
    }

    /// A read whose replica cannot be reached fails with
    /// [`Error::ReplicaUnavailable`] instead of going to the primary.
    pub fn fail_when_replica_down(mut self) -> Self {
        self.fall_back = false;
        self
    }

    /// What a session reads after it has written (default:
    /// [`ReadYourWrites::Primary`]).
    pub fn read_your_writes(mut self, mode: ReadYourWrites) -> Self {
        self.read_your_writes = mode;
        self
    }

    /// The primary, for what must run there (transactions, raw SQL, a read that must
    /// see the latest data).
    pub fn primary(&self) -> &D {
        &self.primary
    }

    /// The primary, mutably: `db.primary_mut().transaction(…)`.
    pub fn primary_mut(&mut self) -> &mut D {
        &mut self.primary
    }

    /// The replicas, in the order given.
    pub fn replicas(&self) -> &[D] {
        &self.replicas
    }

    /// A scope for one request: reads after one of its writes follow
    /// [`read_your_writes`](Self::read_your_writes).
    pub fn session(&self) -> Session<'_, D> {
        Session { db: self, wrote: AtomicBool::new(false), wrote_at: Mutex::new(None) }
    }

    /// Every row (a session of its own: see [`Session::all`]).
    pub async fn all<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Vec<Q::Row>>
    where
        Q::Row: Send,
    {
        self.session().all(query).await
    }

    /// Exactly one row (a session of its own).
    pub async fn one<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Q::Row>
    where
        Q::Row: Send,
    {
        self.session().one(query).await
    }

    /// Zero or one row (a session of its own).
    pub async fn optional<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Option<Q::Row>>
    where
        Q::Row: Send,
    {
        self.session().optional(query).await
    }

    /// Runs a statement on the primary (a session of its own).
    pub async fn execute<Q: Render + Sync>(&self, query: &Q) -> Result<u64> {
        self.session().execute(query).await
    }

    /// The replica for the next read.
    fn pick(&self) -> Option<usize> {
        let count = self.replicas.len();
        (count > 0).then(|| match &self.chooser {
            Some(choose) => choose(count) % count,
            None => self.next.fetch_add(1, Ordering::Relaxed) % count,
        })
    }
}

/// One request's view of a [`Replicated`] database.
pub struct Session<'r, D> {
    db: &'r Replicated<D>,
    wrote: AtomicBool,
    /// The primary's WAL position after the session's last write (`pg_lsn` text).
    wrote_at: Mutex<Option<String>>,
}

impl<D: Runner> Session<'_, D> {
    /// Every row: from a replica when the statement only reads.
    pub async fn all<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Vec<Q::Row>>
    where
        Q::Row: Send,
    {
        self.read(query.is_read(), async |db| batch::all(query).run(db).await).await
    }

    /// Exactly one row.
    pub async fn one<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Q::Row>
    where
        Q::Row: Send,
    {
        self.read(query.is_read(), async |db| batch::one(query).run(db).await).await
    }

    /// Zero or one row.
    pub async fn optional<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Option<Q::Row>>
    where
        Q::Row: Send,
    {
        self.read(query.is_read(), async |db| batch::optional(query).run(db).await).await
    }

    /// Runs a statement on the primary; later reads of the session see it.
    pub async fn execute<Q: Render + Sync>(&self, query: &Q) -> Result<u64> {
        self.read(query.is_read(), async |db| db.execute_statement(query).await).await
    }

    /// Several statements in one round trip: on a replica when every one only reads.
    pub async fn batch<B: Batch>(&self, items: B) -> Result<B::Output> {
        self.read(items.is_read(), async |db| items.run(db).await).await
    }

    /// A nested read, on the `Db` that serves reads now (a replica, or the primary
    /// after a write); a replica that cannot be reached is found out when it runs.
    pub async fn query<T: Table>(&self, table: T) -> Query<&D, T, AllColumns<T>> {
        Query::new(self.reader().await, table)
    }

    /// The `Db` that serves a read now.
    pub(crate) async fn reader(&self) -> &D {
        match self.replica_for_read().await {
            Some(index) => &self.db.replicas[index],
            None => &self.db.primary,
        }
    }

    /// The primary, for this session's statements that must run there (raw SQL).
    pub fn primary(&self) -> &D {
        &self.db.primary
    }

    /// Runs `run` on a replica when `read` and the session's writes allow, else on the
    /// primary (and marks the session as having written).
    async fn read<T>(&self, read: bool, run: impl AsyncFn(&D) -> Result<T>) -> Result<T> {
        if !read {
            let out = run(&self.db.primary).await;
            self.wrote().await;
            return out;
        }
        let Some(index) = self.replica_for_read().await else {
            return run(&self.db.primary).await;
        };
        match run(&self.db.replicas[index]).await {
            Err(e) if unreachable(&e) => {
                if self.db.fall_back {
                    tracing::warn!(replica = index + 1, error = %e, "read replica unreachable: reading from the primary");
                    run(&self.db.primary).await
                } else {
                    Err(Error::ReplicaUnavailable {
                        replica: index + 1,
                        count: self.db.replicas.len(),
                        source: Box::new(e),
                    })
                }
            }
            other => other,
        }
    }

    /// Notes a write: the primary's WAL position, when reads are to wait for it.
    async fn wrote(&self) {
        self.wrote.store(true, Ordering::Release);
        if let ReadYourWrites::WaitForReplica(_) = self.db.read_your_writes {
            let lsn = raw("SELECT pg_current_wal_lsn()::text").rows::<(String,)>();
            let position = batch::one(&lsn).run(&self.db.primary).await.ok().map(|(at,)| at);
            if let Ok(mut at) = self.wrote_at.lock() {
                *at = position;
            }
        }
    }

    /// The replica a read goes to now, or `None` for the primary.
    async fn replica_for_read(&self) -> Option<usize> {
        let index = self.db.pick()?;
        if !self.wrote.load(Ordering::Acquire) {
            return Some(index);
        }
        match self.db.read_your_writes {
            ReadYourWrites::Off => Some(index),
            ReadYourWrites::Primary => None,
            ReadYourWrites::WaitForReplica(limit) => {
                let at = self.wrote_at.lock().ok().and_then(|at| at.clone())?;
                self.replayed(index, &at, limit).await.then_some(index)
            }
        }
    }

    /// Whether replica `index` replays WAL position `at` within `limit`.
    async fn replayed(&self, index: usize, at: &str, limit: Duration) -> bool {
        let replica = &self.db.replicas[index];
        let at = at.to_string();
        let check =
            raw("SELECT pg_last_wal_replay_lsn() >= ").bind(&at).push("::text::pg_lsn").rows::<(Option<bool>,)>();
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match batch::one(&check).run(replica).await {
                Ok((Some(true),)) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
            if started.elapsed() + pause > limit {
                return false;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

/// Whether the error says the server could not be reached or went away (no SQLSTATE,
/// a connection exception `08…`, or an operator intervention `57P…`), rather than
/// refusing the statement.
fn unreachable(error: &Error) -> bool {
    match error {
        Error::Database { .. } => error.code().is_none_or(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}
