//! Golden tests: each folder under `tests/golden` holds a `schema.sql`; its generated
//! code must equal `expected.rs` byte for byte. `SLEET_BLESS=1 cargo test` rewrites the
//! expected files. The expected files are also compiled, warning-free, by the
//! `corpus-check` crate.

use sleet_codegen::{Config, DomainMapping, TimeCrate};
use std::path::{Path, PathBuf};

fn config_for(case: &str, schema: &Path) -> Config {
    let config = Config::new()
        .schema(schema)
        .cargo_directives(false)
        .check(false)
        .regenerate_command("SLEET_BLESS=1 cargo test -p sleet-codegen --test golden");
    match case {
        "overrides" => config
            .time_crate(TimeCrate::Time)
            .domains(DomainMapping::Newtype)
            .type_override("jsonb", "crate::golden_support::Json")
            .column_type("events.tags", "crate::golden_support::Tags")
            .attribute("Kind", "#[non_exhaustive]")
            // `events` reaches the row, insert and patch structs; the insert and patch
            // structs gain `PartialEq` with it. `Kind` already derives `Eq`: not twice.
            .derive("events", "Eq")
            .derive("Email", "Eq")
            .derive("*", "Eq"),
        "validation" => config
            .validate(true)
            .serde(true)
            .rule("accounts.website", "crate::golden_support::no_tracking")
            .column_type("counters.small", "i64")
            .column_type("counters.medium", "i64")
            .replace_rule("accounts.bio", "crate::golden_support::bio"),
        "relations" => {
            config.relation_name("billing.invoices.user", "customer").skip_relation("users.follows_by_followee")
        }
        _ => config,
    }
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    cases
}

/// Relative schema path, so the `@generated` header holds no machine paths.
fn relative_schema(case_dir: &Path) -> PathBuf {
    case_dir.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().join("schema.sql")
}

#[test]
fn generated_code_matches_golden_files() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let bless = std::env::var_os("SLEET_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in cases() {
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let (code, _) = config_for(&case, &relative_schema(&dir)).render().unwrap_or_else(|e| panic!("{case}: {e}"));
        let expected_path = dir.join("expected.rs");
        if bless {
            std::fs::write(&expected_path, &code).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != code {
            failures.push(case);
        }
    }
    assert!(failures.is_empty(), "generated code differs from expected.rs for {failures:?}; inspect the diff and run `SLEET_BLESS=1 cargo test -p sleet-codegen --test golden` to accept");
}

#[test]
fn generating_twice_gives_identical_bytes() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    for dir in cases() {
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let config = config_for(&case, &relative_schema(&dir));
        let first = config.render().unwrap().0;
        let second = config.render().unwrap().0;
        assert_eq!(first, second, "{case}");
        assert!(first.ends_with('\n') && !first.contains('\r'), "{case}: LF line ends and a final newline");
    }
}

#[test]
fn every_case_is_covered_by_a_golden_file() {
    let names: Vec<String> = cases().iter().map(|d| d.file_name().unwrap().to_string_lossy().to_string()).collect();
    for wanted in [
        "all_types",
        "comments",
        "composites",
        "ddl_sequence",
        "defaults_identity",
        "domains",
        "enums",
        "keys",
        "multi_schema",
        "names",
        "overrides",
        "partitions",
        "ranges",
        "relations",
        "views",
    ] {
        assert!(names.iter().any(|n| n == wanted), "missing golden case {wanted}");
    }
}
