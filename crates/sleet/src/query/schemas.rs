//! Schemas chosen at run time: the tables that generated code places in one schema
//! (`public`, say), written into another (a tenant's) as a statement is rendered.
//! Generated names are static SQL text (`users`, `users.email`, `app.users.email`);
//! this module tells their schema from their shape, so no generated code changes.

/// Tables of schema `from` are written in schema `to` instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaMap {
    from: String,
    /// `to`, quoted, with the dot: `"tenant_1".`.
    to_prefix: String,
}

impl SchemaMap {
    /// Maps `from` to `to` (any name: it is always quoted).
    pub fn new(from: &str, to: &str) -> Self {
        Self { from: from.to_string(), to_prefix: format!("\"{}\".", to.replace('"', "\"\"")) }
    }

    /// Writes a table's generated SQL name (`users`, `app.users`), mapped.
    pub(crate) fn write_table(&self, sql: &str, out: &mut String) {
        let parts = split_dots(sql);
        match parts.as_slice() {
            [table] if self.from == "public" => self.write_in(table, out),
            [schema, table] if unquote(schema) == self.from => self.write_in(table, out),
            _ => out.push_str(sql),
        }
    }

    /// Writes a column's generated qualified name (`users.email`, `app.users.email`),
    /// mapped. A column of a `public` table keeps its text: `users.email` names the
    /// column of whichever `users` the statement reads, the mapped one included.
    pub(crate) fn write_column(&self, sql: &str, out: &mut String) {
        match split_dots(sql).as_slice() {
            [schema, table, column] if unquote(schema) == self.from => {
                self.write_in(table, out);
                out.push('.');
                out.push_str(column);
            }
            _ => out.push_str(sql),
        }
    }

    fn write_in(&self, name: &str, out: &mut String) {
        out.push_str(&self.to_prefix);
        out.push_str(name);
    }
}

/// Splits at the dots outside double quotes.
fn split_dots(sql: &str) -> Vec<&str> {
    let mut parts = Vec::with_capacity(3);
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in sql.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => {
                parts.push(&sql[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&sql[start..]);
    parts
}

/// An identifier as written (`app`, `"My App"`) → the name (`app`, `My App`).
fn unquote(ident: &str) -> std::borrow::Cow<'_, str> {
    match ident.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\"").into(),
        None => ident.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(map: &SchemaMap, sql: &str) -> String {
        let mut out = String::new();
        map.write_table(sql, &mut out);
        out
    }

    fn column(map: &SchemaMap, sql: &str) -> String {
        let mut out = String::new();
        map.write_column(sql, &mut out);
        out
    }

    #[test]
    fn public_tables_move_and_their_columns_keep_their_text() {
        let map = SchemaMap::new("public", "tenant\"1");
        assert_eq!(table(&map, "users"), "\"tenant\"\"1\".users");
        assert_eq!(table(&map, "\"user\""), "\"tenant\"\"1\".\"user\"");
        assert_eq!(table(&map, "app.users"), "app.users");
        assert_eq!(column(&map, "users.email"), "users.email");
        assert_eq!(column(&map, "app.users.email"), "app.users.email");
    }

    #[test]
    fn other_schemas_move_tables_and_columns() {
        let map = SchemaMap::new("My.App", "t2");
        assert_eq!(table(&map, "\"My.App\".\"a.b\""), "\"t2\".\"a.b\"");
        assert_eq!(column(&map, "\"My.App\".\"a.b\".\"c.d\""), "\"t2\".\"a.b\".\"c.d\"");
        assert_eq!(table(&map, "users"), "users");
        assert_eq!(column(&map, "other.users.id"), "other.users.id");
    }
}
