//! Schemas, extensions, user types (enums, domains, composites, ranges) and the
//! sequences that are not an identity column's own.

use super::common::*;
use super::plan::{Hazard, HazardKind};
use super::{Context, DiffError, Step};
use sleet_catalog::sql::{literal, quote, relation, type_name};
use sleet_catalog::{Catalog, Check, Column, Domain, EnumType, QualifiedName, Schema, Sequence};

pub(crate) fn diff(ctx: &mut Context) -> Result<(), DiffError> {
    schemas(ctx);
    extensions(ctx);
    for (name, schema) in &ctx.to.schemas {
        let old = ctx.from.schemas.get(name);
        enums(ctx, schema, old)?;
        domains(ctx, schema, old);
        composites(ctx, schema, old);
        ranges(ctx, schema, old);
        sequences(ctx, schema, old);
    }
    for (name, old) in &ctx.from.schemas {
        if !ctx.to.schemas.contains_key(name) {
            let empty = Schema::named(name);
            drop_types(ctx, &empty, old);
        }
    }
    Ok(())
}

fn schemas(ctx: &mut Context) {
    for name in ctx.to.schemas.keys().filter(|n| !ctx.from.schemas.contains_key(*n)) {
        ctx.steps.push(Step::new(format!("CREATE SCHEMA {}", quote(name))).creates(schema_key(name)));
    }
    for name in ctx.from.schemas.keys().filter(|n| !ctx.to.schemas.contains_key(*n) && *n != "public") {
        ctx.steps.push(Step::new(format!("DROP SCHEMA {}", quote(name))).drops(schema_key(name)));
    }
    for (name, schema) in &ctx.to.schemas {
        let old = ctx.from.schemas.get(name).and_then(|s| s.comment.as_deref());
        comment(ctx, "SCHEMA", &quote(name), old, schema.comment.as_deref(), schema_key(name));
    }
}

fn extensions(ctx: &mut Context) {
    for (name, schema) in &ctx.to.extensions {
        match ctx.from.extensions.get(name) {
            None => ctx.steps.push(
                Step::new(format!("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {}", quote(name), quote(schema)))
                    .creates(format!("extension:{name}"))
                    .creates(EXTENSIONS)
                    .requires([schema_key(schema)]),
            ),
            Some(old) if old != schema => ctx.steps.push(
                Step::new(format!("ALTER EXTENSION {} SET SCHEMA {}", quote(name), quote(schema)))
                    .requires([schema_key(schema)])
                    .releases([schema_key(old)]),
            ),
            Some(_) => {}
        }
    }
    for (name, schema) in &ctx.from.extensions {
        if !ctx.to.extensions.contains_key(name) {
            ctx.steps.push(
                Step::new(format!("DROP EXTENSION {}", quote(name)))
                    .drops(format!("extension:{name}"))
                    .drops(EXTENSIONS)
                    .releases([schema_key(schema)]),
            );
        }
    }
}

/// `COMMENT ON …` when the comment changed; `IS NULL` removes one.
pub(crate) fn comment(ctx: &mut Context, kind: &str, target: &str, old: Option<&str>, new: Option<&str>, on: String) {
    if old == new {
        return;
    }
    let text = new.map_or_else(|| "NULL".to_string(), literal);
    ctx.steps.push(Step::new(format!("COMMENT ON {kind} {target} IS {text}")).requires([on]));
}

/// Types and sequences of a schema that is gone (`new` is empty).
fn drop_types(ctx: &mut Context, new: &Schema, old: &Schema) {
    let at = |n: &str| QualifiedName::new(&old.name, n);
    for name in old.enums.keys().chain(old.composites.keys()).chain(old.ranges.keys()) {
        if !new.enums.contains_key(name) && !new.composites.contains_key(name) && !new.ranges.contains_key(name) {
            drop_type(ctx, "TYPE", &at(name));
        }
    }
    for name in old.domains.keys().filter(|n| !new.domains.contains_key(*n)) {
        drop_type(ctx, "DOMAIN", &at(name));
    }
    for seq in old.sequences.values().filter(|s| !new.sequences.contains_key(&s.name)) {
        drop_sequence(ctx, &old.name, seq);
    }
}

