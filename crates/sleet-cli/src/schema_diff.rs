//! `sleet migrate generate | diff | check`: migrations computed from the schema. The
//! old state is the migrations folder replayed through the SQL front end (no snapshot
//! files), the new one `schema.sql`; the plan is `sleet_migrate::diff`'s. Generated
//! files are written to a scratch folder first and moved into place only when whole
//! (and, with `--dev-url`, verified up, down and up again on a scratch database).

use crate::settings;
use crate::sources::{self, Source};
use anyhow::{bail, Context, Result};
use sleet_catalog::Catalog;
use sleet_codegen::migrations;
use sleet_introspect::connect::{self, DatabaseUrl};
use sleet_migrate::diff::{self, HazardKind, Options, Plan, Rename};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `sleet migrate generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// What the migration does, in a few words: letters, digits and underscores (add_bio)
    #[arg(long)]
    name: String,
    /// The migrations folder [default: [migrations] dir in sleet.toml, else migrations]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// A scratch PostgreSQL server to verify on: the folder, then up, down and up again, in a database created there and dropped after
    #[arg(long, value_name = "URL")]
    dev_url: Option<String>,
    /// Build new indexes on existing tables inside the migration's transaction, instead of CONCURRENTLY in a second migration
    #[arg(long)]
    no_concurrently: bool,
    /// Where a dropped and a created object could be one renamed: they are not (plan the drop and the create)
    #[arg(long)]
    not_renamed: bool,
    /// A hints file of renames, one per line: `column public.users.name -> full_name` (beside `-- @renamed` in the schema)
    #[arg(long, value_name = "FILE")]
    renames: Option<PathBuf>,
    /// How long a statement that locks a table in use waits for its lock before the migration fails and rolls back (0: no limit)
    #[arg(long, value_name = "DURATION", default_value = "5s")]
    lock_timeout: String,
}

/// Arguments of `sleet migrate diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old state: a .sql file, a migrations folder or a database URL [default: the migrations folder]
    #[arg(long, value_name = "SOURCE")]
    from: Option<String>,
    /// The new state: a .sql file, a migrations folder or a database URL [default: the schema file]
    #[arg(long, value_name = "SOURCE")]
    to: Option<String>,
    /// Print the down migration (new state back to old) instead of the up one
    #[arg(long)]
    down: bool,
    /// Where a dropped and a created object could be one renamed: they are not
    #[arg(long)]
    not_renamed: bool,
    /// A hints file of renames, one per line: `column public.users.name -> full_name` (beside `-- @renamed` in the schema)
    #[arg(long, value_name = "FILE")]
    renames: Option<PathBuf>,
}

/// Arguments of `sleet migrate check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The migrations folder [default: [migrations] dir in sleet.toml, else migrations]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The line that records which migration a generated one was computed after.
const AFTER: &str = "-- sleet:after ";

/// Both directions between two states.
struct Planned {
    up: Plan,
    down: Plan,
}

fn plan_both(from: &Catalog, to: &Catalog, renames: &[Rename], concurrently: bool) -> Result<Planned> {
    let up = diff::plan(from, to, &Options { renames: renames.to_vec(), concurrently })?;
    let down = diff::plan(to, from, &Options { renames: Rename::inverses(&up.renamed), concurrently })?;
    Ok(Planned { up, down })
}

/// Stops when a drop and a create could be a rename that nothing declares.
fn refuse_undeclared_renames(from: &Catalog, to: &Catalog, renames: &[Rename], not_renamed: bool) -> Result<()> {
    let candidates = diff::undeclared_renames(from, to, renames)?;
    if candidates.is_empty() || not_renamed {
        return Ok(());
    }
    let mut message = String::from("these could be renames, and nothing says whether they are:\n");
    for c in &candidates {
        let _ = writeln!(message, "  {c}");
    }
    message.push_str("declare each rename in the schema file as shown, or pass --not-renamed to drop and create");
    bail!(message)
}

