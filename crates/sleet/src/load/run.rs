//! Running a nested read on the async executor: the parent statement, then one
//! statement per level, then matching related rows to parents by key. A key column
//! the rows select anyway is read from the selection, not sent a second time (a tenth
//! of a users → posts → comments read, measured).

use super::key::Key;
use super::{Append, IntoLevel, Level, LevelOf, Loadable, WithList};
use crate::error::Result;
use crate::exec::Runner;
#[cfg(feature = "tokio-postgres")]
use crate::exec::{AsyncClient, Db};
use crate::query::expr::OrderList;
use crate::query::{AddFilter, AllColumns, Expression, Filter, OrderBy, Ordering, Render, Selection, SqlWriter};
use crate::row::{RowReader, RowSource};
use crate::schema::{FromRow, Relation, Table};
use std::collections::HashMap;
use std::future::Future;

/// Related items per key, with how many parents still want them: the last one takes
/// the items instead of a copy.
pub struct Groups<K, T> {
    groups: HashMap<K, (Vec<T>, usize)>,
}

impl<K: Key, T: Clone> Groups<K, T> {
    fn take(&mut self, key: Option<K>) -> Option<Vec<T>> {
        let key = key?;
        let (items, wanted) = self.groups.get_mut(&key)?;
        *wanted -= 1;
        if *wanted == 0 {
            self.groups.remove(&key).map(|(items, _)| items)
        } else {
            Some(items.clone())
        }
    }
}

/// The distinct keys of `keys`, in first-seen order, and an empty group for each that
/// knows how many parents want it.
fn distinct<K: Key, T>(keys: impl Iterator<Item = Option<K>>) -> (Vec<K>, Groups<K, T>) {
    let mut groups: HashMap<K, (Vec<T>, usize)> = HashMap::new();
    let mut order = Vec::new();
    for key in keys.flatten() {
        let (_, wanted) = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            (Vec::new(), 0)
        });
        *wanted += 1;
    }
    (order, Groups { groups })
}

/// Loading one level for a set of parents.
pub trait FetchLevel: LevelOf {
    /// Loads the related items of every key, grouped by key.
    fn fetch<'a, D: Runner>(
        &'a self,
        db: &'a D,
        keys: Vec<Option<<Self::Relation as Loadable>::Key>>,
    ) -> impl Future<Output = Result<Groups<<Self::Relation as Loadable>::Key, Self::Item>>> + Send + 'a;
}

/// Loading every level of a `with` list.
pub trait FetchList: WithList {
    /// What the levels loaded, before it is handed out to parents.
    type Fetched: Send;
    /// Loads every level for the parents whose keys are given.
    fn fetch<'a, D: Runner>(
        &'a self,
        db: &'a D,
        keys: &[&Self::Keys],
    ) -> impl Future<Output = Result<Self::Fetched>> + Send + 'a;
    /// Hands one parent its related data.
    fn take(fetched: &mut Self::Fetched, keys: &Self::Keys) -> Result<Self::Data>;
}

impl FetchList for () {
    type Fetched = ();
    #[allow(clippy::manual_async_fn)] // the `Send` bound needs the explicit form
    fn fetch<'a, D: Runner>(&'a self, _: &'a D, _: &[&()]) -> impl Future<Output = Result<()>> + Send + 'a {
        async { Ok(()) }
    }
    fn take(_: &mut (), _: &()) -> Result<()> {
        Ok(())
    }
}

