//! Validation derived from the schema: generated insert and patch structs implement
//! [`Validate`], which checks what the schema says (lengths, precision, ranges, enum
//! labels, domain and `CHECK` constraints of the shapes it can translate) without a
//! round trip, and reports a [`ValidationErrors`]: a map from field to violations,
//! serialisable as it is. [`ValidationErrors::from_database`] gives the database's own
//! check, unique, foreign-key and NOT NULL violations the same shape, so a handler
//! renders one error type whichever layer caught the problem.

pub mod check;

use crate::error::Error;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A struct that can check itself against the schema before the database does.
pub trait Validate {
    /// Every rule of the schema that can be checked without the database; rules that
    /// involve fields left at their default (or unchanged, in a patch) are left to it.
    fn validate(&self) -> Result<(), ValidationErrors>;
}

/// Violations by field: the Rust field name, then each violation with its SQL column.
/// Serialises as `{"email": [{"code": "too_long", "message": …, "column": "email",
/// "limit": {"max_chars": 255}}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ValidationErrors {
    fields: BTreeMap<Cow<'static, str>, Vec<Violation>>,
}

impl ValidationErrors {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation of `field` (a Rust field name; a request's JSON path, for
    /// what did not deserialise).
    pub fn add(&mut self, field: impl Into<Cow<'static, str>>, violation: Violation) {
        self.fields.entry(field.into()).or_default().push(violation);
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The violations of one field (empty when it has none).
    pub fn field(&self, field: &str) -> &[Violation] {
        self.fields.get(field).map_or(&[], Vec::as_slice)
    }

    /// Every field with its violations, in field-name order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &[Violation])> + '_ {
        self.fields.iter().map(|(f, v)| (f.as_ref(), v.as_slice()))
    }

    /// `Ok` when empty: the tail of every generated `validate`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The database's verdict in the same shape: a unique, foreign-key or check
    /// violation by its constraint's columns, a NOT NULL violation by its column,
    /// looked up in the generated `CONSTRAINTS`. `None` for any other error, and for a
    /// constraint the schema does not know (a domain's check, an exclusion constraint,
    /// one added behind sleet's back).
    pub fn from_database(error: &Error, schema: &[TableConstraints]) -> Option<ValidationErrors> {
        let (code, message) = match error.code()? {
            "23505" => (Code::Unique, "is already taken"),
            // The referenced side: the server names the referencing table either way, so
            // tell by the statement (a DELETE can only fail from this side) or by the
            // message where it is in English.
            "23503"
                if matches!(error, Error::Database { message, sql, .. }
                if sql.trim_start().starts_with("DELETE") || message.contains("update or delete on")) =>
            {
                (Code::Referenced, "is still referenced")
            }
            "23503" => (Code::ForeignKey, "refers to a row that does not exist"),
            "23514" => (Code::Check, "is not allowed by a check constraint"),
            "23502" => (Code::Required, "must not be null"),
            _ => return None,
        };
        let table = error.table()?;
        let entry = schema.iter().find(|t| t.table == table && error.schema().is_none_or(|s| s == t.schema))?;
        let mut errors = ValidationErrors::new();
        if code == Code::Required {
            let column = entry.columns.iter().find(|(sql, _)| Some(*sql) == error.column())?;
            errors.add(column.1, Violation::new(code, message, column.0));
            return Some(errors);
        }
        let name = error.constraint()?;
        let (name, columns) = entry.constraints.iter().find(|(n, _)| *n == name)?;
        for column in *columns {
            let field = entry.columns.iter().find(|(sql, _)| sql == column).map_or(*column, |c| c.1);
            errors.add(field, Violation::new(code, message, *column).constraint(name));
        }
        (!errors.is_empty()).then_some(errors)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (field, violations) in &self.fields {
            for v in violations {
                if !first {
                    f.write_str("; ")?;
                }
                first = false;
                write!(f, "{field}: {}", v.message)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// One broken rule of one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// What kind of rule (`too_long`, `out_of_range`, `unique`, …).
    pub code: Code,
    /// A sentence for people: `must be at most 255 characters`.
    pub message: Cow<'static, str>,
    /// The SQL column (empty for what is not one, such as a request field that did not
    /// deserialise).
    pub column: Cow<'static, str>,
    /// The constraint behind the rule, when it is one (a type's limit is not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<&'static str>,
    /// The limit that was crossed, when there is one (boxed: a violation stays small
    /// enough to be a rule function's error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Box<Limit>>,
}

impl Violation {
    /// A violation of `column` with a code and a message.
    pub fn new(code: Code, message: impl Into<Cow<'static, str>>, column: impl Into<Cow<'static, str>>) -> Self {
        Self { code, message: message.into(), column: column.into(), constraint: None, limit: None }
    }

    /// A rule of your own (`Code::Custom`): what a refinement function returns. The
    /// generated code fills in the column.
    pub fn custom(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(Code::Custom(code), message, "")
    }

    /// Names the constraint behind the rule.
    pub fn constraint(mut self, name: &'static str) -> Self {
        self.constraint = Some(name);
        self
    }

    /// Names the limit that was crossed.
    pub fn limit(mut self, limit: Limit) -> Self {
        self.limit = Some(Box::new(limit));
        self
    }
}

/// The kind of rule a [`Violation`] broke; serialised in snake case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// Longer than `varchar(n)` / `char(n)` or a length check allows.
    TooLong,
    /// Shorter than a length check allows.
    TooShort,
    /// More digits than `numeric(p, s)` holds.
    TooManyDigits,
    /// Outside a comparison's bound (`> 0`, `BETWEEN 1 AND 5`, a type's range).
    OutOfRange,
    /// Not one of the allowed values (`IN (…)`).
    NotAllowed,
    /// Does not match a regular expression (`~ '…'`).
    Pattern,
    /// An empty (or, with `trim`, blank) string where a check forbids one.
    Blank,
    /// Text with the NUL character, which PostgreSQL cannot store.
    NulCharacter,
    /// NULL where it is not allowed (a domain's or a check's `IS NOT NULL`, the
    /// database's NOT NULL).
    Required,
    /// Any other check constraint.
    Check,
    /// A unique constraint (from the database).
    Unique,
    /// A foreign key: the value refers to a row that does not exist (from the database).
    ForeignKey,
    /// A foreign key from the other side: rows still refer to this one (from the
    /// database, on a delete or a key update).
    Referenced,
    /// A request field that does not deserialise into its type (a string for a number,
    /// a label the enum lacks): what an API reports before validation can run.
    InvalidType,
    /// A rule of your own, by its code.
    Custom(&'static str),
}

impl Code {
    /// The code as serialised: `too_long`, `out_of_range`, … or a custom code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::TooLong => "too_long",
            Code::TooShort => "too_short",
            Code::TooManyDigits => "too_many_digits",
            Code::OutOfRange => "out_of_range",
            Code::NotAllowed => "not_allowed",
            Code::Pattern => "pattern",
            Code::Blank => "blank",
            Code::NulCharacter => "nul_character",
            Code::Required => "required",
            Code::Check => "check",
            Code::Unique => "unique",
            Code::ForeignKey => "foreign_key",
            Code::Referenced => "referenced",
            Code::InvalidType => "invalid_type",
            Code::Custom(code) => code,
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The limit a [`Violation`] crossed, as the schema writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// At most this many characters (`varchar(n)`).
    MaxChars(u32),
    /// `numeric(precision, scale)`.
    Digits {
        /// Significant digits in all.
        precision: u32,
        /// Digits after the point.
        scale: u32,
    },
    /// A comparison the value must satisfy: `{"op": ">=", "value": "0"}`.
    Compare {
        /// The SQL operator.
        op: &'static str,
        /// The bound, as the schema writes it.
        value: &'static str,
    },
    /// A length comparison the value must satisfy.
    Length {
        /// The SQL operator.
        op: &'static str,
        /// The bound.
        value: i64,
    },
    /// `BETWEEN min AND max`.
    Between {
        /// The lower bound.
        min: &'static str,
        /// The upper bound.
        max: &'static str,
    },
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// A regular expression the value must match (or must not, with `!~`).
    Pattern(&'static str),
}

/// What the generated `CONSTRAINTS` holds for each table: its columns' Rust names and
/// its constraints' columns, so a database error finds its fields.
#[derive(Clone, Copy, Debug)]
pub struct TableConstraints {
    /// The table's schema.
    pub schema: &'static str,
    /// The table's SQL name.
    pub table: &'static str,
    /// `(SQL column, Rust field)` for every column.
    pub columns: &'static [(&'static str, &'static str)],
    /// `(constraint, SQL columns)` for every primary key, unique, check and foreign key.
    pub constraints: &'static [(&'static str, &'static [&'static str])],
}
