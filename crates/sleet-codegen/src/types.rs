//! PostgreSQL's built-in types as the generator knows them: which names exist, their
//! canonical spelling, and the default Rust type of each (the published mapping table).

/// The Rust side of a mapping: a path below the runtime's `__private` module or a
/// plain std path, and the runtime feature it needs, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RustType {
    /// The type as written in generated code (`i32`, `sl::chrono::NaiveDate`, …).
    pub path: &'static str,
    /// The `sleet` feature that provides it.
    pub feature: Option<&'static str>,
}

const fn std(path: &'static str) -> RustType {
    RustType { path, feature: None }
}
const fn with(feature: &'static str, path: &'static str) -> RustType {
    RustType { path, feature: Some(feature) }
}

/// Canonical built-in type names, with their default Rust type for chrono and time.
/// `None` means no mapping exists yet: such columns decode as raw bytes (`sl::RawValue`).
#[rustfmt::skip]
const BUILTINS: &[(&str, Option<RustType>, Option<RustType>)] = &[
    ("bool", Some(std("bool")), None),
    ("int2", Some(std("i16")), None),
    ("int4", Some(std("i32")), None),
    ("int8", Some(std("i64")), None),
    ("float4", Some(std("f32")), None),
    ("float8", Some(std("f64")), None),
    ("numeric", Some(with("rust_decimal", "sl::rust_decimal::Decimal")), None),
    ("text", Some(std("String")), None),
    ("varchar", Some(std("String")), None),
    ("bpchar", Some(std("String")), None),
    ("name", Some(std("String")), None),
    ("char", Some(std("i8")), None),
    ("bytea", Some(std("Vec<u8>")), None),
    ("uuid", Some(with("uuid", "sl::uuid::Uuid")), None),
    ("date", Some(with("chrono", "sl::chrono::NaiveDate")), Some(with("time", "sl::time::Date"))),
    ("time", Some(with("chrono", "sl::chrono::NaiveTime")), Some(with("time", "sl::time::Time"))),
    ("timestamp", Some(with("chrono", "sl::chrono::NaiveDateTime")), Some(with("time", "sl::time::PrimitiveDateTime"))),
    ("timestamptz", Some(with("chrono", "sl::chrono::DateTime<sl::chrono::Utc>")), Some(with("time", "sl::time::OffsetDateTime"))),
    ("interval", Some(std("sl::Interval")), None),
    ("timetz", None, None),
    ("json", Some(with("serde_json", "sl::serde_json::Value")), None),
    ("jsonb", Some(with("serde_json", "sl::serde_json::Value")), None),
    ("inet", Some(std("sl::Inet")), None),
    ("cidr", Some(std("sl::Inet")), None),
    ("macaddr", Some(with("eui48", "sl::eui48::MacAddress")), None),
    ("oid", Some(std("u32")), None),
    ("money", Some(std("sl::Money")), None),
    ("int4range", Some(std("sl::Range<i32>")), None),
    ("int8range", Some(std("sl::Range<i64>")), None),
    ("numrange", Some(with("rust_decimal", "sl::Range<sl::rust_decimal::Decimal>")), None),
    ("daterange", Some(with("chrono", "sl::Range<sl::chrono::NaiveDate>")), Some(with("time", "sl::Range<sl::time::Date>"))),
    ("tsrange", Some(with("chrono", "sl::Range<sl::chrono::NaiveDateTime>")), Some(with("time", "sl::Range<sl::time::PrimitiveDateTime>"))),
    ("tstzrange", Some(with("chrono", "sl::Range<sl::chrono::DateTime<sl::chrono::Utc>>")), Some(with("time", "sl::Range<sl::time::OffsetDateTime>"))),
    // Built-in types with no Rust mapping yet: they decode as raw wire bytes, and a
    // type override gives them a real type.
    ("xml", None, None), ("bit", None, None), ("varbit", None, None), ("macaddr8", None, None),
    ("point", None, None), ("line", None, None), ("lseg", None, None), ("box", None, None),
    ("path", None, None), ("polygon", None, None), ("circle", None, None),
    ("tsvector", None, None), ("tsquery", None, None), ("jsonpath", None, None),
    ("pg_lsn", None, None), ("txid_snapshot", None, None), ("pg_snapshot", None, None),
    ("xid", None, None), ("xid8", None, None), ("cid", None, None), ("tid", None, None),
    ("regclass", None, None), ("regproc", None, None), ("regprocedure", None, None),
    ("regtype", None, None), ("regrole", None, None), ("regnamespace", None, None),
    ("regconfig", None, None), ("regdictionary", None, None), ("regoper", None, None),
    ("int2vector", None, None), ("oidvector", None, None), ("aclitem", None, None),
    ("int4multirange", None, None), ("int8multirange", None, None), ("nummultirange", None, None),
    ("datemultirange", None, None), ("tsmultirange", None, None), ("tstzmultirange", None, None),
    ("record", None, None), ("anyelement", None, None), ("unknown", None, None),
];