fn drop_type(ctx: &mut Context, kind: &str, q: &QualifiedName) {
    let mut step = Step::new(format!("DROP {kind} {}", relation(&q.schema, &q.name)))
        .drops(type_key(q))
        .releases([schema_key(&q.schema)]);
    // A domain or composite lets go of the types it was built on.
    if let Some(domain) = ctx.from.schema(&q.schema).and_then(|s| s.domains.get(&q.name)) {
        step = step.releases(uses_type(ctx.from, &domain.base));
    }
    if let Some(c) = ctx.from.schema(&q.schema).and_then(|s| s.composites.get(&q.name)) {
        let used: Vec<String> = c.fields.iter().filter_map(|f| uses_type(ctx.from, &f.ty)).collect();
        step = step.releases(used);
    }
    ctx.steps.push(step);
}

fn enums(ctx: &mut Context, schema: &Schema, old: Option<&Schema>) -> Result<(), DiffError> {
    let s = &schema.name;
    for e in schema.enums.values() {
        let q = QualifiedName::new(s, &e.name);
        match old.and_then(|o| o.enums.get(&e.name)) {
            None => ctx.steps.push(create_enum(&q, e)),
            Some(before) => {
                if before.labels != e.labels {
                    change_labels(ctx, &q, before, e)?;
                }
                comment(
                    ctx,
                    "TYPE",
                    &relation(s, &e.name),
                    before.comment.as_deref(),
                    e.comment.as_deref(),
                    type_key(&q),
                );
                continue;
            }
        }
        comment(ctx, "TYPE", &relation(s, &e.name), None, e.comment.as_deref(), type_key(&q));
    }
    if let Some(old) = old {
        let gone = |n: &String| {
            !schema.enums.contains_key(n) && !schema.composites.contains_key(n) && !schema.ranges.contains_key(n)
        };
        for name in old.enums.keys().chain(old.composites.keys()).chain(old.ranges.keys()).filter(|n| gone(n)) {
            drop_type(ctx, "TYPE", &QualifiedName::new(s, name));
        }
    }
    Ok(())
}

fn create_enum(q: &QualifiedName, e: &EnumType) -> Step {
    let labels: Vec<String> = e.labels.iter().map(|l| literal(l)).collect();
    Step::new(format!("CREATE TYPE {} AS ENUM ({})", relation(&q.schema, &q.name), labels.join(", ")))
        .creates(type_key(q))
        .requires([schema_key(&q.schema)])
}

/// New labels are added in place (`ADD VALUE … BEFORE/AFTER`) when the old labels keep
/// their order; otherwise the type is recreated and every column cast through text.
fn change_labels(ctx: &mut Context, q: &QualifiedName, before: &EnumType, after: &EnumType) -> Result<(), DiffError> {
    let kept: Vec<&String> = after.labels.iter().filter(|l| before.labels.contains(l)).collect();
    let in_order = kept.len() == before.labels.len() && kept.iter().zip(&before.labels).all(|(a, b)| *a == b);
    let target = relation(&q.schema, &q.name);
    if in_order {
        for (i, label) in after.labels.iter().enumerate() {
            if before.labels.contains(label) {
                continue;
            }
            let place = match i {
                0 => format!("BEFORE {}", literal(&after.labels[1])),
                _ => format!("AFTER {}", literal(&after.labels[i - 1])),
            };
            ctx.steps.push(
                Step::new(format!("ALTER TYPE {target} ADD VALUE {} {place}", literal(label)))
                    .requires([type_key(q)])
                    .creates(format!("label:{q}.{label}")),
            );
        }
        return Ok(());
    }
    recreate_enum(ctx, q, before, after)
}

