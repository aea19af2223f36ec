//! The `build.rs` API: a [`Config`] builder whose defaults live in one `Default` impl,
//! with cumulative hooks for type overrides, derives and attributes; `sleet.toml` sets
//! the same things from a file (`file.rs`).

mod file;
#[cfg(feature = "live")]
mod live;
mod schema_filter;

use crate::error::{Error, Result};
use crate::types::TimeCrate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How domains appear in Rust.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DomainMapping {
    /// A domain column has its base type's Rust type (the default).
    #[default]
    BaseType,
    /// Each domain becomes a newtype (`pub struct Email(pub String)`).
    Newtype,
}

/// Configures and runs code generation.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     sleet_codegen::Config::new()
///         .schema("schema.sql")
///         .out_dir("generated")
///         .column_type("users.settings", "crate::Settings")
///         .derive("*", "serde::Serialize")
///         .generate()?;
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) schema: PathBuf,
    pub(crate) out_dir: PathBuf,
    pub(crate) file_name: String,
    pub(crate) time: TimeCrate,
    pub(crate) domains: DomainMapping,
    pub(crate) nullable_array_elements: bool,
    pub(crate) type_overrides: BTreeMap<String, String>,
    pub(crate) column_overrides: BTreeMap<String, String>,
    pub(crate) relation_names: BTreeMap<String, String>,
    pub(crate) skipped_relations: BTreeSet<String>,
    /// Generate only these schemas (all when `None`).
    pub(crate) schemas: Option<BTreeSet<String>>,
    pub(crate) derives: Vec<(String, String)>,
    pub(crate) attributes: Vec<(String, String)>,
    pub(crate) check: Option<bool>,
    pub(crate) regenerate_command: String,
    pub(crate) cargo: bool,
    /// The `sleet.toml` this config was read from, if any.
    pub(crate) source: Option<PathBuf>,
    /// What relative paths are relative to: the `sleet.toml`'s directory.
    pub(crate) base_dir: Option<PathBuf>,
    /// Generate from this live database instead of the schema file.
    pub(crate) database_url: Option<String>,
    /// The migrations folder (the runner's and, later, the differ's).
    pub(crate) migrations_dir: PathBuf,
    /// Whether `generate` also writes `migrations.rs`, the folder embedded.
    pub(crate) embed_migrations: bool,
    /// The runner's journal table: (schema, table).
    pub(crate) journal: (String, String),
    /// Generate `sl::Validate` for insert and patch structs, and `CONSTRAINTS`.
    pub(crate) validate: bool,
    /// Derive `serde` on the generated types (labels as in SQL, patches with absent
    /// fields unset).
    pub(crate) serde: bool,
    /// `table.column` → a function path whose rule is checked after the schema's.
    pub(crate) rules: BTreeMap<String, String>,
    /// `table.column` → a function path whose rule replaces the schema's.
    pub(crate) replaced_rules: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            schema: PathBuf::from("schema.sql"),
            out_dir: PathBuf::from("generated"),
            file_name: "schema.rs".into(),
            time: TimeCrate::Chrono,
            domains: DomainMapping::BaseType,
            nullable_array_elements: false,
            type_overrides: BTreeMap::new(),
            column_overrides: BTreeMap::new(),
            relation_names: BTreeMap::new(),
            skipped_relations: BTreeSet::new(),
            schemas: None,
            derives: Vec::new(),
            attributes: Vec::new(),
            check: None,
            regenerate_command: "cargo build".into(),
            cargo: std::env::var_os("CARGO_MANIFEST_DIR").is_some() && std::env::var_os("OUT_DIR").is_some(),
            source: None,
            base_dir: None,
            database_url: None,
            migrations_dir: PathBuf::from("migrations"),
            embed_migrations: false,
            journal: ("public".into(), "_sleet_migrations".into()),
            validate: false,
            serde: false,
            rules: BTreeMap::new(),
            replaced_rules: BTreeMap::new(),
        }
    }
}

