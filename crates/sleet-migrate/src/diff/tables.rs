//! Tables: creation and removal, columns, keys, checks, foreign keys, indexes,
//! partitions and inheritance, comments.

use super::common::*;
use super::plan::{Hazard, HazardKind};
use super::types::{comment, inherited};
use super::{Context, DiffError, Step};
use crate::print::{
    check_constraint, column_definition, create_index, create_table, default_expression, foreign_key, identity_options,
    inline_checks,
};
use sleet_catalog::sql::{quote, relation, type_name};
use sleet_catalog::{Catalog, Check, Column, ForeignKey, Identity, Index, KeyConstraint, QualifiedName, Table};

pub(crate) fn diff(ctx: &mut Context) -> Result<(), DiffError> {
    let to: Vec<(QualifiedName, &Table)> = ctx.to.tables().collect();
    for (name, table) in &to {
        match ctx.from.table(name) {
            None => create(ctx, name, table),
            Some(old)
                if old.partition_by != table.partition_by
                    || (old.partition_of.is_some() != table.partition_of.is_some()) =>
            {
                drop(ctx, name, old);
                create(ctx, name, table);
            }
            Some(old) => alter(ctx, name, old, table),
        }
    }
    for (name, old) in ctx.from.tables().collect::<Vec<_>>() {
        if ctx.to.table(&name).is_none() {
            drop(ctx, &name, old);
        }
    }
    Ok(())
}

/// What a column needs to exist: its type and the sequences its default draws from.
fn column_needs(cat: &Catalog, table: &QualifiedName, c: &Column) -> Vec<String> {
    let mut needs: Vec<String> = uses_type(cat, &c.ty).into_iter().collect();
    needs.extend(sequences_in(c.default.as_deref(), &table.schema));
    needs
}

fn create(ctx: &mut Context, name: &QualifiedName, table: &Table) {
    let mut step = Step::new(create_table(ctx.to, name, table));
    if let Some(parent) = &table.partition_of {
        step = step.requires([table_key(parent), keys_key(parent), shape_key(parent)]);
    } else {
        let needs: Vec<String> = table.columns.iter().flat_map(|c| column_needs(ctx.to, name, c)).collect();
        step = step.requires(needs).requires(table.inherits.iter().flat_map(|p| [table_key(p), shape_key(p)]));
    }
    step = step
        .requires([schema_key(&name.schema)])
        .creates(table_key(name))
        .creates(shape_key(name))
        .creates(keys_key(name));
    for c in &table.columns {
        step = step.creates(column_key(name, &c.name));
    }
    ctx.steps.push(step);
    if table.partition_of.is_none() {
        for check in table.checks.iter().skip(inline_checks(table).len()) {
            add_check(ctx, name, check, false);
        }
        for fk in &table.foreign_keys {
            add_foreign_key(ctx, name, fk, false);
        }
    }
    for index in table.indexes.values() {
        if table.partition_of.is_none() || !parent_has_index(ctx.to, table) {
            add_index(ctx, name, table, index, false);
        }
    }
    comments(ctx, name, None, table);
}

/// A partition's index that the parent's index made (it comes with the partition).
fn parent_has_index(cat: &Catalog, table: &Table) -> bool {
    table.partition_of.as_ref().and_then(|p| cat.table(p)).is_some_and(|p| !p.indexes.is_empty())
}

fn drop(ctx: &mut Context, name: &QualifiedName, old: &Table) {
    let target = relation(&name.schema, &name.name);
    let mut releases: Vec<String> = old.columns.iter().flat_map(|c| column_needs(ctx.from, name, c)).collect();
    releases.extend(old.foreign_keys.iter().flat_map(|f| [table_key(&f.references), keys_key(&f.references)]));
    releases
        .extend(old.partition_of.iter().chain(&old.inherits).flat_map(|p| [table_key(p), keys_key(p), shape_key(p)]));
    releases.extend([schema_key(&name.schema), EXTENSIONS.to_string()]);
    let mut step = Step::new(format!("DROP TABLE {target}"))
        .drops(table_key(name))
        .drops(RELATIONS)
        .drops(shape_key(name))
        .drops(keys_key(name))
        .releases(releases)
        .hazard(
            Hazard::new(HazardKind::DataLoss, format!("deletes every row of {name}"))
                .counting(format!("SELECT count(*) FROM {target}")),
        );
    for c in &old.columns {
        step = step.drops(column_key(name, &c.name));
    }
    ctx.steps.push(step);
}

