//! Tables and what hangs off them: `CREATE TABLE` (partitions, `INHERITS`, `LIKE`,
//! `OF type`), column definitions (serial, identity, generated), `ALTER TABLE`,
//! indexes and sequences.

use super::naming::{columns_part, object_name};
use super::{sequences, Applier, ApplyError, Problem, Res};
use crate::frontend::sql::nodes::{deparse_expr, display_rv, list_items, string_node, strings};
use pg_query::protobuf::{self as pb, AlterTableType as At, ConstrType, ObjectType as Ot};
use pg_query::{Node, NodeEnum};
use sleet_catalog::{
    Column, Error as CatalogError, Identity, Index, IndexKey, KeyConstraint, QualifiedName, Sequence, Table, TypeKind,
};

/// `CREATE TABLE … (LIKE …)` option bits (PostgreSQL's `CREATE_TABLE_LIKE_*`).
const LIKE_COMMENTS: u32 = 1 << 0;
const LIKE_CONSTRAINTS: u32 = 1 << 2;
const LIKE_DEFAULTS: u32 = 1 << 3;
const LIKE_GENERATED: u32 = 1 << 4;
const LIKE_IDENTITY: u32 = 1 << 5;
const LIKE_INDEXES: u32 = 1 << 6;

impl Applier {
    pub(super) fn create_table(&mut self, s: &pb::CreateStmt) -> Res {
        let rv = s.relation.as_ref().ok_or("CREATE TABLE without a name")?;
        let q = self.qualify_new(rv)?;
        if self.catalog.relation_exists(&q) {
            if s.if_not_exists {
                return Ok(());
            }
            return Err(CatalogError::RelationExists(q.clone()).into());
        }
        if self.catalog.type_name_taken(&q) {
            return Err(format!("type \"{q}\" already exists (a table's row type shares the type namespace)").into());
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
            let parent_rv = s.inh_relations.first().and_then(|n| match n.node.as_ref()? {
                NodeEnum::RangeVar(rv) => Some(rv.clone()),
                _ => None,
            });
            if let (Some(child), Some(parent)) = (&s.relation, parent_rv) {
                table.partition_bound = partition_bound(child, &parent, s.partbound.as_ref());
            }
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
                _ => return Err(format!("type \"{}\" is not a composite type", ty.name).into()),
            }
        }

