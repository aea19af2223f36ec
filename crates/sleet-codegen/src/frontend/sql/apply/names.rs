//! Name resolution as a session does it: `search_path` (and `pg_dump`'s
//! `set_config`), the schema a CREATE lands in, and finding relations and types by
//! possibly unqualified names.

use super::{Applier, Res, TEMP_SCHEMA};
use crate::frontend::sql::nodes::{display_rv, split_qualified, strings};
use crate::report::Note;
use crate::types;
use pg_query::protobuf as pb;
use pg_query::NodeEnum;
use sleet_catalog::{Error as CatalogError, QualifiedName, Schema, Table, TypeRef};

impl Applier {
    /// The schema an unqualified CREATE puts its object in: the first existing schema
    /// of `search_path`.
    pub(super) fn creation_schema(&self, explicit: &str) -> Res<String> {
        if !explicit.is_empty() {
            return if self.catalog.schemas.contains_key(explicit) {
                Ok(explicit.to_string())
            } else {
                Err(format!("schema \"{explicit}\" does not exist; create it first with CREATE SCHEMA").into())
            };
        }
        let found = self.search_path.iter().find(|s| self.catalog.schemas.contains_key(*s)).cloned();
        Ok(found.ok_or(
            "no schema has been selected to create in: search_path is empty; qualify the name or SET search_path",
        )?)
    }

    /// Temporary relations live in `pg_temp`, searched first and dropped at the end,
    /// as a session's temporary objects are.
    pub(super) fn qualify_new(&mut self, rv: &pb::RangeVar) -> Res<QualifiedName> {
        if rv.relpersistence == "t" {
            self.catalog.schemas.entry(TEMP_SCHEMA.into()).or_insert_with(|| Schema::named(TEMP_SCHEMA));
            return Ok(QualifiedName::new(TEMP_SCHEMA, &rv.relname));
        }
        Ok(QualifiedName::new(self.creation_schema(&rv.schemaname)?, &rv.relname))
    }

    pub(super) fn qualify_new_list(&self, names: &[String]) -> Res<QualifiedName> {
        match names {
            [name] => Ok(QualifiedName::new(self.creation_schema("")?, name)),
            [.., schema, name] => Ok(QualifiedName::new(self.creation_schema(schema)?, name)),
            [] => Err("empty name".into()),
        }
    }

    /// Finds an existing relation (table or view) by a possibly unqualified name.
    pub(super) fn find_relation(&self, schema: &str, name: &str) -> Option<QualifiedName> {
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

    pub(super) fn find_table(&self, rv: &pb::RangeVar) -> Res<QualifiedName> {
        let found = self.find_relation(&rv.schemaname, &rv.relname);
        match found {
            Some(q) if self.catalog.table(&q).is_some() => Ok(q),
            Some(q) => Err(CatalogError::WrongKind { name: q, expected: "a table" }.into()),
            None => Err(CatalogError::RelationNotFound(display_rv(rv)).into()),
        }
    }

    pub(super) fn find_table_list(&self, names: &[String]) -> Res<QualifiedName> {
        let (schema, name) = split_qualified(names)?;
        self.find_table(&pb::RangeVar { schemaname: schema, relname: name, ..Default::default() })
    }

    pub(super) fn table_mut(&mut self, q: &QualifiedName) -> &mut Table {
        self.catalog.schemas.get_mut(&q.schema).and_then(|s| s.tables.get_mut(&q.name)).expect("resolved table exists")
    }

    pub(super) fn is_sequence(&self, schema: &str, name: &str) -> bool {
        let has = |s: &str| self.catalog.schemas.get(s).is_some_and(|sc| sc.sequences.contains_key(name));
        if schema.is_empty() {
            self.search_path.iter().any(|s| has(s))
        } else {
            has(schema)
        }
    }

    /// Resolves a user type by a possibly unqualified name.
    pub(super) fn find_user_type(&self, schema: &str, name: &str) -> Option<QualifiedName> {
        if !schema.is_empty() {
            let q = QualifiedName::new(schema, name);
            return self.catalog.user_type(&q).is_some().then_some(q);
        }
        self.search_path.iter().map(|s| QualifiedName::new(s, name)).find(|q| self.catalog.user_type(q).is_some())
    }

    pub(super) fn find_type_list(&self, names: &[String]) -> Res<QualifiedName> {
        let (schema, name) = split_qualified(names)?;
        Ok(self.find_user_type(&schema, &name).ok_or_else(|| CatalogError::TypeNotFound(names.join(".")))?)
    }

    /// Resolves a column's type. Returns the type and, for `serial` pseudo-types, the
    /// integer type the serial stands for.
    pub(super) fn resolve_type(&self, tn: &pb::TypeName) -> Res<(TypeRef, bool)> {
        let names = strings(&tn.names);
        if tn.pct_type {
            return Err(
                format!("%TYPE references (\"{}%TYPE\") are not supported; write the type", names.join(".")).into()
            );
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
                    return Err(format!("array of {name} is not allowed").into());
                }
                return Ok((TypeRef::builtin(int), true));
            }
            if let Some(canonical) = types::builtin(&name) {
                return Ok((make(QualifiedName::new("pg_catalog", canonical)), false));
            }
            if schema == "pg_catalog" {
                return Err(format!("type \"pg_catalog.{name}\" does not exist").into());
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
        // A type of an extension sleet does not know (pgvector's `vector`, say), which the
        // schema creates: taken to be that extension's, and said so.
        let unknown = self
            .catalog
            .extensions
            .iter()
            .find(|(ext, home)| !types::is_known_extension(ext) && (schema.is_empty() || **home == schema));
        if let Some((extension, home)) = unknown {
            let ty = QualifiedName::new(home, &name);
            let note = Note::TypeFromExtension { ty: ty.clone(), extension: extension.clone() };
            let mut notes = self.type_notes.borrow_mut();
            if !notes.contains(&note) {
                notes.push(note);
            }
            return Ok((make(ty), false));
        }
        let shown = if schema.is_empty() { name } else { format!("{schema}.{name}") };
        Err(format!(
            "type \"{shown}\" does not exist; define it earlier in the schema (CREATE TYPE / CREATE DOMAIN), or check the spelling"
        ).into())
    }

    pub(super) fn record_function(&mut self, f: &pb::CreateFunctionStmt) {
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

    pub(super) fn set_search_path(&mut self, s: &pb::VariableSetStmt) {
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
    pub(super) fn select_set_config(&mut self, s: &pb::SelectStmt) -> bool {
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
}