fn recreate_enum(ctx: &mut Context, q: &QualifiedName, before: &EnumType, after: &EnumType) -> Result<(), DiffError> {
    let removed: Vec<String> = before.labels.iter().filter(|l| !after.labels.contains(l)).map(|l| literal(l)).collect();
    let old_name = format!("{}__sleet_old", q.name);
    let target = relation(&q.schema, &q.name);
    let old_target = relation(&q.schema, &old_name);
    ctx.steps.push(
        Step::new(format!("ALTER TYPE {target} RENAME TO {}", quote(&old_name)))
            .requires([type_key(q)])
            .drops(type_key(q))
            .creates(format!("enum-old:{q}")),
    );
    ctx.steps.push(create_enum(q, after));
    let users = columns_of_type(ctx.from, ctx.to, q);
    for (table, column) in &users {
        let ty = type_name(&column.ty);
        let t = relation(&table.schema, &table.name);
        let c = quote(&column.name);
        let retyped = format!("retyped:{table}.{}", column.name);
        let old_default = ctx.from.table(table).and_then(|o| o.column(&column.name)).and_then(|o| o.default.clone());
        if old_default.is_some() {
            ctx.steps.push(
                Step::new(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"))
                    .requires([table_key(table)])
                    .creates(format!("predefault:{table}.{}", column.name)),
            );
        }
        let mut step = Step::new(format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty} USING {c}::text::{ty}"))
            .requires([type_key(q), format!("enum-old:{q}"), table_key(table)])
            .requires(old_default.iter().map(|_| format!("predefault:{table}.{}", column.name)))
            .drops(RELATIONS)
            .creates(RELATIONS_READY)
            .drops(shape_key(table))
            .creates(reshaped_key(table))
            .creates(retyped.clone())
            .releases([format!("enum-old-use:{q}")]);
        if !removed.is_empty() {
            step = step.hazard(
                Hazard::new(
                    HazardKind::FailsOnData,
                    format!(
                        "fails if a row of {table} holds a removed label ({}); rewrites the table",
                        removed.join(", ")
                    ),
                )
                .counting(format!("SELECT count(*) FROM {t} WHERE {c}::text IN ({})", removed.join(", "))),
            );
        }
        ctx.steps.push(step);
        if let Some(default) = &column.default {
            ctx.steps.push(
                Step::new(format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}",
                    crate::print::default_expression(default)
                ))
                .requires([retyped.clone()]),
            );
        }
        ctx.retyped.push((table.clone(), column.name.clone()));
    }
    ctx.steps.push(
        Step::new(format!("DROP TYPE {old_target}"))
            .drops(format!("enum-old-use:{q}"))
            .requires([format!("enum-old:{q}")]),
    );
    Ok(())
}

/// Columns (in both catalogs) whose type is `q` or an array of it, as `to` has them.
pub(crate) fn columns_of_type(from: &Catalog, to: &Catalog, q: &QualifiedName) -> Vec<(QualifiedName, Column)> {
    let mut out = Vec::new();
    for (name, table) in to.tables() {
        if table.partition_of.is_some() {
            continue;
        }
        let Some(old) = from.table(&name) else { continue };
        for column in table.columns.iter().filter(|c| &c.ty.name == q) {
            if old.column(&column.name).is_some_and(|c| &c.ty.name == q) && !inherited(to, &name, &column.name) {
                out.push((name.clone(), column.clone()));
            }
        }
    }
    out
}

/// Whether a column comes from a parent named in `INHERITS` (changed there, not here).
pub(crate) fn inherited(cat: &Catalog, table: &QualifiedName, column: &str) -> bool {
    cat.table(table)
        .is_some_and(|t| t.inherits.iter().any(|p| cat.table(p).is_some_and(|p| p.column(column).is_some())))
}

fn domains(ctx: &mut Context, schema: &Schema, old: Option<&Schema>) {
    let s = &schema.name;
    for d in schema.domains.values() {
        let q = QualifiedName::new(s, &d.name);
        let target = relation(s, &d.name);
        let before = old.and_then(|o| o.domains.get(&d.name));
        match before {
            Some(b) if b.base == d.base => alter_domain(ctx, &q, b, d),
            Some(_) => {
                drop_type(ctx, "DOMAIN", &q);
                create_domain(ctx, &q, d);
            }
            None => create_domain(ctx, &q, d),
        }
        let old_comment = before.filter(|b| b.base == d.base).and_then(|b| b.comment.as_deref());
        comment(ctx, "DOMAIN", &target, old_comment, d.comment.as_deref(), type_key(&q));
    }
    if let Some(old) = old {
        for name in old.domains.keys().filter(|n| !schema.domains.contains_key(*n)) {
            drop_type(ctx, "DOMAIN", &QualifiedName::new(s, name));
        }
    }
}

