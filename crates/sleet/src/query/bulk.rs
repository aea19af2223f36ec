//! Bulk updates: one statement that gives each key its own new values,
//! `UPDATE t SET a = input.a FROM UNNEST($1::int4[], $2::text[]) AS input (id, a)
//! WHERE t.id = input.id`. One parameter per column whatever the number of rows, so
//! the server parses and plans 10 000 rows as cheaply as 2; where a column's values
//! cannot travel as an array, the rows are a `VALUES` list instead.

use super::expr::{AllColumns, Expression, Selection};
use super::select::{AddFilter, Filter, Returns};
use super::write::{Returning, ReturningList, UpdateTable};
use super::{Render, SqlWriter};
use crate::params::{Param, SqlParam, ValueRef};
use crate::schema::{Column, Writable, WritableTable};

/// Columns of table `T` that a bulk update names: one column, or a tuple of them.
pub trait ColumnSet<T>: Send + Sync {
    /// One row's values, in the columns' Rust types (a tuple for a tuple).
    type Values: Send + Sync;
    /// Each column's bare SQL name and SQL type (as in a cast).
    const COLUMNS: &'static [(&'static str, &'static str)];
    /// How each column's values travel as one array: `Some(false)` as an array of its
    /// own type, `Some(true)` as `text[]` cast back (enums, whose OIDs differ per
    /// database), `None` not at all (composites).
    fn carriers() -> Vec<Option<bool>>;
    /// One array parameter per column, over all rows.
    fn arrays<'a>(rows: &[&'a Self::Values]) -> Vec<Param<'a>>;
    /// One row's values, one parameter per column.
    fn row(values: &Self::Values) -> Vec<Param<'_>>;
}

/// Columns a bulk update may assign: each [`Writable`].
pub trait WritableSet<T>: ColumnSet<T> {}

impl<T, C> ColumnSet<T> for C
where
    C: Column<Table = T>,
    C::Type: SqlParam + Send,
{
    type Values = C::Type;
    const COLUMNS: &'static [(&'static str, &'static str)] = &[(C::SQL_NAME, C::SQL_TYPE)];
    fn carriers() -> Vec<Option<bool>> {
        vec![carrier::<C::Type>()]
    }
    fn arrays<'a>(rows: &[&'a Self::Values]) -> Vec<Param<'a>> {
        vec![Param::array_of::<C::Type>(rows.iter().map(|&value| value as ValueRef<'a>).collect())]
    }
    fn row(values: &Self::Values) -> Vec<Param<'_>> {
        vec![Param::new(values)]
    }
}
impl<T, C: Writable<Table = T>> WritableSet<T> for C where C::Type: SqlParam + Send {}

/// How an array of `V` travels (see [`ColumnSet::carriers`]).
fn carrier<V: SqlParam>() -> Option<bool> {
    if crate::params::enum_array_as_text::<V>() {
        Some(true)
    } else {
        (V::array_type().oid() != 0).then_some(false)
    }
}

macro_rules! tuple_column_set {
    ($($name:ident : $idx:tt),+) => {
        impl<T, $($name),+> ColumnSet<T> for ($($name,)+)
        where
            $($name: Column<Table = T>, $name::Type: SqlParam + Send,)+
        {
            type Values = ($($name::Type,)+);
            const COLUMNS: &'static [(&'static str, &'static str)] = &[$(($name::SQL_NAME, $name::SQL_TYPE)),+];
            fn carriers() -> Vec<Option<bool>> {
                vec![$(carrier::<$name::Type>()),+]
            }
            fn arrays<'a>(rows: &[&'a Self::Values]) -> Vec<Param<'a>> {
                vec![$(Param::array_of::<$name::Type>(rows.iter().map(|&row| &row.$idx as ValueRef<'a>).collect())),+]
            }
            fn row(values: &Self::Values) -> Vec<Param<'_>> {
                vec![$(Param::new(&values.$idx)),+]
            }
        }
        impl<T, $($name),+> WritableSet<T> for ($($name,)+)
        where
            $($name: Writable<Table = T>, $name::Type: SqlParam + Send,)+
        {}
    };
}
tuple_column_set!(A: 0);
tuple_column_set!(A: 0, B: 1);
tuple_column_set!(A: 0, B: 1, C: 2);
tuple_column_set!(A: 0, B: 1, C: 2, D: 3);
tuple_column_set!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_column_set!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_column_set!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_column_set!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);

