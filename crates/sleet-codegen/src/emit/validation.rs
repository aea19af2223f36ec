//! `sl::Validate` for insert and patch structs (with `validate = true`): the rules of
//! `crate::validation` written as Rust, each column read once as "not known" (left to
//! its default, unchanged), NULL or a value; and `CONSTRAINTS`, which maps the
//! database's own violations to fields.

use super::ident;
use super::plan::Plan;
use crate::config::column_setting;
use crate::error::{Error, Result};
use crate::report::Note;
use crate::validation::check::{decimal_parts, Constant, Expr, Op, Value};
use crate::validation::{self, Kind, TableRules, TypeRule};
use proc_macro2::TokenStream;
use sleet_catalog::{Catalog, Identity, QualifiedName, Table};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// How a struct holds a column's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holding {
    /// `T`: always a value.
    Required,
    /// `Option<T>`: a value or NULL.
    Nullable,
    /// `Field<T>`: a value when set.
    Field,
    /// `Field<Option<T>>`: a value or NULL when set.
    NullableField,
}

/// The validation rules of one table, ready for its insert and patch structs.
pub(super) struct TableValidation {
    rules: TableRules,
    kinds: BTreeMap<String, Kind>,
    /// SQL column → Rust field name (`r#type` for a keyword).
    fields: BTreeMap<String, String>,
    /// SQL column → `(function, replaces the schema's rules)`.
    own_rules: BTreeMap<String, (String, bool)>,
    /// SQL column → how its type changes a value before checks see it.
    stored: BTreeMap<String, Stored>,
}

/// What a column's type does to a value before its checks run.
#[derive(Clone, Copy, Debug)]
enum Stored {
    /// `varchar(n)`: spaces beyond `n` characters are cut off.
    Fitted(u32),
    /// `numeric(p, s)`: rounded to `s` digits.
    Rounded(u32),
}

impl Plan<'_> {
    /// The rules of `t`, with what is left to the database noted.
    pub(super) fn table_validation(
        &self,
        q: &QualifiedName,
        t: &Table,
        fields: &[String],
        rust_types: &[String],
        notes: &mut Vec<Note>,
    ) -> TableValidation {
        let kinds: BTreeMap<String, Kind> = t
            .columns
            .iter()
            .zip(rust_types)
            .map(|(c, rust)| (c.name.clone(), Kind::of(self.catalog, &c.ty, rust)))
            .collect();
        let rules = validation::table_rules(self.catalog, t, &kinds);
        for (constraint, reason) in &rules.left {
            notes.push(Note::LeftToDatabase { item: format!("table {q}, check {constraint}"), reason: reason.clone() });
        }
        let fields = t.columns.iter().zip(fields).map(|(c, f)| (c.name.clone(), f.clone())).collect();
        let mut own_rules = BTreeMap::new();
        for c in &t.columns {
            let added = column_setting(&self.config.rules, q, &c.name).map(|f| (f.clone(), false));
            let replacing = column_setting(&self.config.replaced_rules, q, &c.name).map(|f| (f.clone(), true));
            if let Some(rule) = replacing.or(added) {
                own_rules.insert(c.name.clone(), rule);
            }
        }
        let mut stored = BTreeMap::new();
        for (column, types) in &rules.types {
            // The innermost type coerces last; a domain's checks see its base type's value.
            for rule in types {
                match rule {
                    TypeRule::MaxChars(n) => stored.insert(column.clone(), Stored::Fitted(*n)),
                    TypeRule::Digits(_, s) => stored.insert(column.clone(), Stored::Rounded(*s)),
                    _ => None,
                };
            }
        }
        TableValidation { rules, kinds, fields, own_rules, stored }
    }
}