fn alter(ctx: &mut Context, name: &QualifiedName, old: &Table, new: &Table) {
    let target = relation(&name.schema, &name.name);
    // Partition bounds and parents.
    if new.partition_of.is_some() && (old.partition_of != new.partition_of || !same_bound(old, new)) {
        if let Some(parent) = &old.partition_of {
            ctx.steps.push(
                Step::new(format!("ALTER TABLE {} DETACH PARTITION {target}", relation(&parent.schema, &parent.name)))
                    .requires([table_key(name)])
                    .releases([table_key(parent), keys_key(parent), shape_key(parent)])
                    .creates(format!("detached:{name}")),
            );
        }
        if let (Some(parent), Some(bound)) = (&new.partition_of, &new.partition_bound) {
            ctx.steps.push(
                Step::new(format!(
                    "ALTER TABLE {} ATTACH PARTITION {target} {bound}",
                    relation(&parent.schema, &parent.name)
                ))
                .requires([table_key(name), table_key(parent), format!("detached:{name}")])
                .hazard(Hazard::new(HazardKind::Locks, format!("scans {name} to check the bound"))),
            );
        }
    }
    for parent in old.inherits.iter().filter(|p| !new.inherits.contains(p)) {
        ctx.steps.push(
            Step::new(format!("ALTER TABLE {target} NO INHERIT {}", relation(&parent.schema, &parent.name)))
                .releases([table_key(parent), shape_key(parent)]),
        );
    }
    for parent in new.inherits.iter().filter(|p| !old.inherits.contains(p)) {
        ctx.steps.push(
            Step::new(format!("ALTER TABLE {target} INHERIT {}", relation(&parent.schema, &parent.name)))
                .requires([table_key(parent), shape_key(parent)]),
        );
    }
    if new.partition_of.is_none() {
        keys_and_checks(ctx, name, old, new);
        columns_changes(ctx, name, old, new);
    }
    // Indexes.
    for index in old.indexes.values() {
        let kept = new.indexes.get(&index.name).is_some_and(|n| same_index(index, n));
        if !kept && (new.partition_of.is_none() || !parent_has_index(ctx.from, old)) {
            drop_index(ctx, name, old, index);
        }
    }
    for index in new.indexes.values() {
        let kept = old.indexes.get(&index.name).is_some_and(|o| same_index(o, index));
        if !kept && (new.partition_of.is_none() || !parent_has_index(ctx.to, new)) {
            let concurrently = ctx.concurrently && new.partition_by.is_none();
            add_index(ctx, name, new, index, concurrently);
        }
    }
    comments(ctx, name, Some(old), new);
}

fn same_bound(a: &Table, b: &Table) -> bool {
    match (&a.partition_bound, &b.partition_bound) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y) || canonical_bound(x) == canonical_bound(y),
        (None, None) => true,
        _ => false,
    }
}

/// A partition bound with case, quotes of plain numbers and spacing set aside.
fn canonical_bound(bound: &str) -> String {
    bound.to_ascii_lowercase().replace([' ', '\''], "")
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.unique == b.unique
        && a.method == b.method
        && a.include == b.include
        && same_optional(a.predicate.as_deref(), b.predicate.as_deref())
        && a.keys.len() == b.keys.len()
        && a.keys.iter().zip(&b.keys).all(|(x, y)| {
            same_expression(&x.expression, &y.expression)
                && x.opclass == y.opclass
                && x.descending == y.descending
                && x.nulls_first == y.nulls_first
        })
}

fn add_index(ctx: &mut Context, name: &QualifiedName, table: &Table, index: &Index, concurrently: bool) {
    let target = relation(&name.schema, &name.name);
    let mut sql = create_index(&target, table, index);
    if concurrently {
        sql = sql.replacen(" INDEX ", " INDEX CONCURRENTLY ", 1);
    }
    let mut step = Step::new(sql)
        .requires([table_key(name), shape_key(name), reshaped_key(name), EXTENSIONS.to_string()])
        .requires(index.keys.iter().map(|k| column_key(name, &k.expression)))
        .requires(index.include.iter().map(|c| column_key(name, c)))
        .creates(index_key(&name.schema, &index.name))
        .creates(keys_key(name));
    if concurrently {
        step.outside_transaction = true;
        step = step.hazard(Hazard::new(
            HazardKind::Locks,
            format!("builds the index without blocking writes to {name}; runs outside a transaction"),
        ));
    } else if ctx.from.table(name).is_some() {
        step = step.hazard(Hazard::new(HazardKind::Locks, format!("blocks writes to {name} while the index builds")));
    }
    if index.unique && ctx.from.table(name).is_some() {
        step =
            step.hazard(Hazard::new(HazardKind::FailsOnData, format!("fails if {name} holds duplicates of the key")));
    }
    ctx.steps.push(step);
}