impl<T: WritableTable> UpdateTable<T> {
    /// Gives each row its own new values, in one statement: `rows` pairs the `key`
    /// columns' values (one column's value, or a tuple) with the `columns`' new values.
    /// A row whose key matches no row changes nothing; keys compare with `=`, so a NULL
    /// key matches nothing. A key column cannot be assigned in the same statement.
    ///
    /// ```
    /// # use sleet::prelude::*;
    /// # #[derive(Clone, Copy, Default)] struct posts;
    /// # impl Table for posts { type Row = (i32, String, i32); const SCHEMA: &'static str = "public"; const NAME: &'static str = "posts";
    /// #   const COLUMNS: &'static [&'static str] = &["id", "title", "views"]; const SQL: &'static str = "posts";
    /// #   const SELECT_ALL: &'static str = "posts.id, posts.title, posts.views"; }
    /// # struct NewPost; struct PostPatch;
    /// # impl sleet::Insertable for NewPost { type Table = posts; fn write_values<'a>(&'a self, _: &mut sleet::plumbing::ValuesWriter<'a>) {} }
    /// # impl sleet::Changeset for PostPatch { type Table = posts; fn write_assignments<'a>(&'a self, _: &mut sleet::plumbing::AssignmentsWriter<'a>) {} }
    /// # impl sleet::WritableTable for posts { type Insert = NewPost; type Patch = PostPatch; }
    /// # macro_rules! column { ($name:ident, $ty:ty, $sql:literal) => {
    /// #   #[derive(Clone, Copy)] #[allow(non_camel_case_types)] struct $name;
    /// #   impl Column for $name { type Table = posts; type Type = $ty; type Value = $ty; const NAME: &'static str = stringify!($name);
    /// #     const SQL: &'static str = concat!("posts.", stringify!($name)); const SQL_NAME: &'static str = stringify!($name); const SQL_TYPE: &'static str = $sql; }
    /// #   impl sleet::Writable for $name {} } }
    /// # column!(id, i32, "int4"); column!(title, String, "text"); column!(views, i32, "int4");
    /// let rows = vec![(1, ("First".to_string(), 10)), (2, ("Second".to_string(), 20))];
    /// let query = update(posts).set_rows(id, (title, views), rows);
    /// assert_eq!(
    ///     query.to_sql(),
    ///     ("UPDATE posts SET title = input.title, views = input.views \
    ///       FROM UNNEST($1::int4[], $2::text[], $3::int4[]) AS input (id, title, views) \
    ///       WHERE posts.id = input.id".to_string(), 3)
    /// );
    /// ```
    pub fn set_rows<K: ColumnSet<T>, S: WritableSet<T>>(
        self,
        key: K,
        columns: S,
        rows: impl IntoIterator<Item = (K::Values, S::Values)>,
    ) -> UpdateRows<T, K, S> {
        let _ = (key, columns);
        UpdateRows { table: self.table, rows: rows.into_iter().collect(), filter: (), returning: () }
    }
}

/// An `UPDATE … FROM` a list of rows: `update(table).set_rows(key, columns, rows)`.
#[derive(Clone, Debug)]
pub struct UpdateRows<T, K: ColumnSet<T>, S: ColumnSet<T>, W = (), R = ()> {
    table: T,
    rows: Vec<(K::Values, S::Values)>,
    filter: W,
    returning: R,
}

impl<T: WritableTable, K: ColumnSet<T>, S: WritableSet<T>, W: Filter, R: Returning> UpdateRows<T, K, S, W, R> {
    /// Adds a condition on the rows to change (`AND`ed with the key match).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> UpdateRows<T, K, S, W::Output, R>
    where
        W: AddFilter<E>,
    {
        UpdateRows { table: self.table, rows: self.rows, filter: self.filter.add(condition), returning: self.returning }
    }

    /// `RETURNING` every column of each changed row.
    pub fn returning(self) -> UpdateRows<T, K, S, W, ReturningList<AllColumns<T>>> {
        let returning = ReturningList(AllColumns(self.table));
        UpdateRows { table: self.table, rows: self.rows, filter: self.filter, returning }
    }