impl TableValidation {
    /// `impl sl::Validate for <name>` over the columns the struct holds.
    pub(super) fn validate_impl(&self, name: &str, members: &[(&str, Holding)]) -> Result<TokenStream> {
        let held: BTreeSet<&str> = members.iter().map(|(column, _)| *column).collect();
        let binding: BTreeMap<&str, String> =
            members.iter().enumerate().map(|(i, (column, _))| (*column, format!("c{i}"))).collect();
        let mut used = BTreeSet::new();
        let mut body = String::new();
        let replaced = |column: &str| self.own_rules.get(column).is_some_and(|(_, replaces)| *replaces);
        for (column, rules) in &self.rules.types {
            let Some(var) = binding.get(column.as_str()) else { continue };
            if replaced(column) {
                continue;
            }
            used.insert(column.as_str());
            let field = plain(&self.fields[column]);
            for rule in rules {
                type_rule(&mut body, rule, var, field, column);
            }
        }
        for check in &self.rules.checks {
            if !check.columns.iter().all(|c| held.contains(c.as_str())) {
                continue; // a column the struct does not hold: the database decides
            }
            if check.columns.len() == 1 && check.columns.iter().all(|c| replaced(c)) {
                continue;
            }
            let vars: Vec<&str> = check.columns.iter().map(|c| binding[c.as_str()].as_str()).collect();
            used.extend(check.columns.iter().map(String::as_str));
            let condition = Render { kinds: &self.kinds, binding: &binding, stored: &self.stored }.expr(&check.expr);
            let columns: Vec<String> =
                check.columns.iter().map(|c| format!("({:?}, {c:?})", plain(&self.fields[c]))).collect();
            let _ = write!(
                body,
                "if let ({},) = ({},) {{ v.check({condition}, &[{}], {}); }}",
                vars.iter().map(|v| format!("Some({v})")).collect::<Vec<_>>().join(", "),
                vars.join(", "),
                columns.join(", "),
                violation(&check.expr, &check.constraint, &self.kinds),
            );
        }
        for (column, (function, _)) in &self.own_rules {
            let Some(var) = binding.get(column.as_str()) else { continue };
            used.insert(column.as_str());
            let field = plain(&self.fields[column]);
            let _ = write!(body, "v.own({var}, |value| {function}(value), {field:?}, {column:?});");
        }
        let mut bindings = String::new();
        for (column, holding) in members {
            if used.contains(column) {
                let accessor = match holding {
                    Holding::Required => "required",
                    Holding::Nullable => "nullable",
                    Holding::Field => "field",
                    Holding::NullableField => "nullable_field",
                };
                let field = ident(&self.fields[*column]);
                let _ = write!(bindings, "let {} = sl::v::{accessor}(&self.{field});", binding[column]);
            }
        }
        let checker = if body.is_empty() { "let v" } else { "let mut v" };
        let code = format!(
            "impl sl::Validate for {name} {{
                fn validate(&self) -> ::core::result::Result<(), sl::ValidationErrors> {{
                    {bindings}
                    {checker} = sl::v::Checker::new();
                    {body}
                    v.finish()
                }}
            }}"
        );
        code.parse::<TokenStream>().map_err(|e| Error::Emit(format!("internal error: validation of {name}: {e}")))
    }
}

/// How a table's insert or patch struct holds each column: `(column, holding)` for
/// the columns it has.
pub(super) fn members<'t>(catalog: &Catalog, t: &'t Table, patch: bool) -> Vec<(&'t str, Holding)> {
    let mut out = Vec::new();
    for c in &t.columns {
        if c.generated.is_some() || patch && c.identity == Some(Identity::Always) {
            continue;
        }
        let defaulted = c.has_default() || catalog.domain_default(&c.ty).is_some();
        let holding = match (patch || defaulted, c.nullable) {
            (true, true) => Holding::NullableField,
            (true, false) => Holding::Field,
            (false, true) => Holding::Nullable,
            (false, false) => Holding::Required,
        };
        out.push((c.name.as_str(), holding));
    }
    out
}