fn drop_index(ctx: &mut Context, name: &QualifiedName, table: &Table, index: &Index) {
    let concurrently = ctx.concurrently && table.partition_by.is_none() && ctx.to.table(name).is_some();
    let keyword = if concurrently { "DROP INDEX CONCURRENTLY" } else { "DROP INDEX" };
    let mut step = Step::new(format!("{keyword} {}", relation(&name.schema, &index.name)));
    step.outside_transaction = concurrently;
    ctx.steps.push(
        step.drops(index_key(&name.schema, &index.name))
            .drops(keys_key(name))
            .releases([EXTENSIONS.to_string()])
            .releases(index.keys.iter().map(|k| column_key(name, &k.expression)))
            .requires([table_key(name)]),
    );
}

fn columns(names: &[String]) -> String {
    names.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
}

fn comments(ctx: &mut Context, name: &QualifiedName, old: Option<&Table>, new: &Table) {
    let target = relation(&name.schema, &name.name);
    comment(ctx, "TABLE", &target, old.and_then(|o| o.comment.as_deref()), new.comment.as_deref(), table_key(name));
    for c in &new.columns {
        let before = old.and_then(|o| o.column(&c.name)).and_then(|o| o.comment.as_deref());
        let on = format!("{target}.{}", quote(&c.name));
        comment(ctx, "COLUMN", &on, before, c.comment.as_deref(), column_key(name, &c.name));
    }
}

/// Primary and unique keys, checks and foreign keys of a table both catalogs hold.
fn keys_and_checks(ctx: &mut Context, name: &QualifiedName, old: &Table, new: &Table) {
    let target = relation(&name.schema, &name.name);
    let key_index = |t: &Table, k: &KeyConstraint| t.indexes.contains_key(&k.name);
    // Keys: by name and columns. A unique key that stands for a unique index is the
    // index's business.
    let old_keys: Vec<(&KeyConstraint, bool)> = old
        .primary_key
        .iter()
        .map(|k| (k, true))
        .chain(old.uniques.iter().filter(|k| !key_index(old, k)).map(|k| (k, false)))
        .collect();
    let new_keys: Vec<(&KeyConstraint, bool)> = new
        .primary_key
        .iter()
        .map(|k| (k, true))
        .chain(new.uniques.iter().filter(|k| !key_index(new, k)).map(|k| (k, false)))
        .collect();
    for (key, primary) in &old_keys {
        if !new_keys.iter().any(|(k, p)| k == key && p == primary) {
            let mut step = Step::new(format!("ALTER TABLE {target} DROP CONSTRAINT {}", quote(&key.name)))
                .requires([table_key(name)])
                .drops(keys_key(name))
                .drops(constraint_key(name, &key.name))
                .releases(key.columns.iter().map(|c| column_key(name, c)));
            if *primary {
                step = step.releases(key.columns.iter().map(|c| not_null_key(name, c)));
            }
            ctx.steps.push(step);
        }
    }
    for (key, primary) in &new_keys {
        if !old_keys.iter().any(|(k, p)| k == key && p == primary) {
            let kind = if *primary { "PRIMARY KEY" } else { "UNIQUE" };
            let needs: Vec<String> = key.columns.iter().map(|c| column_key(name, c)).collect();
            ctx.steps.push(
                Step::new(format!(
                    "ALTER TABLE {target} ADD CONSTRAINT {} {kind} ({})",
                    quote(&key.name),
                    columns(&key.columns)
                ))
                .requires(needs)
                .requires(key.columns.iter().map(|c| format!("set-not-null:{name}.{c}")).filter(|_| *primary))
                .creates(keys_key(name))
                .creates(constraint_key(name, &key.name))
                .hazard(Hazard::new(
                    HazardKind::FailsOnData,
                    format!(
                        "fails if {name} holds duplicates{} of ({})",
                        if *primary { " or NULLs" } else { "" },
                        key.columns.join(", ")
                    ),
                ))
                .hazard(Hazard::new(HazardKind::Locks, format!("blocks writes to {name} while the index builds"))),
            );
        }
    }
    // Checks.
    for check in &old.checks {
        let kept = new.checks.iter().find(|c| c.name == check.name).is_some_and(|c| same_check(check, c));
        if !kept {
            ctx.steps.push(
                Step::new(format!("ALTER TABLE {target} DROP CONSTRAINT {}", quote(&check.name)))
                    .requires([table_key(name)])
                    .drops(constraint_key(name, &check.name)),
            );
        }
    }
    for check in &new.checks {
        match old.checks.iter().find(|c| c.name == check.name) {
            Some(o) if same_check(o, check) => {
                if o.not_valid && !check.not_valid {
                    validate(ctx, name, &check.name);
                }
            }
            _ => add_check(ctx, name, check, true),
        }
    }
    // Foreign keys: also dropped and added again when the key they reference is.
    let (from, to) = (ctx.from, ctx.to);
    let references_dropped =
        |fk: &ForeignKey| dropped_keys_of(from, to, &fk.references).iter().any(|cols| cols == &fk.referenced_columns);
    for fk in &old.foreign_keys {
        let kept = new.foreign_keys.iter().find(|f| f.name == fk.name).is_some_and(|f| same_fk(fk, f));
        if !kept || references_dropped(fk) {
            ctx.steps.push(
                Step::new(format!("ALTER TABLE {target} DROP CONSTRAINT {}", quote(&fk.name)))
                    .requires([table_key(name)])
                    .drops(constraint_key(name, &fk.name))
                    .releases([table_key(&fk.references), keys_key(&fk.references), shape_key(&fk.references)])
                    .releases(fk.columns.iter().map(|c| column_key(name, c)))
                    .releases(fk.referenced_columns.iter().map(|c| column_key(&fk.references, c))),
            );
        }
    }
    for fk in &new.foreign_keys {
        match old.foreign_keys.iter().find(|f| f.name == fk.name) {
            Some(o) if same_fk(o, fk) && !references_dropped(o) => {
                if o.not_valid && !fk.not_valid {
                    validate(ctx, name, &fk.name);
                }
            }
            _ => add_foreign_key(ctx, name, fk, true),
        }
    }
}

