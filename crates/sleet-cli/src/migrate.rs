//! `sleet migrate`: apply the migrations folder (`run`), see where a database stands
//! (`status`), go back (`down`), and resolve a failed or edited entry deliberately
//! (`repair`). The folder is read and every script split by the SQL parser before
//! anything runs; the runner is the runtime's `sleet::migrate::Migrator`, the same one
//! an application embeds.

use crate::{schema_diff, settings};
use anyhow::{Context, Result};
use sleet::migrate::{DownTo, Migration, Migrator, Progress, Repair, Script, State, Statement};
use sleet_codegen::migrations::{self, ScriptFile};
use sleet_introspect::connect::{self, DatabaseUrl};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Arguments of `sleet migrate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Write the next migration (up.sql and down.sql) from the changes to the schema file
    Generate(schema_diff::GenerateArgs),
    /// Print the migration between two states: schema files, migrations folders or databases
    Diff(schema_diff::DiffArgs),
    /// Fail when the schema file and the migrations folder disagree, or parallel migrations conflict (for CI)
    Check(schema_diff::CheckArgs),
    /// Apply every pending migration in order, each in one transaction with its journal row
    Run(RunArgs),
    /// List applied, pending, edited, failed and missing migrations
    Status(Common),
    /// Revert applied migrations with their down scripts, newest first
    Down(DownArgs),
    /// Record what happened to a failed, edited or missing migration: the only way past those states
    Repair(RepairArgs),
}

/// What every `migrate` subcommand takes.
#[derive(Debug, clap::Args)]
struct Common {
    /// The database: a direct connection, not a transaction-mode pooler [default: DATABASE_URL, from the environment or a .env file]
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// The migrations folder [default: [migrations] dir in sleet.toml, else migrations]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Seconds to wait for another process's migration lock
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    lock_timeout: u64,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    #[command(flatten)]
    common: Common,
    /// Apply pending migrations older than the newest applied one (after merging a branch) instead of refusing
    #[arg(long)]
    allow_out_of_order: bool,
}

#[derive(Debug, clap::Args)]
struct DownArgs {
    #[command(flatten)]
    common: Common,
    /// How many of the newest applied migrations to revert
    #[arg(value_name = "N", default_value_t = 1, conflicts_with = "to")]
    count: usize,
    /// Revert every applied migration newer than VERSION (0: all of them)
    #[arg(long, value_name = "VERSION")]
    to: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("action").required(true).args(["applied", "rolled_back", "accept_edit"])))]
struct RepairArgs {
    #[command(flatten)]
    common: Common,
    /// The migration's version
    #[arg(value_name = "VERSION")]
    migration: String,
    /// It is applied: a failed migration you finished by hand, or one applied outside sleet
    #[arg(long)]
    applied: bool,
    /// It is not applied: forget its entry (a failed migration you undid, a deleted file); the next run applies it again
    #[arg(long)]
    rolled_back: bool,
    /// Its file was edited on purpose after it was applied: record the new checksum
    #[arg(long)]
    accept_edit: bool,
}

pub fn run(config: Option<&Path>, args: &Args) -> Result<()> {
    let settings = settings::load(config)?;
    let common = match &args.command {
        Command::Generate(a) => return schema_diff::generate(config, a),
        Command::Diff(a) => return schema_diff::diff_command(config, a),
        Command::Check(a) => return schema_diff::check(config, a),
        Command::Run(a) => &a.common,
        Command::Status(c) => c,
        Command::Down(a) => &a.common,
        Command::Repair(a) => &a.common,
    };
    let dir = common.dir.clone().unwrap_or_else(|| settings.migrations_path());
    let (schema, table) = settings.journal_table();
    let migrator = read_folder(&dir)?
        .journal(schema, table)
        .lock_timeout(Duration::from_secs(common.lock_timeout))
        .on_progress(print_progress);
    let url = connect::database_url(common.database_url.as_deref())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = connect::connect(&url).await?;
        let mut db = sleet::Db::new(client);
        match &args.command {
            Command::Run(a) => {
                ensure_direct(&url, db.client()).await?;
                let migrator = migrator.allow_out_of_order(a.allow_out_of_order);
                let ran = migrator.run(&mut db).await.with_context(|| on(&url))?;
                let applied = migrator.migrations().len();
                match ran.len() {
                    0 => println!("nothing to apply: {applied} of {applied} migrations are applied"),
                    1 => println!("1 migration applied"),
                    n => println!("{n} migrations applied"),
                }
            }
            Command::Status(_) => {
                ensure_direct(&url, db.client()).await?;
                let statuses = migrator.status(&mut db).await.with_context(|| on(&url))?;
                print_status(&statuses);
            }
            Command::Down(a) => {
                ensure_direct(&url, db.client()).await?;
                let to = match &a.to {
                    Some(version) => DownTo::Version(version.clone()),
                    None => DownTo::Last(a.count),
                };
                let ran = migrator.down(&mut db, to).await.with_context(|| on(&url))?;
                match ran.len() {
                    0 => println!("nothing to revert"),
                    1 => println!("1 migration reverted"),
                    n => println!("{n} migrations reverted"),
                }
            }
            Command::Generate(_) | Command::Diff(_) | Command::Check(_) => unreachable!("handled above"),
            Command::Repair(a) => {
                ensure_direct(&url, db.client()).await?;
                let action = match (a.applied, a.rolled_back) {
                    (true, _) => Repair::Applied,
                    (_, true) => Repair::RolledBack,
                    _ => Repair::AcceptEdit,
                };
                let done = migrator.repair(&mut db, &a.migration, action).await.with_context(|| on(&url))?;
                println!("{done}");
            }
        }
        Ok(())
    })
}

fn on(url: &DatabaseUrl) -> String {
    format!("migrating {}", url.redacted())
}

/// The folder, read and split, as the runtime's migrations.
fn read_folder(dir: &Path) -> Result<Migrator> {
    read_folders(&[dir])
}

/// The migrations of several folders, together (an empty folder holds none).
pub fn read_folders(dirs: &[&Path]) -> Result<Migrator> {
    let mut found = Vec::new();
    for dir in dirs {
        if dir.is_dir() && std::fs::read_dir(dir)?.next().is_none() {
            continue;
        }
        found.extend(migrations::read_dir(dir)?);
    }
    let migrations = found.into_iter().map(|m| {
        let migration = Migration::new(m.version, m.name, script(m.up));
        match m.down {
            Some(down) => migration.with_down(script(down)),
            None => migration,
        }
    });
    Ok(Migrator::new(migrations.collect())?)
}

fn script(file: ScriptFile) -> Script {
    let statements = file
        .statements
        .into_iter()
        .map(|s| match s.concurrent_index {
            Some((index, table)) => Statement::new(s.span).builds_index_concurrently(index, table),
            None => Statement::new(s.span),
        })
        .collect();
    let script = Script::new(file.path.display().to_string(), file.sql, statements);
    if file.in_transaction {
        script
    } else {
        script.without_transaction()
    }
}

/// Refuses a transaction-mode pooler before taking the lock: two connections that
/// land on one server backend cannot be direct (the runner also checks, on its own
/// connection, that it kept the backend that holds the lock).
async fn ensure_direct(url: &DatabaseUrl, client: &tokio_postgres::Client) -> Result<()> {
    let probe = connect::connect(url).await?;
    let (ours, theirs) = (backend_pid(client).await?, backend_pid(&probe).await?);
    if ours == theirs {
        return Err(sleet::migrate::MigrateError::Pooler).with_context(|| on(url));
    }
    Ok(())
}

/// The server process behind a connection, asked with the simple protocol (a named
/// statement would not survive the pooler this looks for).
async fn backend_pid(client: &tokio_postgres::Client) -> Result<String> {
    let messages = client.simple_query("SELECT pg_backend_pid()").await?;
    messages
        .iter()
        .find_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
            _ => None,
        })
        .context("SELECT pg_backend_pid() returned no row")
}

fn print_progress(progress: Progress<'_>) {
    match progress {
        Progress::Applied(m, elapsed) => println!("applied  {} ({})", m.label(), duration(elapsed)),
        Progress::Reverted(m, elapsed) => println!("reverted {} ({})", m.label(), duration(elapsed)),
        Progress::Applying(_) | Progress::Reverting(_) => {}
    }
}

fn duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn print_status(statuses: &[sleet::migrate::Status]) {
    if statuses.is_empty() {
        println!("no migrations");
        return;
    }
    let width = statuses.iter().map(|s| s.version.len() + s.name.len() + 1).max().unwrap_or(0);
    for status in statuses {
        let label = format!("{}_{}", status.version, status.name);
        let state = match &status.state {
            State::Applied => {
                let at = status.entry.as_ref().and_then(|e| e.finished_at.clone()).unwrap_or_default();
                format!("applied  {at}")
            }
            State::Pending => "pending".to_string(),
            State::PendingOutOfOrder => "pending, older than the newest applied (run with --allow-out-of-order)".into(),
            State::Edited { recorded, current } => {
                format!("EDITED   since applied: journal {recorded}, file {current}")
            }
            State::Failed { applied_steps, statements } => {
                format!("FAILED   after {applied_steps} of {statements} statements (see `sleet migrate repair`)")
            }
            State::Missing => "MISSING  applied, but not in the folder".to_string(),
        };
        println!("{label:width$}  {state}");
    }
    let pending = statuses.iter().filter(|s| matches!(s.state, State::Pending | State::PendingOutOfOrder)).count();
    let trouble = statuses
        .iter()
        .filter(|s| matches!(s.state, State::Edited { .. } | State::Failed { .. } | State::Missing))
        .count();
    println!("{} applied, {pending} pending, {trouble} needing attention", statuses.len() - pending - trouble);
}