        let mut deferred_constraints = Vec::new();
        for elt in &s.table_elts {
            match elt.node.as_ref() {
                Some(NodeEnum::ColumnDef(cd)) => {
                    if let Some(existing) = table.columns.iter().position(|c| c.name == cd.colname) {
                        // A partition or child restating an inherited column: only constraints.
                        if cd.type_name.is_some() && s.partbound.is_none() && parents.is_empty() {
                            let message = format!("column \"{}\" specified more than once", cd.colname);
                            return Err(ApplyError::from(message).at(cd.location));
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
        self.catalog.schema_mut(&q.schema)?.tables.insert(q.name.clone(), table);
        for c in deferred_constraints {
            if let Err(e) = self.add_constraint(&q, &c) {
                self.catalog.schema_mut(&q.schema)?.tables.remove(&q.name);
                return Err(e);
            }
        }
        Ok(())
    }

    pub(super) fn table_like(&self, table: &mut Table, like: &pb::TableLikeClause) -> Res {
        let rv = like.relation.as_ref().ok_or("LIKE without a table")?;
        let source_name = self
            .find_relation(&rv.schemaname, &rv.relname)
            .ok_or_else(|| CatalogError::RelationNotFound(display_rv(rv)))?;
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
                    collation: col.collation.clone(),
                    comment: if opts & LIKE_COMMENTS != 0 { col.comment.clone() } else { None },
                });
            }
            if opts & LIKE_INDEXES != 0 {
                table.primary_key = source.primary_key.as_ref().map(|k| KeyConstraint {
                    name: object_name(&table.name, None, "pkey"),
                    columns: k.columns.clone(),
                });
                table.uniques.extend(source.uniques.iter().map(|k| KeyConstraint {
                    name: object_name(&table.name, Some(&columns_part(&k.columns)), "key"),
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
    pub(super) fn column_def(
        &mut self,
        table_name: &QualifiedName,
        cd: &pb::ColumnDef,
        deferred: &mut Vec<pb::Constraint>,
    ) -> Res<Column> {
        let tn = cd.type_name.as_ref().ok_or_else(|| format!("column \"{}\" has no type", cd.colname))?;
        let (ty, serial) = self.resolve_type(tn).map_err(|e| {
            let problem =
                Problem::InColumn { table: table_name.clone(), column: cd.colname.clone(), source: e.problem };
            ApplyError { problem: Box::new(problem), offset: e.offset }.at(tn.location)
        })?;
        let mut col = Column::new(&cd.colname, ty);
        if serial {
            let seq = format!("{}_{}_seq", table_name.name, cd.colname);
            col.default = Some(format!("nextval('{}'::regclass)", qualified_seq_text(table_name, &seq)));
            col.nullable = false;
            let owner = Some((table_name.clone(), cd.colname.clone()));
            let sequence = Sequence::new(&seq, sequences::integer_type(&col.ty.name.name), owner);
            self.catalog.schema_mut(&table_name.schema)?.sequences.insert(seq, sequence);
        }
        self.column_constraints(table_name, &mut col, cd, deferred)?;
        Ok(col)
    }

    pub(super) fn column_constraints(
        &mut self,
        table_name: &QualifiedName,
        col: &mut Column,
        cd: &pb::ColumnDef,
        deferred: &mut Vec<pb::Constraint>,
    ) -> Res {
        if cd.is_not_null {
            col.nullable = false;
        }
        if let Some(collate) = &cd.coll_clause {
            col.collation = strings(&collate.collname).pop();
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
                    let owner = Some((table_name.clone(), col.name.clone()));
                    let mut sequence = Sequence::new(&seq, sequences::integer_type(&col.ty.name.name), owner);
                    sequence.options = sequences::apply(&sequence.options, &c.options, true);
                    self.catalog.schema_mut(&table_name.schema)?.sequences.insert(seq, sequence);
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
                    }
                    deferred.push(c);
                }
                ConstrType::ConstrForeign => {
                    deferred.push(pb::Constraint { fk_attrs: vec![string_node(&col.name)], ..(**c).clone() });
                }
                // `REFERENCES t DEFERRABLE INITIALLY DEFERRED` on a column: the grammar
                // gives the attributes as constraints of their own, after the one they
                // qualify.
                ConstrType::ConstrAttrDeferrable
                | ConstrType::ConstrAttrNotDeferrable
                | ConstrType::ConstrAttrDeferred
                | ConstrType::ConstrAttrImmediate => {
                    if let Some(last) = deferred.last_mut() {
                        match kind {
                            ConstrType::ConstrAttrDeferrable => last.deferrable = true,
                            ConstrType::ConstrAttrNotDeferrable => last.deferrable = false,
                            ConstrType::ConstrAttrDeferred => last.initdeferred = true,
                            _ => last.initdeferred = false,
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub(super) fn alter_table(&mut self, s: &pb::AlterTableStmt) -> Res {
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
            None => return Err(CatalogError::RelationNotFound(display_rv(rv)).into()),
        };
        for cmd in &s.cmds {
            let Some(NodeEnum::AlterTableCmd(cmd)) = cmd.node.as_ref() else { continue };
            self.alter_table_cmd(&q, cmd)?;
        }
        Ok(())
    }

    pub(super) fn column_of<'t>(table: &'t mut Table, q: &QualifiedName, name: &str) -> Res<&'t mut Column> {
        Ok(table
            .column_mut(name)
            .ok_or_else(|| CatalogError::ColumnNotFound { relation: q.clone(), column: name.to_string() })?)
    }

    pub(super) fn alter_table_cmd(&mut self, q: &QualifiedName, cmd: &pb::AlterTableCmd) -> Res {
        let sub = At::try_from(cmd.subtype).unwrap_or(At::Undefined);
        let def = cmd.def.as_deref().and_then(|d| d.node.as_ref());
        match sub {
            At::AtAddColumn => {
                let Some(NodeEnum::ColumnDef(cd)) = def else { return Ok(()) };
                if self.catalog.table(q).expect("exists").column(&cd.colname).is_some() {
                    if cmd.missing_ok {
                        return Ok(());
                    }
                    return Err(CatalogError::ColumnExists { relation: q.clone(), column: cd.colname.clone() }.into());
                }
                let mut deferred = Vec::new();
                let col = self.column_def(q, cd, &mut deferred)?;
                self.table_mut(q).columns.push(col);
                for c in deferred {
                    self.add_constraint(q, &c)?;
                }
                self.catalog.sync_partitions(q);
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
            At::AtDropColumn => match self.catalog.drop_column(q, &cmd.name) {
                Err(CatalogError::ColumnNotFound { .. }) if cmd.missing_ok => {}
                result => result?,
            },
            At::AtAlterColumnType => {
                let Some(NodeEnum::ColumnDef(cd)) = def else { return Ok(()) };
                let tn = cd.type_name.as_ref().ok_or("ALTER COLUMN TYPE without a type")?;
                let (ty, _) = self.resolve_type(tn)?;
                Self::column_of(self.table_mut(q), q, &cmd.name)?.ty = ty;
                self.catalog.sync_partitions(q);
            }
            At::AtAddConstraint => {
                let Some(NodeEnum::Constraint(c)) = def else { return Ok(()) };
                self.add_constraint(q, c)?;
            }
            At::AtValidateConstraint => self.catalog.validate_constraint(q, &cmd.name)?,
            At::AtDropConstraint => match self.catalog.drop_constraint(q, &cmd.name) {
                Err(CatalogError::ConstraintNotFound { .. }) if cmd.missing_ok => {}
                result => result?,
            },
            At::AtAddIdentity => {
                let Some(NodeEnum::Constraint(c)) = def else { return Ok(()) };
                let col = Self::column_of(self.table_mut(q), q, &cmd.name)?;
                col.identity = Some(if c.generated_when == "a" { Identity::Always } else { Identity::ByDefault });
                col.nullable = false;
                let ty = sequences::integer_type(&col.ty.name.name);
                // The identity's sequence, as for an identity declared with the column.
                let seq = format!("{}_{}_seq", q.name, cmd.name);
                let owner = Some((q.clone(), cmd.name.clone()));
                let mut sequence = Sequence::new(&seq, ty, owner);
                sequence.options = sequences::apply(&sequence.options, &c.options, true);
                self.catalog.schema_mut(&q.schema)?.sequences.insert(seq, sequence);
            }
            At::AtSetIdentity => {
                let options = def.map(|d| list_items(&Node { node: Some(d.clone()) }).to_vec()).unwrap_or_default();
                let owner = (q.clone(), cmd.name.clone());
                if let Ok(schema) = self.catalog.schema_mut(&q.schema) {
                    let owned = schema.sequences.values_mut().find(|s| s.owned_by.as_ref() == Some(&owner));
                    if let Some(sequence) = owned {
                        sequence.options = sequences::apply(&sequence.options, &options, false);
                    }
                }
                let col = Self::column_of(self.table_mut(q), q, &cmd.name)?;
                for opt in options {
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
                    None => {
                        return Err(
                            CatalogError::ColumnNotFound { relation: q.clone(), column: cmd.name.clone() }.into()
                        )
                    }
                };
                col.identity = None;
            }
            At::AtAttachPartition => {
                let Some(NodeEnum::PartitionCmd(pc)) = def else { return Ok(()) };
                let child_rv = pc.name.as_ref().ok_or("ATTACH PARTITION without a table")?;
                let child = self.find_table(child_rv)?;
                let parent_rv =
                    pb::RangeVar { schemaname: q.schema.clone(), relname: q.name.clone(), ..Default::default() };
                let bound = partition_bound(child_rv, &parent_rv, pc.bound.as_ref());
                let table = self.table_mut(&child);
                table.partition_of = Some(q.clone());
                table.partition_bound = bound;
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

    pub(super) fn create_index(&mut self, s: &pb::IndexStmt) -> Res {
        let rv = s.relation.as_ref().ok_or("CREATE INDEX without a table")?;
        let Some(q) = self.find_relation(&rv.schemaname, &rv.relname) else {
            return Err(CatalogError::RelationNotFound(display_rv(rv)).into());
        };
        if self.catalog.table(&q).is_none() {
            return Ok(()); // index on a materialized view
        }
        let mut plain = true;
        let keys: Vec<IndexKey> = s
            .index_params
            .iter()
            .filter_map(|p| match p.node.as_ref()? {
                NodeEnum::IndexElem(e) => {
                    let expression = if e.name.is_empty() {
                        plain = false;
                        e.expr.as_deref().map(deparse_expr)?
                    } else {
                        e.name.clone()
                    };
                    let descending = e.ordering == pb::SortByDir::SortbyDesc as i32;
                    let nulls_first = match pb::SortByNulls::try_from(e.nulls_ordering) {
                        Ok(pb::SortByNulls::SortbyNullsFirst) => true,
                        Ok(pb::SortByNulls::SortbyNullsLast) => false,
                        _ => descending,
                    };
                    Some(IndexKey { expression, opclass: strings(&e.opclass).pop(), descending, nulls_first })
                }
                _ => None,
            })
            .collect();
        let columns: Vec<String> = keys.iter().map(|k| k.expression.clone()).collect();
        let name = if s.idxname.is_empty() {
            // PostgreSQL's default: every key and INCLUDE column, an expression as its
            // function's name or `expr`.
            let parts: Vec<String> = s
                .index_params
                .iter()
                .chain(&s.index_including_params)
                .filter_map(|p| match p.node.as_ref()? {
                    NodeEnum::IndexElem(e) if !e.name.is_empty() => Some(e.name.clone()),
                    NodeEnum::IndexElem(e) if !e.indexcolname.is_empty() => Some(e.indexcolname.clone()),
                    NodeEnum::IndexElem(e) => Some(match e.expr.as_deref().and_then(|x| x.node.as_ref()) {
                        Some(NodeEnum::FuncCall(f)) => strings(&f.funcname).pop().unwrap_or_else(|| "expr".into()),
                        _ => "expr".into(),
                    }),
                    _ => None,
                })
                .collect();
            format!("{}_{}_idx", q.name, parts.join("_"))
        } else {
            s.idxname.clone()
        };
        let predicate = s.where_clause.as_deref().map(deparse_expr);
        let include = s
            .index_including_params
            .iter()
            .filter_map(|p| match p.node.as_ref()? {
                NodeEnum::IndexElem(e) => Some(e.name.clone()),
                _ => None,
            })
            .collect();
        let method = if s.access_method.is_empty() { "btree".to_string() } else { s.access_method.clone() };
        let table = self.table_mut(&q);
        if s.unique && plain && predicate.is_none() {
            table.uniques.push(KeyConstraint { name: name.clone(), columns: columns.clone() });
        }
        table.indexes.insert(name.clone(), Index { name, keys, unique: s.unique, method, include, predicate });
        Ok(())
    }

    pub(super) fn create_sequence(&mut self, s: &pb::CreateSeqStmt) -> Res {
        let rv = s.sequence.as_ref().ok_or("CREATE SEQUENCE without a name")?;
        let q = self.qualify_new(rv)?;
        if self.catalog.relation_exists(&q) {
            if s.if_not_exists {
                return Ok(());
            }
            return Err(CatalogError::RelationExists(q.clone()).into());
        }
        let mut sequence = Sequence::new(&q.name, "int8", None);
        sequence.options = sequences::apply(&sequence.options, &s.options, true);
        self.catalog.schema_mut(&q.schema)?.sequences.insert(q.name.clone(), sequence);
        Ok(())
    }

    pub(super) fn alter_sequence(&mut self, s: &pb::AlterSeqStmt) -> Res {
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
            return if s.missing_ok { Ok(()) } else { Err(CatalogError::RelationNotFound(display_rv(rv)).into()) };
        };
        if let Some(seq) = self.catalog.schema_mut(&schema)?.sequences.get_mut(&rv.relname) {
            seq.options = sequences::apply(&seq.options, &s.options, false);
        }
        if let Some(owned) = owned {
            let owner = match owned.as_slice() {
                [none] if none == "none" => None,
                [.., _, col] => Some((self.find_table_list(&owned[..owned.len() - 1])?, col.clone())),
                _ => None,
            };
            if let Some(seq) = self.catalog.schema_mut(&schema)?.sequences.get_mut(&rv.relname) {
                seq.owned_by = owner;
            }
        }
        Ok(())
    }
}

/// How `nextval('…'::regclass)` names a sequence: unqualified in `public`, as
/// PostgreSQL prints it with the default search_path.
pub(super) fn qualified_seq_text(table: &QualifiedName, seq: &str) -> String {
    let seq = crate::sql_names::quote(seq);
    let name = if table.schema == "public" { seq } else { format!("{}.{seq}", crate::sql_names::quote(&table.schema)) };
    name.replace('\'', "''") // inside a string literal
}

/// A partition's bound as SQL text (`FOR VALUES …` or `DEFAULT`), printed by PostgreSQL's
/// deparser from the statement reduced to its name, parent and bound.
fn partition_bound(
    child: &pb::RangeVar,
    parent: &pb::RangeVar,
    bound: Option<&pb::PartitionBoundSpec>,
) -> Option<String> {
    let reduced = pb::CreateStmt {
        relation: Some(child.clone()),
        inh_relations: vec![Node { node: Some(NodeEnum::RangeVar(parent.clone())) }],
        partbound: Some(bound?.clone()),
        oncommit: pb::OnCommitAction::OncommitNoop as i32,
        ..Default::default()
    };
    let text = NodeEnum::CreateStmt(reduced).deparse(Default::default()).ok()?;
    let at = text.find(" FOR VALUES ").or_else(|| text.find(" DEFAULT"))?;
    Some(text[at + 1..].trim_end_matches(';').to_string())
}
