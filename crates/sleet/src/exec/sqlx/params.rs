//! Parameters on sqlx: each [`Param`] declares its type by OID and is encoded by
//! `postgres-types`. A user-defined type whose binary form needs its per-database OID
//! (a composite, an array of enums or composites) is looked up by name on the
//! connection first, once per `Db`; a plain enum or a range is left for the server to
//! infer.

use super::types::TypeCache;
use super::BoxFuture;
use crate::error::{Error, Result};
use crate::params::Param;
use ::sqlx::encode::IsNull;
use ::sqlx::error::BoxDynError;
use ::sqlx::postgres::PgConnection;
use ::sqlx::postgres::{PgArgumentBuffer, PgArguments, PgTypeInfo, Postgres};
use ::sqlx::Arguments as _;
use bytes::BytesMut;
use postgres_types::{Kind, ToSql as _, Type};

/// One bound value as sqlx takes it.
struct Bound<'p, 'a>(&'p Param<'a>, Type);

impl ::sqlx::Type<Postgres> for Bound<'_, '_> {
    fn type_info() -> PgTypeInfo {
        // Never used: `produces` gives each value's own type.
        PgTypeInfo::with_oid(::sqlx::postgres::types::Oid(0))
    }
}

impl<'q> ::sqlx::Encode<'q, Postgres> for Bound<'_, '_> {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let mut bytes = BytesMut::new();
        match self.0.to_sql(&self.1, &mut bytes)? {
            postgres_types::IsNull::Yes => Ok(IsNull::Yes),
            postgres_types::IsNull::No => {
                buf.extend_from_slice(&bytes);
                Ok(IsNull::No)
            }
        }
    }

    fn produces(&self) -> Option<PgTypeInfo> {
        Some(PgTypeInfo::with_oid(::sqlx::postgres::types::Oid(self.1.oid())))
    }
}

/// The statement's parameters, encoded, their types looked up on `connection` where
/// they must be.
pub(super) fn arguments<'a>(
    params: &'a [Param<'_>],
    sql: &'a str,
    connection: &'a mut PgConnection,
    cache: &'a TypeCache,
) -> BoxFuture<'a, Result<PgArguments>> {
    Box::pin(async move {
        let mut arguments = PgArguments::default();
        for (i, param) in params.iter().enumerate() {
            let declared = param.param_type();
            let ty = if needs_lookup(&declared) { cache.declared(connection, &declared).await? } else { declared };
            arguments.add(Bound(param, ty)).map_err(|e| {
                Error::from_sqlx(::sqlx::Error::Encode(format!("parameter ${}: {e}", i + 1).into()), sql)
            })?;
        }
        Ok(arguments)
    })
}

/// A declared type without its OID whose binary form needs one: a composite (its
/// fields' OIDs) or an array of enums or composites (its element's OID). A range's
/// binary form names no OID, so the server infers it (an array of user ranges is
/// declared by the generic name only and cannot be sent: a clear encoding error).
fn needs_lookup(ty: &Type) -> bool {
    ty.oid() == 0
        && match ty.kind() {
            Kind::Composite(_) => true,
            Kind::Array(member) => member.oid() == 0 && matches!(member.kind(), Kind::Enum(_) | Kind::Composite(_)),
            _ => false,
        }
}
