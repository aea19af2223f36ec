//! Reading libpg_query's parse tree: names, lists, and expressions deparsed back to
//! PostgreSQL's canonical text.

use pg_query::protobuf as pb;
use pg_query::{Node, NodeEnum};

pub(super) fn enum_is<E: TryFrom<i32> + PartialEq>(raw: i32, value: E) -> bool {
    E::try_from(raw).is_ok_and(|v| v == value)
}

/// The statement's kind (`CreateFunctionStmt`, …): the variant name that `Debug`
/// prints first, read without formatting the whole (possibly huge) statement.
pub(super) fn node_kind(node: &NodeEnum) -> String {
    struct UpToParen(String);
    impl std::fmt::Write for UpToParen {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            match s.find(['(', ' ', '{']) {
                Some(end) => {
                    self.0.push_str(&s[..end]);
                    Err(std::fmt::Error) // stop formatting: the name is complete
                }
                None => {
                    self.0.push_str(s);
                    Ok(())
                }
            }
        }
    }
    let mut name = UpToParen(String::new());
    let _ = std::fmt::write(&mut name, format_args!("{node:?}"));
    name.0
}

/// The string values of a list of `String` nodes (qualified names, column lists).
pub(super) fn strings(nodes: &[Node]) -> Vec<String> {
    nodes
        .iter()
        .filter_map(|n| match n.node.as_ref()? {
            NodeEnum::String(s) => Some(s.sval.clone()),
            _ => None,
        })
        .collect()
}

/// A `List` node's items, or the node alone.
pub(super) fn list_items(node: &Node) -> &[Node] {
    match node.node.as_ref() {
        Some(NodeEnum::List(l)) => &l.items,
        _ => std::slice::from_ref(node),
    }
}

pub(super) fn deparse_expr(node: &Node) -> String {
    // Deparse as the target of `SELECT` to get PostgreSQL's canonical text of an expression.
    let Some(inner) = node.node.as_ref() else { return String::new() };
    let select = NodeEnum::SelectStmt(Box::new(pb::SelectStmt {
        target_list: vec![Node {
            node: Some(NodeEnum::ResTarget(Box::new(pb::ResTarget {
                val: Some(Box::new(Node { node: Some(inner.clone()) })),
                ..Default::default()
            }))),
        }],
        op: pb::SetOperation::SetopNone as i32,
        limit_option: pb::LimitOption::Default as i32,
        ..Default::default()
    }));
    match select.deparse(Default::default()) {
        Ok(text) => text.strip_prefix("SELECT ").unwrap_or(&text).to_string(),
        Err(_) => String::from("<expression>"),
    }
}

/// The name parts of a type object in DROP/COMMENT/RENAME: a `TypeName` or a `List`.
pub(super) fn type_object_names(node: &Node) -> Vec<String> {
    match node.node.as_ref() {
        Some(NodeEnum::TypeName(tn)) => strings(&tn.names),
        _ => strings(list_items(node)),
    }
}

pub(super) fn split_qualified(names: &[String]) -> Result<(String, String), &'static str> {
    match names {
        [name] => Ok((String::new(), name.clone())),
        [.., schema, name] => Ok((schema.clone(), name.clone())),
        [] => Err("empty name"),
    }
}

pub(super) fn display_rv(rv: &pb::RangeVar) -> String {
    if rv.schemaname.is_empty() {
        rv.relname.clone()
    } else {
        format!("{}.{}", rv.schemaname, rv.relname)
    }
}

pub(super) fn string_node(s: &str) -> Node {
    Node { node: Some(NodeEnum::String(pb::String { sval: s.to_string() })) }
}

/// An expression over a table's columns with the column `old` renamed to `new`, as
/// PostgreSQL's stored expressions follow `RENAME COLUMN`: the parser says where each
/// reference to the column starts, the scanner where its last name is.
pub(super) fn rename_column_in(expression: &str, old: &str, new: &str) -> String {
    const PREFIX: &str = "SELECT ";
    let text = format!("{PREFIX}{expression}");
    let (Ok(parsed), Ok(scanned)) = (pg_query::parse(&text, 0), pg_query::scan(&text)) else {
        return expression.to_string();
    };
    let mut spans = Vec::new();
    for (node, ..) in parsed.protobuf.nodes() {
        let pg_query::NodeRef::ColumnRef(c) = node else { continue };
        if strings(&c.fields).last().map(String::as_str) != Some(old) {
            continue;
        }
        // `name`, `t.name`, `"t"."name"`: identifiers joined by dots from the start.
        let from = scanned.tokens.iter().position(|t| t.start == c.location);
        let Some(mut at) = from else { continue };
        while scanned.tokens.get(at + 2).is_some_and(|_| &text[span(&scanned.tokens[at + 1])] == ".") {
            at += 2;
        }
        spans.push(span(&scanned.tokens[at]));
    }
    let mut out = text;
    spans.sort_by_key(|s| std::cmp::Reverse(s.start));
    for s in spans {
        out.replace_range(s, &sleet_catalog::sql::quote(new));
    }
    out[PREFIX.len()..].to_string()
}

fn span(token: &pb::ScanToken) -> std::ops::Range<usize> {
    usize::try_from(token.start).unwrap_or(0)..usize::try_from(token.end).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::rename_column_in;

    #[test]
    fn renaming_a_column_rewrites_its_references_only() {
        assert_eq!(
            rename_column_in("(liked IS NULL) = (vote IS NULL)", "liked", "liked_at"),
            "(liked_at IS NULL) = (vote IS NULL)"
        );
        assert_eq!(
            rename_column_in("t.a > 0 AND \"a\" < lower(b)", "a", "Total"),
            "t.\"Total\" > 0 AND \"Total\" < lower(b)"
        );
        // A function, a type or a string of the same name is not the column.
        assert_eq!(rename_column_in("lower(lower) <> 'lower'::lower", "lower", "l"), "lower(l) <> 'lower'::lower");
    }
}
