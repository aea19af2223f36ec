//! `sleet.toml`: the settings that `build.rs` and the `sleet` command share, so that
//! overrides, derives, relation names and schema filters live in one place and both
//! write the same file.
//!
//! ```toml
//! [generate]
//! schema = "schema.sql"          # a file, or a directory of migrations
//! out_dir = "generated"
//! schemas = ["public", "billing"] # generate only these (default: all)
//! time_crate = "chrono"          # or "time"
//! domains = "base-type"          # or "newtype"
//!
//! [generate.column_types]
//! "users.settings" = "crate::Settings"
//!
//! validate = true               # Validate on insert and patch structs
//! serde = true                   # Deserialize on insert and patch structs, …
//!
//! [generate.derives]
//! "*" = ["serde::Serialize"]
//!
//! [generate.rules]               # a rule of your own, after the schema's
//! "users.email" = "crate::rules::email"
//!
//! [generate.replace_rules]       # a rule of your own instead of the schema's
//! "users.bio" = "crate::rules::bio"
//!
//! [migrations]
//! dir = "migrations"             # the folder `sleet migrate` reads
//! embed = true                   # also write generated/migrations.rs for the application
//! journal_schema = "public"      # the runner's journal table
//! journal_table = "_sleet_migrations"
//! ```
//!
//! Every key is checked: one this version does not know is an error naming the key,
//! the file and the line, so a typo never passes as a setting silently ignored.

use super::{Config, DomainMapping};
use crate::error::{Error, Result};
use crate::types::TimeCrate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The whole file: one table per part of the tool.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    generate: Generate,
    #[serde(default)]
    migrations: Migrations,
}

/// `[migrations]`: the folder, whether `build.rs` embeds it, the journal table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Migrations {
    dir: Option<PathBuf>,
    embed: Option<bool>,
    journal_schema: Option<String>,
    journal_table: Option<String>,
}

/// `[generate]`: what [`Config`]'s builder methods set, by the same names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    schema: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    schemas: Option<Vec<String>>,
    time_crate: Option<TimeCrateName>,
    domains: Option<Domains>,
    nullable_array_elements: Option<bool>,
    regenerate_command: Option<String>,
    validate: Option<bool>,
    serde: Option<bool>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    replace_rules: BTreeMap<String, String>,
    #[serde(default)]
    type_overrides: BTreeMap<String, String>,
    #[serde(default)]
    column_types: BTreeMap<String, String>,
    #[serde(default)]
    relation_names: BTreeMap<String, String>,
    #[serde(default)]
    skip_relations: Vec<String>,
    #[serde(default)]
    derives: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    attributes: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum TimeCrateName {
    Chrono,
    Time,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Domains {
    BaseType,
    Newtype,
}

impl Config {
    /// Reads a `sleet.toml`. Relative paths in it are relative to the file's directory;
    /// builder calls after this one override what it says.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     sleet_codegen::Config::from_file("sleet.toml")?.generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Config> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
        let file: File = toml::from_str(&text).map_err(|e| config_file_error(path, &text, &e))?;
        let g = file.generate;
        let m = file.migrations;
        let mut config = Config::new();
        config.source = Some(path.to_path_buf());
        config.base_dir = path.parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf);
        if let Some(schema) = g.schema {
            config.schema = schema;
        }
        if let Some(out_dir) = g.out_dir {
            config.out_dir = out_dir;
        }
        if let Some(file_name) = g.file_name {
            config.file_name = file_name;
        }
        if let Some(schemas) = g.schemas {
            config = config.schemas(schemas);
        }
        if let Some(time) = g.time_crate {
            config.time = match time {
                TimeCrateName::Chrono => TimeCrate::Chrono,
                TimeCrateName::Time => TimeCrate::Time,
            };
        }
        if let Some(domains) = g.domains {
            config.domains = match domains {
                Domains::BaseType => DomainMapping::BaseType,
                Domains::Newtype => DomainMapping::Newtype,
            };
        }
        if let Some(on) = g.nullable_array_elements {
            config.nullable_array_elements = on;
        }
        if let Some(command) = g.regenerate_command {
            config.regenerate_command = command;
        }
        if let Some(on) = g.validate {
            config.validate = on;
        }
        if let Some(on) = g.serde {
            config.serde = on;
        }
        config.rules.extend(g.rules);
        config.replaced_rules.extend(g.replace_rules);
        config.type_overrides.extend(g.type_overrides);
        config.column_overrides.extend(g.column_types);
        config.relation_names.extend(g.relation_names);
        config.skipped_relations.extend(g.skip_relations);
        for (pattern, derives) in g.derives {
            config.derives.extend(derives.into_iter().map(|d| (pattern.clone(), d)));
        }
        for (pattern, attributes) in g.attributes {
            config.attributes.extend(attributes.into_iter().map(|a| (pattern.clone(), a)));
        }
        if let Some(dir) = m.dir {
            config.migrations_dir = dir;
        }
        if let Some(on) = m.embed {
            config.embed_migrations = on;
        }
        if let Some(schema) = m.journal_schema {
            config.journal.0 = schema;
        }
        if let Some(table) = m.journal_table {
            config.journal.1 = table;
        }
        Ok(config)
    }
}

/// A TOML or schema error at its place in the file: `sleet.toml:4:1: unknown field …`.
fn config_file_error(path: &Path, text: &str, error: &toml::de::Error) -> Error {
    let (line, column) = error.span().map_or((1, 1), |span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        (line, column)
    });
    Error::ConfigFile { path: path.to_path_buf(), line, column, message: error.message().trim_end().to_string() }
}
