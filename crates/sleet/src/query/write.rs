//! `INSERT`, `UPDATE` and `DELETE`. An `UPDATE` or `DELETE` runs only after a
//! `filter(…)` or an explicit `all_rows()`: forgetting the `WHERE` does not compile.

use super::expr::AsExpr;
use super::expr::{AllColumns, Expression, Selection};
use super::select::{AddFilter, Filter, Returns};
use super::{Render, SqlWriter};
use crate::params::{AssignmentsWriter, Param, RowValues, Slot, ValuesWriter};
use crate::schema::{Changeset, Column, Insertable, Table, Writable, WritableTable};

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
pub struct ReturningList<S>(pub(super) S);

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

/// ` (a, b, …)`: bare column names, for conflict targets and `INSERT … SELECT`.
fn write_name_list(out: &mut SqlWriter<'_>, names: &[&str]) {
    out.push(" (");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push(", ");
        }
        out.push(name);
    }
    out.push(")");
}

/// Target columns of `INSERT … SELECT`: one column or a tuple of them.
pub trait ColumnList: Send + Sync {
    /// The Rust types the rows inserted must have, in order.
    type Types;
    /// Writes `(a, b)`.
    fn write_names(&self, out: &mut SqlWriter<'_>);
}

impl<C: Writable> ColumnList for C {
    type Types = C::Type;
    fn write_names(&self, out: &mut SqlWriter<'_>) {
        write_name_list(out, &[C::SQL_NAME]);
    }
}

macro_rules! tuple_columns {
    ($($name:ident),+) => {
        impl<$($name: Writable),+> ColumnList for ($($name,)+) {
            type Types = ($($name::Type,)+);
            fn write_names(&self, out: &mut SqlWriter<'_>) {
                write_name_list(out, &[$($name::SQL_NAME),+]);
            }
        }
    };
}
tuple_columns!(A, B);
tuple_columns!(A, B, C);
tuple_columns!(A, B, C, D);
tuple_columns!(A, B, C, D, E);
tuple_columns!(A, B, C, D, E, F);

/// `INSERT INTO table (columns) SELECT …`.
#[derive(Clone, Debug)]
pub struct InsertSelect<T, L, Q, R = ()> {
    table: T,
    columns: L,
    query: Q,
    returning: R,
}

impl<T: WritableTable, L: ColumnList, Q: Render + Returns<Row = L::Types>, R: Returning> InsertSelect<T, L, Q, R> {
    /// `RETURNING` every column of the inserted rows.
    pub fn returning(self) -> InsertSelect<T, L, Q, ReturningList<AllColumns<T>>> {
        InsertSelect {
            table: self.table,
            columns: self.columns,
            query: self.query,
            returning: ReturningList(AllColumns(self.table)),
        }
    }
}

impl<T: WritableTable, L: ColumnList, Q: Render + Send + Sync, R: Returning> Render for InsertSelect<T, L, Q, R> {
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("INSERT INTO ");
        out.push_table(T::SQL);
        self.columns.write_names(out);
        out.push(" ");
        self.query.write_sql(out);
        self.returning.write_returning(out);
    }
}

impl<T: WritableTable, L, Q, S: Selection> Returns for InsertSelect<T, L, Q, ReturningList<S>> {
    type Row = S::Output;
}

impl<T: WritableTable> InsertInto<T> {
    /// `INSERT INTO table (columns) SELECT …`: the query's rows must have the columns'
    /// Rust types, in order (a nullable source into a NOT NULL column does not compile).
    pub fn select<L: ColumnList, Q: Render + Returns<Row = L::Types>>(
        self,
        columns: L,
        query: Q,
    ) -> InsertSelect<T, L, Q> {
        InsertSelect { table: self.table, columns, query, returning: () }
    }

    /// One row.
    pub fn values(self, row: T::Insert) -> Insert<T> {
        self.values_many([row])
    }

    /// Several rows, in one statement.
    pub fn values_many(self, rows: impl IntoIterator<Item = T::Insert>) -> Insert<T> {
        let rows = InsertRows { rows: rows.into_iter().collect(), overriding_system_value: false };
        Insert { table: self.table, rows, conflict: (), returning: () }
    }
}

