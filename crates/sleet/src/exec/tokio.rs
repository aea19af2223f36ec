//! The async executor on `tokio-postgres`: a client, a transaction or a pooled client
//! (see [`AsyncClient`](super::AsyncClient)), with a per-connection prepared-statement
//! cache.

use super::{
    at_most_one, exactly_one, param_refs, query_span, record, render, retry_after, typed_params, StatementCache,
    TransactionOptions,
};
use super::{AsyncClient, Connection};
use crate::error::{Error, Result};
use crate::query::{Render, Returns, SchemaMap};
use crate::row::{ResultDecoder, RowReader};
use crate::schema::FromRow;
use futures_core::Stream;
use std::sync::Arc;
use tokio_postgres::{Statement, Transaction};
use tracing::Instrument;

/// Runs statements on a `tokio-postgres` client or transaction.
///
/// ```no_run
/// # async fn demo(client: tokio_postgres::Client) -> sleet::Result<()> {
/// let db = sleet::Db::new(client);
/// let n = db.execute_raw("SELECT 1", &[]).await?;
/// # let _ = n; Ok(()) }
/// ```
pub struct Db<C> {
    client: C,
    /// Shared with transactions on the same connection: statements outlive them.
    cache: Arc<StatementCache<Statement>>,
    /// Whether statements are prepared and cached, or sent unnamed.
    prepare: bool,
    /// Tables written in another schema (a tenant's): see [`Db::in_schema`].
    schemas: Option<Arc<SchemaMap>>,
}

impl<C: AsyncClient> Db<C> {
    /// Wraps a client (or transaction); statements are prepared once and cached.
    pub fn new(client: C) -> Self {
        Self { client, cache: Arc::default(), prepare: true, schemas: None }
    }

    /// Sends every statement unnamed, in one round trip, instead of preparing and
    /// caching it: for transaction-mode poolers (PgBouncer), where a server
    /// connection's statements do not outlive a transaction. Parameter types are
    /// declared from their Rust types ([`SqlParam`](crate::SqlParam)).
    ///
    /// One thing stays outside sleet's control: the first time a connection decodes a
    /// user-defined type (an enum or composite column), `tokio-postgres` looks it up
    /// with a prepared statement of its own. Behind such a pooler, select those
    /// columns cast to `text`, or use PgBouncer 1.21+ with `max_prepared_statements`.
    pub fn without_statement_cache(mut self) -> Self {
        self.prepare = false;
        self
    }

    /// The same connection, with the tables generated code places in `public` read and
    /// written in `schema` instead (a tenant's schema of the same shape): every
    /// statement, joins, related-row filters and nested loading included. The name is
    /// always quoted, so any name is safe. The statement cache is shared and keyed by
    /// SQL text, which names the schema, so tenants never share a statement.
    ///
    /// Not mapped: [`raw`](crate::raw) SQL, and type names in casts (a bulk insert's
    /// `UNNEST($1::role[])`), which are looked up through `search_path` as ever.
    ///
    /// ```no_run
    /// # async fn demo(db: &sleet::Db<tokio_postgres::Client>) -> sleet::Result<()> {
    /// let tenant = db.in_schema("tenant_42");
    /// let n = tenant.execute_raw("SELECT 1", &[]).await?;
    /// # let _ = n; Ok(()) }
    /// ```
    pub fn in_schema(&self, schema: &str) -> Db<&C> {
        self.map_schema("public", schema)
    }

    /// The same connection, with the tables of schema `from` read and written in
    /// schema `to`: [`in_schema`](Self::in_schema) for generated code whose tenant
    /// tables are in a schema of their own.
    pub fn map_schema(&self, from: &str, to: &str) -> Db<&C> {
        Db {
            client: &self.client,
            cache: Arc::clone(&self.cache),
            prepare: self.prepare,
            schemas: Some(Arc::new(SchemaMap::new(from, to))),
        }
    }

    /// Whether statements are prepared and cached (not sent unnamed).
    #[cfg(feature = "blocking")]
    pub(crate) fn prepares(&self) -> bool {
        self.prepare
    }

    /// The wrapped client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The wrapped client, mutably (the migration runner starts transactions on it).
    #[cfg(feature = "migrate")]
    pub(crate) fn client_mut(&mut self) -> &mut C {
        &mut self.client
    }

    /// Unwraps the client (for example to commit a wrapped transaction).
    pub fn into_inner(self) -> C {
        self.client
    }

