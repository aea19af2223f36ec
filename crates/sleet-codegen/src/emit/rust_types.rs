//! The Rust type of each SQL type: built-ins through the published mapping, user
//! types through the plan's names, with the config's type and column overrides.

use super::plan::Plan;
use crate::config::{column_setting, DomainMapping};
use crate::error::Result;
use crate::report::{Note, RawValueReason};
use crate::types;
use sleet_catalog::{QualifiedName, TypeKind, TypeRef};

impl Plan<'_> {
    /// The Rust type of a column of SQL type `ty`, written from a module `depth` levels
    /// below the root within `from_schema`.
    pub(super) fn rust_type(
        &self,
        ty: &TypeRef,
        depth: usize,
        from_schema: &str,
        what: &str,
        notes: &mut Vec<Note>,
    ) -> Result<String> {
        if ty.array_dims > 1 {
            let reason = RawValueReason::MultiDimensionalArray { dims: ty.array_dims };
            notes.push(Note::RawValue { item: what.to_string(), reason });
            return Ok("sl::RawValue".into());
        }
        let element = self.scalar_type(&ty.name, depth, from_schema, what, notes)?;
        Ok(match (ty.array_dims, self.config.nullable_array_elements) {
            (0, _) => element,
            (_, true) => format!("Vec<Option<{element}>>"),
            (_, false) => format!("Vec<{element}>"),
        })
    }

    pub(super) fn scalar_type(
        &self,
        name: &QualifiedName,
        depth: usize,
        from_schema: &str,
        what: &str,
        notes: &mut Vec<Note>,
    ) -> Result<String> {
        let overrides = &self.config.type_overrides;
        let by_name = if name.schema == "pg_catalog" { overrides.get(&name.name) } else { None };
        if let Some(o) = overrides.get(&name.to_string()).or(by_name) {
            return Ok(o.clone());
        }
        if name.schema == "pg_catalog" || self.catalog.user_type(name).is_none() {
            return Ok(match types::rust_type(&name.name, self.config.time) {
                Some(t) => t.path.to_string(),
                None => {
                    let reason = RawValueReason::Unmapped { ty: name.clone() };
                    notes.push(Note::RawValue { item: what.to_string(), reason });
                    "sl::RawValue".into()
                }
            });
        }
        let prefix = self.path_to_schema(depth, from_schema, &name.schema);
        match self.catalog.user_type(name).expect("checked") {
            TypeKind::Enum(_) | TypeKind::Composite(_) => Ok(format!("{prefix}{}", self.types[name])),
            TypeKind::Domain(_) if self.config.domains == DomainMapping::Newtype => {
                Ok(format!("{prefix}{}", self.types[name]))
            }
            TypeKind::Domain(d) => self.rust_type(&d.base, depth, from_schema, what, notes),
            TypeKind::Range(r) => {
                Ok(format!("sl::Range<{}>", self.rust_type(&r.subtype, depth, from_schema, what, notes)?))
            }
            TypeKind::TableRow(_) => {
                notes.push(Note::RawValue { item: what.to_string(), reason: RawValueReason::TableRowType });
                Ok("sl::RawValue".into())
            }
        }
    }

    /// The Rust type of a table column, with column overrides applied.
    /// The Rust type of a column without its `Option`, with column overrides applied;
    /// `None` when the type is unknown (a view column that could not be inferred).
    pub(super) fn column_type(
        &self,
        relation: &QualifiedName,
        name: &str,
        ty: Option<&TypeRef>,
        depth: usize,
        notes: &mut Vec<Note>,
    ) -> Result<Option<String>> {
        let overridden = column_setting(&self.config.column_overrides, relation, name).cloned();
        let what = format!("column {relation}.{name}");
        Ok(match (overridden, ty) {
            (Some(o), _) => Some(o),
            (None, Some(ty)) => Some(self.rust_type(ty, depth, &relation.schema, &what, notes)?),
            (None, None) => None,
        })
    }
}
