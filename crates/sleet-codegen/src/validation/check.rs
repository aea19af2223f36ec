//! `CHECK` expressions translated into a small tree the emitter turns into Rust:
//! comparisons of a column (or its `char_length`, or its `trim`) with constants,
//! `BETWEEN`, `IN (…)` / `= ANY (ARRAY[…])`, regular expressions, `IS [NOT] NULL`,
//! boolean columns, and `AND` / `OR` / `NOT` of these. Anything else is refused with a
//! reason, and the check is left to the database.

use super::pattern;
use super::Kind;
use pg_query::protobuf as pb;
use pg_query::{Node, NodeEnum};
use std::collections::{BTreeMap, BTreeSet};

/// A translated condition, evaluated in SQL's three-valued logic.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    IsNull(Value),
    Truth(Value),
    Compare(Value, Op, Constant),
    Between(Value, Constant, Constant),
    OneOf(Value, Vec<Constant>),
    /// The `regex` crate pattern, the SQL pattern as written, case-insensitive.
    Matches(Value, String, String, bool),
    /// Two conditions compared: `(a IS NULL) = (b IS NULL)`.
    Same(Box<Expr>, Box<Expr>),
}

/// What a condition tests: a column, or a function of one.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Column(String),
    CharLength(Box<Value>),
    Trim(Box<Value>),
    /// `num_nonnulls(…)`, or `num_nulls(…)` when `nulls`.
    Count {
        columns: Vec<String>,
        nulls: bool,
    },
}

/// A comparison operator, as SQL writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn parse(op: &str) -> Option<Op> {
        Some(match op {
            "=" => Op::Eq,
            "<>" | "!=" => Op::Ne,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            _ => return None,
        })
    }

    /// The operator with its operands swapped (`0 < x` is `x > 0`).
    fn flipped(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            other => other,
        }
    }

    pub(crate) fn sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    pub(crate) fn rust(self) -> &'static str {
        match self {
            Op::Eq => "Eq",
            Op::Ne => "Ne",
            Op::Lt => "Lt",
            Op::Le => "Le",
            Op::Gt => "Gt",
            Op::Ge => "Ge",
        }
    }
}

/// A constant as the schema writes it; its Rust form depends on what it is compared
/// with, so it is checked against the value's kind when translated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Constant {
    /// An integer or decimal literal, as text.
    Number(String),
    Text(String),
    Bool(bool),
}

impl Constant {
    /// The constant as SQL text (for messages and limits).
    pub(crate) fn display(&self) -> String {
        match self {
            Constant::Number(n) => n.clone(),
            Constant::Text(t) => t.clone(),
            Constant::Bool(b) => b.to_string(),
        }
    }
}

impl Expr {
    /// The columns the condition reads.
    pub(crate) fn columns(&self, out: &mut BTreeSet<String>) {
        match self {
            Expr::And(items) | Expr::Or(items) => items.iter().for_each(|e| e.columns(out)),
            Expr::Not(e) => e.columns(out),
            Expr::Same(a, b) => {
                a.columns(out);
                b.columns(out);
            }
            Expr::IsNull(v)
            | Expr::Truth(v)
            | Expr::Compare(v, ..)
            | Expr::Between(v, ..)
            | Expr::OneOf(v, _)
            | Expr::Matches(v, ..) => v.columns(out),
        }
    }
}

impl Value {
    /// The column the value is of (the first, for a count).
    pub(crate) fn column(&self) -> &str {
        match self {
            Value::Column(c) => c,
            Value::CharLength(v) | Value::Trim(v) => v.column(),
            Value::Count { columns, .. } => columns.first().map_or("", String::as_str),
        }
    }

    fn columns(&self, out: &mut BTreeSet<String>) {
        match self {
            Value::Count { columns, .. } => out.extend(columns.iter().cloned()),
            other => {
                out.insert(other.column().to_string());
            }
        }
    }

    /// The kind of the value, given the kinds of the columns.
    pub(crate) fn kind(&self, kinds: &BTreeMap<String, Kind>) -> Kind {
        match self {
            Value::Column(c) => kinds.get(c).cloned().unwrap_or(Kind::Other),
            Value::CharLength(_) => Kind::Int("i64"),
            Value::Count { .. } => Kind::Int("i32"),
            Value::Trim(_) => Kind::Text,
        }
    }
}

/// Translates one `CHECK` expression, conjunct by conjunct (a failing conjunct fails
/// the check, so those translated stand even when others are not); `value_column` is
/// the column `VALUE` stands for in a domain's check.
pub(crate) fn translate(
    expression: &str,
    kinds: &BTreeMap<String, Kind>,
    value_column: Option<&str>,
) -> Vec<Result<Expr, String>> {
    let root = match parse(expression) {
        Ok(root) => root,
        Err(e) => return vec![Err(e)],
    };
    let translator = Translator { kinds, value_column };
    let mut conjuncts = vec![&root];
    while let Some(at) = conjuncts.iter().position(|n| and_args(n).is_some()) {
        let args = and_args(conjuncts[at]).unwrap_or_default();
        conjuncts.splice(at..=at, args.iter());
    }
    conjuncts.into_iter().map(|c| translator.condition(c)).collect()
}

