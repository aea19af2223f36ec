//! Schemas, extensions and views, and the statements that act on any object:
//! `RENAME`, `SET SCHEMA`, `DROP` and `COMMENT ON`. The catalog's own operations do
//! the work; this module finds what the statement names.

use super::{Applier, Location, Res, TEMP_SCHEMA};
use crate::frontend::sql::nodes::{
    display_rv, enum_is, list_items, rename_column_in, split_qualified, strings, type_object_names,
};
use crate::frontend::sql::views;
use crate::report::Note;
use pg_query::protobuf::{self as pb, ObjectType as Ot};
use pg_query::{Node, NodeEnum};
use sleet_catalog::{Column, Error as CatalogError, QualifiedName, Schema, Table, TypeRef, View};

impl Applier {
    pub(super) fn create_schema(&mut self, s: &pb::CreateSchemaStmt, at: &dyn Fn() -> Location) -> Res {
        let name = if s.schemaname.is_empty() {
            match &s.authrole {
                Some(role) => role.rolename.clone(),
                None => return Err("CREATE SCHEMA needs a name".into()),
            }
        } else {
            s.schemaname.clone()
        };
        let exists = self.catalog.schema(&name);
        // `public` exists implicitly; dumps of databases that re-created it say so.
        if exists.is_some() && (s.if_not_exists || (name == "public" && exists == Some(&Schema::named("public")))) {
            return Ok(());
        }
        self.catalog.add_schema(&name)?;
        // Elements of CREATE SCHEMA are created in that schema.
        let saved = std::mem::replace(&mut self.search_path, vec![name]);
        let result = s.schema_elts.iter().filter_map(|e| e.node.as_ref()).try_for_each(|e| self.apply(e, at));
        self.search_path = saved;
        result
    }

    pub(super) fn create_extension(&mut self, s: &pb::CreateExtensionStmt) -> Res {
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

    pub(super) fn create_view(&mut self, s: &pb::ViewStmt) -> Res {
        let rv = s.view.as_ref().ok_or("CREATE VIEW without a name")?;
        let q = self.qualify_new(rv)?;
        let exists_as_view = self.catalog.schemas.get(&q.schema).is_some_and(|sc| sc.views.contains_key(&q.name));
        if (exists_as_view && !s.replace) || (!exists_as_view && self.catalog.relation_exists(&q)) {
            return Err(CatalogError::RelationExists(q.clone()).into());
        }
        let query = s.query.as_deref().ok_or("CREATE VIEW without a query")?;
        let aliases = strings(&s.aliases);
        self.insert_view(q, query, &aliases, false)
    }

    pub(super) fn insert_view(
        &mut self,
        q: QualifiedName,
        query: &Node,
        aliases: &[String],
        materialized: bool,
    ) -> Res {
        let (columns, depends_on) = views::infer(&self.catalog, &self.search_path, &self.functions, query)?;
        let Some(mut columns) = columns else {
            self.notes.push(Note::ViewOverUnknownRelation { view: q });
            return Ok(());
        };
        if aliases.len() > columns.len() {
            return Err(format!("CREATE VIEW {q} specifies more column names than columns").into());
        }
        for (col, alias) in columns.iter_mut().zip(aliases) {
            col.name.clone_from(alias);
        }
        for col in columns.iter().filter(|c| c.ty.is_none()) {
            self.notes.push(Note::ViewColumnUntyped { view: q.clone(), column: col.name.clone() });
        }
        let comment =
            self.catalog.schemas.get(&q.schema).and_then(|s| s.views.get(&q.name)).and_then(|v| v.comment.clone());
        let definition = query.node.as_ref().and_then(|n| n.deparse(Default::default()).ok()).unwrap_or_default();
        let view = View { name: q.name.clone(), materialized, columns, depends_on, definition, comment };
        self.catalog.schema_mut(&q.schema)?.views.insert(q.name.clone(), view);
        Ok(())
    }

    pub(super) fn create_table_as(&mut self, s: &pb::CreateTableAsStmt) -> Res {
        let into = s.into.as_ref().ok_or("CREATE … AS without a target")?;
        let rv = into.rel.as_ref().ok_or("CREATE … AS without a name")?;
        let q = self.qualify_new(rv)?;
        if self.catalog.relation_exists(&q) {
            return if s.if_not_exists { Ok(()) } else { Err(CatalogError::RelationExists(q.clone()).into()) };
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
                None => return Err(format!("CREATE TABLE {q} AS: the type of column \"{}\" cannot be inferred; write CREATE TABLE with explicit column types", col.name).into()),
            };
            table.columns.push(Column::new(col.name, ty));
        }
        self.catalog.schema_mut(&q.schema)?.tables.insert(q.name.clone(), table);
        Ok(())
    }

