//! The operations PostgreSQL defines on a schema, applied to the Catalog with its rules:
//! renames and moves that every reference follows, drops that refuse or cascade to
//! dependents, and partitions that keep their parent's columns.
//!
//! Front ends call these instead of editing the maps by hand, so that a rename or a drop
//! means the same whichever front end (or the differ) performs it.

use crate::{Catalog, Error, QualifiedName, Result, Schema, Table, TypeRef};

impl Catalog {
    /// `CREATE SCHEMA name`.
    pub fn add_schema(&mut self, name: &str) -> Result<()> {
        if self.schemas.contains_key(name) {
            return Err(Error::SchemaExists(name.to_string()));
        }
        self.schemas.insert(name.to_string(), Schema::named(name));
        Ok(())
    }

    /// `ALTER SCHEMA old RENAME TO new`: everything in it, and every reference to it,
    /// follows.
    pub fn rename_schema(&mut self, old: &str, new: &str) -> Result<()> {
        if self.schemas.contains_key(new) {
            return Err(Error::SchemaExists(new.to_string()));
        }
        let mut schema = self.schemas.remove(old).ok_or_else(|| Error::SchemaNotFound(old.to_string()))?;
        schema.name = new.to_string();
        self.schemas.insert(new.to_string(), schema);
        self.rewrite_names(&|q| (q.schema == old).then(|| QualifiedName::new(new, &q.name)));
        for home in self.extensions.values_mut().filter(|home| *home == old) {
            *home = new.to_string();
        }
        Ok(())
    }

