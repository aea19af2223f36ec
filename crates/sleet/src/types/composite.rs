//! Composite types: generated structs implement [`SqlComposite`], reading and writing
//! their fields in order through the binary record format.

use crate::error::BoxError;
use crate::types::strip_domains;
use bytes::{BufMut, BytesMut};
use postgres_types::{FromSql, IsNull, Kind, ToSql, Type};

/// A Rust struct that mirrors a PostgreSQL composite type, field for field.
pub trait SqlComposite: Sized + Send + Sync + 'static {
    /// The type's schema.
    const SCHEMA: &'static str;
    /// The type's SQL name.
    const NAME: &'static str;
    /// Reads every field in order.
    fn decode_fields(fields: &mut CompositeReader<'_>) -> Result<Self, BoxError>;
    /// Writes every field in order.
    fn encode_fields(&self, fields: &mut CompositeWriter<'_>) -> Result<(), BoxError>;
}

/// Whether `ty` is the composite `C`.
pub fn composite_accepts<C: SqlComposite>(ty: &Type) -> bool {
    matches!(ty.kind(), Kind::Composite(_)) && ty.name() == C::NAME && ty.schema() == C::SCHEMA
}

/// Reads the fields of a binary record.
pub struct CompositeReader<'a> {
    fields: &'a [postgres_types::Field],
    raw: &'a [u8],
    next: usize,
}

fn take<'a>(raw: &mut &'a [u8], n: usize) -> Result<&'a [u8], BoxError> {
    if raw.len() < n {
        return Err("truncated composite value".into());
    }
    let (head, tail) = raw.split_at(n);
    *raw = tail;
    Ok(head)
}

fn read_i32(raw: &mut &[u8]) -> Result<i32, BoxError> {
    Ok(i32::from_be_bytes(take(raw, 4)?.try_into()?))
}

impl<'a> CompositeReader<'a> {
    /// A reader over a record of type `ty`.
    pub fn new(ty: &'a Type, mut raw: &'a [u8]) -> Result<Self, BoxError> {
        let Kind::Composite(fields) = ty.kind() else {
            return Err(format!("{} is not a composite type", ty.name()).into());
        };
        let count = read_i32(&mut raw)?;
        if usize::try_from(count).ok() != Some(fields.len()) {
            return Err(format!(
                "{} has {} fields but the value has {count}; regenerate the code",
                ty.name(),
                fields.len()
            )
            .into());
        }
        Ok(Self { fields, raw, next: 0 })
    }

    /// Decodes the next field.
    #[allow(clippy::should_implement_trait)]
    pub fn next<T: for<'b> FromSql<'b>>(&mut self) -> Result<T, BoxError> {
        let field = self.fields.get(self.next).ok_or("more fields read than the type has")?;
        self.next += 1;
        let _oid = take(&mut self.raw, 4)?;
        let len = read_i32(&mut self.raw)?;
        let value = match usize::try_from(len) {
            Ok(n) => Some(take(&mut self.raw, n)?),
            Err(_) => None, // -1: NULL
        };
        let ty = strip_domains(field.type_());
        if !T::accepts(&ty) {
            return Err(format!(
                "field `{}` of SQL type {} cannot be decoded as {}",
                field.name(),
                ty.name(),
                std::any::type_name::<T>()
            )
            .into());
        }
        T::from_sql_nullable(&ty, value).map_err(|e| format!("field `{}`: {e}", field.name()).into())
    }
}

/// Writes the fields of a binary record.
pub struct CompositeWriter<'a> {
    fields: &'a [postgres_types::Field],
    out: &'a mut BytesMut,
    next: usize,
}

impl<'a> CompositeWriter<'a> {
    /// Starts a record of type `ty`.
    pub fn new(ty: &'a Type, out: &'a mut BytesMut) -> Result<Self, BoxError> {
        let Kind::Composite(fields) = ty.kind() else {
            return Err(format!("{} is not a composite type", ty.name()).into());
        };
        if ty.oid() == 0 {
            return Err(format!(
                "composite {} cannot be a parameter of an unnamed statement (its wire form needs field OIDs \
                 only a prepared statement learns): keep the statement cache on for this query",
                ty.name()
            )
            .into());
        }
        out.put_i32(i32::try_from(fields.len())?);
        Ok(Self { fields, out, next: 0 })
    }

    /// Encodes the next field.
    pub fn write<T: ToSql>(&mut self, value: &T) -> Result<(), BoxError> {
        let field = self.fields.get(self.next).ok_or("more fields written than the type has")?;
        self.next += 1;
        self.out.put_u32(field.type_().oid());
        let len_at = self.out.len();
        self.out.put_i32(0);
        let start = self.out.len();
        let ty = strip_domains(field.type_());
        match value.to_sql_checked(&ty, self.out)? {
            IsNull::Yes => self.out[len_at..start].copy_from_slice(&(-1i32).to_be_bytes()),
            IsNull::No => {
                let len = i32::try_from(self.out.len() - start)?;
                self.out[len_at..start].copy_from_slice(&len.to_be_bytes());
            }
        }
        Ok(())
    }
}

/// A composite parameter of an unnamed statement. Its binary form carries the OID of
/// every field, which only a prepared statement learns: encoding one reports that.
pub fn composite_param_type<C: SqlComposite>() -> Type {
    Type::new(C::NAME.to_string(), 0, Kind::Composite(Vec::new()), C::SCHEMA.to_string())
}

/// Decodes a composite value.
pub fn composite_from_sql<C: SqlComposite>(ty: &Type, raw: &[u8]) -> Result<C, BoxError> {
    C::decode_fields(&mut CompositeReader::new(ty, raw)?)
}

/// Encodes a composite value.
pub fn composite_to_sql<C: SqlComposite>(value: &C, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    value.encode_fields(&mut CompositeWriter::new(ty, out)?)?;
    Ok(IsNull::No)
}

/// Implements `FromSql`, `ToSql` and `FromRow` for a type implementing [`SqlComposite`].
#[doc(hidden)]
#[macro_export]
macro_rules! impl_sql_composite {
    ($ty:ty) => {
        impl<'a> $crate::__private::FromSql<'a> for $ty {
            fn from_sql(
                ty: &$crate::__private::Type,
                raw: &'a [u8],
            ) -> ::std::result::Result<Self, $crate::__private::BoxError> {
                $crate::__private::composite_from_sql::<Self>(ty, raw)
            }
            fn accepts(ty: &$crate::__private::Type) -> bool {
                $crate::__private::composite_accepts::<Self>(ty)
            }
        }
        impl $crate::__private::ToSql for $ty {
            fn to_sql(
                &self,
                ty: &$crate::__private::Type,
                out: &mut $crate::__private::BytesMut,
            ) -> ::std::result::Result<$crate::__private::IsNull, $crate::__private::BoxError> {
                $crate::__private::composite_to_sql(self, ty, out)
            }
            fn accepts(ty: &$crate::__private::Type) -> bool {
                $crate::__private::composite_accepts::<Self>(ty)
            }
            $crate::__private::to_sql_checked!();
        }
        impl $crate::__private::SqlParam for $ty {
            fn param_type() -> $crate::__private::Type {
                $crate::__private::composite_param_type::<Self>()
            }
        }
        $crate::__private::impl_from_row_scalar!($ty);
        $crate::__private::impl_as_expr!($ty);
    };
}
