//! Infers the columns of a view from its `SELECT`: names, types and nullability, where
//! that can be done soundly (column references, casts, literals, common functions and
//! aggregates). Anything else gets `ty: None`, never a guess.

use super::nodes::strings as names;
use pg_query::protobuf::{self as pb, JoinType};
use pg_query::{Node, NodeEnum};
use sleet_catalog::{Catalog, QualifiedName, TypeRef, ViewColumn};
use std::collections::BTreeSet;

/// Declared return types of user functions, by unqualified name; `None` when
/// overloads disagree.
pub(crate) type Functions = std::collections::BTreeMap<String, Option<TypeRef>>;

/// A relation visible in a FROM clause: its alias and columns.
struct Source {
    alias: String,
    /// `None` for a relation the catalog does not know (one an extension creates).
    columns: Option<Vec<ViewColumn>>,
}

type Res<T = ()> = std::result::Result<T, String>;

/// The output columns of a query; `None` when even the list of columns is unknown
/// (a `*` over a relation the catalog does not hold, such as one an extension creates).
/// Also returns the relations the query reads.
pub(crate) fn infer(
    catalog: &Catalog,
    search_path: &[String],
    functions: &Functions,
    query: &Node,
) -> Res<(Option<Vec<ViewColumn>>, Vec<QualifiedName>)> {
    let Some(NodeEnum::SelectStmt(select)) = query.node.as_ref() else {
        return Err("a view must be defined by a SELECT (or VALUES / set operation)".into());
    };
    let mut inference =
        Inference { catalog, search_path, functions, ctes: Vec::new(), opaque: false, depends_on: BTreeSet::new() };
    let columns = inference.select(select)?;
    let depends_on = inference.depends_on.into_iter().collect();
    Ok(((!inference.opaque).then_some(columns), depends_on))
}

struct Inference<'a> {
    catalog: &'a Catalog,
    search_path: &'a [String],
    functions: &'a Functions,
    ctes: Vec<(String, Vec<ViewColumn>)>,
    /// Set when a `*` expanded a relation of unknown shape.
    opaque: bool,
    depends_on: BTreeSet<QualifiedName>,
}

fn unknown(name: impl Into<String>) -> ViewColumn {
    ViewColumn { name: name.into(), ty: None, nullable: true, comment: None }
}

fn typed(name: impl Into<String>, ty: &str, nullable: bool) -> ViewColumn {
    ViewColumn { name: name.into(), ty: Some(TypeRef::builtin(ty)), nullable, comment: None }
}

