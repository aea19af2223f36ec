//! User types: enums (and their labels), composites, domains and ranges.

use super::constraints::apply_domain_constraint;
use super::{Applier, Res};
use crate::frontend::sql::nodes::{deparse_expr, display_rv, strings};
use pg_query::protobuf::{self as pb, AlterTableType as At};
use pg_query::{Node, NodeEnum};
use sleet_catalog::{Column, Composite, Domain, EnumType, Error as CatalogError, RangeType};

impl Applier {
    pub(super) fn create_enum(&mut self, s: &pb::CreateEnumStmt) -> Res {
        let q = self.qualify_new_list(&strings(&s.type_name))?;
        if self.catalog.type_name_taken(&q) {
            return Err(CatalogError::TypeExists(q.clone()).into());
        }
        let labels = strings(&s.vals);
        self.catalog
            .schema_mut(&q.schema)?
            .enums
            .insert(q.name.clone(), EnumType { name: q.name.clone(), labels, comment: None });
        Ok(())
    }

    pub(super) fn alter_enum(&mut self, s: &pb::AlterEnumStmt) -> Res {
        let q = self.find_type_list(&strings(&s.type_name))?;
        let Some(e) = self.catalog.schemas.get_mut(&q.schema).and_then(|sc| sc.enums.get_mut(&q.name)) else {
            return Err(CatalogError::WrongKind { name: q.clone(), expected: "an enum" }.into());
        };
        if !s.old_val.is_empty() {
            if e.labels.contains(&s.new_val) {
                return Err(format!("enum label \"{}\" already exists", s.new_val).into());
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
                Err(format!("enum label \"{}\" already exists", s.new_val).into())
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

    pub(super) fn field_columns(&self, defs: &[Node]) -> Res<Vec<Column>> {
        defs.iter()
            .filter_map(|d| match d.node.as_ref()? {
                NodeEnum::ColumnDef(cd) => Some(cd),
                _ => None,
            })
            .map(|cd| {
                let tn = cd.type_name.as_ref().ok_or_else(|| format!("attribute \"{}\" has no type", cd.colname))?;
                let (ty, serial) = self.resolve_type(tn)?;
                if serial {
                    return Err("serial is only allowed for table columns".into());
                }
                Ok(Column::new(&cd.colname, ty))
            })
            .collect()
    }

    pub(super) fn create_composite(&mut self, s: &pb::CompositeTypeStmt) -> Res {
        let q = self.qualify_new(s.typevar.as_ref().ok_or("CREATE TYPE without a name")?)?;
        if self.catalog.type_name_taken(&q) {
            return Err(CatalogError::TypeExists(q.clone()).into());
        }
        let fields = self.field_columns(&s.coldeflist)?;
        self.catalog
            .schema_mut(&q.schema)?
            .composites
            .insert(q.name.clone(), Composite { name: q.name.clone(), fields, comment: None });
        Ok(())
    }

    pub(super) fn alter_composite(&mut self, rv: &pb::RangeVar, s: &pb::AlterTableStmt) -> Res {
        let q = self
            .find_user_type(&rv.schemaname, &rv.relname)
            .ok_or_else(|| CatalogError::TypeNotFound(display_rv(rv)))?;
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
                return Err(CatalogError::WrongKind { name: q.clone(), expected: "a composite type" }.into());
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
                        return Err(format!("attribute \"{}\" of type \"{q}\" does not exist", cmd.name).into());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub(super) fn create_domain(&mut self, s: &pb::CreateDomainStmt) -> Res {
        let q = self.qualify_new_list(&strings(&s.domainname))?;
        if self.catalog.type_name_taken(&q) {
            return Err(CatalogError::TypeExists(q.clone()).into());
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
        self.catalog.schema_mut(&q.schema)?.domains.insert(q.name.clone(), domain);
        Ok(())
    }

    pub(super) fn alter_domain(&mut self, s: &pb::AlterDomainStmt) -> Res {
        let q = self.find_type_list(&strings(&s.type_name))?;
        let Some(d) = self.catalog.schemas.get_mut(&q.schema).and_then(|sc| sc.domains.get_mut(&q.name)) else {
            return Err(CatalogError::WrongKind { name: q.clone(), expected: "a domain" }.into());
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

    pub(super) fn create_range(&mut self, s: &pb::CreateRangeStmt) -> Res {
        let q = self.qualify_new_list(&strings(&s.type_name))?;
        if self.catalog.type_name_taken(&q) {
            return Err(CatalogError::TypeExists(q.clone()).into());
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
        self.catalog
            .schema_mut(&q.schema)?
            .ranges
            .insert(q.name.clone(), RangeType { name: q.name.clone(), subtype, comment: None });
        Ok(())
    }
}