fn create_domain(ctx: &mut Context, q: &QualifiedName, d: &Domain) {
    let sql = domain_sql(&relation(&q.schema, &q.name), d);
    let needs: Vec<String> = uses_type(ctx.to, &d.base).into_iter().chain([schema_key(&q.schema)]).collect();
    ctx.steps.push(Step::new(sql).creates(type_key(q)).requires(needs));
}

/// `CREATE DOMAIN target AS base [DEFAULT …] [NOT NULL] [CONSTRAINT … CHECK (…)]…`.
pub(crate) fn domain_sql(target: &str, d: &Domain) -> String {
    let mut sql = format!("CREATE DOMAIN {target} AS {}", type_name(&d.base));
    if let Some(default) = &d.default {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if d.not_null {
        sql.push_str(" NOT NULL");
    }
    for check in &d.checks {
        sql.push_str(&format!(
            " CONSTRAINT {} CHECK ({})",
            quote(&check.name),
            crate::print::without_outer_parentheses(&check.expression)
        ));
        if check.not_valid {
            sql.push_str(" NOT VALID");
        }
    }
    sql
}

fn alter_domain(ctx: &mut Context, q: &QualifiedName, before: &Domain, after: &Domain) {
    let target = relation(&q.schema, &q.name);
    let needs = || vec![type_key(q)];
    if !same_optional(before.default.as_deref(), after.default.as_deref()) {
        let sql = match &after.default {
            Some(d) => format!("ALTER DOMAIN {target} SET DEFAULT {d}"),
            None => format!("ALTER DOMAIN {target} DROP DEFAULT"),
        };
        ctx.steps.push(Step::new(sql).requires(needs()));
    }
    if before.not_null != after.not_null {
        let step = if after.not_null {
            Step::new(format!("ALTER DOMAIN {target} SET NOT NULL"))
                .hazard(Hazard::new(HazardKind::FailsOnData, format!("fails if a column of type {q} holds NULL")))
        } else {
            Step::new(format!("ALTER DOMAIN {target} DROP NOT NULL"))
        };
        ctx.steps.push(step.requires(needs()));
    }
    let same = |a: &Check, b: &Check| same_expression(&a.expression, &b.expression);
    for check in &before.checks {
        match after.checks.iter().find(|c| c.name == check.name) {
            Some(c) if same(c, check) => {}
            _ => ctx.steps.push(
                Step::new(format!("ALTER DOMAIN {target} DROP CONSTRAINT {}", quote(&check.name)))
                    .requires(needs())
                    .drops(format!("domain-check:{q}.{}", check.name)),
            ),
        }
    }
    for check in &after.checks {
        let old = before.checks.iter().find(|c| c.name == check.name);
        match old {
            Some(o) if same(o, check) => {
                if o.not_valid && !check.not_valid {
                    ctx.steps.push(
                        Step::new(format!("ALTER DOMAIN {target} VALIDATE CONSTRAINT {}", quote(&check.name)))
                            .requires(needs()),
                    );
                }
            }
            _ => {
                let not_valid = if check.not_valid { " NOT VALID" } else { "" };
                ctx.steps.push(
                    Step::new(format!(
                        "ALTER DOMAIN {target} ADD CONSTRAINT {} CHECK ({}){not_valid}",
                        quote(&check.name),
                        crate::print::without_outer_parentheses(&check.expression)
                    ))
                    .requires(needs())
                    .creates(format!("domain-check:{q}.{}", check.name))
                    .hazard(Hazard::new(HazardKind::FailsOnData, format!("fails if a value of type {q} breaks it"))),
                );
            }
        }
    }
}

fn composites(ctx: &mut Context, schema: &Schema, old: Option<&Schema>) {
    let s = &schema.name;
    for c in schema.composites.values() {
        let q = QualifiedName::new(s, &c.name);
        let target = relation(s, &c.name);
        let before = old.and_then(|o| o.composites.get(&c.name));
        match before {
            None => {
                let fields: Vec<String> = c.fields.iter().map(field).collect();
                let needs: Vec<String> =
                    c.fields.iter().filter_map(|f| uses_type(ctx.to, &f.ty)).chain([schema_key(s)]).collect();
                ctx.steps.push(
                    Step::new(format!("CREATE TYPE {target} AS ({})", fields.join(", ")))
                        .creates(type_key(&q))
                        .requires(needs),
                );
            }
            Some(b) => {
                for f in b.fields.iter().filter(|f| !c.fields.iter().any(|n| n.name == f.name)) {
                    ctx.steps.push(
                        Step::new(format!("ALTER TYPE {target} DROP ATTRIBUTE {}", quote(&f.name)))
                            .requires([type_key(&q)])
                            .releases(uses_type(ctx.from, &f.ty)),
                    );
                }
                for f in &c.fields {
                    match b.fields.iter().find(|o| o.name == f.name) {
                        None => ctx.steps.push(
                            Step::new(format!("ALTER TYPE {target} ADD ATTRIBUTE {}", field(f)))
                                .requires(uses_type(ctx.to, &f.ty).into_iter().chain([type_key(&q)])),
                        ),
                        Some(o) if o.ty != f.ty || o.collation != f.collation => {
                            let collate =
                                f.collation.as_ref().map(|c| format!(" COLLATE {}", quote(c))).unwrap_or_default();
                            ctx.steps.push(
                                Step::new(format!(
                                    "ALTER TYPE {target} ALTER ATTRIBUTE {} TYPE {}{collate}",
                                    quote(&f.name),
                                    type_name(&f.ty)
                                ))
                                .requires(uses_type(ctx.to, &f.ty).into_iter().chain([type_key(&q)])),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        comment(ctx, "TYPE", &target, before.and_then(|b| b.comment.as_deref()), c.comment.as_deref(), type_key(&q));
        for f in &c.fields {
            let old =
                before.and_then(|b| b.fields.iter().find(|o| o.name == f.name)).and_then(|o| o.comment.as_deref());
            let on = format!("{target}.{}", quote(&f.name));
            comment(ctx, "COLUMN", &on, old, f.comment.as_deref(), type_key(&q));
        }
    }
}

fn field(f: &Column) -> String {
    let collate = f.collation.as_ref().map(|c| format!(" COLLATE {}", quote(c))).unwrap_or_default();
    format!("{} {}{collate}", quote(&f.name), type_name(&f.ty))
}

fn ranges(ctx: &mut Context, schema: &Schema, old: Option<&Schema>) {
    let s = &schema.name;
    for r in schema.ranges.values() {
        let q = QualifiedName::new(s, &r.name);
        let target = relation(s, &r.name);
        let before = old.and_then(|o| o.ranges.get(&r.name));
        if before.is_some_and(|b| b.subtype != r.subtype) {
            drop_type(ctx, "TYPE", &q);
        }
        if before.is_none_or(|b| b.subtype != r.subtype) {
            let needs: Vec<String> = uses_type(ctx.to, &r.subtype).into_iter().chain([schema_key(s)]).collect();
            ctx.steps.push(
                Step::new(format!("CREATE TYPE {target} AS RANGE (subtype = {})", type_name(&r.subtype)))
                    .creates(type_key(&q))
                    .requires(needs),
            );
        }
        let old_comment = before.filter(|b| b.subtype == r.subtype).and_then(|b| b.comment.as_deref());
        comment(ctx, "TYPE", &target, old_comment, r.comment.as_deref(), type_key(&q));
    }
}

/// Whether `seq` is an identity column's own sequence in `cat` (it comes and goes with
/// the column).
pub(crate) fn is_identity_sequence(cat: &Catalog, seq: &Sequence) -> bool {
    seq.owned_by
        .as_ref()
        .is_some_and(|(t, c)| cat.table(t).and_then(|t| t.column(c)).is_some_and(|c| c.identity.is_some()))
}

fn sequences(ctx: &mut Context, schema: &Schema, old: Option<&Schema>) {
    let s = &schema.name;
    for seq in schema.sequences.values().filter(|q| !is_identity_sequence(ctx.to, q)) {
        let q = QualifiedName::new(s, &seq.name);
        let target = relation(s, &seq.name);
        let before = old.and_then(|o| o.sequences.get(&seq.name)).filter(|b| !is_identity_sequence(ctx.from, b));
        match before {
            None => ctx.steps.push(
                Step::new(format!("CREATE SEQUENCE {target}{}", sequence_options(&seq.options, None)))
                    .creates(sequence_key(&q))
                    .requires([schema_key(s)]),
            ),
            Some(b) if b.options != seq.options => ctx.steps.push(
                Step::new(format!("ALTER SEQUENCE {target}{}", sequence_options(&seq.options, Some(&b.options))))
                    .requires([sequence_key(&q)]),
            ),
            Some(_) => {}
        }
        let old_owner = before.and_then(|b| b.owned_by.clone());
        if old_owner != seq.owned_by {
            let (owner, needs) = match &seq.owned_by {
                Some((t, c)) => (format!("{}.{}", relation(&t.schema, &t.name), quote(c)), vec![column_key(t, c)]),
                None => ("NONE".to_string(), Vec::new()),
            };
            ctx.steps.push(
                Step::new(format!("ALTER SEQUENCE {target} OWNED BY {owner}"))
                    .requires(needs.into_iter().chain([sequence_key(&q)]))
                    .releases(old_owner.iter().map(|(t, c)| column_key(t, c))),
            );
        }
    }
    if let Some(old) = old {
        for seq in old.sequences.values().filter(|q| !is_identity_sequence(ctx.from, q)) {
            let kept = schema.sequences.get(&seq.name).is_some_and(|n| !is_identity_sequence(ctx.to, n));
            if !kept {
                drop_sequence(ctx, s, seq);
            }
        }
    }
}

/// `DROP SEQUENCE`, unless the sequence goes with the table or column that owns it.
fn drop_sequence(ctx: &mut Context, schema: &str, seq: &Sequence) {
    if is_identity_sequence(ctx.from, seq) {
        return;
    }
    if let Some((t, c)) = &seq.owned_by {
        let owner_stays = ctx.to.table(t).is_some_and(|t| t.column(c).is_some());
        if !owner_stays {
            return; // DROP TABLE / DROP COLUMN takes an owned sequence with it
        }
    }
    let q = QualifiedName::new(schema, &seq.name);
    ctx.steps.push(
        Step::new(format!("DROP SEQUENCE {}", relation(schema, &seq.name)))
            .drops(sequence_key(&q))
            .releases([schema_key(schema)]),
    );
}

/// ` AS int4 INCREMENT BY 2 …`: every option that differs from `before` (or, for a new
/// sequence, from PostgreSQL's defaults).
pub(crate) fn sequence_options(
    o: &sleet_catalog::SequenceOptions,
    before: Option<&sleet_catalog::SequenceOptions>,
) -> String {
    let base = before.cloned().unwrap_or_else(|| {
        let mut d = sleet_catalog::SequenceOptions::defaults("int8");
        d.increment = o.increment;
        let (min, max) = d.default_bounds();
        (d.min, d.max) = (min, max);
        d.start = if o.increment > 0 { o.min } else { o.max };
        d
    });
    let mut out = String::new();
    if o.data_type != base.data_type {
        out.push_str(&format!(" AS {}", o.data_type));
    }
    if o.increment != base.increment || before.is_none() && o.increment != 1 {
        out.push_str(&format!(" INCREMENT BY {}", o.increment));
    }
    if o.min != base.min {
        out.push_str(&format!(" MINVALUE {}", o.min));
    }
    if o.max != base.max {
        out.push_str(&format!(" MAXVALUE {}", o.max));
    }
    if o.start != base.start {
        out.push_str(&format!(" START WITH {}", o.start));
    }
    if o.cache != base.cache {
        out.push_str(&format!(" CACHE {}", o.cache));
    }
    if o.cycle != base.cycle {
        out.push_str(if o.cycle { " CYCLE" } else { " NO CYCLE" });
    }
    out
}
