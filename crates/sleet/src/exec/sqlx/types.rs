//! Column types as `postgres-types` names them, for sleet's decoding: built-in types
//! by OID; user-defined types (enums, composites, domains, ranges, arrays of them)
//! read once from `pg_type` on the connection and cached per `Db`, with their schema,
//! which the generated types check.

use crate::error::{Error, Result};
use ::sqlx::postgres::{PgConnection, PgRow};
use postgres_types::{Field, Kind, Type};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// User-defined types seen so far, by OID, and OIDs by schema and name.
#[derive(Debug, Default)]
pub(super) struct TypeCache {
    types: Mutex<HashMap<u32, Type>>,
    oids: Mutex<HashMap<(String, String), u32>>,
}

const OID_QUERY: &str = "SELECT t.oid::int8, t.typarray::int8 FROM pg_catalog.pg_type t \
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2";

/// What `pg_type` says of one type.
type TypeRow = (String, String, String, String, i64, i64, Option<i64>, Vec<String>, Vec<String>, Vec<i64>);

const TYPE_QUERY: &str = "SELECT t.typname::text, n.nspname::text, t.typtype::text, t.typcategory::text, \
     t.typelem::int8, t.typbasetype::int8, (SELECT r.rngsubtype::int8 FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid), \
     ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), \
     ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 \
           AND NOT a.attisdropped ORDER BY a.attnum), \
     ARRAY(SELECT a.atttypid::int8 FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 \
           AND NOT a.attisdropped ORDER BY a.attnum) \
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = $1::int8::oid";

impl TypeCache {
    /// The types of a result's columns, from one of its rows.
    pub(super) async fn column_types(&self, connection: &mut PgConnection, row: &PgRow) -> Result<Arc<[Type]>> {
        let mut types = Vec::new();
        for column in ::sqlx::Row::columns(row) {
            let info = ::sqlx::Column::type_info(column);
            let oid = info.oid().map_or(0, |oid| oid.0);
            types.push(self.resolve(connection, oid).await?);
        }
        Ok(types.into())
    }

    /// The full type of a parameter declared by name only (`ty.oid()` is 0): an
    /// array's element is looked up by its name, then the array by its element.
    pub(super) fn declared<'a>(
        &'a self,
        connection: &'a mut PgConnection,
        ty: &'a Type,
    ) -> super::BoxFuture<'a, Result<Type>> {
        Box::pin(async move {
            let (named, array) = match ty.kind() {
                Kind::Array(member) => (member, true),
                _ => (ty, false),
            };
            let key = (named.schema().to_string(), named.name().to_string());
            let cached = self.oids.lock().ok().and_then(|oids| oids.get(&key).copied());
            let (oid, array_oid) = match cached {
                Some(oid) if !array => (oid, 0),
                _ => {
                    // Unnamed, as every catalog query here: nothing outlives it behind a pooler.
                    let found: Option<(i64, i64)> = ::sqlx::query_as(OID_QUERY)
                        .persistent(false)
                        .bind(&key.0)
                        .bind(&key.1)
                        .fetch_optional(&mut *connection)
                        .await
                        .map_err(|e| Error::from_sqlx(e, OID_QUERY))?;
                    let Some((oid, array_oid)) = found else {
                        return Err(Error::Usage(format!(
                            "type {}.{} does not exist in this database (a parameter is declared as it)",
                            key.0, key.1
                        )));
                    };
                    if let Ok(mut oids) = self.oids.lock() {
                        oids.insert(key, oid_of(oid));
                    }
                    (oid_of(oid), oid_of(array_oid))
                }
            };
            self.resolve(connection, if array { array_oid } else { oid }).await
        })
    }

    /// The type of `oid`.
    fn resolve<'a>(&'a self, connection: &'a mut PgConnection, oid: u32) -> super::BoxFuture<'a, Result<Type>> {
        Box::pin(async move {
            if let Some(ty) = Type::from_oid(oid) {
                return Ok(ty);
            }
            if let Some(ty) = self.types.lock().ok().and_then(|types| types.get(&oid).cloned()) {
                return Ok(ty);
            }
            let row: TypeRow = ::sqlx::query_as(TYPE_QUERY)
                .persistent(false)
                .bind(i64::from(oid))
                .fetch_one(&mut *connection)
                .await
                .map_err(|e| Error::from_sqlx(e, TYPE_QUERY))?;
            let (name, schema, typtype, category, element, base, range_of, labels, field_names, field_types) = row;
            let kind = match typtype.as_str() {
                "e" => Kind::Enum(labels),
                "d" => Kind::Domain(self.resolve(connection, oid_of(base)).await?),
                "r" => Kind::Range(self.resolve(connection, oid_of(range_of.unwrap_or(0))).await?),
                "c" => {
                    let mut fields = Vec::with_capacity(field_names.len());
                    for (field, field_type) in field_names.into_iter().zip(field_types) {
                        fields.push(Field::new(field, self.resolve(connection, oid_of(field_type)).await?));
                    }
                    Kind::Composite(fields)
                }
                "p" => Kind::Pseudo,
                _ if category == "A" && element != 0 => Kind::Array(self.resolve(connection, oid_of(element)).await?),
                _ => Kind::Simple,
            };
            let ty = Type::new(name, oid, kind, schema);
            if let Ok(mut types) = self.types.lock() {
                types.insert(oid, ty.clone());
            }
            Ok(ty)
        })
    }
}

fn oid_of(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}
