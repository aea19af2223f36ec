//! Parameters on sqlx: each [`Param`] declares its type by OID (0 lets the server
//! infer it, as for enums) and is encoded by `postgres-types`, as on tokio-postgres'
//! unnamed statements.

use crate::error::{Error, Result};
use crate::params::Param;
use ::sqlx::encode::IsNull;
use ::sqlx::error::BoxDynError;
use ::sqlx::postgres::{PgArgumentBuffer, PgArguments, PgTypeInfo, Postgres};
use ::sqlx::Arguments as _;
use bytes::BytesMut;
use postgres_types::ToSql as _;

/// One bound value as sqlx takes it.
struct Bound<'p, 'a>(&'p Param<'a>);

impl ::sqlx::Type<Postgres> for Bound<'_, '_> {
    fn type_info() -> PgTypeInfo {
        // Never used: `produces` gives each value's own type.
        PgTypeInfo::with_oid(::sqlx::postgres::types::Oid(0))
    }
}

impl<'q> ::sqlx::Encode<'q, Postgres> for Bound<'_, '_> {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let mut bytes = BytesMut::new();
        match self.0.to_sql(&self.0.param_type(), &mut bytes)? {
            postgres_types::IsNull::Yes => Ok(IsNull::Yes),
            postgres_types::IsNull::No => {
                buf.extend_from_slice(&bytes);
                Ok(IsNull::No)
            }
        }
    }

    fn produces(&self) -> Option<PgTypeInfo> {
        Some(PgTypeInfo::with_oid(::sqlx::postgres::types::Oid(self.0.param_type().oid())))
    }
}

/// The statement's parameters, encoded.
pub(super) fn arguments(params: &[Param<'_>], sql: &str) -> Result<PgArguments> {
    let mut arguments = PgArguments::default();
    for (i, param) in params.iter().enumerate() {
        arguments
            .add(Bound(param))
            .map_err(|e| Error::from_sqlx(::sqlx::Error::Encode(format!("parameter ${}: {e}", i + 1).into()), sql))?;
    }
    Ok(arguments)
}
