//! Domains as newtypes (when the generator is asked for them): the newtype reads and
//! writes as its base type. By default domains map straight to their base type, which
//! the runtime makes transparent (see [`strip_domains`](super::strip_domains)).

use postgres_types::{FromSql, Type};

/// A newtype over a domain's base type.
pub trait SqlDomain: Sized + Send + Sync + 'static {
    /// The base type's Rust type.
    type Base: crate::SqlParam + for<'a> FromSql<'a>;
    /// The domain's schema.
    const SCHEMA: &'static str;
    /// The domain's SQL name.
    const NAME: &'static str;
    /// Wraps a base value.
    fn from_base(base: Self::Base) -> Self;
    /// The base value.
    fn base(&self) -> &Self::Base;
}

/// Whether `ty` is the domain `D`, or a type its base reads.
pub fn domain_accepts<D: SqlDomain>(ty: &Type) -> bool {
    (ty.name() == D::NAME && ty.schema() == D::SCHEMA) || <D::Base as FromSql>::accepts(&super::strip_domains(ty))
}

/// Implements `FromSql`, `ToSql` and `FromRow` for a type implementing [`SqlDomain`].
#[doc(hidden)]
#[macro_export]
macro_rules! impl_sql_domain {
    ($ty:ty) => {
        impl<'a> $crate::__private::FromSql<'a> for $ty {
            fn from_sql(
                ty: &$crate::__private::Type,
                raw: &'a [u8],
            ) -> ::std::result::Result<Self, $crate::__private::BoxError> {
                let base = $crate::__private::strip_domains(ty);
                <<Self as $crate::__private::SqlDomain>::Base as $crate::__private::FromSql>::from_sql(&base, raw)
                    .map(<Self as $crate::__private::SqlDomain>::from_base)
            }
            fn accepts(ty: &$crate::__private::Type) -> bool {
                $crate::__private::domain_accepts::<Self>(ty)
            }
        }
        impl $crate::__private::ToSql for $ty {
            fn to_sql(
                &self,
                ty: &$crate::__private::Type,
                out: &mut $crate::__private::BytesMut,
            ) -> ::std::result::Result<$crate::__private::IsNull, $crate::__private::BoxError> {
                let base = $crate::__private::strip_domains(ty);
                $crate::__private::ToSql::to_sql(<Self as $crate::__private::SqlDomain>::base(self), &base, out)
            }
            fn accepts(ty: &$crate::__private::Type) -> bool {
                $crate::__private::domain_accepts::<Self>(ty)
            }
            $crate::__private::to_sql_checked!();
        }
        impl $crate::__private::SqlParam for $ty {
            fn param_type() -> $crate::__private::Type {
                <<Self as $crate::__private::SqlDomain>::Base as $crate::__private::SqlParam>::param_type()
            }
        }
        $crate::__private::impl_from_row_scalar!($ty);
        $crate::__private::impl_as_expr!($ty);
    };
}
