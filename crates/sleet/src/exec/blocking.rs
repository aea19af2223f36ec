//! The blocking executor: the async [`Db`](super::Db) driven by a current-thread tokio
//! runtime of its own, as `postgres::Client` drives a `tokio_postgres::Client`. Every
//! method blocks on the async one, so the two cannot drift apart: statement cache,
//! unnamed statements, transactions with savepoints and retry, nested reads, raw SQL.
//!
//! ```no_run
//! # use sleet::exec::blocking::Db;
//! # fn demo() -> sleet::Result<()> {
//! let mut db = Db::connect("postgres://app@localhost/app", tokio_postgres::NoTls)?;
//! let n = db.transaction(|tx| tx.execute_raw("DELETE FROM sessions", &[]))?;
//! # let _ = n; Ok(()) }
//! ```
//!
//! Like `postgres::Client`, it must not be used from inside an async runtime (a tokio
//! task): there, use the async [`Db`](super::Db).

use super::{retry_after, AsyncClient, Connection, TransactionOptions};
use crate::error::{DriverError, Error, Result};
use crate::load::Query;
use crate::query::{AllColumns, Render, Returns};
use crate::schema::Table;
use std::future::Future;
use std::sync::Arc;
use tokio::runtime::Runtime;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::{Socket, Transaction};

/// Runs statements on a connection, blocking: the same methods as the async
/// [`Db`](super::Db), without `.await`.
pub struct Db<C> {
    runtime: Arc<Runtime>,
    inner: super::Db<C>,
}

impl Db<tokio_postgres::Client> {
    /// Connects with a URL or key-value string, as `postgres::Client::connect` does;
    /// `tls` is `tokio_postgres::NoTls` or a TLS connector (`postgres-native-tls`,
    /// `postgres-openssl`, `tokio-postgres-rustls`).
    pub fn connect<T>(params: &str, tls: T) -> Result<Self>
    where
        T: MakeTlsConnect<Socket> + 'static + Send,
        T::TlsConnect: Send,
        T::Stream: Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        // A string that does not parse is not echoed: it may hold a password.
        let config: tokio_postgres::Config =
            params.parse().map_err(|e| connect_error("the connection string (not shown)", e))?;
        Self::connect_with(&config, tls)
    }

    /// Connects with a `tokio_postgres::Config`.
    pub fn connect_with<T>(config: &tokio_postgres::Config, tls: T) -> Result<Self>
    where
        T: MakeTlsConnect<Socket> + 'static + Send,
        T::TlsConnect: Send,
        T::Stream: Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| connect_error(&describe(config), e))?;
        let client = connect_on(&runtime, config, tls)?;
        Ok(Self { runtime: Arc::new(runtime), inner: super::Db::new(client) })
    }

    /// This connection as the primary, with read replicas connected from `urls` on
    /// this executor's runtime (see the async
    /// [`with_replicas`](super::Db::with_replicas)); each replica sends statements as
    /// the primary does (prepared and cached, or unnamed).
    pub fn with_replicas<T>(self, urls: impl IntoIterator<Item = impl AsRef<str>>, tls: T) -> Result<Replicated>
    where
        T: MakeTlsConnect<Socket> + Clone + 'static + Send,
        T::TlsConnect: Send,
        T::Stream: Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let mut replicas = Vec::new();
        for url in urls {
            let config: tokio_postgres::Config =
                url.as_ref().parse().map_err(|e| connect_error("a replica's connection string (not shown)", e))?;
            let replica = super::Db::new(connect_on(&self.runtime, &config, tls.clone())?);
            replicas.push(if self.inner.prepares() { replica } else { replica.without_statement_cache() });
        }
        Ok(Replicated { runtime: self.runtime, inner: self.inner.with_replicas(replicas) })
    }
}