/// Column lists of the keys of `table` that the plan drops (and may add again):
/// foreign keys that reference one are dropped and added again around it.
fn dropped_keys_of(from: &Catalog, to: &Catalog, table: &QualifiedName) -> Vec<Vec<String>> {
    {
        let (Some(old), Some(new)) = (from.table(table), to.table(table)) else { return Vec::new() };
        let keys = |t: &Table| -> Vec<(String, Vec<String>, bool)> {
            let pk = t.primary_key.iter().map(|k| (k.name.clone(), k.columns.clone(), true));
            let uniques = t.uniques.iter().map(|k| (k.name.clone(), k.columns.clone(), false));
            let indexes = t.indexes.values().filter(|i| i.unique).map(|i| (i.name.clone(), i.key_columns(), false));
            pk.chain(uniques).chain(indexes).collect()
        };
        let new_keys = keys(new);
        let index_changed =
            |n: &str| old.indexes.get(n).zip(new.indexes.get(n)).is_some_and(|(a, b)| !same_index(a, b));
        keys(old).into_iter().filter(|k| !new_keys.contains(k) || index_changed(&k.0)).map(|k| k.1).collect()
    }
}

fn same_check(a: &Check, b: &Check) -> bool {
    same_expression(&a.expression, &b.expression) && (a.not_valid == b.not_valid || a.not_valid)
}

fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    let ForeignKey { not_valid: _, .. } = a;
    a.columns == b.columns
        && a.references == b.references
        && a.referenced_columns == b.referenced_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
        && a.match_type == b.match_type
        && a.deferrable == b.deferrable
        && (a.not_valid == b.not_valid || a.not_valid)
}

fn validate(ctx: &mut Context, name: &QualifiedName, constraint: &str) {
    let hazard = Hazard::new(HazardKind::FailsOnData, format!("fails if a row of {name} breaks {constraint}"));
    validate_with(ctx, name, constraint, hazard);
}

/// `VALIDATE CONSTRAINT`: checks the existing rows under a lock that lets reads and
/// writes go on (`SHARE UPDATE EXCLUSIVE`).
fn validate_with(ctx: &mut Context, name: &QualifiedName, constraint: &str, hazard: Hazard) {
    ctx.steps.push(
        Step::new(format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            relation(&name.schema, &name.name),
            quote(constraint)
        ))
        .requires([constraint_key(name, constraint)])
        .hazard(hazard),
    );
}

/// Whether a constraint added to an existing table goes in `NOT VALID` first and is
/// validated after (the online recipe: adding takes a brief lock, validating scans
/// without blocking writes). A partitioned table does not take `NOT VALID`.
fn validate_after(ctx: &Context, name: &QualifiedName, existing: bool, not_valid: bool) -> bool {
    existing && !not_valid && ctx.to.table(name).is_some_and(|t| t.partition_by.is_none() && t.partition_of.is_none())
}