    async fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s);
        }
        if let Some(prepared) = self.client.prepare_cached(sql).await {
            return prepared.map_err(|e| Error::database(e, sql));
        }
        let statement = self.client.prepare(sql).await.map_err(|e| Error::database(e, sql))?;
        self.cache.insert(sql, statement.clone());
        Ok(statement)
    }

    /// Runs a query and decodes its rows as they stream in (no intermediate row list).
    async fn decoded<Q: Render + Returns>(&self, query: &Q) -> Result<(Vec<Q::Row>, String)> {
        self.decoded_with(query, <Q::Row as FromRow>::WIDTH, <Q::Row as FromRow>::from_row).await
    }

    /// Runs a query and decodes each row of at least `width` columns with `read`: for
    /// statements whose column layout is known only once written.
    pub(crate) async fn decoded_with<Q: Render, T>(
        &self,
        query: &Q,
        width: usize,
        read: impl FnMut(&mut RowReader<'_, tokio_postgres::Row>) -> Result<T>,
    ) -> Result<(Vec<T>, String)> {
        let (sql, params) = render(query, &self.schemas);
        let span = query_span(&sql);
        let started = std::time::Instant::now();
        let rows = async {
            let stream = if self.prepare {
                let statement = self.statement(&sql).await?;
                self.client.query_stream(&statement, &param_refs(&params)).await
            } else {
                self.client.query_typed_stream(&sql, &typed_params(&params)).await
            };
            let stream = stream.map_err(|e| Error::database(e, &sql))?;
            decode_stream(stream, &sql, width, read).await
        }
        .instrument(span.clone())
        .await?;
        record(&span, rows.len(), started);
        Ok((rows, sql))
    }
}

impl<C: AsyncClient> super::Runner for Db<C> {
    type Row = tokio_postgres::Row;
    fn decoded_with<'s, Q: Render + Sync, T: Send + 's>(
        &'s self,
        query: &'s Q,
        width: usize,
        read: impl FnMut(&mut RowReader<'_, Self::Row>) -> Result<T> + Send + 's,
    ) -> super::BoxFuture<'s, Result<(Vec<T>, String)>> {
        Box::pin(Db::decoded_with(self, query, width, read))
    }
    fn execute_statement<'s, Q: Render + Sync>(&'s self, query: &'s Q) -> super::BoxFuture<'s, Result<u64>> {
        Box::pin(self.execute(query))
    }
}

impl<C: AsyncClient> Db<C> {
    /// Runs several statements in one round trip and returns what each yields, as a
    /// tuple: `db.batch((batch::all(&a), batch::one(&b), batch::execute(&c)))`. Each
    /// statement runs on its own; inside [`transaction`](Self::transaction) they are
    /// all or nothing. See [`batch`](super::batch).
    pub async fn batch<B: super::batch::Batch>(&self, items: B) -> Result<B::Output> {
        items.run(self).await
    }

    /// Every row.
    pub async fn all<Q: Render + Returns>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        Ok(self.decoded(query).await?.0)
    }

    /// Exactly one row; zero or several is an error.
    pub async fn one<Q: Render + Returns>(&self, query: &Q) -> Result<Q::Row> {
        let (rows, sql) = self.decoded(query).await?;
        exactly_one(rows, &sql)
    }

    /// Zero or one row; several is an error.
    pub async fn optional<Q: Render + Returns>(&self, query: &Q) -> Result<Option<Q::Row>> {
        let (rows, sql) = self.decoded(query).await?;
        at_most_one(rows, &sql)
    }

    /// Runs a statement; returns the number of rows it affected.
    pub async fn execute<Q: Render>(&self, query: &Q) -> Result<u64> {
        let (sql, params) = render(query, &self.schemas);
        let span = query_span(&sql);
        let started = std::time::Instant::now();
        let n = async {
            if !self.prepare {
                return self
                    .client
                    .execute_typed(&sql, &typed_params(&params))
                    .await
                    .map_err(|e| Error::database(e, &sql));
            }
            let statement = self.statement(&sql).await?;
            self.client.execute(&statement, &param_refs(&params)).await.map_err(|e| Error::database(e, &sql))
        }
        .instrument(span.clone())
        .await?;
        record(&span, usize::try_from(n).unwrap_or(usize::MAX), started);
        Ok(n)
    }

    /// Runs raw SQL with bound parameters; returns the number of rows affected.
    pub async fn execute_raw(&self, sql: &str, params: &[&(dyn postgres_types::ToSql + Sync)]) -> Result<u64> {
        let span = query_span(sql);
        let started = std::time::Instant::now();
        let n =
            self.client.execute_sql(sql, params).instrument(span.clone()).await.map_err(|e| Error::database(e, sql))?;
        record(&span, usize::try_from(n).unwrap_or(usize::MAX), started);
        Ok(n)
    }
}

