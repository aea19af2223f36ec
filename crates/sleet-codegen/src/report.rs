//! What a run found besides the code: the files read, statements skipped on purpose,
//! and notes for the user — as data, so the CLI, `build.rs` and tests can each show or
//! check them their own way.

use crate::error::Location;
use sleet_catalog::QualifiedName;
use std::fmt;
use std::path::PathBuf;

/// What loading and generating found besides the catalog and the code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The files read, in the order they were applied.
    pub files: Vec<PathBuf>,
    /// Statements that do not shape types (functions, grants, data…), with where they are.
    pub skipped: Vec<Skipped>,
    /// Things the user may want to know (view columns whose type was not inferred…).
    pub notes: Vec<Note>,
}

/// A statement skipped on purpose because it does not shape types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is.
    pub location: Location,
    /// What kind of statement it is (`CreateFunctionStmt`, `GrantStmt`, …).
    pub kind: String,
}

/// Something the user may want to know about the generated code.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// A view selects `*` from a relation the schema does not define (an extension's,
    /// say), so its columns are unknown and it is not generated.
    ViewOverUnknownRelation {
        /// The view.
        view: QualifiedName,
    },
    /// A type no earlier statement defines, taken to be the one an extension sleet does
    /// not know defines (the schema creates that extension).
    TypeFromExtension {
        /// The type, in the extension's schema.
        ty: QualifiedName,
        /// The extension.
        extension: String,
    },
    /// A view column's type cannot be inferred soundly from the view's query.
    ViewColumnUntyped {
        /// The view.
        view: QualifiedName,
        /// The column.
        column: String,
    },
    /// A view column without a type (and without an override) is left out of the row.
    ViewColumnLeftOut {
        /// The view.
        view: QualifiedName,
        /// The column.
        column: String,
    },
    /// A Rust name was taken, so the item got another.
    NameTaken {
        /// What is named (`column public.users.type`, `relation users.posts`, …).
        item: String,
        /// The name it would have had.
        wanted: String,
        /// The name it has.
        given: String,
    },
    /// Something the live front end says about the database it read (what the Catalog
    /// does not hold).
    FromDatabase {
        /// The live front end's note.
        note: String,
    },
    /// A check (or a part of one) that generated validation leaves to the database.
    LeftToDatabase {
        /// The table or domain and the constraint.
        item: String,
        /// Why it is not translated.
        reason: String,
    },
    /// A column's value decodes as `sl::RawValue`, the binary value as sent.
    RawValue {
        /// The column or field (`column public.t.c`).
        item: String,
        /// Why it has no Rust type.
        reason: RawValueReason,
    },
}

/// Why a column decodes as raw bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawValueReason {
    /// The SQL type has no Rust mapping yet.
    Unmapped {
        /// The SQL type.
        ty: QualifiedName,
    },
    /// An array of more than one dimension.
    MultiDimensionalArray {
        /// Its dimensions.
        dims: u32,
    },
    /// A table's row type used as a column type.
    TableRowType,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::ViewOverUnknownRelation { view } => write!(
                f,
                "view {view} selects * from a relation this schema does not define (an extension's?); the view is not generated"
            ),
            Note::TypeFromExtension { ty, extension } => write!(
                f,
                "type {ty} is taken to be extension {extension}'s; it decodes as sl::RawValue unless type_override gives it a Rust type"
            ),
            Note::ViewColumnUntyped { view, column } => write!(
                f,
                "view {view}: the type of column \"{column}\" cannot be inferred soundly; it is left out of the generated row unless a column override gives its type"
            ),
            Note::ViewColumnLeftOut { view, column } => write!(
                f,
                "view {view}: column \"{column}\" is left out: its type cannot be inferred (give it one with column_type(\"{}.{column}\", …))",
                view.name
            ),
            Note::FromDatabase { note } => f.write_str(note),
            Note::LeftToDatabase { item, reason } => {
                write!(f, "{item}: not checked by `validate`, left to the database: {reason}")
            }
            Note::NameTaken { item, wanted, given } => {
                write!(f, "{item}: the Rust name `{wanted}` is taken, so it is `{given}`; rename or override to choose")
            }
            Note::RawValue { item, reason: RawValueReason::Unmapped { ty } } => write!(
                f,
                "{item}: type {ty} has no Rust mapping yet; it decodes as sl::RawValue (override it with type_override)"
            ),
            Note::RawValue { item, reason: RawValueReason::MultiDimensionalArray { dims } } => write!(
                f,
                "{item}: {dims}-dimensional arrays decode as sl::RawValue; override the column type to decode them"
            ),
            Note::RawValue { item, reason: RawValueReason::TableRowType } => {
                write!(f, "{item}: a table's row type used as a column type decodes as sl::RawValue")
            }
        }
    }
}