pub fn generate(config: Option<&Path>, args: &GenerateArgs) -> Result<()> {
    let settings = settings::load(config)?;
    if args.name.is_empty() || !args.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        bail!("--name {:?}: use letters, digits and underscores (add_bio)", args.name);
    }
    let timeout = &args.lock_timeout;
    if timeout != "0"
        && !timeout.trim_end_matches(|c: char| c.is_ascii_alphabetic()).chars().all(|c| c.is_ascii_digit())
    {
        bail!("--lock-timeout {timeout:?}: a duration as PostgreSQL takes it (5s, 500ms, 1min), or 0");
    }
    let dir = args.dir.clone().unwrap_or_else(|| settings.migrations_path());
    let schema = settings.schema_path();
    let old = sources::replay(&dir)?;
    let new = sources::read(&Source::File(schema.clone()), &settings)?.with_hints(args.renames.as_deref())?;
    if dir.is_dir() && std::fs::read_dir(&dir)?.next().is_some() {
        check_lineage(&migrations::read_dir(&dir)?)?;
    }
    new.note_left_alone();
    refuse_undeclared_renames(&old, &new.catalog, &new.renames, args.not_renamed)?;
    let parts = stages(&old, &new.catalog, &new.renames, &args.name, !args.no_concurrently)?;
    if parts.is_empty() {
        println!("nothing to generate: {} and {} agree", schema.display(), dir.display());
        return Ok(());
    }
    let mut after = latest(&dir)?;
    // After every version in the folder, even one generated this very second.
    let newest = after.as_ref().and_then(|(v, _)| v.parse::<u64>().ok()).unwrap_or(0);
    let stamp = timestamp().max(newest + 1);
    let mut written = Vec::new();
    for (i, (name, planned)) in parts.iter().enumerate() {
        let version = format!("{}", stamp + i as u64);
        let up = up_file(&args.name, &schema, after.as_ref(), &planned.up, &args.lock_timeout);
        let down = down_file(&planned.up, &planned.down);
        after = Some((version.clone(), sleet::migrate::Checksum::of(&up).to_hex()));
        written.push((format!("{version}_{name}"), up, down));
    }
    let staged = stage(&dir, &written)?;
    if let Some(url) = &args.dev_url {
        let url = DatabaseUrl::given(url, "--dev-url");
        let verified = verify(&url, &dir, &staged, written.len(), &new.catalog);
        if let Err(e) = verified {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e.context(format!("verifying on {} (nothing was written)", url.redacted())));
        }
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (folder, _, _) in &written {
        let target = dir.join(folder);
        std::fs::rename(staged.join(folder), &target).with_context(|| format!("writing {}", target.display()))?;
        println!("wrote {}/up.sql and down.sql", target.display());
    }
    let _ = std::fs::remove_dir_all(&staged);
    for (_, planned) in &parts {
        for step in planned.up.steps.iter().filter(|s| !s.hazards.is_empty()) {
            for hazard in &step.hazards {
                eprintln!("note: {}: {}", hazard.kind.name(), hazard.message);
            }
        }
    }
    Ok(())
}

/// The migrations one change becomes, each with its name: labels added to an enum and
/// used by a later statement first (a label cannot be used in the transaction that
/// adds it), then the change, then the indexes on tables that hold data, built
/// concurrently outside a transaction. Empty plans are left out.
fn stages(
    old: &Catalog,
    new: &Catalog,
    renames: &[Rename],
    name: &str,
    concurrently: bool,
) -> Result<Vec<(String, Planned)>> {
    let mut parts = Vec::new();
    let whole = diff::plan(old, new, &Options { renames: renames.to_vec(), concurrently: false })?;
    let mut base = old.clone();
    if let Some(labels) = diff::before_label_uses(old, new, &whole) {
        parts.push((format!("{name}_labels"), plan_both(&base, &labels, &[], false)?));
        base = labels;
    }
    match concurrently.then(|| diff::before_concurrent_indexes(&base, new)).flatten() {
        Some(between) => {
            parts.push((name.to_string(), plan_both(&base, &between, renames, false)?));
            parts.push((format!("{name}_indexes"), plan_both(&between, new, &[], true)?));
        }
        None => parts.push((name.to_string(), plan_both(&base, new, renames, false)?)),
    }
    parts.retain(|(_, p)| !p.up.is_empty());
    Ok(parts)
}