macro_rules! fetch_lists {
    ($(($($name:ident : $idx:tt),+))+) => {$(
        impl<$($name: FetchLevel),+> FetchList for ($($name,)+) {
            type Fetched = ($(Groups<<$name::Relation as Loadable>::Key, $name::Item>,)+);
            #[allow(clippy::manual_async_fn)]
            fn fetch<'a, D: Runner>(
                &'a self,
                db: &'a D,
                keys: &[&Self::Keys],
            ) -> impl Future<Output = Result<Self::Fetched>> + Send + 'a {
                let wanted = ($(
                    keys.iter()
                        .map(|k| <<$name::Relation as Loadable>::Key as Key>::present(&k.$idx))
                        .collect::<Vec<_>>(),
                )+);
                // Sibling levels need only the parents' keys: sent together, pipelined.
                #[allow(non_snake_case)] // each level's future is named after its type
                async move {
                    let ($($name,)+) = crate::exec::batch::join!($($name = self.$idx.fetch(db, wanted.$idx)),+);
                    Ok(($($name?,)+))
                }
            }
            fn take(fetched: &mut Self::Fetched, keys: &Self::Keys) -> Result<Self::Data> {
                Ok(($(
                    $name::pick(
                        fetched.$idx.take(<<$name::Relation as Loadable>::Key as Key>::present(&keys.$idx)),
                    )?,
                )+))
            }
        }
    )+};
}
fetch_lists! {
    (L0: 0)
    (L0: 0, L1: 1)
    (L0: 0, L1: 1, L2: 2)
    (L0: 0, L1: 1, L2: 2, L3: 3)
    (L0: 0, L1: 1, L2: 2, L3: 3, L4: 4)
    (L0: 0, L1: 1, L2: 2, L3: 3, L4: 4, L5: 5)
}

impl<R: Loadable, S: Selection, W: Filter, O: Ordering, N: WithList> Level<R, S, W, O, N> {
    /// The key columns this level's rows are read with: the relation's key on the
    /// target side, then each nested level's.
    fn key_columns(&self) -> KeyColumns {
        let mut keys = R::TARGET_KEY.to_vec();
        N::key_columns(&mut keys);
        KeyColumns::new(&self.selection, &keys)
    }

    /// Writes the statement that loads this level for the given keys:
    /// `SELECT [key columns not selected,] selection FROM target WHERE key = ANY($1) …`,
    /// wrapped in a `ROW_NUMBER()` window when there is a per-parent limit or offset.
    fn write_statement<'a>(
        &'a self,
        keys: &'a KeyColumns,
        arrays: &'a <R::Key as Key>::Arrays,
        out: &mut SqlWriter<'a>,
    ) {
        let windowed = self.limit.is_some() || self.offset > 0;
        if windowed {
            out.push("SELECT * FROM (");
        }
        out.push("SELECT ");
        keys.write_extra(out);
        self.selection.write_selection(out);
        if windowed {
            out.push(", ROW_NUMBER() OVER (PARTITION BY ");
            write_list(out, R::TARGET_KEY);
            self.order.write_order_by(out);
            out.push(") AS sleet_rank");
        }
        out.push(" FROM ");
        write_target_from::<R>(out);
        out.push(" WHERE ");
        R::Key::write_match(R::TARGET_KEY, arrays, out);
        self.filter.write_and(out);
        if windowed {
            out.push(") AS sleet_level WHERE sleet_rank > ");
            out.bind(&self.offset);
            if let Some(end) = &self.end {
                out.push(" AND sleet_rank <= ");
                out.bind(end);
            }
            out.push(" ORDER BY sleet_rank");
        } else {
            self.order.write_order_by(out);
        }
    }
}

/// The key columns a statement reads, and where: a column the selection already
/// selects is read from there; the others are selected before it, once each.
struct KeyColumns {
    /// Selected before the selection.
    extra: Vec<&'static str>,
    /// Where each key column is read, in the order asked for.
    at: Vec<usize>,
}

