//! Rust types for PostgreSQL values that have no standard crate mapping (intervals,
//! money, ranges, raw values), [`Field`] for optional writes, and the support that
//! generated enums, composites and domains implement.

pub(crate) mod composite;
pub(crate) mod domain;
pub(crate) mod enums;
mod network;
mod range;

pub use composite::{CompositeReader, CompositeWriter, SqlComposite};
pub use domain::SqlDomain;
pub use enums::SqlEnum;
pub use network::Inet;
pub use range::{Bound, Range};

/// Re-exported type crates (see the crate docs' feature table).
#[allow(unused_imports)] // empty when no type crate feature is on
pub use crate::type_crates::*;

use crate::error::BoxError;
use bytes::{BufMut, BytesMut};
use postgres_types::{FromSql, IsNull, Kind, ToSql, Type};
use std::borrow::Cow;

/// A column that an insert or a patch may leave out.
///
/// In an insert struct, [`Field::Default`] lets the column take its SQL `DEFAULT`; in
/// a patch struct it leaves the column unchanged. For a nullable column,
/// `Field::Set(None)` writes NULL, which is different from both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field<T> {
    /// Not written: the default on insert, unchanged on update.
    #[default]
    Default,
    /// Written with this value.
    Set(T),
}

impl<T> Field<T> {
    /// The value, if set.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Field::Set(v) => Some(v),
            Field::Default => None,
        }
    }

    /// Whether the field is set.
    pub fn is_set(&self) -> bool {
        matches!(self, Field::Set(_))
    }
}

/// An absent field stays `Default` (with `#[serde(default)]`, as generated structs have
/// it); a present one is `Set`, so `null` in a patch sets a nullable column to NULL.
#[cfg(feature = "serde")]
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Field<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Field::Set)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Set(value)
    }
}

/// The type with every domain layer removed (`Array(domain over text)` becomes
/// `Array(text)`), so base-type Rust values read and write domain columns.
pub fn strip_domains(ty: &Type) -> Cow<'_, Type> {
    match ty.kind() {
        Kind::Domain(base) => Cow::Owned(strip_domains(base).into_owned()),
        Kind::Array(member) if matches!(member.kind(), Kind::Domain(_)) => {
            let base = strip_domains(member).into_owned();
            Cow::Owned(Type::new(format!("_{}", base.name()), ty.oid(), Kind::Array(base), ty.schema().to_string()))
        }
        _ => Cow::Borrowed(ty),
    }
}

/// A value of a type sleet does not map yet, as the server's binary representation.
/// Override the column's type in the generator config to get a real Rust type.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RawValue {
    /// The SQL type's name.
    pub type_name: String,
    /// The binary value, as PostgreSQL sends it.
    pub bytes: Vec<u8>,
}

impl<'a> FromSql<'a> for RawValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(RawValue { type_name: ty.name().to_string(), bytes: raw.to_vec() })
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

impl ToSql for RawValue {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        // OID 0: an unnamed statement's parameter, whose type the server infers.
        if ty.oid() != 0 && ty.name() != self.type_name {
            return Err(format!("a raw {} value cannot be sent as {}", self.type_name, ty.name()).into());
        }
        out.put_slice(&self.bytes);
        Ok(IsNull::No)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    postgres_types::to_sql_checked!();
}

/// An `interval`: months, days and microseconds, kept apart as PostgreSQL keeps them
/// (a month is not a fixed number of days).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Interval {
    /// Whole months.
    pub months: i32,
    /// Whole days.
    pub days: i32,
    /// Microseconds.
    pub microseconds: i64,
}

impl Interval {
    /// An interval of this many months, days and microseconds.
    pub const fn new(months: i32, days: i32, microseconds: i64) -> Self {
        Self { months, days, microseconds }
    }
}

impl<'a> FromSql<'a> for Interval {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let raw: [u8; 16] = raw.try_into().map_err(|_| "interval must be 16 bytes")?;
        let (micros, rest) = raw.split_at(8);
        let (days, months) = rest.split_at(4);
        Ok(Interval {
            microseconds: i64::from_be_bytes(micros.try_into()?),
            days: i32::from_be_bytes(days.try_into()?),
            months: i32::from_be_bytes(months.try_into()?),
        })
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::INTERVAL
    }
}

impl ToSql for Interval {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.microseconds);
        out.put_i32(self.days);
        out.put_i32(self.months);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::INTERVAL
    }
    postgres_types::to_sql_checked!();
}

/// A `money` value in the smallest unit of the server's currency (cents).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money(pub i64);

impl<'a> FromSql<'a> for Money {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Money(i64::from_be_bytes(raw.try_into().map_err(|_| "money must be 8 bytes")?)))
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::MONEY
    }
}

impl ToSql for Money {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::MONEY
    }
    postgres_types::to_sql_checked!();
}