/// The arguments of an `AND`.
fn and_args(node: &Node) -> Option<&[Node]> {
    match node.node.as_ref()? {
        NodeEnum::BoolExpr(b) if b.boolop == pb::BoolExprType::AndExpr as i32 => Some(&b.args),
        _ => None,
    }
}

fn parse(expression: &str) -> Result<Node, String> {
    let parsed = pg_query::parse(&format!("SELECT {expression}"), 0).map_err(|e| format!("does not parse: {e}"))?;
    let target = parsed
        .protobuf
        .stmts
        .first()
        .and_then(|s| s.stmt.as_ref())
        .and_then(|s| match s.node.as_ref()? {
            NodeEnum::SelectStmt(select) => select.target_list.first().cloned(),
            _ => None,
        })
        .and_then(|t| match t.node? {
            NodeEnum::ResTarget(rt) => rt.val.map(|v| *v),
            _ => None,
        })
        .ok_or_else(|| "not an expression".to_string())?;
    Ok(target)
}

struct Translator<'a> {
    kinds: &'a BTreeMap<String, Kind>,
    value_column: Option<&'a str>,
}

impl Translator<'_> {
    fn condition(&self, node: &Node) -> Result<Expr, String> {
        match node.node.as_ref().ok_or("an empty expression")? {
            NodeEnum::BoolExpr(b) => {
                let args = b.args.iter().map(|a| self.condition(a)).collect::<Result<Vec<_>, _>>()?;
                match pb::BoolExprType::try_from(b.boolop) {
                    Ok(pb::BoolExprType::AndExpr) => Ok(Expr::And(args)),
                    Ok(pb::BoolExprType::OrExpr) => Ok(Expr::Or(args)),
                    Ok(pb::BoolExprType::NotExpr) => {
                        Ok(Expr::Not(Box::new(args.into_iter().next().ok_or("NOT without an argument")?)))
                    }
                    _ => Err("an unknown boolean operator".into()),
                }
            }
            NodeEnum::NullTest(t) => {
                let value = self.value(t.arg.as_deref().ok_or("IS NULL without an argument")?)?;
                let is_null = Expr::IsNull(value);
                match pb::NullTestType::try_from(t.nulltesttype) {
                    Ok(pb::NullTestType::IsNull) => Ok(is_null),
                    Ok(pb::NullTestType::IsNotNull) => Ok(Expr::Not(Box::new(is_null))),
                    _ => Err("an unknown null test".into()),
                }
            }
            NodeEnum::AExpr(a) => self.operator(a),
            NodeEnum::ColumnRef(_) | NodeEnum::TypeCast(_) => {
                let value = self.value(node)?;
                if value.kind(self.kinds) != Kind::Bool {
                    return Err("a condition that is not a boolean column".into());
                }
                Ok(Expr::Truth(value))
            }
            other => Err(format!("{} is not translated", super::describe(other))),
        }
    }

    fn operator(&self, a: &pb::AExpr) -> Result<Expr, String> {
        let op = super::last_name(&a.name);
        let left = a.lexpr.as_deref().ok_or("an operator without a left side")?;
        let right = a.rexpr.as_deref().ok_or("an operator without a right side")?;
        let kind = pb::AExprKind::try_from(a.kind).map_err(|_| "an unknown operator kind")?;
        match kind {
            pb::AExprKind::AexprOp if matches!(op, "~" | "~*" | "!~" | "!~*") => {
                let value = self.value(left)?;
                self.expect_text(&value)?;
                let Constant::Text(sql) = self.constant(right)? else {
                    return Err("a pattern that is not text".into());
                };
                let insensitive = op.ends_with('*');
                let rust = pattern::translate(&sql, insensitive).map_err(|e| format!("pattern `{sql}`: {e}"))?;
                let matches = Expr::Matches(value, rust, sql, insensitive);
                Ok(if op.starts_with('!') { Expr::Not(Box::new(matches)) } else { matches })
            }
            pb::AExprKind::AexprOp if matches!(op, "=" | "<>") && self.value(left).is_err() => {
                let (a, b) = (self.condition(left)?, self.condition(right)?);
                let same = Expr::Same(Box::new(a), Box::new(b));
                Ok(if op == "<>" { Expr::Not(Box::new(same)) } else { same })
            }
            pb::AExprKind::AexprOp => {
                let op = Op::parse(op).ok_or_else(|| format!("operator `{op}` is not translated"))?;
                let (value, constant, op) = match (self.value(left), self.constant(right), self.value(right)) {
                    (Ok(v), Ok(c), _) => (v, c, op),
                    (Ok(l), _, Ok(r)) => {
                        return Err(format!("compares two columns (`{}` {} `{}`)", l.column(), op.sql(), r.column()))
                    }
                    _ => (self.value(right)?, self.constant(left)?, op.flipped()),
                };
                self.check_constant(&value, &constant, op)?;
                Ok(Expr::Compare(value, op, constant))
            }
            pb::AExprKind::AexprIn | pb::AExprKind::AexprOpAny => {
                if (kind == pb::AExprKind::AexprIn && !matches!(op, "=" | "<>"))
                    || (kind != pb::AExprKind::AexprIn && op != "=")
                {
                    return Err(format!("`{op} ANY` is not translated"));
                }
                let value = self.value(left)?;
                let items = self.list(right)?;
                for c in &items {
                    self.check_constant(&value, c, Op::Eq)?;
                }
                let one_of = Expr::OneOf(value, items);
                Ok(if op == "<>" { Expr::Not(Box::new(one_of)) } else { one_of })
            }
            pb::AExprKind::AexprBetween | pb::AExprKind::AexprNotBetween => {
                let value = self.value(left)?;
                let bounds = self.list(right)?;
                let [low, high] = <[Constant; 2]>::try_from(bounds).map_err(|_| "BETWEEN without two bounds")?;
                self.check_constant(&value, &low, Op::Ge)?;
                self.check_constant(&value, &high, Op::Le)?;
                let between = Expr::Between(value, low, high);
                Ok(if kind == pb::AExprKind::AexprNotBetween { Expr::Not(Box::new(between)) } else { between })
            }
            _ => Err(format!("operator kind {kind:?} is not translated")),
        }
    }

    /// A column, `char_length(column)`, `length(column)`, `trim(column)`, through
    /// casts between text types.
    fn value(&self, node: &Node) -> Result<Value, String> {
        match node.node.as_ref().ok_or("an empty expression")? {
            NodeEnum::ColumnRef(c) => {
                let names: Vec<&str> = c
                    .fields
                    .iter()
                    .filter_map(|f| match f.node.as_ref()? {
                        NodeEnum::String(s) => Some(s.sval.as_str()),
                        _ => None,
                    })
                    .collect();
                let [name] = names.as_slice() else { return Err("a qualified column reference".into()) };
                let name = match self.value_column {
                    Some(column) if *name == "value" => column,
                    _ => name,
                };
                if !self.kinds.contains_key(name) {
                    return Err(format!("column \"{name}\" is not known"));
                }
                Ok(Value::Column(name.to_string()))
            }
            // `(name)::text` on a varchar column, as the server writes it back.
            NodeEnum::TypeCast(t) => {
                let inner = self.value(t.arg.as_deref().ok_or("a cast without an argument")?)?;
                let target = type_name(t).ok_or("a cast to an unnamed type")?;
                if matches!(target.as_str(), "text" | "varchar") && inner.kind(self.kinds) == Kind::Text {
                    Ok(inner)
                } else {
                    Err(format!("a cast to {target}"))
                }
            }
            NodeEnum::FuncCall(f) => {
                let name = super::last_name(&f.funcname);
                if matches!(name, "num_nonnulls" | "num_nulls") {
                    let columns = f.args.iter().map(|a| self.value(a).map(|v| v.column().to_string()));
                    return Ok(Value::Count {
                        columns: columns.collect::<Result<_, _>>()?,
                        nulls: name == "num_nulls",
                    });
                }
                let [arg] = f.args.as_slice() else { return Err(format!("{name}() with other than one argument")) };
                let inner = self.value(arg)?;
                self.expect_text(&inner)?;
                match name {
                    "char_length" | "character_length" | "length" => Ok(Value::CharLength(Box::new(inner))),
                    "btrim" => Ok(Value::Trim(Box::new(inner))),
                    _ => Err(format!("function {name}() is not translated")),
                }
            }
            other => Err(format!("{} is not translated", super::describe(other))),
        }
    }

    fn expect_text(&self, value: &Value) -> Result<(), String> {
        match value.kind(self.kinds) {
            Kind::Text => Ok(()),
            _ => Err(format!("column \"{}\" is not text as sleet checks it", value.column())),
        }
    }

    /// A literal, through casts (`(0)::numeric`, `'a'::text`, `'admin'::role`).
    fn constant(&self, node: &Node) -> Result<Constant, String> {
        match node.node.as_ref().ok_or("an empty expression")? {
            NodeEnum::AConst(c) => match c.val.as_ref().ok_or("NULL")? {
                pb::a_const::Val::Ival(i) => Ok(Constant::Number(i.ival.to_string())),
                pb::a_const::Val::Fval(f) => Ok(Constant::Number(f.fval.clone())),
                pb::a_const::Val::Sval(s) => Ok(Constant::Text(s.sval.clone())),
                pb::a_const::Val::Boolval(b) => Ok(Constant::Bool(b.boolval)),
                pb::a_const::Val::Bsval(_) => Err("a bit string".into()),
            },
            NodeEnum::TypeCast(t) => {
                let inner = self.constant(t.arg.as_deref().ok_or("a cast without an argument")?)?;
                let target = type_name(t).ok_or("a cast to an unnamed type")?;
                let numeric = matches!(
                    target.as_str(),
                    "int2" | "int4" | "int8" | "numeric" | "float4" | "float8" | "smallint" | "integer" | "bigint"
                );
                match inner {
                    Constant::Text(t) if numeric => Ok(Constant::Number(t)),
                    Constant::Text(t) if target == "bool" => match t.as_str() {
                        "true" | "t" => Ok(Constant::Bool(true)),
                        "false" | "f" => Ok(Constant::Bool(false)),
                        _ => Err(format!("boolean `{t}`")),
                    },
                    other => Ok(other),
                }
            }
            other => Err(format!("{} is not a constant", super::describe(other))),
        }
    }

    /// `(a, b)` of `IN`, `ARRAY[a, b]` of `= ANY`, or the two bounds of `BETWEEN`.
    fn list(&self, node: &Node) -> Result<Vec<Constant>, String> {
        let items = match node.node.as_ref().ok_or("an empty list")? {
            NodeEnum::List(l) => &l.items,
            NodeEnum::AArrayExpr(a) => &a.elements,
            NodeEnum::TypeCast(t) => match t.arg.as_deref().and_then(|a| a.node.as_ref()) {
                Some(NodeEnum::AArrayExpr(a)) => &a.elements,
                _ => return Err("a list that is not literal".into()),
            },
            _ => return Err("a list that is not literal".into()),
        };
        items.iter().map(|i| self.constant(i)).collect()
    }

    /// Whether the constant can be written in the value's Rust type, exactly as
    /// PostgreSQL would compare them.
    fn check_constant(&self, value: &Value, constant: &Constant, op: Op) -> Result<(), String> {
        let kind = value.kind(self.kinds);
        let fits = match (&kind, constant) {
            (Kind::Int(rust), Constant::Number(n)) => int_fits(rust, n),
            // A `real` compares exactly as PostgreSQL does only with constants a `real` holds.
            (Kind::Float("f32"), Constant::Number(n)) => {
                n.parse::<f32>().ok().map(f64::from) == n.parse::<f64>().ok() && n.parse::<f64>().is_ok()
            }
            (Kind::Float(_), Constant::Number(n)) => n.parse::<f64>().is_ok(),
            (Kind::Decimal, Constant::Number(n)) => decimal_parts(n).is_some(),
            (Kind::Text, Constant::Text(_)) => matches!(op, Op::Eq | Op::Ne), // order depends on the collation
            (Kind::Enum(labels), Constant::Text(t)) => matches!(op, Op::Eq | Op::Ne) && labels.contains(t),
            (Kind::Bool, Constant::Bool(_)) => matches!(op, Op::Eq | Op::Ne),
            _ => false,
        };
        if fits {
            Ok(())
        } else {
            Err(format!("`{}` {} `{}` is not translated", value.column(), op.sql(), constant.display()))
        }
    }
}

