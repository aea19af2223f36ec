//! Tables and views: the row struct (one emitter for both), the insert and patch
//! structs of a table, and the module holding the `table` marker and a marker per
//! column.

use super::plan::{Plan, Serde};
use super::validation;
use super::{column_doc, doc_lines, field_doc, ident, optional, parse_type};
use crate::config::DomainMapping;
use crate::error::Result;
use crate::report::Note;
use crate::sql_names;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use sleet_catalog::{Catalog, Identity, QualifiedName, Schema, Table, TypeRef, View};

impl Plan<'_> {
    pub(super) fn schema_items(&self, schema: &Schema, notes: &mut Vec<Note>) -> Result<TokenStream> {
        let depth = usize::from(schema.name != "public");
        let mut out = TokenStream::new();
        for e in schema.enums.values() {
            out.extend(self.enum_item(&schema.name, e));
        }
        for c in schema.composites.values() {
            out.extend(self.composite_item(&schema.name, c, depth, notes)?);
        }
        if self.config.domains == DomainMapping::Newtype {
            for d in schema.domains.values() {
                out.extend(self.domain_item(&schema.name, d, depth, notes)?);
            }
        }
        for t in schema.tables.values() {
            out.extend(self.table_items(&schema.name, t, depth, notes)?);
        }
        for v in schema.views.values() {
            out.extend(self.view_items(&schema.name, v, depth, notes)?);
        }
        Ok(out)
    }

    pub(super) fn table_items(
        &self,
        schema: &str,
        t: &Table,
        depth: usize,
        notes: &mut Vec<Note>,
    ) -> Result<TokenStream> {
        let q = QualifiedName::new(schema, &t.name);
        let names = &self.tables[&q];
        let (row, insert, patch) = (ident(&names.row), ident(&names.insert), ident(&names.patch));
        let module = ident(&names.module);
        let inner_depth = depth + 1;

        let mut row_fields = Vec::new();
        let mut row_types = Vec::new();
        let mut row_docs = Vec::new();
        let mut markers = TokenStream::new();
        let mut new_fields = Vec::new();
        let mut new_inits = Vec::new();
        let mut new_params = Vec::new();
        let mut new_setters = TokenStream::new();
        let mut writes = TokenStream::new();
        let mut patch_fields = Vec::new();
        let mut patch_setters = TokenStream::new();
        let mut assigns = TokenStream::new();
        let mut write_types: Vec<String> = Vec::new(); // parallel to `writes`
        let mut rust_types = Vec::new(); // each column's, for validation
                                         // With serde, an absent `Field` stays unset.
        let serde_default = self.config.serde.then(|| quote! { #[serde(default)] });
        for (col, field_name) in t.columns.iter().zip(&names.fields) {
            let field = ident(field_name);
            // The same type, written from the schema module and from the table module.
            let base = self.column_type(&q, &col.name, Some(&col.ty), depth, notes)?.expect("typed");
            let inner = self.column_type(&q, &col.name, Some(&col.ty), inner_depth, &mut Vec::new())?.expect("typed");
            rust_types.push(base.clone());
            let ty = parse_type(&optional(&base, col.nullable))?;
            let inner_ty = parse_type(&optional(&inner, col.nullable))?;
            let inner_value = parse_type(&inner)?;
            let doc = column_doc(col);
            let sql_name = &col.name;
            let column_sql = sql_names::quote(&col.name);
            row_fields.push(field.clone());
            row_types.push(ty.clone());
            row_docs.push(doc.clone());
            let writable = col.generated.is_none();
            let updatable = writable && col.identity != Some(Identity::Always);
            let writable_impl = updatable.then(|| quote! { impl sl::Writable for #field {} });
            markers.extend(column_marker(
                &doc,
                &field,
                (&inner_ty, &inner_value),
                &sql_names::relation(schema, &t.name),
                sql_name,
                Some(&col.ty).map(|ty| (ty, self.catalog)),
            ));
            markers.extend(writable_impl);
            if !writable {
                continue;
            }
            write_types.push(sql_names::cast_type(&col.ty));
            let setter_name = if field_name == "new" { ident("set_new") } else { field.clone() };
            // A domain's DEFAULT applies where the column has none: the field must be
            // able to say "leave it out", as for a column default.
            if col.has_default() || self.catalog.domain_default(&col.ty).is_some() {
                new_fields.push(quote! { #doc #serde_default pub #field: sl::Field<#ty> });
                new_inits.push(quote! { #field: sl::Field::Default });
                let setter_doc = format!(" Sets `{sql_name}` instead of its default.");
                new_setters.extend(quote! {
                    #[doc = #setter_doc]
                    pub fn #setter_name(mut self, value: impl Into<#ty>) -> Self { self.#field = sl::Field::Set(value.into()); self }
                });
                writes.extend(quote! { values.field(#column_sql, &self.#field); });
            } else if col.nullable {
                new_fields.push(quote! { #doc pub #field: #ty });
                new_inits.push(quote! { #field: None });
                let setter_doc = format!(" Sets `{sql_name}` (NULL when not set).");
                new_setters.extend(quote! {
                    #[doc = #setter_doc]
                    pub fn #setter_name(mut self, value: impl Into<#ty>) -> Self { self.#field = value.into(); self }
                });
                writes.extend(quote! { values.nullable(#column_sql, &self.#field); });
            } else {
                new_fields.push(quote! { #doc pub #field: #ty });
                new_inits.push(quote! { #field: #field.into() });
                new_params.push(quote! { #field: impl Into<#ty> });
                writes.extend(quote! { values.value(#column_sql, &self.#field); });
            }
            if col.identity == Some(Identity::Always) {
                continue; // PostgreSQL refuses updates of GENERATED ALWAYS identity columns
            }
            patch_fields.push(quote! { #doc #serde_default pub #field: sl::Field<#ty> });
            let setter_doc = format!(" Sets `{sql_name}`.");
            patch_setters.extend(quote! {
                #[doc = #setter_doc]
                pub fn #setter_name(mut self, value: impl Into<#ty>) -> Self { self.#field = sl::Field::Set(value.into()); self }
            });
            assigns.extend(quote! { assignments.field(#column_sql, &self.#field); });
        }
        let sql_columns: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        let table_doc = doc_lines(&format!("The `{q}` table."), t.comment.as_deref());
        let table_marker = table_marker(schema, &t.name, &table_doc, &names.row, &sql_columns)?;
        let row_doc = doc_lines(&format!("A row of `{q}`."), t.comment.as_deref());
        let new_doc = format!(" A row to insert into `{q}`: required columns are arguments of `new`; columns with a default are `sl::Field::Default` until set.");
        let patch_doc = format!(" Changes to a row of `{q}`: only fields that are `Set` are updated.");
        // Insert and patch structs skip `PartialEq`: rarely compared, and on large schemas
        // its impls are a sizeable part of `cargo check` (the config can add it).
        let row_attrs = self.attrs(&["Clone", "Debug", "PartialEq"], &names.row, Some(&t.name), Serde::Output);
        let new_attrs = self.attrs(&["Clone", "Debug"], &names.insert, Some(&t.name), Serde::Input);
        let patch_attrs = self.attrs(&["Clone", "Debug", "Default"], &names.patch, Some(&t.name), Serde::Input);
        let (validate_new, validate_patch) = if self.config.validate {
            let rules = self.table_validation(&q, t, &names.fields, &rust_types, notes);
            (
                Some(rules.validate_impl(&names.insert, &validation::members(self.catalog, t, false))?),
                Some(rules.validate_impl(&names.patch, &validation::members(self.catalog, t, true))?),
            )
        } else {
            (None, None)
        };
        let relation_items = self.relation_items(&q, depth)?;
        let values = used_param("values", !writes.is_empty());
        let assignments = used_param("assignments", !assigns.is_empty());
        let unchanged =
            t.columns.iter().find(|c| c.generated.is_none() && c.identity != Some(Identity::Always)).map(|c| {
                let column = sql_names::quote(&c.name);
                quote! { const UNCHANGED: Option<&'static str> = Some(#column); }
            });
        let super_insert = parse_type(&format!("super::{}", names.insert))?;
        let super_patch = parse_type(&format!("super::{}", names.patch))?;
        // On the outer side of a join, the row is absent exactly when its first NOT NULL
        // column is NULL: one test per row instead of one per column.
        let not_null_at = t.columns.iter().position(|c| !c.nullable);
        let row_struct =
            RowStruct { doc: row_doc, attrs: row_attrs, fields: row_fields, types: row_types, docs: row_docs };
        let row_struct = row_struct.emit(&row, &module, not_null_at);
        Ok(quote! {
            #row_struct

            #[doc = #new_doc]
            #new_attrs
            pub struct #insert {
                #( #new_fields, )*
            }
            impl #insert {
                /// A row with every required column; the rest take their defaults.
                pub fn new(#(#new_params),*) -> Self {
                    Self { #(#new_inits),* }
                }
                #new_setters
            }
            #validate_new
            impl sl::Insertable for #insert {
                type Table = #module::table;
                const SQL_TYPES: &'static [&'static str] = &[#(#write_types),*];
                fn write_values<'a>(&'a self, #values: &mut sl::ValuesWriter<'a>) {
                    #writes
                }
            }

            #[doc = #patch_doc]
            #patch_attrs
            pub struct #patch {
                #( #patch_fields, )*
            }
            impl #patch {
                #patch_setters
            }
            #validate_patch
            impl sl::Changeset for #patch {
                type Table = #module::table;
                fn write_assignments<'a>(&'a self, #assignments: &mut sl::AssignmentsWriter<'a>) {
                    #assigns
                }
            }

            #table_doc
            pub mod #module {
                use ::sleet::__private as sl;

                #table_marker
                impl sl::WritableTable for table {
                    type Insert = #super_insert;
                    type Patch = #super_patch;
                    #unchanged
                }
                #markers
                #relation_items
            }
        })
    }

    pub(super) fn view_items(
        &self,
        schema: &str,
        v: &View,
        depth: usize,
        notes: &mut Vec<Note>,
    ) -> Result<TokenStream> {
        let q = QualifiedName::new(schema, &v.name);
        let names = &self.tables[&q];
        let row = ident(&names.row);
        let module = ident(&names.module);
        let mut fields = Vec::new();
        let mut types = Vec::new();
        let mut docs = Vec::new();
        let mut markers = TokenStream::new();
        let mut sql_columns = Vec::new();
        for (col, field_name) in v.columns.iter().zip(&names.fields) {
            let Some(base) = self.column_type(&q, &col.name, col.ty.as_ref(), depth, notes)? else {
                notes.push(Note::ViewColumnLeftOut { view: q.clone(), column: col.name.clone() });
                continue;
            };
            let inner_base =
                self.column_type(&q, &col.name, col.ty.as_ref(), depth + 1, &mut Vec::new())?.expect("typed");
            let ty = optional(&base, col.nullable);
            let inner = optional(&inner_base, col.nullable);
            let value = parse_type(&inner_base)?;
            let field = ident(field_name);
            let doc = match &col.ty {
                Some(t) => field_doc(&col.name, t, col.nullable, col.comment.as_deref()),
                None => doc_lines(&format!("`{}` (type given by override)", col.name), col.comment.as_deref()),
            };
            let (ty, inner) = (parse_type(&ty)?, parse_type(&inner)?);
            let sql_name = &col.name;
            markers.extend(column_marker(
                &doc,
                &field,
                (&inner, &value),
                &sql_names::relation(schema, &v.name),
                sql_name,
                col.ty.as_ref().map(|ty| (ty, self.catalog)),
            ));
            fields.push(field);
            types.push(ty);
            docs.push(doc);
            sql_columns.push(col.name.as_str());
        }
        let kind = if v.materialized { "materialized view" } else { "view" };
        let view_doc = doc_lines(&format!("The `{q}` {kind}."), v.comment.as_deref());
        let row_doc = doc_lines(&format!("A row of the `{q}` {kind}."), v.comment.as_deref());
        let attrs = self.attrs(&["Clone", "Debug", "PartialEq"], &names.row, Some(&v.name), Serde::Output);
        let table_marker = table_marker(schema, &v.name, &view_doc, &names.row, &sql_columns)?;
        // View columns are NULL on the outer side of a join whether or not the view
        // can produce NULL, so absence is tested on every column.
        let row_struct = RowStruct { doc: row_doc, attrs, fields, types, docs }.emit(&row, &module, None);
        Ok(quote! {
            #row_struct

            #view_doc
            pub mod #module {
                use ::sleet::__private as sl;

                #table_marker
                #markers
            }
        })
    }
}

/// The row struct of a table or view: every column the relation's `SELECT *` reads, in
/// order, as one field each.
struct RowStruct {
    doc: TokenStream,
    attrs: TokenStream,
    fields: Vec<Ident>,
    types: Vec<syn::Type>,
    docs: Vec<TokenStream>,
}

impl RowStruct {
    /// The struct, its `FromRow` (the row is absent on the outer side of a join when
    /// the column at `not_null_at`, which cannot be NULL, is) and `NullableRow`.
    fn emit(self, row: &Ident, module: &Ident, not_null_at: Option<usize>) -> TokenStream {
        let RowStruct { doc, attrs, fields, types, docs } = self;
        let row_param = used_param("row", !fields.is_empty());
        let not_null_at = not_null_at.map(|at| {
            let at = proc_macro2::Literal::usize_unsuffixed(at);
            quote! { const NOT_NULL_AT: Option<usize> = Some(#at); }
        });
        quote! {
            #doc
            #attrs
            pub struct #row {
                #( #docs pub #fields: #types, )*
            }
            impl sl::FromRow for #row {
                const WIDTH: usize = #module::table::COLUMNS.len();
                #not_null_at
                fn from_row<R: sl::RowSource>(#row_param: &mut sl::RowReader<'_, R>) -> sl::Result<Self> {
                    Ok(Self { #( #fields: row.next::<#types>()?, )* })
                }
            }
            impl sl::NullableRow for #row {}
        }
    }
}

/// A column's marker struct and its `sl::Column` impl. Markers derive only what the
/// query builder needs (`Copy`): a schema has thousands of columns, and a derived
/// `Debug` and `Default` on each cost a tenth of `cargo check` on large schemas.
///
/// With its SQL type known, the marker says it (`SQL_TYPE`, for casts) and, for `json`
/// and `jsonb` (domains over them too), implements `sl::JsonExpression`, whatever Rust
/// type the column is mapped to.
fn column_marker(
    doc: &TokenStream,
    field: &Ident,
    (ty, value): (&syn::Type, &syn::Type),
    relation_sql: &str,
    sql_name: &str,
    sql_type: Option<(&TypeRef, &Catalog)>,
) -> TokenStream {
    let column_sql = sql_names::quote(sql_name);
    let qualified = format!("{relation_sql}.{column_sql}");
    let cast = sql_type.map(|(ty, _)| {
        let cast = sql_names::cast_type(ty);
        quote! { const SQL_TYPE: &'static str = #cast; }
    });
    let json = sql_type.and_then(|(ty, catalog)| {
        let base = crate::validation::base_type(catalog, ty);
        let kind = match (base.name.schema.as_str(), base.name.name.as_str(), base.array_dims) {
            ("pg_catalog", "json", 0) => quote! { sl::Json },
            ("pg_catalog", "jsonb", 0) => quote! { sl::Jsonb },
            _ => return None,
        };
        Some(quote! { impl sl::JsonExpression for #field { type Kind = #kind; } })
    });
    quote! {
        #doc
        #[derive(Clone, Copy)]
        pub struct #field;
        impl sl::Column for #field {
            type Table = table;
            type Type = #ty;
            type Value = #value;
            const NAME: &'static str = #sql_name;
            const SQL: &'static str = #qualified;
            const SQL_NAME: &'static str = #column_sql;
            #cast
        }
        #json
    }
}

/// The `table` marker of a table or view module and its `sl::Table` impl.
fn table_marker(schema: &str, name: &str, doc: &TokenStream, row: &str, columns: &[&str]) -> Result<TokenStream> {
    let row = parse_type(&format!("super::{row}"))?;
    let relation_sql = sql_names::relation(schema, name);
    let select_all = select_list(&relation_sql, columns);
    Ok(quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default)]
        pub struct table;
        impl table {
            /// SQL names of the columns the row holds, in order.
            pub const COLUMNS: &'static [&'static str] = &[#(#columns),*];
        }
        impl sl::Table for table {
            type Row = #row;
            const SCHEMA: &'static str = #schema;
            const NAME: &'static str = #name;
            const COLUMNS: &'static [&'static str] = Self::COLUMNS;
            const SQL: &'static str = #relation_sql;
            const SELECT_ALL: &'static str = #select_all;
        }
    })
}

/// `t.a, t.b, …`: the qualified select list of every column.
fn select_list(relation_sql: &str, columns: &[&str]) -> String {
    columns.iter().map(|c| format!("{relation_sql}.{}", sql_names::quote(c))).collect::<Vec<_>>().join(", ")
}

/// A parameter's name, `_`-prefixed when the body does not use it (a table without
/// writable columns, a view without typed ones), so the code stays warning-free.
fn used_param(name: &str, used: bool) -> Ident {
    ident(&if used { name.to_string() } else { format!("_{name}") })
}