impl Inference<'_> {
    fn select(&mut self, s: &pb::SelectStmt) -> Res<Vec<ViewColumn>> {
        if let Some(with) = &s.with_clause {
            for cte in &with.ctes {
                let Some(NodeEnum::CommonTableExpr(cte)) = cte.node.as_ref() else { continue };
                let mut cols = match cte.ctequery.as_deref().and_then(|q| q.node.as_ref()) {
                    // A recursive CTE's types come from its non-recursive branch.
                    Some(NodeEnum::SelectStmt(q)) if with.recursive && q.larg.is_some() => self
                        .select(q.larg.as_deref().expect("checked"))?
                        .into_iter()
                        .map(|c| ViewColumn { nullable: true, ..c })
                        .collect(),
                    Some(NodeEnum::SelectStmt(q)) => self.select(q)?,
                    _ => Vec::new(),
                };
                for (c, alias) in cols.iter_mut().zip(&cte.aliascolnames) {
                    if let Some(NodeEnum::String(a)) = alias.node.as_ref() {
                        c.name.clone_from(&a.sval);
                    }
                }
                self.ctes.push((cte.ctename.clone(), cols));
            }
        }
        if let (Some(l), Some(r)) = (&s.larg, &s.rarg) {
            let left = self.select(l)?;
            let right = self.select(r)?;
            return Ok(left
                .into_iter()
                .zip(right)
                .map(|(l, r)| ViewColumn {
                    ty: if l.ty == r.ty { l.ty } else { None },
                    nullable: l.nullable || r.nullable,
                    ..l
                })
                .collect());
        }
        if !s.values_lists.is_empty() {
            let Some(NodeEnum::List(first)) = s.values_lists[0].node.as_ref() else { return Ok(Vec::new()) };
            return Ok(first
                .items
                .iter()
                .enumerate()
                .map(|(i, v)| self.expr(v, &[], &format!("column{}", i + 1)))
                .collect());
        }
        let mut sources = Vec::new();
        for from in &s.from_clause {
            self.scope_item(from, false, &mut sources)?;
        }
        let mut out = Vec::new();
        for target in &s.target_list {
            let Some(NodeEnum::ResTarget(rt)) = target.node.as_ref() else { continue };
            let Some(val) = rt.val.as_deref() else { continue };
            if let Some(NodeEnum::ColumnRef(cr)) = val.node.as_ref() {
                if let Some(star) = self.star(cr, &sources) {
                    out.extend(star);
                    continue;
                }
            }
            let mut col = self.expr(val, &sources, "?column?");
            if !rt.name.is_empty() {
                col.name.clone_from(&rt.name);
            }
            out.push(col);
        }
        Ok(out)
    }

    fn scope_item(&mut self, node: &Node, outer: bool, out: &mut Vec<Source>) -> Res {
        match node.node.as_ref() {
            Some(NodeEnum::RangeVar(rv)) => {
                let mut columns = self.relation_columns(rv);
                let alias = rv.alias.as_ref().map_or_else(|| rv.relname.clone(), |a| a.aliasname.clone());
                if let Some(columns) = columns.as_mut() {
                    if let Some(a) = &rv.alias {
                        rename_columns(columns, &a.colnames);
                    }
                    if outer {
                        columns.iter_mut().for_each(|c| c.nullable = true);
                    }
                }
                out.push(Source { alias, columns });
            }
            Some(NodeEnum::JoinExpr(j)) => {
                let kind = JoinType::try_from(j.jointype).unwrap_or(JoinType::JoinInner);
                let (left_outer, right_outer) = match kind {
                    JoinType::JoinLeft => (false, true),
                    JoinType::JoinRight => (true, false),
                    JoinType::JoinFull => (true, true),
                    _ => (false, false),
                };
                if let Some(l) = &j.larg {
                    self.scope_item(l, outer || left_outer, out)?;
                }
                if let Some(r) = &j.rarg {
                    self.scope_item(r, outer || right_outer, out)?;
                }
            }
            Some(NodeEnum::RangeSubselect(sub)) => {
                let Some(NodeEnum::SelectStmt(q)) = sub.subquery.as_deref().and_then(|q| q.node.as_ref()) else {
                    return Ok(());
                };
                let mut columns = self.select(q)?;
                let alias = sub.alias.as_ref().map(|a| a.aliasname.clone()).unwrap_or_default();
                if let Some(a) = &sub.alias {
                    rename_columns(&mut columns, &a.colnames);
                }
                if outer {
                    columns.iter_mut().for_each(|c| c.nullable = true);
                }
                out.push(Source { alias, columns: Some(columns) });
            }
            // Function calls in FROM and the like: their columns are unknown.
            Some(NodeEnum::RangeFunction(rf)) => {
                let alias = rf.alias.as_ref().map(|a| a.aliasname.clone()).unwrap_or_default();
                out.push(Source { alias, columns: None });
            }
            _ => {}
        }
        Ok(())
    }

    fn relation_columns(&mut self, rv: &pb::RangeVar) -> Option<Vec<ViewColumn>> {
        if rv.schemaname.is_empty() {
            if let Some((_, cols)) = self.ctes.iter().rev().find(|(n, _)| *n == rv.relname) {
                return Some(cols.clone());
            }
        }
        let schemas: Vec<&str> = if rv.schemaname.is_empty() {
            self.search_path.iter().map(String::as_str).collect()
        } else {
            vec![rv.schemaname.as_str()]
        };
        let catalog = self.catalog;
        let found = schemas.into_iter().find_map(|s| {
            let schema = catalog.schema(s)?;
            if let Some(t) = schema.tables.get(&rv.relname) {
                let columns = t.columns.iter().map(|c| ViewColumn {
                    name: c.name.clone(),
                    ty: Some(c.ty.clone()),
                    nullable: c.nullable,
                    comment: None,
                });
                return Some((QualifiedName::new(s, &rv.relname), columns.collect()));
            }
            let view = schema.views.get(&rv.relname)?;
            Some((
                QualifiedName::new(s, &rv.relname),
                view.columns.iter().map(|c| ViewColumn { comment: None, ..c.clone() }).collect(),
            ))
        });
        let (name, columns) = found?;
        self.depends_on.insert(name);
        Some(columns)
    }

    fn star(&mut self, cr: &pb::ColumnRef, sources: &[Source]) -> Option<Vec<ViewColumn>> {
        let is_star = matches!(cr.fields.last().and_then(|f| f.node.as_ref()), Some(NodeEnum::AStar(_)));
        if !is_star {
            return None;
        }
        let qualifier = names(&cr.fields);
        let expanded: Vec<&Source> = match qualifier.as_slice() {
            [] => sources.iter().collect(),
            [.., alias] => sources.iter().filter(|s| &s.alias == alias).collect(),
        };
        if expanded.iter().any(|s| s.columns.is_none()) {
            self.opaque = true;
        }
        Some(expanded.iter().flat_map(|s| s.columns.clone().unwrap_or_default()).collect())
    }

    fn column_ref(&self, cr: &pb::ColumnRef, sources: &[Source]) -> Option<ViewColumn> {
        let parts = names(&cr.fields);
        let (qualifier, column) = match parts.as_slice() {
            [column] => (None, column),
            [.., q, column] => (Some(q), column),
            [] => return None,
        };
        let candidates: Vec<&Source> = sources.iter().filter(|s| qualifier.is_none_or(|q| &s.alias == q)).collect();
        if candidates.iter().any(|s| s.columns.is_none()) {
            return None; // it may come from the relation of unknown shape
        }
        let mut hits = candidates.iter().filter_map(|s| s.columns.as_ref()?.iter().find(|c| &c.name == column));
        let hit = hits.next()?;
        if qualifier.is_none() && hits.next().is_some() {
            return None; // ambiguous: PostgreSQL would have refused the view anyway
        }
        Some(hit.clone())
    }

    /// The column an expression produces; `fallback` is its name when none can be derived.
    fn expr(&mut self, node: &Node, sources: &[Source], fallback: &str) -> ViewColumn {
        match node.node.as_ref() {
            Some(NodeEnum::ColumnRef(cr)) => {
                let name = names(&cr.fields).last().cloned().unwrap_or_else(|| fallback.to_string());
                match self.column_ref(cr, sources) {
                    Some(c) => ViewColumn { name, comment: None, ..c },
                    None => unknown(name),
                }
            }
            Some(NodeEnum::TypeCast(tc)) => {
                let inner = tc.arg.as_deref().map(|a| self.expr(a, sources, fallback));
                let ty = tc.type_name.as_ref().and_then(|tn| self.cast_type(tn));
                let type_name = tc.type_name.as_ref().and_then(|tn| names(&tn.names).last().cloned());
                let name = match (&inner, tc.arg.as_deref().and_then(|a| a.node.as_ref())) {
                    (Some(i), Some(NodeEnum::ColumnRef(_) | NodeEnum::FuncCall(_) | NodeEnum::TypeCast(_))) => {
                        i.name.clone()
                    }
                    _ => type_name.unwrap_or_else(|| fallback.to_string()),
                };
                let nullable = inner.as_ref().is_none_or(|i| i.nullable);
                ViewColumn { name, ty, nullable, comment: None }
            }
            Some(NodeEnum::AConst(c)) => match c.val.as_ref() {
                None => unknown(fallback),
                Some(pb::a_const::Val::Ival(_)) => typed(fallback, "int4", false),
                Some(pb::a_const::Val::Fval(_)) => typed(fallback, "numeric", false),
                Some(pb::a_const::Val::Boolval(_)) => typed(fallback, "bool", false),
                Some(pb::a_const::Val::Sval(_)) => typed(fallback, "text", false),
                Some(pb::a_const::Val::Bsval(_)) => typed(fallback, "bit", false),
            },
            Some(NodeEnum::FuncCall(fc)) => self.func(fc, sources),
            Some(NodeEnum::SqlvalueFunction(f)) => {
                let (name, ty) = match f.op {
                    1 => ("current_date", "date"),
                    2 | 3 => ("current_time", "timetz"),
                    4 | 5 => ("current_timestamp", "timestamptz"),
                    6 | 7 => ("localtime", "time"),
                    8 | 9 => ("localtimestamp", "timestamp"),
                    10 => ("current_role", "name"),
                    11 => ("current_user", "name"),
                    12 => ("user", "name"),
                    13 => ("session_user", "name"),
                    14 => ("current_catalog", "name"),
                    _ => ("current_schema", "name"),
                };
                typed(name, ty, false)
            }
            Some(NodeEnum::CoalesceExpr(c)) => {
                let args: Vec<(ViewColumn, bool)> =
                    c.args.iter().map(|a| (self.expr(a, sources, "coalesce"), is_literal(a))).collect();
                ViewColumn {
                    name: "coalesce".into(),
                    ty: common_type(&args),
                    nullable: args.iter().all(|(a, _)| a.nullable),
                    comment: None,
                }
            }
            Some(NodeEnum::MinMaxExpr(m)) => {
                let name = if m.op == pb::MinMaxOp::IsGreatest as i32 { "greatest" } else { "least" };
                let args: Vec<(ViewColumn, bool)> =
                    m.args.iter().map(|a| (self.expr(a, sources, name), is_literal(a))).collect();
                ViewColumn {
                    name: name.into(),
                    ty: common_type(&args),
                    nullable: args.iter().all(|(a, _)| a.nullable),
                    comment: None,
                }
            }
            Some(NodeEnum::AExpr(a)) if a.kind == pb::AExprKind::AexprNullif as i32 => {
                let mut c = a.lexpr.as_deref().map_or_else(|| unknown("nullif"), |l| self.expr(l, sources, "nullif"));
                c.name = "nullif".into();
                c.nullable = true;
                c
            }
            Some(NodeEnum::CaseExpr(c)) => {
                let mut results: Vec<(ViewColumn, bool)> = c
                    .args
                    .iter()
                    .filter_map(|w| match w.node.as_ref()? {
                        NodeEnum::CaseWhen(w) => {
                            w.result.as_deref().map(|r| (self.expr(r, sources, "case"), is_literal(r)))
                        }
                        _ => None,
                    })
                    .collect();
                if let Some(d) = c.defresult.as_deref() {
                    results.push((self.expr(d, sources, "case"), is_literal(d)));
                }
                let nullable = c.defresult.is_none() || results.iter().any(|(r, _)| r.nullable);
                ViewColumn { name: "case".into(), ty: common_type(&results), nullable, comment: None }
            }
            Some(NodeEnum::BoolExpr(_)) | Some(NodeEnum::AExpr(_)) if is_boolean_expr(node) => {
                typed(fallback, "bool", true)
            }
            Some(NodeEnum::AExpr(a)) if a.kind == pb::AExprKind::AexprOp as i32 => self.operator(a, sources, fallback),
            Some(NodeEnum::NullTest(_)) | Some(NodeEnum::BooleanTest(_)) => typed(fallback, "bool", false),
            Some(NodeEnum::SubLink(sl)) => match pb::SubLinkType::try_from(sl.sub_link_type) {
                Ok(pb::SubLinkType::ExistsSublink) => typed("exists", "bool", false),
                Ok(pb::SubLinkType::AllSublink | pb::SubLinkType::AnySublink) => typed(fallback, "bool", true),
                Ok(pb::SubLinkType::ExprSublink) => {
                    // EXPR_SUBLINK: (SELECT x …) — x's type, nullable (no row gives NULL).
                    let Some(NodeEnum::SelectStmt(q)) = sl.subselect.as_deref().and_then(|q| q.node.as_ref()) else {
                        return unknown(fallback);
                    };
                    let mut inner = Inference {
                        catalog: self.catalog,
                        search_path: self.search_path,
                        functions: self.functions,
                        ctes: self.ctes.clone(),
                        opaque: false,
                        depends_on: BTreeSet::new(),
                    };
                    let first = inner.select(q).ok().and_then(|c| c.into_iter().next());
                    self.depends_on.append(&mut inner.depends_on);
                    match first {
                        Some(c) => ViewColumn { nullable: true, comment: None, ..c },
                        None => unknown(fallback),
                    }
                }
                _ => unknown(fallback),
            },
            _ => unknown(fallback),
        }
    }

    /// Arithmetic and concatenation, typed as PostgreSQL's operators type them.
    fn operator(&mut self, a: &pb::AExpr, sources: &[Source], fallback: &str) -> ViewColumn {
        let op = names(&a.name).last().cloned().unwrap_or_default();
        let left = a.lexpr.as_deref().map(|l| (self.expr(l, sources, fallback), is_literal(l)));
        let right = a.rexpr.as_deref().map(|r| (self.expr(r, sources, fallback), is_literal(r)));
        let base = |c: &ViewColumn| {
            c.ty.as_ref().filter(|t| t.array_dims == 0 && t.name.schema == "pg_catalog").map(|t| t.name.name.clone())
        };
        let ty = match (&left, &right) {
            // Unary minus or plus keeps its operand's type.
            (None, Some((r, _))) if op == "-" || op == "+" => r.ty.clone(),
            (Some(l), Some(r)) => {
                let (lb, rb) = (base(&l.0), base(&r.0));
                match (op.as_str(), lb.as_deref(), rb.as_deref()) {
                    ("||", Some("text" | "varchar" | "bpchar"), _) | ("||", _, Some("text" | "varchar" | "bpchar")) => {
                        Some(TypeRef::builtin("text"))
                    }
                    ("+" | "-", Some(t @ ("timestamp" | "timestamptz" | "date")), Some("interval")) => {
                        Some(TypeRef::builtin(if t == "date" { "timestamp" } else { t }))
                    }
                    ("-", Some(t @ ("timestamp" | "timestamptz")), Some(u)) if t == u => {
                        Some(TypeRef::builtin("interval"))
                    }
                    ("-", Some("date"), Some("date")) => Some(TypeRef::builtin("int4")),
                    ("+" | "-", Some("date"), Some("int4")) => Some(TypeRef::builtin("date")),
                    ("+" | "-" | "*" | "/" | "%", _, _) => common_type(&[l.clone(), r.clone()]).filter(|t| {
                        ["int2", "int4", "int8", "numeric", "float4", "float8", "interval"]
                            .contains(&t.name.name.as_str())
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        let nullable = left.iter().chain(&right).any(|(c, _)| c.nullable);
        ViewColumn { name: fallback.to_string(), ty, nullable, comment: None }
    }

    fn cast_type(&self, tn: &pb::TypeName) -> Option<TypeRef> {
        let parts = names(&tn.names);
        let (schema, name) = match parts.as_slice() {
            [n] => (None, n.as_str()),
            [.., s, n] => (Some(s.as_str()), n.as_str()),
            [] => return None,
        };
        let array_dims = u32::try_from(tn.array_bounds.len()).ok()?;
        let canonical = match schema {
            None | Some("pg_catalog") => crate::types::builtin(name).map(|c| QualifiedName::new("pg_catalog", c)),
            _ => None,
        };
        let q = canonical.or_else(|| {
            let candidates: Vec<String> = match schema {
                Some(s) => vec![s.to_string()],
                None => self.search_path.to_vec(),
            };
            candidates.into_iter().map(|s| QualifiedName::new(s, name)).find(|q| self.catalog.user_type(q).is_some())
        })?;
        Some(TypeRef { name: q, modifiers: Vec::new(), array_dims })
    }

    fn func(&mut self, fc: &pb::FuncCall, sources: &[Source]) -> ViewColumn {
        let fname = names(&fc.funcname).last().cloned().unwrap_or_default();
        let args: Vec<ViewColumn> = fc.args.iter().map(|a| self.expr(a, sources, &fname)).collect();
        let first = args.first();
        let any_nullable = args.iter().any(|a| a.nullable);
        let same_as_first = |nullable: bool| ViewColumn {
            name: fname.clone(),
            ty: first.and_then(|a| a.ty.clone()),
            nullable,
            comment: None,
        };
        let first_base = first
            .and_then(|a| a.ty.as_ref())
            .filter(|t| t.array_dims == 0 && t.name.schema == "pg_catalog")
            .map(|t| t.name.name.as_str());
        if fc.over.is_some() && matches!(fname.as_str(), "row_number" | "rank" | "dense_rank" | "ntile") {
            return typed(&fname, if fname == "ntile" { "int4" } else { "int8" }, false);
        }
        match fname.as_str() {
            "count" => typed("count", "int8", false),
            "now" | "transaction_timestamp" | "statement_timestamp" | "clock_timestamp" => {
                typed(&fname, "timestamptz", false)
            }
            "min" | "max" => same_as_first(true),
            "sum" => match first_base {
                Some("int2" | "int4") => typed("sum", "int8", true),
                Some("int8" | "numeric") => typed("sum", "numeric", true),
                Some("float4") => typed("sum", "float4", true),
                Some("float8") => typed("sum", "float8", true),
                Some("interval") => typed("sum", "interval", true),
                _ => unknown("sum"),
            },
            "avg" => match first_base {
                Some("int2" | "int4" | "int8" | "numeric") => typed("avg", "numeric", true),
                Some("float4" | "float8") => typed("avg", "float8", true),
                Some("interval") => typed("avg", "interval", true),
                _ => unknown("avg"),
            },
            "lower" | "upper" | "trim" | "btrim" | "ltrim" | "rtrim" | "concat_ws" | "substr" | "substring"
            | "replace" | "initcap" | "md5" | "left" | "right" | "lpad" | "rpad" | "repeat" | "reverse" | "to_char"
            | "format" => typed(&fname, "text", any_nullable),
            "concat" => typed("concat", "text", false),
            "length" | "char_length" | "character_length" | "octet_length" | "strpos" | "position" => {
                typed(&fname, "int4", any_nullable)
            }
            "bool_and" | "bool_or" | "every" => typed(&fname, "bool", true),
            "string_agg" => typed("string_agg", "text", true),
            "array_agg" => match first.and_then(|a| a.ty.clone()) {
                Some(t) if t.array_dims == 0 => ViewColumn {
                    name: fname.clone(),
                    ty: Some(TypeRef { array_dims: 1, ..t }),
                    nullable: true,
                    comment: None,
                },
                _ => unknown("array_agg"),
            },
            "json_agg" | "json_build_object" | "to_json" | "json_object_agg" | "row_to_json" | "json_build_array" => {
                typed(&fname, "json", fname.ends_with("agg"))
            }
            "jsonb_agg" | "jsonb_build_object" | "to_jsonb" | "jsonb_object_agg" | "jsonb_build_array" => {
                typed(&fname, "jsonb", fname.ends_with("agg"))
            }
            "abs" | "round" | "ceil" | "floor" | "trunc" if args.len() == 1 => same_as_first(any_nullable),
            "greatest" | "least" => {
                let consistent = args.iter().all(|a| a.ty == first.and_then(|f| f.ty.clone()));
                ViewColumn {
                    name: fname.clone(),
                    ty: if consistent { first.and_then(|a| a.ty.clone()) } else { None },
                    nullable: args.iter().all(|a| a.nullable),
                    comment: None,
                }
            }
            "nullif" => same_as_first(true),
            "gen_random_uuid" | "uuid_generate_v4" => typed(&fname, "uuid", false),
            "date_trunc" if args.len() == 2 => {
                let t = args[1].ty.clone();
                ViewColumn { name: fname.clone(), ty: t, nullable: any_nullable, comment: None }
            }
            "date_part" | "extract" => typed(&fname, "numeric", any_nullable),
            "age" => typed("age", "interval", any_nullable),
            _ => match self.functions.get(&fname) {
                // A user function with one declared return type; it may return NULL.
                Some(Some(ty)) => {
                    ViewColumn { name: fname.clone(), ty: Some(ty.clone()), nullable: true, comment: None }
                }
                _ => unknown(&fname),
            },
        }
    }
}

fn is_literal(node: &Node) -> bool {
    matches!(node.node.as_ref(), Some(NodeEnum::AConst(_)))
}

/// The type PostgreSQL resolves for CASE / COALESCE branches: literals adapt to the
/// typed branches; numeric types widen (int2 → int4 → int8 → numeric → float4 → float8);
/// anything else must agree exactly, or the type is unknown.
fn common_type(args: &[(ViewColumn, bool)]) -> Option<TypeRef> {
    const NUMERIC: [&str; 6] = ["int2", "int4", "int8", "numeric", "float4", "float8"];
    let rank = |t: &TypeRef| {
        (t.name.schema == "pg_catalog" && t.array_dims == 0)
            .then(|| NUMERIC.iter().position(|n| *n == t.name.name))
            .flatten()
    };
    let typed: Vec<&ViewColumn> = args
        .iter()
        .filter(|(c, literal)| !(*literal || c.ty.is_none() && c.name == "?column?"))
        .map(|(c, _)| c)
        .collect();
    let candidates: Vec<&ViewColumn> =
        if typed.is_empty() { args.iter().filter(|(c, _)| c.ty.is_some()).map(|(c, _)| c).collect() } else { typed };
    let mut result: Option<TypeRef> = None;
    for c in candidates {
        let t = c.ty.clone()?;
        result = match result {
            None => Some(t),
            Some(r) if r == t => Some(r),
            Some(r) => match (rank(&r), rank(&t)) {
                (Some(a), Some(b)) => Some(if b > a { t } else { r }),
                _ => return None,
            },
        };
    }
    result
}

fn is_boolean_expr(node: &Node) -> bool {
    match node.node.as_ref() {
        Some(NodeEnum::BoolExpr(_)) => true,
        Some(NodeEnum::AExpr(a)) => {
            let op = names(&a.name).last().cloned().unwrap_or_default();
            let kind = a.kind;
            // AEXPR_OP with a comparison operator, or IN / LIKE / ILIKE / BETWEEN / DISTINCT.
            (kind == 1
                && matches!(
                    op.as_str(),
                    "=" | "<>"
                        | "!="
                        | "<"
                        | ">"
                        | "<="
                        | ">="
                        | "~~"
                        | "!~~"
                        | "~~*"
                        | "!~~*"
                        | "~"
                        | "~*"
                        | "!~"
                        | "!~*"
                        | "@>"
                        | "<@"
                        | "&&"
                ))
                || matches!(kind, 2..=5 | 7..=14)
        }
        _ => false,
    }
}

fn rename_columns(columns: &mut [ViewColumn], aliases: &[Node]) {
    for (c, a) in columns.iter_mut().zip(names(aliases)) {
        c.name = a;
    }
}