/// A Rust field name without its raw prefix: the key errors and serde use.
fn plain(field: &str) -> &str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// One call on the checker per rule a column's type implies.
fn type_rule(body: &mut String, rule: &TypeRule, var: &str, field: &str, column: &str) {
    let _ = match rule {
        TypeRule::MaxChars(n) => write!(body, "v.max_chars({var}, {n}, {field:?}, {column:?});"),
        TypeRule::Digits(p, s) => write!(body, "v.digits({var}, {p}, {s}, {field:?}, {column:?});"),
        TypeRule::Range(sql) => write!(body, "v.int_range({var}, {sql:?}, {field:?}, {column:?});"),
        TypeRule::NoNul => write!(body, "v.no_nul({var}, {field:?}, {column:?});"),
        TypeRule::NotNull(domain) => write!(body, "v.not_null({var}, {domain:?}, {field:?}, {column:?});"),
    };
}

/// Writes conditions as Rust expressions.
struct Render<'a> {
    kinds: &'a BTreeMap<String, Kind>,
    binding: &'a BTreeMap<&'a str, String>,
    stored: &'a BTreeMap<String, Stored>,
}

impl Render<'_> {
    /// The condition as an expression of type `Option<bool>`.
    fn expr(&self, expr: &Expr) -> String {
        let kinds = self.kinds;
        let fold = |items: &[Expr], f: &str| {
            let mut items = items.iter().map(|e| self.expr(e));
            let first = items.next().unwrap_or_else(|| "Some(true)".into());
            items.fold(first, |acc, next| format!("sl::v::{f}({acc}, {next})"))
        };
        match expr {
            Expr::And(items) => fold(items, "and"),
            Expr::Or(items) => fold(items, "or"),
            Expr::Not(e) => format!("sl::v::not({})", self.expr(e)),
            Expr::IsNull(v) => format!("sl::v::is_null({})", self.binding[v.column()]),
            Expr::Same(a, b) => format!("sl::v::same({}, {})", self.expr(a), self.expr(b)),
            Expr::Truth(v) => format!("sl::v::truth({})", self.value(v)),
            Expr::Compare(v, op, c) => {
                format!("sl::v::compare({}, sl::v::Op::{}, {})", self.value(v), op.rust(), constant(c, &v.kind(kinds)))
            }
            Expr::Between(v, low, high) => format!(
                "sl::v::between({}, {}, {})",
                self.value(v),
                constant(low, &v.kind(kinds)),
                constant(high, &v.kind(kinds))
            ),
            Expr::OneOf(v, items) => {
                let kind = v.kind(kinds);
                let items: Vec<String> = items.iter().map(|c| constant(c, &kind)).collect();
                format!("sl::v::one_of({}, &[{}])", self.value(v), items.join(", "))
            }
            Expr::Matches(v, rust, _, insensitive) => format!(
                "{{ static PATTERN: sl::v::Pattern = sl::v::Pattern::{}({rust:?}); PATTERN.matches({}) }}",
                if *insensitive { "case_insensitive" } else { "new" },
                self.value(v)
            ),
        }
    }

    /// The value as `Option<&T>` for the comparisons (`Option<&str>` for text), as
    /// the column stores it.
    fn value(&self, v: &Value) -> String {
        match v {
            Value::Column(c) => {
                let var = &self.binding[c.as_str()];
                match (self.kinds.get(c), self.stored.get(c)) {
                    (Some(Kind::Text), Some(Stored::Fitted(n))) => format!("sl::v::fitted({var}, {n})"),
                    (Some(Kind::Text), _) => format!("sl::v::text({var})"),
                    (Some(Kind::Decimal), Some(Stored::Rounded(s))) => format!("sl::v::rounded({var}, {s}).as_ref()"),
                    (Some(Kind::Enum(_)), _) => format!("sl::v::label({var})"),
                    (Some(Kind::Float("f32")), _) => format!("{var}.map(|v| f64::from(*v)).as_ref()"),
                    _ => var.clone(),
                }
            }
            Value::CharLength(inner) => format!("sl::v::char_length({}).as_ref()", self.value(inner)),
            Value::Trim(inner) => format!("sl::v::trim({})", self.value(inner)),
            Value::Count { columns, nulls } => {
                let test = if *nulls { "is_none" } else { "is_some" };
                let tests: Vec<String> =
                    columns.iter().map(|c| format!("{}.{test}()", self.binding[c.as_str()])).collect();
                format!("Some(&sl::v::count(&[{}]))", tests.join(", "))
            }
        }
    }
}

