//! Where a subcommand's settings come from: `--config PATH`, else `./sleet.toml` when
//! it exists, else the defaults — then the command line's flags on top.

use anyhow::{Context, Result};
use sleet_codegen::Config;
use std::path::Path;

/// The default settings file, looked for in the current directory.
const DEFAULT_FILE: &str = "sleet.toml";

/// The generator's settings, as `build.rs` would read them.
pub fn load(config: Option<&Path>) -> Result<Config> {
    let config = match config {
        Some(path) => Config::from_file(path).with_context(|| format!("reading the settings in {}", path.display()))?,
        None if Path::new(DEFAULT_FILE).exists() => Config::from_file(DEFAULT_FILE)?,
        None => Config::new(),
    };
    // The CLI is not a build script: no `cargo:` lines, paths relative to here.
    Ok(config.cargo_directives(false))
}
