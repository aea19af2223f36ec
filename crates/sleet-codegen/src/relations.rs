//! Relations between tables, derived from foreign keys alone — the user declares
//! nothing. Each foreign key gives a relation on both sides; a junction table (its
//! primary key is exactly two foreign keys) also gives a many-to-many relation on each
//! side that skips the junction.
//!
//! Naming rules (documented in the README, tested by the `relations` golden):
//! - many-to-one, on the referencing table: the column without its `_id` suffix
//!   (`author_id` → `author`); a column without the suffix adds the target's singular
//!   (`assigned_to` → `assigned_to_user`); a composite key gives the target's singular.
//! - one-to-many, on the referenced table: the referencing table's name (`posts`); when
//!   that table has several foreign keys to this one, `{table}_by_{stem}`
//!   (`tasks_by_assigned_to`), stem being the many-to-one name's column part. A
//!   self-reference named `parent` gives `children`.
//! - one-to-one, when the foreign key columns are the primary key or unique: the
//!   referenced side gets the referencing table's singular (`profile`), and is optional.
//! - many-to-many through a junction: the other table's name (`posts::tags`); for a
//!   junction between a table and itself, the plural of the other key's stem
//!   (`follows(follower_id, followee_id)` → `users::followees`, `users::followers`).
//!
//! - a many-to-many whose name another relation of the table has takes its junction's
//!   name: `users::entries_via_entry_subscriptions` beside `users::entries`.
//!
//! A name that is still taken (by a column, say) gets a numeric suffix and a report
//! note, as a last resort; `Config::relation_name` renames one and
//! `Config::skip_relation` drops one.

use crate::ident::singular;
use sleet_catalog::{Catalog, ForeignKey, QualifiedName, Table};
use std::collections::{BTreeMap, BTreeSet};

/// How many target rows one source row has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cardinality {
    /// Exactly one (a NOT NULL foreign key).
    One,
    /// Zero or one (a nullable foreign key, or the referenced side of a one-to-one).
    ZeroOrOne,
    /// Any number.
    Many,
}

/// A junction table a many-to-many relation goes through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Through {
    /// The junction table.
    pub table: QualifiedName,
    /// `(junction column, target column)` pairs.
    pub on: Vec<(String, String)>,
}

/// One relation, as seen from its source table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// Its name (before Rust naming: the emitter makes it an identifier).
    pub name: String,
    /// The table it is on.
    pub source: QualifiedName,
    /// The table it leads to.
    pub target: QualifiedName,
    /// How many target rows per source row.
    pub cardinality: Cardinality,
    /// `(source column, target column)` pairs, or `(source column, junction column)`
    /// for a many-to-many relation.
    pub on: Vec<(String, String)>,
    /// The junction of a many-to-many relation.
    pub through: Option<Through>,
    /// Where it comes from, for documentation: `posts.author_id → users.id`.
    pub origin: String,
}

/// Every relation of the catalog, per source table, in a stable order.
pub fn derive(
    catalog: &Catalog,
    renames: &BTreeMap<String, String>,
    skipped: &BTreeSet<String>,
) -> BTreeMap<QualifiedName, Vec<Relation>> {
    let tables: BTreeMap<QualifiedName, &Table> = catalog
        .schemas
        .iter()
        .flat_map(|(s, schema)| schema.tables.iter().map(move |(n, t)| (QualifiedName::new(s, n), t)))
        // Partitions repeat their parent's keys; the parent carries the relations.
        .filter(|(_, t)| t.partition_of.is_none())
        .collect();
    let mut found: BTreeMap<QualifiedName, Vec<Relation>> = BTreeMap::new();
    for (source, table) in &tables {
        for fk in &table.foreign_keys {
            let Some(target_table) = tables.get(&fk.references) else { continue };
            let target = &fk.references;
            let pairs: Vec<(String, String)> =
                fk.columns.iter().cloned().zip(referenced_columns(fk, target_table)).collect();
            let siblings = table.foreign_keys.iter().filter(|other| other.references == *target).count();
            let origin = format!(
                "{}.{} → {}.{}",
                source.name,
                fk.columns.join(", "),
                target.name,
                pairs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(", ")
            );
            let nullable = fk.columns.iter().any(|c| table.columns.iter().any(|col| col.name == *c && col.nullable));
            let stem = stem(fk, target, siblings);
            found.entry(source.clone()).or_default().push(Relation {
                name: many_to_one_name(fk, target, siblings),
                source: source.clone(),
                target: target.clone(),
                cardinality: if nullable { Cardinality::ZeroOrOne } else { Cardinality::One },
                on: pairs.clone(),
                through: None,
                origin: origin.clone(),
            });
            let unique = is_unique(table, &fk.columns);
            let base = if unique { singular(&source.name) } else { source.name.clone() };
            let name = if source == target && stem == "parent" {
                if unique {
                    "child".to_string()
                } else {
                    "children".to_string()
                }
            } else if siblings > 1 || source == target {
                format!("{base}_by_{stem}")
            } else {
                base
            };
            found.entry(target.clone()).or_default().push(Relation {
                name,
                source: target.clone(),
                target: source.clone(),
                cardinality: if unique { Cardinality::ZeroOrOne } else { Cardinality::Many },
                on: pairs.iter().map(|(s, t)| (t.clone(), s.clone())).collect(),
                through: None,
                origin,
            });
        }
        if let Some((a, b)) = junction_keys(table) {
            if let (Some(ta), Some(tb)) = (tables.get(&a.references), tables.get(&b.references)) {
                for (from, from_table, to, to_table) in [(a, ta, b, tb), (b, tb, a, ta)] {
                    let name = if from.references == to.references {
                        plural(&stem(to, &to.references, 2))
                    } else {
                        to.references.name.clone()
                    };
                    found.entry(from.references.clone()).or_default().push(Relation {
                        name,
                        source: from.references.clone(),
                        target: to.references.clone(),
                        cardinality: Cardinality::Many,
                        on: referenced_columns(from, from_table)
                            .into_iter()
                            .zip(from.columns.iter().cloned())
                            .collect(),
                        through: Some(Through {
                            table: source.clone(),
                            on: to.columns.iter().cloned().zip(referenced_columns(to, to_table)).collect(),
                        }),
                        origin: format!("{} through {}", to.references.name, source.name),
                    });
                }
            }
        }
    }
    for relations in found.values_mut() {
        name_many_to_many_apart(relations);
    }
    for (table, relations) in &mut found {
        relations.retain(|r| !skipped.contains(&key(table, &r.name)));
        for relation in relations.iter_mut() {
            if let Some(name) = renames.get(&key(table, &relation.name)) {
                relation.name.clone_from(name);
            }
        }
    }
    found
}