fn add_check(ctx: &mut Context, name: &QualifiedName, check: &Check, existing: bool) {
    let target = relation(&name.schema, &name.name);
    let online = validate_after(ctx, name, existing, check.not_valid);
    let added = Check { not_valid: check.not_valid || online, ..check.clone() };
    let step = Step::new(format!("ALTER TABLE {target} ADD {}", check_constraint(&added)))
        .requires([table_key(name), shape_key(name), reshaped_key(name)])
        .creates(constraint_key(name, &check.name));
    let hazard = Hazard::new(HazardKind::FailsOnData, format!("fails if a row of {name} breaks the check"))
        .counting(format!("SELECT count(*) FROM {target} WHERE NOT ({})", check.expression));
    push_constraint(ctx, name, &check.name, step, hazard, existing && !check.not_valid, online);
}

/// A new constraint's `ADD` step. Added `NOT VALID` to a table that holds data, it is
/// validated by a second statement, which carries the hazard; added whole to one that
/// holds data, the `ADD` carries it.
fn push_constraint(
    ctx: &mut Context,
    name: &QualifiedName,
    constraint: &str,
    step: Step,
    hazard: Hazard,
    checks_rows: bool,
    online: bool,
) {
    if online {
        ctx.steps.push(step);
        validate_with(ctx, name, constraint, hazard);
    } else if checks_rows {
        ctx.steps.push(step.hazard(hazard));
    } else {
        ctx.steps.push(step);
    }
}

fn add_foreign_key(ctx: &mut Context, name: &QualifiedName, fk: &ForeignKey, existing: bool) {
    let target = relation(&name.schema, &name.name);
    let mut needs: Vec<String> = fk.columns.iter().map(|c| column_key(name, c)).collect();
    needs.extend([table_key(name), table_key(&fk.references), keys_key(&fk.references), shape_key(name)]);
    needs.extend([reshaped_key(name), reshaped_key(&fk.references)]);
    needs.extend(fk.referenced_columns.iter().map(|c| column_key(&fk.references, c)));
    let online = validate_after(ctx, name, existing, fk.not_valid);
    let added = ForeignKey { not_valid: fk.not_valid || online, ..fk.clone() };
    let step = Step::new(format!("ALTER TABLE {target} ADD {}", foreign_key(&added)))
        .requires(needs)
        .creates(constraint_key(name, &fk.name));
    let hazard = Hazard::new(
        HazardKind::FailsOnData,
        format!("fails if a row of {name} references a missing row of {}", fk.references),
    );
    push_constraint(ctx, name, &fk.name, step, hazard, existing && !fk.not_valid, online);
}

fn columns_changes(ctx: &mut Context, name: &QualifiedName, old: &Table, new: &Table) {
    let target = relation(&name.schema, &name.name);
    let mut reshaped = false;
    for c in &old.columns {
        if new.column(&c.name).is_none() && !inherited(ctx.from, name, &c.name) {
            reshaped = true;
            let hazard = Hazard::new(HazardKind::DataLoss, format!("deletes the values of {name}.{}", c.name))
                .counting(format!("SELECT count(*) FROM {target} WHERE {} IS NOT NULL", quote(&c.name)));
            drop_column(ctx, name, c, hazard);
        }
    }
    for c in &new.columns {
        if inherited(ctx.to, name, &c.name) {
            continue;
        }
        match old.column(&c.name) {
            None => add_column(ctx, name, c),
            Some(o)
                if o.generated.is_some() != c.generated.is_some() && c.generated.is_some()
                    || o.generated.is_some()
                        && c.generated.is_some()
                        && (!same_optional(o.generated.as_deref(), c.generated.as_deref())
                            || !retyped_reads(old, new, o).is_empty()) =>
            {
                // PostgreSQL 15 cannot change a generation expression, nor the type of a
                // column one reads: the column is made again, around those type changes.
                reshaped = true;
                let hazard = Hazard::new(HazardKind::DataLoss, format!("replaces the values of {name}.{}", c.name));
                let retyped = retyped_reads(old, new, o);
                drop_column(ctx, name, o, hazard);
                if let Some(dropped) = ctx.steps.last_mut() {
                    dropped.releases.extend(retyped.iter().map(|r| format!("type-of:{name}.{r}")));
                }
                add_column(ctx, name, c);
                if let Some(added) = ctx.steps.iter_mut().rev().find(|s| s.creates.contains(&column_key(name, &c.name)))
                {
                    added.requires.extend(retyped.iter().map(|r| format!("retyped:{name}.{r}")));
                }
            }
            Some(o) => reshaped |= alter_column(ctx, name, o, c),
        }
    }
    if reshaped {
        ctx.reshaped.push(name.clone());
    }
}

