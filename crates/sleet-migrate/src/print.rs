//! The DDL printer: a Catalog as a `schema.sql` that loads into an empty database in one
//! `psql -f` — schemas and extensions, then types in dependency order, sequences,
//! tables (parents before partitions and children), then what needs every table
//! (foreign keys, `NOT VALID` checks, indexes), views in dependency order, sequence
//! ownership and comments. Deterministic: the Catalog's order, no timestamps.

use sleet_catalog::sql::{literal, quote, relation, type_name};
use sleet_catalog::{
    Catalog, Check, Column, Deferrable, FkAction, ForeignKey, Identity, Index, MatchType, QualifiedName, Schema,
    SequenceOptions, Table, TypeKind, View,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// What to say at the top of the file.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// Lines of comment (without `-- `) above the schema: where it came from, how to
    /// make it again.
    pub lines: Vec<String>,
}

/// The whole catalog as SQL.
pub fn schema_sql(catalog: &Catalog, header: &Header) -> String {
    let mut out = String::new();
    for line in &header.lines {
        let _ = writeln!(out, "-- {line}");
    }
    let mut p = Printer { catalog, out };
    p.schemas();
    p.types();
    p.sequences();
    p.tables();
    p.after_tables();
    p.views();
    p.ownership_and_comments();
    let mut text = p.out.trim_end().to_string();
    text.push('\n');
    text
}

struct Printer<'a> {
    catalog: &'a Catalog,
    out: String,
}

fn q(schema: &str, name: &str) -> String {
    relation(schema, name)
}

