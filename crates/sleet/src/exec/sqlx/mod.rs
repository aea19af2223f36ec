//! The executor on sqlx (feature `sqlx`): the same methods as the tokio-postgres
//! [`Db`](super::Db) — `all`, `one`, `optional`, `execute`, nested reads, batches,
//! transactions with savepoints, tenants' schemas — over a `PgPool` (a connection per
//! statement, as `&PgPool` does in sqlx), or over one connection or transaction the
//! `Db` holds (`Db::on`).
//!
//! Statements go through sqlx's extended protocol: prepared and cached per connection
//! by sqlx (`persistent`), or unnamed with `without_statement_cache()`. Parameters are
//! encoded by sleet (`SqlParam`: the type is declared, the binary encoding is
//! `postgres-types`'), and rows are decoded by sleet from their binary values, so the
//! generated row structs need no `sqlx::FromRow`.

mod params;
mod types;

use super::{at_most_one, exactly_one, query_span, record, retry_after, BoxFuture, Runner, TransactionOptions};
use crate::error::{Error, Result};
use crate::query::{AllColumns, Render, Returns, SchemaMap};
use crate::row::{ResultDecoder, RowReader, RowSource};
use crate::schema::{FromRow, Table};
use ::sqlx::pool::PoolConnection;
use ::sqlx::postgres::{PgConnection, PgPool, PgRow, Postgres};
use ::sqlx::{Connection as _, Transaction};
use postgres_types::Type;
use std::sync::Arc;
use tracing::Instrument;

/// A connection a [`Db`] can hold: a `PgConnection`, a pooled one, a transaction, or a
/// borrowed `&mut PgConnection`.
pub trait HoldsConnection: Send {
    /// The connection statements run on.
    fn connection(&mut self) -> &mut PgConnection;
}

impl HoldsConnection for PgConnection {
    fn connection(&mut self) -> &mut PgConnection {
        self
    }
}
impl HoldsConnection for &mut PgConnection {
    fn connection(&mut self) -> &mut PgConnection {
        self
    }
}
impl HoldsConnection for PoolConnection<Postgres> {
    fn connection(&mut self) -> &mut PgConnection {
        self
    }
}
impl HoldsConnection for Transaction<'_, Postgres> {
    fn connection(&mut self) -> &mut PgConnection {
        self
    }
}

/// One connection held by a `Db`: its statements take turns on it.
pub struct Exclusive<C>(tokio::sync::Mutex<C>);

/// A held connection while one statement uses it.
pub struct Held<'a, C>(tokio::sync::MutexGuard<'a, C>);

impl<C: HoldsConnection> HoldsConnection for Held<'_, C> {
    fn connection(&mut self) -> &mut PgConnection {
        self.0.connection()
    }
}

/// Where a `Db`'s statements get their connection.
pub trait Source: Send + Sync {
    /// A connection for one statement.
    type Guard<'a>: HoldsConnection
    where
        Self: 'a;
    /// Takes a connection (from the pool, or the held one when it is free).
    fn acquire(&self) -> BoxFuture<'_, Result<Self::Guard<'_>>>;
}

impl Source for PgPool {
    type Guard<'a> = PoolConnection<Postgres>;
    fn acquire(&self) -> BoxFuture<'_, Result<Self::Guard<'_>>> {
        Box::pin(
            async move { PgPool::acquire(self).await.map_err(|e| Error::from_sqlx(e, "(a connection from the pool)")) },
        )
    }
}

impl<C: HoldsConnection> Source for Exclusive<C> {
    type Guard<'a>
        = Held<'a, C>
    where
        C: 'a;
    fn acquire(&self) -> BoxFuture<'_, Result<Self::Guard<'_>>> {
        Box::pin(async move { Ok(Held(self.0.lock().await)) })
    }
}

impl<S: Source> Source for &S {
    type Guard<'a>
        = S::Guard<'a>
    where
        Self: 'a;
    fn acquire(&self) -> BoxFuture<'_, Result<Self::Guard<'_>>> {
        (**self).acquire()
    }
}

