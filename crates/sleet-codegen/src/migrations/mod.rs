//! Reading a migrations folder for the runner: which migrations it holds, in which
//! order, and each script's statements as PostgreSQL's parser splits them (never on
//! semicolons). Three layouts are read, so a team can switch without renaming:
//!
//! - sleet's and Diesel's: `<version>_<name>/up.sql` with an optional `down.sql` (and
//!   Diesel's `metadata.toml` with `run_in_transaction = false`);
//! - sqlx's reversible: `<version>_<name>.up.sql` and `<version>_<name>.down.sql`;
//! - sqlx's simple: `<version>_<name>.sql`.
//!
//! A version is digits, with `-` allowed between them (Diesel's `2024-01-31-120000`);
//! migrations run in the numeric order of its digits. Every problem is found here,
//! before anything runs: a folder that is missing, a file that does not read or parse,
//! an empty script, two migrations with one version, `BEGIN`/`COMMIT` in a script that
//! the runner already wraps in a transaction, `CREATE INDEX CONCURRENTLY` in one.

mod embed;

pub(crate) use embed::{embed, Places};

use crate::error::{Error, Location, Result};
use crate::frontend::sql::{locate_syntax_error, location};
use pg_query::NodeEnum;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The first line that makes a script run outside a transaction (sqlx's
/// `-- no-transaction` is read too), as the runtime reads it.
const NO_TRANSACTION: [&str; 2] = ["-- sleet:no-transaction", "-- no-transaction"];

/// One migration as found in the folder.
#[derive(Clone, Debug)]
pub struct MigrationFiles {
    /// The version as written.
    pub version: String,
    /// The name after the version.
    pub name: String,
    /// The script that applies it.
    pub up: ScriptFile,
    /// The script that reverts it, when there is one.
    pub down: Option<ScriptFile>,
}

/// A script: its text and its statements.
#[derive(Clone, Debug)]
pub struct ScriptFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text.
    pub sql: String,
    /// Its statements, in order.
    pub statements: Vec<StatementSpan>,
    /// Whether it runs in a transaction (its first line, or Diesel's `metadata.toml`).
    pub in_transaction: bool,
}

/// Where one statement is in its script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementSpan {
    /// Byte range in the text (without the `;`).
    pub span: Range<usize>,
    /// `CREATE INDEX CONCURRENTLY`: the index's name and its table as SQL text.
    pub concurrent_index: Option<(String, String)>,
}

/// Reads every migration in `dir`, in version order.
pub fn read_dir(dir: &Path) -> Result<Vec<MigrationFiles>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Migrations {
        path: dir.to_path_buf(),
        message: format!(
            "cannot read the migrations folder ({source}); create it, or set [migrations] dir in sleet.toml"
        ),
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read { path: dir.to_path_buf(), source })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push((name, entry.path()));
        }
    }
    names.sort();
    // (version, name) → (up, down, metadata.toml says no transaction)
    let mut found: BTreeMap<(String, String), (Option<PathBuf>, Option<PathBuf>, bool)> = BTreeMap::new();
    for (file_name, path) in names {
        if path.is_dir() {
            let (version, name) = split_name(&file_name, &path)?;
            let up = path.join("up.sql");
            if !up.is_file() {
                return Err(Error::Migrations {
                    path: path.clone(),
                    message: "a migration folder needs an up.sql".into(),
                });
            }
            let down = Some(path.join("down.sql")).filter(|p| p.is_file());
            let no_transaction = diesel_metadata_says_no_transaction(&path.join("metadata.toml"))?;
            found.insert((version, name), (Some(up), down, no_transaction));
        } else if let Some(stem) = file_name.strip_suffix(".up.sql") {
            let key = split_name(stem, &path)?;
            found.entry(key).or_default().0 = Some(path);
        } else if let Some(stem) = file_name.strip_suffix(".down.sql") {
            let key = split_name(stem, &path)?;
            found.entry(key).or_default().1 = Some(path);
        } else if let Some(stem) = file_name.strip_suffix(".sql") {
            let key = split_name(stem, &path)?;
            found.entry(key).or_default().0 = Some(path);
        }
        // Anything else (a README, a .gitkeep) is not a migration.
    }
    let mut migrations: Vec<(u128, MigrationFiles)> = Vec::with_capacity(found.len());
    for ((version, name), (up, down, no_transaction)) in found {
        let Some(up) = up else {
            let down = down.unwrap_or_default();
            return Err(Error::Migrations { path: down, message: "a down script without its up script".into() });
        };
        let key = version_key(&version).ok_or_else(|| Error::Migrations {
            path: up.clone(),
            message: format!("the version {version:?} does not fit in 38 digits"),
        })?;
        let up = read_script(&up, no_transaction)?;
        if up.statements.is_empty() {
            return Err(Error::Migrations { path: up.path, message: "holds no SQL statement".into() });
        }
        let down = down.map(|d| read_script(&d, no_transaction)).transpose()?;
        migrations.push((key, MigrationFiles { version, name, up, down }));
    }
    migrations.sort_by_key(|(key, _)| *key);
    for pair in migrations.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(Error::Migrations {
                path: pair[1].1.up.path.clone(),
                message: format!(
                    "has the same version as {} (versions compare by their digits); give one a new version",
                    pair[0].1.up.path.display()
                ),
            });
        }
    }
    Ok(migrations.into_iter().map(|(_, m)| m).collect())
}