/// A per-column setting (`column_types`, `rules`, `replace_rules`), keyed
/// `table.column` or `schema.table.column`; the qualified key wins.
pub(crate) fn column_setting<'a>(
    settings: &'a BTreeMap<String, String>,
    relation: &sleet_catalog::QualifiedName,
    column: &str,
) -> Option<&'a String> {
    settings.get(&format!("{relation}.{column}")).or_else(|| settings.get(&format!("{}.{column}", relation.name)))
}

/// What a successful run did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The generated file.
    pub path: PathBuf,
    /// Whether its bytes changed (false when it was already up to date).
    pub written: bool,
    /// Skipped statements and notes from the front end and emitter.
    pub report: crate::report::Report,
}

impl Config {
    /// A configuration with the defaults: `schema.sql` → `generated/schema.rs`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The schema: a `.sql` file, or a directory of migrations applied in
    /// numeric-aware path order. Relative paths are relative to the crate root when
    /// run from `build.rs`.
    pub fn schema(mut self, path: impl Into<PathBuf>) -> Self {
        self.schema = path.into();
        self
    }

    /// The directory the generated `schema.rs` goes to (committed for review).
    pub fn out_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_dir = path.into();
        self
    }

    /// The generated file's name within `out_dir` (default `schema.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Map date and time types to the `time` crate instead of `chrono`.
    pub fn time_crate(mut self, time: TimeCrate) -> Self {
        self.time = time;
        self
    }

    /// How domains map to Rust.
    pub fn domains(mut self, mapping: DomainMapping) -> Self {
        self.domains = mapping;
        self
    }

    /// Decode array elements as `Option<T>` (PostgreSQL never enforces element
    /// non-nullness); off by default, so `text[]` is `Vec<String>`.
    pub fn nullable_array_elements(mut self, on: bool) -> Self {
        self.nullable_array_elements = on;
        self
    }

    /// Use a Rust type for every column of an SQL type: `("jsonb", "crate::Json")`,
    /// `("public.money_amount", "crate::Money")`. The type must implement
    /// `ToSql` and `FromSql` for that SQL type, `sleet::FromColumn`, and
    /// `sleet::SqlParam` (the type it binds as: one line).
    pub fn type_override(mut self, sql_type: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.type_overrides.insert(sql_type.into(), rust_type.into());
        self
    }

    /// Renames a relation generated from a foreign key: `("posts.author", "writer")`
    /// (schema-qualified outside `public`: `("auth.sessions.user", "owner")`). The key
    /// is the table and the relation's generated name; see the README for the rules.
    pub fn relation_name(mut self, relation: impl Into<String>, name: impl Into<String>) -> Self {
        self.relation_names.insert(relation.into(), name.into());
        self
    }

    /// Leaves out a relation generated from a foreign key: `"users.posts"`.
    pub fn skip_relation(mut self, relation: impl Into<String>) -> Self {
        self.skipped_relations.insert(relation.into());
        self
    }

    /// Generates from a live database instead of the schema file (feature `live`),
    /// which a build then needs to reach: prefer `sleet pull` once and a committed
    /// `schema.sql`. The `SLEET_DATABASE_URL` environment variable does the same
    /// without a code change; neither is ever the default.
    pub fn database_url(mut self, url: impl Into<String>) -> Self {
        self.database_url = Some(url.into());
        self
    }

    /// The live database to generate from, if one was asked for.
    fn live_url(&self) -> Option<(String, &'static str)> {
        match (&self.database_url, std::env::var("SLEET_DATABASE_URL")) {
            (Some(url), _) => Some((url.clone(), "Config::database_url")),
            (None, Ok(url)) if !url.is_empty() => Some((url, "SLEET_DATABASE_URL")),
            _ => None,
        }
    }

    /// What the generated file is generated from, as its header names it.
    pub(crate) fn source_label(&self) -> String {
        match self.live_url() {
            Some(_) => "a live database".to_string(),
            None => self.schema.to_string_lossy().replace('\\', "/"),
        }
    }

    /// Generate only the items of these schemas (`["public", "billing"]`); by default,
    /// every schema. Foreign keys into a schema left out give no relation; a column
    /// whose type lives in one is an error unless `column_type` gives it a type.
    pub fn schemas<S: Into<String>>(mut self, schemas: impl IntoIterator<Item = S>) -> Self {
        self.schemas = Some(schemas.into_iter().map(Into::into).collect());
        self
    }

    /// Use a Rust type for one column: `("users.settings", "crate::Settings")`, or
    /// schema-qualified `("auth.users.settings", …)`. Also gives view columns whose
    /// type cannot be inferred a type.
    pub fn column_type(mut self, column: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.column_overrides.insert(column.into(), rust_type.into());
        self
    }

    /// Add a derive to generated structs and enums. `pattern` is `*` (all), a Rust
    /// type name (`User`, `NewUser`, `Role`), or a table name (`users`: its row, insert
    /// and patch structs).
    pub fn derive(mut self, pattern: impl Into<String>, derive: impl Into<String>) -> Self {
        self.derives.push((pattern.into(), derive.into()));
        self
    }

    /// Add an attribute (`#[serde(rename_all = "camelCase")]`) to generated items
    /// matching `pattern`, as for [`derive`](Self::derive).
    pub fn attribute(mut self, pattern: impl Into<String>, attribute: impl Into<String>) -> Self {
        self.attributes.push((pattern.into(), attribute.into()));
        self
    }

    /// Generates `sleet::Validate` for every insert and patch struct: the rules the
    /// schema states (lengths, precision, ranges, domain and `CHECK` constraints it can
    /// translate) checked without a round trip, and `CONSTRAINTS`, which
    /// `ValidationErrors::from_database` maps the database's violations with. Needs
    /// the runtime's `validate` feature.
    pub fn validate(mut self, on: bool) -> Self {
        self.validate = on;
        self
    }

    /// Derives `serde::Deserialize` on insert and patch structs (an absent field stays
    /// unset, an explicit `null` sets NULL; unknown fields are refused), `Serialize` on
    /// rows, and both on enums (with their SQL labels), composites and domain
    /// newtypes. Needs the runtime's `serde` feature.
    pub fn serde(mut self, on: bool) -> Self {
        self.serde = on;
        self
    }

    /// A rule of your own for a column, checked after the schema's:
    /// `("users.email", "crate::rules::email")`, a `fn(&T) -> Result<(), sleet::Violation>`
    /// called when the field holds a value (`schema.table.column` where a table name is
    /// in several schemas, as for [`column_type`](Self::column_type)).
    pub fn rule(mut self, column: impl Into<String>, function: impl Into<String>) -> Self {
        self.rules.insert(column.into(), function.into());
        self
    }

    /// A rule of your own that replaces the schema's rules for a column (those of
    /// its type and the checks on it alone), as for [`rule`](Self::rule).
    pub fn replace_rule(mut self, column: impl Into<String>, function: impl Into<String>) -> Self {
        self.replaced_rules.insert(column.into(), function.into());
        self
    }

    /// Fail instead of writing when the generated file is stale. Defaults to the
    /// `SLEET_CHECK` environment variable (`1` or `true`), which CI sets.
    pub fn check(mut self, on: bool) -> Self {
        self.check = Some(on);
        self
    }

    /// The command named in the `@generated` header and in stale-file errors.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.regenerate_command = command.into();
        self
    }

    /// The migrations folder (default `migrations`, beside `sleet.toml`).
    pub fn migrations(mut self, dir: impl Into<PathBuf>) -> Self {
        self.migrations_dir = dir.into();
        self
    }

    /// Also writes `migrations.rs` beside the generated schema: every migration in the
    /// folder embedded for `sleet::migrate::Migrator`, with `all()` and `migrator()`.
    pub fn embed_migrations(mut self, on: bool) -> Self {
        self.embed_migrations = on;
        self
    }

    /// The migration runner's journal table (default `public._sleet_migrations`).
    pub fn journal(mut self, schema: impl Into<String>, table: impl Into<String>) -> Self {
        self.journal = (schema.into(), table.into());
        self
    }

    /// The migrations folder as the process opens it.
    pub fn migrations_path(&self) -> PathBuf {
        self.resolve(&self.migrations_dir)
    }

    /// The migrations folder as the config names it (for messages).
    pub fn migrations_dir(&self) -> &Path {
        &self.migrations_dir
    }

    /// The journal table: (schema, table).
    pub fn journal_table(&self) -> (&str, &str) {
        (&self.journal.0, &self.journal.1)
    }

    /// The path of the embedded migrations file.
    pub fn migrations_output_path(&self) -> PathBuf {
        self.resolve(&self.out_dir).join("migrations.rs")
    }

    /// Whether to print `cargo:rerun-if-…` lines (default: when run by Cargo).
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.cargo = on;
        self
    }

    /// The generated file's path.
    pub fn output_path(&self) -> PathBuf {
        self.resolve(&self.out_dir).join(&self.file_name)
    }

    /// A path from the config as the process can open it: relative to the
    /// `sleet.toml` it came from, else to the crate root under Cargo, else as given.
    fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            return path.to_path_buf();
        }
        let base = match &self.base_dir {
            Some(dir) => dir.clone(),
            None => match std::env::var_os("CARGO_MANIFEST_DIR") {
                Some(root) if self.cargo => PathBuf::from(root),
                _ => return path.to_path_buf(),
            },
        };
        base.join(path)
    }

    /// The schema input as the process opens it.
    pub fn schema_path(&self) -> PathBuf {
        self.resolve(&self.schema)
    }

    fn check_mode(&self) -> bool {
        self.check
            .unwrap_or_else(|| std::env::var("SLEET_CHECK").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true")))
    }

    /// Parses the schema and returns the generated code without writing anything.
    pub fn render(&self) -> Result<(String, crate::report::Report)> {
        self.check_settings()?;
        let (catalog, mut report) = match self.live_url() {
            #[cfg(feature = "live")]
            Some((url, origin)) => live::load(&url, origin, self.journal_table())?,
            #[cfg(not(feature = "live"))]
            Some((_, origin)) => {
                return Err(Error::Config(format!(
                    "{origin} asks to generate from a live database, which needs sleet-codegen's `live` feature; or run `sleet pull` once and commit schema.sql"
                )))
            }
            None => crate::frontend::sql::load(&self.resolve(&self.schema))?,
        };
        let catalog = match &self.schemas {
            Some(keep) => schema_filter::only(catalog, keep, &self.column_overrides)?,
            None => catalog,
        };
        let code = crate::emit::emit(&catalog, self, &mut report.notes)?;
        Ok((code, report))
    }

    fn check_settings(&self) -> Result<()> {
        for (key, value) in self.type_overrides.iter().chain(&self.column_overrides) {
            if syn::parse_str::<syn::Type>(value).is_err() {
                return Err(Error::Config(format!("override for `{key}`: `{value}` is not a Rust type")));
            }
        }
        for (column, function) in self.rules.iter().chain(&self.replaced_rules) {
            if syn::parse_str::<syn::Path>(function).is_err() {
                return Err(Error::Config(format!("rule for `{column}`: `{function}` is not a function path")));
            }
            if !self.validate {
                return Err(Error::Config(format!(
                    "rule for `{column}` needs `validate = true` (Config::validate), which generates the code that calls it"
                )));
            }
        }
        for (pattern, derive) in &self.derives {
            if syn::parse_str::<syn::Path>(derive).is_err() {
                return Err(Error::Config(format!("derive for `{pattern}`: `{derive}` is not a path")));
            }
        }
        for (pattern, attr) in &self.attributes {
            let parsed = syn::parse_str::<syn::ItemStruct>(&format!("{attr} struct S;"));
            if parsed.map_or(true, |d| d.attrs.len() != 1) {
                return Err(Error::Config(format!(
                    "attribute for `{pattern}`: `{attr}` is not one outer attribute such as `#[serde(default)]`"
                )));
            }
        }
        for (key, name) in &self.relation_names {
            let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                return Err(Error::Config(format!("relation_name for `{key}`: `{name}` is not a snake_case name")));
            }
        }
        if self.file_name.is_empty() || self.file_name.contains(['/', '\\']) {
            return Err(Error::Config(format!("file_name `{}` must be a plain file name", self.file_name)));
        }
        Ok(())
    }

    /// Generates code and writes it when its bytes changed; in check mode, fails when
    /// they would change. Prints `cargo:rerun-if-…` lines when run from `build.rs`.
    pub fn generate(&self) -> Result<Generated> {
        let schema_path = self.resolve(&self.schema);
        if self.cargo {
            // Once one rerun-if line is printed Cargo stops scanning the package: list them all.
            println!("cargo:rerun-if-changed={}", schema_path.display());
            println!("cargo:rerun-if-changed={}", self.output_path().display());
            println!("cargo:rerun-if-env-changed=SLEET_CHECK");
            println!("cargo:rerun-if-env-changed=SLEET_DATABASE_URL");
            if let Some(source) = &self.source {
                println!("cargo:rerun-if-changed={}", source.display());
            }
        }
        let (code, report) = self.render()?;
        if self.cargo {
            for file in &report.files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        // Both files are rendered before either is written: a bad migration leaves the
        // schema file as it was too.
        let embedded = if self.embed_migrations { Some(self.render_migrations()?) } else { None };
        let path = self.output_path();
        let mut written = self.write_if_changed(&path, &code, &self.source_label())?;
        if let Some(code) = embedded {
            let shown = self.migrations_dir.display().to_string();
            written |= self.write_if_changed(&self.migrations_output_path(), &code, &shown)?;
        }
        Ok(Generated { path, written, report })
    }

    /// `migrations.rs`: the folder read (and every script split) now, so a bad file
    /// fails the build rather than the application's startup.
    fn render_migrations(&self) -> Result<String> {
        let dir = self.migrations_path();
        if self.cargo {
            println!("cargo:rerun-if-changed={}", dir.display());
            println!("cargo:rerun-if-changed={}", self.migrations_output_path().display());
        }
        let migrations = crate::migrations::read_dir(&dir)?;
        if self.cargo {
            for m in &migrations {
                for script in std::iter::once(&m.up).chain(&m.down) {
                    println!("cargo:rerun-if-changed={}", script.path.display());
                }
            }
        }
        let out_dir = self.resolve(&self.out_dir);
        std::fs::create_dir_all(&out_dir).map_err(|source| Error::Write { path: out_dir.clone(), source })?;
        let places = crate::migrations::Places {
            shown_dir: &self.migrations_dir,
            dir: &dir,
            out_dir: &out_dir,
            journal: self.journal_table(),
            regenerate_command: &self.regenerate_command,
        };
        crate::migrations::embed(&migrations, &places)
    }

    /// Writes `code` unless the file holds it already; in check mode, an error instead.
    fn write_if_changed(&self, path: &Path, code: &str, input: &str) -> Result<bool> {
        let up_to_date = std::fs::read(path).ok().as_deref() == Some(code.as_bytes());
        if up_to_date {
            return Ok(false);
        }
        if self.check_mode() {
            return Err(Error::Stale {
                path: path.to_path_buf(),
                schema: PathBuf::from(input),
                command: self.regenerate_command.clone(),
            });
        }
        write_atomically(path, code.as_bytes())?;
        Ok(true)
    }
}

/// Writes through a temporary file and a rename, so a failure never leaves a
/// half-written file behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("rs.sleet-tmp");
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}
