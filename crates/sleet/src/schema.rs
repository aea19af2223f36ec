//! The traits generated code implements: tables and views, columns, rows, insert
//! structs and patch structs. The runtime knows nothing about any particular schema;
//! everything it needs about one comes through these traits.

use crate::params::{AssignmentsWriter, ValuesWriter};
use crate::row::{RowReader, RowSource};

/// A table or view: its SQL name and its row type.
pub trait Table: Copy + Default + Send + Sync + 'static {
    /// The struct a `SELECT *` decodes into.
    type Row: FromRow;
    /// The schema (`public`, …).
    const SCHEMA: &'static str;
    /// The table's SQL name.
    const NAME: &'static str;
    /// Every column the row holds, in order.
    const COLUMNS: &'static [&'static str];
    /// The name as it appears in SQL: quoted where needed, schema-qualified outside
    /// `public` (`users`, `auth.users`, `"user"`).
    const SQL: &'static str;
    /// Every column, qualified, as a select list (`users.id, users.name, …`).
    const SELECT_ALL: &'static str;
}

/// A table that can be written: its insert and patch structs.
pub trait WritableTable: Table {
    /// The struct `INSERT` takes (required columns plain, defaulted ones optional).
    type Insert: Insertable<Table = Self>;
    /// The struct `UPDATE … SET` takes (every column optional).
    type Patch: Changeset<Table = Self>;
    /// A column an `UPDATE` may assign to itself (quoted), for a patch that sets
    /// nothing: the statement stays valid and its `RETURNING` gives the row. `None` when
    /// every column is generated or an identity `ALWAYS`.
    const UNCHANGED: Option<&'static str> = None;
}

/// A column of a table or view, as a zero-sized marker (`users::email`).
///
/// Generated markers are `Copy` and nothing more: not `Debug`, as a schema has
/// thousands of them and each derived impl costs compile time. Look at a query through
/// its SQL instead (`ToSql::to_sql`).
pub trait Column: Copy + Send + Sync + 'static {
    /// The table or view it belongs to.
    type Table: Table;
    /// Its Rust type; `Option<T>` when the column is nullable.
    type Type;
    /// Its Rust type without the `Option`: what it compares with.
    type Value;
    /// Its SQL name.
    const NAME: &'static str;
    /// The qualified name as it appears in SQL (`users.email`, `"user"."type"`).
    const SQL: &'static str;
    /// The bare name as it appears in SQL (`email`, `"type"`): for `SET` and
    /// `ON CONFLICT (…)`.
    const SQL_NAME: &'static str;
    /// Its SQL type as written in a cast (`int4`, `varchar`, `role`, `text[]`): what a
    /// bulk update declares its arrays of new values as. Empty when the generator could
    /// not type it (a view column).
    const SQL_TYPE: &'static str = "";
}

/// A column that may be assigned in an `UPDATE` (not generated, not an ALWAYS identity).
pub trait Writable: Column {}

/// A value decodable from consecutive columns of a result row.
pub trait FromRow: Sized {
    /// How many columns it reads.
    const WIDTH: usize;
    /// Which of its columns cannot be NULL when the row is there (a `NOT NULL` column
    /// of a table, a value that is not an `Option`), counted from its first: on the
    /// outer side of a join, that one column being NULL says the row is absent. `None`
    /// when any may be NULL (then the row is absent when all are).
    const NOT_NULL_AT: Option<usize> = None;
    /// Decodes from the reader's current position, advancing it by [`WIDTH`](Self::WIDTH).
    fn from_row<R: RowSource>(row: &mut RowReader<'_, R>) -> crate::Result<Self>;
}

/// A row that may be absent: a scalar that may be NULL, or a row struct on the outer
/// side of a join, which is `None` when its [`NOT_NULL_AT`](FromRow::NOT_NULL_AT) column
/// is NULL, or, without one, when all its columns are. Makes `Option<T>` a row.
pub trait NullableRow: FromRow {
    /// Decodes `Some` row, or `None` (advancing past its columns either way).
    fn from_row_nullable<R: RowSource>(row: &mut RowReader<'_, R>) -> crate::Result<Option<Self>> {
        if row.skip_if_absent(Self::WIDTH, Self::NOT_NULL_AT) {
            return Ok(None);
        }
        Self::from_row(row).map(Some)
    }
}

impl<T: NullableRow> FromRow for Option<T> {
    const WIDTH: usize = T::WIDTH;
    fn from_row<R: RowSource>(row: &mut RowReader<'_, R>) -> crate::Result<Self> {
        T::from_row_nullable(row)
    }
}

/// A row to insert.
pub trait Insertable {
    /// The table it goes into.
    type Table: Table;
    /// The SQL type of each column [`write_values`](Self::write_values) lists, in the
    /// same order, as written in a cast (`text`, `public.role`, `int4[]`). With them, a
    /// multi-row insert binds one array per column and reads the rows from `UNNEST`;
    /// empty (the default) keeps it to `VALUES`.
    const SQL_TYPES: &'static [&'static str] = &[];
    /// Lists each column with its value, or as defaulted.
    fn write_values<'a>(&'a self, values: &mut ValuesWriter<'a>);
}

