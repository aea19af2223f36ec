//! The Diesel `print-schema` fixtures (in the corpus) must get the column types that
//! `diesel print-schema` gives them (its `expected.snap` files, extracted into
//! `tests/diesel/expected_types.tsv`), except for differences we make on purpose,
//! listed below and in the README's type-mapping notes.

use sleet_catalog::{Catalog, QualifiedName, TypeKind, TypeRef};
use sleet_codegen::load_sources;
use std::collections::BTreeMap;
use std::path::Path;

/// (case, table, column) → why our type differs from Diesel's.
const DELIBERATE: &[(&str, &str, &str, &str)] = &[
    (
        "print_schema_array_type",
        "users",
        "tags",
        "array elements are non-null by default; `nullable_array_elements(true)` gives Diesel's Array<Nullable<_>>",
    ),
    (
        "print_schema_domain_types",
        "mytable",
        "a",
        "domains map to their base type by default (Diesel's fixture asks for a custom type)",
    ),
    (
        "print_schema_domain_types",
        "mytable",
        "b",
        "domains map to their base type by default (Diesel's fixture asks for a custom type)",
    ),
    (
        "print_schema_domain_types",
        "mytable",
        "d",
        "domains map to their base type by default (Diesel's fixture asks for a custom type)",
    ),
    ("print_schema_with_view", "test", "id", "view columns are nullable only where the query can produce NULL"),
    ("print_schema_with_view", "test", "name", "view columns are nullable only where the query can produce NULL"),
];

/// Our type in Diesel's notation (`Nullable<Int4>`, `Array<Text>`, `MyType`).
fn diesel_notation(catalog: &Catalog, ty: &TypeRef, nullable: bool) -> String {
    let base = match catalog.user_type(&ty.name) {
        Some(TypeKind::Enum(e)) => heck::AsUpperCamelCase(&e.name).to_string(),
        Some(TypeKind::Domain(d)) => diesel_notation(catalog, &d.base, false),
        _ => match ty.name.name.as_str() {
            "int2" => "Int2".into(),
            "int4" => "Int4".into(),
            "int8" => "Int8".into(),
            "float4" => "Float4".into(),
            "float8" => "Float8".into(),
            "bool" => "Bool".into(),
            "text" => "Text".into(),
            "varchar" => "Varchar".into(),
            "bpchar" => "Bpchar".into(),
            "citext" => "Citext".into(),
            "timestamp" => "Timestamp".into(),
            "timestamptz" => "Timestamptz".into(),
            "date" => "Date".into(),
            "numeric" => "Numeric".into(),
            "uuid" => "Uuid".into(),
            "jsonb" => "Jsonb".into(),
            "json" => "Json".into(),
            "bytea" => "Bytea".into(),
            other => format!("?{other}"),
        },
    };
    let base = if ty.array_dims > 0 { format!("Array<{base}>") } else { base };
    if nullable {
        format!("Nullable<{base}>")
    } else {
        base
    }
}

#[test]
fn column_types_agree_with_diesel_print_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let corpus = std::fs::read_to_string(root.join("corpus/diesel-print-schema.sql")).unwrap();
    let mut cases: BTreeMap<String, Catalog> = BTreeMap::new();
    for part in corpus.split("-- ==== FILE: ").skip(1) {
        let (path, sql) = part.split_once('\n').unwrap();
        let case = path.split('/').nth(3).unwrap().to_string();
        let (catalog, _) = load_sources([(Path::new(path), sql)]).unwrap_or_else(|e| panic!("{case}: {e}"));
        cases.insert(case, catalog);
    }
    assert_eq!(cases.len(), 57);

    let expected = std::fs::read_to_string(root.join("diesel/expected_types.tsv")).unwrap();
    let mut compared = 0;
    let mut differences = Vec::new();
    for line in expected.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [case, schema, table, column, diesel] = fields[..] else { panic!("bad line {line}") };
        let catalog = &cases[case];
        let q = QualifiedName::new(schema, table);
        let ours = if let Some(t) = catalog.table(&q) {
            let c = t.column(column).unwrap_or_else(|| panic!("{case}: no column {table}.{column}"));
            diesel_notation(catalog, &c.ty, c.nullable)
        } else {
            let view = catalog
                .schema(schema)
                .and_then(|s| s.views.get(table))
                .unwrap_or_else(|| panic!("{case}: no relation {q}"));
            let c = view.columns.iter().find(|c| c.name == column).unwrap();
            diesel_notation(catalog, c.ty.as_ref().expect("typed view column"), c.nullable)
        };
        compared += 1;
        if ours != diesel {
            differences.push((
                case.to_string(),
                table.to_string(),
                column.to_string(),
                format!("ours {ours}, diesel {diesel}"),
            ));
        }
    }
    assert!(compared >= 200, "compared {compared} columns");
    let unexplained: Vec<_> = differences
        .iter()
        .filter(|(c, t, col, _)| !DELIBERATE.iter().any(|(dc, dt, dcol, _)| dc == c && dt == t && dcol == col))
        .collect();
    assert!(
        unexplained.is_empty(),
        "types that differ from diesel print-schema without a documented reason: {unexplained:#?}"
    );
    let stale: Vec<_> = DELIBERATE
        .iter()
        .filter(|(dc, dt, dcol, _)| !differences.iter().any(|(c, t, col, _)| dc == c && dt == t && dcol == col))
        .collect();
    assert!(stale.is_empty(), "documented differences that no longer occur: {stale:#?}");
}