    pub(super) fn rename(&mut self, s: &pb::RenameStmt) -> Res {
        let kind = Ot::try_from(s.rename_type).unwrap_or(Ot::Undefined);
        let new = s.newname.clone();
        match kind {
            Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview | Ot::ObjectForeignTable => {
                let rv = s.relation.as_ref().ok_or("RENAME without a relation")?;
                let Some(old) = self.find_relation(&rv.schemaname, &rv.relname) else {
                    return if s.missing_ok {
                        Ok(())
                    } else {
                        Err(CatalogError::RelationNotFound(display_rv(rv)).into())
                    };
                };
                Ok(self.catalog.move_relation(&old, &QualifiedName::new(&old.schema, &new))?)
            }
            Ot::ObjectColumn => {
                let rv = s.relation.as_ref().ok_or("RENAME COLUMN without a relation")?;
                let Some(q) = self.find_relation(&rv.schemaname, &rv.relname) else {
                    return if s.missing_ok {
                        Ok(())
                    } else {
                        Err(CatalogError::RelationNotFound(display_rv(rv)).into())
                    };
                };
                self.catalog.rename_column(&q, &s.subname, &new)?;
                // Checks, index expressions and predicates, generated columns follow.
                let mut tables = self.catalog.partitions_of(&q);
                tables.push(q);
                for q in tables {
                    let Some(table) = self.catalog.table_mut(&q) else { continue };
                    let rename = |e: &mut String| *e = rename_column_in(e, &s.subname, &new);
                    table.checks.iter_mut().for_each(|c| rename(&mut c.expression));
                    table.columns.iter_mut().filter_map(|c| c.generated.as_mut()).for_each(rename);
                    for index in table.indexes.values_mut() {
                        index.keys.iter_mut().for_each(|k| rename(&mut k.expression));
                        index.predicate.iter_mut().for_each(rename);
                    }
                }
                Ok(())
            }
            Ot::ObjectAttribute => {
                let rv = s.relation.as_ref().ok_or("RENAME ATTRIBUTE without a type")?;
                let q = self
                    .find_user_type(&rv.schemaname, &rv.relname)
                    .ok_or_else(|| CatalogError::TypeNotFound(display_rv(rv)))?;
                let c = self
                    .catalog
                    .schemas
                    .get_mut(&q.schema)
                    .and_then(|sc| sc.composites.get_mut(&q.name))
                    .ok_or_else(|| CatalogError::WrongKind { name: q.clone(), expected: "a composite type" })?;
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
                Ok(self.catalog.rename_constraint(&q, &s.subname, &new)?)
            }
            Ot::ObjectType | Ot::ObjectDomain => {
                let names = s.object.as_deref().map(type_object_names).unwrap_or_default();
                let old = self.find_type_list(&names)?;
                Ok(self.catalog.move_type(&old, &QualifiedName::new(&old.schema, &new))?)
            }
            Ot::ObjectSchema => Ok(self.catalog.rename_schema(&s.subname, &new)?),
            Ot::ObjectIndex => {
                // Renaming the index behind a PRIMARY KEY or UNIQUE renames the constraint.
                let rv = s.relation.as_ref().ok_or("RENAME INDEX without a name")?;
                self.catalog.rename_index(&rv.relname, &new);
                Ok(())
            }
            Ot::ObjectSequence => {
                let rv = s.relation.as_ref().ok_or("RENAME SEQUENCE without a name")?;
                let schema = self.creation_schema(&rv.schemaname)?;
                // A sequence sleet does not track (an identity's, named by SEQUENCE NAME)
                // shapes no type: renaming it changes nothing here.
                match self.catalog.rename_sequence(&schema, &rv.relname, &new) {
                    Ok(()) | Err(CatalogError::SequenceNotFound(_)) => Ok(()),
                    Err(e) => Err(e.into()),
                }
            }
            _ => Ok(()),
        }
    }