/// Runs statements on sqlx.
///
/// ```no_run
/// # async fn demo(pool: sqlx::PgPool) -> sleet::Result<()> {
/// use sleet::exec::sqlx::Db;
/// let mut db = Db::new(pool);
/// let n = db.transaction(async |tx| tx.execute_raw("SELECT 1", &[]).await).await?;
/// # let _ = n; Ok(()) }
/// ```
pub struct Db<S> {
    source: S,
    /// Whether sqlx prepares and caches each statement, or sends it unnamed.
    persistent: bool,
    schemas: Option<Arc<SchemaMap>>,
    types: Arc<types::TypeCache>,
}

impl Db<PgPool> {
    /// Statements on a pool: each takes a connection for as long as it runs.
    pub fn new(pool: PgPool) -> Self {
        Self::with_source(pool)
    }
}

impl<C: HoldsConnection> Db<Exclusive<C>> {
    /// Statements on one connection or transaction: `Db::on(&mut *tx)`,
    /// `Db::on(pool.acquire().await?)`, `Db::on(connection)`.
    pub fn on(connection: C) -> Self {
        Self::with_source(Exclusive(tokio::sync::Mutex::new(connection)))
    }

    /// Unwraps the connection (to commit a transaction the `Db` was given, say).
    pub fn into_inner(self) -> C {
        self.source.0.into_inner()
    }
}

impl<S: Source> Db<S> {
    fn with_source(source: S) -> Self {
        Self { source, persistent: true, schemas: None, types: Arc::default() }
    }

    /// Sends every statement unnamed instead of letting sqlx prepare and cache it, for
    /// transaction-mode poolers (PgBouncer). sqlx parses an unnamed statement in a round
    /// trip of its own before binding it, which such a pooler may hand to another
    /// server connection: outside a transaction, each statement therefore runs in one
    /// of its own (`BEGIN` … `COMMIT`, which holds one server connection), two round
    /// trips more than sqlx's own unnamed statements.
    pub fn without_statement_cache(mut self) -> Self {
        self.persistent = false;
        self
    }

    /// Whether a statement on `connection` runs in a transaction of its own: unnamed
    /// statements outside a transaction.
    fn pinned(&self, connection: &PgConnection) -> bool {
        !self.persistent && !::sqlx::Connection::is_in_transaction(connection)
    }

    /// The same source, with the tables generated code places in `public` written in
    /// `schema` (see the tokio-postgres [`in_schema`](super::Db::in_schema)).
    pub fn in_schema(&self, schema: &str) -> Db<&S> {
        self.map_schema("public", schema)
    }

    /// The same source, with the tables of schema `from` written in schema `to`.
    pub fn map_schema(&self, from: &str, to: &str) -> Db<&S> {
        Db {
            source: &self.source,
            persistent: self.persistent,
            schemas: Some(Arc::new(SchemaMap::new(from, to))),
            types: Arc::clone(&self.types),
        }
    }

    /// The pool or held connection.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// Every row.
    pub fn all<'a, Q: Render + Returns + Sync>(&'a self, query: &'a Q) -> BoxFuture<'a, Result<Vec<Q::Row>>>
    where
        Q::Row: Send,
    {
        Box::pin(async move {
            Ok(self.decoded_with(query, <Q::Row as FromRow>::WIDTH, <Q::Row as FromRow>::from_row).await?.0)
        })
    }

    /// Exactly one row; zero or several is an error.
    pub fn one<'a, Q: Render + Returns + Sync>(&'a self, query: &'a Q) -> BoxFuture<'a, Result<Q::Row>>
    where
        Q::Row: Send,
    {
        Box::pin(async move {
            let (rows, sql) =
                self.decoded_with(query, <Q::Row as FromRow>::WIDTH, <Q::Row as FromRow>::from_row).await?;
            exactly_one(rows, &sql)
        })
    }

