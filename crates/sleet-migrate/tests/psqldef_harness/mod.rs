//! The harness behind `tests/psqldef.rs`: reading psqldef's cases (`cases`), the
//! oracle for one case (`oracle`, with the SQL handling and normalisation in `sql`),
//! and results.md (`results`).

pub mod cases;
pub mod oracle;
pub mod results;
mod sql;

/// What became of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// sleet's migration does what the case asks, both ways.
    Pass,
    /// It does not: why, in one line.
    Fail(String),
    /// The case does not apply here: why.
    Skip(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Pass => f.write_str("pass"),
            Outcome::Fail(reason) => write!(f, "fail: {reason}"),
            Outcome::Skip(reason) => write!(f, "skip: {reason}"),
        }
    }
}
