//! Changes that could be renames. The differ never guesses: a table dropped beside a
//! table created in the same schema, a column dropped beside one of the same type added
//! to the same table, an enum label removed beside one added — each is a question only
//! the user can answer, with the line that answers it.

use sleet_catalog::sql::quote;
use sleet_catalog::Catalog;
use std::fmt;

/// A drop and a create that may be one rename.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// `table`, `column`, `enum label`, `type` or `view`.
    pub kind: &'static str,
    /// The object that goes away.
    pub old: String,
    /// The object that comes.
    pub new: String,
    /// What to write in `schema.sql` if it is a rename.
    pub annotation: String,
    /// The same as a line of a hints file (`--renames FILE`).
    pub hint: String,
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} → {}: if renamed, write {}, or the line `{}` in a --renames file",
            self.kind, self.old, self.new, self.annotation, self.hint
        )
    }
}

/// Every drop-and-create pair in going from `from` to `to` (after declared renames)
/// that could be a rename.
pub fn rename_candidates(from: &Catalog, to: &Catalog) -> Vec<Candidate> {
    let mut out = Vec::new();
    let note = |from: &str| format!("-- @renamed from={}", quote(from));
    for (name, schema) in &to.schemas {
        let Some(old) = from.schemas.get(name) else { continue };
        let gone: Vec<&String> = old.tables.keys().filter(|t| !schema.tables.contains_key(*t)).collect();
        let came: Vec<&String> = schema.tables.keys().filter(|t| !old.tables.contains_key(*t)).collect();
        for g in &gone {
            for c in &came {
                out.push(Candidate {
                    kind: "table",
                    hint: format!("table {name}.{g} -> {c}"),
                    old: format!("{name}.{g}"),
                    new: format!("{name}.{c}"),
                    annotation: format!("`{}` at the end of the line `CREATE TABLE {} (`", note(g), quote(c)),
                });
            }
        }
        for (table_name, table) in &schema.tables {
            let Some(before) = old.tables.get(table_name) else { continue };
            for g in before.columns.iter().filter(|c| table.column(&c.name).is_none()) {
                for c in table.columns.iter().filter(|c| before.column(&c.name).is_none() && c.ty == g.ty) {
                    out.push(Candidate {
                        kind: "column",
                        hint: format!("column {name}.{table_name}.{} -> {}", g.name, c.name),
                        old: format!("{name}.{table_name}.{}", g.name),
                        new: format!("{name}.{table_name}.{}", c.name),
                        annotation: format!("`{}` after the column {} of {table_name}", note(&g.name), quote(&c.name)),
                    });
                }
            }
        }
        for (enum_name, e) in &schema.enums {
            let Some(before) = old.enums.get(enum_name) else { continue };
            for g in before.labels.iter().filter(|l| !e.labels.contains(l)) {
                for c in e.labels.iter().filter(|l| !before.labels.contains(l)) {
                    out.push(Candidate {
                        kind: "enum label",
                        hint: format!("label {name}.{enum_name}.{g} -> {c}"),
                        old: format!("{name}.{enum_name}.{g}"),
                        new: format!("{name}.{enum_name}.{c}"),
                        annotation: format!("`/* @renamed from={g} */` after the label '{c}' of {enum_name}"),
                    });
                }
            }
        }
        let gone: Vec<&String> = old.enums.keys().filter(|t| !schema.enums.contains_key(*t)).collect();
        for g in gone {
            for c in schema.enums.keys().filter(|t| !old.enums.contains_key(*t)) {
                out.push(Candidate {
                    kind: "type",
                    hint: format!("type {name}.{g} -> {c}"),
                    old: format!("{name}.{g}"),
                    new: format!("{name}.{c}"),
                    annotation: format!(
                        "`/* @renamed from={} */` after the name in `CREATE TYPE {}`",
                        quote(g),
                        quote(c)
                    ),
                });
            }
        }
    }
    out
}
