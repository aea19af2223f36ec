//! Applies parsed DDL statements to a [`Catalog`], in order, with PostgreSQL's rules
//! for name resolution (`search_path`), defaults, constraint names and dependencies.
//!
//! Errors are returned as plain messages; the caller attaches the file and line.

use super::views;
use crate::catalog::*;
use crate::error::Location;
use crate::types;
use pg_query::protobuf::{self as pb, AlterTableType as At, ConstrType, ObjectType as Ot};
use pg_query::{Node, NodeEnum};

type Res<T = ()> = std::result::Result<T, String>;

/// A statement skipped on purpose because it does not shape types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is.
    pub location: Location,
    /// What kind of statement it is (`CreateFunctionStmt`, `GrantStmt`, …).
    pub kind: String,
}

/// Applies statements to a catalog, tracking `search_path` as a session would.
pub(crate) struct Applier {
    catalog: Catalog,
    search_path: Vec<String>,
    skipped: Vec<Skipped>,
    notes: Vec<String>,
    /// Return types of user functions by name (`None` when overloads disagree), so
    /// views that call them can be typed.
    functions: views::Functions,
    /// Byte offset of the construct an error is about, when finer than the statement.
    error_offset: Option<usize>,
}

/// Where temporary tables live while the schema is applied.
const TEMP_SCHEMA: &str = "pg_temp";

/// `CREATE TABLE … (LIKE …)` option bits (PostgreSQL's `CREATE_TABLE_LIKE_*`).
const LIKE_COMMENTS: u32 = 1 << 0;
const LIKE_CONSTRAINTS: u32 = 1 << 2;
const LIKE_DEFAULTS: u32 = 1 << 3;
const LIKE_GENERATED: u32 = 1 << 4;
const LIKE_IDENTITY: u32 = 1 << 5;
const LIKE_INDEXES: u32 = 1 << 6;

fn enum_is<E: TryFrom<i32> + PartialEq>(raw: i32, value: E) -> bool {
    E::try_from(raw).is_ok_and(|v| v == value)
}

