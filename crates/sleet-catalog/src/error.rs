//! What an operation on the Catalog refuses, in PostgreSQL's words: each error names
//! the objects involved, and the remedy where there is one.

use crate::QualifiedName;

/// Why an operation on the [`Catalog`](crate::Catalog) was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No schema by that name.
    #[error("schema \"{0}\" does not exist")]
    SchemaNotFound(String),
    /// A schema by that name exists already.
    #[error("schema \"{0}\" already exists")]
    SchemaExists(String),
    /// `DROP SCHEMA` without `CASCADE` on a schema that holds objects.
    #[error("cannot drop schema \"{0}\" because other objects depend on it; use DROP SCHEMA … CASCADE")]
    SchemaNotEmpty(String),
    /// No table or view by that name (as written, possibly unqualified).
    #[error("relation \"{0}\" does not exist")]
    RelationNotFound(String),
    /// A table, view or sequence by that name exists already.
    #[error("relation \"{0}\" already exists")]
    RelationExists(QualifiedName),
    /// No column by that name.
    #[error("column \"{column}\" of relation \"{relation}\" does not exist")]
    ColumnNotFound {
        /// The table or view.
        relation: QualifiedName,
        /// The missing column.
        column: String,
    },
    /// A column by that name exists already.
    #[error("column \"{column}\" of relation \"{relation}\" already exists")]
    ColumnExists {
        /// The table.
        relation: QualifiedName,
        /// The column.
        column: String,
    },
    /// No type by that name (as written, possibly unqualified).
    #[error("type \"{0}\" does not exist")]
    TypeNotFound(String),
    /// A type (or a relation's row type) by that name exists already.
    #[error("type \"{0}\" already exists")]
    TypeExists(QualifiedName),
    /// The object exists but is of another kind than the statement needs.
    #[error("\"{name}\" is not {expected}")]
    WrongKind {
        /// The object.
        name: QualifiedName,
        /// What the statement needs: `a table`, `an enum`, `a composite type`, …
        expected: &'static str,
    },
    /// No constraint by that name on the table.
    #[error("constraint \"{constraint}\" of relation \"{relation}\" does not exist")]
    ConstraintNotFound {
        /// The table.
        relation: QualifiedName,
        /// The missing constraint.
        constraint: String,
    },
    /// No index by that name.
    #[error("index \"{0}\" does not exist")]
    IndexNotFound(String),
    /// No sequence by that name.
    #[error("sequence \"{0}\" does not exist")]
    SequenceNotFound(String),
    /// Dropping a table that a foreign key of another table references.
    #[error("cannot drop table \"{table}\" because constraint \"{constraint}\" on table \"{referencing}\" depends on it; drop the constraint first or use CASCADE")]
    ReferencedByForeignKey {
        /// The table being dropped.
        table: QualifiedName,
        /// The foreign key that references it.
        constraint: String,
        /// The table that holds the foreign key.
        referencing: QualifiedName,
    },
    /// Dropping a relation that a view reads.
    #[error("cannot drop \"{relation}\" because view \"{view}\" depends on it; drop the view first or use CASCADE")]
    ReadByView {
        /// The relation being dropped.
        relation: QualifiedName,
        /// The view that reads it.
        view: QualifiedName,
    },
    /// Dropping a type that a column uses.
    #[error("cannot drop type \"{ty}\" because column \"{column}\" of table \"{table}\" uses it; drop the column first or use CASCADE")]
    TypeInUse {
        /// The type being dropped.
        ty: QualifiedName,
        /// The table whose column uses it.
        table: QualifiedName,
        /// The column.
        column: String,
    },
}

/// `Result` with the Catalog's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
