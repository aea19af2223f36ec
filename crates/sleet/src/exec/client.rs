//! What the async executor needs of a connection: a `tokio-postgres` client, a
//! transaction, or a pooled client (`deadpool-postgres`, behind its feature).

use postgres_types::{ToSql, Type};
use std::future::Future;
use tokio_postgres::{Client, Error, RowStream, Statement, Transaction};

/// A `tokio-postgres` connection (or transaction) that statements can run on.
pub trait AsyncClient: Send + Sync {
    /// Prepares a statement.
    fn prepare(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send;
    /// Runs a prepared statement, returning the rows affected.
    fn execute(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send;
    /// Runs SQL text with parameters, returning the rows affected.
    fn execute_sql(&self, sql: &str, params: &[&(dyn ToSql + Sync)])
        -> impl Future<Output = Result<u64, Error>> + Send;
    /// Runs a prepared statement, streaming its rows (decoded as they arrive).
    fn query_stream(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<RowStream, Error>> + Send;
    /// Runs SQL text as an unnamed statement in one round trip, streaming its rows.
    fn query_typed_stream(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> impl Future<Output = Result<RowStream, Error>> + Send;
    /// Runs SQL text as an unnamed statement in one round trip, returning the rows affected.
    fn execute_typed(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> impl Future<Output = Result<u64, Error>> + Send;
    /// A statement from a cache that lives as long as the connection, when the client
    /// keeps one (a pooled client does: a `Db` made per request then still prepares
    /// each statement once per connection); `None` and `Db` keeps its own.
    fn prepare_cached(&self, _sql: &str) -> impl Future<Output = Option<Result<Statement, Error>>> + Send {
        async { None }
    }
}

/// A connection that can start transactions: a client, or a pooled client.
pub trait Connection: AsyncClient {
    /// The underlying client.
    fn client_mut(&mut self) -> &mut Client;
}

macro_rules! delegate_async_client {
    ($ty:ty, $client:ident => $target:expr $(; $($extra:item)*)?) => {
        impl AsyncClient for $ty {
            $($($extra)*)?
            fn prepare(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
                let $client = self;
                $target.prepare(sql)
            }
            fn execute(
                &self,
                statement: &Statement,
                params: &[&(dyn ToSql + Sync)],
            ) -> impl Future<Output = Result<u64, Error>> + Send {
                let $client = self;
                $target.execute(statement, params)
            }
            fn execute_sql(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> impl Future<Output = Result<u64, Error>> + Send {
                let $client = self;
                $target.execute(sql, params)
            }
            fn execute_typed(
                &self,
                sql: &str,
                params: &[(&(dyn ToSql + Sync), Type)],
            ) -> impl Future<Output = Result<u64, Error>> + Send {
                let $client = self;
                $target.execute_typed(sql, params)
            }
            fn query_stream(
                &self,
                statement: &Statement,
                params: &[&(dyn ToSql + Sync)],
            ) -> impl Future<Output = Result<RowStream, Error>> + Send {
                let $client = self;
                $target.query_raw(statement, params.iter().copied())
            }
            fn query_typed_stream(
                &self,
                sql: &str,
                params: &[(&(dyn ToSql + Sync), Type)],
            ) -> impl Future<Output = Result<RowStream, Error>> + Send {
                let $client = self;
                $target.query_typed_raw(sql, params.iter().map(|(p, t)| (*p, t.clone())))
            }
        }
    };
}

delegate_async_client!(Client, c => c);
delegate_async_client!(Transaction<'_>, t => t);

// A borrowed client runs statements as the client does: what `Db::in_schema` wraps.
impl<T: AsyncClient> AsyncClient for &T {
    fn prepare(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        (**self).prepare(sql)
    }
    fn execute(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        (**self).execute(statement, params)
    }
    fn execute_sql(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        (**self).execute_sql(sql, params)
    }
    fn query_stream(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<RowStream, Error>> + Send {
        (**self).query_stream(statement, params)
    }
    fn query_typed_stream(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> impl Future<Output = Result<RowStream, Error>> + Send {
        (**self).query_typed_stream(sql, params)
    }
    fn execute_typed(
        &self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        (**self).execute_typed(sql, params)
    }
    fn prepare_cached(&self, sql: &str) -> impl Future<Output = Option<Result<Statement, Error>>> + Send {
        (**self).prepare_cached(sql)
    }
}

impl Connection for Client {
    fn client_mut(&mut self) -> &mut Client {
        self
    }
}

#[cfg(feature = "deadpool-postgres")]
mod pooled {
    use super::*;
    use std::ops::{Deref, DerefMut};

    // A pooled client derefs (through deadpool's wrapper) to the `Client`; the wrapper
    // keeps the connection's statement cache.
    delegate_async_client!(deadpool_postgres::Object, o => o.deref().deref();
        async fn prepare_cached(&self, sql: &str) -> Option<Result<Statement, Error>> {
            Some(self.deref().prepare_cached(sql).await)
        }
    );

    impl Connection for deadpool_postgres::Object {
        fn client_mut(&mut self) -> &mut Client {
            self.deref_mut().deref_mut()
        }
    }
}
