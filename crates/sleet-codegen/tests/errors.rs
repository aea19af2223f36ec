//! Bad input gives one clear error with its location, and nothing is written.

use sleet_codegen::{Config, Error};
use std::path::{Path, PathBuf};

fn errors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors")
}

fn render_error(file: &str) -> Error {
    Config::new().schema(errors_dir().join(file)).cargo_directives(false).render().expect_err(file)
}

#[test]
fn malformed_schemas_name_the_file_line_and_problem() {
    let cases = [
        ("syntax_error.sql", 5, 8, "syntax error at or near \"TABEL\""),
        ("unknown_type.sql", 5, 12, "type \"mony\" does not exist"),
        ("alter_missing_table.sql", 4, 1, "relation \"nope\" does not exist"),
        ("duplicate_table.sql", 7, 1, "relation \"public.users\" already exists"),
        ("drop_missing_column.sql", 8, 1, "column \"nickname\" of relation \"public.users\" does not exist"),
        ("fk_missing_table.sql", 5, 39, "relation \"organizations\" does not exist"),
        ("unknown_enum_value_rename.sql", 4, 1, "\"archived\" is not an existing enum label"),
        ("duplicate_column.sql", 5, 5, "column \"email\" specified more than once"),
    ];
    for (file, line, column, message) in cases {
        let err = render_error(file);
        let location = err.location().unwrap_or_else(|| panic!("{file}: no location in {err}"));
        assert_eq!((location.line, location.column), (line, column), "{file}: {err}");
        assert!(location.file.ends_with(file), "{file}: {}", location.file.display());
        let text = err.to_string();
        assert!(text.contains(message), "{file}: {text}");
        assert!(text.starts_with(&format!("{}:{line}:{column}: ", location.file.display())), "{file}: {text}");
    }
}

#[test]
fn unreadable_inputs_are_reported() {
    let missing = Config::new().schema("does/not/exist.sql").cargo_directives(false).render().unwrap_err();
    assert!(matches!(missing, Error::Read { .. }), "{missing}");
    assert!(missing.to_string().contains("does/not/exist.sql"), "{missing}");

    let empty = tempdir("empty-migrations");
    let err = Config::new().schema(&empty).cargo_directives(false).render().unwrap_err();
    assert!(err.to_string().contains("holds no .sql files"), "{err}");
}

#[test]
fn bad_config_is_reported() {
    let schema = errors_dir().join("../golden/enums/schema.sql");
    let err = Config::new()
        .schema(&schema)
        .type_override("jsonb", "not a type!")
        .cargo_directives(false)
        .render()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("`not a type!` is not a Rust type"), "{err}");
    let err =
        Config::new().schema(&schema).attribute("*", "derive(Debug)").cargo_directives(false).render().unwrap_err();
    assert!(err.to_string().contains("is not one outer attribute"), "{err}");

    // Relation overrides must name a relation that exists, and a usable name.
    let relations = errors_dir().join("../golden/relations/schema.sql");
    let render = |config: Config| config.schema(&relations).cargo_directives(false).render().unwrap_err().to_string();
    let err = render(Config::new().relation_name("tasks.owner", "boss"));
    assert!(err.contains("relation `tasks.owner` does not exist"), "{err}");
    assert!(err.contains("this table has: tasks.task_tags, tasks.tags, tasks.assigned_to_user"), "{err}");
    let err = render(Config::new().skip_relation("nobody.posts"));
    assert!(err.contains("relation `nobody.posts` does not exist (relations are named `table.relation`)"), "{err}");
    let err = render(Config::new().relation_name("tasks.parent", "Parent Task"));
    assert!(err.contains("`Parent Task` is not a snake_case name"), "{err}");
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sleet-codegen-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_failed_run_leaves_the_previous_file_untouched() {
    let dir = tempdir("untouched");
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, "CREATE TABLE t (id int PRIMARY KEY);\n").unwrap();
    let config = Config::new().schema(&schema).out_dir(dir.join("generated")).cargo_directives(false).check(false);
    let first = config.generate().unwrap();
    assert!(first.written);
    let before = std::fs::read(&first.path).unwrap();

    std::fs::write(&schema, "CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (x mony);\n").unwrap();
    let err = config.generate().unwrap_err();
    assert!(err.to_string().contains("type \"mony\" does not exist"), "{err}");
    assert_eq!(std::fs::read(&first.path).unwrap(), before, "the previous file must be left as it was");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("generated")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind: {leftovers:?}");
}

