//! `Config::schemas`: generating only some schemas of a catalog. What the kept schemas
//! point at in the others either goes (foreign keys, so relations) or is an error that
//! says what to do (a column whose type would not exist in the generated code).

use crate::error::{Error, Result};
use sleet_catalog::{Catalog, QualifiedName, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The catalog with only the `keep` schemas.
pub(super) fn only(
    mut catalog: Catalog,
    keep: &BTreeSet<String>,
    column_overrides: &BTreeMap<String, String>,
) -> Result<Catalog> {
    if let Some(unknown) = keep.iter().find(|s| !catalog.schemas.contains_key(*s)) {
        let known: Vec<&str> = catalog.schemas.keys().map(String::as_str).collect();
        return Err(Error::Config(format!(
            "`schemas` names \"{unknown}\", which the schema does not define (it defines: {})",
            known.join(", ")
        )));
    }
    // Types (and tables' row types) that will not be generated.
    let mut gone = BTreeSet::new();
    for schema in catalog.schemas.values().filter(|s| !keep.contains(&s.name)) {
        let names = schema.enums.keys().chain(schema.domains.keys()).chain(schema.composites.keys());
        let names = names.chain(schema.ranges.keys()).chain(schema.tables.keys());
        gone.extend(names.map(|n| QualifiedName::new(&schema.name, n)));
    }
    catalog.schemas.retain(|name, _| keep.contains(name));

    let overridden =
        |relation: &QualifiedName, column: &str| super::column_setting(column_overrides, relation, column).is_some();
    let check = |what: String, ty: &TypeRef| {
        match gone.contains(&ty.name) {
        true => Err(Error::Config(format!(
            "{what} has type {} from schema \"{}\", which `schemas` leaves out; add \"{}\" to `schemas`, or give the column a type with `column_type`",
            ty.name, ty.name.schema, ty.name.schema
        ))),
        false => Ok(()),
    }
    };
    for schema in catalog.schemas.values_mut() {
        for table in schema.tables.values_mut() {
            let q = QualifiedName::new(&schema.name, &table.name);
            for col in table.columns.iter().filter(|c| !overridden(&q, &c.name)) {
                check(format!("column {q}.{}", col.name), &col.ty)?;
            }
            // A relation needs both ends generated.
            table.foreign_keys.retain(|fk| keep.contains(&fk.references.schema));
        }
        for view in schema.views.values() {
            let q = QualifiedName::new(&schema.name, &view.name);
            for col in view.columns.iter().filter(|c| !overridden(&q, &c.name)) {
                if let Some(ty) = &col.ty {
                    check(format!("column {q}.{}", col.name), ty)?;
                }
            }
        }
        for composite in schema.composites.values() {
            for field in &composite.fields {
                check(format!("attribute {}.{}.{}", schema.name, composite.name, field.name), &field.ty)?;
            }
        }
        for domain in schema.domains.values() {
            check(format!("domain {}.{}", schema.name, domain.name), &domain.base)?;
        }
        for range in schema.ranges.values() {
            check(format!("range {}.{}", schema.name, range.name), &range.subtype)?;
        }
    }
    Ok(catalog)
}
