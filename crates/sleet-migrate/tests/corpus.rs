//! The differ's oracle over every real schema sleet has (the golden cases and the
//! corpus): from an empty database, sleet's plan must build the schema exactly as
//! `psql -f` loading it does (compared through the live front end); diffing the result
//! against the file must plan nothing; the down plan must leave the database empty.
//! A schema that does not load on this server, or that defines objects sleet leaves
//! alone (functions, triggers), is skipped and said so.

#[allow(dead_code)]
#[path = "psqldef_harness/sql.rs"]
mod sql;

use sleet_catalog::Catalog;
use sleet_migrate::diff::diff;
use sleet_test_support::{catalog_diff, corpus, golden_cases, load_with_psql, FreshDatabase, CORPUS_NOT_LOADABLE};
use std::path::Path;

const OPTIONS: sleet_introspect::Options =
    sleet_introspect::Options { schemas: None, views: Some(sleet_codegen::infer_view), leave_out: Vec::new() };

enum Outcome {
    Pass,
    Skip(String),
    Fail(String),
}

async fn introspect(client: &tokio_postgres::Client) -> Result<Catalog, String> {
    sleet_introspect::introspect(client, &OPTIONS).await.map(|r| r.catalog).map_err(|e| e.to_string())
}

async fn apply(client: &tokio_postgres::Client, statements: Vec<&str>) -> Result<(), String> {
    for statement in statements {
        client.batch_execute(statement).await.map_err(|e| {
            let message = e.as_db_error().map_or(e.to_string(), |d| d.message().to_string());
            format!("{message} (at `{}`)", statement.lines().next().unwrap_or(""))
        })?;
    }
    Ok(())
}

async fn check(name: &str, file: &Path, fresh: &Catalog) -> Outcome {
    if let Some((_, why, _)) = CORPUS_NOT_LOADABLE.iter().find(|(n, _, _)| *n == name) {
        return Outcome::Skip(format!("does not load on this server: {why}"));
    }
    let (catalog, report) = match sleet_codegen::load(file) {
        Ok(read) => read,
        Err(e) => return Outcome::Fail(format!("the front end rejects it: {e}")),
    };
    let left_alone: Vec<&str> = report
        .skipped
        .iter()
        .map(|s| s.kind.as_str())
        .filter(|k| matches!(*k, "CreateFunctionStmt" | "CreateTrigStmt" | "CreatePolicyStmt" | "RuleStmt"))
        .collect();
    if !left_alone.is_empty() {
        return Outcome::Skip(format!("defines objects sleet leaves alone ({})", left_alone[0]));
    }
    let empty = sleet_codegen::load_sources([(Path::new("empty.sql"), "")]).map(|(c, _)| c).unwrap_or_default();
    let (Ok(direct), Ok(migrated)) =
        (FreshDatabase::create("sleet_corpus", "").await, FreshDatabase::create("sleet_corpus", "").await)
    else {
        return Outcome::Fail("cannot create databases".into());
    };
    let outcome = async {
        load_with_psql(&direct.url, file).await.map_err(|e| format!("psql does not load it: {e}"))?;
        let (a, b) =
            (direct.connect().await.map_err(|e| e.to_string())?, migrated.connect().await.map_err(|e| e.to_string())?);
        let wanted = introspect(&a).await?;
        let up = diff(&empty, &catalog, &[]).map_err(|e| format!("the differ refuses: {e}"))?;
        apply(&b, up.statements().collect()).await.map_err(|e| format!("up fails: {e}"))?;
        let built = introspect(&b).await?;
        let differences = catalog_diff(&sql::normalised(&built), &sql::normalised(&wanted));
        if !differences.is_empty() {
            return Err(format!(
                "differs after up: {}",
                differences.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
            ));
        }
        let mut desired = catalog.clone();
        sleet_migrate::live::in_server_form(&b, &mut desired, &built).await.map_err(|e| e.to_string())?;
        let again = diff(&built, &desired, &[]).map_err(|e| e.to_string())?;
        if !again.is_empty() {
            return Err(format!("re-diff not empty: {}", again.statements().take(3).collect::<Vec<_>>().join("; ")));
        }
        let down = diff(&catalog, &empty, &[]).map_err(|e| format!("the differ refuses down: {e}"))?;
        apply(&b, down.statements().collect()).await.map_err(|e| format!("down fails: {e}"))?;
        let after = introspect(&b).await?;
        let left = catalog_diff(&sql::normalised(&after), &sql::normalised(fresh));
        if !left.is_empty() {
            return Err(format!("down leaves: {}", left.iter().take(3).cloned().collect::<Vec<_>>().join("; ")));
        }
        Ok(())
    }
    .await;
    direct.drop_now().await;
    migrated.drop_now().await;
    match outcome {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Fail(why),
    }
}

/// What a fresh database reads as (its `public` schema and nothing else).
async fn empty_live() -> Result<Catalog, String> {
    let fresh = FreshDatabase::create("sleet_corpus", "").await.map_err(|e| e.to_string())?;
    let client = fresh.connect().await.map_err(|e| e.to_string())?;
    let read = introspect(&client).await;
    fresh.drop_now().await;
    read
}

#[tokio::test]
async fn every_real_schema_builds_from_empty_and_goes_back() {
    let scratch = std::env::temp_dir().join(format!("sleet-corpus-diff-{}", std::process::id()));
    let mut cases = golden_cases();
    cases.extend(corpus(&scratch));
    let fresh = empty_live().await.expect("a fresh database reads");
    let (mut passed, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for (name, file) in &cases {
        match check(name, file, &fresh).await {
            Outcome::Pass => passed += 1,
            Outcome::Skip(why) => skipped.push(format!("{name}: {why}")),
            Outcome::Fail(why) => failures.push(format!("{name}: {why}")),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!("{passed} of {} schemas pass; {} skipped:\n  {}", cases.len(), skipped.len(), skipped.join("\n  "));
    assert!(failures.is_empty(), "{} schemas fail:\n{}", failures.len(), failures.join("\n"));
}