impl Printer<'_> {
    fn section(&mut self, title: &str) {
        let _ = write!(self.out, "\n-- {title}\n\n");
    }

    fn schemas(&mut self) {
        let created: Vec<&Schema> = self.catalog.schemas.values().filter(|s| s.name != "public").collect();
        if !created.is_empty() || !self.catalog.extensions.is_empty() {
            self.section("Schemas and extensions");
        }
        for schema in created {
            let _ = writeln!(self.out, "CREATE SCHEMA {};", quote(&schema.name));
        }
        for (extension, schema) in &self.catalog.extensions {
            let _ = writeln!(
                self.out,
                "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};",
                quote(extension),
                quote(schema)
            );
        }
    }

    /// Enums, domains, composites and ranges, each after the user types it uses.
    fn types(&mut self) {
        let mut all: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for schema in self.catalog.schemas.values() {
            let at = |n: &String| QualifiedName::new(&schema.name, n);
            for name in schema.enums.keys() {
                all.insert(at(name), Vec::new());
            }
            for d in schema.domains.values() {
                all.insert(at(&d.name), vec![d.base.name.clone()]);
            }
            for c in schema.composites.values() {
                all.insert(at(&c.name), c.fields.iter().map(|f| f.ty.name.clone()).collect());
            }
            for r in schema.ranges.values() {
                all.insert(at(&r.name), vec![r.subtype.name.clone()]);
            }
        }
        if all.is_empty() {
            return;
        }
        self.section("Types");
        for name in dependency_order(&all) {
            let Some(kind) = self.catalog.user_type(&name) else { continue };
            let target = q(&name.schema, &name.name);
            match kind {
                TypeKind::Enum(e) => {
                    let labels: Vec<String> = e.labels.iter().map(|l| literal(l)).collect();
                    let _ = writeln!(self.out, "CREATE TYPE {target} AS ENUM ({});", labels.join(", "));
                }
                TypeKind::Domain(d) => {
                    let _ = write!(self.out, "CREATE DOMAIN {target} AS {}", type_name(&d.base));
                    if let Some(default) = &d.default {
                        let _ = write!(self.out, " DEFAULT {default}");
                    }
                    if d.not_null {
                        self.out.push_str(" NOT NULL");
                    }
                    for check in &d.checks {
                        let _ =
                            write!(self.out, "\n    CONSTRAINT {} CHECK ({})", quote(&check.name), check.expression);
                        if check.not_valid {
                            self.out.push_str(" NOT VALID");
                        }
                    }
                    self.out.push_str(";\n");
                }
                TypeKind::Composite(c) => {
                    let fields: Vec<String> = c
                        .fields
                        .iter()
                        .map(|f| {
                            let collate =
                                f.collation.as_ref().map(|c| format!(" COLLATE {}", quote(c))).unwrap_or_default();
                            format!("    {} {}{collate}", quote(&f.name), type_name(&f.ty))
                        })
                        .collect();
                    let _ = writeln!(self.out, "CREATE TYPE {target} AS (\n{}\n);", fields.join(",\n"));
                }
                TypeKind::Range(r) => {
                    let _ = writeln!(self.out, "CREATE TYPE {target} AS RANGE (subtype = {});", type_name(&r.subtype));
                }
                TypeKind::TableRow(_) => {}
            }
        }
    }

    /// Sequences that are not an identity column's own (those come with the column).
    fn sequences(&mut self) {
        let mut printed = false;
        for schema in self.catalog.schemas.values() {
            for seq in schema.sequences.values() {
                if self.is_identity_sequence(seq.owned_by.as_ref()) {
                    continue;
                }
                if !printed {
                    self.section("Sequences");
                    printed = true;
                }
                let _ = writeln!(
                    self.out,
                    "CREATE SEQUENCE {}{};",
                    q(&schema.name, &seq.name),
                    sequence_options(&seq.options, "int8")
                );
            }
        }
    }

    fn is_identity_sequence(&self, owner: Option<&(QualifiedName, String)>) -> bool {
        owner
            .is_some_and(|(t, c)| self.catalog.table(t).and_then(|t| t.column(c)).is_some_and(|c| c.identity.is_some()))
    }

    /// Tables, parents before the partitions and children that name them.
    fn tables(&mut self) {
        // A table comes after its parents, and after tables whose row type it uses.
        let mut graph: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for (name, table) in self.catalog.tables() {
            let parents = table.partition_of.iter().chain(&table.inherits).cloned();
            let row_types = table.columns.iter().map(|c| c.ty.name.clone());
            graph.insert(name, parents.chain(row_types).collect());
        }
        if graph.is_empty() {
            return;
        }
        self.section("Tables");
        for name in dependency_order(&graph) {
            let Some(table) = self.catalog.table(&name) else { continue };
            self.table(&name, table);
        }
    }

    fn table(&mut self, name: &QualifiedName, table: &Table) {
        let _ = write!(self.out, "{};\n\n", create_table(self.catalog, name, table));
    }

    /// Indexes, then foreign keys (every table and unique index exists by now) and the
    /// checks that can only be added after the table.
    fn after_tables(&mut self) {
        let mut keys = String::new();
        let mut indexes = String::new();
        for (name, table) in self.catalog.tables() {
            let target = q(&name.schema, &name.name);
            if table.partition_of.is_some() {
                continue; // a partition has its parent's keys and indexes
            }
            for fk in &table.foreign_keys {
                let _ = writeln!(keys, "ALTER TABLE {target} ADD {};", foreign_key(fk));
            }
            for check in table.checks.iter().skip(inline_checks(table).len()) {
                let _ = writeln!(keys, "ALTER TABLE {target} ADD {};", check_constraint(check));
            }
            for index in table.indexes.values() {
                let _ = writeln!(indexes, "{};", create_index(&target, table, index));
            }
        }
        // Indexes first: a foreign key may reference a unique index.
        if !indexes.is_empty() {
            self.section("Indexes");
            self.out.push_str(&indexes);
        }
        if !keys.is_empty() {
            self.section("Foreign keys and constraints added after the tables");
            self.out.push_str(&keys);
        }
    }

    /// Views, each after the views it reads.
    fn views(&mut self) {
        let graph: BTreeMap<QualifiedName, Vec<QualifiedName>> =
            self.catalog.views().map(|(name, v)| (name, v.depends_on.clone())).collect();
        if graph.is_empty() {
            return;
        }
        self.section("Views");
        for name in dependency_order(&graph) {
            let Some(view) = self.catalog.view(&name) else { continue };
            self.view(&name, view);
        }
    }

    fn view(&mut self, name: &QualifiedName, view: &View) {
        let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
        let names: Vec<String> = view.columns.iter().map(|c| quote(&c.name)).collect();
        let _ = writeln!(
            self.out,
            "CREATE {kind} {} ({}) AS\n{};\n",
            q(&name.schema, &name.name),
            names.join(", "),
            view.definition.trim().trim_end_matches(';')
        );
    }

    fn ownership_and_comments(&mut self) {
        let mut text = String::new();
        for schema in self.catalog.schemas.values() {
            for seq in schema.sequences.values() {
                if let Some((table, column)) = &seq.owned_by {
                    if !self.is_identity_sequence(seq.owned_by.as_ref()) {
                        let _ = writeln!(
                            text,
                            "ALTER SEQUENCE {} OWNED BY {}.{};",
                            q(&schema.name, &seq.name),
                            q(&table.schema, &table.name),
                            quote(column)
                        );
                    }
                }
            }
        }
        for schema in self.catalog.schemas.values() {
            comment(&mut text, "SCHEMA", &quote(&schema.name), schema.comment.as_deref());
            let s = &schema.name;
            for e in schema.enums.values() {
                comment(&mut text, "TYPE", &q(s, &e.name), e.comment.as_deref());
            }
            for c in schema.composites.values() {
                comment(&mut text, "TYPE", &q(s, &c.name), c.comment.as_deref());
                for f in &c.fields {
                    comment(
                        &mut text,
                        "COLUMN",
                        &format!("{}.{}", q(s, &c.name), quote(&f.name)),
                        f.comment.as_deref(),
                    );
                }
            }
            for r in schema.ranges.values() {
                comment(&mut text, "TYPE", &q(s, &r.name), r.comment.as_deref());
            }
            for d in schema.domains.values() {
                comment(&mut text, "DOMAIN", &q(s, &d.name), d.comment.as_deref());
            }
            for t in schema.tables.values() {
                comment(&mut text, "TABLE", &q(s, &t.name), t.comment.as_deref());
                for c in &t.columns {
                    comment(
                        &mut text,
                        "COLUMN",
                        &format!("{}.{}", q(s, &t.name), quote(&c.name)),
                        c.comment.as_deref(),
                    );
                }
            }
            for v in schema.views.values() {
                let kind = if v.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
                comment(&mut text, kind, &q(s, &v.name), v.comment.as_deref());
                for c in &v.columns {
                    comment(
                        &mut text,
                        "COLUMN",
                        &format!("{}.{}", q(s, &v.name), quote(&c.name)),
                        c.comment.as_deref(),
                    );
                }
            }
        }
        if !text.is_empty() {
            self.section("Sequence ownership and comments");
            self.out.push_str(&text);
        }
    }
}