/// The statement's kind (`CreateFunctionStmt`, …): the variant name that `Debug`
/// prints first, read without formatting the whole (possibly huge) statement.
fn node_kind(node: &NodeEnum) -> String {
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
fn list_items(node: &Node) -> &[Node] {
    match node.node.as_ref() {
        Some(NodeEnum::List(l)) => &l.items,
        _ => std::slice::from_ref(node),
    }
}

pub(crate) fn deparse_expr(node: &Node) -> String {
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

fn fk_action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// Key columns as they appear in PostgreSQL's default constraint names (`a_b`).
fn name_part(names: &[String]) -> String {
    names.join("_")
}

impl Applier {
    pub(crate) fn new() -> Self {
        Self {
            catalog: Catalog::new(),
            search_path: vec!["public".into()],
            skipped: Vec::new(),
            notes: Vec::new(),
            functions: views::Functions::new(),
            error_offset: None,
        }
    }

    /// Where the last error points, if finer than its statement.
    pub(crate) fn take_error_offset(&mut self) -> Option<usize> {
        self.error_offset.take()
    }

    /// Records `location` (a parser offset) as where the coming error is.
    fn mark(&mut self, location: i32) {
        self.error_offset = usize::try_from(location).ok();
    }

    pub(crate) fn finish(mut self) -> (Catalog, Vec<Skipped>, Vec<String>) {
        self.catalog.schemas.remove(TEMP_SCHEMA);
        (self.catalog, self.skipped, self.notes)
    }

    /// Applies one statement.
    pub(crate) fn apply(&mut self, node: &NodeEnum, at: &dyn Fn() -> Location) -> Res {
        match node {
            NodeEnum::CreateSchemaStmt(s) => self.create_schema(s, at),
            NodeEnum::CreateStmt(s) => self.create_table(s),
            NodeEnum::CreateForeignTableStmt(s) => s.base_stmt.as_ref().map_or(Ok(()), |s| self.create_table(s)),
            NodeEnum::AlterTableStmt(s) => self.alter_table(s),
            NodeEnum::RenameStmt(s) => self.rename(s),
            NodeEnum::AlterObjectSchemaStmt(s) => self.set_schema(s),
            NodeEnum::DropStmt(s) => self.drop(s),
            NodeEnum::CreateEnumStmt(s) => self.create_enum(s),
            NodeEnum::AlterEnumStmt(s) => self.alter_enum(s),
            NodeEnum::CompositeTypeStmt(s) => self.create_composite(s),
            NodeEnum::CreateDomainStmt(s) => self.create_domain(s),
            NodeEnum::AlterDomainStmt(s) => self.alter_domain(s),
            NodeEnum::CreateRangeStmt(s) => self.create_range(s),
            NodeEnum::ViewStmt(s) => self.create_view(s),
            NodeEnum::CreateTableAsStmt(s) => self.create_table_as(s),
            NodeEnum::CommentStmt(s) => self.comment(s),
            NodeEnum::IndexStmt(s) => self.create_index(s),
            NodeEnum::CreateSeqStmt(s) => self.create_sequence(s),
            NodeEnum::AlterSeqStmt(s) => self.alter_sequence(s),
            NodeEnum::CreateExtensionStmt(s) => self.create_extension(s),
            NodeEnum::VariableSetStmt(s) if s.name.eq_ignore_ascii_case("search_path") => {
                self.set_search_path(s);
                Ok(())
            }
            NodeEnum::SelectStmt(s) if self.select_set_config(s) => Ok(()),
            NodeEnum::CreateFunctionStmt(f) => {
                self.record_function(f);
                self.skipped.push(Skipped { location: at(), kind: node_kind(node) });
                Ok(())
            }
            other => {
                self.skipped.push(Skipped { location: at(), kind: node_kind(other) });
                Ok(())
            }
        }
    }

    // ----- names -------------------------------------------------------------------

    fn schema_mut(&mut self, name: &str) -> Res<&mut Schema> {
        self.catalog.schemas.get_mut(name).ok_or_else(|| format!("schema \"{name}\" does not exist"))
    }

    /// The schema an unqualified CREATE puts its object in: the first existing schema
    /// of `search_path`.
    fn creation_schema(&self, explicit: &str) -> Res<String> {
        if !explicit.is_empty() {
            return if self.catalog.schemas.contains_key(explicit) {
                Ok(explicit.to_string())
            } else {
                Err(format!("schema \"{explicit}\" does not exist; create it first with CREATE SCHEMA"))
            };
        }
        self.search_path.iter().find(|s| self.catalog.schemas.contains_key(*s)).cloned().ok_or_else(|| {
            "no schema has been selected to create in: search_path is empty; qualify the name or SET search_path"
                .to_string()
        })
    }

    /// Temporary relations live in `pg_temp`, searched first and dropped at the end,
    /// as a session's temporary objects are.
    fn qualify_new(&mut self, rv: &pb::RangeVar) -> Res<QualifiedName> {
        if rv.relpersistence == "t" {
            self.catalog
                .schemas
                .entry(TEMP_SCHEMA.into())
                .or_insert_with(|| Schema { name: TEMP_SCHEMA.into(), ..Schema::default() });
            return Ok(QualifiedName::new(TEMP_SCHEMA, &rv.relname));
        }
        Ok(QualifiedName::new(self.creation_schema(&rv.schemaname)?, &rv.relname))
    }

    fn qualify_new_list(&self, names: &[String]) -> Res<QualifiedName> {
        match names {
            [name] => Ok(QualifiedName::new(self.creation_schema("")?, name)),
            [.., schema, name] => Ok(QualifiedName::new(self.creation_schema(schema)?, name)),
            [] => Err("empty name".into()),
        }
    }

    /// Finds an existing relation (table or view) by a possibly unqualified name.
    fn find_relation(&self, schema: &str, name: &str) -> Option<QualifiedName> {
        let has = |s: &str| {
            self.catalog.schemas.get(s).is_some_and(|sc| sc.tables.contains_key(name) || sc.views.contains_key(name))
        };
        if !schema.is_empty() {
            return has(schema).then(|| QualifiedName::new(schema, name));
        }
        std::iter::once(TEMP_SCHEMA)
            .chain(self.search_path.iter().map(String::as_str))
            .find(|s| has(s))
            .map(|s| QualifiedName::new(s, name))
    }

    fn find_table(&self, rv: &pb::RangeVar) -> Res<QualifiedName> {
        let found = self.find_relation(&rv.schemaname, &rv.relname);
        match found {
            Some(q) if self.catalog.table(&q).is_some() => Ok(q),
            Some(q) => Err(format!("\"{q}\" is a view, not a table")),
            None => Err(format!("relation \"{}\" does not exist", display_rv(rv))),
        }
    }

    fn find_table_list(&self, names: &[String]) -> Res<QualifiedName> {
        let (schema, name) = split_qualified(names)?;
        self.find_table(&pb::RangeVar { schemaname: schema, relname: name, ..Default::default() })
    }

    fn table_mut(&mut self, q: &QualifiedName) -> &mut Table {
        self.catalog.schemas.get_mut(&q.schema).and_then(|s| s.tables.get_mut(&q.name)).expect("resolved table exists")
    }

    fn is_sequence(&self, schema: &str, name: &str) -> bool {
        let has = |s: &str| self.catalog.schemas.get(s).is_some_and(|sc| sc.sequences.contains_key(name));
        if schema.is_empty() {
            self.search_path.iter().any(|s| has(s))
        } else {
            has(schema)
        }
    }

    fn relation_exists(&self, q: &QualifiedName) -> bool {
        self.catalog.schemas.get(&q.schema).is_some_and(|s| {
            s.tables.contains_key(&q.name) || s.views.contains_key(&q.name) || s.sequences.contains_key(&q.name)
        })
    }

    fn type_name_taken(&self, q: &QualifiedName) -> bool {
        self.catalog.user_type(q).is_some()
            || self.catalog.schemas.get(&q.schema).is_some_and(|s| s.views.contains_key(&q.name))
    }

    /// Resolves a user type by a possibly unqualified name.
    fn find_user_type(&self, schema: &str, name: &str) -> Option<QualifiedName> {
        if !schema.is_empty() {
            let q = QualifiedName::new(schema, name);
            return self.catalog.user_type(&q).is_some().then_some(q);
        }
        self.search_path.iter().map(|s| QualifiedName::new(s, name)).find(|q| self.catalog.user_type(q).is_some())
    }

    fn find_type_list(&self, names: &[String]) -> Res<QualifiedName> {
        let (schema, name) = split_qualified(names)?;
        self.find_user_type(&schema, &name).ok_or_else(|| format!("type \"{}\" does not exist", names.join(".")))
    }

    /// Resolves a column's type. Returns the type and, for `serial` pseudo-types, the
    /// integer type the serial stands for.
    fn resolve_type(&self, tn: &pb::TypeName) -> Res<(TypeRef, bool)> {
        let names = strings(&tn.names);
        if tn.pct_type {
            return Err(format!("%TYPE references (\"{}%TYPE\") are not supported; write the type", names.join(".")));
        }
        let (schema, name) = split_qualified(&names)?;
        let modifiers = tn
            .typmods
            .iter()
            .filter_map(|m| match m.node.as_ref()? {
                NodeEnum::AConst(c) => match c.val.as_ref()? {
                    pb::a_const::Val::Ival(i) => Some(i64::from(i.ival)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let array_dims = u32::try_from(tn.array_bounds.len()).unwrap_or(u32::MAX);
        let make = |q: QualifiedName| TypeRef { name: q, modifiers, array_dims };

        if schema.is_empty() || schema == "pg_catalog" {
            if let Some(int) = types::serial_type(&name) {
                if array_dims > 0 {
                    return Err(format!("array of {name} is not allowed"));
                }
                return Ok((TypeRef::builtin(int), true));
            }
            if let Some(canonical) = types::builtin(&name) {
                return Ok((make(QualifiedName::new("pg_catalog", canonical)), false));
            }
            if schema == "pg_catalog" {
                return Err(format!("type \"pg_catalog.{name}\" does not exist"));
            }
        }
        if let Some(q) = self.find_user_type(&schema, &name) {
            return Ok((make(q), false));
        }
        if types::is_extension_type(&name) {
            let home = if schema.is_empty() {
                self.catalog
                    .extensions
                    .iter()
                    .find(|(ext, _)| types::extension_provides(ext, &name))
                    .map(|(_, s)| s.clone())
                    .map_or_else(|| self.creation_schema(""), Ok)?
            } else {
                schema.clone()
            };
            return Ok((make(QualifiedName::new(home, name)), false));
        }
        let shown = if schema.is_empty() { name } else { format!("{schema}.{name}") };
        Err(format!(
            "type \"{shown}\" does not exist; define it earlier in the schema (CREATE TYPE / CREATE DOMAIN), or check the spelling"
        ))
    }

    fn record_function(&mut self, f: &pb::CreateFunctionStmt) {
        let Some(name) = strings(&f.funcname).pop() else { return };
        let returns =
            f.return_type.as_ref().filter(|t| !t.setof).and_then(|t| self.resolve_type(t).ok()).map(|(t, _)| t);
        let returns_table = f.parameters.iter().any(|p| matches!(p.node.as_ref(), Some(NodeEnum::FunctionParameter(fp)) if fp.mode == pb::FunctionParameterMode::FuncParamTable as i32));
        let returns = returns.filter(|_| !returns_table);
        self.functions
            .entry(name)
            .and_modify(|known| {
                if *known != returns {
                    *known = None;
                }
            })
            .or_insert(returns);
    }

    // ----- schemas, search_path --------------------------------------------------------

    fn create_schema(&mut self, s: &pb::CreateSchemaStmt, at: &dyn Fn() -> Location) -> Res {
        let name = if s.schemaname.is_empty() {
            match &s.authrole {
                Some(role) => role.rolename.clone(),
                None => return Err("CREATE SCHEMA needs a name".into()),
            }
        } else {
            s.schemaname.clone()
        };
        if self.catalog.schemas.contains_key(&name) {
            if s.if_not_exists
                || (name == "public"
                    && self.catalog.schemas[&name] == Schema { name: name.clone(), ..Schema::default() })
            {
                // `public` exists implicitly; dumps of databases that re-created it say so.
                return Ok(());
            }
            return Err(format!("schema \"{name}\" already exists"));
        }
        self.catalog.schemas.insert(name.clone(), Schema { name: name.clone(), ..Schema::default() });
        // Elements of CREATE SCHEMA are created in that schema.
        let saved = std::mem::replace(&mut self.search_path, vec![name]);
        let result = s.schema_elts.iter().filter_map(|e| e.node.as_ref()).try_for_each(|e| self.apply(e, at));
        self.search_path = saved;
        result
    }

    fn set_search_path(&mut self, s: &pb::VariableSetStmt) {
        use pb::VariableSetKind as K;
        self.search_path = match K::try_from(s.kind).unwrap_or(K::Undefined) {
            K::VarSetValue => s
                .args
                .iter()
                .filter_map(|a| match a.node.as_ref()? {
                    NodeEnum::AConst(c) => match c.val.as_ref()? {
                        pb::a_const::Val::Sval(v) => Some(v.sval.clone()),
                        _ => None,
                    },
                    _ => None,
                })
                .flat_map(|v| v.split(',').map(|p| p.trim().trim_matches('"').to_string()).collect::<Vec<_>>())
                .filter(|p| !p.is_empty() && p != "$user")
                .collect(),
            K::VarSetDefault | K::VarReset | K::VarResetAll => vec!["public".into()],
            _ => return,
        };
    }

    /// `SELECT pg_catalog.set_config('search_path', '…', false)`, as `pg_dump` writes.
    fn select_set_config(&mut self, s: &pb::SelectStmt) -> bool {
        let [target] = s.target_list.as_slice() else { return false };
        let Some(NodeEnum::ResTarget(rt)) = target.node.as_ref() else { return false };
        let Some(NodeEnum::FuncCall(fc)) = rt.val.as_ref().and_then(|v| v.node.as_ref()) else { return false };
        if strings(&fc.funcname).last().map(String::as_str) != Some("set_config") {
            return false;
        }
        let args: Vec<Option<String>> = fc
            .args
            .iter()
            .map(|a| match a.node.as_ref()? {
                NodeEnum::AConst(c) => match c.val.as_ref()? {
                    pb::a_const::Val::Sval(v) => Some(v.sval.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        match args.as_slice() {
            [Some(var), Some(value), ..] if var == "search_path" => {
                self.search_path = value
                    .split(',')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .filter(|p| !p.is_empty() && p != "$user")
                    .collect();
                true
            }
            _ => false,
        }
    }

    fn create_extension(&mut self, s: &pb::CreateExtensionStmt) -> Res {
        let schema = s
            .options
            .iter()
            .filter_map(|o| match o.node.as_ref()? {
                NodeEnum::DefElem(d) if d.defname == "schema" => {
                    d.arg.as_deref().and_then(|a| strings(std::slice::from_ref(a)).pop())
                }
                _ => None,
            })
            .next();
        let schema = match schema {
            Some(s) => s,
            None => self.creation_schema("")?,
        };
        self.catalog.extensions.entry(s.extname.clone()).or_insert(schema);
        Ok(())
    }

    // ----- tables ----------------------------------------------------------------------

    fn create_table(&mut self, s: &pb::CreateStmt) -> Res {
        let rv = s.relation.as_ref().ok_or("CREATE TABLE without a name")?;
        let q = self.qualify_new(rv)?;
        if self.relation_exists(&q) {
            if s.if_not_exists {
                return Ok(());
            }
            return Err(format!("relation \"{q}\" already exists"));
        }
        if self.type_name_taken(&q) {
            return Err(format!("type \"{q}\" already exists (a table's row type shares the type namespace)"));
        }
        let mut table = Table::new(&q.name);

        let parents: Vec<QualifiedName> = s
            .inh_relations
            .iter()
            .filter_map(|n| match n.node.as_ref()? {
                NodeEnum::RangeVar(p) => Some(p),
                _ => None,
            })
            .map(|p| self.find_table(p))
            .collect::<Res<_>>()?;
        if s.partbound.is_some() {
            let parent = parents.first().ok_or("PARTITION OF without a parent")?;
            table.partition_of = Some(parent.clone());
        } else {
            table.inherits.clone_from(&parents);
        }
        for parent in &parents {
            let parent_table = self.catalog.table(parent).expect("resolved");
            for col in &parent_table.columns {
                if table.column(&col.name).is_none() {
                    table.columns.push(Column { comment: None, identity: None, ..col.clone() });
                }
            }
            if s.partbound.is_some() {
                table.primary_key = parent_table
                    .primary_key
                    .as_ref()
                    .map(|k| KeyConstraint { name: format!("{}_pkey", q.name), columns: k.columns.clone() });
            }
        }
        if let Some(of) = &s.of_typename {
            let (ty, _) = self.resolve_type(of)?;
            match self.catalog.user_type(&ty.name) {
                Some(TypeKind::Composite(c)) => table.columns.extend(c.fields.iter().cloned()),
                _ => return Err(format!("type \"{}\" is not a composite type", ty.name)),
            }
        }

        let mut deferred_constraints = Vec::new();
        for elt in &s.table_elts {
            match elt.node.as_ref() {
                Some(NodeEnum::ColumnDef(cd)) => {
                    if let Some(existing) = table.columns.iter().position(|c| c.name == cd.colname) {
                        // A partition or child restating an inherited column: only constraints.
                        if cd.type_name.is_some() && s.partbound.is_none() && parents.is_empty() {
                            self.mark(cd.location);
                            return Err(format!("column \"{}\" specified more than once", cd.colname));
                        }
                        let mut col = table.columns.remove(existing);
                        self.column_constraints(&q, &mut col, cd, &mut deferred_constraints)?;
                        table.columns.insert(existing, col);
                    } else {
                        let col = self.column_def(&q, cd, &mut deferred_constraints)?;
                        table.columns.push(col);
                    }
                }
                Some(NodeEnum::Constraint(c)) => deferred_constraints.push((**c).clone()),
                Some(NodeEnum::TableLikeClause(like)) => self.table_like(&mut table, like)?,
                _ => {}
            }
        }
        deferred_constraints.extend(s.constraints.iter().filter_map(|c| match c.node.as_ref()? {
            NodeEnum::Constraint(c) => Some((**c).clone()),
            _ => None,
        }));
        if let Some(spec) = &s.partspec {
            let cols: Vec<String> = spec
                .part_params
                .iter()
                .filter_map(|p| match p.node.as_ref()? {
                    NodeEnum::PartitionElem(e) if !e.name.is_empty() => Some(e.name.clone()),
                    NodeEnum::PartitionElem(e) => e.expr.as_deref().map(deparse_expr),
                    _ => None,
                })
                .collect();
            let strategy = match pb::PartitionStrategy::try_from(spec.strategy) {
                Ok(pb::PartitionStrategy::List) => "list",
                Ok(pb::PartitionStrategy::Hash) => "hash",
                _ => "range",
            };
            table.partition_by = Some(format!("{} ({})", strategy.to_uppercase(), cols.join(", ")));
        }
        self.schema_mut(&q.schema)?.tables.insert(q.name.clone(), table);
        for c in deferred_constraints {
            if let Err(e) = self.add_constraint(&q, &c) {
                self.schema_mut(&q.schema)?.tables.remove(&q.name);
                return Err(e);
            }
        }
        Ok(())
    }

    fn table_like(&self, table: &mut Table, like: &pb::TableLikeClause) -> Res {
        let rv = like.relation.as_ref().ok_or("LIKE without a table")?;
        let source_name = self
            .find_relation(&rv.schemaname, &rv.relname)
            .ok_or_else(|| format!("relation \"{}\" does not exist", display_rv(rv)))?;
        let opts = like.options;
        if let Some(source) = self.catalog.table(&source_name) {
            for col in &source.columns {
                table.columns.push(Column {
                    name: col.name.clone(),
                    ty: col.ty.clone(),
                    nullable: col.nullable,
                    default: col.default.clone().filter(|_| opts & LIKE_DEFAULTS != 0),
                    identity: if opts & LIKE_IDENTITY != 0 { col.identity } else { None },
                    generated: if opts & LIKE_GENERATED != 0 { col.generated.clone() } else { None },
                    comment: if opts & LIKE_COMMENTS != 0 { col.comment.clone() } else { None },
                });
            }
            if opts & LIKE_INDEXES != 0 {
                table.primary_key = source
                    .primary_key
                    .as_ref()
                    .map(|k| KeyConstraint { name: format!("{}_pkey", table.name), columns: k.columns.clone() });
                table.uniques.extend(source.uniques.iter().map(|k| KeyConstraint {
                    name: format!("{}_{}_key", table.name, name_part(&k.columns)),
                    columns: k.columns.clone(),
                }));
            }
            if opts & LIKE_CONSTRAINTS != 0 {
                table.checks.extend(source.checks.iter().cloned());
            }
        } else if let Some(view) =
            self.catalog.schemas.get(&source_name.schema).and_then(|s| s.views.get(&source_name.name))
        {
            for col in &view.columns {
                let ty = col.ty.clone().ok_or_else(|| {
                    format!("LIKE {source_name}: the type of view column \"{}\" is unknown", col.name)
                })?;
                table.columns.push(Column { nullable: true, ..Column::new(&col.name, ty) });
            }
        }
        Ok(())
    }

    /// Builds a column from its definition; table-level effects (keys, foreign keys)
    /// are queued in `deferred`.
    fn column_def(
        &mut self,
        table_name: &QualifiedName,
        cd: &pb::ColumnDef,
        deferred: &mut Vec<pb::Constraint>,
    ) -> Res<Column> {
        let tn = cd.type_name.as_ref().ok_or_else(|| format!("column \"{}\" has no type", cd.colname))?;
        let (ty, serial) = self.resolve_type(tn).map_err(|e| {
            self.mark(tn.location);
            format!("column \"{}\" of \"{table_name}\": {e}", cd.colname)
        })?;
        let mut col = Column::new(&cd.colname, ty);
        if serial {
            let seq = format!("{}_{}_seq", table_name.name, cd.colname);
            col.default = Some(format!("nextval('{}'::regclass)", qualified_seq_text(table_name, &seq)));
            col.nullable = false;
            self.schema_mut(&table_name.schema)?
                .sequences
                .insert(seq.clone(), Sequence { name: seq, owned_by: Some((table_name.clone(), cd.colname.clone())) });
        }
        self.column_constraints(table_name, &mut col, cd, deferred)?;
        Ok(col)
    }

    fn column_constraints(
        &mut self,
        table_name: &QualifiedName,
        col: &mut Column,
        cd: &pb::ColumnDef,
        deferred: &mut Vec<pb::Constraint>,
    ) -> Res {
        if cd.is_not_null {
            col.nullable = false;
        }
        if let Some(def) = &cd.raw_default {
            col.default = Some(deparse_expr(def));
        }
        if !cd.identity.is_empty() {
            col.identity = Some(if cd.identity == "a" { Identity::Always } else { Identity::ByDefault });
            col.nullable = false;
        }
        for c in &cd.constraints {
            let Some(NodeEnum::Constraint(c)) = c.node.as_ref() else { continue };
            let kind = ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined);
            match kind {
                ConstrType::ConstrNotnull => col.nullable = false,
                ConstrType::ConstrNull => col.nullable = true,
                ConstrType::ConstrDefault => col.default = c.raw_expr.as_deref().map(deparse_expr),
                ConstrType::ConstrIdentity => {
                    col.identity = Some(if c.generated_when == "a" { Identity::Always } else { Identity::ByDefault });
                    col.nullable = false;
                    let seq = format!("{}_{}_seq", table_name.name, col.name);
                    self.schema_mut(&table_name.schema)?.sequences.insert(
                        seq.clone(),
                        Sequence { name: seq, owned_by: Some((table_name.clone(), col.name.clone())) },
                    );
                }
                ConstrType::ConstrGenerated => col.generated = c.raw_expr.as_deref().map(deparse_expr),
                ConstrType::ConstrPrimary => {
                    col.nullable = false;
                    deferred.push(pb::Constraint { keys: vec![string_node(&col.name)], ..(**c).clone() });
                }
                ConstrType::ConstrUnique | ConstrType::ConstrCheck => {
                    let mut c = (**c).clone();
                    if kind == ConstrType::ConstrUnique {
                        c.keys = vec![string_node(&col.name)];
                    } else if c.conname.is_empty() {
                        c.conname = format!("{}_{}_check", table_name.name, col.name);
                    }
                    deferred.push(c);
                }
                ConstrType::ConstrForeign => {
                    deferred.push(pb::Constraint { fk_attrs: vec![string_node(&col.name)], ..(**c).clone() });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Adds a table constraint (PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY).
    fn add_constraint(&mut self, q: &QualifiedName, c: &pb::Constraint) -> Res {
        let kind = ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined);
        let mut keys = strings(&c.keys);
        if keys.is_empty() && !c.indexname.is_empty() {
            // `ADD CONSTRAINT … PRIMARY KEY USING INDEX idx`: the index becomes the key.
            let index = self
                .table_mut(q)
                .indexes
                .remove(&c.indexname)
                .ok_or_else(|| format!("index \"{}\" does not exist", c.indexname))?;
            self.table_mut(q).uniques.retain(|k| k.name != c.indexname);
            keys = index.columns;
        }
        let table = self.catalog.table(q).expect("table exists");
        for k in &keys {
            if table.column(k).is_none() {
                return Err(format!("column \"{k}\" named in key does not exist in table \"{q}\""));
            }
        }
        match kind {
            ConstrType::ConstrPrimary => {
                let name = if c.conname.is_empty() { format!("{}_pkey", q.name) } else { c.conname.clone() };
                let table = self.table_mut(q);
                if table.primary_key.is_some() {
                    return Err(format!("multiple primary keys for table \"{q}\" are not allowed"));
                }
                for k in &keys {
                    table.column_mut(k).expect("checked").nullable = false;
                }
                table.primary_key = Some(KeyConstraint { name, columns: keys });
            }
            ConstrType::ConstrUnique => {
                let name = if c.conname.is_empty() {
                    format!("{}_{}_key", q.name, name_part(&keys))
                } else {
                    c.conname.clone()
                };
                self.table_mut(q).uniques.push(KeyConstraint { name, columns: keys });
            }
            ConstrType::ConstrCheck => {
                let expression = c.raw_expr.as_deref().map(deparse_expr).unwrap_or_default();
                let name = if c.conname.is_empty() { format!("{}_check", q.name) } else { c.conname.clone() };
                self.table_mut(q).checks.push(Check { name, expression });
            }
            ConstrType::ConstrForeign => {
                let fk_cols = strings(&c.fk_attrs);
                for k in &fk_cols {
                    if table.column(k).is_none() {
                        return Err(format!(
                            "column \"{k}\" referenced in foreign key constraint does not exist in table \"{q}\""
                        ));
                    }
                }
                let pk = c.pktable.as_ref().ok_or("foreign key without a referenced table")?;
                let target = if pk.schemaname.is_empty()
                    && pk.relname == q.name
                    && self.find_relation("", &pk.relname).as_ref() == Some(q)
                {
                    q.clone()
                } else {
                    self.find_table(pk).inspect_err(|_| self.mark(pk.location))?
                };
                let target_table = self.catalog.table(&target).expect("resolved");
                let mut referenced = strings(&c.pk_attrs);
                if referenced.is_empty() {
                    referenced = target_table.primary_key.as_ref().map(|k| k.columns.clone()).ok_or_else(|| {
                        format!(
                            "there is no primary key for referenced table \"{target}\"; name the referenced columns"
                        )
                    })?;
                }
                for r in &referenced {
                    if target_table.column(r).is_none() {
                        return Err(format!(
                            "column \"{r}\" referenced in foreign key constraint does not exist in table \"{target}\""
                        ));
                    }
                }
                if referenced.len() != fk_cols.len() {
                    return Err("number of referencing and referenced columns for foreign key disagree".into());
                }
                let name = if c.conname.is_empty() {
                    format!("{}_{}_fkey", q.name, name_part(&fk_cols))
                } else {
                    c.conname.clone()
                };
                self.table_mut(q).foreign_keys.push(ForeignKey {
                    name,
                    columns: fk_cols,
                    references: target,
                    referenced_columns: referenced,
                    on_delete: fk_action(&c.fk_del_action),
                    on_update: fk_action(&c.fk_upd_action),
                });
            }
            ConstrType::ConstrNotnull => {
                for k in &keys {
                    self.table_mut(q).column_mut(k).expect("checked").nullable = false;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn alter_table(&mut self, s: &pb::AlterTableStmt) -> Res {
        let rv = s.relation.as_ref().ok_or("ALTER without a name")?;
        let objtype = Ot::try_from(s.objtype).unwrap_or(Ot::Undefined);
        if objtype == Ot::ObjectType {
            return self.alter_composite(rv, s);
        }
        if matches!(objtype, Ot::ObjectView | Ot::ObjectMatview | Ot::ObjectSequence | Ot::ObjectIndex) {
            return Ok(());
        }
        let q = match self.find_relation(&rv.schemaname, &rv.relname) {
            Some(q) if self.catalog.table(&q).is_some() => q,
            Some(_) => return Ok(()), // ALTER TABLE on a view: only owner/options can apply
            None if s.missing_ok || self.is_sequence(&rv.schemaname, &rv.relname) => return Ok(()),
            None => return Err(format!("relation \"{}\" does not exist", display_rv(rv))),
        };
        for cmd in &s.cmds {
            let Some(NodeEnum::AlterTableCmd(cmd)) = cmd.node.as_ref() else { continue };
            self.alter_table_cmd(&q, cmd)?;
        }
        Ok(())
    }

    fn column_of<'t>(table: &'t mut Table, q: &QualifiedName, name: &str) -> Res<&'t mut Column> {
        table.column_mut(name).ok_or_else(|| format!("column \"{name}\" of relation \"{q}\" does not exist"))
    }

    fn alter_table_cmd(&mut self, q: &QualifiedName, cmd: &pb::AlterTableCmd) -> Res {
        let sub = At::try_from(cmd.subtype).unwrap_or(At::Undefined);
        let def = cmd.def.as_deref().and_then(|d| d.node.as_ref());
        match sub {
            At::AtAddColumn => {
                let Some(NodeEnum::ColumnDef(cd)) = def else { return Ok(()) };
                if self.catalog.table(q).expect("exists").column(&cd.colname).is_some() {
                    if cmd.missing_ok {
                        return Ok(());
                    }
                    return Err(format!("column \"{}\" of relation \"{q}\" already exists", cd.colname));
                }
                let mut deferred = Vec::new();
                let col = self.column_def(q, cd, &mut deferred)?;
                self.table_mut(q).columns.push(col);
                for c in deferred {
                    self.add_constraint(q, &c)?;
                }
                self.propagate_to_partitions(q);
            }
            At::AtColumnDefault => {
                let default = def.map(|d| deparse_expr(&Node { node: Some(d.clone()) }));
                Self::column_of(self.table_mut(q), q, &cmd.name)?.default = default;
            }
            At::AtDropNotNull => Self::column_of(self.table_mut(q), q, &cmd.name)?.nullable = true,
            At::AtSetNotNull => Self::column_of(self.table_mut(q), q, &cmd.name)?.nullable = false,
            At::AtDropExpression => Self::column_of(self.table_mut(q), q, &cmd.name)?.generated = None,
            At::AtSetExpression => {
                let expr = def.map(|d| deparse_expr(&Node { node: Some(d.clone()) }));
                Self::column_of(self.table_mut(q), q, &cmd.name)?.generated = expr;
            }
            At::AtDropColumn => {
                let table = self.table_mut(q);
                let Some(pos) = table.columns.iter().position(|c| c.name == cmd.name) else {
                    if cmd.missing_ok {
                        return Ok(());
                    }
                    return Err(format!("column \"{}\" of relation \"{q}\" does not exist", cmd.name));
                };
                table.columns.remove(pos);
                let name = cmd.name.clone();
                let mentions = |cols: &Vec<String>| cols.contains(&name);
                if table.primary_key.as_ref().is_some_and(|k| mentions(&k.columns)) {
                    table.primary_key = None;
                }
                table.uniques.retain(|k| !mentions(&k.columns));
                table.foreign_keys.retain(|fk| !mentions(&fk.columns));
                table.indexes.retain(|_, i| !mentions(&i.columns));
                let (schema, table_name) = (q.clone(), name.clone());
                for (_, other) in self.catalog.schemas.iter_mut().flat_map(|(_, s)| s.tables.iter_mut()) {
                    other
                        .foreign_keys
                        .retain(|fk| !(fk.references == schema && fk.referenced_columns.contains(&table_name)));
                }
                self.propagate_to_partitions(q);
            }
            At::AtAlterColumnType => {
                let Some(NodeEnum::ColumnDef(cd)) = def else { return Ok(()) };
                let tn = cd.type_name.as_ref().ok_or("ALTER COLUMN TYPE without a type")?;
                let (ty, _) = self.resolve_type(tn)?;
                Self::column_of(self.table_mut(q), q, &cmd.name)?.ty = ty;
                self.propagate_to_partitions(q);
            }
            At::AtAddConstraint => {
                let Some(NodeEnum::Constraint(c)) = def else { return Ok(()) };
                self.add_constraint(q, c)?;
            }
            At::AtDropConstraint => {
                let table = self.table_mut(q);
                let name = &cmd.name;
                let before = table.uniques.len()
                    + table.foreign_keys.len()
                    + table.checks.len()
                    + usize::from(table.primary_key.is_some());
                if table.primary_key.as_ref().is_some_and(|k| &k.name == name) {
                    table.primary_key = None;
                }
                table.uniques.retain(|k| &k.name != name);
                table.foreign_keys.retain(|k| &k.name != name);
                table.checks.retain(|k| &k.name != name);
                let after = table.uniques.len()
                    + table.foreign_keys.len()
                    + table.checks.len()
                    + usize::from(table.primary_key.is_some());
                if before == after && !cmd.missing_ok {
                    return Err(format!("constraint \"{name}\" of relation \"{q}\" does not exist"));
                }
            }
            At::AtAddIdentity => {
                let Some(NodeEnum::Constraint(c)) = def else { return Ok(()) };
                let col = Self::column_of(self.table_mut(q), q, &cmd.name)?;
                col.identity = Some(if c.generated_when == "a" { Identity::Always } else { Identity::ByDefault });
                col.nullable = false;
            }
            At::AtSetIdentity => {
                let col = Self::column_of(self.table_mut(q), q, &cmd.name)?;
                for opt in def.map(|d| list_items(&Node { node: Some(d.clone()) }).to_vec()).unwrap_or_default() {
                    if let Some(NodeEnum::DefElem(d)) = opt.node.as_ref() {
                        if d.defname == "generated" {
                            let always = d.arg.as_deref().and_then(|a| match a.node.as_ref()? {
                                NodeEnum::Integer(i) => Some(i.ival == i32::from(b'a')),
                                _ => None,
                            });
                            col.identity =
                                Some(if always == Some(true) { Identity::Always } else { Identity::ByDefault });
                        }
                    }
                }
            }
            At::AtDropIdentity => {
                let col = match self.table_mut(q).column_mut(&cmd.name) {
                    Some(c) => c,
                    None => return Err(format!("column \"{}\" of relation \"{q}\" does not exist", cmd.name)),
                };
                col.identity = None;
            }
            At::AtAttachPartition => {
                let Some(NodeEnum::PartitionCmd(pc)) = def else { return Ok(()) };
                let child = self.find_table(pc.name.as_ref().ok_or("ATTACH PARTITION without a table")?)?;
                self.table_mut(&child).partition_of = Some(q.clone());
            }
            At::AtDetachPartition => {
                let Some(NodeEnum::PartitionCmd(pc)) = def else { return Ok(()) };
                let child = self.find_table(pc.name.as_ref().ok_or("DETACH PARTITION without a table")?)?;
                self.table_mut(&child).partition_of = None;
            }
            At::AtAddInherit => {
                let Some(NodeEnum::RangeVar(rv)) = def else { return Ok(()) };
                let parent = self.find_table(rv)?;
                self.table_mut(q).inherits.push(parent);
            }
            At::AtDropInherit => {
                let Some(NodeEnum::RangeVar(rv)) = def else { return Ok(()) };
                let parent = self.find_table(rv)?;
                self.table_mut(q).inherits.retain(|p| p != &parent);
            }
            _ => {}
        }
        Ok(())
    }

    /// Partitions share their parent's columns: keep them in step after an ALTER.
    fn propagate_to_partitions(&mut self, parent: &QualifiedName) {
        let Some(columns) = self.catalog.table(parent).map(|t| t.columns.clone()) else { return };
        let children: Vec<QualifiedName> =
            self.catalog.tables().filter(|(_, t)| t.partition_of.as_ref() == Some(parent)).map(|(q, _)| q).collect();
        for child in children {
            let table = self.table_mut(&child);
            let old = std::mem::take(&mut table.columns);
            table.columns = columns
                .iter()
                .map(|c| {
                    let mine = old.iter().find(|o| o.name == c.name);
                    Column { comment: mine.and_then(|m| m.comment.clone()), ..c.clone() }
                })
                .collect();
            self.propagate_to_partitions(&child);
        }
    }

    fn create_index(&mut self, s: &pb::IndexStmt) -> Res {
        let rv = s.relation.as_ref().ok_or("CREATE INDEX without a table")?;
        let Some(q) = self.find_relation(&rv.schemaname, &rv.relname) else {
            return Err(format!("relation \"{}\" does not exist", display_rv(rv)));
        };
        if self.catalog.table(&q).is_none() {
            return Ok(()); // index on a materialized view
        }
        let mut plain = true;
        let columns: Vec<String> = s
            .index_params
            .iter()
            .filter_map(|p| match p.node.as_ref()? {
                NodeEnum::IndexElem(e) if !e.name.is_empty() => Some(e.name.clone()),
                NodeEnum::IndexElem(e) => {
                    plain = false;
                    e.expr.as_deref().map(deparse_expr)
                }
                _ => None,
            })
            .collect();
        let name = if s.idxname.is_empty() {
            format!("{}_{}_idx", q.name, columns.first().cloned().unwrap_or_default())
        } else {
            s.idxname.clone()
        };
        let partial = s.where_clause.is_some();
        let table = self.table_mut(&q);
        if s.unique && plain && !partial {
            table.uniques.push(KeyConstraint { name: name.clone(), columns: columns.clone() });
        }
        table.indexes.insert(name.clone(), Index { name, columns, unique: s.unique, partial });
        Ok(())
    }

    fn create_sequence(&mut self, s: &pb::CreateSeqStmt) -> Res {
        let rv = s.sequence.as_ref().ok_or("CREATE SEQUENCE without a name")?;
        let q = self.qualify_new(rv)?;
        if self.relation_exists(&q) {
            if s.if_not_exists {
                return Ok(());
            }
            return Err(format!("relation \"{q}\" already exists"));
        }
        self.schema_mut(&q.schema)?.sequences.insert(q.name.clone(), Sequence { name: q.name.clone(), owned_by: None });
        Ok(())
    }

    fn alter_sequence(&mut self, s: &pb::AlterSeqStmt) -> Res {
        let rv = s.sequence.as_ref().ok_or("ALTER SEQUENCE without a name")?;
        let owned = s.options.iter().find_map(|o| match o.node.as_ref()? {
            NodeEnum::DefElem(d) if d.defname == "owned_by" => d.arg.as_deref().map(|a| strings(list_items(a))),
            _ => None,
        });
        let schema = if rv.schemaname.is_empty() {
            self.search_path
                .iter()
                .find(|s| self.catalog.schemas.get(*s).is_some_and(|sc| sc.sequences.contains_key(&rv.relname)))
                .cloned()
        } else {
            Some(rv.schemaname.clone())
        };
        let Some(schema) = schema else {
            return if s.missing_ok { Ok(()) } else { Err(format!("relation \"{}\" does not exist", display_rv(rv))) };
        };
        if let Some(owned) = owned {
            let owner = match owned.as_slice() {
                [none] if none == "none" => None,
                [.., _, col] => Some((self.find_table_list(&owned[..owned.len() - 1])?, col.clone())),
                _ => None,
            };
            if let Some(seq) = self.schema_mut(&schema)?.sequences.get_mut(&rv.relname) {
                seq.owned_by = owner;
            }
        }
        Ok(())
    }

    // ----- types -----------------------------------------------------------------------

    fn create_enum(&mut self, s: &pb::CreateEnumStmt) -> Res {
        let q = self.qualify_new_list(&strings(&s.type_name))?;
        if self.type_name_taken(&q) {
            return Err(format!("type \"{q}\" already exists"));
        }
        let labels = strings(&s.vals);
        self.schema_mut(&q.schema)?
            .enums
            .insert(q.name.clone(), EnumType { name: q.name.clone(), labels, comment: None });
        Ok(())
    }

    fn alter_enum(&mut self, s: &pb::AlterEnumStmt) -> Res {
        let q = self.find_type_list(&strings(&s.type_name))?;
        let Some(e) = self.catalog.schemas.get_mut(&q.schema).and_then(|sc| sc.enums.get_mut(&q.name)) else {
            return Err(format!("\"{q}\" is not an enum"));
        };
        if !s.old_val.is_empty() {
            if e.labels.contains(&s.new_val) {
                return Err(format!("enum label \"{}\" already exists", s.new_val));
            }
            let label = e
                .labels
                .iter_mut()
                .find(|l| **l == s.old_val)
                .ok_or_else(|| format!("\"{}\" is not an existing enum label of \"{q}\"", s.old_val))?;
            label.clone_from(&s.new_val);
            return Ok(());
        }
        if e.labels.contains(&s.new_val) {
            return if s.skip_if_new_val_exists {
                Ok(())
            } else {
                Err(format!("enum label \"{}\" already exists", s.new_val))
            };
        }
        let at = if s.new_val_neighbor.is_empty() {
            e.labels.len()
        } else {
            let n = e
                .labels
                .iter()
                .position(|l| *l == s.new_val_neighbor)
                .ok_or_else(|| format!("\"{}\" is not an existing enum label of \"{q}\"", s.new_val_neighbor))?;
            if s.new_val_is_after {
                n + 1
            } else {
                n
            }
        };
        e.labels.insert(at, s.new_val.clone());
        Ok(())
    }

    fn field_columns(&self, defs: &[Node]) -> Res<Vec<Column>> {
        defs.iter()
            .filter_map(|d| match d.node.as_ref()? {
                NodeEnum::ColumnDef(cd) => Some(cd),
                _ => None,
            })
            .map(|cd| {
                let tn = cd.type_name.as_ref().ok_or_else(|| format!("attribute \"{}\" has no type", cd.colname))?;
                let (ty, serial) = self.resolve_type(tn)?;
                if serial {
                    return Err("serial is only allowed for table columns".to_string());
                }
                Ok(Column::new(&cd.colname, ty))
            })
            .collect()
    }

    fn create_composite(&mut self, s: &pb::CompositeTypeStmt) -> Res {
        let q = self.qualify_new(s.typevar.as_ref().ok_or("CREATE TYPE without a name")?)?;
        if self.type_name_taken(&q) {
            return Err(format!("type \"{q}\" already exists"));
        }
        let fields = self.field_columns(&s.coldeflist)?;
        self.schema_mut(&q.schema)?
            .composites
            .insert(q.name.clone(), Composite { name: q.name.clone(), fields, comment: None });
        Ok(())
    }

    fn alter_composite(&mut self, rv: &pb::RangeVar, s: &pb::AlterTableStmt) -> Res {
        let q = self
            .find_user_type(&rv.schemaname, &rv.relname)
            .ok_or_else(|| format!("type \"{}\" does not exist", display_rv(rv)))?;
        for cmd in &s.cmds {
            let Some(NodeEnum::AlterTableCmd(cmd)) = cmd.node.as_ref() else { continue };
            let sub = At::try_from(cmd.subtype).unwrap_or(At::Undefined);
            let new_field = match (sub, cmd.def.as_deref().and_then(|d| d.node.as_ref())) {
                (At::AtAddColumn | At::AtAlterColumnType, Some(NodeEnum::ColumnDef(cd))) => {
                    let fields = self.field_columns(&[Node { node: Some(NodeEnum::ColumnDef(cd.clone())) }])?;
                    fields.into_iter().next()
                }
                _ => None,
            };
            let Some(c) = self.catalog.schemas.get_mut(&q.schema).and_then(|sc| sc.composites.get_mut(&q.name)) else {
                return Err(format!("\"{q}\" is not a composite type"));
            };
            match (sub, new_field) {
                (At::AtAddColumn, Some(f)) => c.fields.push(f),
                (At::AtAlterColumnType, Some(f)) => {
                    let field = c
                        .fields
                        .iter_mut()
                        .find(|x| x.name == cmd.name)
                        .ok_or_else(|| format!("attribute \"{}\" does not exist", cmd.name))?;
                    field.ty = f.ty;
                }
                (At::AtDropColumn, _) => {
                    let before = c.fields.len();
                    c.fields.retain(|f| f.name != cmd.name);
                    if before == c.fields.len() && !cmd.missing_ok {
                        return Err(format!("attribute \"{}\" of type \"{q}\" does not exist", cmd.name));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn create_domain(&mut self, s: &pb::CreateDomainStmt) -> Res {
        let q = self.qualify_new_list(&strings(&s.domainname))?;
        if self.type_name_taken(&q) {
            return Err(format!("type \"{q}\" already exists"));
        }
        let (base, serial) = self.resolve_type(s.type_name.as_ref().ok_or("CREATE DOMAIN without a type")?)?;
        if serial {
            return Err("a domain cannot be based on serial".into());
        }
        let mut domain =
            Domain { name: q.name.clone(), base, not_null: false, default: None, checks: Vec::new(), comment: None };
        for c in &s.constraints {
            if let Some(NodeEnum::Constraint(c)) = c.node.as_ref() {
                apply_domain_constraint(&mut domain, c);
            }
        }
        self.schema_mut(&q.schema)?.domains.insert(q.name.clone(), domain);
        Ok(())
    }

    fn alter_domain(&mut self, s: &pb::AlterDomainStmt) -> Res {
        let q = self.find_type_list(&strings(&s.type_name))?;
        let Some(d) = self.catalog.schemas.get_mut(&q.schema).and_then(|sc| sc.domains.get_mut(&q.name)) else {
            return Err(format!("\"{q}\" is not a domain"));
        };
        match s.subtype.as_str() {
            "T" => d.default = s.def.as_deref().map(deparse_expr),
            "N" => d.not_null = false,
            "O" => d.not_null = true,
            "C" => {
                if let Some(NodeEnum::Constraint(c)) = s.def.as_deref().and_then(|n| n.node.as_ref()) {
                    apply_domain_constraint(d, c);
                }
            }
            "X" => d.checks.retain(|c| c.name != s.name),
            _ => {}
        }
        Ok(())
    }

    fn create_range(&mut self, s: &pb::CreateRangeStmt) -> Res {
        let q = self.qualify_new_list(&strings(&s.type_name))?;
        if self.type_name_taken(&q) {
            return Err(format!("type \"{q}\" already exists"));
        }
        let subtype = s
            .params
            .iter()
            .find_map(|p| match p.node.as_ref()? {
                NodeEnum::DefElem(d) if d.defname == "subtype" => match d.arg.as_deref()?.node.as_ref()? {
                    NodeEnum::TypeName(tn) => Some(tn.clone()),
                    _ => None,
                },
                _ => None,
            })
            .ok_or("CREATE TYPE … AS RANGE needs a subtype")?;
        let (subtype, _) = self.resolve_type(&subtype)?;
        self.schema_mut(&q.schema)?
            .ranges
            .insert(q.name.clone(), RangeType { name: q.name.clone(), subtype, comment: None });
        Ok(())
    }

    // ----- views -----------------------------------------------------------------------

    fn create_view(&mut self, s: &pb::ViewStmt) -> Res {
        let rv = s.view.as_ref().ok_or("CREATE VIEW without a name")?;
        let q = self.qualify_new(rv)?;
        let exists_as_view = self.catalog.schemas.get(&q.schema).is_some_and(|sc| sc.views.contains_key(&q.name));
        if (exists_as_view && !s.replace) || (!exists_as_view && self.relation_exists(&q)) {
            return Err(format!("relation \"{q}\" already exists"));
        }
        let query = s.query.as_deref().ok_or("CREATE VIEW without a query")?;
        let aliases = strings(&s.aliases);
        self.insert_view(q, query, &aliases, false)
    }

    fn insert_view(&mut self, q: QualifiedName, query: &Node, aliases: &[String], materialized: bool) -> Res {
        let (columns, depends_on) = views::infer(&self.catalog, &self.search_path, &self.functions, query)?;
        let Some(mut columns) = columns else {
            self.notes.push(format!("view {q} selects * from a relation this schema does not define (an extension's?); the view is not generated"));
            return Ok(());
        };
        if aliases.len() > columns.len() {
            return Err(format!("CREATE VIEW {q} specifies more column names than columns"));
        }
        for (col, alias) in columns.iter_mut().zip(aliases) {
            col.name.clone_from(alias);
        }
        for col in columns.iter().filter(|c| c.ty.is_none()) {
            self.notes.push(format!(
                "view {q}: the type of column \"{}\" cannot be inferred soundly; it is left out of the generated row unless a column override gives its type",
                col.name
            ));
        }
        let comment =
            self.catalog.schemas.get(&q.schema).and_then(|s| s.views.get(&q.name)).and_then(|v| v.comment.clone());
        self.schema_mut(&q.schema)?
            .views
            .insert(q.name.clone(), View { name: q.name.clone(), materialized, columns, depends_on, comment });
        Ok(())
    }

    fn create_table_as(&mut self, s: &pb::CreateTableAsStmt) -> Res {
        let into = s.into.as_ref().ok_or("CREATE … AS without a target")?;
        let rv = into.rel.as_ref().ok_or("CREATE … AS without a name")?;
        let q = self.qualify_new(rv)?;
        if self.relation_exists(&q) {
            return if s.if_not_exists { Ok(()) } else { Err(format!("relation \"{q}\" already exists")) };
        }
        let query = s.query.as_deref().ok_or("CREATE … AS without a query")?;
        let aliases = strings(&into.col_names);
        if enum_is(s.objtype, Ot::ObjectMatview) {
            return self.insert_view(q, query, &aliases, true);
        }
        // CREATE TABLE … AS: a table whose columns come from the query.
        let mut columns =
            views::infer(&self.catalog, &self.search_path, &self.functions, query)?.0.ok_or_else(|| {
                format!("CREATE TABLE {q} AS: its columns come from a relation this schema does not define")
            })?;
        for (col, alias) in columns.iter_mut().zip(&aliases) {
            col.name.clone_from(alias);
        }
        let mut table = Table::new(&q.name);
        for col in columns {
            let ty = match col.ty {
                Some(ty) => ty,
                // A temporary table is never generated: its column types only need to exist.
                None if q.schema == TEMP_SCHEMA => TypeRef::builtin("unknown"),
                None => return Err(format!("CREATE TABLE {q} AS: the type of column \"{}\" cannot be inferred; write CREATE TABLE with explicit column types", col.name)),
            };
            table.columns.push(Column::new(col.name, ty));
        }
        self.schema_mut(&q.schema)?.tables.insert(q.name.clone(), table);
        Ok(())
    }

    // ----- renames, moves, drops, comments ---------------------------------------------------

    fn rename(&mut self, s: &pb::RenameStmt) -> Res {
        let kind = Ot::try_from(s.rename_type).unwrap_or(Ot::Undefined);
        let new = s.newname.clone();
        match kind {
            Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview | Ot::ObjectForeignTable => {
                let rv = s.relation.as_ref().ok_or("RENAME without a relation")?;
                let Some(old) = self.find_relation(&rv.schemaname, &rv.relname) else {
                    return if s.missing_ok {
                        Ok(())
                    } else {
                        Err(format!("relation \"{}\" does not exist", display_rv(rv)))
                    };
                };
                let newq = QualifiedName::new(&old.schema, &new);
                if self.relation_exists(&newq) {
                    return Err(format!("relation \"{newq}\" already exists"));
                }
                self.move_relation(&old, &newq)
            }
            Ot::ObjectColumn => {
                let rv = s.relation.as_ref().ok_or("RENAME COLUMN without a relation")?;
                let Some(q) = self.find_relation(&rv.schemaname, &rv.relname) else {
                    return if s.missing_ok {
                        Ok(())
                    } else {
                        Err(format!("relation \"{}\" does not exist", display_rv(rv)))
                    };
                };
                self.rename_column(&q, &s.subname, &new)
            }
            Ot::ObjectAttribute => {
                let rv = s.relation.as_ref().ok_or("RENAME ATTRIBUTE without a type")?;
                let q = self
                    .find_user_type(&rv.schemaname, &rv.relname)
                    .ok_or_else(|| format!("type \"{}\" does not exist", display_rv(rv)))?;
                let c = self
                    .catalog
                    .schemas
                    .get_mut(&q.schema)
                    .and_then(|sc| sc.composites.get_mut(&q.name))
                    .ok_or_else(|| format!("\"{q}\" is not a composite type"))?;
                let f = c
                    .fields
                    .iter_mut()
                    .find(|f| f.name == s.subname)
                    .ok_or_else(|| format!("attribute \"{}\" does not exist", s.subname))?;
                f.name = new;
                Ok(())
            }
            Ot::ObjectTabconstraint => {
                let rv = s.relation.as_ref().ok_or("RENAME CONSTRAINT without a table")?;
                let q = self.find_table(rv)?;
                let t = self.table_mut(&q);
                let names = t.primary_key.iter_mut().chain(t.uniques.iter_mut()).map(|k| &mut k.name);
                let names = names
                    .chain(t.foreign_keys.iter_mut().map(|k| &mut k.name))
                    .chain(t.checks.iter_mut().map(|k| &mut k.name));
                for n in names {
                    if *n == s.subname {
                        n.clone_from(&new);
                        return Ok(());
                    }
                }
                Err(format!("constraint \"{}\" for table \"{q}\" does not exist", s.subname))
            }
            Ot::ObjectType | Ot::ObjectDomain => {
                let names = s.object.as_deref().map(type_object_names).unwrap_or_default();
                let old = self.find_type_list(&names)?;
                let newq = QualifiedName::new(&old.schema, &new);
                if self.type_name_taken(&newq) {
                    return Err(format!("type \"{newq}\" already exists"));
                }
                self.move_type(&old, &newq)
            }
            Ot::ObjectSchema => {
                let old = s.subname.clone();
                if !self.catalog.schemas.contains_key(&old) {
                    return Err(format!("schema \"{old}\" does not exist"));
                }
                if self.catalog.schemas.contains_key(&new) {
                    return Err(format!("schema \"{new}\" already exists"));
                }
                let mut schema = self.catalog.schemas.remove(&old).expect("checked");
                schema.name.clone_from(&new);
                self.catalog.schemas.insert(new.clone(), schema);
                self.rewrite_names(&|q| (q.schema == old).then(|| QualifiedName::new(&new, &q.name)));
                for ext_schema in self.catalog.extensions.values_mut() {
                    if *ext_schema == old {
                        ext_schema.clone_from(&new);
                    }
                }
                Ok(())
            }
            Ot::ObjectIndex => {
                // Renaming the index behind a PRIMARY KEY or UNIQUE renames the constraint.
                let rv = s.relation.as_ref().ok_or("RENAME INDEX without a name")?;
                let old = &rv.relname;
                for (_, t) in self.catalog.schemas.iter_mut().flat_map(|(_, sc)| sc.tables.iter_mut()) {
                    if let Some(mut ix) = t.indexes.remove(old) {
                        ix.name.clone_from(&new);
                        t.indexes.insert(new.clone(), ix);
                    }
                    for key in t.primary_key.iter_mut().chain(t.uniques.iter_mut()).filter(|k| &k.name == old) {
                        key.name.clone_from(&new);
                    }
                }
                Ok(())
            }
            Ot::ObjectSequence => {
                let rv = s.relation.as_ref().ok_or("RENAME SEQUENCE without a name")?;
                let schema = self.creation_schema(&rv.schemaname)?;
                if let Some(sc) = self.catalog.schemas.get_mut(&schema) {
                    if let Some(mut seq) = sc.sequences.remove(&rv.relname) {
                        seq.name.clone_from(&new);
                        sc.sequences.insert(new, seq);
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn rename_column(&mut self, q: &QualifiedName, old: &str, new: &str) -> Res {
        if let Some(view) = self.catalog.schemas.get_mut(&q.schema).and_then(|s| s.views.get_mut(&q.name)) {
            let col = view
                .columns
                .iter_mut()
                .find(|c| c.name == old)
                .ok_or_else(|| format!("column \"{old}\" does not exist"))?;
            col.name = new.to_string();
            return Ok(());
        }
        let table = self.table_mut(q);
        if table.column(new).is_some() {
            return Err(format!("column \"{new}\" of relation \"{q}\" already exists"));
        }
        Self::column_of(table, q, old)?.name = new.to_string();
        let rename = |cols: &mut Vec<String>| cols.iter_mut().filter(|c| *c == old).for_each(|c| *c = new.to_string());
        table.primary_key.iter_mut().chain(table.uniques.iter_mut()).for_each(|k| rename(&mut k.columns));
        table.foreign_keys.iter_mut().for_each(|fk| rename(&mut fk.columns));
        table.indexes.values_mut().for_each(|i| rename(&mut i.columns));
        for (_, t) in self.catalog.schemas.iter_mut().flat_map(|(_, s)| s.tables.iter_mut()) {
            for fk in t.foreign_keys.iter_mut().filter(|fk| &fk.references == q) {
                rename(&mut fk.referenced_columns);
            }
        }
        let children: Vec<QualifiedName> =
            self.catalog.tables().filter(|(_, t)| t.partition_of.as_ref() == Some(q)).map(|(c, _)| c).collect();
        for child in children {
            self.rename_column(&child, old, new)?;
        }
        Ok(())
    }

    /// Moves a table or view to a new qualified name, updating every reference to it.
    fn move_relation(&mut self, old: &QualifiedName, new: &QualifiedName) -> Res {
        let from = self.schema_mut(&old.schema)?;
        if let Some(mut t) = from.tables.remove(&old.name) {
            t.name.clone_from(&new.name);
            self.schema_mut(&new.schema)?.tables.insert(new.name.clone(), t);
        } else if let Some(mut v) = from.views.remove(&old.name) {
            v.name.clone_from(&new.name);
            self.schema_mut(&new.schema)?.views.insert(new.name.clone(), v);
        }
        self.rewrite_names(&|q| (q == old).then(|| new.clone()));
        Ok(())
    }

    /// Moves a user type to a new qualified name, updating every column that uses it.
    fn move_type(&mut self, old: &QualifiedName, new: &QualifiedName) -> Res {
        let from = self.schema_mut(&old.schema)?;
        macro_rules! take {
            ($field:ident) => {
                if let Some(mut x) = from.$field.remove(&old.name) {
                    x.name.clone_from(&new.name);
                    self.schema_mut(&new.schema)?.$field.insert(new.name.clone(), x);
                    self.rewrite_names(&|q| (q == old).then(|| new.clone()));
                    return Ok(());
                }
            };
        }
        take!(enums);
        take!(domains);
        take!(composites);
        take!(ranges);
        Err(format!("type \"{old}\" does not exist"))
    }

    /// Rewrites every qualified name in the catalog (types and relation references).
    fn rewrite_names(&mut self, f: &dyn Fn(&QualifiedName) -> Option<QualifiedName>) {
        let fix = |q: &mut QualifiedName| {
            if let Some(n) = f(q) {
                *q = n;
            }
        };
        for schema in self.catalog.schemas.values_mut() {
            for t in schema.tables.values_mut() {
                t.columns.iter_mut().for_each(|c| fix(&mut c.ty.name));
                t.foreign_keys.iter_mut().for_each(|fk| fix(&mut fk.references));
                t.partition_of.iter_mut().for_each(fix);
                t.inherits.iter_mut().for_each(fix);
            }
            for v in schema.views.values_mut() {
                v.columns.iter_mut().filter_map(|c| c.ty.as_mut()).for_each(|t| fix(&mut t.name));
            }
            schema.domains.values_mut().for_each(|d| fix(&mut d.base.name));
            schema.composites.values_mut().flat_map(|c| c.fields.iter_mut()).for_each(|c| fix(&mut c.ty.name));
            schema.ranges.values_mut().for_each(|r| fix(&mut r.subtype.name));
            schema.sequences.values_mut().filter_map(|s| s.owned_by.as_mut()).for_each(|(q, _)| fix(q));
        }
    }

    fn set_schema(&mut self, s: &pb::AlterObjectSchemaStmt) -> Res {
        let kind = Ot::try_from(s.object_type).unwrap_or(Ot::Undefined);
        if !self.catalog.schemas.contains_key(&s.newschema) {
            return Err(format!("schema \"{}\" does not exist", s.newschema));
        }
        match kind {
            Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview => {
                let rv = s.relation.as_ref().ok_or("SET SCHEMA without a relation")?;
                let Some(old) = self.find_relation(&rv.schemaname, &rv.relname) else {
                    return if s.missing_ok {
                        Ok(())
                    } else {
                        Err(format!("relation \"{}\" does not exist", display_rv(rv)))
                    };
                };
                let new = QualifiedName::new(&s.newschema, &old.name);
                if self.relation_exists(&new) {
                    return Err(format!("relation \"{new}\" already exists"));
                }
                self.move_relation(&old, &new)
            }
            Ot::ObjectType | Ot::ObjectDomain => {
                let names = s.object.as_deref().map(type_object_names).unwrap_or_default();
                let old = self.find_type_list(&names)?;
                let new = QualifiedName::new(&s.newschema, &old.name);
                if self.type_name_taken(&new) {
                    return Err(format!("type \"{new}\" already exists"));
                }
                self.move_type(&old, &new)
            }
            _ => Ok(()),
        }
    }

    fn drop(&mut self, s: &pb::DropStmt) -> Res {
        let kind = Ot::try_from(s.remove_type).unwrap_or(Ot::Undefined);
        let cascade = s.behavior == pb::DropBehavior::DropCascade as i32;
        for object in &s.objects {
            match kind {
                Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview | Ot::ObjectForeignTable => {
                    let names = strings(list_items(object));
                    let (schema, name) = split_qualified(&names)?;
                    let Some(q) = self.find_relation(&schema, &name) else {
                        if s.missing_ok {
                            continue;
                        }
                        return Err(format!("relation \"{}\" does not exist", names.join(".")));
                    };
                    self.drop_relation(&q, cascade)?;
                }
                Ot::ObjectType | Ot::ObjectDomain => {
                    let names = type_object_names(object);
                    let Ok(q) = self.find_type_list(&names) else {
                        if s.missing_ok {
                            continue;
                        }
                        return Err(format!("type \"{}\" does not exist", names.join(".")));
                    };
                    self.drop_type(&q, cascade)?;
                }
                Ot::ObjectSchema => {
                    let names = strings(list_items(object));
                    let name = names.last().cloned().unwrap_or_default();
                    match self.catalog.schemas.get(&name) {
                        None if s.missing_ok => {}
                        None => return Err(format!("schema \"{name}\" does not exist")),
                        Some(sc) if !cascade && !sc.is_empty() => {
                            return Err(format!("cannot drop schema \"{name}\" because other objects depend on it; use DROP SCHEMA … CASCADE"));
                        }
                        Some(_) => {
                            self.catalog.schemas.remove(&name);
                            for (_, t) in self.catalog.schemas.iter_mut().flat_map(|(_, s)| s.tables.iter_mut()) {
                                t.foreign_keys.retain(|fk| fk.references.schema != name);
                            }
                        }
                    }
                }
                Ot::ObjectSequence => {
                    let names = strings(list_items(object));
                    let (schema, name) = split_qualified(&names)?;
                    let schema = if schema.is_empty() { self.creation_schema("")? } else { schema };
                    let removed = self.catalog.schemas.get_mut(&schema).and_then(|sc| sc.sequences.remove(&name));
                    if removed.is_none() && !s.missing_ok {
                        return Err(format!("sequence \"{}\" does not exist", names.join(".")));
                    }
                }
                Ot::ObjectIndex => {
                    let names = strings(list_items(object));
                    let name = names.last().cloned().unwrap_or_default();
                    let mut found = false;
                    for (_, t) in self.catalog.schemas.iter_mut().flat_map(|(_, s)| s.tables.iter_mut()) {
                        if t.indexes.remove(&name).is_some() {
                            t.uniques.retain(|k| k.name != name);
                            found = true;
                        }
                    }
                    if !found && !s.missing_ok {
                        return Err(format!("index \"{name}\" does not exist"));
                    }
                }
                Ot::ObjectExtension => {
                    for name in strings(list_items(object)) {
                        self.catalog.extensions.remove(&name);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn drop_relation(&mut self, q: &QualifiedName, cascade: bool) -> Res {
        let dependents: Vec<(QualifiedName, String)> = self
            .catalog
            .tables()
            .filter(|(t, _)| t != q)
            .flat_map(|(t, table)| {
                table.foreign_keys.iter().filter(|fk| &fk.references == q).map(move |fk| (t.clone(), fk.name.clone()))
            })
            .collect();
        if let Some((t, fk)) = dependents.first() {
            if !cascade {
                return Err(format!("cannot drop table \"{q}\" because constraint \"{fk}\" on table \"{t}\" depends on it; drop the constraint first or use CASCADE"));
            }
        }
        for (t, fk) in dependents {
            self.table_mut(&t).foreign_keys.retain(|k| k.name != fk);
        }
        let dependent_views: Vec<QualifiedName> = self
            .catalog
            .schemas
            .values()
            .flat_map(|s| {
                s.views.values().filter(|v| v.depends_on.contains(q)).map(move |v| QualifiedName::new(&s.name, &v.name))
            })
            .filter(|v| v != q)
            .collect();
        if let Some(v) = dependent_views.first() {
            if !cascade {
                return Err(format!(
                    "cannot drop \"{q}\" because view \"{v}\" depends on it; drop the view first or use CASCADE"
                ));
            }
        }
        for v in dependent_views {
            if self.find_relation(&v.schema, &v.name).is_some() {
                self.drop_relation(&v, true)?;
            }
        }
        let schema = self.schema_mut(&q.schema)?;
        schema.tables.remove(&q.name);
        schema.views.remove(&q.name);
        schema.sequences.retain(|_, seq| seq.owned_by.as_ref().is_none_or(|(t, _)| t != q));
        // Partitions go with their parent.
        let children: Vec<QualifiedName> =
            self.catalog.tables().filter(|(_, t)| t.partition_of.as_ref() == Some(q)).map(|(c, _)| c).collect();
        for child in children {
            self.drop_relation(&child, true)?;
        }
        Ok(())
    }

    fn drop_type(&mut self, q: &QualifiedName, cascade: bool) -> Res {
        let uses = |t: &TypeRef| &t.name == q;
        let mut users = Vec::new();
        for (tq, t) in self.catalog.tables() {
            for c in t.columns.iter().filter(|c| uses(&c.ty)) {
                users.push((tq.clone(), c.name.clone()));
            }
        }
        if let Some((t, c)) = users.first() {
            if !cascade {
                return Err(format!("cannot drop type \"{q}\" because column \"{c}\" of table \"{t}\" uses it; drop the column first or use CASCADE"));
            }
        }
        for (t, c) in users {
            self.table_mut(&t).columns.retain(|col| col.name != c);
        }
        let schema = self.schema_mut(&q.schema)?;
        schema.enums.remove(&q.name);
        schema.domains.remove(&q.name);
        schema.composites.remove(&q.name);
        schema.ranges.remove(&q.name);
        Ok(())
    }

    fn comment(&mut self, s: &pb::CommentStmt) -> Res {
        let kind = Ot::try_from(s.objtype).unwrap_or(Ot::Undefined);
        let text = (!s.comment.is_empty()).then(|| s.comment.clone());
        let Some(object) = s.object.as_deref() else { return Ok(()) };
        match kind {
            Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview | Ot::ObjectForeignTable => {
                let names = strings(list_items(object));
                let (schema, name) = split_qualified(&names)?;
                let q = self
                    .find_relation(&schema, &name)
                    .ok_or_else(|| format!("relation \"{}\" does not exist", names.join(".")))?;
                let sc = self.schema_mut(&q.schema)?;
                if let Some(t) = sc.tables.get_mut(&q.name) {
                    t.comment = text;
                } else if let Some(v) = sc.views.get_mut(&q.name) {
                    v.comment = text;
                }
            }
            Ot::ObjectColumn => {
                let names = strings(list_items(object));
                let (rel, col) = names.split_at(names.len().saturating_sub(1));
                let (schema, name) = split_qualified(rel)?;
                let col = col.first().ok_or("COMMENT ON COLUMN needs table.column")?;
                let q = self
                    .find_relation(&schema, &name)
                    .ok_or_else(|| format!("relation \"{}\" does not exist", rel.join(".")))?;
                let sc = self.schema_mut(&q.schema)?;
                if let Some(t) = sc.tables.get_mut(&q.name) {
                    Self::column_of(t, &q, col)?.comment = text;
                } else if let Some(v) = sc.views.get_mut(&q.name) {
                    let c = v
                        .columns
                        .iter_mut()
                        .find(|c| &c.name == col)
                        .ok_or_else(|| format!("column \"{col}\" of relation \"{q}\" does not exist"))?;
                    c.comment = text;
                } else {
                    // A composite type's attribute.
                    let comp =
                        sc.composites.get_mut(&q.name).ok_or_else(|| format!("relation \"{q}\" does not exist"))?;
                    if let Some(f) = comp.fields.iter_mut().find(|f| &f.name == col) {
                        f.comment = text;
                    }
                }
            }
            Ot::ObjectType | Ot::ObjectDomain => {
                let q = self.find_type_list(&type_object_names(object))?;
                let sc = self.schema_mut(&q.schema)?;
                if let Some(e) = sc.enums.get_mut(&q.name) {
                    e.comment = text;
                } else if let Some(d) = sc.domains.get_mut(&q.name) {
                    d.comment = text;
                } else if let Some(c) = sc.composites.get_mut(&q.name) {
                    c.comment = text;
                } else if let Some(r) = sc.ranges.get_mut(&q.name) {
                    r.comment = text;
                } else if let Some(t) = sc.tables.get_mut(&q.name) {
                    t.comment = text;
                }
            }
            Ot::ObjectSchema => {
                let name = strings(list_items(object)).pop().unwrap_or_default();
                self.schema_mut(&name)?.comment = text;
            }
            _ => {}
        }
        Ok(())
    }
}

fn apply_domain_constraint(domain: &mut Domain, c: &pb::Constraint) {
    match ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined) {
        ConstrType::ConstrNotnull => domain.not_null = true,
        ConstrType::ConstrNull => domain.not_null = false,
        ConstrType::ConstrDefault => domain.default = c.raw_expr.as_deref().map(deparse_expr),
        ConstrType::ConstrCheck => {
            let name = if c.conname.is_empty() { format!("{}_check", domain.name) } else { c.conname.clone() };
            domain.checks.push(Check { name, expression: c.raw_expr.as_deref().map(deparse_expr).unwrap_or_default() });
        }
        _ => {}
    }
}

/// The name parts of a type object in DROP/COMMENT/RENAME: a `TypeName` or a `List`.
fn type_object_names(node: &Node) -> Vec<String> {
    match node.node.as_ref() {
        Some(NodeEnum::TypeName(tn)) => strings(&tn.names),
        _ => strings(list_items(node)),
    }
}

fn split_qualified(names: &[String]) -> Res<(String, String)> {
    match names {
        [name] => Ok((String::new(), name.clone())),
        [.., schema, name] => Ok((schema.clone(), name.clone())),
        [] => Err("empty name".into()),
    }
}

fn display_rv(rv: &pb::RangeVar) -> String {
    if rv.schemaname.is_empty() {
        rv.relname.clone()
    } else {
        format!("{}.{}", rv.schemaname, rv.relname)
    }
}

fn string_node(s: &str) -> Node {
    Node { node: Some(NodeEnum::String(pb::String { sval: s.to_string() })) }
}

/// How `nextval('…'::regclass)` names a sequence: unqualified in `public`, as
/// PostgreSQL prints it with the default search_path.
fn qualified_seq_text(table: &QualifiedName, seq: &str) -> String {
    if table.schema == "public" {
        seq.to_string()
    } else {
        format!("{}.{}", table.schema, seq)
    }
}