/// Connects on `runtime`, whose every `block_on` then drives the connection.
fn connect_on<T>(runtime: &Runtime, config: &tokio_postgres::Config, tls: T) -> Result<tokio_postgres::Client>
where
    T: MakeTlsConnect<Socket> + 'static + Send,
    T::TlsConnect: Send,
    T::Stream: Send,
    <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
{
    let target = describe(config);
    let (client, connection) = runtime.block_on(config.connect(tls)).map_err(|e| connect_error(&target, e))?;
    runtime.spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// A primary and its read replicas, blocking: see the async
/// [`Replicated`](super::Replicated).
pub struct Replicated {
    runtime: Arc<Runtime>,
    inner: super::Replicated<super::Db<tokio_postgres::Client>>,
}

impl Replicated {
    /// Chooses the replica for each read (see the async
    /// [`choose_with`](super::Replicated::choose_with)).
    pub fn choose_with(self, choose: impl Fn(usize) -> usize + Send + Sync + 'static) -> Self {
        Self { runtime: self.runtime, inner: self.inner.choose_with(choose) }
    }

    /// Fails reads whose replica cannot be reached instead of sending them to the
    /// primary.
    pub fn fail_when_replica_down(self) -> Self {
        Self { runtime: self.runtime, inner: self.inner.fail_when_replica_down() }
    }

    /// What a session reads after it has written.
    pub fn read_your_writes(self, mode: super::ReadYourWrites) -> Self {
        Self { runtime: self.runtime, inner: self.inner.read_your_writes(mode) }
    }

    /// A scope for one request (see the async [`Session`](super::Session)).
    pub fn session(&self) -> Session<'_> {
        Session { runtime: &self.runtime, inner: self.inner.session() }
    }

    /// Every row (a session of its own).
    pub fn all<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Vec<Q::Row>>
    where
        Q::Row: Send,
    {
        self.session().all(query)
    }

    /// Exactly one row (a session of its own).
    pub fn one<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Q::Row>
    where
        Q::Row: Send,
    {
        self.session().one(query)
    }

    /// Runs a statement on the primary (a session of its own).
    pub fn execute<Q: Render + Sync>(&self, query: &Q) -> Result<u64> {
        self.session().execute(query)
    }
}

/// What a blocking nested read runs on: a blocking [`Db`], or the `Db` a replicated
/// [`Session`] chose; its runtime drives the async read.
pub trait Blocking: Copy {
    /// The client of the async `Db`.
    type Client: AsyncClient;
    /// The runtime, and the async `Db` on it.
    fn parts(&self) -> (&Runtime, &super::Db<Self::Client>);
}

impl<C: AsyncClient> Blocking for &Db<C> {
    type Client = C;
    fn parts(&self) -> (&Runtime, &super::Db<C>) {
        (&self.runtime, &self.inner)
    }
}

impl Blocking for Routed<'_> {
    type Client = tokio_postgres::Client;
    fn parts(&self) -> (&Runtime, &super::Db<tokio_postgres::Client>) {
        (self.runtime, self.db)
    }
}

/// The `Db` a blocking [`Session`] chose for a nested read, with the runtime.
#[derive(Clone, Copy)]
pub struct Routed<'r> {
    runtime: &'r Runtime,
    db: &'r super::Db<tokio_postgres::Client>,
}

/// One request's view of a blocking [`Replicated`].
pub struct Session<'r> {
    runtime: &'r Runtime,
    inner: super::Session<'r, super::Db<tokio_postgres::Client>>,
}

impl Session<'_> {
    /// Every row: from a replica when the statement only reads.
    pub fn all<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Vec<Q::Row>>
    where
        Q::Row: Send,
    {
        self.runtime.block_on(self.inner.all(query))
    }

    /// Exactly one row.
    pub fn one<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Q::Row>
    where
        Q::Row: Send,
    {
        self.runtime.block_on(self.inner.one(query))
    }

    /// Zero or one row.
    pub fn optional<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Option<Q::Row>>
    where
        Q::Row: Send,
    {
        self.runtime.block_on(self.inner.optional(query))
    }

    /// Runs a statement on the primary; later reads of the session see it.
    pub fn execute<Q: Render + Sync>(&self, query: &Q) -> Result<u64> {
        self.runtime.block_on(self.inner.execute(query))
    }

    /// Several statements in one round trip: on a replica when every one only reads.
    pub fn batch<B: super::batch::Batch>(&self, items: B) -> Result<B::Output> {
        self.runtime.block_on(self.inner.batch(items))
    }

    /// A nested read on the `Db` that serves reads now (a replica, or the primary after
    /// a write): add `with(…)`, then `all()` or `first()`.
    pub fn query<T: Table>(&self, table: T) -> Query<Routed<'_>, T, AllColumns<T>> {
        let db = self.runtime.block_on(self.inner.reader());
        Query::new(Routed { runtime: self.runtime, db }, table)
    }
}

