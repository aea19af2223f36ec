//! Subqueries in `FROM` and common table expressions (`WITH`): a `SELECT` of
//! expressions used as a table. Its columns are named `c0, c1, …` in SQL and reached by
//! position, typed from the select list: `recent.col::<1>()` is the second expression,
//! with its Rust type.

use super::alias::{write_alias, FromItem};
use super::expr::{Expression, Selection};
use super::select::Returns;
use super::{Render, SqlWriter};
use crate::schema::FromRow;
use std::marker::PhantomData;

/// Column names of derived tables, by position.
const COLUMN_NAMES: [&str; 12] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11"];

/// A query used as a table: `(SELECT …) AS "name"(c0, c1, …)`.
#[derive(Clone, Debug)]
pub struct Derived<Q> {
    query: Q,
    name: &'static str,
}

/// Builds a derived table from a query returning rows of expressions.
pub trait AsDerived: Render + Returns + Sized {
    /// Names the query so it can stand in `FROM` / `JOIN`.
    fn derived(self, name: &'static str) -> Derived<Self> {
        Derived { query: self, name }
    }
}

impl<Q: Render + Returns> AsDerived for Q {}

impl<Q: Render + Returns + Send + Sync> FromItem for Derived<Q> {
    fn write_from<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("(");
        self.query.write_sql(out);
        out.push(") AS ");
        write_named_columns::<Q::Row>(out, self.name);
    }
}

/// The `N`th expression of a select list.
pub trait Nth<const N: usize> {
    /// Its Rust value type.
    type Value;
    /// What decoding it yields.
    type Output;
}

macro_rules! nth {
    ($all:tt; $($n:literal => $pick:ident),+) => {$( nth!(@one $all $n $pick); )+};
    (@one [$($all:ident),+] $n:literal $pick:ident) => {
        impl<$($all: Expression),+> Nth<$n> for ($($all,)+) {
            type Value = $pick::Value;
            type Output = $pick::Output;
        }
    };
}
nth!([A]; 0 => A);
nth!([A, B]; 0 => A, 1 => B);
nth!([A, B, C]; 0 => A, 1 => B, 2 => C);
nth!([A, B, C, D]; 0 => A, 1 => B, 2 => C, 3 => D);
nth!([A, B, C, D, E]; 0 => A, 1 => B, 2 => C, 3 => D, 4 => E);

/// The select list of a query, when it is a list of expressions.
pub trait SelectList {
    /// The list.
    type List;
}

impl<T, S: Selection, J, W, O, G, D> SelectList for super::Select<T, S, J, W, O, G, D> {
    type List = S;
}

impl<Q: SelectList> Derived<Q> {
    /// Its `N`th column, typed as the `N`th expression of the query.
    pub fn col<const N: usize>(&self) -> DerivedColumn<Q::List, N>
    where
        Q::List: Nth<N>,
    {
        DerivedColumn { derived: self.name, list: PhantomData }
    }
}

/// A column of a derived table.
#[derive(Clone, Copy, Debug)]
pub struct DerivedColumn<L, const N: usize> {
    derived: &'static str,
    list: PhantomData<fn() -> L>,
}

impl<L: Nth<N>, const N: usize> Expression for DerivedColumn<L, N> {
    type Value = L::Value;
    type Output = L::Output;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        write_alias(out, self.derived);
        out.push(".");
        out.push(COLUMN_NAMES[N]);
    }
}

/// Writes `"name"(c0, c1, …)` for a query returning rows of `R`.
fn write_named_columns<R: FromRow>(out: &mut SqlWriter<'_>, name: &str) {
    write_alias(out, name);
    out.push("(");
    for (i, column) in COLUMN_NAMES[..R::WIDTH.min(COLUMN_NAMES.len())].iter().enumerate() {
        if i > 0 {
            out.push(", ");
        }
        out.push(column);
    }
    out.push(")");
}

