//! Bound parameters: values are always sent separately from the SQL text, through a
//! [`Param`] that makes domains transparent; and the writers insert and patch structs
//! fill in.

use crate::types::{strip_domains, Field};
use bytes::BytesMut;
use postgres_types::{IsNull, ToSql, Type};
use std::fmt;

/// A value to bind, borrowed from the query that holds it.
pub type Value<'a> = &'a (dyn ToSql + Sync);

/// A bound parameter as sent to the driver: binds domains as their base type.
#[derive(Clone, Copy)]
pub struct Param<'a>(pub Value<'a>);

impl fmt::Debug for Param<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values are never printed: they may be secrets.
        f.write_str("Param(<redacted>)")
    }
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, crate::BoxError> {
        self.0.to_sql_checked(&strip_domains(ty), out)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    postgres_types::to_sql_checked!();
}

/// Collects the columns (their SQL, quoted where needed) and values of one row to insert.
#[derive(Default)]
pub struct ValuesWriter<'a> {
    pub(crate) columns: Vec<&'static str>,
    /// `None` stands for `DEFAULT`.
    pub(crate) values: Vec<Option<Value<'a>>>,
}

impl<'a> ValuesWriter<'a> {
    /// A writer with room for `columns` entries.
    pub fn with_capacity(columns: usize) -> Self {
        Self { columns: Vec::with_capacity(columns), values: Vec::with_capacity(columns) }
    }

    /// A required or nullable column's value.
    pub fn value(&mut self, column: &'static str, value: &'a (impl ToSql + Sync)) {
        self.columns.push(column);
        self.values.push(Some(value));
    }

    /// A nullable column without a default: left out when `None` (it defaults to NULL).
    pub fn nullable<T: ToSql + Sync>(&mut self, column: &'static str, value: &'a Option<T>) {
        self.columns.push(column);
        self.values.push(value.as_ref().map(|v| v as Value<'a>));
    }

    /// A defaulted column: its value when set, `DEFAULT` otherwise.
    pub fn field<T: ToSql + Sync>(&mut self, column: &'static str, value: &'a Field<T>) {
        self.columns.push(column);
        self.values.push(match value {
            Field::Set(v) => Some(v),
            Field::Default => None,
        });
    }
}

/// Collects `column = value` assignments for an `UPDATE`.
#[derive(Default)]
pub struct AssignmentsWriter<'a> {
    pub(crate) assignments: Vec<(&'static str, Value<'a>)>,
}

impl<'a> AssignmentsWriter<'a> {
    /// Assigns the field's value when it is set.
    pub fn field<T: ToSql + Sync>(&mut self, column: &'static str, value: &'a Field<T>) {
        if let Field::Set(v) = value {
            self.assignments.push((column, v));
        }
    }
}