    pub(super) fn set_schema(&mut self, s: &pb::AlterObjectSchemaStmt) -> Res {
        let kind = Ot::try_from(s.object_type).unwrap_or(Ot::Undefined);
        if !self.catalog.schemas.contains_key(&s.newschema) {
            return Err(CatalogError::SchemaNotFound(s.newschema.clone()).into());
        }
        match kind {
            Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview => {
                let rv = s.relation.as_ref().ok_or("SET SCHEMA without a relation")?;
                let Some(old) = self.find_relation(&rv.schemaname, &rv.relname) else {
                    return if s.missing_ok {
                        Ok(())
                    } else {
                        Err(CatalogError::RelationNotFound(display_rv(rv)).into())
                    };
                };
                Ok(self.catalog.move_relation(&old, &QualifiedName::new(&s.newschema, &old.name))?)
            }
            Ot::ObjectType | Ot::ObjectDomain => {
                let names = s.object.as_deref().map(type_object_names).unwrap_or_default();
                let old = self.find_type_list(&names)?;
                Ok(self.catalog.move_type(&old, &QualifiedName::new(&s.newschema, &old.name))?)
            }
            _ => Ok(()),
        }
    }

    pub(super) fn drop(&mut self, s: &pb::DropStmt) -> Res {
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
                        return Err(CatalogError::RelationNotFound(names.join(".")).into());
                    };
                    self.catalog.drop_relation(&q, cascade)?;
                }
                Ot::ObjectType | Ot::ObjectDomain => {
                    let names = type_object_names(object);
                    let Ok(q) = self.find_type_list(&names) else {
                        if s.missing_ok {
                            continue;
                        }
                        return Err(CatalogError::TypeNotFound(names.join(".")).into());
                    };
                    self.catalog.drop_type(&q, cascade)?;
                }
                Ot::ObjectSchema => {
                    let names = strings(list_items(object));
                    let name = names.last().cloned().unwrap_or_default();
                    if !(s.missing_ok && self.catalog.schema(&name).is_none()) {
                        self.catalog.drop_schema(&name, cascade)?;
                    }
                }
                Ot::ObjectSequence => {
                    let names = strings(list_items(object));
                    let (schema, name) = split_qualified(&names)?;
                    let schema = if schema.is_empty() { self.creation_schema("")? } else { schema };
                    let removed = self.catalog.schemas.get_mut(&schema).and_then(|sc| sc.sequences.remove(&name));
                    if removed.is_none() && !s.missing_ok {
                        return Err(CatalogError::SequenceNotFound(names.join(".")).into());
                    }
                }
                Ot::ObjectIndex => {
                    let names = strings(list_items(object));
                    let name = names.last().cloned().unwrap_or_default();
                    match self.catalog.drop_index(&name) {
                        Err(CatalogError::IndexNotFound(_)) if s.missing_ok => {}
                        result => result?,
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

    pub(super) fn comment(&mut self, s: &pb::CommentStmt) -> Res {
        let kind = Ot::try_from(s.objtype).unwrap_or(Ot::Undefined);
        let text = (!s.comment.is_empty()).then(|| s.comment.clone());
        let Some(object) = s.object.as_deref() else { return Ok(()) };
        match kind {
            Ot::ObjectTable | Ot::ObjectView | Ot::ObjectMatview | Ot::ObjectForeignTable => {
                let names = strings(list_items(object));
                let (schema, name) = split_qualified(&names)?;
                let q = self
                    .find_relation(&schema, &name)
                    .ok_or_else(|| CatalogError::RelationNotFound(names.join(".")))?;
                let sc = self.catalog.schema_mut(&q.schema)?;
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
                let q =
                    self.find_relation(&schema, &name).ok_or_else(|| CatalogError::RelationNotFound(rel.join(".")))?;
                let sc = self.catalog.schema_mut(&q.schema)?;
                if let Some(t) = sc.tables.get_mut(&q.name) {
                    Self::column_of(t, &q, col)?.comment = text;
                } else if let Some(v) = sc.views.get_mut(&q.name) {
                    let c = v
                        .columns
                        .iter_mut()
                        .find(|c| &c.name == col)
                        .ok_or_else(|| CatalogError::ColumnNotFound { relation: q.clone(), column: col.to_string() })?;
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
                let sc = self.catalog.schema_mut(&q.schema)?;
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
                self.catalog.schema_mut(&name)?.comment = text;
            }
            _ => {}
        }
        Ok(())
    }
}
