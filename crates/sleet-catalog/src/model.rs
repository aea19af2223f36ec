//! The data of the Catalog: schemas, tables, columns, constraints, indexes, views and
//! user types, as plain `serde`-able values.
//!
//! Ordering is deterministic: named objects live in `BTreeMap`s keyed by name, columns
//! keep their ordinal position, constraints keep declaration order.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A whole database schema: every namespace and what it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Namespaces by name; `public` exists from the start, as in PostgreSQL.
    pub schemas: BTreeMap<String, Schema>,
    /// Extensions created with `CREATE EXTENSION`, by name.
    pub extensions: BTreeMap<String, String>,
}

/// A schema-qualified name such as `public.users`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualifiedName {
    /// The namespace (`public`, `pg_catalog`, …).
    pub schema: String,
    /// The object's name within it.
    pub name: String,
}

impl QualifiedName {
    /// Builds a qualified name.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        Self { schema: schema.into(), name: name.into() }
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// One namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// The schema's name.
    pub name: String,
    /// `COMMENT ON SCHEMA`.
    pub comment: Option<String>,
    /// Tables, partitions included.
    pub tables: BTreeMap<String, Table>,
    /// Views and materialized views.
    pub views: BTreeMap<String, View>,
    /// Enum types.
    pub enums: BTreeMap<String, EnumType>,
    /// Domains.
    pub domains: BTreeMap<String, Domain>,
    /// Composite types (`CREATE TYPE … AS (…)`).
    pub composites: BTreeMap<String, Composite>,
    /// Range types (`CREATE TYPE … AS RANGE`).
    pub ranges: BTreeMap<String, RangeType>,
    /// Sequences, with the column that owns them if any.
    pub sequences: BTreeMap<String, Sequence>,
}

impl Schema {
    /// An empty schema with this name.
    pub fn named(name: impl Into<String>) -> Self {
        Self { name: name.into(), ..Self::default() }
    }

    /// Whether it holds no tables, views or types.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.views.is_empty()
            && self.enums.is_empty()
            && self.domains.is_empty()
            && self.composites.is_empty()
            && self.ranges.is_empty()
    }
}

/// A reference to a type as a column uses it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TypeRef {
    /// The resolved type: `pg_catalog.int4`, `public.role`, …
    pub name: QualifiedName,
    /// Type modifiers such as `varchar(40)` → `[40]`, `numeric(12, 4)` → `[12, 4]`.
    pub modifiers: Vec<i64>,
    /// Number of array dimensions; 0 for a scalar.
    pub array_dims: u32,
}

impl TypeRef {
    /// A scalar built-in type from `pg_catalog`.
    pub fn builtin(name: &str) -> Self {
        Self { name: QualifiedName::new("pg_catalog", name), modifiers: Vec::new(), array_dims: 0 }
    }

    /// The element type of an array, or the type itself.
    pub fn element(&self) -> TypeRef {
        TypeRef { array_dims: 0, ..self.clone() }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.schema == "pg_catalog" {
            write!(f, "{}", self.name.name)?;
        } else {
            write!(f, "{}", self.name)?;
        }
        if !self.modifiers.is_empty() {
            let mods: Vec<String> = self.modifiers.iter().map(i64::to_string).collect();
            write!(f, "({})", mods.join(", "))?;
        }
        for _ in 0..self.array_dims {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

/// A table (or a partition of one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// The table's name.
    pub name: String,
    /// Columns in ordinal order.
    pub columns: Vec<Column>,
    /// `PRIMARY KEY`, if any.
    pub primary_key: Option<KeyConstraint>,
    /// `UNIQUE` constraints and unique indexes without a predicate or expressions.
    pub uniques: Vec<KeyConstraint>,
    /// `CHECK` constraints.
    pub checks: Vec<Check>,
    /// Foreign keys, in declaration order.
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes (`CREATE INDEX`), by name.
    pub indexes: BTreeMap<String, Index>,
    /// How the table is partitioned (`PARTITION BY …`), if it is.
    pub partition_by: Option<String>,
    /// The parent this table is a partition of, if any.
    pub partition_of: Option<QualifiedName>,
    /// A partition's bound: `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`,
    /// `FOR VALUES WITH (…)` or `DEFAULT`.
    pub partition_bound: Option<String>,
    /// Parents named in `INHERITS (…)`.
    pub inherits: Vec<QualifiedName>,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
}

impl Table {
    /// An empty table with this name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: BTreeMap::new(),
            partition_by: None,
            partition_of: None,
            partition_bound: None,
            inherits: Vec::new(),
            comment: None,
        }
    }

