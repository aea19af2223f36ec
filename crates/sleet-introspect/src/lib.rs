//! The live front end: reads a running PostgreSQL's `pg_catalog` into the
//! [`Catalog`](sleet_catalog::Catalog), the same model the SQL front end builds from
//! `schema.sql`, so everything downstream (the emitter, `sleet pull`, the differ, the
//! studio) works from either.
//!
//! ```no_run
//! # async fn demo(client: &tokio_postgres::Client) -> Result<(), sleet_introspect::Error> {
//! let live = sleet_introspect::introspect(client, &sleet_introspect::Options::default()).await?;
//! println!("{} tables", live.catalog.tables().count());
//! # Ok(()) }
//! ```
//!
//! A handful of set-based queries (`queries.rs`), one per kind of object, whatever the
//! number of tables; `read.rs` turns their rows into the Catalog. What the server does
//! not record — whether a view's column can be NULL — comes from a [`ViewAnalyser`]
//! given in the options (the SQL front end's, `sleet_codegen::infer_view`, as for
//! `schema.sql`); without one, view columns are taken as nullable. [`connect`] reaches
//! a database as users do (`DATABASE_URL`, `.env`, TLS as `sslmode` asks).

pub mod connect;
mod queries;
mod read;
mod types;

use sleet_catalog::{Catalog, QualifiedName, ViewShape};

/// Reads what a view's query yields from its text, against the catalog read so far.
pub type ViewAnalyser = fn(&Catalog, &str) -> Result<ViewShape, String>;

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only these schemas (all user schemas when `None`).
    pub schemas: Option<Vec<String>>,
    /// How to learn whether a view's columns can be NULL; `None`: every view column
    /// is nullable.
    pub views: Option<ViewAnalyser>,
    /// Tables left out: tools' bookkeeping, such as the migration runner's journal,
    /// which is not part of the application's schema.
    pub leave_out: Vec<sleet_catalog::QualifiedName>,
}

/// A database as the Catalog describes it, and what the Catalog cannot hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Introspected {
    /// The schema.
    pub catalog: Catalog,
    /// Objects read but not modelled, and other things worth knowing.
    pub notes: Vec<Note>,
}

/// Something the Catalog does not hold, or holds with less than the database has.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// An exclusion constraint (`EXCLUDE USING …`): not in the Catalog.
    ExclusionConstraint {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        name: String,
    },
    /// A view, default or constraint calls a user function, which the Catalog does not
    /// hold: a `schema.sql` printed from this Catalog needs it defined first.
    UsesFunction {
        /// The table, view or domain whose definition calls it.
        object: QualifiedName,
        /// The function, schema-qualified.
        function: QualifiedName,
    },
    /// A foreign table: read as a table, without its server and options.
    ForeignTable {
        /// The table.
        table: QualifiedName,
    },
    /// An unlogged table: read as a table; the Catalog does not say `UNLOGGED`.
    Unlogged {
        /// The table.
        table: QualifiedName,
    },
    /// A rule (`CREATE RULE`) on a table: not in the Catalog.
    Rule {
        /// The table.
        table: QualifiedName,
        /// The rule.
        name: String,
    },
    /// A function, trigger, policy, or the grants on a relation: the Catalog holds none,
    /// so sleet leaves them alone (no plan creates, changes or drops them).
    NotModelled {
        /// `function`, `trigger`, `policy` or `grants`.
        kind: String,
        /// Its name (a function with its argument types, a trigger or policy with its
        /// table; for grants, `on <relation>`).
        name: String,
    },
    /// A view whose query could not be read for nullability: its columns are typed
    /// from the catalog and all nullable.
    ViewNotInferred {
        /// The view.
        view: QualifiedName,
        /// Why.
        reason: String,
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::ExclusionConstraint { table, name } => {
                write!(f, "table {table}: exclusion constraint \"{name}\" is not modelled; it is left out")
            }
            Note::ForeignTable { table } => write!(
                f,
                "table {table} is a foreign table: its columns are read, its server and options are not (it is written as a plain table)"
            ),
            Note::Unlogged { table } => {
                write!(f, "table {table} is UNLOGGED, which the Catalog does not hold (it is written as a logged table)")
            }
            Note::Rule { table, name } => {
                write!(f, "table {table}: rule \"{name}\" is not modelled; it is left out")
            }
            Note::UsesFunction { object, function } => write!(
                f,
                "{object} calls function {function}(), which sleet does not model: define it in SQL of your own, loaded before the schema"
            ),
            Note::NotModelled { kind, name } if kind == "grants" => write!(
                f,
                "grants {name} are not modelled: sleet leaves them alone (no migration or push grants or revokes)"
            ),
            Note::NotModelled { kind, name } => write!(
                f,
                "{kind} {name} is not modelled: sleet leaves it alone (no migration or push creates, changes or drops it)"
            ),
            Note::ViewNotInferred { view, reason } => {
                write!(f, "view {view}: its query could not be analysed ({reason}); every column is taken as nullable")
            }
        }
    }
}

/// Why reading the catalog failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A catalog query failed (a role that cannot read `pg_catalog`, a lost connection).
    #[error("reading {what} from pg_catalog failed: {source}")]
    Query {
        /// What was being read (`columns`, `constraints`, …).
        what: &'static str,
        /// The driver's error.
        source: tokio_postgres::Error,
    },
    /// A schema named in [`Options::schemas`] does not exist.
    #[error("schema \"{0}\" does not exist in the database (or this role cannot see it)")]
    NoSuchSchema(String),
}

/// Reads the database `client` is connected to.
pub async fn introspect(client: &tokio_postgres::Client, options: &Options) -> Result<Introspected, Error> {
    let mut read = read::read(client, options).await?;
    for name in &options.leave_out {
        // One that a table of the application references (unheard of for a journal)
        // stays: leaving it out would leave a dangling foreign key.
        if read.catalog.table(name).is_some() {
            let _ = read.catalog.drop_relation(name, false);
        }
    }
    Ok(read)
}