/// Seconds since 1970 as `YYYYMMDDHHMMSS` in UTC, the version of a new migration.
fn timestamp() -> u64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let text = format!("{year:04}{month:02}{day:02}{:02}{:02}{:02}", rest / 3600, rest % 3600 / 60, rest % 60);
    text.parse().unwrap_or(0)
}

/// The newest migration of the folder and its up script's checksum.
fn latest(dir: &Path) -> Result<Option<(String, String)>> {
    if !dir.is_dir() || std::fs::read_dir(dir)?.next().is_none() {
        return Ok(None);
    }
    let found = migrations::read_dir(dir)?;
    Ok(found.last().map(|m| (m.version.clone(), sleet::migrate::Checksum::of(&m.up.sql).to_hex())))
}

fn up_file(name: &str, schema: &Path, after: Option<&(String, String)>, up: &Plan, lock_timeout: &str) -> String {
    let mut out = String::new();
    if up.outside_transaction() {
        out.push_str("-- sleet:no-transaction\n");
        out.push_str("-- (CREATE INDEX CONCURRENTLY cannot run in a transaction; each statement runs on its own)\n");
    }
    let _ = writeln!(out, "-- Generated by `sleet migrate generate --name {name}` from {}.", schema.display());
    match after {
        Some((version, checksum)) => {
            let _ = writeln!(out, "{AFTER}{version} {}", &checksum[..16]);
        }
        None => {
            let _ = writeln!(out, "{AFTER}none");
        }
    }
    out.push('\n');
    let locks = up.steps.iter().flat_map(|s| &s.hazards).any(|h| h.kind == HazardKind::Locks);
    if locks && !up.outside_transaction() && lock_timeout != "0" {
        out.push_str("-- A statement that locks a table in use waits this long for its lock, then fails and the\n");
        out.push_str("-- migration rolls back, instead of holding every other query to the table in a queue.\n");
        let _ = writeln!(out, "SET LOCAL lock_timeout = '{}';\n", lock_timeout.replace('\'', ""));
    }
    out.push_str(&up.to_sql());
    out
}

fn down_file(up: &Plan, down: &Plan) -> String {
    let mut out = String::new();
    if down.outside_transaction() {
        out.push_str("-- sleet:no-transaction\n");
    }
    let lost: Vec<&str> = up
        .steps
        .iter()
        .flat_map(|s| &s.hazards)
        .filter(|h| h.kind == HazardKind::DataLoss)
        .map(|h| h.message.as_str())
        .collect();
    if lost.is_empty() {
        out.push_str("-- Reverts the migration: up.sql deleted no data, and the structure comes back as it was.\n");
    } else {
        out.push_str("-- Reverts the structure. It cannot give back what up.sql deleted:\n");
        for what in lost {
            let _ = writeln!(out, "--   {what}");
        }
        out.push_str("-- (those come back empty or with their defaults)\n");
    }
    out.push('\n');
    out.push_str(&down.to_sql());
    out
}