    /// The column with this SQL name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column with this SQL name, mutably.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// Whether these columns are, as a set, the primary key or a unique key.
    pub fn is_unique_key(&self, columns: &[String]) -> bool {
        let same =
            |key: &KeyConstraint| key.columns.len() == columns.len() && columns.iter().all(|c| key.columns.contains(c));
        self.primary_key.iter().chain(&self.uniques).any(same)
    }
}

/// A column of a table, view or composite type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it may hold NULL.
    pub nullable: bool,
    /// The default expression, as SQL text.
    pub default: Option<String>,
    /// `GENERATED … AS IDENTITY`.
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (…) STORED`: the expression.
    pub generated: Option<String>,
    /// `COLLATE …`, when it is not the type's default.
    pub collation: Option<String>,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
}

impl Column {
    /// A nullable column with no default.
    pub fn new(name: impl Into<String>, ty: TypeRef) -> Self {
        Self {
            name: name.into(),
            ty,
            nullable: true,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
        }
    }

    /// Whether an INSERT may leave this column out and get a value anyway.
    pub fn has_default(&self) -> bool {
        self.default.is_some() || self.identity.is_some()
    }
}

/// Identity columns: `ALWAYS` refuses explicit values unless `OVERRIDING SYSTEM VALUE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
}

/// A primary key or unique constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyConstraint {
    /// The constraint name (PostgreSQL's default name when none was given).
    pub name: String,
    /// The key's columns, in order.
    pub columns: Vec<String>,
}

/// A `CHECK` constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The constraint name.
    pub name: String,
    /// The expression, as SQL text.
    pub expression: String,
    /// `NOT VALID`: enforced for new rows, not yet checked against existing ones.
    pub not_valid: bool,
}

/// A foreign key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// The constraint name.
    pub name: String,
    /// Referencing columns of this table.
    pub columns: Vec<String>,
    /// The referenced table.
    pub references: QualifiedName,
    /// Referenced columns, in the same order.
    pub referenced_columns: Vec<String>,
    /// `ON DELETE`.
    pub on_delete: FkAction,
    /// `ON UPDATE`.
    pub on_update: FkAction,
    /// `MATCH SIMPLE` (the default), `FULL` or `PARTIAL`.
    pub match_type: MatchType,
    /// `DEFERRABLE`, and whether `INITIALLY DEFERRED`.
    pub deferrable: Deferrable,
    /// `NOT VALID`: enforced for new rows, not yet checked against existing ones.
    pub not_valid: bool,
}

impl FkAction {
    /// From the one-letter code PostgreSQL's parser and `pg_constraint` use (`a` no
    /// action, `r` restrict, `c` cascade, `n` set null, `d` set default).
    pub fn from_code(code: &str) -> Self {
        match code {
            "r" => FkAction::Restrict,
            "c" => FkAction::Cascade,
            "n" => FkAction::SetNull,
            "d" => FkAction::SetDefault,
            _ => FkAction::NoAction,
        }
    }
}

impl MatchType {
    /// From the one-letter code PostgreSQL uses (`s`, `f`, `p`).
    pub fn from_code(code: &str) -> Self {
        match code {
            "f" => MatchType::Full,
            "p" => MatchType::Partial,
            _ => MatchType::Simple,
        }
    }
}