/// A many-to-many relation whose name another relation of the table has (`users` with
/// both `entries.user_id` and a junction `entry_subscriptions` to `entries`) takes its
/// junction's name: `entries_via_entry_subscriptions`.
fn name_many_to_many_apart(relations: &mut [Relation]) {
    let count = |name: &str, relations: &[Relation]| relations.iter().filter(|r| r.name == name).count();
    let colliding: Vec<usize> = (0..relations.len())
        .filter(|&i| relations[i].through.is_some() && count(&relations[i].name, relations) > 1)
        .collect();
    for i in colliding {
        let junction = &relations[i].through.as_ref().expect("many-to-many").table.name;
        relations[i].name = format!("{}_via_{junction}", relations[i].name);
    }
}

/// `table.relation`, schema-qualified outside `public`: how Config names a relation.
pub fn key(table: &QualifiedName, relation: &str) -> String {
    if table.schema == "public" {
        format!("{}.{relation}", table.name)
    } else {
        format!("{}.{}.{relation}", table.schema, table.name)
    }
}

fn referenced_columns(fk: &ForeignKey, target: &Table) -> Vec<String> {
    if fk.referenced_columns.is_empty() {
        target.primary_key.as_ref().map(|pk| pk.columns.clone()).unwrap_or_default()
    } else {
        fk.referenced_columns.clone()
    }
}

/// What a foreign key's columns say about the row they point to: `author` for
/// `author_id`, `assigned_to` for `assigned_to`.
fn stem(fk: &ForeignKey, target: &QualifiedName, siblings: usize) -> String {
    match fk.columns.as_slice() {
        [column] => match column.strip_suffix("_id") {
            Some(stem) if !stem.is_empty() => stem.to_string(),
            _ => column.clone(),
        },
        columns if siblings > 1 => columns.join("_"),
        _ => singular(&target.name),
    }
}

fn many_to_one_name(fk: &ForeignKey, target: &QualifiedName, siblings: usize) -> String {
    match fk.columns.as_slice() {
        [column] if column.ends_with("_id") && column.len() > 3 => stem(fk, target, siblings),
        [column] => format!("{column}_{}", singular(&target.name)),
        columns if siblings > 1 => format!("{}_{}", columns.join("_"), singular(&target.name)),
        _ => singular(&target.name),
    }
}

/// Whether `columns` are the primary key or covered exactly by a unique constraint.
fn is_unique(table: &Table, columns: &[String]) -> bool {
    let wanted: BTreeSet<&String> = columns.iter().collect();
    let same = |cols: &[String]| cols.iter().collect::<BTreeSet<_>>() == wanted;
    table.primary_key.as_ref().is_some_and(|pk| same(&pk.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
        || table.indexes.values().any(|i| i.unique && !i.is_partial() && same(&i.key_columns()))
}

/// The two foreign keys that make up a junction table's primary key, if it is one.
fn junction_keys(table: &Table) -> Option<(&ForeignKey, &ForeignKey)> {
    let pk: BTreeSet<&String> = table.primary_key.as_ref()?.columns.iter().collect();
    let mut pairs = Vec::new();
    for (i, a) in table.foreign_keys.iter().enumerate() {
        for b in &table.foreign_keys[i + 1..] {
            let a_cols: BTreeSet<&String> = a.columns.iter().collect();
            let b_cols: BTreeSet<&String> = b.columns.iter().collect();
            if a_cols.is_disjoint(&b_cols) && a_cols.union(&b_cols).copied().collect::<BTreeSet<_>>() == pk {
                pairs.push((a, b));
            }
        }
    }
    // Only an unambiguous junction: exactly one way to split the key.
    match pairs.as_slice() {
        [pair] => Some(*pair),
        _ => None,
    }
}

fn plural(word: &str) -> String {
    if word.ends_with('s') || word.ends_with('x') || word.ends_with("sh") || word.ends_with("ch") {
        format!("{word}es")
    } else if word.ends_with('y') && !word.ends_with("ay") && !word.ends_with("ey") && !word.ends_with("oy") {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("followee"), "followees");
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("box"), "boxes");
    }
}
