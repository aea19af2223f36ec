//! The schemas the tests load into real databases — every golden case and every
//! corpus file (the Diesel fixtures split into their 57 databases) — and loading one
//! with `psql`, as a user would.

use std::path::{Path, PathBuf};
use std::process::Command;

fn codegen_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sleet-codegen/tests")
}

/// Every golden case's `schema.sql`, by case name.
pub fn golden_cases() -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(codegen_tests().join("golden"))
        .expect("the golden cases")
        .filter_map(|e| {
            let dir = e.ok()?.path();
            let file = dir.join("schema.sql");
            file.exists().then(|| (dir.file_name().unwrap_or_default().to_string_lossy().into_owned(), file))
        })
        .collect();
    cases.sort();
    cases
}

/// Why a corpus file does not load on this machine's PostgreSQL 15: its name, the
/// reason a report gives, and a piece of psql's error that must be the cause.
pub const CORPUS_NOT_LOADABLE: &[(&str, &str, &str)] = &[
    (
        "lemmy-migrations.sql",
        "needs PostgreSQL 16 (a subquery in FROM without an alias)",
        "subquery in FROM must have an alias",
    ),
    ("pagila-schema.sql", "needs PostgreSQL 18 (uuidv7())", "function uuidv7() does not exist"),
    ("postgrest-big-schema.sql", "includes a file the corpus does not have (\\i orioledb.sql)", "orioledb.sql"),
    (
        "postgrest-spec-schema.sql",
        "needs an extension this server lacks (postgis)",
        "extension \"postgis\" is not available",
    ),
    (
        "supabase-schema.sql",
        "needs an extension this server lacks (pgsodium)",
        "extension \"pgsodium\" is not available",
    ),
];

/// Every corpus schema, by name; the Diesel fixtures (57 schemas, each its own
/// database) as one file each, written below `scratch`.
pub fn corpus(scratch: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(codegen_tests().join("corpus"))
        .expect("the corpus")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    std::fs::create_dir_all(scratch).expect("a scratch directory");
    let mut out = Vec::new();
    for file in files {
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name == "diesel-print-schema.sql" {
            let text = std::fs::read_to_string(&file).expect("the Diesel fixtures");
            for (i, part) in text.split("-- ==== FILE: ").skip(1).enumerate() {
                let path = scratch.join(format!("diesel_{i:02}.sql"));
                std::fs::write(&path, part.split_once('\n').map_or("", |(_, sql)| sql)).expect("write a part");
                out.push((format!("diesel-print-schema #{i:02}"), path));
            }
        } else {
            out.push((name, file));
        }
    }
    out
}

/// The PostgreSQL client, on PATH or where Debian installs it.
pub fn psql() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let debian = std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().flatten().map(|d| d.path().join("bin"));
    on_path.chain(debian).map(|d| d.join("psql")).find(|p| p.is_file())
}

/// The text psql loads: the file as it is, but for where it goes. `CREATE DATABASE`,
/// `DROP DATABASE` and `\c` lines are left out, so that everything lands in the
/// database given (the SQL front end skips them too); and whether the file creates
/// `public` (then the database must not have one).
fn loadable(text: &str) -> (String, bool) {
    let mut creates_public = false;
    let kept: Vec<&str> = text
        .lines()
        .map(|line| {
            let lower = line.trim_start().to_ascii_lowercase();
            creates_public |= lower.starts_with("create schema public;");
            let elsewhere = lower.starts_with("\\c ")
                || lower.starts_with("\\connect ")
                || lower.starts_with("create database ")
                || lower.starts_with("drop database ");
            if elsewhere {
                ""
            } else {
                line
            }
        })
        .collect();
    (kept.join("\n"), creates_public)
}

/// Loads `file` into the database at `url` with `psql -v ON_ERROR_STOP=1`; on failure,
/// psql's first error line.
pub async fn load_with_psql(url: &str, file: &Path) -> Result<(), String> {
    let psql = psql().ok_or("psql (the PostgreSQL client) is not installed: apt-get install postgresql-client")?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let (text, creates_public) = loadable(&text);
    if creates_public {
        let client = crate::connect(url).await.map_err(|e| e.to_string())?;
        client.batch_execute("DROP SCHEMA public").await.map_err(|e| e.to_string())?;
    }
    let unique = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let load = std::env::temp_dir().join(format!("sleet-load-{}-{unique}.sql", std::process::id()));
    std::fs::write(&load, text).map_err(|e| e.to_string())?;
    let output = Command::new(psql)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f"])
        .arg(&load)
        .current_dir(file.parent().unwrap_or(Path::new(".")))
        .output();
    let _ = std::fs::remove_file(&load);
    let output = output.map_err(|e| format!("psql: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(stderr.lines().find(|l| l.contains("ERROR")).unwrap_or(&stderr).trim().to_string())
}