/// A set of column assignments for `UPDATE`.
pub trait Changeset {
    /// The table it updates.
    type Table: Table;
    /// Lists each assigned column with its value; unset fields are left out.
    fn write_assignments<'a>(&'a self, assignments: &mut AssignmentsWriter<'a>);
}

/// A relation between two tables, generated from a foreign key (`posts::author()`,
/// `users::posts()`, `posts::tags()` through `post_tags`): what nested loading and
/// related-row filters take.
pub trait Relation: Copy + Default + Send + Sync + 'static {
    /// The table the relation is on.
    type Source: Table;
    /// The table it leads to.
    type Target: Table;
    /// How many target rows one source row has: [`One`], [`ZeroOrOne`] or [`Many`].
    type Cardinality: Cardinality;
    /// Its name, as generated (or renamed in the generator's config).
    const NAME: &'static str;
    /// `(source column, target column)` pairs, bare SQL names, that are equal for
    /// related rows; for a many-to-many relation, `(source column, junction column)`.
    const ON: &'static [(&'static str, &'static str)];
    /// The junction table of a many-to-many relation.
    const THROUGH: Option<Through>;
}

/// The junction table a many-to-many relation goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Through {
    /// Its name as it appears in SQL.
    pub table: &'static str,
    /// `(junction column, target column)` pairs.
    pub on: &'static [(&'static str, &'static str)],
}

/// How many related rows a relation yields, as a Rust type.
pub trait Cardinality {
    /// What loading it yields for related rows of type `R`.
    type Of<R: Clone + Send + Sync>: Clone + Send + Sync;
    /// The related rows found for one parent (`None`: none), as that type.
    fn pick<R: Clone + Send + Sync>(found: Option<Vec<R>>, relation: &'static str) -> crate::Result<Self::Of<R>>;
}

/// Exactly one related row (a NOT NULL foreign key): `R`.
#[derive(Clone, Copy, Debug)]
pub struct One;
/// At most one related row (a nullable foreign key, the other side of a one-to-one):
/// `Option<R>`.
#[derive(Clone, Copy, Debug)]
pub struct ZeroOrOne;
/// Any number of related rows: `Vec<R>`.
#[derive(Clone, Copy, Debug)]
pub struct Many;

impl Cardinality for One {
    type Of<R: Clone + Send + Sync> = R;
    fn pick<R: Clone + Send + Sync>(found: Option<Vec<R>>, relation: &'static str) -> crate::Result<R> {
        // Only a filter on a NOT NULL many-to-one level can leave a row without one.
        found.and_then(|rows| rows.into_iter().next()).ok_or_else(|| crate::Error::RowCount {
            expected: "exactly one related",
            actual: 0,
            sql: format!("the `{relation}` relation (a NOT NULL foreign key: filter the parents instead)"),
        })
    }
}
impl Cardinality for ZeroOrOne {
    type Of<R: Clone + Send + Sync> = Option<R>;
    fn pick<R: Clone + Send + Sync>(found: Option<Vec<R>>, _: &'static str) -> crate::Result<Option<R>> {
        Ok(found.and_then(|rows| rows.into_iter().next()))
    }
}
impl Cardinality for Many {
    type Of<R: Clone + Send + Sync> = Vec<R>;
    fn pick<R: Clone + Send + Sync>(found: Option<Vec<R>>, _: &'static str) -> crate::Result<Vec<R>> {
        Ok(found.unwrap_or_default())
    }
}
