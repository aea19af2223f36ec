//! Indexes built without blocking writes. `CREATE INDEX CONCURRENTLY` cannot run in a
//! transaction, so a migration that builds one on a table that already holds data is
//! split in two: the schema change, transactional as every other migration, and then
//! the indexes, in a migration of their own that runs outside a transaction.

use sleet_catalog::{Catalog, QualifiedName};

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
