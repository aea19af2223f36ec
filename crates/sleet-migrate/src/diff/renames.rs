//! Declared renames: checked against both Catalogs, planned as `ALTER … RENAME`, and
//! carried out on a copy of the old Catalog (references included) so that the rest of
//! the differ compares objects by their new names.

use super::{DiffError, Step};
use sleet_catalog::sql::{literal, quote, relation};
use sleet_catalog::{Catalog, QualifiedName};

/// A rename declared with `-- @renamed from=old` (or in a hints file). Names are as
/// PostgreSQL stores them (unquoted, case kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// What was renamed, and where it lives.
    pub kind: RenameKind,
    /// The old name.
    pub from: String,
    /// The new name.
    pub to: String,
}

/// The kinds of object a rename applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameKind {
    /// A table of this schema.
    Table(String),
    /// A view or materialized view of this schema.
    View(String),
    /// An enum, domain, composite or range type of this schema.
    Type(String),
    /// An index of this schema.
    Index(String),
    /// A column of this table (named by its new name).
    Column(QualifiedName),
    /// A constraint of this table (named by its new name).
    Constraint(QualifiedName),
    /// A label of this enum (named by its new name).
    Label(QualifiedName),
}

impl Rename {
    /// A rename of `kind` from `from` to `to`.
    pub fn new(kind: RenameKind, from: impl Into<String>, to: impl Into<String>) -> Self {
        Self { kind, from: from.into(), to: to.into() }
    }

    /// The rename that undoes this one.
    pub fn inverse(&self) -> Rename {
        Rename { kind: self.kind.clone(), from: self.to.clone(), to: self.from.clone() }
    }

