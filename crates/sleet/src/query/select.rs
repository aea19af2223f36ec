//! `SELECT`: `select((users::id, users::name)).from(users::table).filter(…)…` or
//! `from(users::table)` for whole rows.

use super::alias::FromItem;
use super::expr::{AllColumns, Expression, OrderList, Selection};
use super::{Render, SqlWriter};
use crate::schema::Table;

/// Starts a `SELECT` of `selection`; name the table with `.from(table)`.
pub fn select<S: Selection>(selection: S) -> SelectList<S> {
    SelectList { selection }
}

/// `SELECT t.* FROM t`, decoding whole rows into the table's row struct.
pub fn from<T: Table>(table: T) -> Select<T, AllColumns<T>> {
    select(AllColumns(table)).from(table)
}

/// `SELECT count(*) FROM table`: add `.filter(…)` to count matching rows.
pub fn count_rows<T: Table>(table: T) -> Select<T, super::functions::CountStar> {
    select(super::functions::CountStar).from(table)
}

/// A select list waiting for its `FROM`.
#[derive(Clone, Copy, Debug)]
pub struct SelectList<S> {
    selection: S,
}

impl<S: Selection> SelectList<S> {
    /// `FROM table`.
    pub fn from<T: FromItem>(self, table: T) -> Select<T, S> {
        Select {
            table,
            selection: self.selection,
            joins: (),
            filter: (),
            order: (),
            group: (),
            distinct: (),
            tail: Tail::default(),
        }
    }
}

/// A `SELECT` statement.
#[derive(Clone, Debug)]
pub struct Select<T, S, J = (), W = (), O = (), G = (), D = ()> {
    table: T,
    selection: S,
    joins: J,
    filter: W,
    order: O,
    group: G,
    distinct: D,
    tail: Tail,
}

/// The clauses whose types never change: `LIMIT`, `OFFSET`, locking.
#[derive(Clone, Copy, Debug, Default)]
struct Tail {
    limit: Option<i64>,
    offset: Option<i64>,
    lock: Option<&'static str>,
}

/// A `WHERE` clause: none yet, or a condition.
pub trait Filter: Send + Sync {
    /// Writes ` WHERE …` (or nothing).
    fn write_where<'a>(&'a self, out: &mut SqlWriter<'a>);
    /// Writes ` AND (…)` (or nothing): the condition after another one.
    fn write_and<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Filter for () {
    fn write_where<'a>(&'a self, _: &mut SqlWriter<'a>) {}
    fn write_and<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// A condition in a `WHERE` clause.
#[derive(Clone, Copy, Debug)]
pub struct Where<E>(pub(crate) E);

impl<E: Expression<Value = bool>> Filter for Where<E> {
    fn write_where<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" WHERE ");
        self.0.write(out);
    }
    fn write_and<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" AND (");
        self.0.write(out);
        out.push(")");
    }
}

/// Adding a condition: the first becomes the `WHERE`, later ones are `AND`ed.
pub trait AddFilter<E> {
    /// The combined filter.
    type Output: Filter;
    /// Combines.
    fn add(self, condition: E) -> Self::Output;
}

impl<E: Expression<Value = bool>> AddFilter<E> for () {
    type Output = Where<E>;
    fn add(self, condition: E) -> Where<E> {
        Where(condition)
    }
}

impl<P: Expression<Value = bool>, E: Expression<Value = bool>> AddFilter<E> for Where<P> {
    type Output = Where<super::expr::Logical<P, E>>;
    fn add(self, condition: E) -> Self::Output {
        use super::expr::ExpressionExt;
        Where(self.0.and(condition))
    }
}

/// `ORDER BY`: none yet, or a list.
pub trait Ordering: Send + Sync {
    /// Writes ` ORDER BY …` (or nothing).
    fn write_order_by<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Ordering for () {
    fn write_order_by<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// An `ORDER BY` list.
#[derive(Clone, Copy, Debug)]
pub struct OrderBy<O>(O);

impl<O: OrderList> OrderBy<O> {
    pub(crate) fn new(list: O) -> Self {
        OrderBy(list)
    }
}

impl<O: OrderList> Ordering for OrderBy<O> {
    fn write_order_by<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" ORDER BY ");
        self.0.write_order(out);
    }
}

