//! Changes that cannot all go in one transaction, and the states between which they
//! are split into migrations of their own:
//!
//! - `CREATE INDEX CONCURRENTLY` cannot run in a transaction: a migration that builds an
//!   index on a table that already holds data is split in two, the schema change
//!   (transactional as every other migration) and then the indexes, in a migration that
//!   runs outside a transaction.
//! - A label added by `ALTER TYPE … ADD VALUE` cannot be used in the transaction that
//!   added it: when a later statement names it (a default, a check), the labels come
//!   first, in a migration of their own.

use super::Plan;
use sleet_catalog::sql::literal;
use sleet_catalog::{Catalog, QualifiedName};

/// The state after only the labels that `plan` adds in place and uses in a later
/// statement: `from` with those enums as `to` has them. `None` when no statement uses
/// a label added in the same plan.
pub fn before_label_uses(from: &Catalog, to: &Catalog, plan: &Plan) -> Option<Catalog> {
    let mut between = from.clone();
    let mut any = false;
    for (schema_name, schema) in &to.schemas {
        for (name, e) in &schema.enums {
            let Some(old) = from.schema(schema_name).and_then(|s| s.enums.get(name)) else { continue };
            let added: Vec<&String> = e.labels.iter().filter(|l| !old.labels.contains(l)).collect();
            let in_place = plan.steps.iter().any(|s| s.sql.contains(" ADD VALUE "));
            let used = added.iter().any(|label| {
                let quoted = literal(label);
                plan.steps.iter().any(|s| !s.sql.contains(" ADD VALUE ") && s.sql.contains(&quoted))
            });
            if !added.is_empty() && in_place && used {
                let kept: Vec<&String> = e.labels.iter().filter(|l| old.labels.contains(l)).collect();
                // Only an in-place addition (old labels in their order) can go first.
                if kept.iter().zip(&old.labels).all(|(a, b)| *a == b) && kept.len() == old.labels.len() {
                    let target = between.schemas.get_mut(schema_name).and_then(|s| s.enums.get_mut(name));
                    if let Some(target) = target {
                        target.labels.clone_from(&e.labels);
                        any = true;
                    }
                }
            }
        }
    }
    any.then_some(between)
}

/// The state between the two migrations: `to` without the indexes to build
/// concurrently (new or changed indexes on tables `from` already has, that no foreign
/// key of `to` relies on). `None` when there are none.
pub fn before_concurrent_indexes(from: &Catalog, to: &Catalog) -> Option<Catalog> {
    let mut between = to.clone();
    let mut any = false;
    let relied_on: Vec<(QualifiedName, Vec<String>)> = to
        .tables()
        .flat_map(|(_, t)| t.foreign_keys.iter().map(|f| (f.references.clone(), f.referenced_columns.clone())))
        .collect();
    for (name, table) in to.tables() {
        let Some(old) = from.table(&name) else { continue };
        if table.partition_by.is_some() || table.partition_of.is_some() {
            continue; // partitioned tables cannot build an index concurrently
        }
        for (index_name, index) in &table.indexes {
            if old.indexes.get(index_name) == Some(index) {
                continue;
            }
            if index.unique && relied_on.iter().any(|(t, cols)| t == &name && cols == &index.key_columns()) {
                continue;
            }
            let t = between.table_mut(&name).expect("the table exists");
            t.indexes.remove(index_name);
            t.uniques.retain(|k| &k.name != index_name);
            // A changed index stays as it was until the second migration.
            if let Some(previous) = old.indexes.get(index_name) {
                t.indexes.insert(index_name.clone(), previous.clone());
                if let Some(key) = old.uniques.iter().find(|k| &k.name == index_name) {
                    t.uniques.push(key.clone());
                }
            }
            any = true;
        }
    }
    any.then_some(between)
}
