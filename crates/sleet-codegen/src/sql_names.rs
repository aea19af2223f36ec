//! How names appear in SQL: quoted only where PostgreSQL needs it (upper case, spaces,
//! reserved words…). The emitter bakes these into the generated code, so the runtime
//! never quotes at query time; the SQL front end writes names into the text the server
//! would print (a serial's `nextval('…'::regclass)`).

use sleet_catalog::TypeRef;

pub use sleet_catalog::sql::{quote, relation};

/// A column's type as written in a cast, without its modifiers (the column applies
/// them on assignment): `text`, `varchar`, `role`, `auth.level`, `int4[]`. `bit` casts
/// as `varbit`, since a bare `bit` means `bit(1)` and would truncate; the internal
/// one-byte `char` keeps its quotes, since a bare `char` means `character(1)`.
pub fn cast_type(ty: &TypeRef) -> String {
    let name = if ty.name.schema == "pg_catalog" {
        match ty.name.name.as_str() {
            "bit" => "varbit".to_string(),
            "char" => "\"char\"".to_string(),
            name => quote(name),
        }
    } else {
        relation(&ty.name.schema, &ty.name.name)
    };
    name + &"[]".repeat(ty.array_dims as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sleet_catalog::QualifiedName;

    #[test]
    fn cast_types_drop_modifiers_and_keep_arrays() {
        let with = |schema: &str, name: &str, modifiers: Vec<i64>, array_dims| TypeRef {
            name: QualifiedName::new(schema, name),
            modifiers,
            array_dims,
        };
        let cast: Vec<String> = [
            with("pg_catalog", "varchar", vec![80], 0),
            with("pg_catalog", "numeric", vec![12, 2], 0),
            with("pg_catalog", "bit", vec![3], 0),
            with("pg_catalog", "char", vec![], 0),
            with("public", "role", vec![], 0),
            with("Auth", "level", vec![], 0),
            with("pg_catalog", "int4", vec![], 2),
        ]
        .iter()
        .map(cast_type)
        .collect();
        assert_eq!(cast, ["varchar", "numeric", "varbit", "\"char\"", "role", "\"Auth\".level", "int4[][]"]);
    }

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        let quoted: Vec<String> =
            ["users", "user", "createdAt", "with space", "a\"b", "_x1", "1st", "ünïcode"].map(quote).into();
        assert_eq!(
            quoted,
            ["users", "\"user\"", "\"createdAt\"", "\"with space\"", "\"a\"\"b\"", "_x1", "\"1st\"", "\"ünïcode\""]
        );
        assert_eq!(relation("auth", "users"), "auth.users");
        assert_eq!(relation("My Schema", "order"), "\"My Schema\".\"order\"");
    }
}
