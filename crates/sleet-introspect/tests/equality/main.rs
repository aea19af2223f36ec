//! The equality that proves the live front end: for each schema, load it into a fresh
//! database with `psql`, introspect, and compare with what the SQL front end reads from
//! the same file — the whole Catalog, object by object. Differences that are deliberate
//! (text the server rewrites, what only the server knows) are normalised in
//! `normalise.rs`, and nowhere else. A difference reads `path: sql-side ≠ live-side`.

mod normalise;

use sleet_catalog::Catalog;
use sleet_test_support::{corpus, golden_cases, load_with_psql, CORPUS_NOT_LOADABLE};
use std::path::Path;

/// Views analysed by the SQL front end, as `sleet pull` does.
const OPTIONS: sleet_introspect::Options =
    sleet_introspect::Options { schemas: None, views: Some(sleet_codegen::infer_view), leave_out: Vec::new() };

/// What happened to one schema file.
#[derive(Debug)]
enum Outcome {
    Equal,
    Different(Vec<String>),
    DoesNotLoad(String),
}

/// Loads `file` into a fresh database, introspects it and compares.
async fn check(file: &Path) -> Outcome {
    let database = sleet_test_support::FreshDatabase::create("sleet_live", "").await.unwrap_or_else(|e| panic!("{e}"));
    let outcome = match load_with_psql(&database.url, file).await {
        Err(why) => Outcome::DoesNotLoad(why),
        Ok(()) => {
            let client = database.connect().await.expect("connect");
            let live = sleet_introspect::introspect(&client, &OPTIONS).await.expect("introspect");
            let (sql, _) = sleet_codegen::load(file).expect("the SQL front end reads the file");
            let (mut sql, mut live) = (normalise::catalog(sql), normalise::catalog(live.catalog));
            normalise::constants(&mut sql, &mut live, &client).await;
            normalise::partition_bounds(&mut sql, &client).await;
            normalise::partition_bounds(&mut live, &client).await;
            compare(&sql, &live)
        }
    };
    database.drop_now().await;
    outcome
}

fn compare(sql: &Catalog, live: &Catalog) -> Outcome {
    let differences = sleet_test_support::catalog_diff(sql, live);
    if differences.is_empty() {
        Outcome::Equal
    } else {
        Outcome::Different(differences)
    }
}

#[tokio::test]
async fn golden_schemas_read_the_same_live() {
    let mut failures = Vec::new();
    for (case, file) in golden_cases() {
        match check(&file).await {
            Outcome::Equal => eprintln!("{case}: equal"),
            Outcome::DoesNotLoad(why) => failures.push(format!("{case}: does not load: {why}")),
            Outcome::Different(diffs) => {
                failures.push(format!("{case}: {} differences\n    {}", diffs.len(), diffs.join("\n    ")))
            }
        }
    }
    assert!(failures.is_empty(), "the live front end reads some golden schemas differently:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn corpus_schemas_read_the_same_live() {
    let scratch = std::env::temp_dir().join(format!("sleet-equality-{}", std::process::id()));
    let mut failures = Vec::new();
    let (mut equal, mut skipped) = (0, 0);
    for (name, file) in corpus(&scratch) {
        let expected = CORPUS_NOT_LOADABLE.iter().find(|(n, ..)| *n == name);
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
                let shown: Vec<&str> = diffs.iter().take(40).map(String::as_str).collect();
                failures.push(format!("{name}: {} differences\n    {}", diffs.len(), shown.join("\n    ")));
            }
            (Outcome::Equal, Some(_)) => failures.push(format!("{name}: loads now; take it off CORPUS_NOT_LOADABLE")),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!("corpus: {equal} equal, {skipped} skipped, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
