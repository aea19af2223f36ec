//! What the parts of the differ share: the keys that name objects in the dependency
//! graph, and expression text compared for meaning.

use pg_query::protobuf as pb;
use pg_query::{Node, NodeEnum};
use sleet_catalog::{Catalog, QualifiedName, TypeKind, TypeRef};

/// What extensions provide (types, operator classes, functions): which object uses
/// which extension is not in the Catalog, so whatever might use one is created after
/// every extension and dropped before any.
pub(crate) const EXTENSIONS: &str = "extensions";

/// What views read, for views whose dependencies the Catalog does not know in full:
/// steps that remove or retype columns or tables "drop" it, so every view drop comes
/// first; steps that create or change them "create" [`RELATIONS_READY`], which every
/// view creation requires.
pub(crate) const RELATIONS: &str = "relations";

/// See [`RELATIONS`].
pub(crate) const RELATIONS_READY: &str = "relations-ready";

pub(crate) fn schema_key(name: &str) -> String {
    format!("schema:{name}")
}

pub(crate) fn table_key(q: &QualifiedName) -> String {
    format!("table:{q}")
}

/// The shape of a table (its columns' names and types), which views depend on.
pub(crate) fn shape_key(q: &QualifiedName) -> String {
    format!("shape:{q}")
}

/// A table's shape after its columns changed, which views over it are created after.
pub(crate) fn reshaped_key(q: &QualifiedName) -> String {
    format!("reshaped:{q}")
}

/// A table's keys (primary and unique), which foreign keys depend on.
pub(crate) fn keys_key(q: &QualifiedName) -> String {
    format!("keys:{q}")
}

pub(crate) fn column_key(q: &QualifiedName, column: &str) -> String {
    format!("column:{q}.{column}")
}

/// A column's NOT NULL, which a primary key or identity holds on to.
pub(crate) fn not_null_key(q: &QualifiedName, column: &str) -> String {
    format!("notnull:{q}.{column}")
}

pub(crate) fn type_key(q: &QualifiedName) -> String {
    format!("type:{q}")
}

pub(crate) fn view_key(q: &QualifiedName) -> String {
    format!("view:{q}")
}

pub(crate) fn sequence_key(q: &QualifiedName) -> String {
    format!("sequence:{q}")
}

pub(crate) fn constraint_key(q: &QualifiedName, name: &str) -> String {
    format!("constraint:{q}.{name}")
}

pub(crate) fn index_key(schema: &str, name: &str) -> String {
    format!("index:{schema}.{name}")
}

/// The object a column of type `ty` needs: a user type, or a table's row type.
pub(crate) fn uses_type(cat: &Catalog, ty: &TypeRef) -> Option<String> {
    match cat.user_type(&ty.name)? {
        TypeKind::TableRow(_) => Some(table_key(&ty.name)),
        _ => Some(type_key(&ty.name)),
    }
}

/// Whether two column types are the same type: `numeric(10)` is `numeric(10, 0)`.
pub(crate) fn same_type(a: &TypeRef, b: &TypeRef) -> bool {
    let scale_zero = |t: &TypeRef| {
        let mut m = t.modifiers.clone();
        if t.name.name == "numeric" && m.len() == 1 {
            m.push(0);
        }
        m
    };
    a.name == b.name && a.array_dims == b.array_dims && scale_zero(a) == scale_zero(b)
}

/// Sequences a default expression draws from (`nextval('s'::regclass)`), qualified.
pub(crate) fn sequences_in(default: Option<&str>, schema: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = default.unwrap_or("");
    while let Some(at) = rest.find("nextval('") {
        rest = &rest[at + "nextval('".len()..];
        let Some(end) = rest.find('\'') else { break };
        let name = rest[..end].replace('"', "");
        let q = match name.split_once('.') {
            Some((s, n)) => QualifiedName::new(s, n),
            None => QualifiedName::new(schema, &name),
        };
        out.push(sequence_key(&q));
        rest = &rest[end..];
    }
    out
}

