//! The plan: every Rust name — schema modules, types, row / insert / patch structs,
//! column markers, relation helpers — decided before any code is produced, so that
//! references agree; and the derives and attributes the config adds to each item.

use super::{RESERVED_IN_SCHEMA_MODULE, RESERVED_IN_TABLE_MODULE};
use crate::config::{Config, DomainMapping};
use crate::ident::{camel, singular, snake, Namespace};
use crate::relations::{self, Relation};
use crate::report::Note;
use proc_macro2::TokenStream;
use quote::quote;
use sleet_catalog::{Catalog, QualifiedName};
use std::collections::BTreeMap;

/// Rust names for one table or view.
pub(super) struct TableNames {
    pub(super) module: String,
    pub(super) row: String,
    pub(super) insert: String,
    pub(super) patch: String,
    /// Field / column-marker name per column, in column order.
    pub(super) fields: Vec<String>,
}

/// Every Rust name, decided before any code is produced so references agree.
pub(super) struct Plan<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) config: &'a Config,
    pub(super) schema_modules: BTreeMap<String, String>,
    /// Type names per user type.
    pub(super) types: BTreeMap<QualifiedName, String>,
    pub(super) tables: BTreeMap<QualifiedName, TableNames>,
    /// Relations from foreign keys per table, with their Rust names.
    pub(super) fk_relations: BTreeMap<QualifiedName, Vec<(Relation, String)>>,
}