/// Joined tables.
pub trait Joins: Send + Sync {
    /// Writes ` JOIN …` clauses.
    fn write_joins<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Joins for () {
    fn write_joins<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// One `JOIN` after the others.
#[derive(Clone, Copy, Debug)]
pub struct Join<Prev, T, On> {
    prev: Prev,
    kind: &'static str,
    table: T,
    on: On,
}

/// A `CROSS JOIN` after the others.
#[derive(Clone, Copy, Debug)]
pub struct CrossJoin<Prev, T> {
    prev: Prev,
    table: std::marker::PhantomData<T>,
}

impl<Prev: Joins, T: Table> Joins for CrossJoin<Prev, T> {
    fn write_joins<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.prev.write_joins(out);
        out.push(" CROSS JOIN ");
        out.push_table(T::SQL);
    }
}

impl<Prev: Joins, T: FromItem, On: Expression<Value = bool>> Joins for Join<Prev, T, On> {
    fn write_joins<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.prev.write_joins(out);
        out.push(self.kind);
        self.table.write_from(out);
        out.push(" ON ");
        self.on.write(out);
    }
}

impl<T: FromItem, S: Selection, J: Joins, W: Filter, O: Ordering, G: Grouping, D: Distinct>
    Select<T, S, J, W, O, G, D>
{
    /// Adds a condition (`WHERE`, then `AND` for each further call).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Select<T, S, J, W::Output, O, G, D>
    where
        W: AddFilter<E>,
    {
        let Select { table, selection, joins, filter, order, group, distinct, tail } = self;
        Select { table, selection, joins, filter: filter.add(condition), order, group, distinct, tail }
    }

    /// `ORDER BY …` (replaces an earlier ordering).
    pub fn order_by<N: OrderList>(self, order: N) -> Select<T, S, J, W, OrderBy<N>, G, D> {
        let Select { table, selection, joins, filter, group, distinct, tail, .. } = self;
        Select { table, selection, joins, filter, order: OrderBy(order), group, distinct, tail }
    }

    /// `INNER JOIN other ON condition`.
    pub fn inner_join<U: FromItem, On: Expression<Value = bool>>(
        self,
        other: U,
        on: On,
    ) -> Select<T, S, Join<J, U, On>, W, O, G, D> {
        self.join(" INNER JOIN ", other, on)
    }

    /// `LEFT JOIN other ON condition`: select `other`'s columns with `.nullable()`, as
    /// they are NULL where nothing matched.
    pub fn left_join<U: FromItem, On: Expression<Value = bool>>(
        self,
        other: U,
        on: On,
    ) -> Select<T, S, Join<J, U, On>, W, O, G, D> {
        self.join(" LEFT JOIN ", other, on)
    }

    /// `RIGHT JOIN other ON condition`: the columns of the tables before it may be NULL.
    pub fn right_join<U: FromItem, On: Expression<Value = bool>>(
        self,
        other: U,
        on: On,
    ) -> Select<T, S, Join<J, U, On>, W, O, G, D> {
        self.join(" RIGHT JOIN ", other, on)
    }

    /// `FULL JOIN other ON condition`: either side may be NULL.
    pub fn full_join<U: FromItem, On: Expression<Value = bool>>(
        self,
        other: U,
        on: On,
    ) -> Select<T, S, Join<J, U, On>, W, O, G, D> {
        self.join(" FULL JOIN ", other, on)
    }

    /// `CROSS JOIN other`: every pair of rows.
    pub fn cross_join<U: Table>(self, _other: U) -> Select<T, S, CrossJoin<J, U>, W, O, G, D> {
        let Select { table, selection, joins, filter, order, group, distinct, tail } = self;
        let joins = CrossJoin { prev: joins, table: std::marker::PhantomData };
        Select { table, selection, joins, filter, order, group, distinct, tail }
    }

    fn join<U: FromItem, On: Expression<Value = bool>>(
        self,
        kind: &'static str,
        other: U,
        on: On,
    ) -> Select<T, S, Join<J, U, On>, W, O, G, D> {
        let Select { table, selection, joins, filter, order, group, distinct, tail } = self;
        let joins = Join { prev: joins, kind, table: other, on };
        Select { table, selection, joins, filter, order, group, distinct, tail }
    }

    /// `GROUP BY …` (an expression or a tuple of them).
    pub fn group_by<L: ExpressionList>(self, keys: L) -> Select<T, S, J, W, O, GroupBy<L, ()>, D> {
        let Select { table, selection, joins, filter, order, distinct, tail, .. } = self;
        Select { table, selection, joins, filter, order, group: GroupBy { keys, having: () }, distinct, tail }
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(self) -> Select<T, S, J, W, O, G, AllDistinct> {
        let Select { table, selection, joins, filter, order, group, tail, .. } = self;
        Select { table, selection, joins, filter, order, group, distinct: AllDistinct, tail }
    }

    /// `SELECT DISTINCT ON (…)`: the first row of each group of equal keys (in `ORDER BY` order).
    pub fn distinct_on<L: ExpressionList>(self, keys: L) -> Select<T, S, J, W, O, G, DistinctOn<L>> {
        let Select { table, selection, joins, filter, order, group, tail, .. } = self;
        Select { table, selection, joins, filter, order, group, distinct: DistinctOn(keys), tail }
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: i64) -> Self {
        self.tail.limit = Some(n);
        self
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: i64) -> Self {
        self.tail.offset = Some(n);
        self
    }

    /// `FOR UPDATE`: lock the rows read until the transaction ends.
    pub fn for_update(self) -> Self {
        self.lock(" FOR UPDATE")
    }

    /// `FOR NO KEY UPDATE`: like `FOR UPDATE`, but lets foreign keys to the row be checked.
    pub fn for_no_key_update(self) -> Self {
        self.lock(" FOR NO KEY UPDATE")
    }

    /// `FOR SHARE`: block writers, not other readers that lock.
    pub fn for_share(self) -> Self {
        self.lock(" FOR SHARE")
    }

    /// `SKIP LOCKED`: with a locking clause, pass over rows others have locked (job queues).
    pub fn skip_locked(mut self) -> Self {
        self.tail.lock =
            self.tail.lock.map(|l| LOCK_MODES.iter().find(|(m, _, _)| *m == l).map_or(l, |(_, skip, _)| *skip));
        self
    }

    /// `NOWAIT`: with a locking clause, fail at once instead of waiting for a lock.
    pub fn nowait(mut self) -> Self {
        self.tail.lock =
            self.tail.lock.map(|l| LOCK_MODES.iter().find(|(m, _, _)| *m == l).map_or(l, |(_, _, nowait)| *nowait));
        self
    }

    fn lock(mut self, mode: &'static str) -> Self {
        self.tail.lock = Some(mode);
        self
    }
}

/// Each locking mode with its `SKIP LOCKED` and `NOWAIT` forms (static text: no
/// allocation when rendering).
const LOCK_MODES: &[(&str, &str, &str)] = &[
    (" FOR UPDATE", " FOR UPDATE SKIP LOCKED", " FOR UPDATE NOWAIT"),
    (" FOR NO KEY UPDATE", " FOR NO KEY UPDATE SKIP LOCKED", " FOR NO KEY UPDATE NOWAIT"),
    (" FOR SHARE", " FOR SHARE SKIP LOCKED", " FOR SHARE NOWAIT"),
];

impl<T: FromItem, S: Selection, J: Joins, W: Filter, O: Ordering, L: ExpressionList, H: Having, D: Distinct>
    Select<T, S, J, W, O, GroupBy<L, H>, D>
{
    /// `HAVING condition` (after `group_by`); further calls are `AND`ed.
    pub fn having<E: Expression<Value = bool>>(self, condition: E) -> Select<T, S, J, W, O, GroupBy<L, H::Output>, D>
    where
        H: AddHaving<E>,
    {
        let Select { table, selection, joins, filter, order, group, distinct, tail } = self;
        let group = GroupBy { keys: group.keys, having: group.having.add(condition) };
        Select { table, selection, joins, filter, order, group, distinct, tail }
    }
}

/// A comma-separated list of expressions (`GROUP BY`, `DISTINCT ON`).
pub trait ExpressionList: Send + Sync {
    /// Writes the list.
    fn write_list<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl<E: Expression> ExpressionList for E {
    fn write_list<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.write(out);
    }
}

macro_rules! tuple_list {
    ($($name:ident : $idx:tt),+) => {
        impl<$($name: Expression),+> ExpressionList for ($($name,)+) {
            fn write_list<'a>(&'a self, out: &mut SqlWriter<'a>) {
                let mut _first = true;
                $(
                    if !_first { out.push(", "); }
                    _first = false;
                    self.$idx.write(out);
                )+
            }
        }
    };
}
tuple_list!(A: 0);
tuple_list!(A: 0, B: 1);
tuple_list!(A: 0, B: 1, C: 2);
tuple_list!(A: 0, B: 1, C: 2, D: 3);

