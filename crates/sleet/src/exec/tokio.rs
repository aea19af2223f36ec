//! The async executor on `tokio-postgres`: a client or a transaction (anything that
//! implements `GenericClient`), with a per-connection prepared-statement cache.

use super::{at_most_one, decode_rows, exactly_one, param_refs, StatementCache};
use crate::error::{Error, Result};
use crate::query::{Returns, SqlWriter, ToSql};
use tokio_postgres::{GenericClient, Statement};

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
    cache: StatementCache<Statement>,
    prepare: bool,
}

impl<C: GenericClient + Sync> Db<C> {
    /// Wraps a client (or transaction); statements are prepared once and cached.
    pub fn new(client: C) -> Self {
        Self { client, cache: StatementCache::default(), prepare: true }
    }

    /// Turns the named prepared-statement cache off, for transaction-mode poolers
    /// (PgBouncer) where a connection's statements do not outlive a transaction.
    pub fn without_statement_cache(mut self) -> Self {
        self.prepare = false;
        self
    }

    /// The wrapped client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// Unwraps the client (for example to commit a wrapped transaction).
    pub fn into_inner(self) -> C {
        self.client
    }

    async fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s);
        }
        let statement = self.client.prepare(sql).await.map_err(|e| Error::database(e, sql))?;
        if self.prepare {
            self.cache.insert(sql, statement.clone());
        }
        Ok(statement)
    }

    async fn rows<Q: ToSql>(&self, query: &Q) -> Result<(Vec<tokio_postgres::Row>, String)> {
        let mut out = SqlWriter::new();
        query.write_sql(&mut out);
        let (sql, params) = out.finish();
        let statement = self.statement(&sql).await?;
        let rows = self.client.query(&statement, &param_refs(&params)).await.map_err(|e| Error::database(e, &sql))?;
        Ok((rows, sql))
    }

    /// Every row.
    pub async fn all<Q: ToSql + Returns>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        let (rows, _) = self.rows(query).await?;
        decode_rows(&rows)
    }

    /// Exactly one row; zero or several is an error.
    pub async fn one<Q: ToSql + Returns>(&self, query: &Q) -> Result<Q::Row> {
        let (rows, sql) = self.rows(query).await?;
        exactly_one(decode_rows(&rows)?, &sql)
    }

    /// Zero or one row; several is an error.
    pub async fn optional<Q: ToSql + Returns>(&self, query: &Q) -> Result<Option<Q::Row>> {
        let (rows, sql) = self.rows(query).await?;
        at_most_one(decode_rows(&rows)?, &sql)
    }

    /// Runs a statement; returns the number of rows it affected.
    pub async fn execute<Q: ToSql>(&self, query: &Q) -> Result<u64> {
        let mut out = SqlWriter::new();
        query.write_sql(&mut out);
        let (sql, params) = out.finish();
        let statement = self.statement(&sql).await?;
        self.client.execute(&statement, &param_refs(&params)).await.map_err(|e| Error::database(e, &sql))
    }

    /// Runs raw SQL with bound parameters; returns the number of rows affected.
    pub async fn execute_raw(&self, sql: &str, params: &[&(dyn postgres_types::ToSql + Sync)]) -> Result<u64> {
        self.client.execute(sql, params).await.map_err(|e| Error::database(e, sql))
    }
}
