//! Queries inside queries: `IN (SELECT …)`, `EXISTS (SELECT …)`, and set operations
//! (`UNION [ALL]`, `INTERSECT`, `EXCEPT`). A subquery's parameters join the outer
//! statement's, numbered in order.

use super::alias::FromItem;
use super::expr::{Expression, Selection};
use super::select::{Distinct, Filter, Grouping, Joins, Ordering, Returns, Select};
use super::{Render, SqlWriter};

/// A `SELECT` of one expression: usable where SQL takes a subquery of values.
pub trait Subquery: Render + Send + Sync {
    /// The Rust type of its one column.
    type Value;
}

impl<T: FromItem, S: Selection + Expression, J: Joins, W: Filter, O: Ordering, G: Grouping, D: Distinct> Subquery
    for Select<T, S, J, W, O, G, D>
{
    type Value = S::Value;
}

/// `e IN (SELECT …)` / `e NOT IN (SELECT …)`.
#[derive(Clone, Debug)]
pub struct InSubquery<E, Q> {
    pub(crate) expr: E,
    pub(crate) query: Q,
    pub(crate) negated: bool,
}

impl<E: Expression, Q: Subquery> Expression for InSubquery<E, Q> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.expr.write(out);
        out.push(if self.negated { " NOT IN (" } else { " IN (" });
        self.query.write_sql(out);
        out.push(")");
    }
}

/// `EXISTS (SELECT …)`.
#[derive(Clone, Debug)]
pub struct Exists<Q> {
    query: Q,
    negated: bool,
}

impl<Q: Render + Send + Sync> Expression for Exists<Q> {
    type Value = bool;
    type Output = bool;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(if self.negated { "NOT EXISTS (" } else { "EXISTS (" });
        self.query.write_sql(out);
        out.push(")");
    }
}

/// `EXISTS (query)`: whether the query returns any row.
pub fn exists<Q: Render + Send + Sync>(query: Q) -> Exists<Q> {
    Exists { query, negated: false }
}

/// `NOT EXISTS (query)`.
pub fn not_exists<Q: Render + Send + Sync>(query: Q) -> Exists<Q> {
    Exists { query, negated: true }
}

/// `left UNION [ALL] | INTERSECT | EXCEPT right`: rows of the same type from two queries.
#[derive(Clone, Debug)]
pub struct SetOperation<L, R> {
    left: L,
    op: &'static str,
    right: R,
}

impl<L: Render, R: Render> Render for SetOperation<L, R> {
    fn is_read(&self) -> bool {
        self.left.is_read() && self.right.is_read()
    }
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("(");
        self.left.write_sql(out);
        out.push(self.op);
        self.right.write_sql(out);
        out.push(")");
    }
}

impl<L: Returns, R: Returns<Row = L::Row>> Returns for SetOperation<L, R> {
    type Row = L::Row;
}

/// Set operations on any query that returns rows.
pub trait SetOperations: Render + Returns + Sized {
    /// `UNION`: rows of either, without duplicates.
    fn union<R: Render + Returns<Row = Self::Row>>(self, other: R) -> SetOperation<Self, R> {
        SetOperation { left: self, op: ") UNION (", right: other }
    }
    /// `UNION ALL`: rows of both, duplicates kept.
    fn union_all<R: Render + Returns<Row = Self::Row>>(self, other: R) -> SetOperation<Self, R> {
        SetOperation { left: self, op: ") UNION ALL (", right: other }
    }
    /// `INTERSECT`: rows in both.
    fn intersect<R: Render + Returns<Row = Self::Row>>(self, other: R) -> SetOperation<Self, R> {
        SetOperation { left: self, op: ") INTERSECT (", right: other }
    }
    /// `EXCEPT`: rows of this one that the other does not return.
    fn except<R: Render + Returns<Row = Self::Row>>(self, other: R) -> SetOperation<Self, R> {
        SetOperation { left: self, op: ") EXCEPT (", right: other }
    }
}

impl<Q: Render + Returns> SetOperations for Q {}
