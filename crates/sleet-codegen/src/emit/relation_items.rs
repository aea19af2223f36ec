//! Relation helpers: a function per relation in the table's module
//! (`posts::author()`), a marker implementing `sl::Relation` in its `relations` module,
//! and `sl::Loadable` where the key has a hashable Rust type.

use super::plan::Plan;
use super::{ident, parse_type};
use crate::error::Result;
use crate::relations::{Cardinality, Relation};
use crate::sql_names;
use proc_macro2::TokenStream;
use quote::quote;
use sleet_catalog::QualifiedName;

/// Rust types a relation key may have (the runtime's `KeyPart`s; generated enums too).
const HASHABLE_KEY_TYPES: &[&str] = &[
    "bool",
    "i8",
    "i16",
    "i32",
    "i64",
    "u32",
    "String",
    "sl::chrono::NaiveDate",
    "sl::chrono::NaiveDateTime",
    "sl::chrono::DateTime<sl::chrono::Utc>",
    "sl::time::Date",
    "sl::time::PrimitiveDateTime",
    "sl::time::OffsetDateTime",
    "sl::uuid::Uuid",
    "sl::rust_decimal::Decimal",
];

/// How a relation loads: its key's Rust type and the SQL the runtime needs.
pub(super) struct LoadPlan {
    key: String,
    source_key: Vec<String>,
    target_key: Vec<String>,
    target_from: String,
}

