//! `sleet pull`: writes a `schema.sql` that describes a live database — deterministic,
//! in an order that loads into an empty database in one `psql -f`, and read by
//! `build.rs` like any hand-written `schema.sql`.

use crate::{live, settings};
use anyhow::{bail, Context, Result};
use sleet_introspect::connect;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Arguments of `sleet pull`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database [default: DATABASE_URL, from the environment or a .env file]
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Only these schemas, comma-separated [default: every user schema]
    #[arg(long, value_name = "SCHEMAS", value_delimiter = ',')]
    schema_filter: Vec<String>,
    /// Where to write [default: the schema sleet.toml names, else schema.sql]
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// The lines at the top of a pulled file: what it is, nothing that changes between
/// pulls of the same database.
const HEADER: &[&str] = &[
    "The schema of a PostgreSQL database, written by `sleet pull`.",
    "sleet reads it like any schema.sql; pull again to refresh it, or edit it from now on.",
];

pub fn run(config: Option<&Path>, args: &Args) -> Result<()> {
    let settings = settings::load(config)?;
    let out = args.out.clone().unwrap_or_else(|| settings.schema_path());
    if out.is_dir() {
        bail!("{} is a directory (of migrations?); pass --out with the file to write", out.display());
    }
    let url = connect::database_url(args.database_url.as_deref())?;
    let started = std::time::Instant::now();
    let pulled = live::read(&url, (!args.schema_filter.is_empty()).then(|| args.schema_filter.clone()), &settings)?;
    let header = sleet_migrate::print::Header { lines: HEADER.iter().map(|l| (*l).to_string()).collect() };
    let sql = sleet_migrate::print::schema_sql(&pulled.catalog, &header);
    write_atomically(&out, sql.as_bytes())?;
    for note in &pulled.notes {
        eprintln!("note: {note}");
    }
    if std::io::stderr().is_terminal() {
        let catalog = &pulled.catalog;
        let views = catalog.views().count();
        eprintln!(
            "pulled {} schemas, {} tables, {views} views from {} in {:.2} s into {}",
            catalog.schemas.len(),
            catalog.tables().count(),
            url.redacted(),
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    Ok(())
}

/// Through a temporary file and a rename: a failed pull leaves the old file whole.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("sql.sleet-tmp");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| {
        let _ = std::fs::remove_file(&tmp);
        format!("writing {}", path.display())
    })
}
