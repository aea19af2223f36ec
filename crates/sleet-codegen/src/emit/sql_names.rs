//! How names appear in SQL: quoted only where PostgreSQL needs it (upper case, spaces,
//! reserved words…). The emitter bakes these into the generated code, so the runtime
//! never quotes at query time.

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

#[cfg(test)]
mod tests {
    use super::*;

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
