//! Finding things in the Catalog: schemas, relations, types, partitions, and what a
//! name is taken by. Lookups never change the Catalog.

use crate::{Catalog, Error, QualifiedName, Result, Schema, Table, TypeKind, TypeRef, View};

impl Catalog {
    /// A catalog holding only the `public` schema, as a fresh database has.
    pub fn new() -> Self {
        let mut catalog = Self::default();
        catalog.schemas.insert("public".into(), Schema::named("public"));
        catalog
    }

    /// The schema with this name.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.get(name)
    }

    /// The schema with this name, mutably; an error when it does not exist.
    pub fn schema_mut(&mut self, name: &str) -> Result<&mut Schema> {
        self.schemas.get_mut(name).ok_or_else(|| Error::SchemaNotFound(name.to_string()))
    }

    /// The table with this qualified name.
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.schemas.get(&name.schema)?.tables.get(&name.name)
    }

    /// The table with this qualified name, mutably.
    pub fn table_mut(&mut self, name: &QualifiedName) -> Option<&mut Table> {
        self.schemas.get_mut(&name.schema)?.tables.get_mut(&name.name)
    }

    /// The view (or materialized view) with this qualified name.
    pub fn view(&self, name: &QualifiedName) -> Option<&View> {
        self.schemas.get(&name.schema)?.views.get(&name.name)
    }

    /// The view with this qualified name, mutably.
    pub fn view_mut(&mut self, name: &QualifiedName) -> Option<&mut View> {
        self.schemas.get_mut(&name.schema)?.views.get_mut(&name.name)
    }

    /// Whether a relation — table, view or sequence, which share one namespace — has
    /// this name.
    pub fn relation_exists(&self, name: &QualifiedName) -> bool {
        self.schemas.get(&name.schema).is_some_and(|s| {
            s.tables.contains_key(&name.name)
                || s.views.contains_key(&name.name)
                || s.sequences.contains_key(&name.name)
        })
    }

    /// Whether a type has this name: a user type, or the row type every table and
    /// view has.
    pub fn type_name_taken(&self, name: &QualifiedName) -> bool {
        self.user_type(name).is_some() || self.view(name).is_some()
    }

    /// What a qualified user type name denotes, if it is a user type.
    pub fn user_type(&self, name: &QualifiedName) -> Option<TypeKind<'_>> {
        let schema = self.schemas.get(&name.schema)?;
        let n = &name.name;
        schema
            .enums
            .get(n)
            .map(TypeKind::Enum)
            .or_else(|| schema.domains.get(n).map(TypeKind::Domain))
            .or_else(|| schema.composites.get(n).map(TypeKind::Composite))
            .or_else(|| schema.ranges.get(n).map(TypeKind::Range))
            .or_else(|| schema.tables.get(n).map(TypeKind::TableRow))
    }

    /// The default a column of this type takes from its domain (or the domain that one
    /// is over) when the column declares none; arrays take none.
    pub fn domain_default(&self, ty: &TypeRef) -> Option<&str> {
        let mut ty = ty;
        // Domains only build on earlier domains; the bound guards a malformed catalog.
        for _ in 0..16 {
            if ty.array_dims > 0 {
                return None;
            }
            let Some(TypeKind::Domain(domain)) = self.user_type(&ty.name) else { return None };
            if let Some(default) = &domain.default {
                return Some(default);
            }
            ty = &domain.base;
        }
        None
    }

    /// All tables, in (schema, name) order.
    pub fn tables(&self) -> impl Iterator<Item = (QualifiedName, &Table)> {
        self.schemas.values().flat_map(|s| s.tables.values().map(move |t| (QualifiedName::new(&s.name, &t.name), t)))
    }

    /// All views and materialized views, in (schema, name) order.
    pub fn views(&self) -> impl Iterator<Item = (QualifiedName, &View)> {
        self.schemas.values().flat_map(|s| s.views.values().map(move |v| (QualifiedName::new(&s.name, &v.name), v)))
    }

    /// The partitions of a partitioned table (not their own partitions).
    pub fn partitions_of(&self, parent: &QualifiedName) -> Vec<QualifiedName> {
        self.tables().filter(|(_, t)| t.partition_of.as_ref() == Some(parent)).map(|(q, _)| q).collect()
    }
}
