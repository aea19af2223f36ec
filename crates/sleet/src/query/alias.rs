//! Table aliases, for self-joins: `let parent = alias(tasks::table, "parent")`, then
//! `parent.col(tasks::id)` is `"parent".id`.

use super::expr::Expression;
use super::SqlWriter;
use crate::schema::{Column, Table};
use std::marker::PhantomData;

/// What can stand in `FROM` or `JOIN`: a table, or an aliased table.
pub trait FromItem: Send + Sync {
    /// Writes it (`users`, `users AS "author"`).
    fn write_from<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl<T: Table> FromItem for T {
    fn write_from<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push_table(T::SQL);
    }
}

/// A table under another name.
#[derive(Clone, Copy, Debug)]
pub struct Alias<T> {
    name: &'static str,
    table: PhantomData<T>,
}

/// `table AS "name"`: the same table a second time in one query.
pub fn alias<T: Table>(_table: T, name: &'static str) -> Alias<T> {
    Alias { name, table: PhantomData }
}

/// Writes an alias, always quoted (so any name works, reserved words included).
pub(crate) fn write_alias(out: &mut SqlWriter<'_>, name: &str) {
    out.push("\"");
    for (i, part) in name.split('"').enumerate() {
        if i > 0 {
            out.push("\"\"");
        }
        out.push(part);
    }
    out.push("\"");
}

impl<T: Table> Alias<T> {
    /// A column of the aliased table: `"alias".column`.
    pub fn col<C: Column<Table = T>>(&self, _column: C) -> AliasedColumn<C> {
        AliasedColumn { alias: self.name, column: PhantomData }
    }
}

impl<T: Table> FromItem for Alias<T> {
    fn write_from<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push_table(T::SQL);
        out.push(" AS ");
        write_alias(out, self.name);
    }
}

/// A column read through an alias.
#[derive(Clone, Copy, Debug)]
pub struct AliasedColumn<C> {
    alias: &'static str,
    column: PhantomData<C>,
}

impl<C: Column> Expression for AliasedColumn<C> {
    type Value = C::Value;
    type Output = C::Type;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        write_alias(out, self.alias);
        out.push(".");
        out.push(C::SQL_NAME);
    }
}
