//! The differ: the migration between two Catalogs, as a [`Plan`] of statements in
//! dependency order, each with the hazards it carries.
//!
//! Declared renames ([`Rename`]) are applied first, on a copy of the old Catalog, so
//! that what remains is told apart by name alone; nothing is ever guessed. Each change
//! becomes one [`Step`] that says which objects it creates, needs and drops;
//! [`order`] sorts the steps by those edges (not by fixed phases).

mod candidates;
mod common;
mod order;
mod plan;
mod renames;
mod stages;
mod tables;
pub(crate) mod types;
mod views;

pub use candidates::{rename_candidates, Candidate};
pub use common::canonical_expression;
pub use plan::{Hazard, HazardKind, Plan, Step};
pub use renames::{Rename, RenameKind};
pub use stages::{before_concurrent_indexes, before_label_uses};

use sleet_catalog::Catalog;

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffError {
    /// A declared rename that cannot be carried out: what and why.
    Rename(String),
    /// A change the differ refuses to plan, and what to do instead.
    Unsupported(String),
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::Rename(why) => write!(f, "cannot rename: {why}"),
            DiffError::Unsupported(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for DiffError {}

/// How to plan.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Renames declared in the new schema (`-- @renamed from=`).
    pub renames: Vec<Rename>,
    /// Build indexes on tables that already exist with `CREATE INDEX CONCURRENTLY`
    /// (the plan must then run outside a transaction): for migrations applied to a
    /// live production database.
    pub concurrently: bool,
}

/// The plan that turns `from` into `to`, with `renames` declared in `to`'s source.
pub fn diff(from: &Catalog, to: &Catalog, renames: &[Rename]) -> Result<Plan, DiffError> {
    plan(from, to, &Options { renames: renames.to_vec(), concurrently: false })
}

/// [`diff`] with every option.
pub fn plan(from: &Catalog, to: &Catalog, options: &Options) -> Result<Plan, DiffError> {
    let (mut steps, mut renamed) = (Vec::new(), Vec::new());
    let from = renames::apply(from, to, &options.renames, &mut steps, &mut renamed)?;
    let concurrently = options.concurrently;
    let mut ctx = Context { from: &from, to, steps, retyped: Vec::new(), reshaped: Vec::new(), concurrently };
    types::diff(&mut ctx)?;
    tables::diff(&mut ctx)?;
    views::diff(&mut ctx)?;
    Ok(Plan::new(order::sort(ctx.steps), renamed))
}

/// [`rename_candidates`] after the declared renames: what could still be a rename.
pub fn undeclared_renames(from: &Catalog, to: &Catalog, renames: &[Rename]) -> Result<Vec<Candidate>, DiffError> {
    let from = renames::apply(from, to, renames, &mut Vec::new(), &mut Vec::new())?;
    Ok(rename_candidates(&from, to))
}

/// What every part of the differ reads and writes.
pub(crate) struct Context<'a> {
    pub from: &'a Catalog,
    pub to: &'a Catalog,
    pub steps: Vec<Step>,
    /// Columns whose type was recreated under them (an enum's recipe): the table part
    /// leaves their type and default alone.
    pub retyped: Vec<(sleet_catalog::QualifiedName, String)>,
    /// Tables whose columns change type, go away or are renamed: views over them are
    /// recreated.
    pub reshaped: Vec<sleet_catalog::QualifiedName>,
    /// Build indexes on existing tables with `CONCURRENTLY`.
    pub concurrently: bool,
}
