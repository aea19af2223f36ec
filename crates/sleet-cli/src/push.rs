//! `sleet push` (development): make a database match `schema.sql` directly, without a
//! migration file. The plan is the differ's, from the live schema to the file's (in the
//! server's words); statements that would lose data or fail on the data are checked
//! against it, counted and refused unless allowed by name; the plan applies in one
//! transaction, and only if the database is still in the state it was computed from.

use crate::settings;
use crate::sources::{self, Source};
use anyhow::{bail, Context, Result};
use sleet_catalog::Catalog;
use sleet_introspect::connect::{self, DatabaseUrl};
use sleet_migrate::diff::{self, HazardKind, Plan};
use std::path::{Path, PathBuf};

/// Arguments of `sleet push`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database [default: DATABASE_URL, from the environment or a .env file]
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Print the plan (with the rows each hazard affects) and change nothing
    #[arg(long)]
    dry_run: bool,
    /// Allow statements with this hazard: data-loss, fails-on-data (repeatable)
    #[arg(long, value_name = "HAZARD", value_parser = ["data-loss", "fails-on-data"])]
    allow: Vec<String>,
    /// Apply only if the database is still in this state (the fingerprint a --dry-run printed)
    #[arg(long, value_name = "FINGERPRINT")]
    fingerprint: Option<String>,
    /// Where a dropped and a created object could be one renamed: they are not
    #[arg(long)]
    not_renamed: bool,
    /// A hints file of renames, one per line: `column public.users.name -> full_name` (beside `-- @renamed` in the schema)
    #[arg(long, value_name = "FILE")]
    renames: Option<PathBuf>,
}

/// A hazard of the plan, as checked against the data.
struct Checked {
    kind: HazardKind,
    message: String,
    rows: Option<i64>,
}

pub fn run(config: Option<&Path>, args: &Args) -> Result<()> {
    let settings = settings::load(config)?;
    let url = connect::database_url(args.database_url.as_deref())?;
    let desired =
        sources::read(&Source::File(settings.schema_path()), &settings)?.with_hints(args.renames.as_deref())?;
    desired.note_left_alone();
    let (journal_schema, journal_table) = settings.journal_table();
    let options = sleet_introspect::Options {
        schemas: None,
        views: Some(sleet_codegen::infer_view),
        leave_out: vec![sleet_catalog::QualifiedName::new(journal_schema, journal_table)],
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = connect::connect(&url).await?;
        let read_live = sleet_introspect::introspect(&client, &options)
            .await
            .with_context(|| format!("reading the schema of {}", url.redacted()))?;
        for note in read_live.notes.iter().filter(|n| matches!(n, sleet_introspect::Note::NotModelled { .. })) {
            eprintln!("note: {}: {note}", url.redacted());
        }
        let live = read_live.catalog;
        let fingerprint = fingerprint(&live);
        let mut wanted = desired.catalog.clone();
        sleet_migrate::live::in_server_form(&client, &mut wanted, &live)
            .await
            .with_context(|| format!("reading the schema's expressions back from {}", url.redacted()))?;
        let candidates = diff::undeclared_renames(&live, &wanted, &desired.renames)?;
        if !candidates.is_empty() && !args.not_renamed {
            let list: Vec<String> = candidates.iter().map(|c| format!("  {c}")).collect();
            bail!(
                "these could be renames, and nothing says whether they are:\n{}\ndeclare each rename in the schema file as shown, or pass --not-renamed to drop and create",
                list.join("\n")
            );
        }
        let plan = diff::diff(&live, &wanted, &desired.renames)?;
        if plan.is_empty() {
            println!("nothing to push: {} matches {}", url.redacted(), settings.schema_path().display());
            return Ok(());
        }
        let checked = check_hazards(&client, &plan).await;
        print_plan(&plan, &checked);
        println!("-- fingerprint of the state this plan starts from: {fingerprint}");
        if args.dry_run {
            return Ok(());
        }
        if let Some(expected) = &args.fingerprint {
            if expected != &fingerprint {
                bail!("the database is no longer in the state {expected} (it is {fingerprint}): run push --dry-run again and review the new plan");
            }
        }
        let refused: Vec<&Checked> = checked
            .iter()
            .filter(|c| c.rows != Some(0) && !args.allow.iter().any(|a| a == c.kind.name()))
            .filter(|c| c.kind != HazardKind::Locks && (c.kind == HazardKind::DataLoss || c.rows.is_some()))
            .collect();
        if !refused.is_empty() {
            let list: Vec<String> = refused.iter().map(|c| format!("  {}: {}{}", c.kind.name(), c.message, rows(c.rows))).collect();
            let kinds: std::collections::BTreeSet<&str> = refused.iter().map(|c| c.kind.name()).collect();
            let allow: Vec<String> = kinds.iter().map(|k| format!("--allow {k}")).collect();
            bail!("refused, nothing was changed:\n{}\npass {} to go ahead", list.join("\n"), allow.join(" "));
        }
        // A label the plan adds and uses cannot be used in the transaction that adds
        // it: the labels go first, in a transaction of their own.
        if let Some(labels) = diff::before_label_uses(&live, &wanted, &plan) {
            let first = diff::diff(&live, &labels, &[])?;
            apply(&client, &first, &options, Some(&fingerprint), &url).await?;
            let rest = diff::diff(&labels, &wanted, &desired.renames)?;
            apply(&client, &rest, &options, None, &url).await?;
            println!("pushed: the new enum labels in one transaction, then {} in another", statements(rest.steps.len()));
            return Ok(());
        }
        apply(&client, &plan, &options, Some(&fingerprint), &url).await?;
        println!("pushed: {} in one transaction", statements(plan.steps.len()));
        Ok(())
    })
}

