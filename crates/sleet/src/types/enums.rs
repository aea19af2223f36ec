//! SQL enums: generated Rust enums carry their exact labels and implement
//! [`SqlEnum`]; `impl_sql_enum!` turns that into `ToSql`/`FromSql`.

use crate::error::BoxError;
use bytes::{BufMut, BytesMut};
use postgres_types::{IsNull, Kind, Type};

/// A Rust enum that mirrors a PostgreSQL enum, label for label.
pub trait SqlEnum: Copy + PartialEq + Send + Sync + 'static {
    /// The enum type's schema.
    const SCHEMA: &'static str;
    /// The enum type's SQL name.
    const NAME: &'static str;
    /// Every variant, in label order.
    const VARIANTS: &'static [Self];
    /// The exact SQL label of each variant, in the same order.
    const LABELS: &'static [&'static str];

    /// This variant's SQL label.
    fn label(self) -> &'static str {
        let at = Self::VARIANTS.iter().position(|v| *v == self).expect("every variant is listed");
        Self::LABELS[at]
    }

    /// The variant with this SQL label.
    fn from_label(label: &str) -> Option<Self> {
        Self::LABELS.iter().position(|l| *l == label).map(|at| Self::VARIANTS[at])
    }
}

/// Whether `ty` is the enum `E` (or text, which enum labels also bind as).
pub fn enum_accepts<E: SqlEnum>(ty: &Type) -> bool {
    match ty.kind() {
        Kind::Enum(_) => ty.name() == E::NAME && ty.schema() == E::SCHEMA,
        _ => *ty == Type::TEXT || *ty == Type::VARCHAR,
    }
}

/// An enum parameter of an unnamed statement: its OID differs per database, so the
/// server infers it (the label's bytes are the same in either format).
pub fn enum_param_type<E: SqlEnum>() -> Type {
    Type::new(E::NAME.to_string(), 0, Kind::Enum(Vec::new()), E::SCHEMA.to_string())
}

/// Rewrites an array of labels from the binary array format into the text format
/// (`{"a","b c",NULL}`, nested for more dimensions).
pub fn enum_array_to_text(mut binary: &[u8], out: &mut BytesMut) -> Result<(), BoxError> {
    let mut int = |buf: &mut &[u8]| -> Result<i32, BoxError> {
        let (head, rest) = buf.split_first_chunk::<4>().ok_or("truncated array")?;
        *buf = rest;
        Ok(i32::from_be_bytes(*head))
    };
    let dimensions = int(&mut binary)?;
    let _has_nulls = int(&mut binary)?;
    let _element_oid = int(&mut binary)?;
    let mut lengths = Vec::new();
    for _ in 0..dimensions {
        lengths.push(usize::try_from(int(&mut binary)?)?);
        let _lower_bound = int(&mut binary)?;
    }
    if lengths.is_empty() {
        out.put_slice(b"{}");
        return Ok(());
    }
    write_level(&lengths, &mut binary, out, &mut int)
}

fn write_level(
    lengths: &[usize],
    binary: &mut &[u8],
    out: &mut BytesMut,
    int: &mut impl FnMut(&mut &[u8]) -> Result<i32, BoxError>,
) -> Result<(), BoxError> {
    out.put_u8(b'{');
    for i in 0..lengths[0] {
        if i > 0 {
            out.put_u8(b',');
        }
        if lengths.len() > 1 {
            write_level(&lengths[1..], binary, out, int)?;
            continue;
        }
        let Ok(len) = usize::try_from(int(binary)?) else {
            out.put_slice(b"NULL"); // a length of -1
            continue;
        };
        let label = binary.get(..len).ok_or("truncated array")?;
        *binary = &binary[len..];
        out.put_u8(b'"');
        for &byte in label {
            if byte == b'"' || byte == b'\\' {
                out.put_u8(b'\\');
            }
            out.put_u8(byte);
        }
        out.put_u8(b'"');
    }
    out.put_u8(b'}');
    Ok(())
}

/// Decodes a label.
pub fn enum_from_sql<E: SqlEnum>(raw: &[u8]) -> Result<E, BoxError> {
    let label = std::str::from_utf8(raw)?;
    E::from_label(label).ok_or_else(|| {
        format!(
            "`{label}` is not a label of the enum {}.{}; regenerate the code if the type changed",
            E::SCHEMA,
            E::NAME
        )
        .into()
    })
}

/// Encodes a label.
pub fn enum_to_sql<E: SqlEnum>(value: E, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    out.put_slice(value.label().as_bytes());
    Ok(IsNull::No)
}

/// Implements `FromSql`, `ToSql` and `FromRow` for a type implementing [`SqlEnum`].
#[doc(hidden)]
#[macro_export]
macro_rules! impl_sql_enum {
    ($ty:ty) => {
        impl<'a> $crate::__private::FromSql<'a> for $ty {
            fn from_sql(
                _: &$crate::__private::Type,
                raw: &'a [u8],
            ) -> ::std::result::Result<Self, $crate::__private::BoxError> {
                $crate::__private::enum_from_sql::<Self>(raw)
            }
            fn accepts(ty: &$crate::__private::Type) -> bool {
                $crate::__private::enum_accepts::<Self>(ty)
            }
        }
        impl $crate::__private::ToSql for $ty {
            fn to_sql(
                &self,
                _: &$crate::__private::Type,
                out: &mut $crate::__private::BytesMut,
            ) -> ::std::result::Result<$crate::__private::IsNull, $crate::__private::BoxError> {
                $crate::__private::enum_to_sql(*self, out)
            }
            fn accepts(ty: &$crate::__private::Type) -> bool {
                $crate::__private::enum_accepts::<Self>(ty)
            }
            $crate::__private::to_sql_checked!();
        }
        impl $crate::__private::SqlParam for $ty {
            fn param_type() -> $crate::__private::Type {
                $crate::__private::enum_param_type::<Self>()
            }
        }
        impl $crate::__private::KeyPart for $ty {}
        $crate::__private::impl_from_row_scalar!($ty);
        $crate::__private::impl_as_expr!($ty);
    };
}
