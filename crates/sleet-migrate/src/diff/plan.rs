//! What the differ hands out: a [`Plan`] of [`Step`]s, each one SQL statement with the
//! [`Hazard`]s it carries, and how a plan is written as a migration file.

use std::fmt::Write as _;

/// One statement of a migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The statement, without the trailing `;` (a view outside `public` comes between
    /// the `SET search_path` and `RESET` it is created under).
    pub sql: String,
    /// What it may do to data or to other sessions.
    pub hazards: Vec<Hazard>,
    /// It cannot run inside a transaction block (`CREATE INDEX CONCURRENTLY`).
    pub outside_transaction: bool,
    /// Objects this statement brings into being (`table:public.users`, …).
    pub(crate) creates: Vec<String>,
    /// Objects that must exist when it runs.
    pub(crate) requires: Vec<String>,
    /// Objects it removes.
    pub(crate) drops: Vec<String>,
    /// Objects it stops depending on, so that they may be dropped after it.
    pub(crate) releases: Vec<String>,
}

impl Step {
    /// A step with no edges yet.
    pub(crate) fn new(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            hazards: Vec::new(),
            outside_transaction: false,
            creates: Vec::new(),
            requires: Vec::new(),
            drops: Vec::new(),
            releases: Vec::new(),
        }
    }

    pub(crate) fn creates(mut self, key: impl Into<String>) -> Self {
        self.creates.push(key.into());
        self
    }

    pub(crate) fn requires(mut self, keys: impl IntoIterator<Item = String>) -> Self {
        self.requires.extend(keys);
        self
    }

    pub(crate) fn drops(mut self, key: impl Into<String>) -> Self {
        self.drops.push(key.into());
        self
    }

    pub(crate) fn releases(mut self, keys: impl IntoIterator<Item = String>) -> Self {
        self.releases.extend(keys);
        self
    }

    pub(crate) fn hazard(mut self, hazard: Hazard) -> Self {
        self.hazards.push(hazard);
        self
    }
}

/// What a statement may do beyond changing the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hazard {
    /// Its kind, the name `push --allow` takes.
    pub kind: HazardKind,
    /// What it does, in a sentence, for the comment above the statement.
    pub message: String,
    /// A query counting the rows it affects (`SELECT count(*) FROM …`), where data
    /// decides whether it loses anything or fails.
    pub rows_affected: Option<String>,
}

/// The kinds of hazard, each allowed by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HazardKind {
    /// Data is gone after it: a dropped table or column, a removed enum label.
    DataLoss,
    /// It fails when existing rows break the new rule (NOT NULL on NULLs, UNIQUE on
    /// duplicates, a CHECK or foreign key, a narrowing type).
    FailsOnData,
    /// It rewrites or scans a table under a lock that blocks reads or writes.
    Locks,
}

impl HazardKind {
    /// The name `sleet push --allow` takes.
    pub fn name(self) -> &'static str {
        match self {
            HazardKind::DataLoss => "data-loss",
            HazardKind::FailsOnData => "fails-on-data",
            HazardKind::Locks => "locks",
        }
    }
}

impl Hazard {
    pub(crate) fn new(kind: HazardKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), rows_affected: None }
    }

    pub(crate) fn counting(mut self, query: impl Into<String>) -> Self {
        self.rows_affected = Some(query.into());
        self
    }
}

/// The migration between two Catalogs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The statements, in the order they run.
    pub steps: Vec<Step>,
    /// The declared renames it carries out (those already done are not among them):
    /// their inverses are what the down migration declares.
    pub renamed: Vec<super::Rename>,
}

impl Plan {
    pub(crate) fn new(steps: Vec<Step>, renamed: Vec<super::Rename>) -> Self {
        Self { steps, renamed }
    }

    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Whether a statement must run outside a transaction, so the migration must too.
    pub fn outside_transaction(&self) -> bool {
        self.steps.iter().any(|s| s.outside_transaction)
    }

    /// The statements, without their `;`.
    pub fn statements(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|s| s.sql.as_str())
    }

    /// The plan as a migration file's body: each statement after the comments on its
    /// hazards, a blank line between statements.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            for hazard in &step.hazards {
                let _ = writeln!(out, "-- {}: {}", hazard.kind.name(), hazard.message);
            }
            let _ = writeln!(out, "{};\n", step.sql);
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}