    /// `DROP SCHEMA name [CASCADE]`: without `cascade`, only an empty schema goes.
    pub fn drop_schema(&mut self, name: &str, cascade: bool) -> Result<()> {
        let schema = self.schemas.get(name).ok_or_else(|| Error::SchemaNotFound(name.to_string()))?;
        if !cascade && !schema.is_empty() {
            return Err(Error::SchemaNotEmpty(name.to_string()));
        }
        self.schemas.remove(name);
        for table in self.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
            table.foreign_keys.retain(|fk| fk.references.schema != name);
        }
        Ok(())
    }

    /// Renames or moves a table or view (`RENAME TO`, `SET SCHEMA`); foreign keys,
    /// partitions, inheritance, owned sequences and views that read it follow.
    pub fn move_relation(&mut self, old: &QualifiedName, new: &QualifiedName) -> Result<()> {
        if self.relation_exists(new) {
            return Err(Error::RelationExists(new.clone()));
        }
        self.schema_mut(&new.schema)?;
        let from = self.schema_mut(&old.schema)?;
        if let Some(mut table) = from.tables.remove(&old.name) {
            table.name.clone_from(&new.name);
            self.schema_mut(&new.schema)?.tables.insert(new.name.clone(), table);
        } else if let Some(mut view) = from.views.remove(&old.name) {
            view.name.clone_from(&new.name);
            self.schema_mut(&new.schema)?.views.insert(new.name.clone(), view);
        } else {
            return Err(Error::RelationNotFound(old.to_string()));
        }
        self.rewrite_names(&|q| (q == old).then(|| new.clone()));
        Ok(())
    }

    /// Renames or moves a user type; every column, domain, field and range over it
    /// follows.
    pub fn move_type(&mut self, old: &QualifiedName, new: &QualifiedName) -> Result<()> {
        if self.type_name_taken(new) {
            return Err(Error::TypeExists(new.clone()));
        }
        self.schema_mut(&new.schema)?;
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
        Err(Error::TypeNotFound(old.to_string()))
    }

    /// Rewrites every qualified name in the catalog that `f` maps: column types,
    /// relation references, view dependencies, sequence owners.
    fn rewrite_names(&mut self, f: &dyn Fn(&QualifiedName) -> Option<QualifiedName>) {
        let fix = |q: &mut QualifiedName| {
            if let Some(n) = f(q) {
                *q = n;
            }
        };
        let fix_type = |t: &mut TypeRef| fix(&mut t.name);
        for schema in self.schemas.values_mut() {
            for t in schema.tables.values_mut() {
                t.columns.iter_mut().for_each(|c| fix_type(&mut c.ty));
                t.foreign_keys.iter_mut().for_each(|fk| fix(&mut fk.references));
                t.partition_of.iter_mut().for_each(fix);
                t.inherits.iter_mut().for_each(fix);
            }
            for v in schema.views.values_mut() {
                v.columns.iter_mut().filter_map(|c| c.ty.as_mut()).for_each(fix_type);
                v.depends_on.iter_mut().for_each(fix);
                v.depends_on.sort();
            }
            schema.domains.values_mut().for_each(|d| fix_type(&mut d.base));
            schema.composites.values_mut().flat_map(|c| c.fields.iter_mut()).for_each(|c| fix_type(&mut c.ty));
            schema.ranges.values_mut().for_each(|r| fix_type(&mut r.subtype));
            schema.sequences.values_mut().filter_map(|s| s.owned_by.as_mut()).for_each(|(q, _)| fix(q));
        }
    }

    /// `RENAME COLUMN`: keys, indexes, foreign keys on both sides and partitions follow.
    pub fn rename_column(&mut self, relation: &QualifiedName, old: &str, new: &str) -> Result<()> {
        let not_found = || Error::ColumnNotFound { relation: relation.clone(), column: old.to_string() };
        if let Some(view) = self.view_mut(relation) {
            view.columns.iter_mut().find(|c| c.name == old).ok_or_else(not_found)?.name = new.to_string();
            return Ok(());
        }
        let table = self.table_mut(relation).ok_or_else(|| Error::RelationNotFound(relation.to_string()))?;
        if table.column(new).is_some() {
            return Err(Error::ColumnExists { relation: relation.clone(), column: new.to_string() });
        }
        table.column_mut(old).ok_or_else(not_found)?.name = new.to_string();
        let rename = |cols: &mut Vec<String>| cols.iter_mut().filter(|c| *c == old).for_each(|c| *c = new.to_string());
        table.primary_key.iter_mut().chain(table.uniques.iter_mut()).for_each(|k| rename(&mut k.columns));
        table.foreign_keys.iter_mut().for_each(|fk| rename(&mut fk.columns));
        for key in table.indexes.values_mut().flat_map(|i| i.keys.iter_mut()).filter(|k| k.expression == old) {
            key.expression = new.to_string();
        }
        for t in self.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
            for fk in t.foreign_keys.iter_mut().filter(|fk| &fk.references == relation) {
                rename(&mut fk.referenced_columns);
            }
        }
        for child in self.partitions_of(relation) {
            self.rename_column(&child, old, new)?;
        }
        Ok(())
    }

    /// `DROP COLUMN`: keys, indexes and foreign keys that use it go with it (on this
    /// table and on tables that reference it), and partitions follow.
    pub fn drop_column(&mut self, relation: &QualifiedName, column: &str) -> Result<()> {
        let table = self.table_mut(relation).ok_or_else(|| Error::RelationNotFound(relation.to_string()))?;
        let Some(pos) = table.columns.iter().position(|c| c.name == column) else {
            return Err(Error::ColumnNotFound { relation: relation.clone(), column: column.to_string() });
        };
        table.columns.remove(pos);
        let mentions = |cols: &Vec<String>| cols.iter().any(|c| c == column);
        if table.primary_key.as_ref().is_some_and(|k| mentions(&k.columns)) {
            table.primary_key = None;
        }
        table.uniques.retain(|k| !mentions(&k.columns));
        table.foreign_keys.retain(|fk| !mentions(&fk.columns));
        table.indexes.retain(|_, i| !i.keys.iter().any(|k| k.expression == column));
        for other in self.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
            other.foreign_keys.retain(|fk| !(&fk.references == relation && mentions(&fk.referenced_columns)));
        }
        self.sync_partitions(relation);
        Ok(())
    }

    /// Partitions share their parent's columns: after the parent's columns change,
    /// its partitions (and theirs) take them again, keeping their own comments.
    pub fn sync_partitions(&mut self, parent: &QualifiedName) {
        let Some(columns) = self.table(parent).map(|t| t.columns.clone()) else { return };
        for child in self.partitions_of(parent) {
            let Some(table) = self.table_mut(&child) else { continue };
            let old = std::mem::take(&mut table.columns);
            table.columns = columns
                .iter()
                .map(|c| {
                    let mine = old.iter().find(|o| o.name == c.name);
                    crate::Column { comment: mine.and_then(|m| m.comment.clone()), ..c.clone() }
                })
                .collect();
            self.sync_partitions(&child);
        }
    }

    /// `DROP TABLE` / `DROP VIEW`: without `cascade`, refuses while a foreign key or a
    /// view depends on it; with it, those go too. Owned sequences and partitions always
    /// go with their table.
    pub fn drop_relation(&mut self, relation: &QualifiedName, cascade: bool) -> Result<()> {
        let referencing: Vec<(QualifiedName, String)> = self
            .tables()
            .filter(|(t, _)| t != relation)
            .flat_map(|(t, table)| {
                table
                    .foreign_keys
                    .iter()
                    .filter(|fk| &fk.references == relation)
                    .map(move |fk| (t.clone(), fk.name.clone()))
            })
            .collect();
        if let (Some((t, fk)), false) = (referencing.first(), cascade) {
            return Err(Error::ReferencedByForeignKey {
                table: relation.clone(),
                constraint: fk.clone(),
                referencing: t.clone(),
            });
        }
        for (t, fk) in referencing {
            if let Some(table) = self.table_mut(&t) {
                table.foreign_keys.retain(|k| k.name != fk);
            }
        }
        let readers: Vec<QualifiedName> =
            self.views().filter(|(q, v)| q != relation && v.depends_on.contains(relation)).map(|(q, _)| q).collect();
        if let (Some(view), false) = (readers.first(), cascade) {
            return Err(Error::ReadByView { relation: relation.clone(), view: view.clone() });
        }
        for view in readers {
            if self.view(&view).is_some() {
                self.drop_relation(&view, true)?;
            }
        }
        let schema = self.schema_mut(&relation.schema)?;
        schema.tables.remove(&relation.name);
        schema.views.remove(&relation.name);
        schema.sequences.retain(|_, seq| seq.owned_by.as_ref().is_none_or(|(t, _)| t != relation));
        for child in self.partitions_of(relation) {
            self.drop_relation(&child, true)?;
        }
        Ok(())
    }

    /// `DROP TYPE` / `DROP DOMAIN`: without `cascade`, refuses while a table column
    /// uses it; with it, those columns go.
    pub fn drop_type(&mut self, ty: &QualifiedName, cascade: bool) -> Result<()> {
        let users: Vec<(QualifiedName, String)> = self
            .tables()
            .flat_map(|(tq, t)| {
                t.columns.iter().filter(|c| &c.ty.name == ty).map(move |c| (tq.clone(), c.name.clone()))
            })
            .collect();
        if let (Some((table, column)), false) = (users.first(), cascade) {
            return Err(Error::TypeInUse { ty: ty.clone(), table: table.clone(), column: column.clone() });
        }
        for (table, column) in users {
            if let Some(t) = self.table_mut(&table) {
                t.columns.retain(|c| c.name != column);
            }
        }
        let schema = self.schema_mut(&ty.schema)?;
        schema.enums.remove(&ty.name);
        schema.domains.remove(&ty.name);
        schema.composites.remove(&ty.name);
        schema.ranges.remove(&ty.name);
        Ok(())
    }

    /// `RENAME CONSTRAINT` on a table: a primary key, unique, foreign key or check.
    pub fn rename_constraint(&mut self, relation: &QualifiedName, old: &str, new: &str) -> Result<()> {
        let table = self.table_mut(relation).ok_or_else(|| Error::RelationNotFound(relation.to_string()))?;
        let name = constraint_names(table).find(|n| *n == old);
        let name =
            name.ok_or_else(|| Error::ConstraintNotFound { relation: relation.clone(), constraint: old.to_string() })?;
        *name = new.to_string();
        Ok(())
    }

    /// `DROP CONSTRAINT` on a table.
    pub fn drop_constraint(&mut self, relation: &QualifiedName, name: &str) -> Result<()> {
        let table = self.table_mut(relation).ok_or_else(|| Error::RelationNotFound(relation.to_string()))?;
        let count =
            |t: &Table| t.uniques.len() + t.foreign_keys.len() + t.checks.len() + usize::from(t.primary_key.is_some());
        let before = count(table);
        if table.primary_key.as_ref().is_some_and(|k| k.name == name) {
            table.primary_key = None;
        }
        table.uniques.retain(|k| k.name != name);
        table.foreign_keys.retain(|k| k.name != name);
        table.checks.retain(|k| k.name != name);
        if count(table) == before {
            return Err(Error::ConstraintNotFound { relation: relation.clone(), constraint: name.to_string() });
        }
        Ok(())
    }

    /// `VALIDATE CONSTRAINT`: a `NOT VALID` check or foreign key becomes valid.
    pub fn validate_constraint(&mut self, relation: &QualifiedName, name: &str) -> Result<()> {
        let table = self.table_mut(relation).ok_or_else(|| Error::RelationNotFound(relation.to_string()))?;
        let checks = table.checks.iter_mut().filter(|c| c.name == name).map(|c| &mut c.not_valid);
        let keys = table.foreign_keys.iter_mut().filter(|k| k.name == name).map(|k| &mut k.not_valid);
        match checks.chain(keys).next() {
            Some(not_valid) => {
                *not_valid = false;
                Ok(())
            }
            None => Err(Error::ConstraintNotFound { relation: relation.clone(), constraint: name.to_string() }),
        }
    }

    /// `DROP INDEX name`: a unique index that stood for a unique key takes the key
    /// with it.
    pub fn drop_index(&mut self, name: &str) -> Result<()> {
        let mut found = false;
        for table in self.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
            if table.indexes.remove(name).is_some() {
                table.uniques.retain(|k| k.name != name);
                found = true;
            }
        }
        if found {
            Ok(())
        } else {
            Err(Error::IndexNotFound(name.to_string()))
        }
    }

    /// `ALTER INDEX old RENAME TO new`: renaming the index behind a primary key or
    /// unique constraint renames the constraint.
    pub fn rename_index(&mut self, old: &str, new: &str) {
        for table in self.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
            if let Some(mut index) = table.indexes.remove(old) {
                index.name = new.to_string();
                table.indexes.insert(new.to_string(), index);
            }
            for key in table.primary_key.iter_mut().chain(table.uniques.iter_mut()).filter(|k| k.name == old) {
                key.name = new.to_string();
            }
        }
    }

    /// `ALTER SEQUENCE old RENAME TO new`, within its schema.
    pub fn rename_sequence(&mut self, schema: &str, old: &str, new: &str) -> Result<()> {
        let schema = self.schema_mut(schema)?;
        let mut sequence = schema.sequences.remove(old).ok_or_else(|| Error::SequenceNotFound(old.to_string()))?;
        sequence.name = new.to_string();
        schema.sequences.insert(new.to_string(), sequence);
        Ok(())
    }
}

/// The names of a table's constraints, mutably, in declaration order by kind.
fn constraint_names(table: &mut Table) -> impl Iterator<Item = &mut String> {
    let keys = table.primary_key.iter_mut().chain(table.uniques.iter_mut()).map(|k| &mut k.name);
    keys.chain(table.foreign_keys.iter_mut().map(|k| &mut k.name)).chain(table.checks.iter_mut().map(|k| &mut k.name))
}