    /// The inverses of `renames`, for the down migration: a column of a renamed table is
    /// declared against the table's new name, so its inverse names the table's old one.
    pub fn inverses(renames: &[Rename]) -> Vec<Rename> {
        let back = |t: &QualifiedName| {
            renames
                .iter()
                .find_map(|r| match &r.kind {
                    RenameKind::Table(schema) | RenameKind::Type(schema) if schema == &t.schema && r.to == t.name => {
                        Some(QualifiedName::new(schema, &r.from))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| t.clone())
        };
        renames
            .iter()
            .map(|r| {
                let mut inverse = r.inverse();
                inverse.kind = match &r.kind {
                    RenameKind::Column(t) => RenameKind::Column(back(t)),
                    RenameKind::Constraint(t) => RenameKind::Constraint(back(t)),
                    RenameKind::Label(t) => RenameKind::Label(back(t)),
                    other => other.clone(),
                };
                inverse
            })
            .collect()
    }
}

/// Plans each applicable rename and returns `from` with it carried out. A rename whose
/// new name already holds in `from` (and the old one is gone) was applied before: it is
/// skipped, so the annotation may stay in `schema.sql`.
pub(crate) fn apply(
    from: &Catalog,
    to: &Catalog,
    renames: &[Rename],
    steps: &mut Vec<Step>,
    applied: &mut Vec<Rename>,
) -> Result<Catalog, DiffError> {
    let mut cat = from.clone();
    // Objects before their members: a column's table is named by its new name.
    let rank = |r: &Rename| match r.kind {
        RenameKind::Table(_) | RenameKind::View(_) | RenameKind::Type(_) | RenameKind::Index(_) => 0,
        _ => 1,
    };
    let mut ordered: Vec<&Rename> = renames.iter().collect();
    ordered.sort_by_key(|r| rank(r));
    for rename in ordered {
        if let Some(step) = one(&mut cat, to, rename)? {
            steps.push(step);
            applied.push(rename.clone());
        }
    }
    Ok(cat)
}

fn exists_err(kind: &str, from: &str, to: &str) -> DiffError {
    DiffError::Rename(format!(
        "cannot rename {kind} '{from}' to '{to}' - {kind} '{from}' still exists in the new schema; remove the @renamed annotation, or the old {kind}"
    ))
}

fn one(cat: &mut Catalog, to: &Catalog, rename: &Rename) -> Result<Option<Step>, DiffError> {
    let (from, new) = (&rename.from, &rename.to);
    match &rename.kind {
        RenameKind::Table(schema) => {
            let (old_q, new_q) = (QualifiedName::new(schema, from), QualifiedName::new(schema, new));
            if cat.table(&old_q).is_some() && to.table(&old_q).is_some() {
                return Err(exists_err("table", from, new));
            }
            if cat.table(&old_q).is_none() || cat.table(&new_q).is_some() {
                return Ok(None);
            }
            rename_relation(cat, &old_q, new, true);
            Ok(Some(
                Step::new(format!("ALTER TABLE {} RENAME TO {}", relation(schema, from), quote(new)))
                    .creates(format!("table:{new_q}"))
                    .drops(format!("table:{old_q}")),
            ))
        }
        RenameKind::View(schema) => {
            let (old_q, new_q) = (QualifiedName::new(schema, from), QualifiedName::new(schema, new));
            let Some(view) = cat.view(&old_q) else { return Ok(None) };
            if to.view(&old_q).is_some() {
                return Err(exists_err("view", from, new));
            }
            if cat.view(&new_q).is_some() {
                return Ok(None);
            }
            let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
            rename_relation(cat, &old_q, new, false);
            Ok(Some(
                Step::new(format!("ALTER {kind} {} RENAME TO {}", relation(schema, from), quote(new)))
                    .creates(format!("view:{new_q}"))
                    .drops(format!("view:{old_q}")),
            ))
        }
        RenameKind::Type(schema) => {
            let (old_q, new_q) = (QualifiedName::new(schema, from), QualifiedName::new(schema, new));
            if cat.user_type(&old_q).is_some() && to.user_type(&old_q).is_some() {
                return Err(exists_err("type", from, new));
            }
            if cat.user_type(&old_q).is_none() || cat.user_type(&new_q).is_some() {
                return Ok(None);
            }
            let is_domain = cat.schema(schema).is_some_and(|s| s.domains.contains_key(from));
            rename_type(cat, &old_q, new);
            let kind = if is_domain { "DOMAIN" } else { "TYPE" };
            Ok(Some(
                Step::new(format!("ALTER {kind} {} RENAME TO {}", relation(schema, from), quote(new)))
                    .creates(format!("type:{new_q}"))
                    .drops(format!("type:{old_q}")),
            ))
        }
        RenameKind::Index(schema) => {
            let find = |c: &Catalog, name: &str| {
                c.schema(schema)
                    .and_then(|s| s.tables.iter().find(|(_, t)| t.indexes.contains_key(name)).map(|(n, _)| n.clone()))
            };
            let Some(table) = find(cat, from) else { return Ok(None) };
            if find(to, from).is_some() {
                return Err(exists_err("index", from, new));
            }
            if find(cat, new).is_some() {
                return Ok(None);
            }
            let t = cat.schemas.get_mut(schema).and_then(|s| s.tables.get_mut(&table)).expect("found above");
            if let Some(mut index) = t.indexes.remove(from) {
                index.name = new.clone();
                t.indexes.insert(new.clone(), index);
            }
            for key in &mut t.uniques {
                if &key.name == from {
                    key.name = new.clone();
                }
            }
            Ok(Some(
                Step::new(format!("ALTER INDEX {} RENAME TO {}", relation(schema, from), quote(new)))
                    .creates(format!("index:{schema}.{new}"))
                    .drops(format!("index:{schema}.{from}"))
                    .requires([format!("table:{schema}.{table}")]),
            ))
        }
        RenameKind::Column(table) => {
            let Some(t) = cat.table(table) else { return Ok(None) };
            if t.column(from).is_some() && to.table(table).is_some_and(|t| t.column(from).is_some()) {
                return Err(exists_err("column", from, new));
            }
            if t.column(from).is_none() || t.column(new).is_some() {
                return Ok(None);
            }
            rename_column(cat, table, from, new);
            Ok(Some(
                Step::new(format!(
                    "ALTER TABLE {} RENAME COLUMN {} TO {}",
                    relation(&table.schema, &table.name),
                    quote(from),
                    quote(new)
                ))
                .creates(format!("column:{table}.{new}"))
                .drops(format!("column:{table}.{from}"))
                .requires([format!("table:{table}")]),
            ))
        }
        RenameKind::Constraint(table) => {
            let Some(t) = cat.table(table) else { return Ok(None) };
            let names = |t: &sleet_catalog::Table| -> Vec<String> {
                let keys = t.primary_key.iter().chain(&t.uniques).map(|k| k.name.clone());
                keys.chain(t.checks.iter().map(|c| c.name.clone()))
                    .chain(t.foreign_keys.iter().map(|f| f.name.clone()))
                    .collect()
            };
            let present = names(t);
            if present.contains(from) && to.table(table).is_some_and(|t| names(t).contains(from)) {
                return Err(exists_err("constraint", from, new));
            }
            if !present.contains(from) || present.contains(new) {
                return Ok(None);
            }
            let t =
                cat.schemas.get_mut(&table.schema).and_then(|s| s.tables.get_mut(&table.name)).expect("found above");
            for key in t.primary_key.iter_mut().chain(t.uniques.iter_mut()) {
                if &key.name == from {
                    key.name = new.clone();
                }
            }
            for c in &mut t.checks {
                if &c.name == from {
                    c.name = new.clone();
                }
            }
            for f in &mut t.foreign_keys {
                if &f.name == from {
                    f.name = new.clone();
                }
            }
            // A key constraint's index is renamed with it.
            if let Some(mut index) = t.indexes.remove(from) {
                index.name = new.clone();
                t.indexes.insert(new.clone(), index);
            }
            Ok(Some(
                Step::new(format!(
                    "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                    relation(&table.schema, &table.name),
                    quote(from),
                    quote(new)
                ))
                .creates(format!("constraint:{table}.{new}"))
                .drops(format!("constraint:{table}.{from}"))
                .requires([format!("table:{table}")]),
            ))
        }
        RenameKind::Label(ty) => {
            let Some(e) = cat.schemas.get_mut(&ty.schema).and_then(|s| s.enums.get_mut(&ty.name)) else {
                return Ok(None);
            };
            let still =
                to.schema(&ty.schema).and_then(|s| s.enums.get(&ty.name)).is_some_and(|e| e.labels.contains(from));
            if e.labels.contains(from) && still {
                return Err(exists_err("enum label", from, new));
            }
            if !e.labels.contains(from) || e.labels.contains(new) {
                return Ok(None);
            }
            for label in &mut e.labels {
                if label == from {
                    *label = new.clone();
                }
            }
            Ok(Some(
                Step::new(format!(
                    "ALTER TYPE {} RENAME VALUE {} TO {}",
                    relation(&ty.schema, &ty.name),
                    literal(from),
                    literal(new)
                ))
                .requires([format!("type:{ty}")]),
            ))
        }
    }
}

/// Renames a table or view and every reference to it.
fn rename_relation(cat: &mut Catalog, old: &QualifiedName, new: &str, table: bool) {
    let new_q = QualifiedName::new(&old.schema, new);
    if let Some(schema) = cat.schemas.get_mut(&old.schema) {
        if table {
            if let Some(mut t) = schema.tables.remove(&old.name) {
                t.name = new.to_string();
                schema.tables.insert(new.to_string(), t);
            }
        } else if let Some(mut v) = schema.views.remove(&old.name) {
            v.name = new.to_string();
            schema.views.insert(new.to_string(), v);
        }
    }
    let fix = |q: &mut QualifiedName| {
        if q == old {
            *q = new_q.clone();
        }
    };
    for schema in cat.schemas.values_mut() {
        for t in schema.tables.values_mut() {
            t.foreign_keys.iter_mut().for_each(|f| fix(&mut f.references));
            t.partition_of.iter_mut().for_each(fix);
            t.inherits.iter_mut().for_each(fix);
            // A table's row type is a type too.
            t.columns.iter_mut().for_each(|c| fix(&mut c.ty.name));
        }
        for v in schema.views.values_mut() {
            v.depends_on.iter_mut().for_each(fix);
        }
        for s in schema.sequences.values_mut() {
            if let Some((t, _)) = &mut s.owned_by {
                fix(t);
            }
        }
    }
}

/// Renames a user type and every column, field, domain and range that uses it.
fn rename_type(cat: &mut Catalog, old: &QualifiedName, new: &str) {
    let new_q = QualifiedName::new(&old.schema, new);
    if let Some(schema) = cat.schemas.get_mut(&old.schema) {
        macro_rules! move_in {
            ($map:ident) => {
                if let Some(mut x) = schema.$map.remove(&old.name) {
                    x.name = new.to_string();
                    schema.$map.insert(new.to_string(), x);
                }
            };
        }
        move_in!(enums);
        move_in!(domains);
        move_in!(composites);
        move_in!(ranges);
    }
    let fix = |q: &mut QualifiedName| {
        if q == old {
            *q = new_q.clone();
        }
    };
    for schema in cat.schemas.values_mut() {
        for t in schema.tables.values_mut() {
            t.columns.iter_mut().for_each(|c| fix(&mut c.ty.name));
        }
        for c in schema.composites.values_mut() {
            c.fields.iter_mut().for_each(|f| fix(&mut f.ty.name));
        }
        for d in schema.domains.values_mut() {
            fix(&mut d.base.name);
        }
        for r in schema.ranges.values_mut() {
            fix(&mut r.subtype.name);
        }
        for v in schema.views.values_mut() {
            v.columns.iter_mut().filter_map(|c| c.ty.as_mut()).for_each(|t| fix(&mut t.name));
        }
    }
}

/// Renames a column and every key, index and foreign key that names it. Expressions
/// (checks, index expressions, defaults) are left as written: the server rewrites
/// them itself, and the differ compares them as the new schema writes them.
fn rename_column(cat: &mut Catalog, table: &QualifiedName, old: &str, new: &str) {
    let swap = |c: &mut String| {
        if c == old {
            *c = new.to_string();
        }
    };
    if let Some(t) = cat.schemas.get_mut(&table.schema).and_then(|s| s.tables.get_mut(&table.name)) {
        if let Some(c) = t.column_mut(old) {
            c.name = new.to_string();
        }
        for key in t.primary_key.iter_mut().chain(t.uniques.iter_mut()) {
            key.columns.iter_mut().for_each(swap);
        }
        for f in &mut t.foreign_keys {
            f.columns.iter_mut().for_each(swap);
        }
        for index in t.indexes.values_mut() {
            index.keys.iter_mut().for_each(|k| swap(&mut k.expression));
            index.include.iter_mut().for_each(swap);
        }
    }
    for schema in cat.schemas.values_mut() {
        for t in schema.tables.values_mut() {
            for f in t.foreign_keys.iter_mut().filter(|f| &f.references == table) {
                f.referenced_columns.iter_mut().for_each(swap);
            }
        }
        for s in schema.sequences.values_mut() {
            if let Some((t, c)) = &mut s.owned_by {
                if t == table {
                    swap(c);
                }
            }
        }
    }
}
