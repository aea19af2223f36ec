//! How names appear in SQL: quoted only where PostgreSQL needs it (upper case, spaces,
//! reserved words…). The emitter bakes these into the generated code, so the runtime
//! never quotes at query time; the SQL front end writes names into the text the server
//! would print (a serial's `nextval('…'::regclass)`).

use sleet_catalog::TypeRef;

/// Words PostgreSQL reserves: identifiers spelled like them must be quoted.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// An identifier as SQL text: bare when it can be, double-quoted otherwise.
pub fn quote(name: &str) -> String {
    let mut chars = name.chars();
    let plain = matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '$'))
        && !RESERVED.contains(&name);
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A relation as SQL text: schema-qualified unless it is in `public`.
pub fn relation(schema: &str, name: &str) -> String {
    if schema == "public" {
        quote(name)
    } else {
        format!("{}.{}", quote(schema), quote(name))
    }
}

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