impl Deferrable {
    /// From `DEFERRABLE` and `INITIALLY DEFERRED` (the latter implies the former).
    pub fn from_flags(deferrable: bool, initially_deferred: bool) -> Self {
        match (deferrable, initially_deferred) {
            (_, true) => Deferrable::InitiallyDeferred,
            (true, false) => Deferrable::InitiallyImmediate,
            (false, false) => Deferrable::No,
        }
    }
}

/// How a multi-column foreign key treats NULLs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchType {
    /// `MATCH SIMPLE`: a NULL in any column exempts the row (the default).
    #[default]
    Simple,
    /// `MATCH FULL`: all columns NULL, or none.
    Full,
    /// `MATCH PARTIAL` (not implemented by PostgreSQL, but accepted by the grammar).
    Partial,
}

/// When a constraint is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deferrable {
    /// `NOT DEFERRABLE`: at each statement (the default).
    #[default]
    No,
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: at commit.
    InitiallyDeferred,
}

/// What a foreign key does when the referenced row goes away or changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FkAction {
    /// `NO ACTION` (the default).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

/// An index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// The index name.
    pub name: String,
    /// The key: columns or expressions, each with its sort order and operator class.
    pub keys: Vec<IndexKey>,
    /// `UNIQUE`.
    pub unique: bool,
    /// The access method: `btree`, `gin`, `gist`, `hash`, `brin`, …
    pub method: String,
    /// `INCLUDE (…)`: columns stored in the index but not part of its key.
    pub include: Vec<String>,
    /// `WHERE …`: the predicate of a partial index, as SQL text.
    pub predicate: Option<String>,
}

impl Index {
    /// A plain b-tree index on these columns.
    pub fn new(name: impl Into<String>, columns: Vec<String>) -> Self {
        let keys = columns.into_iter().map(IndexKey::new).collect();
        Self { name: name.into(), keys, unique: false, method: "btree".into(), include: Vec::new(), predicate: None }
    }

    /// Whether it has a `WHERE` predicate.
    pub fn is_partial(&self) -> bool {
        self.predicate.is_some()
    }

    /// The key's columns or expressions, as SQL text.
    pub fn key_columns(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.expression.clone()).collect()
    }
}

/// One key of an index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexKey {
    /// A column name, or an expression's SQL text.
    pub expression: String,
    /// The operator class, when not the type's default (`text_pattern_ops`).
    pub opclass: Option<String>,
    /// `DESC`.
    pub descending: bool,
    /// Whether NULLs sort first: `NULLS FIRST`, which is the default for `DESC`.
    pub nulls_first: bool,
}

impl IndexKey {
    /// An ascending key with the default operator class.
    pub fn new(expression: impl Into<String>) -> Self {
        Self { expression: expression.into(), opclass: None, descending: false, nulls_first: false }
    }
}

/// A view or materialized view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// The view's name.
    pub name: String,
    /// `CREATE MATERIALIZED VIEW`.
    pub materialized: bool,
    /// Output columns; a column whose type could not be inferred has `ty: None`.
    pub columns: Vec<ViewColumn>,
    /// Tables and views its query reads, sorted: what `DROP … CASCADE` takes with it.
    pub depends_on: Vec<QualifiedName>,
    /// The query, as SQL text (`SELECT …`).
    pub definition: String,
    /// `COMMENT ON VIEW`.
    pub comment: Option<String>,
}

/// What a view's query yields, as far as it can be told soundly from its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewShape {
    /// Output columns (name, type when inferable, nullability); `None` when even the
    /// list is unknown (a `*` over a relation the catalog does not hold).
    pub columns: Option<Vec<ViewColumn>>,
    /// Tables and views the query reads.
    pub depends_on: Vec<QualifiedName>,
}

/// A column of a view, with its type when it could be inferred soundly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewColumn {
    /// The column's name.
    pub name: String,
    /// The inferred type; `None` when inference would have to guess.
    pub ty: Option<TypeRef>,
    /// Whether it may be NULL (true unless provably not).
    pub nullable: bool,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    /// The type's name.
    pub name: String,
    /// Labels in sort order, exactly as in SQL.
    pub labels: Vec<String>,
    /// `COMMENT ON TYPE`.
    pub comment: Option<String>,
}

