//! `INSERT`, `UPDATE` and `DELETE`. An `UPDATE` or `DELETE` runs only after a
//! `filter(…)` or an explicit `all_rows()`: forgetting the `WHERE` does not compile.

use super::expr::{AllColumns, Expression, Selection};
use super::select::{AddFilter, Filter, Returns};
use super::{SqlWriter, ToSql};
use crate::params::{AssignmentsWriter, Value, ValuesWriter};
use crate::schema::{Changeset, Insertable, Table, WritableTable};

/// What a statement returns: nothing (`()`), or a `RETURNING` list.
pub trait Returning: Send + Sync {
    /// Writes ` RETURNING …` (or nothing).
    fn write_returning<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Returning for () {
    fn write_returning<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// A `RETURNING` list.
#[derive(Clone, Copy, Debug)]
pub struct ReturningList<S>(S);

impl<S: Selection> Returning for ReturningList<S> {
    fn write_returning<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" RETURNING ");
        self.0.write_selection(out);
    }
}

/// Starts an `INSERT INTO table`.
pub fn insert<T: WritableTable>(table: T) -> InsertInto<T> {
    InsertInto { table }
}

/// An `INSERT` waiting for its rows.
#[derive(Clone, Copy, Debug)]
pub struct InsertInto<T> {
    table: T,
}

impl<T: WritableTable> InsertInto<T> {
    /// One row.
    pub fn values(self, row: T::Insert) -> Insert<T> {
        self.values_many([row])
    }

    /// Several rows, in one statement.
    pub fn values_many(self, rows: impl IntoIterator<Item = T::Insert>) -> Insert<T> {
        Insert { table: self.table, rows: rows.into_iter().collect(), conflict: None, returning: () }
    }
}

/// An `INSERT` statement.
#[derive(Clone, Debug)]
pub struct Insert<T: WritableTable, R = ()> {
    table: T,
    rows: Vec<T::Insert>,
    conflict: Option<&'static str>,
    returning: R,
}

impl<T: WritableTable, R: Returning> Insert<T, R> {
    /// `RETURNING` every column, decoding into the row struct.
    pub fn returning(self) -> Insert<T, ReturningList<AllColumns<T>>> {
        let Insert { table, rows, conflict, .. } = self;
        Insert { table, rows, conflict, returning: ReturningList(AllColumns(table)) }
    }

    /// `RETURNING` chosen columns or expressions.
    pub fn returning_columns<S: Selection>(self, selection: S) -> Insert<T, ReturningList<S>> {
        let Insert { table, rows, conflict, .. } = self;
        Insert { table, rows, conflict, returning: ReturningList(selection) }
    }

    /// `ON CONFLICT DO NOTHING`.
    pub fn on_conflict_do_nothing(mut self) -> Self {
        self.conflict = Some(" ON CONFLICT DO NOTHING");
        self
    }
}

impl<T: WritableTable, R: Returning> ToSql for Insert<T, R>
where
    T::Insert: Sync,
{
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("INSERT INTO ");
        out.push(T::SQL);
        let rows: Vec<ValuesWriter<'a>> = self
            .rows
            .iter()
            .map(|row| {
                let mut values = ValuesWriter::with_capacity(T::COLUMNS.len());
                row.write_values(&mut values);
                values
            })
            .collect();
        // Columns that some row sets; a row that leaves one out gets DEFAULT there.
        let mut columns: Vec<&'static str> = Vec::with_capacity(T::COLUMNS.len());
        for row in &rows {
            for (column, value) in row.columns.iter().zip(&row.values) {
                if value.is_some() && !columns.contains(column) {
                    columns.push(column);
                }
            }
        }
        if columns.is_empty() && rows.len() == 1 {
            out.push(" DEFAULT VALUES");
        } else {
            out.push(" (");
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    out.push(", ");
                }
                out.push(column);
            }
            out.push(") VALUES ");
            for (r, row) in rows.iter().enumerate() {
                if r > 0 {
                    out.push(", ");
                }
                out.push("(");
                for (i, column) in columns.iter().enumerate() {
                    if i > 0 {
                        out.push(", ");
                    }
                    let value: Option<Value<'a>> =
                        row.columns.iter().position(|c| c == column).and_then(|at| row.values[at]);
                    match value {
                        Some(v) => out.bind(v),
                        None => out.push("DEFAULT"),
                    }
                }
                out.push(")");
            }
        }
        if let Some(conflict) = self.conflict {
            out.push(conflict);
        }
        self.returning.write_returning(out);
    }
}

impl<T: WritableTable, S: Selection> Returns for Insert<T, ReturningList<S>> {
    type Row = S::Output;
}