    /// Zero or one row; several is an error.
    pub fn optional<'a, Q: Render + Returns + Sync>(&'a self, query: &'a Q) -> BoxFuture<'a, Result<Option<Q::Row>>>
    where
        Q::Row: Send,
    {
        Box::pin(async move {
            let (rows, sql) =
                self.decoded_with(query, <Q::Row as FromRow>::WIDTH, <Q::Row as FromRow>::from_row).await?;
            at_most_one(rows, &sql)
        })
    }

    /// Runs a statement; returns the number of rows it affected.
    pub fn execute<'a, Q: Render + Sync>(&'a self, query: &'a Q) -> BoxFuture<'a, Result<u64>> {
        Box::pin(async move {
            let (sql, params) = super::render(query, &self.schemas);
            let span = query_span(&sql);
            let started = std::time::Instant::now();
            let n = async {
                let mut held = self.source.acquire().await?;
                let connection = held.connection();
                if self.pinned(connection) {
                    let mut tx = connection.begin().await.map_err(|e| Error::from_sqlx(e, "BEGIN"))?;
                    let arguments = params::arguments(&params, &sql, &mut tx, &self.types).await?;
                    let n = run_execute(&mut tx, &sql, arguments, false).await?;
                    tx.commit().await.map_err(|e| Error::from_sqlx(e, "COMMIT"))?;
                    return Ok(n);
                }
                let arguments = params::arguments(&params, &sql, connection, &self.types).await?;
                run_execute(connection, &sql, arguments, self.persistent).await
            }
            .instrument(span.clone())
            .await?;
            record(&span, usize::try_from(n).unwrap_or(usize::MAX), started);
            Ok(n)
        })
    }

    /// Runs raw SQL (one statement, or several without parameters); returns the rows
    /// affected. Parameters need their types on sqlx: bind them with
    /// [`raw`](crate::raw)`(…).bind(…)` instead, which knows them.
    pub fn execute_raw<'a>(
        &'a self,
        sql: &'a str,
        params: &'a [&'a (dyn postgres_types::ToSql + Sync)],
    ) -> BoxFuture<'a, Result<u64>> {
        Box::pin(async move {
            if !params.is_empty() {
                return Err(Error::Usage(format!(
                    "execute_raw with parameters on sqlx cannot declare their types: use sleet::raw(…).bind(…) (in: {sql})"
                )));
            }
            let span = query_span(sql);
            let started = std::time::Instant::now();
            let n = async {
                let mut held = self.source.acquire().await?;
                run_raw(held.connection(), sql).await
            }
            .instrument(span.clone())
            .await?;
            record(&span, usize::try_from(n).unwrap_or(usize::MAX), started);
            Ok(n)
        })
    }

    /// Several statements, with the same typed tuple as the tokio-postgres
    /// `Db::batch`: on a held connection or transaction they run in order, on a pool on
    /// connections of their own, at once (sqlx does not pipeline a connection's
    /// statements). See [`batch`](super::batch).
    pub fn batch<'a, B: super::batch::Batch + 'a>(&'a self, items: B) -> BoxFuture<'a, Result<B::Output>> {
        Box::pin(async move { items.run(self).await })
    }

    /// This `Db` as the primary, with read replicas (see the tokio-postgres
    /// `Db::with_replicas`): `Db::new(pool).with_replicas([Db::new(replica_pool)])`.
    pub fn with_replicas(self, replicas: impl IntoIterator<Item = Self>) -> super::Replicated<Self> {
        super::Replicated::new(self, replicas)
    }

    /// Starts a nested read of `table` (see [`load`](crate::load)).
    pub fn query<T: Table>(&self, table: T) -> crate::load::Query<&Self, T, AllColumns<T>> {
        crate::load::Query::new(self, table)
    }

    /// Runs `body` in a transaction (a `SAVEPOINT` when this `Db` is one already):
    /// `COMMIT` (`RELEASE`) when it returns `Ok`, `ROLLBACK` when it returns `Err` or
    /// panics (sqlx rolls back a transaction it drops).
    pub async fn transaction<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        S: Begin,
        F: for<'c> AsyncFnOnce(&mut Db<Exclusive<Transaction<'c, Postgres>>>) -> Result<T, E>,
        E: From<Error>,
    {
        self.transaction_with(TransactionOptions::default(), body).await
    }

    /// Runs `body` in a transaction with options (isolation, read only, deferrable),
    /// set first thing in it.
    pub async fn transaction_with<T, E, F>(&mut self, options: TransactionOptions, body: F) -> Result<T, E>
    where
        S: Begin,
        F: for<'c> AsyncFnOnce(&mut Db<Exclusive<Transaction<'c, Postgres>>>) -> Result<T, E>,
        E: From<Error>,
    {
        let (persistent, schemas, types) = (self.persistent, self.schemas.clone(), Arc::clone(&self.types));
        let transaction = self.source.begin().await?;
        let mut tx = Db { source: Exclusive(tokio::sync::Mutex::new(transaction)), persistent, schemas, types };
        if let Some(set) = options.set_transaction() {
            tx.execute_raw(&set, &[]).await?;
        }
        let outcome = body(&mut tx).await;
        let transaction = tx.source.0.into_inner();
        match outcome {
            Ok(value) => {
                transaction.commit().await.map_err(|e| Error::from_sqlx(e, "COMMIT"))?;
                Ok(value)
            }
            Err(e) => {
                transaction.rollback().await.map_err(|e| Error::from_sqlx(e, "ROLLBACK"))?;
                Err(e)
            }
        }
    }

    /// Runs a transaction again (up to `attempts` times in all) when it fails with a
    /// serialization failure or deadlock.
    pub async fn transaction_retrying<T, A, F>(
        &mut self,
        options: TransactionOptions,
        attempts: u32,
        mut attempt: A,
    ) -> Result<T>
    where
        S: Begin,
        A: FnMut() -> F,
        F: for<'c> AsyncFnOnce(&mut Db<Exclusive<Transaction<'c, Postgres>>>) -> Result<T>,
    {
        let mut tries = 1;
        loop {
            match self.transaction_with(options, attempt()).await {
                Err(e) if retry_after(&e, &mut tries, attempts) => {}
                other => return other,
            }
        }
    }
}

