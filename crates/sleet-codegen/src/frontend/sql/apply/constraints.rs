//! Table and domain constraints: primary keys, unique, check and foreign keys, with
//! PostgreSQL's default names (`t_pkey`, `t_a_b_key`, `t_a_fkey`, `t_check`).

use super::naming::{choose, columns_part, constraint_names, only_column, relation_names};
use super::{Applier, ApplyError, Res};
use crate::frontend::sql::nodes::{deparse_expr, strings};
use pg_query::protobuf::{self as pb, ConstrType};
use sleet_catalog::{Check, Deferrable, Domain, FkAction, ForeignKey, KeyConstraint, MatchType, QualifiedName};

impl Applier {
    /// Adds a table constraint (PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY).
    pub(super) fn add_constraint(&mut self, q: &QualifiedName, c: &pb::Constraint) -> Res {
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
            keys = index.key_columns();
        }
        let table = self.catalog.table(q).expect("table exists");
        for k in &keys {
            if table.column(k).is_none() {
                return Err(format!("column \"{k}\" named in key does not exist in table \"{q}\"").into());
            }
        }
        match kind {
            ConstrType::ConstrPrimary => {
                let name = if c.conname.is_empty() {
                    choose(&q.name, None, "pkey", &self.relation_names(q))
                } else {
                    c.conname.clone()
                };
                let table = self.table_mut(q);
                if table.primary_key.is_some() {
                    return Err(format!("multiple primary keys for table \"{q}\" are not allowed").into());
                }
                for k in &keys {
                    table.column_mut(k).expect("checked").nullable = false;
                }
                table.primary_key = Some(KeyConstraint { name, columns: keys });
            }
            ConstrType::ConstrUnique => {
                let name = if c.conname.is_empty() {
                    choose(&q.name, Some(&columns_part(&keys)), "key", &self.relation_names(q))
                } else {
                    c.conname.clone()
                };
                self.table_mut(q).uniques.push(KeyConstraint { name, columns: keys });
            }
            ConstrType::ConstrCheck => {
                let expression = c.raw_expr.as_deref().map(deparse_expr).unwrap_or_default();
                let name = if c.conname.is_empty() {
                    let column = c.raw_expr.as_deref().and_then(only_column);
                    choose(&q.name, column.as_deref(), "check", &self.constraint_names(q))
                } else {
                    c.conname.clone()
                };
                self.table_mut(q).checks.push(Check { name, expression, not_valid: c.skip_validation });
            }
            ConstrType::ConstrForeign => {
                let fk_cols = strings(&c.fk_attrs);
                for k in &fk_cols {
                    if table.column(k).is_none() {
                        return Err(format!(
                            "column \"{k}\" referenced in foreign key constraint does not exist in table \"{q}\""
                        )
                        .into());
                    }
                }
                let pk = c.pktable.as_ref().ok_or("foreign key without a referenced table")?;
                let target = if pk.schemaname.is_empty()
                    && pk.relname == q.name
                    && self.find_relation("", &pk.relname).as_ref() == Some(q)
                {
                    q.clone()
                } else if self.find_relation(&pk.schemaname, &pk.relname).is_none() && !self.resolving {
                    // A table defined further down (sqldef and Atlas read schemas in
                    // any order): the key is added once every statement has run.
                    self.pending_foreign_keys.push(Pending {
                        table: q.clone(),
                        constraint: c.clone(),
                        search_path: self.search_path.clone(),
                        location: None,
                    });
                    return Ok(());
                } else {
                    self.find_table(pk).map_err(|e| e.at(pk.location))?
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
                        )
                        .into());
                    }
                }
                if referenced.len() != fk_cols.len() {
                    return Err("number of referencing and referenced columns for foreign key disagree".into());
                }
                let name = if c.conname.is_empty() {
                    choose(&q.name, Some(&columns_part(&fk_cols)), "fkey", &self.constraint_names(q))
                } else {
                    c.conname.clone()
                };
                self.table_mut(q).foreign_keys.push(ForeignKey {
                    name,
                    columns: fk_cols,
                    references: target,
                    referenced_columns: referenced,
                    on_delete: FkAction::from_code(&c.fk_del_action),
                    on_update: FkAction::from_code(&c.fk_upd_action),
                    match_type: MatchType::from_code(&c.fk_matchtype),
                    deferrable: Deferrable::from_flags(c.deferrable, c.initdeferred),
                    not_valid: c.skip_validation,
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
}

/// A foreign key to a table not defined yet, added after the last statement.
pub(crate) struct Pending {
    table: QualifiedName,
    constraint: pb::Constraint,
    search_path: Vec<String>,
    /// Where it was written, set by the caller once the statement has run.
    pub(crate) location: Option<crate::error::Location>,
}

impl Applier {
    /// Adds the foreign keys that named a table defined after them; the first that
    /// still names nothing is the error, with where it was written.
    pub(crate) fn resolve_pending(&mut self) -> Result<(), (ApplyError, Option<crate::error::Location>)> {
        self.resolving = true;
        let pending = std::mem::take(&mut self.pending_foreign_keys);
        let saved = self.search_path.clone();
        for item in pending {
            self.search_path.clone_from(&item.search_path);
            let added = self.add_constraint(&item.table, &item.constraint);
            if let Err(e) = added {
                self.search_path = saved;
                return Err((e, item.location));
            }
        }
        self.search_path = saved;
        Ok(())
    }

    /// Notes where the foreign keys just deferred were written.
    pub(crate) fn locate_pending(&mut self, location: impl Fn(usize) -> crate::error::Location) {
        for item in self.pending_foreign_keys.iter_mut().filter(|p| p.location.is_none()) {
            let offset = item.constraint.pktable.as_ref().map_or(0, |t| usize::try_from(t.location).unwrap_or(0));
            item.location = Some(location(offset));
        }
    }

    fn constraint_names(&self, q: &QualifiedName) -> Vec<String> {
        self.catalog.schema(&q.schema).map(constraint_names).unwrap_or_default()
    }

    fn relation_names(&self, q: &QualifiedName) -> Vec<String> {
        self.catalog.schema(&q.schema).map(relation_names).unwrap_or_default()
    }
}

pub(super) fn apply_domain_constraint(domain: &mut Domain, c: &pb::Constraint) {
    match ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined) {
        ConstrType::ConstrNotnull => domain.not_null = true,
        ConstrType::ConstrNull => domain.not_null = false,
        ConstrType::ConstrDefault => domain.default = c.raw_expr.as_deref().map(deparse_expr),
        ConstrType::ConstrCheck => {
            let name = if c.conname.is_empty() {
                let taken: Vec<String> = domain.checks.iter().map(|c| c.name.clone()).collect();
                choose(&domain.name, None, "check", &taken)
            } else {
                c.conname.clone()
            };
            let expression = c.raw_expr.as_deref().map(deparse_expr).unwrap_or_default();
            domain.checks.push(Check { name, expression, not_valid: c.skip_validation });
        }
        _ => {}
    }
}
