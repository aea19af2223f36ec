//! The names PostgreSQL gives what the user did not name, by its own rules
//! (`makeObjectName` and `ChooseConstraintName` in the server): `name1_name2_label`,
//! cut to 63 bytes at a character boundary (the longer part first), and a number after
//! the label while the name is taken in the schema.

use pg_query::NodeEnum;
use sleet_catalog::Schema;

/// The longest identifier PostgreSQL keeps (`NAMEDATALEN - 1`).
const MAX_NAME: usize = 63;

/// `name1[_name2]_label`, each part cut so the whole fits in 63 bytes.
pub(super) fn object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = MAX_NAME.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > available {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The longest prefix of `s` of at most `bytes` bytes that ends on a character boundary.
fn clip(s: &str, bytes: usize) -> &str {
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Every constraint name in use in `schema` (constraint names are unique per schema
/// when PostgreSQL chooses them).
pub(super) fn constraint_names(schema: &Schema) -> Vec<String> {
    let mut names = Vec::new();
    for t in schema.tables.values() {
        names.extend(t.primary_key.iter().chain(&t.uniques).map(|k| k.name.clone()));
        names.extend(t.checks.iter().map(|c| c.name.clone()));
        names.extend(t.foreign_keys.iter().map(|f| f.name.clone()));
    }
    for d in schema.domains.values() {
        names.extend(d.checks.iter().map(|c| c.name.clone()));
    }
    names
}

/// Every relation name in `schema` (tables, views, sequences, indexes), which an
/// index-backed key's name must not take.
pub(super) fn relation_names(schema: &Schema) -> Vec<String> {
    let mut names: Vec<String> =
        schema.tables.keys().chain(schema.views.keys()).chain(schema.sequences.keys()).cloned().collect();
    for t in schema.tables.values() {
        names.extend(t.indexes.keys().cloned());
        names.extend(t.primary_key.iter().chain(&t.uniques).map(|k| k.name.clone()));
    }
    names
}

/// [`object_name`], with `label1`, `label2`, … until the name is not in `taken`.
pub(super) fn choose(name1: &str, name2: Option<&str>, label: &str, taken: &[String]) -> String {
    let mut name = object_name(name1, name2, label);
    let mut pass = 0;
    while taken.contains(&name) {
        pass += 1;
        name = object_name(name1, name2, &format!("{label}{pass}"));
    }
    name
}

/// The column names joined as a key's name takes them (`a_b`).
pub(super) fn columns_part(names: &[String]) -> String {
    names.join("_")
}

/// The one column a check expression reads, if it reads exactly one: PostgreSQL names
/// the check after it (`t_a_check`), and after the table alone otherwise.
pub(super) fn only_column(expression: &pg_query::protobuf::Node) -> Option<String> {
    let mut columns: Vec<String> = Vec::new();
    collect_columns(expression, &mut columns);
    columns.dedup();
    columns.sort();
    columns.dedup();
    match columns.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn collect_columns(node: &pg_query::protobuf::Node, out: &mut Vec<String>) {
    let Some(inner) = node.node.as_ref() else { return };
    for (found, _, _, _) in inner.nodes() {
        if let pg_query::NodeRef::ColumnRef(c) = found {
            if let Some(NodeEnum::String(s)) = c.fields.last().and_then(|f| f.node.as_ref()) {
                out.push(s.sval.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_like_postgresql_cuts_them() {
        let long = "a".repeat(40);
        let name = object_name(&long, Some(&"b".repeat(40)), "check");
        assert_eq!(name.len(), 63);
        assert_eq!(name, format!("{}_{}_check", "a".repeat(28), "b".repeat(28)));
        // Multibyte names are cut at a character boundary.
        let table = "表".repeat(20);
        let name = object_name(&table, Some("a"), "check");
        assert!(name.len() <= 63 && name.ends_with("_a_check"), "{name}");
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let taken = vec!["t_check".to_string(), "t_check1".to_string()];
        assert_eq!(choose("t", None, "check", &taken), "t_check2");
    }
}