/// Whether two expressions mean the same, as far as their text tells: both are parsed
/// by PostgreSQL's parser, casts removed, `BETWEEN` and `LIKE` spelled as the operators
/// they stand for, and printed again. The server adds casts and parentheses to what it
/// stores (`'x'` → `'x'::text`), so text from a live database and from `schema.sql`
/// compare equal when they mean the same.
pub(crate) fn same_expression(a: &str, b: &str) -> bool {
    a == b || canonical_expression(a) == canonical_expression(b)
}

pub(crate) fn same_optional(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_expression(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// An expression's text in the form [`same_expression`] compares.
pub fn canonical_expression(text: &str) -> String {
    let Ok(mut parsed) = pg_query::parse(&format!("SELECT {text}"), 0) else { return text.to_string() };
    let Some(NodeEnum::SelectStmt(select)) =
        parsed.protobuf.stmts.first_mut().and_then(|s| s.stmt.as_mut()).and_then(|s| s.node.as_mut())
    else {
        return text.to_string();
    };
    for target in &mut select.target_list {
        strip(target);
    }
    match parsed.deparse(Default::default()) {
        Ok(out) => out.strip_prefix("SELECT ").unwrap_or(&out).to_string(),
        Err(_) => text.to_string(),
    }
}

/// A whole statement (a view's query) in canonical form: parsed and printed again.
pub(crate) fn canonical_query(text: &str) -> String {
    let text = text.trim().trim_end_matches(';');
    match pg_query::parse(text, 0).and_then(|p| p.deparse(Default::default())) {
        Ok(out) => out,
        Err(_) => text.to_string(),
    }
}

fn boxed(node: &mut Option<Box<Node>>) {
    if let Some(n) = node {
        strip(n);
    }
}

/// Removes casts and respells `LIKE` and `BETWEEN`, recursively.
fn strip(node: &mut Node) {
    let Some(inner) = node.node.as_mut() else { return };
    match inner {
        NodeEnum::TypeCast(cast) => {
            if let Some(arg) = cast.arg.take() {
                *node = *arg;
                strip(node);
            }
        }
        NodeEnum::ResTarget(t) => boxed(&mut t.val),
        NodeEnum::AExpr(e) => {
            boxed(&mut e.lexpr);
            boxed(&mut e.rexpr);
            let kind = pb::AExprKind::try_from(e.kind).unwrap_or(pb::AExprKind::Undefined);
            if matches!(kind, pb::AExprKind::AexprLike | pb::AExprKind::AexprIlike) {
                e.kind = pb::AExprKind::AexprOp as i32;
            }
            if kind == pb::AExprKind::AexprIn {
                in_as_any(e);
            }
            if kind == pb::AExprKind::AexprBetween {
                between_as_operators(node);
            }
        }
        // `'-1000.50'::numeric` is how the server writes a negative constant.
        NodeEnum::AConst(c) => {
            if let Some(pb::a_const::Val::Sval(s)) = &c.val {
                if let Some(number) = as_number(&s.sval) {
                    c.val = Some(number);
                }
            }
        }
        NodeEnum::BoolExpr(b) => b.args.iter_mut().for_each(strip),
        NodeEnum::FuncCall(f) => f.args.iter_mut().for_each(strip),
        NodeEnum::NullTest(t) => boxed(&mut t.arg),
        NodeEnum::BooleanTest(t) => boxed(&mut t.arg),
        NodeEnum::CoalesceExpr(c) => c.args.iter_mut().for_each(strip),
        NodeEnum::MinMaxExpr(m) => m.args.iter_mut().for_each(strip),
        NodeEnum::AArrayExpr(a) => a.elements.iter_mut().for_each(strip),
        NodeEnum::RowExpr(r) => r.args.iter_mut().for_each(strip),
        NodeEnum::List(l) => l.items.iter_mut().for_each(strip),
        NodeEnum::CollateClause(c) => boxed(&mut c.arg),
        NodeEnum::CaseExpr(c) => {
            boxed(&mut c.arg);
            boxed(&mut c.defresult);
            c.args.iter_mut().for_each(strip);
        }
        NodeEnum::CaseWhen(w) => {
            boxed(&mut w.expr);
            boxed(&mut w.result);
        }
        NodeEnum::SubLink(s) => boxed(&mut s.testexpr),
        _ => {}
    }
}

/// `x IN (a, b)` as `x = ANY (ARRAY[a, b])` (and `NOT IN` as `<> ALL`), which is how
/// the server stores it.
fn in_as_any(e: &mut pb::AExpr) {
    let negated = e.name.iter().any(|n| matches!(&n.node, Some(NodeEnum::String(s)) if s.sval == "<>"));
    let Some(NodeEnum::List(list)) = e.rexpr.as_deref().and_then(|r| r.node.clone()) else { return };
    e.kind = if negated { pb::AExprKind::AexprOpAll } else { pb::AExprKind::AexprOpAny } as i32;
    let array = pb::AArrayExpr { elements: list.items, location: -1, ..Default::default() };
    e.rexpr = Some(Box::new(Node { node: Some(NodeEnum::AArrayExpr(array)) }));
}

/// A string constant that is a decimal number, as the number.
fn as_number(text: &str) -> Option<pb::a_const::Val> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !int.is_empty() && int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit());
    if !numeric {
        return None;
    }
    Some(match text.parse::<i32>() {
        Ok(ival) if frac.is_empty() => pb::a_const::Val::Ival(pb::Integer { ival }),
        _ => pb::a_const::Val::Fval(pb::Float { fval: text.to_string() }),
    })
}

