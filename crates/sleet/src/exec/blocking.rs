//! The blocking executor on `postgres`: the same methods as the async one.

use super::{at_most_one, exactly_one, param_refs, query_span, record, render, typed_params, StatementCache};
use crate::error::{Error, Result};
use crate::query::{Returns, ToSql};
use crate::row::decode_rows;
use postgres::{GenericClient, Statement};
use std::cell::RefCell;

/// Runs statements on a `postgres` client or transaction.
pub struct Db<C> {
    client: RefCell<C>,
    cache: StatementCache<Statement>,
    prepare: bool,
}

impl<C: GenericClient> Db<C> {
    /// Wraps a client (or transaction); statements are prepared once and cached.
    pub fn new(client: C) -> Self {
        Self { client: RefCell::new(client), cache: StatementCache::default(), prepare: true }
    }

    /// Sends every statement unnamed, in one round trip, instead of preparing and
    /// caching it (for transaction-mode poolers; see the async `Db`).
    pub fn without_statement_cache(mut self) -> Self {
        self.prepare = false;
        self
    }

    /// The wrapped client.
    pub fn into_inner(self) -> C {
        self.client.into_inner()
    }

    fn statement(&self, client: &mut C, sql: &str) -> Result<Statement> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s);
        }
        let statement = client.prepare(sql).map_err(|e| Error::database(e, sql))?;
        self.cache.insert(sql, statement.clone());
        Ok(statement)
    }

    fn rows<Q: ToSql>(&self, query: &Q) -> Result<(Vec<postgres::Row>, String)> {
        let (sql, params) = render(query);
        let span = query_span(&sql);
        let _entered = span.enter();
        let started = std::time::Instant::now();
        let mut client = self.client.borrow_mut();
        let rows = if self.prepare {
            let statement = self.statement(&mut *client, &sql)?;
            client.query(&statement, &param_refs(&params))
        } else {
            client.query_typed(&sql, &typed_params(&params))
        }
        .map_err(|e| Error::database(e, &sql))?;
        record(&span, rows.len(), started);
        Ok((rows, sql))
    }

    /// Every row.
    pub fn all<Q: ToSql + Returns>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        decode_rows(&self.rows(query)?.0)
    }

    /// Exactly one row; zero or several is an error.
    pub fn one<Q: ToSql + Returns>(&self, query: &Q) -> Result<Q::Row> {
        let (rows, sql) = self.rows(query)?;
        exactly_one(decode_rows(&rows)?, &sql)
    }

    /// Zero or one row; several is an error.
    pub fn optional<Q: ToSql + Returns>(&self, query: &Q) -> Result<Option<Q::Row>> {
        let (rows, sql) = self.rows(query)?;
        at_most_one(decode_rows(&rows)?, &sql)
    }

    /// Runs a statement; returns the number of rows it affected.
    pub fn execute<Q: ToSql>(&self, query: &Q) -> Result<u64> {
        let (sql, params) = render(query);
        let span = query_span(&sql);
        let _entered = span.enter();
        let started = std::time::Instant::now();
        let mut client = self.client.borrow_mut();
        let n = if self.prepare {
            let statement = self.statement(&mut *client, &sql)?;
            client.execute(&statement, &param_refs(&params))
        } else {
            client.execute_typed(&sql, &typed_params(&params))
        }
        .map_err(|e| Error::database(e, &sql))?;
        record(&span, usize::try_from(n).unwrap_or(usize::MAX), started);
        Ok(n)
    }
}
