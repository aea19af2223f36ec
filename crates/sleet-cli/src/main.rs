//! The `sleet` command: generate code from a schema, and (as the kit grows) pull,
//! migrate, push and studio. Each subcommand is a module with its arguments and its
//! `run`; they only delegate to the library crates.
//!
//! Exit codes: 0 success; 1 the command failed (bad schema or config, a stale file in
//! `--check` mode, I/O); 2 usage (unknown subcommand or flag, a missing value).

mod catalog;
mod generate;
mod live;
mod migrate;
mod pull;
mod push;
mod schema_diff;
mod settings;
mod sources;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Drizzle's workflow for Rust, SQL-first: typed Rust from schema.sql, with no database
/// at build time.
#[derive(Debug, Parser)]
#[command(name = "sleet", version, propagate_version = true, after_help = AFTER_HELP)]
struct Cli {
    /// The settings file shared with build.rs [default: sleet.toml, when it exists]
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

const AFTER_HELP: &str = "\
Settings live in sleet.toml, which build.rs reads too (sleet_codegen::Config::from_file).
Commands that connect take the URL from --database-url, else DATABASE_URL (environment or
.env), with TLS as its sslmode asks; passwords never appear in messages.

Exit codes: 0 success; 1 the command failed; 2 usage error.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate Rust from the schema: the same file build.rs writes
    Generate(generate::Args),
    /// Write a schema.sql that describes a live database
    Pull(pull::Args),
    /// Print the schema as sleet reads it (the Catalog), as JSON
    Catalog(catalog::Args),
    /// Generate, check, apply, list, revert and repair migrations
    Migrate(migrate::Args),
    /// Make a development database match the schema file directly, in one transaction
    Push(push::Args),
}

fn main() -> ExitCode {
    // clap prints usage errors and exits with 2, help and version with 0.
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(args) => generate::run(cli.config.as_deref(), args),
        Command::Pull(args) => pull::run(cli.config.as_deref(), args),
        Command::Catalog(args) => catalog::run(cli.config.as_deref(), args),
        Command::Migrate(args) => migrate::run(cli.config.as_deref(), args),
        Command::Push(args) => push::run(cli.config.as_deref(), args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