/// The columns a generated column reads whose type (or collation) changes.
fn retyped_reads(old: &Table, new: &Table, generated: &Column) -> Vec<String> {
    let Some(expression) = &generated.generated else { return Vec::new() };
    let Ok(parsed) = pg_query::parse(&format!("SELECT {expression}"), 0) else { return Vec::new() };
    let mut read = Vec::new();
    for (node, ..) in parsed.protobuf.nodes() {
        if let pg_query::NodeRef::ColumnRef(c) = node {
            if let Some(pg_query::NodeEnum::String(s)) = c.fields.last().and_then(|f| f.node.as_ref()) {
                read.push(s.sval.clone());
            }
        }
    }
    read.sort();
    read.dedup();
    read.retain(|r| match (old.column(r), new.column(r)) {
        (Some(o), Some(n)) => !same_type(&o.ty, &n.ty) || o.collation != n.collation,
        _ => false,
    });
    read
}

/// `DROP COLUMN`: after the views over the table and whatever held on to the column.
fn drop_column(ctx: &mut Context, name: &QualifiedName, c: &Column, hazard: Hazard) {
    let target = relation(&name.schema, &name.name);
    ctx.steps.push(
        Step::new(format!("ALTER TABLE {target} DROP COLUMN {}", quote(&c.name)))
            .requires([table_key(name)])
            .drops(column_key(name, &c.name))
            .drops(RELATIONS)
            .drops(shape_key(name))
            .creates(reshaped_key(name))
            .releases(column_needs(ctx.from, name, c))
            .releases([EXTENSIONS.to_string()])
            .hazard(hazard),
    );
}

fn add_column(ctx: &mut Context, name: &QualifiedName, c: &Column) {
    let target = relation(&name.schema, &name.name);
    let definition = column_definition(c, &identity_options(ctx.to, name, c));
    let mut step = Step::new(format!("ALTER TABLE {target} ADD COLUMN {definition}"))
        .requires([table_key(name), EXTENSIONS.to_string()])
        .requires(column_needs(ctx.to, name, c))
        .creates(column_key(name, &c.name))
        .creates(RELATIONS_READY)
        .drops(shape_key(name))
        .creates(reshaped_key(name));
    if !c.nullable && !c.has_default() && c.generated.is_none() {
        step = step.hazard(
            Hazard::new(
                HazardKind::FailsOnData,
                format!("fails if {name} has rows: the new column is NOT NULL with no default"),
            )
            .counting(format!("SELECT count(*) FROM {target}")),
        );
    }
    if c.generated.is_some() || c.identity.is_some() || c.default.as_deref().is_some_and(volatile_default) {
        step = step.hazard(Hazard::new(HazardKind::Locks, format!("rewrites {name} under an ACCESS EXCLUSIVE lock")));
    }
    ctx.steps.push(step);
}

/// Defaults the server cannot store once for every existing row.
fn volatile_default(default: &str) -> bool {
    let d = default.to_ascii_lowercase();
    ["random(", "nextval(", "gen_random_uuid(", "clock_timestamp(", "uuid_generate"].iter().any(|f| d.contains(f))
}