/// A reference to the constant in the value's Rust type (`&str` for text).
fn constant(c: &Constant, kind: &Kind) -> String {
    match (c, kind) {
        (Constant::Number(n), Kind::Int(rust)) => format!("&{n}{rust}"),
        (Constant::Number(n), Kind::Float(_)) => {
            let n = n.replacen("-.", "-0.", 1);
            let n = if n.starts_with('.') { format!("0{n}") } else { n };
            format!("&{n}f64")
        }
        (Constant::Number(n), _) => {
            let (lo, mid, hi, negative, scale) = decimal_parts(n).unwrap_or_default();
            format!("&sl::rust_decimal::Decimal::from_parts({lo}, {mid}, {hi}, {negative}, {scale})")
        }
        (Constant::Text(t), _) => format!("{t:?}"),
        (Constant::Bool(b), _) => format!("&{b}"),
    }
}

/// The violation a failing conjunct reports: a code and a message for the shapes
/// people write, a generic check violation otherwise.
fn violation(expr: &Expr, constraint: &str, kinds: &BTreeMap<String, Kind>) -> String {
    let compare_message = |op: Op, value: &str| match op {
        Op::Eq => format!("must be {value}"),
        Op::Ne => format!("must not be {value}"),
        Op::Lt => format!("must be less than {value}"),
        Op::Le => format!("must be at most {value}"),
        Op::Gt => format!("must be greater than {value}"),
        Op::Ge => format!("must be at least {value}"),
    };
    // `x IS NULL OR <test of x>` says no more than the test, which passes on NULL.
    if let Expr::Or(items) = expr {
        if let [Expr::IsNull(Value::Column(c)), test] | [test, Expr::IsNull(Value::Column(c))] = items.as_slice() {
            let mut columns = BTreeSet::new();
            test.columns(&mut columns);
            if columns.len() == 1 && columns.contains(c) {
                return violation(test, constraint, kinds);
            }
        }
    }
    let (code, message, limit): (&str, String, Option<String>) = match expr {
        Expr::Compare(Value::CharLength(inner), op, Constant::Number(n)) => {
            let blank = matches!(**inner, Value::Trim(_));
            let limit = format!("sl::Limit::Length {{ op: {:?}, value: {n} }}", op.sql());
            match op {
                Op::Gt | Op::Ge if blank && matches!((op, n.as_str()), (Op::Gt, "0") | (Op::Ge, "1")) => {
                    ("Blank", "must not be blank".into(), None)
                }
                Op::Lt => ("TooLong", format!("must be shorter than {n} characters"), Some(limit)),
                Op::Le => ("TooLong", format!("must be at most {n} characters"), Some(limit)),
                Op::Gt => ("TooShort", format!("must be longer than {n} characters"), Some(limit)),
                Op::Ge => ("TooShort", format!("must be at least {n} characters"), Some(limit)),
                Op::Eq => ("Check", format!("must be exactly {n} characters"), Some(limit)),
                Op::Ne => ("Check", format!("must not be {n} characters long"), Some(limit)),
            }
        }
        Expr::Compare(Value::Trim(_), Op::Ne, Constant::Text(t)) if t.is_empty() => {
            ("Blank", "must not be blank".into(), None)
        }
        Expr::Compare(v, Op::Ne, Constant::Text(t)) if t.is_empty() && v.kind(kinds) == Kind::Text => {
            ("Blank", "must not be empty".into(), None)
        }
        Expr::Compare(_, op, c) => {
            let shown = c.display();
            let limit = format!("sl::Limit::Compare {{ op: {:?}, value: {shown:?} }}", op.sql());
            let code = if matches!(c, Constant::Number(_)) { "OutOfRange" } else { "NotAllowed" };
            (code, compare_message(*op, &shown), Some(limit))
        }
        Expr::Between(_, low, high) => {
            let (low, high) = (low.display(), high.display());
            let limit = format!("sl::Limit::Between {{ min: {low:?}, max: {high:?} }}");
            ("OutOfRange", format!("must be between {low} and {high}"), Some(limit))
        }
        Expr::OneOf(_, items) => {
            let shown: Vec<String> = items.iter().map(Constant::display).collect();
            let limit = format!(
                "sl::Limit::OneOf(&[{}])",
                shown.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
            );
            ("NotAllowed", format!("must be one of: {}", shown.join(", ")), Some(limit))
        }
        Expr::Matches(_, _, sql, _) => {
            ("Pattern", format!("must match the pattern {sql}"), Some(format!("sl::Limit::Pattern({sql:?})")))
        }
        Expr::Not(inner) => match &**inner {
            Expr::IsNull(_) => ("Required", "must not be null".into(), None),
            Expr::Matches(_, _, sql, _) => {
                ("Pattern", format!("must not match the pattern {sql}"), Some(format!("sl::Limit::Pattern({sql:?})")))
            }
            Expr::OneOf(_, items) => {
                let shown: Vec<String> = items.iter().map(Constant::display).collect();
                ("NotAllowed", format!("must not be one of: {}", shown.join(", ")), None)
            }
            Expr::Between(_, low, high) => {
                ("OutOfRange", format!("must not be between {} and {}", low.display(), high.display()), None)
            }
            _ => ("Check", format!("is not allowed by check constraint {constraint}"), None),
        },
        _ => ("Check", format!("is not allowed by check constraint {constraint}"), None),
    };
    let limit = limit.map_or_else(|| "None".to_string(), |l| format!("Some({l})"));
    format!("(sl::Code::{code}, {message:?}, {constraint:?}), {limit}")
}