/// An `INSERT` statement.
#[derive(Clone, Debug)]
pub struct Insert<T: WritableTable, R = (), C = ()> {
    table: T,
    rows: InsertRows<T::Insert>,
    conflict: C,
    returning: R,
}

/// The rows of an `INSERT`, and whether they override `GENERATED ALWAYS` identities.
#[derive(Clone, Debug)]
struct InsertRows<I> {
    rows: Vec<I>,
    overriding_system_value: bool,
}

/// What happens on a unique conflict: an error (`()`), or an `ON CONFLICT` clause.
pub trait Conflict: Send + Sync {
    /// Writes ` ON CONFLICT …` (or nothing).
    fn write_conflict<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl Conflict for () {
    fn write_conflict<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}

/// The columns of a unique constraint: one column or a tuple of them.
pub trait ConflictTarget: Send + Sync {
    /// Writes `(a, b)`.
    fn write_target(&self, out: &mut SqlWriter<'_>);
}

impl ConflictTarget for () {
    fn write_target(&self, _: &mut SqlWriter<'_>) {}
}

impl<C: Column> ConflictTarget for C {
    fn write_target(&self, out: &mut SqlWriter<'_>) {
        write_name_list(out, &[C::SQL_NAME]);
    }
}

macro_rules! tuple_target {
    ($($name:ident),+) => {
        impl<$($name: Column),+> ConflictTarget for ($($name,)+) {
            fn write_target(&self, out: &mut SqlWriter<'_>) {
                write_name_list(out, &[$($name::SQL_NAME),+]);
            }
        }
    };
}
tuple_target!(A, B);
tuple_target!(A, B, C);
tuple_target!(A, B, C, D);

/// `ON CONFLICT [(target)] DO NOTHING`.
#[derive(Clone, Copy, Debug)]
pub struct DoNothing<K>(K);

impl<K: ConflictTarget> Conflict for DoNothing<K> {
    fn write_conflict<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" ON CONFLICT");
        self.0.write_target(out);
        out.push(" DO NOTHING");
    }
}

/// `ON CONFLICT (target) DO UPDATE SET … [WHERE …]`.
#[derive(Clone, Debug)]
pub struct DoUpdate<K, A, W> {
    target: K,
    assignments: A,
    filter: W,
}

impl<K: ConflictTarget, A: Assignments, W: Filter> Conflict for DoUpdate<K, A, W> {
    fn write_conflict<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(" ON CONFLICT");
        self.target.write_target(out);
        out.push(" DO UPDATE SET ");
        self.assignments.write_assignments(out, &mut true);
        self.filter.write_where(out);
    }
}

impl<T: WritableTable, R: Returning, C: Conflict> Insert<T, R, C> {
    /// `OVERRIDING SYSTEM VALUE`: lets set values into `GENERATED ALWAYS AS IDENTITY`
    /// columns (restoring a backup, copying rows between databases).
    pub fn overriding_system_value(mut self) -> Self {
        self.rows.overriding_system_value = true;
        self
    }

    /// `RETURNING` every column, decoding into the row struct.
    pub fn returning(self) -> Insert<T, ReturningList<AllColumns<T>>, C> {
        let Insert { table, rows, conflict, .. } = self;
        Insert { table, rows, conflict, returning: ReturningList(AllColumns(table)) }
    }

    /// `RETURNING` chosen columns or expressions.
    pub fn returning_columns<S: Selection>(self, selection: S) -> Insert<T, ReturningList<S>, C> {
        let Insert { table, rows, conflict, .. } = self;
        Insert { table, rows, conflict, returning: ReturningList(selection) }
    }
}

impl<T: WritableTable, R: Returning> Insert<T, R, ()> {
    /// `ON CONFLICT DO NOTHING`: rows that would violate any unique constraint are skipped.
    pub fn on_conflict_do_nothing(self) -> Insert<T, R, DoNothing<()>> {
        let Insert { table, rows, returning, .. } = self;
        Insert { table, rows, conflict: DoNothing(()), returning }
    }

    /// `ON CONFLICT (target) …`: name the unique columns, then say what to do.
    pub fn on_conflict<K: ConflictTarget>(self, target: K) -> OnConflict<T, R, K> {
        OnConflict { insert: self, target }
    }
}