impl<'a> Plan<'a> {
    pub(super) fn new(catalog: &'a Catalog, config: &'a Config, notes: &mut Vec<Note>) -> Self {
        let mut plan = Plan {
            catalog,
            config,
            schema_modules: BTreeMap::new(),
            types: BTreeMap::new(),
            tables: BTreeMap::new(),
            fk_relations: BTreeMap::new(),
        };
        let derived = relations::derive(catalog, &config.relation_names, &config.skipped_relations);
        // Root namespace: schema modules first (they are few and users name them).
        let mut root_modules = Namespace::with_reserved(RESERVED_IN_SCHEMA_MODULE);
        for name in catalog.schemas.keys().filter(|n| *n != "public") {
            let module = root_modules.claim(&snake(name), &format!("schema {name}"), notes);
            plan.schema_modules.insert(name.clone(), module);
        }
        for (schema_name, schema) in &catalog.schemas {
            // Types and modules share Rust's type namespace: one allocator for both.
            let mut types_ns = if schema_name == "public" {
                std::mem::take(&mut root_modules)
            } else {
                Namespace::with_reserved(RESERVED_IN_SCHEMA_MODULE)
            };
            let q = |n: &str| QualifiedName::new(schema_name, n);
            let named_types = schema
                .enums
                .keys()
                .chain(schema.composites.keys())
                .chain(schema.ranges.keys())
                .chain(schema.domains.keys().filter(|_| config.domains == DomainMapping::Newtype));
            for name in named_types {
                let rust = types_ns.claim(&camel(name), &format!("type {schema_name}.{name}"), notes);
                plan.types.insert(q(name), rust);
            }
            let tables_and_views = schema
                .tables
                .iter()
                .map(|(n, t)| (n, t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), true))
                .chain(
                    schema.views.iter().map(|(n, v)| (n, v.columns.iter().map(|c| c.name.as_str()).collect(), false)),
                );
            for (name, columns, writable) in tables_and_views {
                let what = format!("{schema_name}.{name}");
                let base = camel(&singular(&snake(name)));
                let plural = camel(name);
                let free = |ns: &Namespace, b: &str| {
                    ns.is_free(b) && (!writable || (ns.is_free(&format!("New{b}")) && ns.is_free(&format!("{b}Patch"))))
                };
                let stem = if free(&types_ns, &base) {
                    base
                } else if free(&types_ns, &plural) {
                    plural
                } else {
                    format!("{base}Row")
                };
                let row = types_ns.claim(&stem, &what, notes);
                let (insert, patch) = if writable {
                    let bare = row.trim_start_matches("r#");
                    (
                        types_ns.claim(&format!("New{bare}"), &what, notes),
                        types_ns.claim(&format!("{bare}Patch"), &what, notes),
                    )
                } else {
                    (String::new(), String::new())
                };
                let module = types_ns.claim(&snake(name), &format!("table {what}"), notes);
                let mut fields_ns = Namespace::with_reserved(RESERVED_IN_TABLE_MODULE);
                let fields =
                    columns.iter().map(|c| fields_ns.claim(&snake(c), &format!("column {what}.{c}"), notes)).collect();
                // Relation helpers share the value namespace with column markers.
                for relation in derived.get(&q(name)).into_iter().flatten() {
                    let what = format!("relation {}", relations::key(&q(name), &relation.name));
                    let rust = fields_ns.claim(&snake(&relation.name), &what, notes);
                    plan.fk_relations.entry(q(name)).or_default().push((relation.clone(), rust));
                }
                plan.tables.insert(q(name), TableNames { module, row, insert, patch, fields });
            }
        }
        plan
    }

    /// The path prefix from a module `depth` levels below the root to the items of `schema`.
    pub(super) fn path_to_schema(&self, depth: usize, from_schema: &str, schema: &str) -> String {
        let own_depth = usize::from(from_schema != "public");
        if schema == from_schema && depth == own_depth {
            return String::new();
        }
        let mut path = "super::".repeat(depth);
        if let Some(module) = self.schema_modules.get(schema) {
            path.push_str(module);
            path.push_str("::");
        }
        path
    }

    /// Whether `pattern` (from `derive`/`attribute`) selects an item.
    pub(super) fn matches(pattern: &str, rust_name: &str, table: Option<&str>) -> bool {
        pattern == "*" || pattern == rust_name.trim_start_matches("r#") || table.is_some_and(|t| t == pattern)
    }

    /// The `#[derive(…)]` and other attributes of a generated type: its `base` derives,
    /// then those the config adds for it. A configured derive the type already has is
    /// skipped, and `Eq`, `PartialOrd` or `Ord` bring `PartialEq` along (insert and patch
    /// structs do not derive it), so one pattern fits every struct of a table.
    pub(super) fn attrs(&self, base: &[&str], rust_name: &str, table: Option<&str>, serde: Serde) -> TokenStream {
        let mut derives: Vec<syn::Path> = base.iter().map(|d| syn::parse_str(d).expect("a path")).collect();
        let serde_derives: &[&str] = match (self.config.serde, serde) {
            (false, _) => &[],
            (true, Serde::Output) => &["sl::serde::Serialize"],
            (true, Serde::Input) => &["sl::serde::Deserialize"],
            (true, Serde::Both) => &["sl::serde::Serialize", "sl::serde::Deserialize"],
        };
        derives.extend(serde_derives.iter().map(|d| syn::parse_str::<syn::Path>(d).expect("a path")));
        // Through the runtime's re-export, so the crate needs no `serde` of its own; an
        // insert or patch struct refuses fields it does not have (a typo is not a no-op).
        let serde_attr = match serde {
            _ if serde_derives.is_empty() => None,
            Serde::Input => Some(quote! { #[serde(crate = "::sleet::__private::serde", deny_unknown_fields)] }),
            _ => Some(quote! { #[serde(crate = "::sleet::__private::serde")] }),
        };
        let name_of = |path: &syn::Path| path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let has = |derives: &[syn::Path], name: &str| derives.iter().any(|d| name_of(d) == name);
        for (pattern, derive) in &self.config.derives {
            let Ok(path) = syn::parse_str::<syn::Path>(derive) else { continue };
            if !Self::matches(pattern, rust_name, table) || has(&derives, &name_of(&path)) {
                continue;
            }
            if matches!(name_of(&path).as_str(), "Eq" | "PartialOrd" | "Ord") && !has(&derives, "PartialEq") {
                derives.push(syn::parse_str("PartialEq").expect("a path"));
            }
            derives.push(path);
        }
        let attrs = self
            .config
            .attributes
            .iter()
            .filter(|(p, _)| Self::matches(p, rust_name, table))
            .filter_map(|(_, a)| a.parse::<TokenStream>().ok());
        quote! {
            #[derive(#(#derives),*)]
            #serde_attr
            #(#attrs)*
        }
    }
}

/// Which `serde` derives an item gets with `serde = true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Serde {
    /// Rows: read from the database, written out.
    Output,
    /// Insert and patch structs: read from a request.
    Input,
    /// Enums, composites and domain newtypes: both ways.
    Both,
}
