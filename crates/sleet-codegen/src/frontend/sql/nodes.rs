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