// The driver calls, each boxed with its lifetimes named: sqlx's `Executor` for
// `&'c mut PgConnection`, inside a generic `async fn`, otherwise fails the `Send` check
// of callers that spawn (rustc issues #64552, #100013).

fn run_fetch<'a>(
    connection: &'a mut PgConnection,
    sql: &'a str,
    arguments: ::sqlx::postgres::PgArguments,
    persistent: bool,
    cache: &'a types::TypeCache,
) -> BoxFuture<'a, Result<Vec<SqlxRow>>> {
    Box::pin(async move {
        let rows: Vec<PgRow> = ::sqlx::query_with(sql, arguments)
            .persistent(persistent)
            .fetch_all(&mut *connection)
            .await
            .map_err(|e| Error::from_sqlx(e, sql))?;
        let types = match rows.first() {
            Some(first) => cache.column_types(connection, first).await?,
            None => Arc::from(Vec::new()),
        };
        Ok(rows.into_iter().map(|row| SqlxRow { row, types: Arc::clone(&types) }).collect())
    })
}

fn run_execute<'a>(
    connection: &'a mut PgConnection,
    sql: &'a str,
    arguments: ::sqlx::postgres::PgArguments,
    persistent: bool,
) -> BoxFuture<'a, Result<u64>> {
    Box::pin(async move {
        let done = ::sqlx::query_with(sql, arguments)
            .persistent(persistent)
            .execute(connection)
            .await
            .map_err(|e| Error::from_sqlx(e, sql))?;
        Ok(done.rows_affected())
    })
}

fn run_raw<'a>(connection: &'a mut PgConnection, sql: &'a str) -> BoxFuture<'a, Result<u64>> {
    Box::pin(async move {
        // SQL text without arguments goes through the simple protocol (several
        // statements allowed), as `raw_sql` would.
        let done = ::sqlx::Executor::execute(connection, sql).await.map_err(|e| Error::from_sqlx(e, sql))?;
        Ok(done.rows_affected())
    })
}