impl<C: AsyncClient> Db<C> {
    /// Runs `future` to completion on this executor's runtime: for what sleet does not
    /// wrap, such as the client's own methods (`db.block_on(db.client().simple_query(…))`).
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Sends every statement unnamed, in one round trip (see the async
    /// [`without_statement_cache`](super::Db::without_statement_cache)).
    pub fn without_statement_cache(self) -> Self {
        Self { runtime: self.runtime, inner: self.inner.without_statement_cache() }
    }

    /// The same connection with the tables of `public` in `schema` (see the async
    /// [`in_schema`](super::Db::in_schema)).
    pub fn in_schema(&self, schema: &str) -> Db<&C> {
        Db { runtime: Arc::clone(&self.runtime), inner: self.inner.in_schema(schema) }
    }

    /// The same connection with the tables of `from` in `to` (see the async
    /// [`map_schema`](super::Db::map_schema)).
    pub fn map_schema(&self, from: &str, to: &str) -> Db<&C> {
        Db { runtime: Arc::clone(&self.runtime), inner: self.inner.map_schema(from, to) }
    }

    /// Its runtime and the async executor, for what drives the latter mutably (the
    /// migration runner).
    #[cfg(feature = "migrate")]
    pub(crate) fn parts(&mut self) -> (&Runtime, &mut super::Db<C>) {
        (&self.runtime, &mut self.inner)
    }

    /// The wrapped async client.
    pub fn client(&self) -> &C {
        self.inner.client()
    }

    /// Several statements in one round trip (see the async [`batch`](super::Db::batch)).
    pub fn batch<B: super::batch::Batch>(&self, items: B) -> Result<B::Output> {
        self.block_on(self.inner.batch(items))
    }

    /// Every row.
    pub fn all<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Vec<Q::Row>>
    where
        Q::Row: Send,
    {
        self.block_on(self.inner.all(query))
    }

    /// Exactly one row; zero or several is an error.
    pub fn one<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Q::Row>
    where
        Q::Row: Send,
    {
        self.block_on(self.inner.one(query))
    }

    /// Zero or one row; several is an error.
    pub fn optional<Q: Render + Returns + Sync>(&self, query: &Q) -> Result<Option<Q::Row>>
    where
        Q::Row: Send,
    {
        self.block_on(self.inner.optional(query))
    }

    /// Runs a statement; returns the number of rows it affected.
    pub fn execute<Q: Render + Sync>(&self, query: &Q) -> Result<u64> {
        self.block_on(self.inner.execute(query))
    }

    /// Runs raw SQL with bound parameters; returns the number of rows affected.
    pub fn execute_raw(&self, sql: &str, params: &[&(dyn postgres_types::ToSql + Sync)]) -> Result<u64> {
        self.block_on(self.inner.execute_raw(sql, params))
    }

    /// Starts a nested read of `table` (see the async [`query`](super::Db::query)).
    pub fn query<T: Table>(&self, table: T) -> Query<&Self, T, AllColumns<T>> {
        self.inner.query(table).on(self)
    }
}

impl<C: Connection> Db<C> {
    /// Runs `body` in a transaction: `COMMIT` when it returns `Ok`, `ROLLBACK` when it
    /// returns `Err` (or panics).
    pub fn transaction<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&mut Db<Transaction<'c>>) -> Result<T, E>,
        E: From<Error>,
    {
        self.transaction_with(TransactionOptions::default(), body)
    }

    /// [`transaction`](Self::transaction) with an isolation level, read-only or
    /// deferrable mode.
    pub fn transaction_with<T, E, F>(&mut self, options: TransactionOptions, body: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&mut Db<Transaction<'c>>) -> Result<T, E>,
        E: From<Error>,
    {
        let runtime = Arc::clone(&self.runtime);
        let inner = runtime.block_on(self.inner.begin(options))?;
        let mut tx = Db { runtime, inner };
        let outcome = body(&mut tx);
        tx.runtime.block_on(tx.inner.finish(outcome))
    }

    /// Runs a transaction, again (up to `attempts` times in all) when it fails with a
    /// serialization failure or deadlock; `attempt` makes the body of each try.
    pub fn transaction_retrying<T, A, F>(
        &mut self,
        options: TransactionOptions,
        attempts: u32,
        mut attempt: A,
    ) -> Result<T>
    where
        A: FnMut() -> F,
        F: for<'c> FnOnce(&mut Db<Transaction<'c>>) -> Result<T>,
    {
        let mut tries = 1;
        loop {
            match self.transaction_with(options, attempt()) {
                Err(e) if retry_after(&e, &mut tries, attempts) => {}
                other => return other,
            }
        }
    }
}

impl Db<Transaction<'_>> {
    /// A nested transaction: a `SAVEPOINT`, released when `body` returns `Ok` and
    /// rolled back to when it returns `Err`.
    pub fn transaction<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&mut Db<Transaction<'c>>) -> Result<T, E>,
        E: From<Error>,
    {
        let runtime = Arc::clone(&self.runtime);
        let inner = runtime.block_on(self.inner.savepoint())?;
        let mut savepoint = Db { runtime, inner };
        let outcome = body(&mut savepoint);
        savepoint.runtime.block_on(savepoint.inner.finish(outcome))
    }
}

/// Where a config connects, for messages: hosts, ports and database, no password.
fn describe(config: &tokio_postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(host) => host.clone(),
            tokio_postgres::config::Host::Unix(dir) => dir.display().to_string(),
        })
        .collect();
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    format!("{} port {} database {}", hosts.join(","), ports.join(","), config.get_dbname().unwrap_or("(default)"))
}

fn connect_error(target: &str, error: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Connect { target: target.to_string(), source: DriverError(Box::new(error)) }
}