/// A common table expression: `WITH "name"(c0, …) AS (query)`.
#[derive(Clone, Debug)]
pub struct CteDefinition<Q> {
    query: Q,
    name: &'static str,
}

/// A reference to a common table expression, usable in `FROM`/`JOIN` and for its
/// typed columns, like a derived table.
#[derive(Debug)]
pub struct CteRef<L> {
    name: &'static str,
    list: PhantomData<fn() -> L>,
}

impl<L> Clone for CteRef<L> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<L> Copy for CteRef<L> {}

impl<L> CteRef<L> {
    /// Its `N`th column, typed as the `N`th expression of its query.
    pub fn col<const N: usize>(&self) -> DerivedColumn<L, N>
    where
        L: Nth<N>,
    {
        DerivedColumn { derived: self.name, list: PhantomData }
    }
}

impl<L: Send + Sync> FromItem for CteRef<L> {
    fn write_from<'a>(&'a self, out: &mut SqlWriter<'a>) {
        write_alias(out, self.name);
    }
}

/// Turns a query into a common table expression: its definition (for [`with`]) and a
/// reference to use in the main query.
pub trait AsCte: Render + Returns + SelectList + Sized {
    /// Names the query as a CTE.
    fn cte(self, name: &'static str) -> (CteDefinition<Self>, CteRef<Self::List>) {
        (CteDefinition { query: self, name }, CteRef { name, list: PhantomData })
    }
}

impl<Q: Render + Returns + SelectList> AsCte for Q {}

/// `WITH cte AS (…) main`.
#[derive(Clone, Debug)]
pub struct With<Q, M> {
    cte: CteDefinition<Q>,
    main: M,
}

/// `WITH name AS (query) main`: the main query reads the CTE through its [`CteRef`].
pub fn with<Q: Render + Returns, M: Render>(cte: CteDefinition<Q>, main: M) -> With<Q, M> {
    With { cte, main }
}

impl<Q: Render + Returns, M: Render> Render for With<Q, M> {
    fn is_read(&self) -> bool {
        self.cte.query.is_read() && self.main.is_read()
    }
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("WITH ");
        write_named_columns::<Q::Row>(out, self.cte.name);
        out.push(" AS (");
        self.cte.query.write_sql(out);
        out.push(") ");
        self.main.write_sql(out);
    }
}

impl<Q, M: Returns> Returns for With<Q, M> {
    type Row = M::Row;
}

/// A reference to a CTE that is not defined yet: for `WITH RECURSIVE`, whose query
/// reads itself. `L` is the select list of its first (non-recursive) part, e.g.
/// `(tasks::id, tasks::parent_id)`.
pub fn cte_ref<L>(name: &'static str) -> CteRef<L> {
    CteRef { name, list: PhantomData }
}

/// `WITH RECURSIVE name AS (query) main`.
#[derive(Clone, Debug)]
pub struct WithRecursive<Q, M> {
    name: &'static str,
    query: Q,
    main: M,
}

/// `WITH RECURSIVE name AS (query) main`: `query` is usually `base.union_all(step)`,
/// where `step` reads `cte` (from [`cte_ref`]), and `main` reads it too.
pub fn with_recursive<L, Q: Render + Returns, M: Render>(cte: CteRef<L>, query: Q, main: M) -> WithRecursive<Q, M> {
    WithRecursive { name: cte.name, query, main }
}

impl<Q: Render + Returns, M: Render> Render for WithRecursive<Q, M> {
    fn is_read(&self) -> bool {
        self.query.is_read() && self.main.is_read()
    }
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("WITH RECURSIVE ");
        write_named_columns::<Q::Row>(out, self.name);
        out.push(" AS (");
        self.query.write_sql(out);
        out.push(") ");
        self.main.write_sql(out);
    }
}

impl<Q, M: Returns> Returns for WithRecursive<Q, M> {
    type Row = M::Row;
}
