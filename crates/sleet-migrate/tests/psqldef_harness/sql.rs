//! A case's SQL as the server and the front end see it: statement spans (libpg_query's,
//! PostgreSQL's own parser, so a `;` inside a function body or a string never splits a
//! statement), the statements the front end leaves alone, and the normalisation that
//! makes two introspected Catalogs comparable.

use sleet_catalog::Catalog;
use sleet_codegen::Report;
use std::ops::Range;

/// Where each statement of `sql` is, as byte ranges (leading comments included).
pub fn statements(sql: &str) -> Result<Vec<Range<usize>>, String> {
    let parsed = pg_query::parse(sql, 0).map_err(|e| e.to_string())?;
    Ok(parsed
        .protobuf
        .stmts
        .iter()
        .map(|raw| {
            let start = usize::try_from(raw.stmt_location).unwrap_or(0).min(sql.len());
            let end = match usize::try_from(raw.stmt_len).unwrap_or(0) {
                0 => sql.len(),
                len => (start + len).min(sql.len()),
            };
            start..end
        })
        .collect())
}

/// The statement's first line that is not a comment, to name it in a message.
pub fn first_line(statement: &str) -> &str {
    without_leading_comments(statement).lines().next().unwrap_or_default().trim()
}

fn without_leading_comments(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return rest;
        }
    }
}

/// The byte offset of a 1-based line and column (in characters), as the front end's
/// locations count them.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = match line {
        0 | 1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    let rest = text.get(line_start..)?;
    let within = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// The statements of `sql` the front end skipped on purpose, as (kind, text with
/// whitespace squeezed), sorted: a multiset two schemas can be compared by. Each
/// skipped location is mapped back to its whole statement, so two functions that
/// differ only in their bodies differ here too; where `sql` does not parse on its own
/// (it always does when the front end read it), the location's first line stands in.
fn left_alone(sql: &str, report: &Report) -> Vec<(String, String)> {
    let spans = statements(sql).ok();
    let mut out: Vec<(String, String)> = report
        .skipped
        .iter()
        .map(|skipped| {
            let whole = spans.as_ref().and_then(|spans| {
                let at = offset_of(sql, skipped.location.line, skipped.location.column)?;
                let span = spans.iter().rev().find(|span| span.start <= at)?;
                sql.get(span.clone()).map(without_leading_comments)
            });
            let text = whole.unwrap_or(&skipped.location.statement);
            (skipped.kind.clone(), text.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect();
    out.sort();
    out
}

/// What kinds of left-alone statement differ between the two schemas, in words
/// (`functions`, `triggers`), sorted and deduplicated; empty when they hold the same.
pub fn left_alone_changes(current: &str, before: &Report, desired: &str, after: &Report) -> Vec<String> {
    let mut unmatched = left_alone(desired, after);
    let mut kinds = Vec::new();
    for statement in left_alone(current, before) {
        match unmatched.iter().position(|other| *other == statement) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => kinds.push(statement.0),
        }
    }
    kinds.extend(unmatched.into_iter().map(|(kind, _)| kind));
    let mut words: Vec<String> = kinds.iter().map(|kind| kind_in_words(kind.as_str())).collect();
    words.sort();
    words.dedup();
    words
}

/// The front end's statement kinds (libpg_query's node names) as a reader says them;
/// the raw kind for any other.
fn kind_in_words(kind: &str) -> String {
    let words = match kind {
        "CreateFunctionStmt" | "AlterFunctionStmt" => "functions",
        "CreateTrigStmt" => "triggers",
        "CreateEventTrigStmt" | "AlterEventTrigStmt" => "event triggers",
        "CreatePolicyStmt" | "AlterPolicyStmt" => "policies",
        "GrantStmt" => "grants",
        "GrantRoleStmt" => "role memberships",
        "CreateRoleStmt" | "AlterRoleStmt" | "DropRoleStmt" => "roles",
        "AlterDefaultPrivilegesStmt" => "default privileges",
        "AlterOwnerStmt" => "owners",
        "RuleStmt" => "rules",
        "DoStmt" => "DO blocks",
        "CreateCastStmt" => "casts",
        "CreatePublicationStmt" | "AlterPublicationStmt" => "publications",
        "CreateStatsStmt" => "statistics",
        "InsertStmt" | "UpdateStmt" | "DeleteStmt" => "data",
        "VariableSetStmt" => "settings",
        other => other,
    };
    words.to_string()
}

/// Two introspected Catalogs made comparable: PostgreSQL cannot reorder columns
/// without recreating the table, and no migration tool does, so a column added by a
/// migration comes last while the schema may declare it anywhere; columns of tables and
/// fields of composites are therefore compared as sets (sorted by name). Constraints
/// (of tables and domains) are listed in creation order, which a migration changes
/// too, so they are sorted by name. Nothing else is touched.
pub fn normalised(catalog: &Catalog) -> Catalog {
    let mut catalog = catalog.clone();
    for schema in catalog.schemas.values_mut() {
        for table in schema.tables.values_mut() {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
            table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            table.checks.sort_by(|a, b| a.name.cmp(&b.name));
            table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for composite in schema.composites.values_mut() {
            composite.fields.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for domain in schema.domains.values_mut() {
            domain.checks.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    catalog
}
