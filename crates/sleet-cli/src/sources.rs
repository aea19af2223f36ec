//! Where a schema comes from for the differ: a `.sql` file, a migrations folder
//! (replayed through the SQL front end: no snapshot files), or a live database (read
//! with the live front end). Renames are declared in schema files.

use crate::live;
use anyhow::{Context, Result};
use sleet_catalog::Catalog;
use sleet_codegen::migrations;
use sleet_introspect::connect::{self, DatabaseUrl};
use sleet_migrate::diff::Rename;
use std::path::{Path, PathBuf};

/// One side of a diff.
#[derive(Clone, Debug)]
pub enum Source {
    /// A schema file (or a folder of them that is not a migrations folder).
    File(PathBuf),
    /// A migrations folder, replayed.
    Folder(PathBuf),
    /// A live database.
    Database(DatabaseUrl),
}

impl Source {
    /// `postgres://…` or `postgresql://…` is a database; a folder with migrations in
    /// it a migrations folder; anything else a schema file.
    pub fn parse(text: &str) -> Source {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Source::Database(DatabaseUrl::given(text, "the command line"));
        }
        let path = PathBuf::from(text);
        if path.is_dir() {
            Source::Folder(path)
        } else {
            Source::File(path)
        }
    }

    /// How messages name it (a database's password redacted).
    pub fn describe(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Folder(p) => format!("the migrations in {}", p.display()),
            Source::Database(url) => url.redacted(),
        }
    }
}

/// A schema read for the differ.
pub struct Read {
    /// What it holds.
    pub catalog: Catalog,
    /// The renames its text declares (schema files only).
    pub renames: Vec<Rename>,
    /// Statements of a schema file that define what sleet does not model (functions,
    /// triggers, policies, grants): left alone by every plan, and said so.
    pub left_alone: Vec<String>,
}

impl Read {
    fn of(catalog: Catalog) -> Self {
        Read { catalog, renames: Vec::new(), left_alone: Vec::new() }
    }

    /// Adds the renames of a hints file.
    pub fn with_hints(mut self, file: Option<&Path>) -> Result<Self> {
        if let Some(file) = file {
            let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
            let hints =
                sleet_migrate::annotations::hints(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            self.renames.extend(hints);
        }
        Ok(self)
    }

    /// Tells the user, on stderr, what the plan leaves alone.
    pub fn note_left_alone(&self) {
        for what in &self.left_alone {
            eprintln!("note: {what}");
        }
    }
}

/// Reads `source` (a database on a runtime of its own).
pub fn read(source: &Source, settings: &sleet_codegen::Config) -> Result<Read> {
    match source {
        Source::File(path) => {
            let (catalog, report) = sleet_codegen::load(path)?;
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let renames =
                sleet_migrate::annotations::renames(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let left_alone = report
                .skipped
                .iter()
                .filter(|s| !matches!(s.kind.as_str(), "VariableSetStmt" | "SelectStmt" | "TransactionStmt"))
                .map(|s| {
                    format!(
                        "{}: `{}` is left alone: sleet does not model it, so no migration creates, changes or drops it",
                        s.location,
                        s.location.statement.trim()
                    )
                })
                .collect();
            Ok(Read { catalog, renames, left_alone })
        }
        Source::Folder(dir) => Ok(Read::of(replay(dir)?)),
        Source::Database(url) => {
            let read = live::read(url, None, settings)?;
            let left_alone = read
                .notes
                .iter()
                .filter(|n| matches!(n, sleet_introspect::Note::NotModelled { .. }))
                .map(|n| format!("{}: {n}", url.redacted()))
                .collect();
            Ok(Read { left_alone, ..Read::of(read.catalog) })
        }
    }
}

/// The schema a migrations folder builds, replayed through the SQL front end; empty
/// when the folder does not exist yet or holds no migration.
pub fn replay(dir: &Path) -> Result<Catalog> {
    let found = if dir.is_dir() { migrations::read_dir(dir).or_else(|e| empty_or(e, dir))? } else { Vec::new() };
    let sources: Vec<(PathBuf, String)> = found.into_iter().map(|m| (m.up.path, m.up.sql)).collect();
    let (catalog, _) = sleet_codegen::load_sources(sources.iter().map(|(p, s)| (p.as_path(), s.as_str())))
        .with_context(|| format!("replaying the migrations in {}", dir.display()))?;
    Ok(catalog)
}

/// An empty folder is no migrations yet; any other error stands.
fn empty_or(e: sleet_codegen::Error, dir: &Path) -> Result<Vec<migrations::MigrationFiles>> {
    let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty {
        Ok(Vec::new())
    } else {
        Err(e.into())
    }
}

/// Takes `desired`'s expression text into the server's form when the other side is a
/// database (see `sleet_migrate::live`).
pub fn in_server_form(url: &DatabaseUrl, desired: &mut Catalog, live: &Catalog) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = connect::connect(url).await?;
        sleet_migrate::live::in_server_form(&client, desired, live)
            .await
            .with_context(|| format!("reading the schema's expressions back from {}", url.redacted()))?;
        Ok(())
    })
}
