//! `SELECT`: `select((users::id, users::name)).from(users::table).filter(…)…` or
//! `from(users::table)` for whole rows.

use super::expr::{AllColumns, Expression, OrderList, Selection};
use super::{SqlWriter, ToSql};
use crate::schema::Table;

/// Starts a `SELECT` of `selection`; name the table with [`SelectList::from`].
pub fn select<S: Selection>(selection: S) -> SelectList<S> {
    SelectList { selection }
}

/// `SELECT t.* FROM t`, decoding whole rows into the table's row struct.
pub fn from<T: Table>(table: T) -> Select<T, AllColumns<T>> {
    select(AllColumns(table)).from(table)
}

/// A select list waiting for its `FROM`.
#[derive(Clone, Copy, Debug)]
pub struct SelectList<S> {
    selection: S,
}

impl<S: Selection> SelectList<S> {
    /// `FROM table`.
    pub fn from<T: Table>(self, table: T) -> Select<T, S> {
        Select {
            table,
            selection: self.selection,
            joins: (),
            filter: (),
            order: (),
            limit: None,
            offset: None,
            lock: None,
        }
    }
}

/// A `SELECT` statement.
#[derive(Clone, Debug)]
pub struct Select<T, S, J = (), W = (), O = ()> {
    table: T,
    selection: S,
    joins: J,
    filter: W,
    order: O,
    limit: Option<i64>,
    offset: Option<i64>,
    lock: Option<&'static str>,
}

/// A `WHERE` clause: none yet, or a condition.
pub trait Filter: Send + Sync {
    /// Writes ` WHERE …` (or nothing).
    fn write_where<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Filter for () {
    fn write_where<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// A condition in a `WHERE` clause.
#[derive(Clone, Copy, Debug)]
pub struct Where<E>(pub(crate) E);

impl<E: Expression<Value = bool>> Filter for Where<E> {
    fn write_where<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" WHERE ");
        self.0.write(out);
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
    table: std::marker::PhantomData<T>,
    on: On,
}

impl<Prev: Joins, T: Table, On: Expression<Value = bool>> Joins for Join<Prev, T, On> {
    fn write_joins<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.prev.write_joins(out);
        out.push(self.kind);
        out.push(T::SQL);
        out.push(" ON ");
        self.on.write(out);
    }
}

impl<T: Table, S: Selection, J: Joins, W: Filter, O: Ordering> Select<T, S, J, W, O> {
    /// Adds a condition (`WHERE`, then `AND` for each further call).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Select<T, S, J, W::Output, O>
    where
        W: AddFilter<E>,
    {
        let Select { table, selection, joins, filter, order, limit, offset, lock } = self;
        Select { table, selection, joins, filter: filter.add(condition), order, limit, offset, lock }
    }

    /// `ORDER BY …` (replaces an earlier ordering).
    pub fn order_by<N: OrderList>(self, order: N) -> Select<T, S, J, W, OrderBy<N>> {
        let Select { table, selection, joins, filter, limit, offset, lock, .. } = self;
        Select { table, selection, joins, filter, order: OrderBy(order), limit, offset, lock }
    }

    /// `INNER JOIN other ON condition`.
    pub fn inner_join<U: Table, On: Expression<Value = bool>>(
        self,
        _other: U,
        on: On,
    ) -> Select<T, S, Join<J, U, On>, W, O> {
        let Select { table, selection, joins, filter, order, limit, offset, lock } = self;
        let joins = Join { prev: joins, kind: " INNER JOIN ", table: std::marker::PhantomData, on };
        Select { table, selection, joins, filter, order, limit, offset, lock }
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: i64) -> Self {
        self.offset = Some(n);
        self
    }

    /// `FOR UPDATE`.
    pub fn for_update(mut self) -> Self {
        self.lock = Some(" FOR UPDATE");
        self
    }
}

impl<T: Table, S: Selection, J: Joins, W: Filter, O: Ordering> ToSql for Select<T, S, J, W, O> {
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("SELECT ");
        self.selection.write_selection(out);
        out.push(" FROM ");
        out.push(T::SQL);
        self.joins.write_joins(out);
        self.filter.write_where(out);
        self.order.write_order_by(out);
        if let Some(limit) = &self.limit {
            out.push(" LIMIT ");
            out.bind(limit);
        }
        if let Some(offset) = &self.offset {
            out.push(" OFFSET ");
            out.bind(offset);
        }
        if let Some(lock) = self.lock {
            out.push(lock);
        }
    }
}

/// The row type a statement decodes into.
pub trait Returns {
    /// One row of the result.
    type Row: crate::schema::FromRow;
}

impl<T: Table, S: Selection, J, W, O> Returns for Select<T, S, J, W, O> {
    type Row = S::Output;
}
