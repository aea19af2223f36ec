//! Generates code for every schema in `crates/sleet-codegen/tests/corpus` (each part of
//! the Diesel fixture concatenation separately) into OUT_DIR, and a module list that
//! `src/lib.rs` includes, so `cargo build` / `cargo clippy -D warnings` check it all,
//! with validation and serde derives on.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sleet-codegen/tests/corpus");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut modules = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.sort();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "sql")) {
        let stem = file.file_stem().and_then(|s| s.to_str()).ok_or("file name")?.replace('-', "_");
        let text = std::fs::read_to_string(file)?;
        // The Diesel fixtures are 57 separate schemas in one file (each its own
        // database); Lemmy's parts are migrations applied in order, so stay whole.
        let parts: Vec<(String, String)> = if stem == "diesel_print_schema" {
            text.split("-- ==== FILE: ")
                .skip(1)
                .enumerate()
                .map(|(i, part)| {
                    (format!("{stem}_{i:02}"), part.split_once('\n').map_or("", |(_, sql)| sql).to_string())
                })
                .collect()
        } else {
            vec![(stem, text)]
        };
        for (name, sql) in parts {
            let input = out.join(format!("{name}.sql"));
            std::fs::write(&input, sql)?;
            sleet_codegen::Config::new()
                .schema(&input)
                .out_dir(&out)
                .file_name(format!("{name}.rs"))
                // Validation and serde on: every real schema's checks must compile too.
                .validate(true)
                .serde(true)
                .cargo_directives(false)
                .check(false)
                .generate()
                .map_err(|e| format!("{}: {e}", file.display()))?;
            writeln!(modules, "#[path = {:?}] pub mod {name};", out.join(format!("{name}.rs")))?;
        }
    }
    // The golden files are compiled as a user would compile them, too.
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sleet-codegen/tests/golden");
    println!("cargo:rerun-if-changed={}", golden.display());
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&golden)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    cases.sort();
    writeln!(modules, "/// The golden files of sleet-codegen.\npub mod golden {{")?;
    for case in cases.iter().filter(|c| c.join("expected.rs").exists()) {
        let name = case.file_name().and_then(|n| n.to_str()).ok_or("case name")?;
        writeln!(modules, "    #[path = {:?}] pub mod {name};", case.join("expected.rs").canonicalize()?)?;
    }
    writeln!(modules, "}}")?;
    std::fs::write(out.join("corpus.rs"), modules)?;
    Ok(())
}
