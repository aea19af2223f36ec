//! How names appear in SQL text: quoted only where PostgreSQL needs it (upper case,
//! spaces, reserved words…), as the server prints them. The emitter bakes these into
//! generated code, the SQL front end into the text the server would print, and the DDL
//! printer into `schema.sql`.

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

/// A type as written in DDL: `int4`, `varchar(40)`, `numeric(12, 2)`, `role[]`,
/// `billing.status`. The one-byte `"char"` keeps its quotes (a bare `char` means
/// `character(1)`).
pub fn type_name(ty: &crate::TypeRef) -> String {
    let mut out = if ty.name.schema == "pg_catalog" {
        match ty.name.name.as_str() {
            "char" => "\"char\"".to_string(),
            name => quote(name),
        }
    } else {
        relation(&ty.name.schema, &ty.name.name)
    };
    if !ty.modifiers.is_empty() {
        let mods: Vec<String> = ty.modifiers.iter().map(i64::to_string).collect();
        out.push_str(&format!("({})", mods.join(", ")));
    }
    for _ in 0..ty.array_dims {
        out.push_str("[]");
    }
    out
}

/// A string as an SQL literal: `'it''s'`.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