impl KeyColumns {
    fn new(selection: &impl Selection, keys: &[&'static str]) -> Self {
        let mut extra: Vec<&'static str> = Vec::new();
        let found: Vec<Result<usize, usize>> = keys
            .iter()
            .map(|&key| match selection.position_of(key) {
                Some(idx) => Ok(idx),
                None => Err(extra.iter().position(|&e| e == key).unwrap_or_else(|| {
                    extra.push(key);
                    extra.len() - 1
                })),
            })
            .collect();
        // The selection starts after the extra columns.
        let start = extra.len();
        let at = found.into_iter().map(|found| found.map_or_else(|extra_idx| extra_idx, |idx| start + idx)).collect();
        Self { extra, at }
    }

    /// Writes the extra columns, each followed by `, ` (the selection comes next).
    fn write_extra(&self, out: &mut SqlWriter<'_>) {
        for column in &self.extra {
            out.push_column(column);
            out.push(", ");
        }
    }

    /// Reads a row: its keys from where they are, then the selection after the extra
    /// columns.
    fn read<K, S: FromRow, R: RowSource>(
        &self,
        row: &mut RowReader<'_, R>,
        read_keys: impl FnOnce(&RowReader<'_, R>, &[usize]) -> crate::Result<K>,
    ) -> crate::Result<(K, S)> {
        let keys = read_keys(row, &self.at)?;
        row.skip(self.extra.len());
        Ok((keys, S::from_row(row)?))
    }

    /// The fewest columns a row has.
    fn width<S: FromRow>(&self) -> usize {
        self.extra.len() + S::WIDTH
    }
}

fn write_list(out: &mut SqlWriter<'_>, items: &'static [&'static str]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(", ");
        }
        out.push_column(item);
    }
}

/// Where a level's rows come from: the generated `TARGET_FROM`, or, when tables are
/// written in another schema, the same join built from the relation's parts.
fn write_target_from<R: Loadable>(out: &mut SqlWriter<'_>) {
    if !out.maps_schemas() {
        out.push(R::TARGET_FROM);
        return;
    }
    let target = <R::Target as Table>::SQL;
    out.push_table(target);
    if let Some(through) = R::THROUGH {
        out.push(" INNER JOIN ");
        out.push_table(through.table);
        out.push(" ON ");
        for (i, (junction, column)) in through.on.iter().enumerate() {
            if i > 0 {
                out.push(" AND ");
            }
            out.push_column(&format!("{}.{junction}", through.table));
            out.push(" = ");
            out.push_column(&format!("{target}.{column}"));
        }
    }
}

/// One level's statement for a set of keys.
struct LevelStatement<'q, R: Loadable, S, W, O, N> {
    level: &'q Level<R, S, W, O, N>,
    keys: &'q KeyColumns,
    arrays: <R::Key as Key>::Arrays,
}

impl<R: Loadable, S: Selection, W: Filter, O: Ordering, N: WithList> Render for LevelStatement<'_, R, S, W, O, N> {
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.level.write_statement(self.keys, &self.arrays, out);
    }
}

impl<R, S, W, O, N> FetchLevel for Level<R, S, W, O, N>
where
    R: Loadable,
    S: Selection,
    S::Output: Clone + Send + Sync,
    W: Filter,
    O: Ordering,
    N: FetchList,
{
    fn fetch<'a, D: Runner>(
        &'a self,
        db: &'a D,
        keys: Vec<Option<R::Key>>,
    ) -> impl Future<Output = Result<Groups<R::Key, Self::Item>>> + Send + 'a {
        let (distinct, mut result) = distinct(keys.into_iter());
        async move {
            if distinct.is_empty() {
                return Ok(result);
            }
            let keys = self.key_columns();
            let statement = LevelStatement { level: self, keys: &keys, arrays: R::Key::arrays(&distinct) };
            let width = R::TARGET_KEY.len();
            let (rows, _) = db
                .decoded_with(&statement, keys.width::<S::Output>(), |row| {
                    keys.read(row, |row, at| Ok((R::Key::read(row, &at[..width])?, N::read_keys(row, &at[width..])?)))
                })
                .await?;
            let nested_keys: Vec<&N::Keys> = rows.iter().map(|((_, nested), _)| nested).collect();
            let mut nested = self.with.fetch(db, &nested_keys).await?;
            drop(nested_keys);
            for ((key, nested_key), row) in rows {
                let Some(key) = R::Key::present(&key) else { continue };
                // A composite key matches a superset: keep only the keys asked for.
                let Some((items, _)) = result.groups.get_mut(&key) else { continue };
                items.push(N::wrap(row, N::take(&mut nested, &nested_key)?));
            }
            Ok(result)
        }
    }
}