/// `CREATE TABLE` for `table` of `catalog` (without the `;`): a partition as
/// `PARTITION OF` its parent; otherwise columns, primary and unique keys (a unique key
/// that stands for a unique index is left to the index), the checks that can be
/// written inline, `INHERITS` and `PARTITION BY`. Foreign keys, later checks and
/// indexes come after every table.
pub(crate) fn create_table(catalog: &Catalog, name: &QualifiedName, table: &Table) -> String {
    let target = q(&name.schema, &name.name);
    let mut out = String::new();
    if let (Some(parent), Some(bound)) = (&table.partition_of, &table.partition_bound) {
        let _ = write!(out, "CREATE TABLE {target} PARTITION OF {} {bound}", q(&parent.schema, &parent.name));
        if let Some(by) = &table.partition_by {
            let _ = write!(out, " PARTITION BY {by}");
        }
        return out;
    }
    let index_names: BTreeSet<&String> = table.indexes.keys().collect();
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("    {}", column_definition(c, &identity_options(catalog, name, c))))
        .collect();
    if let Some(pk) = &table.primary_key {
        lines.push(format!("    CONSTRAINT {} PRIMARY KEY ({})", quote(&pk.name), columns(&pk.columns)));
    }
    for key in table.uniques.iter().filter(|k| !index_names.contains(&k.name)) {
        lines.push(format!("    CONSTRAINT {} UNIQUE ({})", quote(&key.name), columns(&key.columns)));
    }
    for check in inline_checks(table) {
        lines.push(format!("    {}", check_constraint(check)));
    }
    let _ = write!(out, "CREATE TABLE {target} (\n{}\n)", lines.join(",\n"));
    if !table.inherits.is_empty() {
        let parents: Vec<String> = table.inherits.iter().map(|p| q(&p.schema, &p.name)).collect();
        let _ = write!(out, " INHERITS ({})", parents.join(", "));
    }
    if let Some(by) = &table.partition_by {
        let _ = write!(out, " PARTITION BY {by}");
    }
    out
}