/// Marks an `UPDATE`/`DELETE` that may run: it has a `WHERE`, or said `all_rows()`.
#[diagnostic::on_unimplemented(
    message = "this UPDATE or DELETE has no WHERE clause",
    label = "add `.filter(…)`, or `.all_rows()` to change every row on purpose"
)]
pub trait Guarded: Filter {}
impl<E: Expression<Value = bool>> Guarded for super::select::Where<E> {}

/// "Every row, on purpose": the explicit alternative to a `WHERE`.
#[derive(Clone, Copy, Debug, Default)]
pub struct AllRows;
impl Filter for AllRows {
    fn write_where<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}
impl Guarded for AllRows {}

/// Starts an `UPDATE table`.
pub fn update<T: WritableTable>(table: T) -> UpdateTable<T> {
    UpdateTable { table }
}

/// An `UPDATE` waiting for its `SET`.
#[derive(Clone, Copy, Debug)]
pub struct UpdateTable<T> {
    table: T,
}

impl<T: WritableTable> UpdateTable<T> {
    /// `SET` the fields of a patch struct that are `Set`.
    pub fn set(self, patch: T::Patch) -> Update<T> {
        Update { table: self.table, patch, filter: (), returning: () }
    }
}

/// An `UPDATE` statement.
#[derive(Clone, Debug)]
pub struct Update<T: WritableTable, W = (), R = ()> {
    table: T,
    patch: T::Patch,
    filter: W,
    returning: R,
}

impl<T: WritableTable, W: Filter, R: Returning> Update<T, W, R> {
    /// Adds a condition (`WHERE`, then `AND`).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Update<T, W::Output, R>
    where
        W: AddFilter<E>,
    {
        Update { table: self.table, patch: self.patch, filter: self.filter.add(condition), returning: self.returning }
    }

    /// `RETURNING` every column.
    pub fn returning(self) -> Update<T, W, ReturningList<AllColumns<T>>> {
        Update {
            table: self.table,
            patch: self.patch,
            filter: self.filter,
            returning: ReturningList(AllColumns(self.table)),
        }
    }
}

impl<T: WritableTable, R: Returning> Update<T, (), R> {
    /// Updates every row of the table, on purpose.
    pub fn all_rows(self) -> Update<T, AllRows, R> {
        Update { table: self.table, patch: self.patch, filter: AllRows, returning: self.returning }
    }
}

impl<T: WritableTable, W: Guarded, R: Returning> ToSql for Update<T, W, R>
where
    T::Patch: Sync,
{
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("UPDATE ");
        out.push(T::SQL);
        out.push(" SET ");
        let mut assignments = AssignmentsWriter::default();
        self.patch.write_assignments(&mut assignments);
        if assignments.assignments.is_empty() {
            // Nothing to change: keep the statement valid (and its RETURNING useful).
            let first = T::SELECT_ALL.strip_prefix(T::SQL).and_then(|r| r.strip_prefix('.'));
            let first = first.map_or("ctid", |r| r.split(", ").next().unwrap_or("ctid"));
            out.push(first);
            out.push(" = ");
            out.push(first);
        }
        for (i, (column, value)) in assignments.assignments.into_iter().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            out.push(column);
            out.push(" = ");
            out.bind(value);
        }
        self.filter.write_where(out);
        self.returning.write_returning(out);
    }
}

impl<T: WritableTable, W, S: Selection> Returns for Update<T, W, ReturningList<S>> {
    type Row = S::Output;
}

/// Starts a `DELETE FROM table`.
pub fn delete<T: Table>(table: T) -> Delete<T> {
    Delete { table, filter: (), returning: () }
}

/// A `DELETE` statement.
#[derive(Clone, Debug)]
pub struct Delete<T, W = (), R = ()> {
    table: T,
    filter: W,
    returning: R,
}

impl<T: Table, W: Filter, R: Returning> Delete<T, W, R> {
    /// Adds a condition (`WHERE`, then `AND`).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Delete<T, W::Output, R>
    where
        W: AddFilter<E>,
    {
        Delete { table: self.table, filter: self.filter.add(condition), returning: self.returning }
    }

    /// `RETURNING` every column.
    pub fn returning(self) -> Delete<T, W, ReturningList<AllColumns<T>>> {
        Delete { table: self.table, filter: self.filter, returning: ReturningList(AllColumns(self.table)) }
    }
}

impl<T: Table, R: Returning> Delete<T, (), R> {
    /// Deletes every row of the table, on purpose.
    pub fn all_rows(self) -> Delete<T, AllRows, R> {
        Delete { table: self.table, filter: AllRows, returning: self.returning }
    }
}

impl<T: Table, W: Guarded, R: Returning> ToSql for Delete<T, W, R> {
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("DELETE FROM ");
        out.push(T::SQL);
        self.filter.write_where(out);
        self.returning.write_returning(out);
    }
}

impl<T: Table, W, S: Selection> Returns for Delete<T, W, ReturningList<S>> {
    type Row = S::Output;
}