impl Plan<'_> {
    /// The relation helpers of a table (`posts::author()`) and the `relations` module
    /// with their markers, which implement `sl::Relation`.
    pub(super) fn relation_items(&self, q: &QualifiedName, depth: usize) -> Result<TokenStream> {
        let Some(found) = self.fk_relations.get(q) else { return Ok(TokenStream::new()) };
        let mut helpers = TokenStream::new();
        let mut markers = TokenStream::new();
        // The `relations` module is two levels below the schema's module.
        let table_path = |t: &QualifiedName| -> Result<syn::Type> {
            let prefix = self.path_to_schema(depth + 2, &q.schema, &t.schema);
            parse_type(&format!("{prefix}{}::table", self.tables[t].module))
        };
        let pairs = |on: &[(String, String)]| {
            let (a, b): (Vec<String>, Vec<String>) =
                on.iter().map(|(a, b)| (sql_names::quote(a), sql_names::quote(b))).unzip();
            quote! { &[#((#a, #b)),*] }
        };
        for (relation, rust) in found {
            let name = ident(rust);
            let target = table_path(&relation.target)?;
            let cardinality = match relation.cardinality {
                Cardinality::One => quote! { sl::One },
                Cardinality::ZeroOrOne => quote! { sl::ZeroOrOne },
                Cardinality::Many => quote! { sl::Many },
            };
            let on = pairs(&relation.on);
            let through = match &relation.through {
                Some(through) => {
                    let table = sql_names::relation(&through.table.schema, &through.table.name);
                    let on = pairs(&through.on);
                    quote! { Some(sl::Through { table: #table, on: #on }) }
                }
                None => quote! { None },
            };
            let shape = match (relation.cardinality, &relation.through) {
                (_, Some(_)) => "many-to-many",
                (Cardinality::Many, None) => "one-to-many",
                (Cardinality::ZeroOrOne, None) if relation.on.iter().all(|(s, _)| self.is_key_column(q, s)) => {
                    "one-to-one"
                }
                _ => "many-to-one",
            };
            let doc = format!(" `{}`: {shape}, from `{}`.", relation.name, relation.origin);
            let sql_name = &relation.name;
            let loadable = match self.loadable(q, relation, depth + 2)? {
                Some(load) => {
                    let (key, source_key, target_key, target_from) =
                        (parse_type(&load.key)?, load.source_key, load.target_key, load.target_from);
                    quote! {
                        impl sl::Loadable for #name {
                            type Key = #key;
                            const SOURCE_KEY: &'static [&'static str] = &[#(#source_key),*];
                            const TARGET_KEY: &'static [&'static str] = &[#(#target_key),*];
                            const TARGET_FROM: &'static str = #target_from;
                        }
                    }
                }
                None => TokenStream::new(),
            };
            helpers.extend(quote! {
                #[doc = #doc]
                pub fn #name() -> relations::#name { relations::#name }
            });
            markers.extend(quote! {
                #[doc = #doc]
                #[derive(Clone, Copy, Debug, Default)]
                pub struct #name;
                impl sl::Relation for #name {
                    type Source = super::table;
                    type Target = #target;
                    type Cardinality = #cardinality;
                    const NAME: &'static str = #sql_name;
                    const ON: &'static [(&'static str, &'static str)] = #on;
                    const THROUGH: Option<sl::Through> = #through;
                }
                #loadable
            });
        }
        Ok(quote! {
            #helpers
            /// Relations from foreign keys: what `with` and `filter_related` take.
            pub mod relations {
                use ::sleet::__private as sl;
                #markers
            }
        })
    }

    /// How a relation loads (its key type and SQL), or `None` when its key columns have
    /// no hashable Rust type or the two sides' types differ: such a relation still
    /// filters (`has`) but cannot be loaded with `with`.
    pub(super) fn loadable(&self, q: &QualifiedName, relation: &Relation, depth: usize) -> Result<Option<LoadPlan>> {
        let table = |t: &QualifiedName| &self.catalog.schemas[&t.schema].tables[&t.name];
        let column = |t: &QualifiedName, c: &str| table(t).columns.iter().find(|col| col.name == c).cloned();
        let source_sql = sql_names::relation(&q.schema, &q.name);
        let target_sql = sql_names::relation(&relation.target.schema, &relation.target.name);
        let (key_table, key_sql) = match &relation.through {
            Some(through) => (&through.table, sql_names::relation(&through.table.schema, &through.table.name)),
            None => (&relation.target, target_sql.clone()),
        };
        let mut key_types = Vec::new();
        for (source_col, target_col) in &relation.on {
            let (Some(source), Some(target)) = (column(q, source_col), column(key_table, target_col)) else {
                return Ok(None);
            };
            if source.ty != target.ty {
                return Ok(None);
            }
            let rust = self.column_type(q, source_col, Some(&source.ty), depth, &mut Vec::new())?.unwrap_or_default();
            let is_enum = source.ty.array_dims == 0
                && self
                    .catalog
                    .schemas
                    .get(&source.ty.name.schema)
                    .is_some_and(|s| s.enums.contains_key(&source.ty.name.name));
            if !(is_enum || HASHABLE_KEY_TYPES.contains(&rust.as_str())) {
                return Ok(None);
            }
            key_types.push(rust);
        }
        let key = match key_types.as_slice() {
            [one] => one.clone(),
            many => format!("({})", many.join(", ")),
        };
        let qualify = |table: &str, cols: &mut dyn Iterator<Item = &String>| -> Vec<String> {
            cols.map(|c| format!("{table}.{}", sql_names::quote(c))).collect()
        };
        let target_from = match &relation.through {
            Some(through) => {
                let on: Vec<String> = through
                    .on
                    .iter()
                    .map(|(j, t)| format!("{key_sql}.{} = {target_sql}.{}", sql_names::quote(j), sql_names::quote(t)))
                    .collect();
                format!("{target_sql} INNER JOIN {key_sql} ON {}", on.join(" AND "))
            }
            None => target_sql,
        };
        Ok(Some(LoadPlan {
            key,
            source_key: qualify(&source_sql, &mut relation.on.iter().map(|(s, _)| s)),
            target_key: qualify(&key_sql, &mut relation.on.iter().map(|(_, t)| t)),
            target_from,
        }))
    }

    /// Whether `column` of table `q` is part of its primary key.
    pub(super) fn is_key_column(&self, q: &QualifiedName, column: &str) -> bool {
        let table = &self.catalog.schemas[&q.schema].tables[&q.name];
        table.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().any(|c| c == column))
    }
}