async fn read(
    client: &tokio_postgres::Client,
    options: &sleet_introspect::Options,
    url: &DatabaseUrl,
) -> Result<Catalog> {
    let read = sleet_introspect::introspect(client, options)
        .await
        .with_context(|| format!("reading the schema of {}", url.redacted()))?;
    Ok(read.catalog)
}

/// A short, stable name for a schema state: the first 16 hex digits of the SHA-256 of
/// its Catalog as JSON.
fn fingerprint(catalog: &Catalog) -> String {
    let json = serde_json::to_string(catalog).unwrap_or_default();
    sleet::migrate::Checksum::of(&json).to_hex()[..16].to_string()
}

/// Each hazard with the rows it affects, counted where a query can tell.
async fn check_hazards(client: &tokio_postgres::Client, plan: &Plan) -> Vec<Checked> {
    let mut out = Vec::new();
    for hazard in plan.steps.iter().flat_map(|s| &s.hazards) {
        let rows = match &hazard.rows_affected {
            Some(query) => client.query_one(query.as_str(), &[]).await.ok().and_then(|r| r.try_get::<_, i64>(0).ok()),
            None => None,
        };
        out.push(Checked { kind: hazard.kind, message: hazard.message.clone(), rows });
    }
    out
}

fn statements(n: usize) -> String {
    if n == 1 {
        "1 statement".to_string()
    } else {
        format!("{n} statements")
    }
}

fn rows(rows: Option<i64>) -> String {
    match rows {
        Some(1) => " (1 row)".into(),
        Some(n) => format!(" ({n} rows)"),
        None => String::new(),
    }
}

fn print_plan(plan: &Plan, checked: &[Checked]) {
    let mut hazards = checked.iter();
    for step in &plan.steps {
        for _ in &step.hazards {
            if let Some(c) = hazards.next() {
                println!("-- {}: {}{}", c.kind.name(), c.message, rows(c.rows));
            }
        }
        println!("{};", step.sql);
    }
}

/// The plan in one transaction, after checking (under a lock that keeps other pushes
/// out) that the database is still in the state the plan was made from, when given.
async fn apply(
    client: &tokio_postgres::Client,
    plan: &Plan,
    options: &sleet_introspect::Options,
    fingerprint_then: Option<&str>,
    url: &DatabaseUrl,
) -> Result<()> {
    client.batch_execute("BEGIN").await?;
    let result = async {
        client.batch_execute("SELECT pg_advisory_xact_lock(hashtextextended('sleet push', 0))").await?;
        if let Some(then) = fingerprint_then {
            let now = fingerprint(&read(client, options, url).await?);
            if now != then {
                bail!("the database changed while the plan was made ({then} → {now}): nothing was applied; run push again");
            }
        }
        for step in &plan.steps {
            client
                .batch_execute(&step.sql)
                .await
                .map_err(|e| anyhow::anyhow!("{}\n  in: {}", e.as_db_error().map_or(e.to_string(), |d| d.message().to_string()), step.sql))?;
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            client.batch_execute("COMMIT").await.context("committing the push")?;
            Ok(())
        }
        Err(e) => {
            let _ = client.batch_execute("ROLLBACK").await;
            Err(e.context(format!("pushing to {} (rolled back: nothing was changed)", url.redacted())))
        }
    }
}