/// `CONSTRAINTS`: every table's columns and constraints, for
/// `ValidationErrors::from_database`.
pub(super) fn constraints_const(plan: &Plan<'_>) -> Result<TokenStream> {
    let mut tables = String::new();
    for (schema_name, schema) in &plan.catalog.schemas {
        for t in schema.tables.values() {
            let q = QualifiedName::new(schema_name, &t.name);
            let names = &plan.tables[&q];
            let columns: Vec<String> =
                t.columns.iter().zip(&names.fields).map(|(c, f)| format!("({:?}, {:?})", c.name, plain(f))).collect();
            let mut constraints = Vec::new();
            let mut push = |name: &str, columns: &[String]| {
                let columns: Vec<String> = columns.iter().map(|c| format!("{c:?}")).collect();
                constraints.push(format!("({name:?}, &[{}])", columns.join(", ")));
            };
            for key in t.primary_key.iter().chain(&t.uniques) {
                push(&key.name, &key.columns);
            }
            for fk in &t.foreign_keys {
                push(&fk.name, &fk.columns);
            }
            for check in &t.checks {
                push(&check.name, &referenced_columns(&check.expression, t));
            }
            let _ = write!(
                tables,
                "::sleet::__private::TableConstraints {{ schema: {schema_name:?}, table: {:?}, columns: &[{}], constraints: &[{}] }},",
                t.name,
                columns.join(", "),
                constraints.join(", ")
            );
        }
    }
    let code = format!(
        "/// Every table's columns and constraints, so that `ValidationErrors::from_database` finds the fields of a violation the database reports.
        pub const CONSTRAINTS: &[::sleet::__private::TableConstraints] = &[{tables}];"
    );
    code.parse::<TokenStream>().map_err(|e| Error::Emit(format!("internal error: CONSTRAINTS: {e}")))
}

/// The table's columns a check's expression names, in table order.
fn referenced_columns(expression: &str, t: &Table) -> Vec<String> {
    let Ok(parsed) = pg_query::parse(&format!("SELECT {expression}"), 0) else { return Vec::new() };
    let mut named = BTreeSet::new();
    for (node, ..) in parsed.protobuf.nodes() {
        if let pg_query::NodeRef::ColumnRef(c) = node {
            for f in &c.fields {
                if let Some(pg_query::NodeEnum::String(s)) = f.node.as_ref() {
                    named.insert(s.sval.clone());
                }
            }
        }
    }
    t.columns.iter().filter(|c| named.contains(&c.name)).map(|c| c.name.clone()).collect()
}