/// A nested read: `db.query(users::table).with(users::posts()).all()`. `D` is the
/// executor it runs on: `&Db` (async `all`) or `&blocking::Db` (blocking `all`); the
/// builder is the same.
pub struct Query<D, T, S, W = (), O = (), N = ()> {
    db: D,
    table: T,
    selection: S,
    filter: W,
    order: O,
    limit: Option<i64>,
    offset: Option<i64>,
    with: N,
}

#[cfg(feature = "tokio-postgres")]
impl<C: AsyncClient> Db<C> {
    /// Starts a nested read of `table`: add `with(relation)` for each relation to load,
    /// then `all()` or `first()`.
    pub fn query<T: Table>(&self, table: T) -> Query<&Self, T, AllColumns<T>> {
        Query::new(self, table)
    }
}

impl<D, T: Table> Query<D, T, AllColumns<T>> {
    /// A nested read of `table` on `db`, with nothing added yet.
    pub(crate) fn new(db: D, table: T) -> Self {
        Query { db, table, selection: AllColumns(table), filter: (), order: (), limit: None, offset: None, with: () }
    }
}

impl<D, T, S, W, O, N> Query<D, T, S, W, O, N> {
    /// The same read on another executor (the blocking one runs it on the async one).
    #[cfg(feature = "blocking")]
    pub(crate) fn on<E>(self, db: E) -> Query<E, T, S, W, O, N> {
        let Query { table, selection, filter, order, limit, offset, with, .. } = self;
        Query { db, table, selection, filter, order, limit, offset, with }
    }
}

impl<D, T, S, W, O, N> Query<D, T, S, W, O, N>
where
    T: Table,
    S: Selection,
    S::Output: Clone + Send + Sync,
    W: Filter,
    O: Ordering,
    N: FetchList,
{
    /// Loads a relation of each row (a relation marker, or a level built from one:
    /// `users::posts().filter(…).limit(5)`).
    pub fn with<L: IntoLevel>(self, level: L) -> Query<D, T, S, W, O, N::Output>
    where
        N: Append<L::Level>,
    {
        let Query { db, table, selection, filter, order, limit, offset, with } = self;
        Query { db, table, selection, filter, order, limit, offset, with: with.append(level.into_level()) }
    }

    /// Adds a condition on the rows (`AND`ed with earlier ones).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Query<D, T, S, W::Output, O, N>
    where
        W: AddFilter<E>,
    {
        let Query { db, table, selection, filter, order, limit, offset, with } = self;
        Query { db, table, selection, filter: filter.add(condition), order, limit, offset, with }
    }

    /// Only rows that have a related row matching `condition` (`EXISTS`).
    #[allow(clippy::type_complexity)]
    pub fn filter_related<R, E>(self, relation: R, condition: E) -> Query<D, T, S, W::Output, O, N>
    where
        R: Relation<Source = T>,
        E: Expression<Value = bool>,
        W: AddFilter<crate::query::Has<R, crate::query::Where<E>>>,
    {
        self.filter(crate::query::has(relation).filter(condition))
    }

    /// Rows in this order.
    pub fn order_by<L: OrderList>(self, order: L) -> Query<D, T, S, W, OrderBy<L>, N> {
        let Query { db, table, selection, filter, limit, offset, with, .. } = self;
        Query { db, table, selection, filter, order: OrderBy::new(order), limit, offset, with }
    }

    /// At most `n` rows.
    pub fn limit(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: i64) -> Self {
        self.offset = Some(n);
        self
    }

    /// Only these columns (or expressions) of the rows.
    pub fn columns<U: Selection>(self, selection: U) -> Query<D, T, U, W, O, N> {
        let Query { db, table, filter, order, limit, offset, with, .. } = self;
        Query { db, table, selection, filter, order, limit, offset, with }
    }
}