/// `<version>_<name>` → (version, name).
fn split_name(stem: &str, path: &Path) -> Result<(String, String)> {
    let parsed = stem.split_once('_').filter(|(version, name)| {
        !name.is_empty()
            && version.starts_with(|c: char| c.is_ascii_digit())
            && version.chars().all(|c| c.is_ascii_digit() || c == '-')
    });
    match parsed {
        Some((version, name)) => Ok((version.to_string(), name.to_string())),
        None => Err(Error::Migrations {
            path: path.to_path_buf(),
            message: "cannot tell its version: name it <version>_<name>, as in 20260131120000_add_bio".into(),
        }),
    }
}

fn version_key(version: &str) -> Option<u128> {
    version.chars().filter(|c| *c != '-').collect::<String>().parse().ok()
}

/// Diesel's per-migration `metadata.toml`: `run_in_transaction = false`.
fn diesel_metadata_says_no_transaction(path: &Path) -> Result<bool> {
    if !path.is_file() {
        return Ok(false);
    }
    #[derive(serde::Deserialize)]
    struct Metadata {
        run_in_transaction: Option<bool>,
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let metadata: Metadata = toml::from_str(&text)
        .map_err(|e| Error::Migrations { path: path.to_path_buf(), message: e.message().trim_end().to_string() })?;
    Ok(metadata.run_in_transaction == Some(false))
}

/// Reads and splits one script.
fn read_script(path: &Path, no_transaction: bool) -> Result<ScriptFile> {
    let sql = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let first_line = sql.trim_start_matches('\u{feff}').lines().next().unwrap_or_default().trim();
    let in_transaction = !no_transaction && !NO_TRANSACTION.contains(&first_line);
    let statements = split(path, &sql, in_transaction)?;
    Ok(ScriptFile { path: path.to_path_buf(), sql, statements, in_transaction })
}

/// The statements of a script, as the parser sees them.
fn split(path: &Path, sql: &str, in_transaction: bool) -> Result<Vec<StatementSpan>> {
    if let Some(offset) = psql_meta_command(sql) {
        return Err(Error::Migrations {
            path: path.to_path_buf(),
            message: format!(
                "line {}: a psql meta-command (\\…) cannot run in a migration: the server runs the script, not psql",
                location(path, sql, offset).line
            ),
        });
    }
    let parsed = pg_query::parse(sql, 0).map_err(|e| locate_syntax_error(path, sql, e))?;
    let mut statements = Vec::with_capacity(parsed.protobuf.stmts.len());
    for raw in &parsed.protobuf.stmts {
        let start = usize::try_from(raw.stmt_location).unwrap_or(0);
        let end = match usize::try_from(raw.stmt_len).unwrap_or(0) {
            0 => sql.len(),
            len => start + len,
        };
        let node = raw.stmt.as_ref().and_then(|s| s.node.as_ref());
        let at = || location(path, sql, crate::frontend::sql::skip_blanks(sql, start));
        let concurrent_index = match node {
            Some(NodeEnum::TransactionStmt(_)) if in_transaction => {
                return Err(not_here(at(), "BEGIN, COMMIT and ROLLBACK do not belong in a migration: the runner runs each one in a transaction of its own; for none, put `-- sleet:no-transaction` on its first line"));
            }
            Some(NodeEnum::IndexStmt(index)) if index.concurrent => {
                if in_transaction {
                    return Err(not_here(at(), "CREATE INDEX CONCURRENTLY cannot run inside a transaction: put `-- sleet:no-transaction` on the script's first line"));
                }
                if index.idxname.is_empty() {
                    return Err(not_here(at(), "name the index built concurrently, so that the runner can drop what a failed build leaves behind"));
                }
                let table = index.relation.as_ref().map(|r| {
                    let name = quote(&r.relname);
                    if r.schemaname.is_empty() {
                        name
                    } else {
                        format!("{}.{name}", quote(&r.schemaname))
                    }
                });
                table.map(|table| (index.idxname.clone(), table))
            }
            _ => None,
        };
        statements.push(StatementSpan { span: start..end, concurrent_index });
    }
    Ok(statements)
}

fn not_here(location: Location, message: &str) -> Error {
    Error::Schema { location, message: message.to_string() }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The offset of a line that starts with a backslash outside any statement text
/// (`\connect`, `\i`): a psql command, which the server cannot run.
fn psql_meta_command(sql: &str) -> Option<usize> {
    let tokens = pg_query::scan(sql).ok()?;
    let mut offset = 0;
    for line in sql.split_inclusive('\n') {
        if line.trim_start().starts_with('\\') {
            let at = offset + (line.len() - line.trim_start().len());
            // Inside a string or a dollar-quoted body, a backslash line is data.
            let inside = tokens.tokens.iter().any(|t| {
                let (s, e) = (usize::try_from(t.start).unwrap_or(0), usize::try_from(t.end).unwrap_or(0));
                s < at && at < e
            });
            if !inside {
                return Some(at);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(sql: &str) -> Vec<&str> {
        split(Path::new("t.sql"), sql, true).unwrap().iter().map(|s| &sql[s.span.clone()]).collect()
    }

    #[test]
    fn statements_split_by_the_parser() {
        let sql = "CREATE TABLE a (x text DEFAULT ';');\n\
                   CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n\
                   -- a comment; with a semicolon\n\
                   INSERT INTO a VALUES ('x;y')";
        let parts = spans(sql);
        assert_eq!(parts.len(), 3);
        assert!(parts[1].contains("SELECT 1; $$"));
        assert!(parts[2].trim_start().starts_with("INSERT"), "comments before a statement are not part of it");
        assert!(parts[2].ends_with("('x;y')"));
    }

    #[test]
    fn transaction_control_and_concurrent_indexes_are_refused_in_a_transaction() {
        let err = split(Path::new("t.sql"), "BEGIN;\nCREATE TABLE a ();\nCOMMIT;", true).unwrap_err();
        assert!(err.to_string().contains("t.sql:1:1") && err.to_string().contains("BEGIN, COMMIT"), "{err}");
        let err = split(Path::new("t.sql"), "CREATE INDEX CONCURRENTLY i ON a (x);", true).unwrap_err();
        assert!(err.to_string().contains("-- sleet:no-transaction"), "{err}");
        let err = split(Path::new("t.sql"), "CREATE INDEX CONCURRENTLY ON a (x);", false).unwrap_err();
        assert!(err.to_string().contains("name the index"), "{err}");
        let ok = split(Path::new("t.sql"), "CREATE INDEX CONCURRENTLY i ON s.\"A\" (x);", false).unwrap();
        assert_eq!(ok[0].concurrent_index, Some(("i".to_string(), "\"s\".\"A\"".to_string())));
    }

    #[test]
    fn psql_commands_are_refused_but_backslashes_in_strings_are_data() {
        let err = split(Path::new("t.sql"), "SELECT 1;\n\\connect other\n", true).unwrap_err();
        assert!(err.to_string().contains("line 2: a psql meta-command"), "{err}");
        assert_eq!(spans("SELECT $$\n\\x\n$$;").len(), 1);
    }

    #[test]
    fn names_need_a_version() {
        assert!(split_name("20260101_add_bio", Path::new("x")).is_ok());
        assert!(split_name("2024-01-31-120000_x", Path::new("x")).is_ok());
        assert!(split_name("add_bio", Path::new("x")).is_err());
        assert!(split_name("1_", Path::new("x")).is_err());
    }
}