/// An `INSERT … ON CONFLICT (target)` waiting for its action.
pub struct OnConflict<T: WritableTable, R, K> {
    insert: Insert<T, R, ()>,
    target: K,
}

impl<T: WritableTable, R: Returning, K: ConflictTarget> OnConflict<T, R, K> {
    /// `DO NOTHING`.
    pub fn do_nothing(self) -> Insert<T, R, DoNothing<K>> {
        let Insert { table, rows, returning, .. } = self.insert;
        Insert { table, rows, conflict: DoNothing(self.target), returning }
    }

    /// `DO UPDATE SET column = value`; refer to the proposed row with
    /// [`excluded`](super::expr::excluded). Chain more with `.set_column`.
    pub fn do_update_set<C: Writable<Table = T>, V: AsExpr<C::Value>>(
        self,
        column: C,
        value: V,
    ) -> Insert<T, R, DoUpdate<K, Assign<(), C, V::Expr>, ()>> {
        let Insert { table, rows, returning, .. } = self.insert;
        let assignments = Assign { prev: (), column, value: value.into_expr() };
        Insert { table, rows, conflict: DoUpdate { target: self.target, assignments, filter: () }, returning }
    }
}

impl<T: WritableTable, R: Returning, K: ConflictTarget, A: Assignments, W: Filter> Insert<T, R, DoUpdate<K, A, W>> {
    /// Also `SET column = value` in the `DO UPDATE`.
    pub fn set_column<C: Writable<Table = T>, V: AsExpr<C::Value>>(
        self,
        column: C,
        value: V,
    ) -> Insert<T, R, DoUpdate<K, Assign<A, C, V::Expr>, W>> {
        let Insert { table, rows, returning, conflict } = self;
        let assignments = Assign { prev: conflict.assignments, column, value: value.into_expr() };
        Insert {
            table,
            rows,
            conflict: DoUpdate { target: conflict.target, assignments, filter: conflict.filter },
            returning,
        }
    }

    /// `DO UPDATE … WHERE condition`: update only when it holds (else the row is left as is).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Insert<T, R, DoUpdate<K, A, W::Output>>
    where
        W: AddFilter<E>,
    {
        let Insert { table, rows, returning, conflict } = self;
        let conflict = DoUpdate {
            target: conflict.target,
            assignments: conflict.assignments,
            filter: conflict.filter.add(condition),
        };
        Insert { table, rows, conflict, returning }
    }
}

impl<T: WritableTable, R: Returning, C: Conflict> Render for Insert<T, R, C>
where
    T::Insert: Sync,
{
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("INSERT INTO ");
        out.push_table(T::SQL);
        let mut writer = ValuesWriter::with_capacity(self.rows.rows.len() * T::COLUMNS.len());
        for row in &self.rows.rows {
            row.write_values(&mut writer);
            writer.end_row();
        }
        let rows = writer.rows();
        let overriding = self.rows.overriding_system_value;
        match Unnest::of(&rows, <T::Insert as Insertable>::SQL_TYPES) {
            Some(unnest) => unnest.write(out, overriding),
            None => write_values_clause(out, &rows, overriding),
        }
        self.conflict.write_conflict(out);
        self.returning.write_returning(out);
    }
}

/// ` (a, b) VALUES ($1, $2), ($3, DEFAULT)`: one placeholder per value, `DEFAULT` where a
/// row leaves out a column another row sets; ` DEFAULT VALUES` for one row that sets none;
/// ` SELECT WHERE false` for no rows.
fn write_values_clause<'a>(out: &mut SqlWriter<'a>, rows: &[RowValues<'_, 'a>], overriding: bool) {
    if rows.is_empty() {
        // Inserting nothing is valid, as in Diesel: a query of zero columns and zero rows
        // inserts none, so `execute` says 0 and `RETURNING` gives no rows (an empty
        // `VALUES` list would be a syntax error). `ON CONFLICT` stays legal after it.
        out.push(if overriding { " OVERRIDING SYSTEM VALUE SELECT WHERE false" } else { " SELECT WHERE false" });
        return;
    }
    let mut columns: Vec<&'static str> = Vec::with_capacity(rows.first().map_or(0, |row| row.columns.len()));
    for row in rows {
        for (column, value) in row.columns.iter().zip(row.values) {
            if value.value().is_some() && !columns.contains(column) {
                columns.push(column);
            }
        }
    }
    if columns.is_empty() {
        if rows.len() == 1 {
            out.push(" DEFAULT VALUES");
            return;
        }
        // Several rows that set nothing: `DEFAULT VALUES` takes one row only, so name
        // one column and give each row its DEFAULT.
        columns.extend(rows[0].columns.first());
    }
    write_name_list(out, &columns);
    out.push(if overriding { " OVERRIDING SYSTEM VALUE VALUES " } else { " VALUES " });
    for (r, row) in rows.iter().enumerate() {
        out.push(if r > 0 { ", (" } else { "(" });
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            let at = row.columns.iter().position(|c| c == column);
            match at.and_then(|at| row.values[at].value()) {
                Some(&value) => out.bind_param(value.into()),
                None => out.push("DEFAULT"),
            }
        }
        out.push(")");
    }
}

