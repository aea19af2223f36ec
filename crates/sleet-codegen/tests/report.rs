//! Statements that do not shape types are skipped on purpose and listed, with where
//! they are; things users should know (uninferable view columns) are noted.

use sleet_codegen::{Config, Note};
use std::path::Path;

fn golden(case: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(case).join("schema.sql")
}

#[test]
fn skipped_statements_are_listed_with_their_lines() {
    let (_, report) = Config::new().schema(golden("ddl_sequence")).cargo_directives(false).render().unwrap();
    let kinds: Vec<(&str, usize)> = report.skipped.iter().map(|s| (s.kind.as_str(), s.location.line)).collect();
    for expected in [
        ("VariableSetStmt", 7),
        ("CopyStmt", 28),
        ("COPY data", 29),
        ("CreateFunctionStmt", 54),
        ("CreateTrigStmt", 60),
        ("GrantStmt", 62),
        ("CreatePolicyStmt", 65),
        ("DoStmt", 66),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
}

#[test]
fn psql_meta_commands_are_skipped_and_listed() {
    let dir = std::env::temp_dir().join(format!("sleet-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("dump.sql");
    std::fs::write(
        &schema,
        "\\restrict key\n\\connect app\nCREATE TABLE t (id int);\nGRANT SELECT ON t TO :\"role\";\n",
    )
    .unwrap();
    let (code, report) = Config::new().schema(&schema).cargo_directives(false).render().unwrap();
    assert!(code.contains("pub struct T {"), "{code}");
    let kinds: Vec<(&str, usize)> = report.skipped.iter().map(|s| (s.kind.as_str(), s.location.line)).collect();
    assert_eq!(kinds, [("psql meta-command", 1), ("psql meta-command", 2), ("GrantStmt", 4)]);
}

#[test]
fn view_columns_that_cannot_be_typed_are_reported_not_guessed() {
    let dir = std::env::temp_dir().join(format!("sleet-report-views-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, "CREATE TABLE t (id int NOT NULL);\nCREATE VIEW v AS SELECT id, random() AS r FROM t;\n")
        .unwrap();
    let (code, report) = Config::new().schema(&schema).cargo_directives(false).render().unwrap();
    let untyped = |n: &Note| matches!(n, Note::ViewColumnUntyped { view, column } if view.name == "v" && column == "r");
    assert!(report.notes.iter().any(untyped), "{:?}", report.notes);
    let left_out = |n: &Note| matches!(n, Note::ViewColumnLeftOut { column, .. } if column == "r");
    assert!(report.notes.iter().any(left_out), "{:?}", report.notes);
    let shown = report.notes.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(shown.contains("column_type(\"v.r\", …)"), "the note names the remedy: {shown}");
    assert!(code.contains("pub id: i32") && !code.contains("pub r:"), "the column is left out, not guessed:\n{code}");

    let (code, report) =
        Config::new().schema(&schema).column_type("v.r", "f64").cargo_directives(false).render().unwrap();
    assert!(code.contains("pub r: Option<f64>"), "an override gives it a type:\n{code}");
    assert!(!report.notes.iter().any(left_out), "{:?}", report.notes);
}

#[test]
fn a_type_of_an_extension_sleet_does_not_know_is_noted_and_decodes_raw() {
    let dir = std::env::temp_dir().join(format!("sleet-report-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("schema.sql");
    std::fs::write(
        &schema,
        "CREATE EXTENSION IF NOT EXISTS pg_quantum WITH SCHEMA public;\nCREATE TABLE items (id int NOT NULL, state qubit(3));\n",
    )
    .unwrap();
    let (code, report) = Config::new().schema(&schema).cargo_directives(false).render().unwrap();
    let from_extension = |n: &Note| matches!(n, Note::TypeFromExtension { ty, extension } if ty.name == "qubit" && extension == "pg_quantum");
    assert!(report.notes.iter().any(from_extension), "{:?}", report.notes);
    assert!(code.contains("pub state: Option<sl::RawValue>"), "{code}");

    // Without the extension, the type is simply unknown: an error at its line.
    std::fs::write(&schema, "CREATE TABLE items (id int NOT NULL, state qubit(3));\n").unwrap();
    let err = Config::new().schema(&schema).cargo_directives(false).render().unwrap_err();
    assert!(err.to_string().contains("type \"qubit\" does not exist"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