/// Writes the new migrations under a scratch folder beside `dir`'s parent.
fn stage(dir: &Path, written: &[(String, String, String)]) -> Result<PathBuf> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staged = parent.join(format!(".sleet-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staged);
    for (folder, up, down) in written {
        let at = staged.join(folder);
        std::fs::create_dir_all(&at).with_context(|| format!("creating {}", at.display()))?;
        std::fs::write(at.join("up.sql"), up)?;
        std::fs::write(at.join("down.sql"), down)?;
    }
    Ok(staged)
}

/// Up, down and up again on a database created on the dev server: the folder as it is,
/// then the new migrations; the result must be `desired`, and down must give back what
/// the folder built.
fn verify(url: &DatabaseUrl, dir: &Path, staged: &Path, new: usize, desired: &Catalog) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let admin = connect::connect(url).await?;
        let scratch = format!("sleet_verify_{}_{}", std::process::id(), timestamp());
        admin.batch_execute(&format!("CREATE DATABASE {scratch}")).await.context("creating a scratch database")?;
        let result = verify_on(url, &scratch, dir, staged, new, desired).await;
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")).await;
        result
    })
}

async fn verify_on(
    url: &DatabaseUrl,
    scratch: &str,
    dir: &Path,
    staged: &Path,
    new: usize,
    desired: &Catalog,
) -> Result<()> {
    let scratch_url = url.with_database(scratch);
    let client = connect::connect(&scratch_url).await?;
    let mut db = sleet::Db::new(client);
    let all = crate::migrate::read_folders(&[dir, staged])?;
    let options = sleet_introspect::Options {
        schemas: None,
        views: Some(sleet_codegen::infer_view),
        leave_out: vec![sleet_catalog::QualifiedName::new("public", "_sleet_migrations")],
    };
    let before_new = crate::migrate::read_folders(&[dir])?;
    before_new.run(&mut db).await.context("applying the folder as it is")?;
    let old_state = read_schema(db.client(), &options).await?;
    all.run(&mut db).await.context("applying the new migration")?;
    let new_state = read_schema(db.client(), &options).await?;
    let mut wanted = desired.clone();
    sleet_migrate::live::in_server_form(db.client(), &mut wanted, &new_state).await?;
    let left = diff::diff(&new_state, &wanted, &[])?;
    if !left.is_empty() {
        bail!("after the new migration, the database still differs from the schema:\n{}", left.to_sql());
    }
    all.down(&mut db, sleet::migrate::DownTo::Last(new)).await.context("reverting the new migration")?;
    let reverted = read_schema(db.client(), &options).await?;
    let back = diff::diff(&reverted, &old_state, &[])?;
    if !back.is_empty() {
        bail!("down.sql does not give back the state before the migration:\n{}", back.to_sql());
    }
    all.run(&mut db).await.context("applying the new migration again after down")?;
    println!("verified on a scratch database: up, down and up again");
    Ok(())
}

async fn read_schema(client: &tokio_postgres::Client, options: &sleet_introspect::Options) -> Result<Catalog> {
    Ok(sleet_introspect::introspect(client, options).await?.catalog)
}

pub fn diff_command(config: Option<&Path>, args: &DiffArgs) -> Result<()> {
    let settings = settings::load(config)?;
    let from = args.from.as_deref().map_or_else(|| Source::Folder(settings.migrations_path()), Source::parse);
    let to = args.to.as_deref().map_or_else(|| Source::File(settings.schema_path()), Source::parse);
    let mut old = sources::read(&from, &settings)?;
    let mut new = sources::read(&to, &settings)?.with_hints(args.renames.as_deref())?;
    old.note_left_alone();
    new.note_left_alone();
    // A schema file against a database is compared in the server's words.
    match (&from, &to) {
        (Source::Database(_), Source::Database(_)) => {}
        (Source::Database(url), _) => sources::in_server_form(url, &mut new.catalog, &old.catalog)?,
        (_, Source::Database(url)) => sources::in_server_form(url, &mut old.catalog, &new.catalog)?,
        _ => {}
    }
    refuse_undeclared_renames(&old.catalog, &new.catalog, &new.renames, args.not_renamed)?;
    let planned = plan_both(&old.catalog, &new.catalog, &new.renames, false)?;
    let plan = if args.down { &planned.down } else { &planned.up };
    if plan.is_empty() {
        eprintln!("no differences between {} and {}", from.describe(), to.describe());
    } else {
        print!("{}", plan.to_sql());
    }
    Ok(())
}

