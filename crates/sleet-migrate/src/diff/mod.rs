//! The differ: the migration between two Catalogs, as a [`Plan`] of statements in
//! dependency order, each with the hazards it carries.
//!
//! Declared renames ([`Rename`]) are applied first, on a copy of the old Catalog, so
//! that what remains is told apart by name alone; nothing is ever guessed. Each change
//! becomes one [`Step`] that says which objects it creates, needs and drops;
//! [`order`] sorts the steps by those edges (not by fixed phases).

mod common;
mod order;
mod plan;
mod renames;
mod tables;
pub(crate) mod types;
mod views;

pub use plan::{Hazard, Plan, Step};
pub use renames::{Rename, RenameKind};

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

/// The plan that turns `from` into `to`, with `renames` declared in `to`'s source.
pub fn diff(from: &Catalog, to: &Catalog, renames: &[Rename]) -> Result<Plan, DiffError> {
    let (mut steps, mut renamed) = (Vec::new(), Vec::new());
    let from = renames::apply(from, to, renames, &mut steps, &mut renamed)?;
    let mut ctx = Context { from: &from, to, steps, retyped: Vec::new(), reshaped: Vec::new(), concurrently: false };
    types::diff(&mut ctx)?;
    tables::diff(&mut ctx)?;
    views::diff(&mut ctx)?;
    Ok(Plan::new(order::sort(ctx.steps), renamed))
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