/// A domain: a base type with constraints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    /// The domain's name.
    pub name: String,
    /// The underlying type (possibly another domain).
    pub base: TypeRef,
    /// `NOT NULL` on the domain.
    pub not_null: bool,
    /// `DEFAULT` on the domain.
    pub default: Option<String>,
    /// `CHECK` constraints.
    pub checks: Vec<Check>,
    /// `COMMENT ON DOMAIN`.
    pub comment: Option<String>,
}

/// A composite type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composite {
    /// The type's name.
    pub name: String,
    /// Fields in order; all nullable, as PostgreSQL has it.
    pub fields: Vec<Column>,
    /// `COMMENT ON TYPE`.
    pub comment: Option<String>,
}

/// A range type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeType {
    /// The type's name.
    pub name: String,
    /// The element type.
    pub subtype: TypeRef,
    /// `COMMENT ON TYPE`.
    pub comment: Option<String>,
}

/// A sequence: a standalone one, a serial column's, or an identity column's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// The sequence's name.
    pub name: String,
    /// `OWNED BY table.column`.
    pub owned_by: Option<(QualifiedName, String)>,
    /// Its type, bounds, step, cache and cycling, all resolved as PostgreSQL resolves
    /// them (what was not given takes the default for the type and direction).
    pub options: SequenceOptions,
}

impl Sequence {
    /// A sequence with PostgreSQL's defaults for its integer type (`int2`, `int4`,
    /// `int8`).
    pub fn new(name: impl Into<String>, data_type: &str, owned_by: Option<(QualifiedName, String)>) -> Self {
        Self { name: name.into(), owned_by, options: SequenceOptions::defaults(data_type) }
    }
}

/// A sequence's parameters, each resolved (none left to a default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOptions {
    /// `AS`: `int2`, `int4` or `int8` (the default).
    pub data_type: String,
    /// `START WITH`.
    pub start: i64,
    /// `INCREMENT BY`.
    pub increment: i64,
    /// `MINVALUE`.
    pub min: i64,
    /// `MAXVALUE`.
    pub max: i64,
    /// `CACHE`.
    pub cache: i64,
    /// `CYCLE`.
    pub cycle: bool,
}

impl SequenceOptions {
    /// PostgreSQL's defaults for an ascending sequence of this type.
    pub fn defaults(data_type: &str) -> Self {
        let mut options =
            Self { data_type: data_type.to_string(), start: 1, increment: 1, min: 1, max: 0, cache: 1, cycle: false };
        options.max = options.type_max();
        options
    }

    /// The largest value of the sequence's type.
    pub fn type_max(&self) -> i64 {
        match self.data_type.as_str() {
            "int2" => i64::from(i16::MAX),
            "int4" => i64::from(i32::MAX),
            _ => i64::MAX,
        }
    }

    /// The smallest value of the sequence's type.
    pub fn type_min(&self) -> i64 {
        match self.data_type.as_str() {
            "int2" => i64::from(i16::MIN),
            "int4" => i64::from(i32::MIN),
            _ => i64::MIN,
        }
    }

    /// The bounds and start PostgreSQL gives when they are not named: for an ascending
    /// sequence 1 to the type's maximum, starting at the minimum; for a descending one
    /// the type's minimum to -1, starting at the maximum.
    pub fn default_bounds(&self) -> (i64, i64) {
        if self.increment > 0 {
            (1, self.type_max())
        } else {
            (self.type_min(), -1)
        }
    }
}

/// What a user-visible type name resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind<'a> {
    /// A user enum.
    Enum(&'a EnumType),
    /// A user domain.
    Domain(&'a Domain),
    /// A user composite type.
    Composite(&'a Composite),
    /// A user range type.
    Range(&'a RangeType),
    /// The row type of a table, usable as a composite.
    TableRow(&'a Table),
}