    /// `RETURNING` chosen columns or expressions.
    pub fn returning_columns<Q: Selection>(self, selection: Q) -> UpdateRows<T, K, S, W, ReturningList<Q>> {
        UpdateRows { table: self.table, rows: self.rows, filter: self.filter, returning: ReturningList(selection) }
    }
}

/// The `FROM` item's name, unless the table has it.
fn alias<T: WritableTable>() -> &'static str {
    if T::NAME == "input" {
        "input_rows"
    } else {
        "input"
    }
}

impl<T: WritableTable, K: ColumnSet<T>, S: WritableSet<T>, W: Filter, R: Returning> Render
    for UpdateRows<T, K, S, W, R>
{
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>) {
        let input = alias::<T>();
        out.push("UPDATE ");
        out.push_table(T::SQL);
        out.push(" SET ");
        for (i, (name, _)) in S::COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            out.push(name);
            out.push(" = ");
            out.push(input);
            out.push(".");
            out.push(name);
        }
        let columns = || K::COLUMNS.iter().chain(S::COLUMNS);
        // `UNNEST` flattens arrays of arrays, and an array's wire form names its
        // element's OID, which a composite only has per database (enums go as text).
        let carriers: Vec<Option<bool>> = K::carriers().into_iter().chain(S::carriers()).collect();
        let unnest =
            carriers.iter().all(Option::is_some) && columns().all(|(_, ty)| !ty.is_empty() && !ty.ends_with(']'));
        if unnest {
            let keys: Vec<&K::Values> = self.rows.iter().map(|(key, _)| key).collect();
            let values: Vec<&S::Values> = self.rows.iter().map(|(_, values)| values).collect();
            let arrays = K::arrays(&keys).into_iter().chain(S::arrays(&values));
            out.push(" FROM UNNEST(");
            for (i, ((array, (_, ty)), as_text)) in arrays.zip(columns()).zip(&carriers).enumerate() {
                if i > 0 {
                    out.push(", ");
                }
                out.bind_param(array);
                if *as_text == Some(true) {
                    out.push("::text[]");
                }
                out.push("::");
                out.push(ty);
                out.push("[]");
            }
            out.push(")");
        } else {
            out.push(" FROM (VALUES ");
            if self.rows.is_empty() {
                // One row of NULLs, whose key matches nothing: `VALUES` cannot be empty.
                write_row(out, columns().map(|&(_, ty)| (None, ty)));
            }
            for (i, (key, values)) in self.rows.iter().enumerate() {
                if i > 0 {
                    out.push(", ");
                }
                let params = K::row(key).into_iter().chain(S::row(values));
                write_row(out, params.map(Some).zip(columns().map(|&(_, ty)| ty)));
            }
            out.push(")");
        }
        out.push(" AS ");
        out.push(input);
        out.push(" (");
        for (i, (name, _)) in columns().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            out.push(name);
        }
        out.push(") WHERE ");
        for (i, (name, _)) in K::COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(" AND ");
            }
            out.push_table(T::SQL);
            out.push(".");
            out.push(name);
            out.push(" = ");
            out.push(input);
            out.push(".");
            out.push(name);
        }
        self.filter.write_and(out);
        self.returning.write_returning(out);
    }
}

/// `($1::int4, $2::text)`, each value (`None`: NULL) cast to its column's type, as
/// the first row types the list.
fn write_row<'a>(out: &mut SqlWriter<'a>, values: impl Iterator<Item = (Option<Param<'a>>, &'static str)>) {
    out.push("(");
    for (i, (value, ty)) in values.enumerate() {
        if i > 0 {
            out.push(", ");
        }
        match value {
            Some(param) => out.bind_param(param),
            None => out.push("NULL"),
        }
        if !ty.is_empty() {
            out.push("::");
            out.push(ty);
        }
    }
    out.push(")");
}

impl<T: WritableTable, K: ColumnSet<T>, S: ColumnSet<T>, W, Q: Selection> Returns
    for UpdateRows<T, K, S, W, ReturningList<Q>>
{
    type Row = Q::Output;
}