/// Unqualified spellings that name a built-in type under another name.
const ALIASES: &[(&str, &str)] = &[
    ("boolean", "bool"),
    ("smallint", "int2"),
    ("integer", "int4"),
    ("int", "int4"),
    ("bigint", "int8"),
    ("real", "float4"),
    ("float", "float8"),
    ("decimal", "numeric"),
    ("character", "bpchar"),
    ("timestamp with time zone", "timestamptz"),
];

/// Types that extensions define, by extension, with their Rust mapping.
const EXTENSION_TYPES: &[(&str, &str, Option<RustType>)] = &[
    ("citext", "citext", Some(std("String"))),
    ("ltree", "ltree", Some(std("String"))),
    ("ltree", "lquery", Some(std("String"))),
    ("ltree", "ltxtquery", Some(std("String"))),
    ("hstore", "hstore", Some(std("std::collections::HashMap<String, Option<String>>"))),
    ("postgis", "geometry", None),
    ("postgis", "geography", None),
    ("postgis", "box2d", None),
    ("postgis", "box3d", None),
    ("vector", "vector", None),
    ("vector", "halfvec", None),
    ("vector", "sparsevec", None),
    ("cube", "cube", None),
    ("earthdistance", "earth", None),
    ("isn", "isbn", None),
    ("isn", "ean13", None),
    ("pg_trgm", "gtrgm", None),
];

/// The canonical `pg_catalog` name of a built-in type, looked up by its unqualified
/// name or an alias (`integer` → `int4`).
pub fn builtin(name: &str) -> Option<&'static str> {
    let canonical = ALIASES.iter().find(|(alias, _)| *alias == name).map_or(name, |(_, c)| c);
    BUILTINS.iter().find(|(n, ..)| *n == canonical).map(|(n, ..)| *n)
}

/// The integer type a `serial` pseudo-type stands for.
pub fn serial_type(name: &str) -> Option<&'static str> {
    match name {
        "smallserial" | "serial2" => Some("int2"),
        "serial" | "serial4" => Some("int4"),
        "bigserial" | "serial8" => Some("int8"),
        _ => None,
    }
}

/// Whether a name is a type that a well-known extension defines.
pub fn is_extension_type(name: &str) -> bool {
    EXTENSION_TYPES.iter().any(|(_, t, _)| *t == name)
}

/// Whether `extension` defines the type `name`.
pub fn extension_provides(extension: &str, name: &str) -> bool {
    EXTENSION_TYPES.iter().any(|(e, t, _)| *e == extension && *t == name)
}

/// Whether sleet knows the types this extension defines.
pub fn is_known_extension(extension: &str) -> bool {
    extension == "plpgsql" || EXTENSION_TYPES.iter().any(|(e, ..)| *e == extension)
}

/// Which date/time crate the generated code uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum TimeCrate {
    /// `chrono` (the default).
    #[default]
    Chrono,
    /// `time`.
    Time,
}

/// The default Rust type of a built-in or extension type, if it has one.
pub fn rust_type(name: &str, time: TimeCrate) -> Option<RustType> {
    if let Some((_, chrono, time_ty)) = BUILTINS.iter().find(|(n, ..)| *n == name) {
        return match time {
            TimeCrate::Time => time_ty.or(*chrono).filter(|t| t.feature != Some("chrono")),
            TimeCrate::Chrono => *chrono,
        };
    }
    EXTENSION_TYPES.iter().find(|(_, t, _)| *t == name).and_then(|(_, _, r)| *r)
}