/// The changes to one column; whether its type changed (views over it are recreated).
fn alter_column(ctx: &mut Context, name: &QualifiedName, old: &Column, new: &Column) -> bool {
    let target = relation(&name.schema, &name.name);
    let col = quote(&new.name);
    let alter = |what: String| format!("ALTER TABLE {target} ALTER COLUMN {col} {what}");
    let retyped_by_enum = ctx.retyped.iter().any(|(t, c)| t == name && c == &new.name);
    let type_changed = (!same_type(&old.ty, &new.ty) || old.collation != new.collation) && !retyped_by_enum;
    let default_changed = !same_optional(old.default.as_deref(), new.default.as_deref()) && !retyped_by_enum;
    let key = column_key(name, &new.name);
    // Identity: dropped first (it holds NOT NULL and the default slot).
    let identity_changed = old.identity != new.identity;
    if old.identity.is_some() && new.identity.is_none() {
        ctx.steps.push(
            Step::new(alter("DROP IDENTITY".into()))
                .requires([key.clone()])
                .releases([not_null_key(name, &new.name)])
                .creates(format!("no-identity:{name}.{}", new.name)),
        );
    }
    // A default goes before a type change (it may not cast) or when it is gone; a new
    // one replaces the old in one statement.
    let drops_default = old.default.is_some() && (type_changed || default_changed && new.default.is_none());
    if drops_default {
        ctx.steps.push(
            Step::new(alter("DROP DEFAULT".into()))
                .requires([key.clone()])
                .creates(format!("predefault:{name}.{}", new.name))
                .releases(sequences_in(old.default.as_deref(), &name.schema)),
        );
    }
    if type_changed {
        let ty = type_name(&new.ty);
        let collate = new.collation.as_ref().map(|c| format!(" COLLATE {}", quote(c))).unwrap_or_default();
        let user_type = |t: &sleet_catalog::TypeRef| t.name.schema != "pg_catalog";
        let using = if user_type(&old.ty) && user_type(&new.ty) && old.ty.name != new.ty.name {
            // From one enum (or other user type) to another: through its text.
            format!(" USING {col}::text::{ty}")
        } else if assignment_cast(&old.ty, &new.ty) {
            // The server converts by itself, and refuses what does not fit; an explicit
            // cast would cut a string to the new length without a word.
            String::new()
        } else {
            format!(" USING {col}::{ty}")
        };
        let mut step = Step::new(alter(format!("TYPE {ty}{collate}{using}")))
            .requires([key.clone()])
            .drops(format!("type-of:{name}.{}", new.name))
            .requires(uses_type(ctx.to, &new.ty))
            .requires(old.default.iter().map(|_| format!("predefault:{name}.{}", new.name)))
            .releases(uses_type(ctx.from, &old.ty))
            .drops(RELATIONS)
            .creates(RELATIONS_READY)
            .drops(shape_key(name))
            .creates(reshaped_key(name))
            .creates(format!("retyped:{name}.{}", new.name));
        if !widens(old, new) {
            step = step
                .hazard(
                    Hazard::new(
                        HazardKind::FailsOnData,
                        format!("fails if a value of {name}.{} does not fit {ty}", new.name),
                    )
                    .counting(format!("SELECT count(*) FROM {target} WHERE {}", not_fitting(&col, &old.ty, &new.ty))),
                )
                .hazard(Hazard::new(HazardKind::Locks, format!("rewrites {name} under an ACCESS EXCLUSIVE lock")));
        }
        ctx.steps.push(step);
    }
    if default_changed || (type_changed && new.default.is_some()) {
        if let Some(default) = &new.default {
            ctx.steps.push(
                Step::new(alter(format!("SET DEFAULT {}", default_expression(default))))
                    .releases(sequences_in(old.default.as_deref(), &name.schema).into_iter().filter(|_| !drops_default))
                    .requires([key.clone(), format!("retyped:{name}.{}", new.name)])
                    .requires(sequences_in(Some(default), &name.schema))
                    .requires(type_changed.then(|| format!("retyped:{name}.{}", new.name))),
            );
        }
    }
    if old.nullable != new.nullable && !(new.identity.is_some() && old.identity.is_none()) {
        if new.nullable {
            if old.identity.is_none() || new.identity.is_none() {
                ctx.steps.push(
                    Step::new(alter("DROP NOT NULL".into()))
                        .requires([key.clone()])
                        .drops(not_null_key(name, &new.name)),
                );
            }
        } else {
            ctx.steps.push(
                Step::new(alter("SET NOT NULL".into()))
                    .requires([key.clone()])
                    .requires(type_changed.then(|| format!("retyped:{name}.{}", new.name)))
                    .creates(format!("set-not-null:{name}.{}", new.name))
                    .hazard(
                        Hazard::new(HazardKind::FailsOnData, format!("fails if {name}.{} holds NULL", new.name))
                            .counting(format!("SELECT count(*) FROM {target} WHERE {col} IS NULL")),
                    )
                    .hazard(Hazard::new(HazardKind::Locks, format!("scans {name} under an ACCESS EXCLUSIVE lock"))),
            );
        }
    }
    if identity_changed {
        match (&old.identity, &new.identity) {
            (None, Some(kind)) => {
                let options = identity_options(ctx.to, name, new);
                ctx.steps.push(
                    Step::new(alter(format!("ADD GENERATED {} AS IDENTITY{options}", identity_word(*kind))))
                        .requires([key.clone()])
                        .requires(old.default.iter().map(|_| format!("predefault:{name}.{}", new.name))),
                );
                if old.nullable {
                    // ADD GENERATED needs NOT NULL first.
                    ctx.steps.push(
                        Step::new(alter("SET NOT NULL".into()))
                            .requires([key.clone()])
                            .creates(format!("set-not-null:{name}.{}", new.name)),
                    );
                    let last = ctx.steps.len() - 1;
                    ctx.steps.swap(last, last - 1);
                }
            }
            (Some(_), Some(kind)) => ctx
                .steps
                .push(Step::new(alter(format!("SET GENERATED {}", identity_word(*kind)))).requires([key.clone()])),
            _ => {}
        }
    } else if new.identity.is_some() {
        let (before, after) = (identity_sequence(ctx.from, name, old), identity_sequence(ctx.to, name, new));
        if let (Some(b), Some(a)) = (before, after) {
            if a != b {
                let changes = super::types::sequence_options(&a, Some(&b));
                let sets: String = changes
                    .split(" AS ")
                    .next()
                    .unwrap_or("")
                    .replace(" INCREMENT BY", " SET INCREMENT BY")
                    .replace(" MINVALUE", " SET MINVALUE")
                    .replace(" MAXVALUE", " SET MAXVALUE")
                    .replace(" START WITH", " SET START WITH")
                    .replace(" CACHE", " SET CACHE")
                    .replace(" NO CYCLE", " SET NO CYCLE")
                    .replace(" CYCLE", " SET CYCLE")
                    .replace(" SET NO SET CYCLE", " SET NO CYCLE");
                if !sets.trim().is_empty() {
                    ctx.steps.push(Step::new(alter(sets.trim().to_string())).requires([key.clone()]));
                }
            }
        }
    }
    if old.generated.is_some() && new.generated.is_none() {
        ctx.steps.push(Step::new(alter("DROP EXPRESSION".into())).requires([key]));
    }
    type_changed
}

