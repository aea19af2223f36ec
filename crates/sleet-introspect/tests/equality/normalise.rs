//! Every deliberate difference between the two front ends, normalised in one place.
//! Each rule says what differs and why it is not a defect.
//!
//! 1. **Expression text** (defaults, generated columns, checks, index expressions,
//!    partition keys). The server stores an expression analysed and prints it back with
//!    the casts it inferred (`'x'` → `'x'::text`, `1` → `(1)::numeric`), every operation
//!    parenthesised, keywords in capitals and `x BETWEEN a AND b` / `x LIKE y` spelled
//!    as the operators they stand for. Both sides are parsed with PostgreSQL's own
//!    parser, casts are removed, `BETWEEN` and `LIKE` are spelled as operators, and the
//!    tree is printed again. (A cast written by the user is removed too: expression text
//!    is compared for meaning up to casts.)
//! 2. **Constant defaults** of types with an input syntax of their own (ranges,
//!    timestamps, arrays): the server stores the value, and prints it its own way
//!    (`'[09:00, 17:00)'` → `'[09:00:00,17:00:00)'`). On both sides such a literal is
//!    read by the column type's input function and printed by its output function, by
//!    the server the schema was loaded into.
//! 3. **View definitions** are compared through what they yield — column names, types,
//!    nullability and the relations they read — not as text: the server prints a
//!    query its own way (qualified column references, explicit aliases, casts).
//! 4. **Moments frozen at creation**: a date/time default given as the literal `'now'`
//!    (or `'today'`, …) is evaluated when the table is created, and the server keeps
//!    that moment; the SQL side keeps the word. Such a pair compares as equal.
//! 5. **Partition bounds**: the server stores the bound's values and prints them by the
//!    key's type, keywords in lower case (`FROM ('2024-01-01')` →
//!    `FROM ('2024-01-01 00:00:00+00')`, `MODULUS` → `modulus`). Both sides are printed
//!    the server's way.

use pg_query::protobuf as pb;
use pg_query::NodeEnum;
use sleet_catalog::Catalog;

/// `catalog` made comparable.
pub fn catalog(mut catalog: Catalog) -> Catalog {
    for schema in catalog.schemas.values_mut() {
        for table in schema.tables.values_mut() {
            for column in &mut table.columns {
                column.default = column.default.as_deref().map(expression);
                column.generated = column.generated.as_deref().map(expression);
            }
            for check in &mut table.checks {
                check.expression = expression(&check.expression);
            }
            for index in table.indexes.values_mut() {
                for key in &mut index.keys {
                    key.expression = expression(&key.expression);
                }
                index.predicate = index.predicate.as_deref().map(expression);
            }
        }
        for view in schema.views.values_mut() {
            view.definition.clear();
        }
        for domain in schema.domains.values_mut() {
            domain.default = domain.default.as_deref().map(expression);
            for check in &mut domain.checks {
                check.expression = expression(&check.expression);
            }
        }
    }
    catalog
}

/// An expression's text, parsed, without casts, printed again: the differ's own
/// comparison (`sleet_migrate::diff::canonical_expression`), so the two cannot drift.
pub fn expression(text: &str) -> String {
    sleet_migrate::diff::canonical_expression(text)
}

/// Rules 2 and 4, on both catalogs: each string-literal default as the column's type
/// prints it, and a moment frozen at creation as the word it was given as.
pub async fn constants(sql: &mut Catalog, live: &mut Catalog, client: &tokio_postgres::Client) {
    const MOMENTS: &[&str] = &["now", "now()", "today", "tomorrow", "yesterday"];
    for (schema_name, schema) in sql.schemas.iter_mut() {
        for (table_name, table) in schema.tables.iter_mut() {
            for column in &mut table.columns {
                let Some(value) = column.default.as_deref().and_then(literal) else { continue };
                let live_column = live
                    .schemas
                    .get_mut(schema_name)
                    .and_then(|s| s.tables.get_mut(table_name))
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name == column.name));
                if MOMENTS.contains(&value.trim().to_ascii_lowercase().as_str()) {
                    if let Some(live_column) = live_column {
                        live_column.default.clone_from(&column.default);
                    }
                    continue;
                }
                let sql_text = format!("SELECT quote_literal(($1::text)::{})", column.ty);
                if let Ok(row) = client.query_one(&sql_text, &[&value]).await {
                    column.default = Some(row.get(0));
                }
                let live_value = live_column.as_ref().and_then(|c| c.default.as_deref()).and_then(literal);
                if let (Some(live_column), Some(value)) = (live_column, live_value) {
                    if let Ok(row) = client.query_one(&sql_text, &[&value]).await {
                        live_column.default = Some(row.get(0));
                    }
                }
            }
        }
    }
}

/// Rule 5, on both catalogs: partition bounds with keywords in lower case and each
/// literal printed by the partition key's type (single-column keys).
pub async fn partition_bounds(catalog: &mut Catalog, client: &tokio_postgres::Client) {
    let key_types: Vec<(sleet_catalog::QualifiedName, String)> = catalog
        .tables()
        .filter_map(|(q, t)| {
            let key = t.partition_by.as_deref()?;
            let column = key.split_once('(')?.1.trim_end_matches(')').trim();
            let ty = t.column(column)?.ty.clone();
            Some((q, sleet_catalog::sql::type_name(&ty)))
        })
        .collect();
    for schema in catalog.schemas.values_mut() {
        for table in schema.tables.values_mut() {
            let (Some(bound), Some(parent)) = (table.partition_bound.as_mut(), table.partition_of.as_ref()) else {
                continue;
            };
            *bound = bound.replace("MODULUS", "modulus").replace("REMAINDER", "remainder");
            let Some((_, ty)) = key_types.iter().find(|(q, _)| q == parent) else { continue };
            let mut out = String::new();
            let mut rest = bound.as_str();
            while let Some(start) = rest.find('\'') {
                let Some(len) = rest[start + 1..].find('\'') else { break };
                let value = &rest[start + 1..start + 1 + len];
                out.push_str(&rest[..start]);
                let sql = format!("SELECT quote_literal(($1::text)::{ty})");
                match client.query_one(&sql, &[&value]).await {
                    Ok(row) => out.push_str(&row.get::<_, String>(0)),
                    Err(_) => out.push_str(&rest[start..start + len + 2]),
                }
                rest = &rest[start + len + 2..];
            }
            out.push_str(rest);
            *bound = out;
        }
    }
}

/// The value of a default that is one string literal (after rule 1).
fn literal(text: &str) -> Option<String> {
    let parsed = pg_query::parse(&format!("SELECT {text}"), 0).ok()?;
    let Some(NodeEnum::SelectStmt(select)) = parsed.protobuf.stmts.first()?.stmt.as_ref()?.node.as_ref() else {
        return None;
    };
    let [target] = select.target_list.as_slice() else { return None };
    let Some(NodeEnum::ResTarget(t)) = target.node.as_ref() else { return None };
    let Some(NodeEnum::AConst(c)) = t.val.as_ref()?.node.as_ref() else { return None };
    match c.val.as_ref()? {
        pb::a_const::Val::Sval(s) => Some(s.sval.clone()),
        _ => None,
    }
}
