//! Query building: typed expressions and SQL-shaped builders that render SQL text
//! plus bound parameters. Rendering is one pass into one `String` and one parameter
//! list; values are never spliced into the text.

mod alias;
mod bulk;
mod derived;
pub mod expr;
pub mod functions;
pub mod json;
mod raw;
mod related;
mod schemas;
mod select;
mod subquery;
mod write;

pub use alias::{alias, Alias, AliasedColumn, FromItem};
pub use bulk::{ColumnSet, UpdateRows, WritableSet};
pub use derived::{
    cte_ref, with, with_recursive, AsCte, AsDerived, CteDefinition, CteRef, Derived, DerivedColumn, Nth, With,
    WithRecursive,
};
pub use expr::{
    excluded, maybe, AllColumns, AsExpr, Bind, Expression, ExpressionExt, Maybe, NullableColumns, NullableGroup, Order,
    Selection, TableExt, TupleExt,
};
pub use raw::{raw, Raw};
pub use related::{count_related, has, CountRelated, Has};
pub use schemas::SchemaMap;
pub use select::{count_rows, from, select, AddFilter, Filter, OrderBy, Ordering, Returns, Select, Where};
pub use subquery::{exists, not_exists, SetOperation, SetOperations, Subquery};
pub use write::{delete, insert, update, AllRows, Delete, Guarded, Insert, Update};

use crate::params::{Param, SqlParam};

/// SQL text being written, with the parameters it binds.
pub struct SqlWriter<'a> {
    text: String,
    params: Vec<Param<'a>>,
    /// Tables written in another schema than the generated one.
    schemas: Option<std::sync::Arc<SchemaMap>>,
}

impl Default for SqlWriter<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> SqlWriter<'a> {
    /// An empty writer.
    pub fn new() -> Self {
        Self { text: String::with_capacity(256), params: Vec::with_capacity(8), schemas: None }
    }

    /// A writer that writes the tables of one schema in another.
    pub fn with_schemas(schemas: Option<std::sync::Arc<SchemaMap>>) -> Self {
        Self { schemas, ..Self::new() }
    }

    /// Appends a table's generated SQL name (`users`, `app.users`), in the schema the
    /// statement is rendered for.
    pub fn push_table(&mut self, sql: &str) {
        match &self.schemas {
            Some(map) => map.write_table(sql, &mut self.text),
            None => self.text.push_str(sql),
        }
    }

    /// Appends a column's generated qualified name (`users.email`), as
    /// [`push_table`](Self::push_table) places its table.
    pub fn push_column(&mut self, sql: &str) {
        match &self.schemas {
            Some(map) => map.write_column(sql, &mut self.text),
            None => self.text.push_str(sql),
        }
    }

    /// Whether tables are being mapped to another schema.
    pub(crate) fn maps_schemas(&self) -> bool {
        self.schemas.is_some()
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: &str) {
        self.text.push_str(sql);
    }

    /// Binds a value and appends its placeholder (`$1`, `$2`, …).
    pub fn bind(&mut self, value: &'a impl SqlParam) {
        self.bind_param(Param::new(value));
    }

    /// Appends the placeholder of a parameter.
    pub fn bind_param(&mut self, param: Param<'a>) {
        self.params.push(param);
        self.text.push('$');
        push_number(&mut self.text, self.params.len());
    }

    /// The SQL text and its parameters.
    pub fn finish(self) -> (String, Vec<Param<'a>>) {
        (self.text, self.params)
    }
}

/// Appends a decimal number without the formatting machinery (placeholders are hot).
fn push_number(text: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    text.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// A statement that renders to SQL text and bound parameters; `to_sql()` shows what
/// it sends. (Not to be confused with `postgres_types::ToSql`, which encodes one
/// value.)
pub trait Render {
    /// Writes the statement.
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>);

    /// Whether it only reads: a `SELECT` (or set operation or `WITH` of them) that
    /// locks no rows. What a replicated database sends to a replica; `false` (the
    /// primary) unless the builder knows better, as for raw SQL.
    fn is_read(&self) -> bool {
        false
    }

    /// The SQL text and the number of parameters it binds (values are not shown).
    fn to_sql(&self) -> (String, usize) {
        let mut out = SqlWriter::new();
        self.write_sql(&mut out);
        let (text, params) = out.finish();
        (text, params.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_count_up() {
        let values: Vec<i32> = (0..12).collect();
        let mut w = SqlWriter::new();
        for v in &values {
            w.bind(v);
            w.push(" ");
        }
        let (text, params) = w.finish();
        assert_eq!(text, "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $11 $12 ");
        assert_eq!(params.len(), 12);
    }
}