#[test]
fn unchanged_output_is_not_rewritten_and_check_mode_catches_drift() {
    let dir = tempdir("check");
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, "CREATE TABLE t (id int PRIMARY KEY);\n").unwrap();
    let config = Config::new().schema(&schema).out_dir(&dir).cargo_directives(false).check(false);
    assert!(config.generate().unwrap().written);
    assert!(!config.generate().unwrap().written, "same bytes: no write");
    assert!(config.clone().check(true).generate().is_ok(), "up to date passes the check");

    std::fs::write(&schema, "CREATE TABLE t (id int PRIMARY KEY, name text);\n").unwrap();
    let before = std::fs::read(dir.join("schema.rs")).unwrap();
    let err = config.clone().check(true).regenerate_command("cargo build").generate().unwrap_err();
    assert!(matches!(err, Error::Stale { .. }), "{err}");
    assert!(err.to_string().contains("run `cargo build`"), "{err}");
    assert_eq!(std::fs::read(dir.join("schema.rs")).unwrap(), before, "check mode writes nothing");
}

#[test]
fn reordering_independent_statements_does_not_change_the_output() {
    let a = "CREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE b (id int PRIMARY KEY, m mood);\nCREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b);\nCREATE TABLE c (x text);\n";
    let b = "CREATE TABLE c (x text);\nCREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE b (id int PRIMARY KEY, m mood);\nCREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b);\n";
    let dir = tempdir("reorder");
    let render = |name: &str, sql: &str| {
        let path = dir.join(name);
        std::fs::write(&path, sql).unwrap();
        let code = Config::new().schema(&path).cargo_directives(false).render().unwrap().0;
        code.lines().skip(1).collect::<Vec<_>>().join("\n") // the header names the file
    };
    assert_eq!(render("a.sql", a), render("b.sql", b));
}

#[test]
fn migration_directories_apply_in_numeric_order() {
    let dir = tempdir("migrations");
    for (name, sql) in [
        ("10_add_bio/up.sql", "ALTER TABLE users ADD COLUMN bio text;"),
        ("10_add_bio/down.sql", "ALTER TABLE users DROP COLUMN bio;"),
        ("2_users/up.sql", "CREATE TABLE users (id int PRIMARY KEY);"),
        ("1_schema.sql", "CREATE SCHEMA app;"),
    ] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, sql).unwrap();
    }
    let (code, report) = Config::new().schema(&dir).cargo_directives(false).render().unwrap();
    assert_eq!(report.files.len(), 3, "down.sql is not applied: {:?}", report.files);
    assert!(
        report.files[0].ends_with("1_schema.sql") && report.files[2].ends_with("10_add_bio/up.sql"),
        "{:?}",
        report.files
    );
    assert!(code.contains("pub bio: Option<String>"), "{code}");
}

#[test]
fn a_foreign_key_may_name_a_table_defined_further_down() {
    let sql = "CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES users);\n\
               CREATE TABLE users (id int PRIMARY KEY, best_post int REFERENCES posts (id));\n";
    let (catalog, _) = sleet_codegen::load_sources([(Path::new("schema.sql"), sql)]).expect("read in any order");
    let posts = catalog.table(&sleet_catalog::QualifiedName::new("public", "posts")).unwrap();
    assert_eq!(posts.foreign_keys[0].references.name, "users");
    assert_eq!(posts.foreign_keys[0].referenced_columns, ["id"]);
}