/// The checks written inside `CREATE TABLE`: those before the first `NOT VALID` one
/// (which can only be added by `ALTER TABLE`), so that the order stays the Catalog's.
pub(crate) fn inline_checks(table: &Table) -> &[Check] {
    let first_not_valid = table.checks.iter().position(|c| c.not_valid).unwrap_or(table.checks.len());
    &table.checks[..first_not_valid]
}

fn comment(out: &mut String, kind: &str, target: &str, text: Option<&str>) {
    if let Some(text) = text {
        let _ = writeln!(out, "COMMENT ON {kind} {target} IS {};", literal(text));
    }
}

fn columns(names: &[String]) -> String {
    names.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
}

/// A column definition: `name type [COLLATE c] [GENERATED …] [NOT NULL] [DEFAULT …]`;
/// `identity_options` follow `AS IDENTITY` (` (START WITH 100)`, or empty).
pub(crate) fn column_definition(c: &Column, identity_options: &str) -> String {
    let mut out = format!("{} {}", quote(&c.name), type_name(&c.ty));
    if let Some(collation) = &c.collation {
        let _ = write!(out, " COLLATE {}", quote(collation));
    }
    match (&c.identity, &c.generated) {
        (Some(Identity::Always), _) => {
            let _ = write!(out, " GENERATED ALWAYS AS IDENTITY{identity_options}");
        }
        (Some(Identity::ByDefault), _) => {
            let _ = write!(out, " GENERATED BY DEFAULT AS IDENTITY{identity_options}");
        }
        (None, Some(expr)) => {
            let _ = write!(out, " GENERATED ALWAYS AS ({expr}) STORED");
        }
        (None, None) => {}
    }
    if !c.nullable && c.identity.is_none() {
        out.push_str(" NOT NULL");
    }
    if let (Some(default), None) = (&c.default, &c.identity) {
        let _ = write!(out, " DEFAULT {}", default_expression(default));
    }
    out
}

/// A default as `DEFAULT` takes it: the grammar there admits only a restricted
/// expression, so anything with an operator in it (`now() AT TIME ZONE 'utc'`, `1 + 1`)
/// is parenthesised; constants, casts and function calls are written as they are.
pub(crate) fn default_expression(expr: &str) -> String {
    let (mut depth, mut quoted, mut needs) = (0i32, false, false);
    for c in expr.trim().chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c.is_whitespace() && !quoted && depth == 0 => needs = true,
            _ => {}
        }
    }
    if needs {
        format!("({})", expr.trim())
    } else {
        expr.trim().to_string()
    }
}

/// ` (START WITH 100 …)` after `AS IDENTITY`: the options of the column's own sequence
/// that differ from the defaults for the column's type; empty when none do.
pub(crate) fn identity_options(catalog: &Catalog, table: &QualifiedName, c: &Column) -> String {
    let owner = (table.clone(), c.name.clone());
    let Some(schema) = catalog.schema(&table.schema) else { return String::new() };
    let Some(sequence) = schema.sequences.values().find(|s| s.owned_by.as_ref() == Some(&owner)) else {
        return String::new();
    };
    let options = sequence_options(&sequence.options, &c.ty.name.name);
    if options.is_empty() {
        String::new()
    } else {
        format!(" ({})", options.trim_start())
    }
}

