//! Range types (`int4range`, `tstzrange`, user `CREATE TYPE … AS RANGE`), in the
//! binary format PostgreSQL sends.

use crate::error::BoxError;
use bytes::{BufMut, BytesMut};
use postgres_types::{FromSql, IsNull, Kind, ToSql, Type};

/// One end of a range.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound<T> {
    /// `[x` or `x]`.
    Inclusive(T),
    /// `(x` or `x)`.
    Exclusive(T),
    /// No bound.
    Unbounded,
}

/// A range value.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Range<T> {
    /// `empty`.
    Empty,
    /// A range with two ends.
    Nonempty(Bound<T>, Bound<T>),
}

const EMPTY: u8 = 0x01;
const LOWER_INCLUSIVE: u8 = 0x02;
const UPPER_INCLUSIVE: u8 = 0x04;
const LOWER_INFINITE: u8 = 0x08;
const UPPER_INFINITE: u8 = 0x10;

fn element_type(ty: &Type) -> Option<&Type> {
    match ty.kind() {
        Kind::Range(element) => Some(element),
        Kind::Domain(base) => element_type(base),
        _ => None,
    }
}

impl<'a, T: FromSql<'a>> FromSql<'a> for Range<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let element = element_type(ty).ok_or("not a range type")?;
        let (&flags, mut rest) = raw.split_first().ok_or("empty range value")?;
        if flags & EMPTY != 0 {
            return Ok(Range::Empty);
        }
        let mut bound = |infinite: u8, inclusive: u8| -> Result<Bound<T>, BoxError> {
            if flags & infinite != 0 {
                return Ok(Bound::Unbounded);
            }
            if rest.len() < 4 {
                return Err("truncated range".into());
            }
            let len = usize::try_from(i32::from_be_bytes(rest[..4].try_into()?))?;
            let value = rest.get(4..4 + len).ok_or("truncated range")?;
            rest = &rest[4 + len..];
            let value = T::from_sql(element, value)?;
            Ok(if flags & inclusive != 0 { Bound::Inclusive(value) } else { Bound::Exclusive(value) })
        };
        let lower = bound(LOWER_INFINITE, LOWER_INCLUSIVE)?;
        let upper = bound(UPPER_INFINITE, UPPER_INCLUSIVE)?;
        Ok(Range::Nonempty(lower, upper))
    }
    fn accepts(ty: &Type) -> bool {
        element_type(ty).is_some_and(T::accepts)
    }
}

impl<T: ToSql> ToSql for Range<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let element = element_type(ty).ok_or("not a range type")?;
        let (lower, upper) = match self {
            Range::Empty => {
                out.put_u8(EMPTY);
                return Ok(IsNull::No);
            }
            Range::Nonempty(l, u) => (l, u),
        };
        let mut flags = 0;
        for (b, inf, inc) in [(lower, LOWER_INFINITE, LOWER_INCLUSIVE), (upper, UPPER_INFINITE, UPPER_INCLUSIVE)] {
            match b {
                Bound::Unbounded => flags |= inf,
                Bound::Inclusive(_) => flags |= inc,
                Bound::Exclusive(_) => {}
            }
        }
        out.put_u8(flags);
        for b in [lower, upper] {
            if let Bound::Inclusive(v) | Bound::Exclusive(v) = b {
                let at = out.len();
                out.put_i32(0);
                if let IsNull::Yes = v.to_sql(element, out)? {
                    return Err("a range bound cannot be NULL".into());
                }
                let len = i32::try_from(out.len() - at - 4)?;
                out[at..at + 4].copy_from_slice(&len.to_be_bytes());
            }
        }
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        element_type(ty).is_some_and(T::accepts)
    }
    postgres_types::to_sql_checked!();
}