pub fn check(config: Option<&Path>, args: &CheckArgs) -> Result<()> {
    let settings = settings::load(config)?;
    let dir = args.dir.clone().unwrap_or_else(|| settings.migrations_path());
    let schema = settings.schema_path();
    let found = if dir.is_dir() && std::fs::read_dir(&dir)?.next().is_some() {
        migrations::read_dir(&dir)?
    } else {
        Vec::new()
    };
    check_lineage(&found)?;
    let old = sources::replay(&dir)?;
    let new = sources::read(&Source::File(schema.clone()), &settings)?;
    let plan = diff::diff(&old, &new.catalog, &new.renames)?;
    if !plan.is_empty() {
        println!("-- the migration {} is missing:\n{}", dir.display(), plan.to_sql());
        bail!(
            "{} and the migrations in {} disagree: run `sleet migrate generate --name <what_changed>`",
            schema.display(),
            dir.display()
        );
    }
    println!("{} and the {} migrations in {} agree", schema.display(), found.len(), dir.display());
    Ok(())
}

/// Each generated migration names the one it was computed after. Two that name the
/// same one were made on parallel branches: they must commute (apply in either order to
/// the same schema), or the later one must be generated again. One that names a
/// migration that is gone, or whose up.sql changed since, is an edited folder.
fn check_lineage(found: &[migrations::MigrationFiles]) -> Result<()> {
    let mut children: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, m) in found.iter().enumerate() {
        let Some(line) = m.up.sql.lines().find(|l| l.starts_with(AFTER)) else { continue };
        let mut words = line[AFTER.len()..].split_whitespace();
        let parent = words.next().unwrap_or("none").to_string();
        if parent != "none" {
            let Some(p) = found.iter().find(|p| p.version == parent) else {
                bail!(
                    "{} was generated after migration {parent}, which is no longer in the folder: restore it, or delete {} and generate it again",
                    m.up.path.display(),
                    m.up.path.display()
                );
            };
            let recorded = words.next().unwrap_or("");
            let now = sleet::migrate::Checksum::of(&p.up.sql).to_hex();
            if !recorded.is_empty() && !now.starts_with(recorded) {
                bail!(
                    "{} was edited after {} was generated from it (checksum {recorded}…, now {}…): generate the later migration again, or restore the edit",
                    p.up.path.display(),
                    m.up.path.display(),
                    &now[..16]
                );
            }
        }
        children.entry(parent).or_default().push(i);
    }
    for (parent, siblings) in children.iter().filter(|(_, s)| s.len() > 1) {
        for pair in siblings.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let upto = |last: usize, extra: &[usize]| {
                let base = found.iter().enumerate().filter(|(j, _)| *j <= last && !extra.contains(j)).map(|(_, m)| m);
                let tail = extra.iter().map(|&j| &found[j]);
                let scripts: Vec<(&Path, &str)> =
                    base.chain(tail).map(|m| (m.up.path.as_path(), m.up.sql.as_str())).collect();
                sleet_codegen::load_sources(scripts).map(|(c, _)| c)
            };
            let first = found.iter().position(|m| &m.version == parent).unwrap_or(0);
            let ab = upto(first, &[a, b]);
            let ba = upto(first, &[b, a]);
            let commute = match (&ab, &ba) {
                (Ok(x), Ok(y)) => diff::diff(x, y, &[]).map(|p| p.is_empty()).unwrap_or(false),
                _ => false,
            };
            if !commute {
                bail!(
                    "{} and {} were both generated after migration {parent} (on parallel branches) and do not commute: \
                     delete the newer one and run `sleet migrate generate` again",
                    found[a].up.path.display(),
                    found[b].up.path.display()
                );
            }
        }
    }
    Ok(())
}