/// The options of a sequence that differ from PostgreSQL's defaults for a sequence of
/// `default_type` (`int8` for `CREATE SEQUENCE`, the column's type for an identity),
/// each with a leading space: ` AS int4 START WITH 100 CYCLE`.
fn sequence_options(o: &SequenceOptions, default_type: &str) -> String {
    let mut out = String::new();
    if o.data_type != default_type {
        let _ = write!(out, " AS {}", o.data_type);
    }
    if o.increment != 1 {
        let _ = write!(out, " INCREMENT BY {}", o.increment);
    }
    let (min, max) = o.default_bounds();
    if o.min != min {
        let _ = write!(out, " MINVALUE {}", o.min);
    }
    if o.max != max {
        let _ = write!(out, " MAXVALUE {}", o.max);
    }
    if o.start != if o.increment > 0 { o.min } else { o.max } {
        let _ = write!(out, " START WITH {}", o.start);
    }
    if o.cache != 1 {
        let _ = write!(out, " CACHE {}", o.cache);
    }
    if o.cycle {
        out.push_str(" CYCLE");
    }
    out
}

fn action(a: FkAction) -> Option<&'static str> {
    match a {
        FkAction::NoAction => None,
        FkAction::Restrict => Some("RESTRICT"),
        FkAction::Cascade => Some("CASCADE"),
        FkAction::SetNull => Some("SET NULL"),
        FkAction::SetDefault => Some("SET DEFAULT"),
    }
}

/// `CONSTRAINT n FOREIGN KEY (…) REFERENCES t (…) [MATCH …] [ON …] [DEFERRABLE …] [NOT VALID]`.
pub(crate) fn foreign_key(fk: &ForeignKey) -> String {
    let mut out = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        quote(&fk.name),
        columns(&fk.columns),
        q(&fk.references.schema, &fk.references.name),
        columns(&fk.referenced_columns)
    );
    match fk.match_type {
        MatchType::Simple => {}
        MatchType::Full => out.push_str(" MATCH FULL"),
        MatchType::Partial => out.push_str(" MATCH PARTIAL"),
    }
    if let Some(a) = action(fk.on_update) {
        let _ = write!(out, " ON UPDATE {a}");
    }
    if let Some(a) = action(fk.on_delete) {
        let _ = write!(out, " ON DELETE {a}");
    }
    match fk.deferrable {
        Deferrable::No => {}
        Deferrable::InitiallyImmediate => out.push_str(" DEFERRABLE"),
        Deferrable::InitiallyDeferred => out.push_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
    if fk.not_valid {
        out.push_str(" NOT VALID");
    }
    out
}

/// `CONSTRAINT n CHECK (…) [NOT VALID]`.
pub(crate) fn check_constraint(check: &Check) -> String {
    let not_valid = if check.not_valid { " NOT VALID" } else { "" };
    format!("CONSTRAINT {} CHECK ({}){not_valid}", quote(&check.name), without_outer_parentheses(&check.expression))
}

/// `(a > 0)` as `a > 0`, where the parentheses enclose the whole expression (the
/// server stores a check that way; `CHECK (…)` brings its own).
pub(crate) fn without_outer_parentheses(expr: &str) -> &str {
    let trimmed = expr.trim();
    let Some(inner) = trimmed.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else { return trimmed };
    let (mut depth, mut quoted) = (0i32, false);
    for c in inner.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return trimmed; // `(a) + (b)`: the first parenthesis closes early
                }
            }
            _ => {}
        }
    }
    if depth == 0 {
        inner
    } else {
        trimmed
    }
}