/// Several rows that set the same columns, bound column-wise:
/// ` (a, b) SELECT * FROM UNNEST($1::text[], $2::int4[])`. One statement text and one
/// parameter per column whatever the number of rows, so the server parses and plans a
/// 1 000-row insert as cheaply as a 2-row one (the form sqlx's FAQ recommends for bulk
/// inserts).
struct Unnest<'a> {
    /// Column name, SQL type, values (one per row).
    columns: Vec<(&'static str, &'static str, Param<'a>)>,
}

impl<'a> Unnest<'a> {
    /// The rows, column-wise, when they can go through `UNNEST`: more than one row, the
    /// SQL types known, every row listing the same columns and defaulting the same ones
    /// (`DEFAULT` has no array form), no array column (`UNNEST` would flatten it), and every type declarable
    /// in an unnamed statement (an array's wire form names its element type's OID,
    /// which enums and composites only have per database).
    fn of(rows: &[RowValues<'_, 'a>], sql_types: &'static [&'static str]) -> Option<Self> {
        let first = rows.first().filter(|first| rows.len() > 1 && sql_types.len() == first.columns.len())?;
        // Generated insert structs list every column in every row, as the same
        // `&'static str`s (compared by address first); a hand-written one might not.
        let same_columns = |row: &RowValues<'_, 'a>| {
            row.columns.len() == first.columns.len()
                && row.columns.iter().zip(first.columns).all(|(a, b)| std::ptr::eq(*a, *b) || a == b)
        };
        if !rows.iter().all(same_columns) {
            return None;
        }
        let mut columns = Vec::with_capacity(first.columns.len());
        for (i, (&name, &sql_type)) in first.columns.iter().zip(sql_types).enumerate() {
            // One pass over the rows per column: the values, and whether every row
            // defaults the column or NULLs it.
            let (defaulted, typed) = match first.values[i] {
                Slot::Default => (true, None),
                Slot::Value(one) | Slot::Null(one) => (false, Some(one)),
            };
            let mut values = Vec::with_capacity(if defaulted { 0 } else { rows.len() });
            let mut all_null = true;
            for row in rows {
                match row.values[i] {
                    Slot::Default if defaulted => {}
                    Slot::Value(one) if !defaulted => {
                        all_null = false;
                        values.push(one.value());
                    }
                    Slot::Null(one) if !defaulted => values.push(one.value()),
                    // Defaulted in some rows only: `DEFAULT` has no array form.
                    _ => return None,
                }
            }
            // Left out, as `VALUES` leaves it: defaulted, or NULL in every row.
            let Some(typed) = typed.filter(|_| !all_null) else {
                continue;
            };
            if sql_type.ends_with("[]") {
                return None;
            }
            let column = Param::column(typed, values);
            if column.param_type().oid() == 0 {
                return None;
            }
            columns.push((name, sql_type, column));
        }
        (!columns.is_empty()).then_some(Self { columns })
    }

    fn write(self, out: &mut SqlWriter<'a>, overriding: bool) {
        let names: Vec<&str> = self.columns.iter().map(|(name, ..)| *name).collect();
        write_name_list(out, &names);
        out.push(if overriding { " OVERRIDING SYSTEM VALUE SELECT * FROM UNNEST(" } else { " SELECT * FROM UNNEST(" });
        for (i, (_, sql_type, values)) in self.columns.into_iter().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            out.bind_param(values);
            out.push("::");
            out.push(sql_type);
            out.push("[]");
        }
        out.push(")");
    }
}

