//! Errors of the generator: each names the file, line and statement at fault and what
//! was expected, so a failing `build.rs` tells the user what to fix.

use std::fmt;
use std::path::PathBuf;

/// Where in the input a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The first line of the statement at fault.
    pub statement: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Everything that can go wrong while generating code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A schema file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The SQL does not parse.
    #[error("{location}: syntax error: {message}\n    {}", location.statement)]
    Syntax {
        /// Where.
        location: Location,
        /// PostgreSQL's parser message.
        message: String,
    },
    /// The SQL parses but cannot be applied: unknown type, missing table, duplicate…
    #[error("{location}: {message}\n    {}", location.statement)]
    Schema {
        /// Where.
        location: Location,
        /// What is wrong and what was expected.
        message: String,
    },
    /// `sleet.toml` does not parse or holds a key this version does not know.
    #[error("{}:{line}:{column}: {message}", path.display())]
    ConfigFile {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong (names the key).
        message: String,
    },
    /// A live database could not be read (generating from one was asked for).
    #[error("cannot generate from the live database: {message}; to build without a database, run `sleet pull` once and commit schema.sql")]
    Database {
        /// What went wrong, the URL's password hidden.
        message: String,
    },
    /// The migrations folder, or a file in it, is not what the runner can read.
    #[error("{}: {message}", path.display())]
    Migrations {
        /// The folder or file at fault.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// The configuration is inconsistent.
    #[error("invalid sleet-codegen config: {0}")]
    Config(String),
    /// The schema cannot be turned into Rust (for example two names collide and no
    /// override separates them).
    #[error("{0}")]
    Emit(String),
    /// Check mode found generated code that differs from what the schema produces.
    #[error(
        "{} is stale: it differs from what {} generates; run `{}` and commit the result",
        path.display(),
        schema.display(),
        command
    )]
    Stale {
        /// The out-of-date file.
        path: PathBuf,
        /// The schema input.
        schema: PathBuf,
        /// The command that regenerates it.
        command: String,
    },
    /// Writing the generated file failed; the previous file is untouched.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path that failed.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Error {
    /// Where in the schema input the error is, when it is about the input.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Syntax { location, .. } | Error::Schema { location, .. } => Some(location),
            _ => None,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
