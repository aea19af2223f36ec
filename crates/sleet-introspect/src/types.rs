//! Types as columns use them: `pg_type` resolved to the Catalog's `TypeRef` — the
//! element type and dimensions of an array, and the type modifier decoded into the
//! numbers written in SQL (`varchar(40)` → `[40]`, `numeric(12, 4)` → `[12, 4]`).

use sleet_catalog::{QualifiedName, TypeRef};
use std::collections::HashMap;

/// One row of `pg_type`.
pub(crate) struct PgType {
    pub(crate) name: QualifiedName,
    pub(crate) element: u32,
    pub(crate) is_array: bool,
}

/// Every type of the database, by oid.
#[derive(Default)]
pub(crate) struct Types(pub(crate) HashMap<u32, PgType>);

impl Types {
    /// The type of a column: `typmod` as `pg_attribute.atttypmod` holds it, `ndims` as
    /// `attndims` (which may say 0 for an array: then it is one-dimensional).
    pub(crate) fn type_ref(&self, oid: u32, typmod: i32, ndims: i32) -> TypeRef {
        let Some(ty) = self.0.get(&oid) else {
            return TypeRef { name: QualifiedName::new("pg_catalog", format!("oid {oid}")), ..TypeRef::builtin("") };
        };
        let (name, array_dims) = match self.0.get(&ty.element).filter(|_| ty.is_array) {
            Some(element) => (element.name.clone(), u32::try_from(ndims.max(1)).unwrap_or(1)),
            None => (ty.name.clone(), 0),
        };
        let modifiers = modifiers(&name, typmod);
        TypeRef { name, modifiers, array_dims }
    }
}

/// The modifiers a type was declared with, decoded from `atttypmod` (-1: none).
fn modifiers(name: &QualifiedName, typmod: i32) -> Vec<i64> {
    if typmod < 0 {
        return Vec::new();
    }
    let builtin = name.schema == "pg_catalog";
    match name.name.as_str() {
        // Character types store the length plus the 4-byte header.
        "varchar" | "bpchar" if builtin => vec![i64::from(typmod) - 4],
        "numeric" if builtin => {
            let packed = typmod - 4;
            let scale = (packed & 0xffff) as i16; // the scale may be negative (PG 15)
            vec![i64::from(packed >> 16), i64::from(scale)]
        }
        // An interval keeps its fields in the high half; only the precision is written
        // as a modifier.
        "interval" if builtin => match typmod & 0xffff {
            0xffff => Vec::new(),
            precision => vec![i64::from(precision)],
        },
        _ => vec![i64::from(typmod)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_modifiers_decode_as_written() {
        let builtin = |n: &str| QualifiedName::new("pg_catalog", n);
        assert_eq!(modifiers(&builtin("varchar"), 44), [40]);
        assert_eq!(modifiers(&builtin("numeric"), (12 << 16) + 4 + 4), [12, 4]);
        assert_eq!(modifiers(&builtin("timestamptz"), 3), [3]);
        assert_eq!(modifiers(&builtin("text"), -1), Vec::<i64>::new());
        assert_eq!(modifiers(&QualifiedName::new("public", "vector"), 3), [3]);
    }
}