impl<T: WritableTable, S: Selection, C> Returns for Insert<T, ReturningList<S>, C> {
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
    fn write_and<'a>(&'a self, _: &mut SqlWriter<'a>) {}
}
impl Guarded for AllRows {}

/// What an `UPDATE … SET` or `ON CONFLICT DO UPDATE SET` assigns.
pub trait Assignments: Send + Sync {
    /// Writes `a = …, b = …` (nothing when empty).
    fn write_assignments<'a>(&'a self, out: &mut SqlWriter<'a>, first: &mut bool);
}

/// The set fields of a patch struct.
#[derive(Clone, Debug)]
pub struct PatchSet<P>(P);

impl<P: Changeset + Sync + Send> Assignments for PatchSet<P> {
    fn write_assignments<'a>(&'a self, out: &mut SqlWriter<'a>, first: &mut bool) {
        let mut assignments = AssignmentsWriter::default();
        self.0.write_assignments(&mut assignments);
        for (column, value) in assignments.assignments {
            if !std::mem::take(first) {
                out.push(", ");
            }
            out.push(column);
            out.push(" = ");
            out.bind_param(value);
        }
    }
}

impl Assignments for () {
    fn write_assignments<'a>(&'a self, _: &mut SqlWriter<'a>, _: &mut bool) {}
}

/// `column = value` after the assignments before it.
#[derive(Clone, Debug)]
pub struct Assign<Prev, C, E> {
    prev: Prev,
    column: C,
    value: E,
}

impl<Prev: Assignments, C: Writable, E: Expression> Assignments for Assign<Prev, C, E> {
    fn write_assignments<'a>(&'a self, out: &mut SqlWriter<'a>, first: &mut bool) {
        self.prev.write_assignments(out, first);
        if !std::mem::take(first) {
            out.push(", ");
        }
        let _ = &self.column;
        out.push(C::SQL_NAME);
        out.push(" = ");
        self.value.write(out);
    }
}

/// Starts an `UPDATE table`.
pub fn update<T: WritableTable>(table: T) -> UpdateTable<T> {
    UpdateTable { table }
}

/// An `UPDATE` waiting for its `SET`.
#[derive(Clone, Copy, Debug)]
pub struct UpdateTable<T> {
    pub(super) table: T,
}

impl<T: WritableTable> UpdateTable<T> {
    /// `SET` the fields of a patch struct that are `Set`.
    pub fn set(self, patch: T::Patch) -> Update<T, PatchSet<T::Patch>> {
        Update { table: self.table, assignments: PatchSet(patch), filter: (), returning: (), from: Vec::new() }
    }

    /// `SET column = value`, where the value may be an expression (`stock - 1`).
    pub fn set_column<C: Writable<Table = T>, V: AsExpr<C::Value>>(
        self,
        column: C,
        value: V,
    ) -> Update<T, Assign<(), C, V::Expr>> {
        let assignments = Assign { prev: (), column, value: value.into_expr() };
        Update { table: self.table, assignments, filter: (), returning: (), from: Vec::new() }
    }
}

/// An `UPDATE` statement.
#[derive(Clone, Debug)]
pub struct Update<T, A, W = (), R = ()> {
    table: T,
    assignments: A,
    filter: W,
    returning: R,
    /// `FROM` tables, each as its SQL text.
    from: Vec<&'static str>,
}

impl<T: WritableTable, A: Assignments, W: Filter, R: Returning> Update<T, A, W, R> {
    /// `FROM other`: join another table into the update (conditions go in `filter`).
    pub fn from<U: Table>(mut self, _other: U) -> Self {
        self.from.push(U::SQL);
        self
    }

    /// Also `SET column = value`.
    pub fn set_column<C: Writable<Table = T>, V: AsExpr<C::Value>>(
        self,
        column: C,
        value: V,
    ) -> Update<T, Assign<A, C, V::Expr>, W, R> {
        let assignments = Assign { prev: self.assignments, column, value: value.into_expr() };
        Update { table: self.table, assignments, filter: self.filter, returning: self.returning, from: self.from }
    }

