//! What `validate = true` reports and refuses: every check it does not translate is
//! listed with its reason, and a rule naming a column that does not exist is an error.
//! (What the translated rules decide is compared with PostgreSQL's verdicts in
//! `crates/corpus-check/tests/validation.rs`.)

use sleet_codegen::{Config, Note};
use std::path::Path;

fn golden(case: &str) -> Config {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(case).join("schema.sql");
    Config::new().schema(schema).cargo_directives(false).check(false).validate(true)
}

#[test]
fn a_wider_rust_integer_is_held_to_the_sql_range() {
    let config = golden("validation").column_type("counters.small", "i64").column_type("counters.medium", "i64");
    let (code, _) = config.render().unwrap();
    assert!(code.contains(r#"v.int_range(c1, "smallint", "small", "small");"#), "{code}");
    assert!(code.contains(r#"v.int_range(c2, "integer", "medium", "medium");"#), "{code}");
}

#[test]
fn every_check_left_to_the_database_is_listed_with_its_reason() {
    let (_, report) = golden("validation").render().unwrap();
    let left: Vec<String> =
        report.notes.iter().filter(|n| matches!(n, Note::LeftToDatabase { .. })).map(ToString::to_string).collect();
    assert_eq!(left.len(), 2, "{left:#?}");
    assert!(
        left[0].starts_with("table public.accounts, check accounts_code_check: not checked by `validate`"),
        "{}",
        left[0]
    );
    assert!(left[0].contains("depend on the locale"), "{}", left[0]);
    assert!(
        left[1].contains("period_ordered") && left[1].contains("compares two columns (`ends_at` > `starts_at`)"),
        "{}",
        left[1]
    );
}

#[test]
fn a_conjunct_that_cannot_be_translated_leaves_the_others_checked() {
    let dir = std::env::temp_dir().join(format!("sleet-validation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, "CREATE TABLE t (a int, b text, CHECK (a > 0 AND b ~ '\\w+' AND a < 10));").unwrap();
    let (code, report) = Config::new().schema(&schema).cargo_directives(false).validate(true).render().unwrap();
    assert!(code.contains("sl::v::Op::Gt, &0i32") && code.contains("sl::v::Op::Lt, &10i32"), "{code}");
    let notes: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(notes[0].contains("t_check") && notes[0].contains("`\\w`"), "{}", notes[0]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_rule_for_a_column_that_does_not_exist_is_an_error() {
    let error = golden("validation").rule("accounts.emial", "crate::rules::email").render().unwrap_err();
    assert!(
        error.to_string().contains("rule for `accounts.emial`: table public.accounts has no column `emial`"),
        "{error}"
    );
    let error = golden("validation").rule("acounts.email", "crate::rules::email").render().unwrap_err();
    assert!(error.to_string().contains("rule for `acounts.email`: there is no table acounts"), "{error}");
    let error = golden("validation").rule("accounts.email", "not a path").render().unwrap_err();
    assert!(error.to_string().contains("`not a path` is not a function path"), "{error}");
    let error = golden("validation").validate(false).rule("accounts.email", "crate::email").render().unwrap_err();
    assert!(error.to_string().contains("needs `validate = true`"), "{error}");
}

/// The corpus's checks: every one translates but the two whose columns sleet does not
/// compare (a `name` column, a `tsvector` domain); `--nocapture` prints the tally.
#[test]
fn corpus_checks_are_translated_or_listed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (mut checks, mut left) = (0, Vec::new());
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "sql")) {
        let Ok((catalog, _)) = sleet_codegen::load(file) else { continue }; // the Diesel fixtures: 57 schemas in one file
        let count: usize = catalog.schemas.values().flat_map(|s| s.tables.values()).map(|t| t.checks.len()).sum();
        let (_, report) = Config::new().schema(file).cargo_directives(false).validate(true).render().unwrap();
        let reasons: Vec<String> = report
            .notes
            .iter()
            .filter_map(|n| match n {
                Note::LeftToDatabase { item, reason } => Some(format!("{item}: {reason}")),
                _ => None,
            })
            .collect();
        assert!(reasons.iter().all(|r| !r.ends_with(": ")), "a reason is missing: {reasons:#?}");
        println!(
            "{}: {count} table checks, {} conjuncts left",
            file.file_name().unwrap().to_string_lossy(),
            reasons.len()
        );
        for r in &reasons {
            println!("    {r}");
        }
        checks += count;
        left.extend(reasons);
    }
    println!("corpus: {checks} table checks, {} conjuncts left to the database", left.len());
    assert_eq!(checks, 17, "the corpus's table checks");
    let left: Vec<&str> = left.iter().map(|r| r.split(':').next().unwrap_or_default()).collect();
    assert_eq!(
        left,
        [
            "table apflora.user, check user_role_check",
            "table test.tsearch_to_tsvector, check tsvector is required and not empty of domain tsvector_not_empty"
        ]
    );
}
