//! `sleet generate`: writes the generated file exactly as `build.rs` does, from the
//! same `sleet.toml`; flags override the file for one run.

use crate::settings;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Arguments of `sleet generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema: a .sql file or a directory of migrations [default: from sleet.toml, else schema.sql]
    #[arg(long, value_name = "PATH")]
    schema: Option<PathBuf>,
    /// Generate from this live database instead of the schema file (prefer `sleet pull` and a committed schema.sql)
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Where the generated file goes [default: from sleet.toml, else generated]
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Fail, writing nothing, when the file on disk differs from what the schema generates
    #[arg(long)]
    check: bool,
    /// Also list the statements skipped on purpose, and notes on the generated code
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(config: Option<&Path>, args: &Args) -> Result<()> {
    let mut config = settings::load(config)?.check(args.check);
    if let Some(schema) = &args.schema {
        config = config.schema(schema);
    }
    if let Some(url) = &args.database_url {
        config = config.database_url(url);
    }
    if let Some(out_dir) = &args.out_dir {
        config = config.out_dir(out_dir);
    }
    let generated = config.generate()?;
    let what = match (args.check, generated.written) {
        (true, _) => "is up to date",
        (false, true) => "written",
        (false, false) => "unchanged",
    };
    println!("{} {what}", generated.path.display());
    if args.verbose {
        for skipped in &generated.report.skipped {
            println!("skipped {} at {}", skipped.kind, skipped.location);
        }
        for note in &generated.report.notes {
            println!("note: {note}");
        }
    }
    Ok(())
}
