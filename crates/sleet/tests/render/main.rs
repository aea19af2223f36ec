//! What every builder renders — SQL text and parameter count — checked without a
//! database, so that a change to a builder fails here, next to its code. The database
//! tests (`tests/e2e` at the workspace root) stay for behaviour.
//!
//! Each test writes its cases to `snapshots/<test>.sql` and compares; `SLEET_BLESS=1`
//! accepts the new text. The tables are the demo's, from its committed generated code.

#[rustfmt::skip]
#[path = "../../../../generated/schema.rs"]
mod schema;

mod compose;
mod select;
mod write;

use sleet::query::Render;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The cases of one snapshot file.
pub struct Snapshot {
    name: &'static str,
    text: String,
}

impl Snapshot {
    /// An empty snapshot named after its file.
    pub fn new(name: &'static str) -> Self {
        Self { name, text: String::new() }
    }

    /// Renders `query` under `label`.
    pub fn case(&mut self, label: &str, query: &impl Render) -> &mut Self {
        let (sql, params) = query.to_sql();
        let plural = if params == 1 { "" } else { "s" };
        writeln!(self.text, "-- {label} ({params} parameter{plural})\n{sql};\n").unwrap();
        self
    }

    /// Compares with the committed snapshot (or writes it, with `SLEET_BLESS=1`).
    pub fn check(&self) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/render/snapshots/{}.sql", self.name));
        if std::env::var_os("SLEET_BLESS").is_some() {
            std::fs::write(&path, &self.text).unwrap();
            return;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected == self.text {
            return;
        }
        let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), self.text.lines().collect());
        let first = old.iter().zip(&new).position(|(a, b)| a != b).unwrap_or(old.len().min(new.len()));
        panic!(
            "{} differs from what the builders render (rerun with SLEET_BLESS=1 to accept), from line {}:\n  expected: {}\n  rendered: {}",
            path.display(),
            first + 1,
            old.get(first).unwrap_or(&"<end of file>"),
            new.get(first).unwrap_or(&"<end of file>"),
        );
    }
}