fn type_name(t: &pb::TypeCast) -> Option<String> {
    let names = &t.type_name.as_ref()?.names;
    names.iter().rev().find_map(|n| match n.node.as_ref()? {
        NodeEnum::String(s) => Some(s.sval.clone()),
        _ => None,
    })
}

fn int_fits(rust: &str, n: &str) -> bool {
    let Ok(n) = n.parse::<i64>() else { return false };
    match rust {
        "i16" => i16::try_from(n).is_ok(),
        "i32" => i32::try_from(n).is_ok(),
        _ => true,
    }
}

/// `rust_decimal::Decimal::from_parts`'s arguments for a decimal literal: the 96-bit
/// mantissa in three words, the sign, the scale.
pub(crate) fn decimal_parts(n: &str) -> Option<(u32, u32, u32, bool, u32)> {
    let (negative, digits) = match n.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, n),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty() || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let scale = u32::try_from(frac.len()).ok().filter(|s| *s <= 28)?;
    let mantissa: u128 = format!("{int}{frac}").parse().ok()?;
    if mantissa >> 96 != 0 {
        return None;
    }
    let word = |shift: u32| u32::try_from((mantissa >> shift) & 0xFFFF_FFFF).unwrap_or(0);
    Some((word(0), word(32), word(64), negative, scale))
}