impl<D, T, S, W, O, N> Query<&D, T, S, W, O, N>
where
    D: Runner,
    T: Table,
    S: Selection,
    S::Output: Clone + Send + Sync,
    W: Filter,
    O: Ordering,
    N: FetchList,
{
    /// Every row, with what each `with` loaded.
    pub async fn all(self) -> Result<Vec<N::Wrap<S::Output>>> {
        let db = self.db;
        let mut key_columns = Vec::new();
        N::key_columns(&mut key_columns);
        let key_columns = KeyColumns::new(&self.selection, &key_columns);
        let (rows, _) = db
            .decoded_with(
                &ParentStatement { query: &self, keys: &key_columns },
                key_columns.width::<S::Output>(),
                |row| key_columns.read(row, N::read_keys),
            )
            .await?;
        let keys: Vec<&N::Keys> = rows.iter().map(|(keys, _)| keys).collect();
        let mut fetched = self.with.fetch(db, &keys).await?;
        drop(keys);
        rows.into_iter().map(|(keys, row)| Ok(N::wrap(row, N::take(&mut fetched, &keys)?))).collect()
    }

    /// The first row (`LIMIT 1`), if any, with what each `with` loaded.
    pub async fn first(self) -> Result<Option<N::Wrap<S::Output>>> {
        Ok(self.limit(1).all().await?.into_iter().next())
    }
}

#[cfg(feature = "blocking")]
macro_rules! blocking_reads {
    ($($target:ty => [$($generics:tt)*]),+) => {$(
        impl<$($generics)* T, S, W, O, N> Query<$target, T, S, W, O, N>
        where
            T: Table,
            S: Selection,
            S::Output: Clone + Send + Sync,
            W: Filter,
            O: Ordering,
            N: FetchList,
        {
            /// Every row, with what each `with` loaded (blocking: the async read, driven).
            pub fn all(self) -> Result<Vec<N::Wrap<S::Output>>> {
                let target = self.db;
                let (runtime, db) = crate::exec::blocking::Blocking::parts(&target);
                runtime.block_on(self.on(db).all())
            }

            /// The first row (`LIMIT 1`), if any, with what each `with` loaded.
            pub fn first(self) -> Result<Option<N::Wrap<S::Output>>> {
                let target = self.db;
                let (runtime, db) = crate::exec::blocking::Blocking::parts(&target);
                runtime.block_on(self.on(db).first())
            }
        }
    )+};
}
// A blocking `Db`, and the one a replicated session chose.
#[cfg(feature = "blocking")]
blocking_reads!(
    &crate::exec::blocking::Db<C> => [C: AsyncClient,],
    crate::exec::blocking::Routed<'_> => []
);

/// The parent statement: `SELECT [key columns not selected,] selection FROM table …`.
struct ParentStatement<'q, D, T, S, W, O, N> {
    query: &'q Query<D, T, S, W, O, N>,
    keys: &'q KeyColumns,
}

impl<D: Sync, T: Table, S: Selection, W: Filter, O: Ordering, N: WithList> Render
    for ParentStatement<'_, D, T, S, W, O, N>
{
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        let q = self.query;
        out.push("SELECT ");
        self.keys.write_extra(out);
        q.selection.write_selection(out);
        out.push(" FROM ");
        out.push_table(T::SQL);
        q.filter.write_where(out);
        q.order.write_order_by(out);
        if let Some(limit) = &q.limit {
            out.push(" LIMIT ");
            out.bind(limit);
        }
        if let Some(offset) = &q.offset {
            out.push(" OFFSET ");
            out.bind(offset);
        }
    }
}