/// `x BETWEEN a AND b` as `x >= a AND x <= b`, which is how the server stores it.
fn between_as_operators(node: &mut Node) {
    let Some(NodeEnum::AExpr(e)) = node.node.as_ref() else { return };
    let bounds = match e.rexpr.as_deref().and_then(|r| r.node.as_ref()) {
        Some(NodeEnum::List(l)) if l.items.len() == 2 => Some((l.items[0].clone(), l.items[1].clone())),
        _ => None,
    };
    let (Some((low, high)), Some(x)) = (bounds, e.lexpr.clone()) else { return };
    let op = |name: &str, a: Box<Node>, b: Node| Node {
        node: Some(NodeEnum::AExpr(Box::new(pb::AExpr {
            kind: pb::AExprKind::AexprOp as i32,
            name: vec![Node { node: Some(NodeEnum::String(pb::String { sval: name.into() })) }],
            lexpr: Some(a),
            rexpr: Some(Box::new(b)),
            location: -1,
            ..Default::default()
        }))),
    };
    *node = Node {
        node: Some(NodeEnum::BoolExpr(Box::new(pb::BoolExpr {
            boolop: pb::BoolExprType::AndExpr as i32,
            args: vec![op(">=", x.clone(), low), op("<=", x, high)],
            ..Default::default()
        }))),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_casts_and_parentheses_do_not_make_a_difference() {
        assert!(same_expression("'x'", "'x'::text"));
        assert!(same_expression("price > 0", "(price > (0)::numeric)"));
        assert!(same_expression("a BETWEEN 1 AND 5", "((a >= 1) AND (a <= 5))"));
        assert!(!same_expression("price > 0", "price > 1"));
        assert!(same_expression("plan IN ('free', 'pro')", "(plan = ANY (ARRAY['free'::plan, 'pro'::plan]))"));
        assert!(same_expression("plan NOT IN ('a')", "(plan <> ALL (ARRAY['a'::text]))"));
        assert!(same_expression("balance >= -1000.50", "(balance >= '-1000.50'::numeric)"));
        assert!(!same_expression("balance >= -1000.50", "(balance >= '-1000.5'::numeric)"));
    }

    #[test]
    fn nextval_defaults_name_their_sequence() {
        assert_eq!(sequences_in(Some("nextval('users_id_seq'::regclass)"), "public"), ["sequence:public.users_id_seq"]);
        assert_eq!(sequences_in(Some("nextval('app.\"S\"'::regclass)"), "public"), ["sequence:app.S"]);
        assert!(sequences_in(Some("0"), "public").is_empty());
    }
}