/// `CREATE [UNIQUE] INDEX n ON t [USING m] (…) [INCLUDE (…)] [WHERE …]`. A key that
/// names a column of `table` is that column, quoted where needed; any other key is an
/// expression, printed as stored inside the parentheses PostgreSQL requires.
pub(crate) fn create_index(target: &str, table: &Table, index: &Index) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    let keys: Vec<String> = index
        .keys
        .iter()
        .map(|k| {
            let e = &k.expression;
            let mut key = if table.column(e).is_some() { quote(e) } else { format!("({e})") };
            if let Some(opclass) = &k.opclass {
                let _ = write!(key, " {}", quote(opclass));
            }
            if k.descending {
                key.push_str(" DESC");
            }
            match (k.descending, k.nulls_first) {
                (false, true) => key.push_str(" NULLS FIRST"),
                (true, false) => key.push_str(" NULLS LAST"),
                _ => {} // each direction's default
            }
            key
        })
        .collect();
    let mut out = format!("CREATE {unique}INDEX {} ON {target}", quote(&index.name));
    if index.method != "btree" {
        let _ = write!(out, " USING {}", index.method);
    }
    let _ = write!(out, " ({})", keys.join(", "));
    if !index.include.is_empty() {
        let _ = write!(out, " INCLUDE ({})", columns(&index.include));
    }
    if let Some(predicate) = &index.predicate {
        let _ = write!(out, " WHERE {predicate}");
    }
    out
}

/// The names of `graph`'s nodes, each after the nodes it points to that are in the graph
/// (edges to other things are ignored); ties and cycles broken by name, so the order is
/// deterministic.
fn dependency_order(graph: &BTreeMap<QualifiedName, Vec<QualifiedName>>) -> Vec<QualifiedName> {
    fn visit(
        node: &QualifiedName,
        graph: &BTreeMap<QualifiedName, Vec<QualifiedName>>,
        state: &mut BTreeMap<QualifiedName, bool>,
        out: &mut Vec<QualifiedName>,
    ) {
        if state.contains_key(node) {
            return; // done, or in progress (a cycle: break it here)
        }
        state.insert(node.clone(), false);
        for dep in graph.get(node).into_iter().flatten().filter(|d| graph.contains_key(*d)) {
            visit(dep, graph, state, out);
        }
        state.insert(node.clone(), true);
        out.push(node.clone());
    }
    let mut state = BTreeMap::new();
    let mut out = Vec::new();
    for node in graph.keys() {
        visit(node, graph, &mut state, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sleet_catalog::TypeRef;

    #[test]
    fn dependencies_come_first_and_ties_sort_by_name() {
        let n = |s: &str| QualifiedName::new("public", s);
        let graph = BTreeMap::from([(n("a"), vec![n("c")]), (n("b"), vec![]), (n("c"), vec![n("b"), n("elsewhere")])]);
        assert_eq!(dependency_order(&graph), [n("b"), n("c"), n("a")]);
    }

    #[test]
    fn index_keys_are_columns_when_they_name_one_and_expressions_otherwise() {
        let mut table = Table::new("t");
        table.columns.push(Column::new("Order Date", TypeRef::builtin("date")));
        table.columns.push(Column::new("a", TypeRef::builtin("int4")));
        let mut index = Index::new("t_idx", vec!["Order Date".into(), "(a) + 1".into(), "lower(b)".into()]);
        (index.keys[0].descending, index.keys[0].nulls_first) = (true, true); // DESC, its default NULLS FIRST
        assert_eq!(
            create_index("t", &table, &index),
            "CREATE INDEX t_idx ON t (\"Order Date\" DESC, ((a) + 1), (lower(b)))"
        );
    }

    #[test]
    fn type_names_are_written_as_ddl_takes_them() {
        let ty = |schema: &str, name: &str, mods: Vec<i64>, dims: u32| TypeRef {
            name: QualifiedName::new(schema, name),
            modifiers: mods,
            array_dims: dims,
        };
        assert_eq!(type_name(&ty("pg_catalog", "numeric", vec![12, 2], 0)), "numeric(12, 2)");
        assert_eq!(type_name(&ty("pg_catalog", "char", vec![], 0)), "\"char\"");
        assert_eq!(type_name(&ty("public", "Mood", vec![], 1)), "\"Mood\"[]");
        assert_eq!(type_name(&ty("billing", "status", vec![], 0)), "billing.status");
    }
}
