//! `sleet catalog`: the schema as sleet reads it — the Catalog every back end
//! consumes — as JSON, to see what the generator sees.

use crate::settings;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Arguments of `sleet catalog`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema: a .sql file or a directory of migrations [default: from sleet.toml, else schema.sql]
    #[arg(long, value_name = "PATH")]
    schema: Option<PathBuf>,
}

pub fn run(config: Option<&Path>, args: &Args) -> Result<()> {
    let mut config = settings::load(config)?;
    if let Some(schema) = &args.schema {
        config = config.schema(schema);
    }
    let (catalog, _) = sleet_codegen::load(&config.schema_path())?;
    println!("{}", serde_json::to_string_pretty(&catalog)?);
    Ok(())
}
