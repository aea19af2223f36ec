//! Filters on related rows: `has(users::posts())` is `EXISTS` a related row, through
//! the relation's foreign key (and junction, for many-to-many), optionally with a
//! condition on it — `has(users::posts()).filter(posts::published.eq(true))`. Negate
//! with `.not()`.
//!
//! For a relation from a table to itself (`tasks::children()`), the related rows are
//! named after the relation: refer to their columns as
//! `alias(tasks::table, "children").col(tasks::done)`.

use super::expr::Expression;
use super::select::{AddFilter, Filter};
use super::SqlWriter;
use crate::schema::{Relation, Table};
use std::marker::PhantomData;

/// `EXISTS` a row related through `R`, matching `F` when given.
#[derive(Clone, Copy, Debug)]
pub struct Has<R, F = ()> {
    filter: F,
    relation: PhantomData<fn() -> R>,
}

/// Whether the row has at least one row related through `relation`.
///
/// ```
/// # use sleet::query::{has, Render};
/// # #[derive(Clone, Copy, Default)] struct users;
/// # #[derive(Clone, Copy, Default)] struct posts;
/// # #[derive(Clone, Copy, Default)] struct users_posts;
/// # impl sleet::Table for users { type Row = i32; const SCHEMA: &'static str = "public"; const NAME: &'static str = "users"; const COLUMNS: &'static [&'static str] = &["id"]; const SQL: &'static str = "users"; const SELECT_ALL: &'static str = "users.id"; }
/// # impl sleet::Table for posts { type Row = i32; const SCHEMA: &'static str = "public"; const NAME: &'static str = "posts"; const COLUMNS: &'static [&'static str] = &["id"]; const SQL: &'static str = "posts"; const SELECT_ALL: &'static str = "posts.id"; }
/// # impl sleet::Relation for users_posts { type Source = users; type Target = posts; type Cardinality = sleet::Many; const NAME: &'static str = "posts"; const ON: &'static [(&'static str, &'static str)] = &[("id", "author_id")]; const THROUGH: Option<sleet::Through> = None; }
/// let authors = sleet::from(users).filter(has(users_posts));
/// assert_eq!(
///     authors.to_sql().0,
///     "SELECT users.id FROM users WHERE EXISTS (SELECT 1 FROM posts WHERE posts.author_id = users.id)"
/// );
/// ```
pub fn has<R: Relation>(_relation: R) -> Has<R> {
    Has { filter: (), relation: PhantomData }
}

impl<R: Relation, F: Filter> Has<R, F> {
    /// Only related rows for which `condition` holds (`AND`ed with earlier ones).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Has<R, F::Output>
    where
        F: AddFilter<E>,
    {
        Has { filter: self.filter.add(condition), relation: PhantomData }
    }
}

impl<R: Relation, F: Filter> Expression for Has<R, F> {
    type Value = bool;
    type Output = bool;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("EXISTS (SELECT 1");
        write_related::<R>(&self.filter, out);
        out.push(")");
    }
}

/// The number of rows related through `R` (matching `F` when given): a correlated
/// `(SELECT count(*) …)`, for a select list — `columns((users::table.all_columns(),
/// count_related(users::posts())))`.
#[derive(Clone, Copy, Debug)]
pub struct CountRelated<R, F = ()> {
    filter: F,
    relation: PhantomData<fn() -> R>,
}

/// How many rows are related through `relation`, as a `bigint`.
pub fn count_related<R: Relation>(_relation: R) -> CountRelated<R> {
    CountRelated { filter: (), relation: PhantomData }
}

impl<R: Relation, F: Filter> CountRelated<R, F> {
    /// Counts only related rows for which `condition` holds.
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> CountRelated<R, F::Output>
    where
        F: AddFilter<E>,
    {
        CountRelated { filter: self.filter.add(condition), relation: PhantomData }
    }
}

impl<R: Relation, F: Filter> Expression for CountRelated<R, F> {
    type Value = i64;
    type Output = i64;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("(SELECT count(*)");
        write_related::<R>(&self.filter, out);
        out.push(")");
    }
}

/// ` FROM related WHERE it is related to the outer row [AND (filter)]`.
fn write_related<'a, R: Relation>(filter: &'a impl Filter, out: &mut SqlWriter<'a>) {
    let source = <R::Source as Table>::SQL;
    let target_table = <R::Target as Table>::SQL;
    // A relation to the same table names the related rows after itself.
    let quoted_name;
    let target = if source == target_table {
        quoted_name = format!("\"{}\"", R::NAME.replace('"', "\"\""));
        quoted_name.as_str()
    } else {
        target_table
    };
    out.push(" FROM ");
    match R::THROUGH {
        None => {
            push_table(out, target_table, target);
            out.push(" WHERE ");
            push_pairs(out, target, source, R::ON.iter().map(|&(s, t)| (t, s)));
        }
        Some(through) => {
            out.push_table(through.table);
            out.push(" INNER JOIN ");
            push_table(out, target_table, target);
            out.push(" ON ");
            push_pairs(out, target, through.table, through.on.iter().map(|&(j, t)| (t, j)));
            out.push(" WHERE ");
            push_pairs(out, through.table, source, R::ON.iter().map(|&(s, j)| (j, s)));
        }
    }
    filter.write_and(out);
}

fn push_table(out: &mut SqlWriter<'_>, table: &'static str, name: &str) {
    out.push_table(table);
    if name != table {
        out.push(" AS ");
        out.push(name);
    }
}

/// `left.a = right.b AND …` for `(a, b)` pairs.
fn push_pairs<'p>(out: &mut SqlWriter<'_>, left: &str, right: &str, pairs: impl Iterator<Item = (&'p str, &'p str)>) {
    for (i, (l, r)) in pairs.enumerate() {
        if i > 0 {
            out.push(" AND ");
        }
        push_qualified(out, left, l);
        out.push(" = ");
        push_qualified(out, right, r);
    }
}

/// `table.column` (or `alias.column`), its table in the statement's schema.
fn push_qualified(out: &mut SqlWriter<'_>, qualifier: &str, column: &str) {
    if out.maps_schemas() {
        out.push_column(&format!("{qualifier}.{column}"));
    } else {
        out.push(qualifier);
        out.push(".");
        out.push(column);
    }
}
