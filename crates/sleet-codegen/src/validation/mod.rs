//! What a table's schema lets generated code check before the database does: rules
//! from column types (`varchar(n)`, `numeric(p, s)`, an integer range narrower than
//! the Rust type, a domain's `NOT NULL`) and `CHECK` constraints of tables and domains,
//! translated where their meaning is certain (`check.rs`, `pattern.rs`). What cannot
//! be translated is listed with the reason and left to the database, never guessed.

pub(crate) mod check;
mod pattern;

use check::Expr;
use pg_query::NodeEnum;
use sleet_catalog::{Catalog, Table, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// How generated code compares a column's values: the Rust type it has, when that is
/// the one the rules can be written for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// `i16`, `i32` or `i64`.
    Int(&'static str),
    /// `f32` or `f64`.
    Float(&'static str),
    Decimal,
    Text,
    /// `char(n)` as a `String`: its comparisons ignore the padding, so only its
    /// length is checked.
    Padded,
    Bool,
    /// A generated enum, with its labels.
    Enum(Vec<String>),
    /// Anything else: only `IS NULL` tests apply.
    Other,
}

impl Kind {
    /// The kind of a column of SQL type `ty` whose Rust type is `rust` (so an override
    /// to a type of the user's own is `Other`).
    pub(crate) fn of(catalog: &Catalog, ty: &TypeRef, rust: &str) -> Kind {
        let base = base_type(catalog, ty);
        if base.array_dims > 0 {
            return Kind::Other;
        }
        if let Some(TypeKind::Enum(e)) = catalog.user_type(&base.name) {
            return Kind::Enum(e.labels.clone());
        }
        if base.name.schema != "pg_catalog" {
            return Kind::Other;
        }
        match (base.name.name.as_str(), rust) {
            ("int2" | "int4" | "int8", "i16") => Kind::Int("i16"),
            ("int2" | "int4" | "int8", "i32") => Kind::Int("i32"),
            ("int2" | "int4" | "int8", "i64") => Kind::Int("i64"),
            ("float4", "f32") => Kind::Float("f32"),
            ("float8", "f64") => Kind::Float("f64"),
            ("numeric", r) if r.ends_with("Decimal") => Kind::Decimal,
            ("text" | "varchar", "String") => Kind::Text,
            ("bpchar", "String") => Kind::Padded,
            ("bool", "bool") => Kind::Bool,
            _ => Kind::Other,
        }
    }
}

/// A rule a column's type (or domain) implies.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TypeRule {
    /// `varchar(n)` / `char(n)`.
    MaxChars(u32),
    /// `numeric(precision, scale)`.
    Digits(u32, u32),
    /// The range of `smallint` or `integer`, where the Rust type is wider.
    Range(&'static str),
    /// The domain does not allow NULL.
    NotNull(String),
    /// Text cannot hold the NUL character (PostgreSQL refuses it, 22021).
    NoNul,
}

/// One conjunct of a `CHECK` constraint (a failing conjunct fails the constraint).
#[derive(Clone, Debug)]
pub(crate) struct CheckRule {
    pub constraint: String,
    pub expr: Expr,
    pub columns: BTreeSet<String>,
}

/// Everything generated code checks for one table, and what it leaves to the database.
#[derive(Debug, Default)]
pub(crate) struct TableRules {
    pub types: BTreeMap<String, Vec<TypeRule>>,
    pub checks: Vec<CheckRule>,
    /// `(constraint, reason)` for each check (or part) left to the database.
    pub left: Vec<(String, String)>,
}

/// The rules of `table`, whose columns compare as `kinds` say.
pub(crate) fn table_rules(catalog: &Catalog, table: &Table, kinds: &BTreeMap<String, Kind>) -> TableRules {
    let mut rules = TableRules::default();
    for column in &table.columns {
        let kind = kinds.get(&column.name).cloned().unwrap_or(Kind::Other);
        let mut types = Vec::new();
        let mut ty = &column.ty;
        // Domains only build on earlier domains; the bound guards a malformed catalog.
        for _ in 0..16 {
            if ty.array_dims > 0 {
                break;
            }
            type_rules(ty, &kind, &mut types);
            let Some(TypeKind::Domain(domain)) = catalog.user_type(&ty.name) else { break };
            if domain.not_null {
                types.push(TypeRule::NotNull(domain.name.clone()));
            }
            for c in &domain.checks {
                let origin = format!("{} of domain {}", c.name, domain.name);
                add_check(&mut rules, &c.name, &origin, &c.expression, kinds, Some(&column.name));
            }
            ty = &domain.base;
        }
        if matches!(kind, Kind::Text | Kind::Padded) {
            types.insert(0, TypeRule::NoNul);
        }
        if !types.is_empty() {
            rules.types.insert(column.name.clone(), types);
        }
    }
    for c in &table.checks {
        add_check(&mut rules, &c.name, &c.name, &c.expression, kinds, None);
    }
    rules
}

fn type_rules(ty: &TypeRef, kind: &Kind, out: &mut Vec<TypeRule>) {
    if ty.name.schema != "pg_catalog" {
        return;
    }
    let modifier = |i: usize| ty.modifiers.get(i).and_then(|m| u32::try_from(*m).ok());
    match (ty.name.name.as_str(), kind) {
        ("varchar" | "bpchar", Kind::Text | Kind::Padded) => {
            if let Some(n) = modifier(0) {
                out.push(TypeRule::MaxChars(n));
            }
        }
        ("numeric", Kind::Decimal) => {
            if let Some(p) = modifier(0) {
                out.push(TypeRule::Digits(p, modifier(1).unwrap_or(0)));
            }
        }
        ("int2", Kind::Int("i32" | "i64")) => out.push(TypeRule::Range("smallint")),
        ("int4", Kind::Int("i64")) => out.push(TypeRule::Range("integer")),
        _ => {}
    }
}

/// The type under every domain layer.
pub(crate) fn base_type<'a>(catalog: &'a Catalog, mut ty: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..16 {
        match catalog.user_type(&ty.name) {
            Some(TypeKind::Domain(d)) if ty.array_dims == 0 => ty = &d.base,
            _ => break,
        }
    }
    ty
}

/// The check's translated conjuncts go to `rules.checks` under `name`; the others to
/// `rules.left`, under `origin` (which says whose check it is).
fn add_check(
    rules: &mut TableRules,
    name: &str,
    origin: &str,
    expression: &str,
    kinds: &BTreeMap<String, Kind>,
    value_column: Option<&str>,
) {
    for conjunct in check::translate(expression, kinds, value_column) {
        match conjunct {
            Ok(expr) => {
                let mut columns = BTreeSet::new();
                expr.columns(&mut columns);
                rules.checks.push(CheckRule { constraint: name.to_string(), expr, columns });
            }
            Err(reason) => rules.left.push((origin.to_string(), reason)),
        }
    }
}

/// A parse node's kind in words, for reasons.
fn describe(node: &NodeEnum) -> String {
    let kind = match node {
        NodeEnum::FuncCall(f) => return format!("function {}()", last_name(&f.funcname)),
        NodeEnum::SubLink(_) => "a subquery",
        NodeEnum::CaseExpr(_) => "CASE",
        NodeEnum::CoalesceExpr(_) => "COALESCE",
        NodeEnum::BooleanTest(_) => "IS TRUE / IS FALSE",
        NodeEnum::AExpr(_) => "this operator",
        NodeEnum::SqlvalueFunction(_) => "a moment of the clock (current_date, now())",
        _ => "this expression",
    };
    kind.to_string()
}

/// The last part of a qualified name (`pg_catalog.char_length` → `char_length`), or
/// of an operator's name.
fn last_name(names: &[pg_query::Node]) -> &str {
    names
        .iter()
        .rev()
        .find_map(|n| match n.node.as_ref()? {
            NodeEnum::String(s) => Some(s.sval.as_str()),
            _ => None,
        })
        .unwrap_or_default()
}
