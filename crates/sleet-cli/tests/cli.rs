//! The `sleet` binary as a user runs it: help text (snapshots, `SLEET_BLESS=1` to
//! accept), exit codes, `sleet.toml`, and `generate` writing exactly what `build.rs`
//! writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sleet(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sleet")).args(args).current_dir(dir).output().expect("the sleet binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A fresh directory for one test, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sleet-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_matches_the_snapshots() {
    let bless = std::env::var_os("SLEET_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, args) in [
        ("sleet", vec!["--help"]),
        ("generate", vec!["generate", "--help"]),
        ("pull", vec!["pull", "--help"]),
        ("catalog", vec!["catalog", "--help"]),
        ("migrate", vec!["migrate", "--help"]),
        ("migrate-run", vec!["migrate", "run", "--help"]),
        ("migrate-status", vec!["migrate", "status", "--help"]),
        ("migrate-down", vec!["migrate", "down", "--help"]),
        ("migrate-repair", vec!["migrate", "repair", "--help"]),
        ("migrate-generate", vec!["migrate", "generate", "--help"]),
        ("migrate-diff", vec!["migrate", "diff", "--help"]),
        ("migrate-check", vec!["migrate", "check", "--help"]),
        ("push", vec!["push", "--help"]),
    ] {
        let out = sleet(&std::env::temp_dir(), &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/help").join(format!("{name}.txt"));
        let actual = text(&out.stdout);
        if bless {
            std::fs::write(&snapshot, &actual).unwrap();
        } else if std::fs::read_to_string(&snapshot).ok().as_deref() != Some(actual.as_str()) {
            stale.push(format!("{}:\n{actual}", snapshot.display()));
        }
    }
    assert!(stale.is_empty(), "help text changed; rerun with SLEET_BLESS=1 to accept:\n{}", stale.join("\n"));
}

#[test]
fn version_and_usage_errors() {
    let out = sleet(&std::env::temp_dir(), &["--version"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), format!("sleet {}\n", env!("CARGO_PKG_VERSION")));

    for args in [&["frobnicate"][..], &["generate", "--no-such-flag"], &["generate", "--schema"], &[]] {
        let out = sleet(&std::env::temp_dir(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?} is a usage error: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error:") || text(&out.stderr).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn generate_writes_what_build_rs_writes() {
    // The demo's build.rs reads the root sleet.toml; so does `sleet generate` run there.
    let root = workspace_root();
    let out_dir = scratch("same-as-build-rs");
    let out = sleet(&root, &["generate", "--out-dir", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ours = std::fs::read(out_dir.join("schema.rs")).unwrap();
    let build_rs = std::fs::read(root.join("generated/schema.rs")).unwrap();
    assert!(ours == build_rs, "`sleet generate` and build.rs disagree");

    // And `--check` agrees that the committed file is up to date.
    let out = sleet(&root, &["generate", "--check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("is up to date"), "{}", text(&out.stdout));
    std::fs::remove_dir_all(out_dir).unwrap();
}

#[test]
fn settings_come_from_sleet_toml_and_flags_override_them() {
    let dir = scratch("settings");
    std::fs::write(dir.join("db.sql"), "CREATE TABLE users (id int PRIMARY KEY, settings jsonb);\n").unwrap();
    std::fs::write(
        dir.join("sleet.toml"),
        "[generate]\nschema = \"db.sql\"\nout_dir = \"src/gen\"\n\n[generate.column_types]\n\"users.settings\" = \"crate::Settings\"\n\n[generate.derives]\n\"*\" = [\"Eq\"]\n",
    )
    .unwrap();
    let out = sleet(&dir, &["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.join("src/gen/schema.rs")).unwrap();
    assert!(code.contains("pub settings: Option<crate::Settings>"), "{code}");
    assert!(code.contains("#[derive(Clone, Debug, PartialEq, Eq)]\npub struct User"), "{code}");

    let out = sleet(&dir, &["generate", "--out-dir", "elsewhere"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.join("elsewhere/schema.rs").exists());

    // `catalog` reads the same settings.
    let out = sleet(&dir, &["catalog"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schemas"]["public"]["tables"]["users"]["columns"][1]["name"], "settings");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unknown_key_in_sleet_toml_names_the_key_file_and_line() {
    let dir = scratch("unknown-key");
    std::fs::write(dir.join("schema.sql"), "CREATE TABLE t (id int);\n").unwrap();
    std::fs::write(dir.join("sleet.toml"), "[generate]\nschema = \"schema.sql\"\nderive = { \"*\" = [\"Eq\"] }\n")
        .unwrap();
    let out = sleet(&dir, &["generate"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("sleet.toml:3:1:") && err.contains("unknown field `derive`"), "{err}");
    assert!(err.contains("`derives`"), "the known keys are listed: {err}");
    assert!(!dir.join("generated").exists(), "nothing is written");

    std::fs::write(dir.join("sleet.toml"), "[generate]\ntime_crate = \"jiff\"\n").unwrap();
    let err = text(&sleet(&dir, &["generate"]).stderr);
    assert!(err.contains("sleet.toml:2:14:") && err.contains("unknown variant `jiff`"), "{err}");

    let err = text(&sleet(&dir, &["--config", "missing.toml", "generate"]).stderr);
    assert!(err.contains("missing.toml"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn failures_exit_1_with_the_reason_and_write_nothing() {
    let dir = scratch("failures");
    std::fs::write(dir.join("schema.sql"), "CREATE TABLE t (id int);\nCREATE TABEL u (id int);\n").unwrap();
    let out = sleet(&dir, &["generate"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("schema.sql:2:8: ") && err.contains("syntax error at or near \"TABEL\""), "{err}");
    assert!(!dir.join("generated").exists(), "nothing is written");

    // A stale file in --check mode names the command that regenerates it.
    std::fs::write(dir.join("schema.sql"), "CREATE TABLE t (id int);\n").unwrap();
    assert!(sleet(&dir, &["generate"]).status.success());
    std::fs::write(dir.join("schema.sql"), "CREATE TABLE t (id int, name text);\n").unwrap();
    let out = sleet(&dir, &["generate", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("is stale") && err.contains("cargo build"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