/// `GROUP BY` (and `HAVING`): none yet, or a grouping.
pub trait Grouping: Send + Sync {
    /// Writes ` GROUP BY … HAVING …` (or nothing).
    fn write_group_by<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Grouping for () {
    fn write_group_by<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// `GROUP BY keys [HAVING …]`.
#[derive(Clone, Copy, Debug)]
pub struct GroupBy<L, H> {
    keys: L,
    having: H,
}

impl<L: ExpressionList, H: Having> Grouping for GroupBy<L, H> {
    fn write_group_by<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" GROUP BY ");
        self.keys.write_list(out);
        self.having.write_having(out);
    }
}

/// A `HAVING` clause: none yet, or a condition.
pub trait Having: Send + Sync {
    /// Writes ` HAVING …` (or nothing).
    fn write_having<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Having for () {
    fn write_having<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

impl<E: Expression<Value = bool>> Having for Where<E> {
    fn write_having<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" HAVING ");
        self.0.write(out);
    }
}

/// Adding a `HAVING` condition: `AND`ed with the ones before.
pub trait AddHaving<E> {
    /// The combined condition.
    type Output: Having;
    /// Combines.
    fn add(self, condition: E) -> Self::Output;
}

impl<H: AddFilter<E>, E> AddHaving<E> for H
where
    H::Output: Having,
{
    type Output = H::Output;
    fn add(self, condition: E) -> Self::Output {
        AddFilter::add(self, condition)
    }
}