    /// Adds a condition (`WHERE`, then `AND`).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Update<T, A, W::Output, R>
    where
        W: AddFilter<E>,
    {
        Update {
            table: self.table,
            assignments: self.assignments,
            filter: self.filter.add(condition),
            returning: self.returning,
            from: self.from,
        }
    }

    /// `RETURNING` every column.
    pub fn returning(self) -> Update<T, A, W, ReturningList<AllColumns<T>>> {
        Update {
            table: self.table,
            assignments: self.assignments,
            filter: self.filter,
            returning: ReturningList(AllColumns(self.table)),
            from: self.from,
        }
    }

    /// `RETURNING` chosen columns or expressions.
    pub fn returning_columns<S: Selection>(self, selection: S) -> Update<T, A, W, ReturningList<S>> {
        Update {
            table: self.table,
            assignments: self.assignments,
            filter: self.filter,
            returning: ReturningList(selection),
            from: self.from,
        }
    }
}

impl<T: WritableTable, A: Assignments, R: Returning> Update<T, A, (), R> {
    /// Updates every row of the table, on purpose.
    pub fn all_rows(self) -> Update<T, A, AllRows, R> {
        Update {
            table: self.table,
            assignments: self.assignments,
            filter: AllRows,
            returning: self.returning,
            from: self.from,
        }
    }
}

impl<T: WritableTable, A: Assignments, W: Guarded, R: Returning> Render for Update<T, A, W, R> {
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("UPDATE ");
        out.push_table(T::SQL);
        out.push(" SET ");
        let mut first = true;
        self.assignments.write_assignments(out, &mut first);
        if first {
            // Nothing to change: keep the statement valid (and its RETURNING useful).
            // Without a column that may be assigned, PostgreSQL's own error says why.
            let column = T::UNCHANGED.unwrap_or("ctid");
            out.push(column);
            out.push(" = ");
            out.push(column);
        }
        for (i, table) in self.from.iter().enumerate() {
            out.push(if i == 0 { " FROM " } else { ", " });
            out.push_table(table);
        }
        self.filter.write_where(out);
        self.returning.write_returning(out);
    }
}

impl<T: WritableTable, A, W, S: Selection> Returns for Update<T, A, W, ReturningList<S>> {
    type Row = S::Output;
}

/// Starts a `DELETE FROM table`.
pub fn delete<T: Table>(table: T) -> Delete<T> {
    Delete { table, filter: (), returning: (), using: Vec::new() }
}

/// A `DELETE` statement.
#[derive(Clone, Debug)]
pub struct Delete<T, W = (), R = ()> {
    table: T,
    filter: W,
    returning: R,
    /// `USING` tables, each as its SQL text.
    using: Vec<&'static str>,
}

impl<T: Table, W: Filter, R: Returning> Delete<T, W, R> {
    /// Adds a condition (`WHERE`, then `AND`).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Delete<T, W::Output, R>
    where
        W: AddFilter<E>,
    {
        Delete { table: self.table, filter: self.filter.add(condition), returning: self.returning, using: self.using }
    }

    /// `USING other`: join another table into the delete (conditions go in `filter`).
    pub fn using<U: Table>(mut self, _other: U) -> Self {
        self.using.push(U::SQL);
        self
    }

    /// `RETURNING` every column.
    pub fn returning(self) -> Delete<T, W, ReturningList<AllColumns<T>>> {
        Delete {
            table: self.table,
            filter: self.filter,
            returning: ReturningList(AllColumns(self.table)),
            using: self.using,
        }
    }
}

impl<T: Table, R: Returning> Delete<T, (), R> {
    /// Deletes every row of the table, on purpose.
    pub fn all_rows(self) -> Delete<T, AllRows, R> {
        Delete { table: self.table, filter: AllRows, returning: self.returning, using: self.using }
    }
}

impl<T: Table, W: Guarded, R: Returning> Render for Delete<T, W, R> {
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("DELETE FROM ");
        out.push_table(T::SQL);
        for (i, table) in self.using.iter().enumerate() {
            out.push(if i == 0 { " USING " } else { ", " });
            out.push_table(table);
        }
        self.filter.write_where(out);
        self.returning.write_returning(out);
    }
}

impl<T: Table, W, S: Selection> Returns for Delete<T, W, ReturningList<S>> {
    type Row = S::Output;
}
