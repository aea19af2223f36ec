//! Several statements in one round trip: `db.batch((all(&a), one(&b), execute(&c)))`
//! starts every statement before waiting for any, so `tokio-postgres` writes them to
//! the connection back to back (pipelining) and the server answers them in order.
//! Each statement still runs on its own (its own implicit transaction): run the batch
//! inside `db.transaction(…)` for all or nothing. On sqlx, whose connections take one
//! statement at a time, the statements of a held connection or transaction run in
//! order, and those of a pool on connections of their own, at once.

use super::{at_most_one, exactly_one, BoxFuture, Runner};
use crate::error::Result;
use crate::query::{Render, Returns};
use crate::schema::FromRow;

/// Polls every future until all are done, concurrently, on the caller's task (no
/// spawning): `join!(a = fut_a, b = fut_b)` is `(output_a, output_b)`.
macro_rules! join {
    ($($name:ident = $future:expr),+ $(,)?) => {{
        $( let mut $name = (::std::pin::pin!($future), None); )+
        ::std::future::poll_fn(|cx| {
            let mut done = true;
            $(
                if $name.1.is_none() {
                    match ::std::future::Future::poll($name.0.as_mut(), cx) {
                        ::std::task::Poll::Ready(output) => $name.1 = Some(output),
                        ::std::task::Poll::Pending => done = false,
                    }
                }
            )+
            if done { ::std::task::Poll::Ready(()) } else { ::std::task::Poll::Pending }
        })
        .await;
        ($($name.1.expect("every joined future is done"),)+)
    }};
}
pub(crate) use join;

/// One statement of a batch, with how many rows it expects.
pub trait BatchItem: Send + Sync {
    /// What it yields.
    type Output: Send;
    /// Runs it.
    fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>>;
    /// Whether it only reads (see [`Render::is_read`]).
    fn is_read(&self) -> bool;
}

/// Every row (as `Db::all`).
pub fn all<Q: Render + Returns>(query: &Q) -> All<'_, Q> {
    All(query)
}
/// Exactly one row (as `Db::one`).
pub fn one<Q: Render + Returns>(query: &Q) -> One<'_, Q> {
    One(query)
}
/// Zero or one row (as `Db::optional`).
pub fn optional<Q: Render + Returns>(query: &Q) -> Optional<'_, Q> {
    Optional(query)
}
/// The rows affected (as `Db::execute`).
pub fn execute<Q: Render>(query: &Q) -> Execute<'_, Q> {
    Execute(query)
}

/// See [`all`].
pub struct All<'q, Q>(&'q Q);
/// See [`one`].
pub struct One<'q, Q>(&'q Q);
/// See [`optional`].
pub struct Optional<'q, Q>(&'q Q);
/// See [`execute`].
pub struct Execute<'q, Q>(&'q Q);

/// Rows of a query, decoded.
fn rows<'d, D: Runner, Q: Render + Returns + Sync>(
    db: &'d D,
    query: &'d Q,
) -> BoxFuture<'d, Result<(Vec<Q::Row>, String)>>
where
    Q::Row: Send,
{
    db.decoded_with(query, <Q::Row as FromRow>::WIDTH, <Q::Row as FromRow>::from_row)
}

impl<Q: Render + Returns + Sync> BatchItem for All<'_, Q>
where
    Q::Row: Send,
{
    type Output = Vec<Q::Row>;
    fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>> {
        Box::pin(async move { Ok(rows(db, self.0).await?.0) })
    }
    fn is_read(&self) -> bool {
        self.0.is_read()
    }
}
impl<Q: Render + Returns + Sync> BatchItem for One<'_, Q>
where
    Q::Row: Send,
{
    type Output = Q::Row;
    fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>> {
        Box::pin(async move {
            let (rows, sql) = rows(db, self.0).await?;
            exactly_one(rows, &sql)
        })
    }
    fn is_read(&self) -> bool {
        self.0.is_read()
    }
}
impl<Q: Render + Returns + Sync> BatchItem for Optional<'_, Q>
where
    Q::Row: Send,
{
    type Output = Option<Q::Row>;
    fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>> {
        Box::pin(async move {
            let (rows, sql) = rows(db, self.0).await?;
            at_most_one(rows, &sql)
        })
    }
    fn is_read(&self) -> bool {
        self.0.is_read()
    }
}
impl<Q: Render + Sync> BatchItem for Execute<'_, Q> {
    type Output = u64;
    fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>> {
        db.execute_statement(self.0)
    }
    fn is_read(&self) -> bool {
        self.0.is_read()
    }
}

/// A tuple of [`BatchItem`]s, up to eight.
pub trait Batch: Send + Sync {
    /// A tuple of what each yields.
    type Output: Send;
    /// Starts them all, then waits for them all; the first error in tuple order is the
    /// batch's.
    fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>>;
    /// Whether every item only reads.
    fn is_read(&self) -> bool;
}

macro_rules! batch_tuple {
    ($($name:ident : $idx:tt),+) => {
        impl<$($name: BatchItem),+> Batch for ($($name,)+) {
            type Output = ($($name::Output,)+);
            #[allow(non_snake_case)] // each future is named after its item's type
            fn run<'d, D: Runner>(&'d self, db: &'d D) -> BoxFuture<'d, Result<Self::Output>> {
                Box::pin(async move {
                    let ($($name,)+) = join!($($name = self.$idx.run(db)),+);
                    Ok(($($name?,)+))
                })
            }
            fn is_read(&self) -> bool {
                true $(&& self.$idx.is_read())+
            }
        }
    };
}
batch_tuple!(I0: 0);
batch_tuple!(I0: 0, I1: 1);
batch_tuple!(I0: 0, I1: 1, I2: 2);
batch_tuple!(I0: 0, I1: 1, I2: 2, I3: 3);
batch_tuple!(I0: 0, I1: 1, I2: 2, I3: 3, I4: 4);
batch_tuple!(I0: 0, I1: 1, I2: 2, I3: 3, I4: 4, I5: 5);
batch_tuple!(I0: 0, I1: 1, I2: 2, I3: 3, I4: 4, I5: 5, I6: 6);
batch_tuple!(I0: 0, I1: 1, I2: 2, I3: 3, I4: 4, I5: 5, I6: 6, I7: 7);