/// A source a transaction can begin on: a pool (a connection of its own) or a held
/// connection (a `SAVEPOINT` when it is in a transaction already).
pub trait Begin: Source {
    /// `BEGIN` (or `SAVEPOINT`).
    fn begin(&mut self) -> impl std::future::Future<Output = Result<Transaction<'_, Postgres>>> + Send;
}

impl Begin for PgPool {
    async fn begin(&mut self) -> Result<Transaction<'_, Postgres>> {
        PgPool::begin(self).await.map_err(|e| Error::from_sqlx(e, "BEGIN"))
    }
}

impl<C: HoldsConnection> Begin for Exclusive<C> {
    async fn begin(&mut self) -> Result<Transaction<'_, Postgres>> {
        self.0.get_mut().connection().begin().await.map_err(|e| Error::from_sqlx(e, "BEGIN"))
    }
}

impl<S: Source> Runner for Db<S> {
    type Row = SqlxRow;
    fn decoded_with<'s, Q: Render + Sync, T: Send + 's>(
        &'s self,
        query: &'s Q,
        width: usize,
        mut read: impl FnMut(&mut RowReader<'_, SqlxRow>) -> Result<T> + Send + 's,
    ) -> BoxFuture<'s, Result<(Vec<T>, String)>> {
        Box::pin(async move {
            let (sql, params) = super::render(query, &self.schemas);
            let span = query_span(&sql);
            let started = std::time::Instant::now();
            let rows = async {
                let mut held = self.source.acquire().await?;
                let connection = held.connection();
                if self.pinned(connection) {
                    let mut tx = connection.begin().await.map_err(|e| Error::from_sqlx(e, "BEGIN"))?;
                    let arguments = params::arguments(&params, &sql, &mut tx, &self.types).await?;
                    let rows = run_fetch(&mut tx, &sql, arguments, false, &self.types).await?;
                    tx.commit().await.map_err(|e| Error::from_sqlx(e, "COMMIT"))?;
                    return Ok(rows);
                }
                let arguments = params::arguments(&params, &sql, connection, &self.types).await?;
                run_fetch(connection, &sql, arguments, self.persistent, &self.types).await
            }
            .instrument(span.clone())
            .await?;
            let mut decoder = ResultDecoder::default();
            let decoded =
                rows.iter().map(|row| decoder.decode_with(row, width, &mut read)).collect::<Result<Vec<T>>>()?;
            record(&span, decoded.len(), started);
            Ok((decoded, sql))
        })
    }
    fn execute_statement<'s, Q: Render + Sync>(&'s self, query: &'s Q) -> BoxFuture<'s, Result<u64>> {
        self.execute(query)
    }
}

/// A row sqlx fetched, with its columns' types as `postgres-types` names them.
pub struct SqlxRow {
    row: PgRow,
    types: Arc<[Type]>,
}

impl RowSource for SqlxRow {
    fn len(&self) -> usize {
        ::sqlx::Row::len(&self.row)
    }
    fn name(&self, idx: usize) -> &str {
        ::sqlx::Row::columns(&self.row).get(idx).map_or("?", |column| ::sqlx::Column::name(column))
    }
    fn sql_type(&self, idx: usize) -> &Type {
        self.types.get(idx).unwrap_or(&Type::UNKNOWN)
    }
    fn raw(&self, idx: usize) -> Result<Option<&[u8]>> {
        let fail = |source: ::sqlx::error::BoxDynError| Error::Decode {
            column: self.name(idx).to_string(),
            sql_type: self.sql_type(idx).to_string(),
            rust_type: "its binary value",
            source,
        };
        let value = ::sqlx::Row::try_get_raw(&self.row, idx).map_err(|e| fail(Box::new(e)))?;
        if ::sqlx::ValueRef::is_null(&value) {
            return Ok(None);
        }
        if value.format() != ::sqlx::postgres::PgValueFormat::Binary {
            return Err(fail("the value came in text format".into()));
        }
        value.as_bytes().map(Some).map_err(fail)
    }
}
