//! The equality that proves the live front end: for each schema, load it into a fresh
//! database with `psql`, introspect, and compare with what the SQL front end reads from
//! the same file — the whole Catalog, object by object. Differences that are deliberate
//! (text the server rewrites, what only the server knows) are normalised in
//! `normalise.rs`, and nowhere else.

mod diff;
mod normalise;

use sleet_catalog::Catalog;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What happened to one schema file.
#[derive(Debug)]
enum Outcome {
    Equal,
    Different(Vec<String>),
    DoesNotLoad(String),
}

fn psql() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let debian = std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().flatten().map(|d| d.path().join("bin"));
    on_path.chain(debian).map(|d| d.join("psql")).find(|p| p.is_file())
}

/// The text psql loads: the file as it is, but for where it goes. `CREATE DATABASE`,
/// `DROP DATABASE` and `\c` lines are left out, so that everything lands in the fresh
/// database (the SQL front end skips them too); and a file that creates `public` gets
/// a database without one.
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

/// Loads `file` into a fresh database, introspects it and compares.
async fn check(file: &Path) -> Outcome {
    let database = sleet_test_support::FreshDatabase::create("sleet_live", "").await.unwrap_or_else(|e| panic!("{e}"));
    let psql = psql().expect("psql (the PostgreSQL client) is on PATH");
    let (text, creates_public) = loadable(&std::fs::read_to_string(file).unwrap());
    if creates_public {
        let client = database.connect().await.expect("connect");
        client.batch_execute("DROP SCHEMA public").await.expect("drop public");
    }
    let load = std::env::temp_dir().join(format!("sleet-live-{}-{}", std::process::id(), database.name));
    std::fs::write(&load, text).unwrap();
    let loaded = Command::new(psql)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &database.url, "-f"])
        .arg(&load)
        .current_dir(file.parent().unwrap())
        .output()
        .expect("psql runs");
    let _ = std::fs::remove_file(&load);
    let outcome = if !loaded.status.success() {
        let stderr = String::from_utf8_lossy(&loaded.stderr);
        Outcome::DoesNotLoad(stderr.lines().find(|l| l.contains("ERROR")).unwrap_or(&stderr).trim().to_string())
    } else {
        let client = database.connect().await.expect("connect");
        let live = sleet_introspect::introspect(&client, &Default::default()).await.expect("introspect");
        let (sql, _) = sleet_codegen::load(file).expect("the SQL front end reads the file");
        let (mut sql, mut live) = (normalise::catalog(sql), normalise::catalog(live.catalog));
        normalise::constants(&mut sql, &mut live, &client).await;
        compare(&sql, &live)
    };
    database.drop_now().await;
    outcome
}

fn compare(sql: &Catalog, live: &Catalog) -> Outcome {
    let differences = diff::catalogs(sql, live);
    if differences.is_empty() {
        Outcome::Equal
    } else {
        Outcome::Different(differences)
    }
}

fn golden_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sleet-codegen/tests/golden");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path().join("schema.sql")).filter(|p| p.exists()).collect();
    cases.sort();
    cases
}

#[tokio::test]
async fn golden_schemas_read_the_same_live() {
    let mut report = Vec::new();
    for file in golden_cases() {
        let case = file.parent().unwrap().file_name().unwrap().to_string_lossy().to_string();
        let outcome = check(&file).await;
        report.push((case, outcome));
    }
    let mut failed = false;
    for (case, outcome) in &report {
        match outcome {
            Outcome::Equal => eprintln!("{case}: equal"),
            Outcome::DoesNotLoad(why) => eprintln!("{case}: does not load: {why}"),
            Outcome::Different(diffs) => {
                failed = true;
                eprintln!("{case}: {} differences", diffs.len());
                for d in diffs.iter().take(40) {
                    eprintln!("    {d}");
                }
            }
        }
    }
    assert!(!failed, "the live front end reads some golden schemas differently");
}

/// The corpus, each file (or, for the Diesel fixtures, each of its 57 schemas, which
/// are separate databases) with what must happen to it on this server.
fn corpus() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sleet-codegen/tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let parts = std::env::temp_dir().join(format!("sleet-live-parts-{}", std::process::id()));
    std::fs::create_dir_all(&parts).unwrap();
    let mut out = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if name == "diesel-print-schema.sql" {
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, part) in text.split("-- ==== FILE: ").skip(1).enumerate() {
                let path = parts.join(format!("diesel_{i:02}.sql"));
                std::fs::write(&path, part.split_once('\n').map_or("", |(_, sql)| sql)).unwrap();
                out.push((format!("diesel-print-schema #{i:02}"), path));
            }
        } else {
            out.push((name, file));
        }
    }
    out
}

/// Why a corpus file cannot be loaded on this server: the reason the report gives, and
/// a piece of psql's error that must be the cause.
const DOES_NOT_LOAD: &[(&str, &str, &str)] = &[
    (
        "lemmy-migrations.sql",
        "needs PostgreSQL 16 (a subquery in FROM without an alias)",
        "subquery in FROM must have an alias",
    ),
    ("pagila-schema.sql", "needs PostgreSQL 18 (uuidv7())", "function uuidv7() does not exist"),
    (
        "postgrest-spec-schema.sql",
        "needs extensions this server lacks (postgis)",
        "extension \"postgis\" is not available",
    ),
    ("postgrest-big-schema.sql", "includes a file the corpus does not have (\\i orioledb.sql)", "orioledb.sql"),
    ("supabase-schema.sql", "needs extensions this server lacks (pgsodium)", "extension \"pgsodium\" is not available"),
];

#[tokio::test]
async fn corpus_schemas_read_the_same_live() {
    let mut failures = Vec::new();
    let (mut equal, mut skipped) = (0, 0);
    for (name, file) in corpus() {
        let expected = DOES_NOT_LOAD.iter().find(|(n, ..)| *n == name);
        match (check(&file).await, expected) {
            (Outcome::Equal, None) => {
                equal += 1;
                eprintln!("{name}: equal");
            }
            (Outcome::DoesNotLoad(why), Some((_, reason, cause))) if why.contains(cause) => {
                skipped += 1;
                eprintln!("{name}: skipped, {reason}");
            }
            (Outcome::DoesNotLoad(why), _) => failures.push(format!("{name}: does not load: {why}")),
            (Outcome::Different(diffs), _) => {
                let shown: Vec<&String> = diffs.iter().take(40).collect();
                failures.push(format!(
                    "{name}: {} differences\n    {}",
                    diffs.len(),
                    shown.iter().map(|d| d.as_str()).collect::<Vec<_>>().join("\n    ")
                ));
            }
            (Outcome::Equal, Some(_)) => failures.push(format!("{name}: loads now; take it off DOES_NOT_LOAD")),
        }
    }
    eprintln!("corpus: {equal} equal, {skipped} skipped, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