/// `DISTINCT`: none, on whole rows, or `ON (…)`.
pub trait Distinct: Send + Sync {
    /// Writes `DISTINCT …` after `SELECT` (or nothing).
    fn write_distinct<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Distinct for () {
    fn write_distinct<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// `SELECT DISTINCT`.
#[derive(Clone, Copy, Debug, Default)]
pub struct AllDistinct;

impl Distinct for AllDistinct {
    fn write_distinct<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("DISTINCT ");
    }
}

/// `SELECT DISTINCT ON (…)`.
#[derive(Clone, Copy, Debug)]
pub struct DistinctOn<L>(L);

impl<L: ExpressionList> Distinct for DistinctOn<L> {
    fn write_distinct<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("DISTINCT ON (");
        self.0.write_list(out);
        out.push(") ");
    }
}

impl<T: FromItem, S: Selection, J: Joins, W: Filter, O: Ordering, G: Grouping, D: Distinct> Render
    for Select<T, S, J, W, O, G, D>
{
    fn is_read(&self) -> bool {
        self.tail.lock.is_none()
    }
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("SELECT ");
        self.distinct.write_distinct(out);
        self.selection.write_selection(out);
        out.push(" FROM ");
        self.table.write_from(out);
        self.joins.write_joins(out);
        self.filter.write_where(out);
        self.group.write_group_by(out);
        self.order.write_order_by(out);
        if let Some(limit) = &self.tail.limit {
            out.push(" LIMIT ");
            out.bind(limit);
        }
        if let Some(offset) = &self.tail.offset {
            out.push(" OFFSET ");
            out.bind(offset);
        }
        if let Some(lock) = self.tail.lock {
            out.push(lock);
        }
    }
}

/// The row type a statement decodes into.
pub trait Returns {
    /// One row of the result.
    type Row: crate::schema::FromRow;
}

impl<T: FromItem, S: Selection, J, W, O, G, D> Returns for Select<T, S, J, W, O, G, D> {
    type Row = S::Output;
}