fn identity_word(kind: Identity) -> &'static str {
    match kind {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

fn identity_sequence(cat: &Catalog, table: &QualifiedName, c: &Column) -> Option<sleet_catalog::SequenceOptions> {
    let owner = (table.clone(), c.name.clone());
    let schema = cat.schema(&table.schema)?;
    schema.sequences.values().find(|s| s.owned_by.as_ref() == Some(&owner)).map(|s| s.options.clone())
}

/// Built-in string types, and built-in numeric types: within each family the server
/// has an assignment cast, so `ALTER COLUMN … TYPE` needs no `USING`.
fn family(t: &sleet_catalog::TypeRef) -> Option<&'static str> {
    if t.name.schema != "pg_catalog" || t.array_dims > 0 {
        return None;
    }
    match t.name.name.as_str() {
        "text" | "varchar" | "bpchar" => Some("string"),
        "int2" | "int4" | "int8" | "numeric" | "float4" | "float8" => Some("number"),
        _ => None,
    }
}

/// Whether the server converts `old` to `new` by itself: the same type, or the same
/// family of built-in types.
fn assignment_cast(old: &sleet_catalog::TypeRef, new: &sleet_catalog::TypeRef) -> bool {
    (old.name == new.name && old.array_dims == new.array_dims) || family(old).is_some() && family(old) == family(new)
}

/// A condition on the rows whose value of `col` will not fit the new type: too long
/// for a shorter string, out of range for a smaller integer or a numeric of less
/// precision; for any other change, every value (each may fail to convert).
fn not_fitting(col: &str, old: &sleet_catalog::TypeRef, new: &sleet_catalog::TypeRef) -> String {
    let bounds = |name: &str| match name {
        "int2" => Some((i64::from(i16::MIN), i64::from(i16::MAX))),
        "int4" => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
        _ => None,
    };
    match (family(old), new.name.name.as_str(), new.modifiers.first()) {
        (Some("string"), "varchar" | "bpchar", Some(n)) => format!("char_length({col}) > {n}"),
        (Some("number"), "int2" | "int4", _) => {
            let (low, high) = bounds(&new.name.name).unwrap_or((i64::MIN, i64::MAX));
            format!("{col} NOT BETWEEN {low} AND {high}")
        }
        (Some("number"), "numeric", Some(p)) => {
            let scale = new.modifiers.get(1).copied().unwrap_or(0);
            format!("abs({col}) >= 10::numeric ^ {}", p - scale)
        }
        _ => format!("{col} IS NOT NULL"),
    }
}

/// Whether a type change keeps every value (and needs no rewrite): a longer or
/// unlimited `varchar`, `varchar` to `text`, a wider `numeric` of the same scale.
fn widens(old: &Column, new: &Column) -> bool {
    let (a, b) = (&old.ty, &new.ty);
    if a.array_dims != b.array_dims {
        return false;
    }
    let (x, y) = (a.name.name.as_str(), b.name.name.as_str());
    let text_like = |t: &str| matches!(t, "varchar" | "text" | "bpchar");
    match (x, y) {
        ("varchar", "varchar") => {
            b.modifiers.is_empty() || a.modifiers.first() <= b.modifiers.first() && !a.modifiers.is_empty()
        }
        ("varchar", "text") => true,
        (_, "text") if text_like(x) => true,
        ("numeric", "numeric") => {
            b.modifiers.is_empty()
                || (a.modifiers.len() == 2
                    && b.modifiers.len() == 2
                    && a.modifiers[1] == b.modifiers[1]
                    && a.modifiers[0] <= b.modifiers[0])
        }
        _ => false,
    }
}
