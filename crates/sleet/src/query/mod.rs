//! Query building: typed expressions and SQL-shaped builders that render SQL text
//! plus bound parameters. Rendering is one pass into one `String` and one parameter
//! list; values are never spliced into the text.

pub mod expr;
mod select;
mod write;

pub use expr::{AsExpr, Bind, Expression, ExpressionExt, Order, Selection};
pub use select::{from, select, Returns, Select};
pub use write::{delete, insert, update, AllRows, Delete, Guarded, Insert, Update};

use crate::params::{Param, Value};
use std::fmt::Write as _;

/// SQL text being written, with the parameters it binds.
pub struct SqlWriter<'a> {
    text: String,
    params: Vec<Param<'a>>,
}

impl Default for SqlWriter<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> SqlWriter<'a> {
    /// An empty writer.
    pub fn new() -> Self {
        Self { text: String::with_capacity(128), params: Vec::new() }
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: &str) {
        self.text.push_str(sql);
    }

    /// Appends an identifier, quoted only when PostgreSQL needs it to be.
    pub fn ident(&mut self, name: &str) {
        if is_plain_identifier(name) {
            self.text.push_str(name);
        } else {
            self.text.push('"');
            for c in name.chars() {
                if c == '"' {
                    self.text.push('"');
                }
                self.text.push(c);
            }
            self.text.push('"');
        }
    }

    /// Appends a table name, schema-qualified unless it is in `public`.
    pub fn table(&mut self, schema: &str, name: &str) {
        if schema != "public" {
            self.ident(schema);
            self.text.push('.');
        }
        self.ident(name);
    }

    /// Binds a value and appends its placeholder (`$1`, `$2`, …).
    pub fn bind(&mut self, value: Value<'a>) {
        self.params.push(Param(value));
        let _ = write!(self.text, "${}", self.params.len());
    }

    /// The SQL text and its parameters.
    pub fn finish(self) -> (String, Vec<Param<'a>>) {
        (self.text, self.params)
    }
}

/// Words PostgreSQL reserves: identifiers spelled like them must be quoted.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '$'))
        && !RESERVED.contains(&name)
}

/// A statement that can show the SQL it sends.
pub trait ToSql {
    /// Writes the statement.
    fn write_sql<'a>(&'a self, out: &mut SqlWriter<'a>);

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
    fn identifiers_are_quoted_only_when_needed() {
        let mut w = SqlWriter::new();
        for name in ["users", "user", "createdAt", "with space", "a\"b", "_x1", "1st"] {
            w.ident(name);
            w.push(" ");
        }
        assert_eq!(w.finish().0, r#"users "user" "createdAt" "with space" "a""b" _x1 "1st" "#);
    }
}
