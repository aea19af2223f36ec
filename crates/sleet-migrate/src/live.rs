//! The desired Catalog in the server's own words. A schema file and a live database
//! say the same thing in different text: the server stores an expression analysed and
//! prints it back its own way (`IN (…)` as `= ANY (ARRAY[…])`, `'1.5'` as `1.5`, view
//! queries with every column qualified). Before diffing a database against a schema
//! file, the file's tables, views and domains that differ from the database's are
//! created in a scratch schema inside a transaction that is rolled back, read back
//! with the live front end, and their expression text taken from there. Nothing is
//! left behind; what cannot be created there (it needs an object the database lacks)
//! keeps the file's text, and the differ compares it for meaning as it can.

use crate::diff::types::domain_sql;
use crate::print::{check_constraint, column_definition, create_index, identity_options};
use sleet_catalog::sql::{quote, relation};
use sleet_catalog::{Catalog, QualifiedName};
use tokio_postgres::Client;

/// The scratch schema's name, before the server process's id (one per session, so
/// that two sessions probing at once do not wait on each other's name).
const PROBE: &str = "sleet_probe_";

/// Rewrites the expression text of `desired` (defaults, generated columns, checks,
/// index keys and predicates, domain defaults and checks, view queries) as the server
/// behind `client` prints it, for the objects that differ from `live`. Returns how many
/// objects were rewritten. The connection must not be inside a transaction.
pub async fn in_server_form(
    client: &Client,
    desired: &mut Catalog,
    live: &Catalog,
) -> Result<usize, tokio_postgres::Error> {
    let tables: Vec<QualifiedName> = desired
        .tables()
        .filter(|(name, table)| live.table(name).is_some_and(|l| l != *table) && table.partition_of.is_none())
        .map(|(name, _)| name)
        .collect();
    let partitions: Vec<QualifiedName> = desired
        .tables()
        .filter(|(name, table)| {
            table.partition_of.is_some() && live.table(name).is_some_and(|l| l.partition_bound != table.partition_bound)
        })
        .map(|(name, _)| name)
        .collect();
    let views: Vec<QualifiedName> = desired
        .views()
        .filter(|(name, view)| live.view(name).is_some_and(|l| l.definition != view.definition))
        .map(|(name, _)| name)
        .collect();
    let mut domains = Vec::new();
    for schema in desired.schemas.values() {
        for d in schema.domains.values() {
            let live_domain = live.schema(&schema.name).and_then(|s| s.domains.get(&d.name));
            if live_domain.is_some_and(|l| l != d) {
                domains.push(QualifiedName::new(&schema.name, &d.name));
            }
        }
    }
    if tables.is_empty() && partitions.is_empty() && views.is_empty() && domains.is_empty() {
        return Ok(0);
    }
    let pid: i32 = client.query_one("SELECT pg_backend_pid()", &[]).await?.get(0);
    let schema = format!("{PROBE}{pid}");
    client.batch_execute("BEGIN").await?;
    if let Err(e) = client.batch_execute(&format!("CREATE SCHEMA {schema}")).await {
        client.batch_execute("ROLLBACK").await?;
        // A role that may not create schemas here: the file's text stays as written,
        // and the differ compares it for meaning as well as it can.
        return if e.as_db_error().is_some() { Ok(0) } else { Err(e) };
    }
    let result = probe(client, &schema, desired, &tables, &partitions, &views, &domains).await;
    client.batch_execute("ROLLBACK").await?;
    let probed = result?;
    Ok(copy_back(desired, &schema, &probed, &tables, &partitions, &views, &domains))
}

