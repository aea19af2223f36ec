//! Applies parsed DDL statements to a [`Catalog`], in order, with PostgreSQL's rules
//! for name resolution (`search_path`), defaults and constraint names. What a statement
//! does to the catalog (rename, move, drop with dependents) is the catalog's own
//! operation; this module only translates statements into those operations.
//!
//! - `names`: `search_path`, qualification, finding relations and types
//! - `tables`: tables, columns, `ALTER TABLE`, indexes, sequences
//! - `constraints`: keys, checks, foreign keys, domain constraints
//! - `types`: enums, composites, domains, ranges
//! - `sequences`: sequence options as PostgreSQL resolves them
//! - `objects`: schemas, extensions, views; `RENAME`, `SET SCHEMA`, `DROP`, `COMMENT`

mod constraints;
mod names;
mod naming;
mod objects;
mod sequences;
mod tables;
mod types;

use super::nodes::node_kind;
use super::views;
use crate::error::Location;
use crate::report::{Note, Skipped};
use pg_query::NodeEnum;
use sleet_catalog::Catalog;

/// Where temporary tables live while the schema is applied.
const TEMP_SCHEMA: &str = "pg_temp";

/// Why a statement cannot be applied, and where in it, when finer than the statement.
#[derive(Debug)]
pub(crate) struct ApplyError {
    /// Boxed: errors are rare, and a small `Err` keeps every `Result` small.
    pub(crate) problem: Box<Problem>,
    /// Byte offset (in the file) of the construct at fault.
    pub(crate) offset: Option<usize>,
}

/// What is wrong with a statement.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Problem {
    /// The catalog refuses the operation (a missing or duplicate object, a dependent).
    #[error(transparent)]
    Catalog(#[from] sleet_catalog::Error),
    /// The statement is malformed or uses what sleet cannot model.
    #[error("{0}")]
    Statement(String),
    /// A column's definition is at fault.
    #[error("column \"{column}\" of \"{table}\": {source}")]
    InColumn {
        /// The table.
        table: sleet_catalog::QualifiedName,
        /// The column.
        column: String,
        /// What is wrong with it.
        source: Box<Problem>,
    },
}

impl ApplyError {
    /// Points the error at a parser location within the statement, unless it already
    /// points somewhere finer.
    fn at(mut self, location: i32) -> Self {
        if self.offset.is_none() {
            self.offset = usize::try_from(location).ok();
        }
        self
    }
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.problem.fmt(f)
    }
}

impl From<sleet_catalog::Error> for ApplyError {
    fn from(error: sleet_catalog::Error) -> Self {
        Self { problem: Box::new(Problem::Catalog(error)), offset: None }
    }
}

impl From<String> for ApplyError {
    fn from(message: String) -> Self {
        Self { problem: Box::new(Problem::Statement(message)), offset: None }
    }
}

impl From<&str> for ApplyError {
    fn from(message: &str) -> Self {
        message.to_string().into()
    }
}

type Res<T = ()> = std::result::Result<T, ApplyError>;

/// Applies statements to a catalog, tracking `search_path` as a session would.
pub(crate) struct Applier {
    catalog: Catalog,
    search_path: Vec<String>,
    skipped: Vec<Skipped>,
    notes: Vec<Note>,
    /// Return types of user functions by name (`None` when overloads disagree), so
    /// views that call them can be typed.
    functions: views::Functions,
    /// Notes from resolving types, which happens behind shared references.
    type_notes: std::cell::RefCell<Vec<Note>>,
    /// Foreign keys to tables defined further down, added at the end.
    pending_foreign_keys: Vec<constraints::Pending>,
    /// Adding those now: a missing table is an error.
    resolving: bool,
}

impl Applier {
    pub(crate) fn new() -> Self {
        Self {
            catalog: Catalog::new(),
            search_path: vec!["public".into()],
            skipped: Vec::new(),
            notes: Vec::new(),
            functions: views::Functions::new(),
            type_notes: std::cell::RefCell::default(),
            pending_foreign_keys: Vec::new(),
            resolving: false,
        }
    }

    /// The catalog, what was skipped on purpose, and notes for the user.
    pub(crate) fn finish(mut self) -> (Catalog, Vec<Skipped>, Vec<Note>) {
        self.catalog.schemas.remove(TEMP_SCHEMA);
        self.notes.extend(self.type_notes.into_inner());
        (self.catalog, self.skipped, self.notes)
    }

    /// Applies one statement.
    pub(crate) fn apply(&mut self, node: &NodeEnum, at: &dyn Fn() -> Location) -> Res {
        match node {
            NodeEnum::CreateSchemaStmt(s) => self.create_schema(s, at),
            NodeEnum::CreateStmt(s) => self.create_table(s),
            NodeEnum::CreateForeignTableStmt(s) => s.base_stmt.as_ref().map_or(Ok(()), |s| self.create_table(s)),
            NodeEnum::AlterTableStmt(s) => self.alter_table(s),
            NodeEnum::RenameStmt(s) => self.rename(s),
            NodeEnum::AlterObjectSchemaStmt(s) => self.set_schema(s),
            NodeEnum::DropStmt(s) => self.drop(s),
            NodeEnum::CreateEnumStmt(s) => self.create_enum(s),
            NodeEnum::AlterEnumStmt(s) => self.alter_enum(s),
            NodeEnum::CompositeTypeStmt(s) => self.create_composite(s),
            NodeEnum::CreateDomainStmt(s) => self.create_domain(s),
            NodeEnum::AlterDomainStmt(s) => self.alter_domain(s),
            NodeEnum::CreateRangeStmt(s) => self.create_range(s),
            NodeEnum::ViewStmt(s) => self.create_view(s),
            NodeEnum::CreateTableAsStmt(s) => self.create_table_as(s),
            NodeEnum::CommentStmt(s) => self.comment(s),
            NodeEnum::IndexStmt(s) => self.create_index(s),
            NodeEnum::CreateSeqStmt(s) => self.create_sequence(s),
            NodeEnum::AlterSeqStmt(s) => self.alter_sequence(s),
            NodeEnum::CreateExtensionStmt(s) => self.create_extension(s),
            NodeEnum::VariableSetStmt(s) if s.name.eq_ignore_ascii_case("search_path") => {
                self.set_search_path(s);
                Ok(())
            }
            NodeEnum::SelectStmt(s) if self.select_set_config(s) => Ok(()),
            NodeEnum::CreateFunctionStmt(f) => {
                self.record_function(f);
                self.skipped.push(Skipped { location: at(), kind: node_kind(node) });
                Ok(())
            }
            other => {
                self.skipped.push(Skipped { location: at(), kind: node_kind(other) });
                Ok(())
            }
        }
    }
}
