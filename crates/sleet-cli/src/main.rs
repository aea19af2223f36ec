//! The `sleet` command. It only delegates to `sleet-codegen`.
//!
//! ```text
//! sleet generate [--schema schema.sql] [--out-dir generated] [--check] [--verbose]
//! sleet catalog  [--schema schema.sql]        print the parsed Catalog as JSON
//! ```
//!
//! Exit codes: 0 success, 1 the command failed (bad schema, stale file, I/O), 2 usage.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: sleet generate [--schema PATH] [--out-dir DIR] [--check] [--verbose]\n       sleet catalog [--schema PATH]";

struct Args {
    command: String,
    schema: PathBuf,
    out_dir: PathBuf,
    check: bool,
    verbose: bool,
}

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let mut parsed =
        Args { command, schema: "schema.sql".into(), out_dir: "generated".into(), check: false, verbose: false };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--schema" => parsed.schema = args.next().context("--schema needs a path")?.into(),
            "--out-dir" => parsed.out_dir = args.next().context("--out-dir needs a directory")?.into(),
            "--check" => parsed.check = true,
            "--verbose" | "-v" => parsed.verbose = true,
            other => bail!("unknown argument `{other}`"),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) if a.command == "generate" || a.command == "catalog" => a,
        Ok(a) => {
            eprintln!("unknown command `{}`\n{USAGE}", a.command);
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<()> {
    if args.command == "catalog" {
        let (catalog, _) = sleet_codegen::frontend::sql::load(&args.schema)?;
        println!("{}", serde_json::to_string_pretty(&catalog)?);
        return Ok(());
    }
    let config = sleet_codegen::Config::new()
        .schema(&args.schema)
        .out_dir(&args.out_dir)
        .check(args.check)
        .cargo_directives(false)
        .regenerate_command(format!(
            "sleet generate --schema {} --out-dir {}",
            args.schema.display(),
            args.out_dir.display()
        ));
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