/// Runs `sql` under a savepoint: a statement the server refuses is undone and skipped.
async fn attempt(client: &Client, sql: &str) -> Result<bool, tokio_postgres::Error> {
    client.batch_execute("SAVEPOINT sleet_probe_step").await?;
    match client.batch_execute(sql).await {
        Ok(()) => {
            client.batch_execute("RELEASE SAVEPOINT sleet_probe_step").await?;
            Ok(true)
        }
        Err(e) if e.as_db_error().is_some() => {
            client.batch_execute("ROLLBACK TO SAVEPOINT sleet_probe_step").await?;
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// A name unique in the scratch schema for an object of `schema`.`name`.
fn probe_name(q: &QualifiedName) -> String {
    format!("{}.{}", q.schema, q.name)
}

async fn probe(
    client: &Client,
    schema: &str,
    desired: &Catalog,
    tables: &[QualifiedName],
    partitions: &[QualifiedName],
    views: &[QualifiedName],
    domains: &[QualifiedName],
) -> Result<Catalog, tokio_postgres::Error> {
    for q in domains {
        if let Some(d) = desired.schema(&q.schema).and_then(|s| s.domains.get(&q.name)) {
            attempt(client, &domain_sql(&relation(schema, &probe_name(q)), d)).await?;
        }
    }
    for q in tables {
        let Some(table) = desired.table(q) else { continue };
        let target = relation(schema, &probe_name(q));
        let mut lines: Vec<String> =
            table.columns.iter().map(|c| column_definition(c, &identity_options(desired, q, c))).collect();
        lines.extend(table.checks.iter().map(check_constraint));
        let mut sql = format!("CREATE TABLE {target} ({})", lines.join(", "));
        if let Some(by) = &table.partition_by {
            sql.push_str(&format!(" PARTITION BY {by}"));
        }
        if !attempt(client, &sql).await? {
            continue;
        }
        for index in table.indexes.values() {
            let mut renamed = index.clone();
            renamed.name = probe_name(&QualifiedName::new(&q.schema, &index.name));
            attempt(client, &create_index(&target, table, &renamed)).await?;
        }
    }
    // A partition bound is printed by the key's type: each partition is attached to a
    // copy of its (live) parent.
    let mut parents = std::collections::BTreeSet::new();
    for q in partitions {
        let Some(table) = desired.table(q) else { continue };
        let (Some(parent), Some(bound)) = (&table.partition_of, &table.partition_bound) else { continue };
        let Some(by) = desired.table(parent).and_then(|p| p.partition_by.as_deref()) else { continue };
        let copy = relation(schema, &format!("parent:{}", probe_name(parent)));
        if parents.insert(parent.clone()) {
            let sql =
                format!("CREATE TABLE {copy} (LIKE {}) PARTITION BY {by}", relation(&parent.schema, &parent.name));
            attempt(client, &sql).await?;
        }
        attempt(client, &format!("CREATE TABLE {} PARTITION OF {copy} {bound}", relation(schema, &probe_name(q))))
            .await?;
    }
    for q in views {
        let Some(view) = desired.view(q) else { continue };
        let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
        let names: Vec<String> = view.columns.iter().map(|c| quote(&c.name)).collect();
        let columns = if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) };
        let definition = view.definition.trim().trim_end_matches(';');
        let no_data = if view.materialized { " WITH NO DATA" } else { "" };
        let sql = format!("CREATE {kind} {}{columns} AS {definition}{no_data}", relation(schema, &probe_name(q)));
        // As the differ creates it: its own schema first on the search path.
        let sql = format!("SET LOCAL search_path TO {}, public; {sql}; RESET search_path", quote(&q.schema));
        attempt(client, &sql).await?;
    }
    let options =
        sleet_introspect::Options { schemas: Some(vec![schema.to_string()]), views: None, leave_out: Vec::new() };
    match sleet_introspect::introspect(client, &options).await {
        Ok(read) => Ok(read.catalog),
        Err(sleet_introspect::Error::Query { source, .. }) => Err(source),
        Err(_) => Ok(Catalog::default()),
    }
}

/// Takes the server's text for each probed object into `desired`; returns how many.
fn copy_back(
    desired: &mut Catalog,
    schema: &str,
    probed: &Catalog,
    tables: &[QualifiedName],
    partitions: &[QualifiedName],
    views: &[QualifiedName],
    domains: &[QualifiedName],
) -> usize {
    let mut count = 0;
    let Some(scratch) = probed.schema(schema) else { return 0 };
    for q in tables {
        let (Some(server), Some(table)) = (scratch.tables.get(&probe_name(q)), desired.table_mut(q)) else { continue };
        for column in &mut table.columns {
            if let Some(s) = server.column(&column.name) {
                if column.default.is_some() && s.default.is_some() {
                    column.default.clone_from(&s.default);
                }
                if column.generated.is_some() && s.generated.is_some() {
                    column.generated.clone_from(&s.generated);
                }
            }
        }
        for check in &mut table.checks {
            if let Some(s) = server.checks.iter().find(|c| c.name == check.name) {
                check.expression.clone_from(&s.expression);
            }
        }
        for index in table.indexes.values_mut() {
            if let Some(s) = server.indexes.get(&probe_name(&QualifiedName::new(&q.schema, &index.name))) {
                if s.keys.len() == index.keys.len() {
                    index.keys.clone_from(&s.keys);
                }
                index.predicate.clone_from(&s.predicate);
            }
        }
        count += 1;
    }
    for q in partitions {
        let (Some(server), Some(table)) = (scratch.tables.get(&probe_name(q)), desired.table_mut(q)) else { continue };
        if server.partition_bound.is_some() {
            table.partition_bound.clone_from(&server.partition_bound);
            count += 1;
        }
    }
    for q in views {
        let (Some(server), Some(view)) = (scratch.views.get(&probe_name(q)), desired.view_mut(q)) else { continue };
        view.definition.clone_from(&server.definition);
        count += 1;
    }
    for q in domains {
        let server = scratch.domains.get(&probe_name(q));
        let domain = desired.schemas.get_mut(&q.schema).and_then(|s| s.domains.get_mut(&q.name));
        let (Some(server), Some(domain)) = (server, domain) else { continue };
        if domain.default.is_some() {
            domain.default.clone_from(&server.default);
        }
        for check in &mut domain.checks {
            if let Some(s) = server.checks.iter().find(|c| c.name == check.name) {
                check.expression.clone_from(&s.expression);
            }
        }
        count += 1;
    }
    count
}
