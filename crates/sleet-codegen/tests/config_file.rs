//! `sleet.toml` sets what the builder sets, and `schemas` generates only some schemas
//! without leaving dangling references.

use sleet_codegen::{Config, Error};
use std::path::PathBuf;

fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sleet-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

const SCHEMA: &str = "
CREATE SCHEMA billing;
CREATE TYPE billing.status AS ENUM ('open', 'paid');
CREATE TABLE users (id int PRIMARY KEY, settings jsonb, created_at timestamptz);
CREATE TABLE billing.invoices (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users, status billing.status);
CREATE TABLE public.payments (id int PRIMARY KEY, invoice_id int REFERENCES billing.invoices, status billing.status);
";

#[test]
fn the_file_sets_what_the_builder_sets() {
    let toml = r##"
[generate]
schema = "db/schema.sql"
out_dir = "gen"
file_name = "db.rs"
time_crate = "time"
domains = "newtype"
nullable_array_elements = true
regenerate_command = "make db"
skip_relations = ["users.invoices"]
validate = true
serde = true

[generate.rules]
"users.created_at" = "crate::rules::not_in_future"

[generate.replace_rules]
"billing.invoices.user_id" = "crate::rules::known_user"

[generate.type_overrides]
jsonb = "crate::Json"

[generate.column_types]
"billing.invoices.status" = "String"

[generate.relation_names]
"billing.invoices.user" = "owner"

[generate.derives]
"*" = ["Eq"]

[generate.attributes]
User = ["#[must_use]"]
"##;
    let dir = scratch("equivalent", &[("sleet.toml", toml)]);
    std::fs::create_dir_all(dir.join("db")).unwrap();
    std::fs::write(dir.join("db/schema.sql"), SCHEMA).unwrap();
    let from_file = Config::from_file(dir.join("sleet.toml")).unwrap().cargo_directives(false);
    assert_eq!(from_file.output_path(), dir.join("gen/db.rs"), "paths are relative to the file");
    let built = Config::new()
        .schema(dir.join("db/schema.sql"))
        .time_crate(sleet_codegen::TimeCrate::Time)
        .domains(sleet_codegen::DomainMapping::Newtype)
        .nullable_array_elements(true)
        .regenerate_command("make db")
        .skip_relation("users.invoices")
        .type_override("jsonb", "crate::Json")
        .column_type("billing.invoices.status", "String")
        .relation_name("billing.invoices.user", "owner")
        .derive("*", "Eq")
        .attribute("User", "#[must_use]")
        .validate(true)
        .serde(true)
        .rule("users.created_at", "crate::rules::not_in_future")
        .replace_rule("billing.invoices.user_id", "crate::rules::known_user")
        .cargo_directives(false);
    let (a, _) = from_file.render().unwrap();
    let (b, _) = built.render().unwrap();
    // The header names the schema as each config wrote it; the rest is the same.
    let body = |code: &str| code.split_once('\n').unwrap().1.to_string();
    assert_eq!(body(&a), body(&b));
    assert!(a.contains("pub settings: Option<crate::Json>") && a.contains("time::OffsetDateTime"), "{a}");
    assert!(a.contains("pub fn owner()") && !a.contains("pub fn invoices()"), "{a}");
    assert!(a.contains("regenerate with `make db`"), "{a}");
    assert!(a.contains("impl sl::Validate for NewUser") && a.contains("crate::rules::known_user(value)"), "{a}");
    assert!(a.contains("sl::serde::Deserialize"), "{a}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn schemas_filter_what_is_generated() {
    let dir = scratch("filter", &[("schema.sql", SCHEMA)]);
    let config = || Config::new().schema(dir.join("schema.sql")).cargo_directives(false);

    let (code, _) = config().schemas(["billing"]).render().unwrap();
    assert!(code.contains("pub mod billing") && !code.contains("pub struct User "), "{code}");
    assert!(!code.contains("pub fn user()"), "no relation into a schema left out:\n{code}");

    // A column whose type would not be generated is an error that says what to do…
    let err = config().schemas(["public"]).render().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    let message = err.to_string();
    assert!(message.contains("column public.payments.status has type billing.status"), "{message}");
    assert!(message.contains("add \"billing\" to `schemas`"), "{message}");
    // …unless the column has a type of its own.
    let (code, _) = config().schemas(["public"]).column_type("payments.status", "String").render().unwrap();
    assert!(code.contains("pub status: Option<String>") && !code.contains("pub mod billing"), "{code}");

    let err = config().schemas(["public", "biling"]).render().unwrap_err();
    assert!(err.to_string().contains("`schemas` names \"biling\""), "{err}");
    assert!(err.to_string().contains("(it defines: billing, public)"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_malformed_file_is_an_error_at_its_line() {
    let dir =
        scratch("malformed", &[("sleet.toml", "[generate]\nschema = \"a.sql\"\n[generate.derives]\n\"*\" = \"Eq\"\n")]);
    let err = Config::from_file(dir.join("sleet.toml")).unwrap_err();
    assert!(matches!(err, Error::ConfigFile { line: 4, .. }), "{err}");
    assert!(err.to_string().contains("sleet.toml:4:7: invalid type: string \"Eq\", expected a sequence"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();

    let dir = scratch("unknown-table", &[("sleet.toml", "[generat]\n")]);
    let err = Config::from_file(dir.join("sleet.toml")).unwrap_err();
    assert!(err.to_string().contains("sleet.toml:1:2: unknown field `generat`, expected `generate`"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
