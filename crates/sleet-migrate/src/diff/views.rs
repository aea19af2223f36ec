//! Views and materialized views: created after what they read, dropped before it, and
//! recreated (with every view over them) when their query changes or a table under
//! them changes shape.

use super::common::*;
use super::types::comment;
use super::{Context, DiffError, Step};
use sleet_catalog::sql::{quote, relation};
use sleet_catalog::{Catalog, QualifiedName, View};
use std::collections::BTreeSet;

pub(crate) fn diff(ctx: &mut Context) -> Result<(), DiffError> {
    let mut changed: BTreeSet<QualifiedName> = BTreeSet::new();
    for (name, view) in ctx.to.views() {
        if let Some(old) = ctx.from.view(&name) {
            let reads_reshaped = old.depends_on.iter().any(|d| {
                ctx.reshaped.contains(d)
                    || ctx.retyped.iter().any(|(t, _)| t == d)
                    || ctx.from.table(d).is_some() && ctx.to.table(d).is_none()
            });
            if old.materialized != view.materialized
                || canonical_query(&old.definition) != canonical_query(&view.definition)
                || reads_reshaped
            {
                changed.insert(name);
            }
        }
    }
    // Views over a recreated view are recreated too.
    loop {
        let more: Vec<QualifiedName> = ctx
            .from
            .views()
            .filter(|(n, v)| {
                !changed.contains(n) && ctx.to.view(n).is_some() && v.depends_on.iter().any(|d| changed.contains(d))
            })
            .map(|(n, _)| n)
            .collect();
        if more.is_empty() {
            break;
        }
        changed.extend(more);
    }
    for (name, old) in ctx.from.views() {
        if ctx.to.view(&name).is_none() || changed.contains(&name) {
            drop_view(ctx, &name, old);
        }
    }
    for (name, view) in ctx.to.views() {
        let old = ctx.from.view(&name);
        let recreate = old.is_none() || changed.contains(&name);
        if recreate {
            create_view(ctx, &name, view);
        }
        let kind = kind(view);
        let target = relation(&name.schema, &name.name);
        let old_comment = old.filter(|_| !recreate).and_then(|o| o.comment.as_deref());
        comment(ctx, kind, &target, old_comment, view.comment.as_deref(), view_key(&name));
        for c in &view.columns {
            let before = old
                .filter(|_| !recreate)
                .and_then(|o| o.columns.iter().find(|x| x.name == c.name))
                .and_then(|x| x.comment.as_deref());
            comment(
                ctx,
                "COLUMN",
                &format!("{target}.{}", quote(&c.name)),
                before,
                c.comment.as_deref(),
                view_key(&name),
            );
        }
    }
    Ok(())
}

fn kind(view: &View) -> &'static str {
    if view.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    }
}

/// What a view reads, as keys: a table (and its shape) or another view.
fn reads(cat: &Catalog, view: &View) -> Vec<String> {
    view.depends_on
        .iter()
        .flat_map(|d| {
            if cat.view(d).is_some() {
                vec![view_key(d)]
            } else {
                vec![table_key(d), shape_key(d), reshaped_key(d)]
            }
        })
        .collect()
}

fn create_view(ctx: &mut Context, name: &QualifiedName, view: &View) {
    let names: Vec<String> = view.columns.iter().map(|c| quote(&c.name)).collect();
    let columns = if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) };
    let sql = format!(
        "CREATE {} {}{columns} AS\n{}",
        kind(view),
        relation(&name.schema, &name.name),
        view.definition.trim().trim_end_matches(';')
    );
    // A view outside `public` was most likely written with its own schema first on the
    // search path (`SET search_path`, or `SET SCHEMA`, before it): its names resolve so.
    let sql = if name.schema == "public" {
        sql
    } else {
        format!("SET search_path TO {}, public;\n{sql};\nRESET search_path", quote(&name.schema))
    };
    let mut needs = reads(ctx.to, view);
    needs.extend([schema_key(&name.schema), RELATIONS_READY.to_string()]);
    needs.extend(view.columns.iter().filter_map(|c| c.ty.as_ref()).filter_map(|t| uses_type(ctx.to, t)));
    ctx.steps.push(Step::new(sql).creates(view_key(name)).requires(needs));
}

fn drop_view(ctx: &mut Context, name: &QualifiedName, old: &View) {
    let mut releases = reads(ctx.from, old);
    releases.extend([schema_key(&name.schema), RELATIONS.to_string()]);
    releases.extend(old.columns.iter().filter_map(|c| c.ty.as_ref()).filter_map(|t| uses_type(ctx.from, t)));
    ctx.steps.push(
        Step::new(format!("DROP {} {}", kind(old), relation(&name.schema, &name.name)))
            .drops(view_key(name))
            .releases(releases),
    );
}