/// Decodes rows as the driver receives them; column types are checked on the first.
/// A function of its own: with this loop inlined into the query's future, reads of
/// 1 000–10 000 rows took 4–5 % longer (interleaved against hand-written code).
async fn decode_stream<T, R>(stream: tokio_postgres::RowStream, sql: &str, width: usize, mut read: R) -> Result<Vec<T>>
where
    R: FnMut(&mut RowReader<'_, tokio_postgres::Row>) -> Result<T>,
{
    let mut stream = std::pin::pin!(stream);
    let mut decoded = Vec::new();
    let mut decoder = ResultDecoder::default();
    while let Some(row) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        decoded.push(decoder.decode_with(&row.map_err(|e| Error::database(e, sql))?, width, &mut read)?);
    }
    Ok(decoded)
}

impl<C: Connection> Db<C> {
    /// Runs `body` in a transaction: `COMMIT` when it returns `Ok`, `ROLLBACK` when it
    /// returns `Err` (and, through `Transaction`'s drop, when it panics).
    ///
    /// ```no_run
    /// # async fn demo(db: &mut sleet::Db<tokio_postgres::Client>) -> sleet::Result<()> {
    /// let n = db.transaction(async |tx| tx.execute_raw("DELETE FROM sessions", &[]).await).await?;
    /// # let _ = n; Ok(()) }
    /// ```
    pub async fn transaction<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        F: for<'c> AsyncFnOnce(&mut Db<Transaction<'c>>) -> Result<T, E>,
        E: From<Error>,
    {
        self.transaction_with(TransactionOptions::default(), body).await
    }

    /// [`transaction`](Self::transaction) with an isolation level, read-only or
    /// deferrable mode.
    pub async fn transaction_with<T, E, F>(&mut self, options: TransactionOptions, body: F) -> Result<T, E>
    where
        F: for<'c> AsyncFnOnce(&mut Db<Transaction<'c>>) -> Result<T, E>,
        E: From<Error>,
    {
        let mut tx = self.begin(options).await?;
        let outcome = body(&mut tx).await;
        tx.finish(outcome).await
    }

    /// `BEGIN`: the transaction as a `Db` sharing this connection's statement cache.
    /// The blocking executor begins and finishes its transactions through the same two
    /// steps.
    pub(crate) async fn begin(&mut self, options: TransactionOptions) -> Result<Db<Transaction<'_>>> {
        let (cache, prepare, schemas) = (Arc::clone(&self.cache), self.prepare, self.schemas.clone());
        let mut builder =
            self.client.client_mut().build_transaction().read_only(options.read_only).deferrable(options.deferrable);
        if let Some(level) = options.isolation {
            builder = builder.isolation_level(level.into());
        }
        let tx = builder.start().await.map_err(|e| Error::database(e, "BEGIN"))?;
        Ok(Db { client: tx, cache, prepare, schemas })
    }

    /// Runs a transaction, again (up to `attempts` times in all) when it fails with a
    /// serialization failure or deadlock — the retry loop that `SERIALIZABLE` needs.
    /// `attempt` makes the body of each try (`|| async |tx| { … }`), so every try starts
    /// from fresh captures.
    pub async fn transaction_retrying<T, A, F>(
        &mut self,
        options: TransactionOptions,
        attempts: u32,
        mut attempt: A,
    ) -> Result<T>
    where
        A: FnMut() -> F,
        F: for<'c> AsyncFnOnce(&mut Db<Transaction<'c>>) -> Result<T>,
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

impl<'p> Db<Transaction<'p>> {
    /// A nested transaction: a `SAVEPOINT`, released when `body` returns `Ok` and
    /// rolled back to when it returns `Err`, leaving the outer transaction going.
    pub async fn transaction<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        F: for<'c> AsyncFnOnce(&mut Db<Transaction<'c>>) -> Result<T, E>,
        E: From<Error>,
    {
        let mut savepoint = self.savepoint().await?;
        let outcome = body(&mut savepoint).await;
        savepoint.finish(outcome).await
    }

    /// `SAVEPOINT`: a nested transaction sharing the statement cache.
    pub(crate) async fn savepoint(&mut self) -> Result<Db<Transaction<'_>>> {
        let (cache, prepare, schemas) = (Arc::clone(&self.cache), self.prepare, self.schemas.clone());
        let savepoint = self.client.transaction().await.map_err(|e| Error::database(e, "SAVEPOINT"))?;
        Ok(Db { client: savepoint, cache, prepare, schemas })
    }

    /// `COMMIT` (or `RELEASE`) after `Ok`, `ROLLBACK` (to the savepoint) after `Err`.
    pub(crate) async fn finish<T, E: From<Error>>(self, outcome: Result<T, E>) -> Result<T, E> {
        match outcome {
            Ok(value) => {
                self.client.commit().await.map_err(|e| Error::database(e, "COMMIT"))?;
                Ok(value)
            }
            Err(e) => {
                self.client.rollback().await.map_err(|e| Error::database(e, "ROLLBACK"))?;
                Err(e)
            }
        }
    }
}
