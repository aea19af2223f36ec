//! `sleet catalog`: the schema as sleet reads it — the Catalog every back end
//! consumes — as JSON, from a schema file or a live database, to see what the
//! generator (or `pull`) sees.

use crate::{live, settings};
use anyhow::Result;
use sleet_introspect::connect;
use std::path::{Path, PathBuf};

/// Arguments of `sleet catalog`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema: a .sql file or a directory of migrations [default: from sleet.toml, else schema.sql]
    #[arg(long, value_name = "PATH", conflicts_with = "database_url")]
    schema: Option<PathBuf>,
    /// Read a live database instead (its password is never shown)
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
}

pub fn run(config: Option<&Path>, args: &Args) -> Result<()> {
    let mut settings = settings::load(config)?;
    let catalog = match &args.database_url {
        Some(url) => {
            let read = live::read(&connect::DatabaseUrl::given(url, "--database-url"), None, &settings)?;
            for note in &read.notes {
                eprintln!("note: {note}");
            }
            read.catalog
        }
        None => {
            if let Some(schema) = &args.schema {
                settings = settings.schema(schema);
            }
            sleet_codegen::load(&settings.schema_path())?.0
        }
    };
    println!("{}", serde_json::to_string_pretty(&catalog)?);
    Ok(())
}
