//! User types: enums (with their exact SQL labels), composite types and domain
//! newtypes.

use super::plan::{Plan, Serde};
use super::{doc_lines, field_doc, ident, parse_type};
use crate::error::Result;
use crate::ident::{camel, snake, Namespace};
use crate::report::Note;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use sleet_catalog::{Composite, Domain, EnumType, QualifiedName};

impl Plan<'_> {
    pub(super) fn enum_item(&self, schema: &str, e: &EnumType) -> TokenStream {
        let q = QualifiedName::new(schema, &e.name);
        let name = ident(&self.types[&q]);
        let mut ns = Namespace::default();
        let mut ignored = Vec::new();
        let variants: Vec<Ident> =
            e.labels.iter().map(|l| ident(&ns.claim(&camel(l), "variant", &mut ignored))).collect();
        let labels = &e.labels;
        let docs = labels.iter().map(|l| format!(" `{l}`"));
        // With serde, a variant reads and writes its exact SQL label.
        let renames = labels.iter().map(|l| self.config.serde.then(|| quote! { #[serde(rename = #l)] }));
        let doc = doc_lines(&format!("The `{q}` enum."), e.comment.as_deref());
        let attrs = self.attrs(
            &["Clone", "Copy", "Debug", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord"],
            &self.types[&q],
            None,
            Serde::Both,
        );
        let sql_schema = schema;
        let sql_name = &e.name;
        quote! {
            #doc
            #attrs
            pub enum #name {
                #( #[doc = #docs] #renames #variants, )*
            }
            impl sl::SqlEnum for #name {
                const SCHEMA: &'static str = #sql_schema;
                const NAME: &'static str = #sql_name;
                const VARIANTS: &'static [Self] = &[#(Self::#variants),*];
                const LABELS: &'static [&'static str] = &[#(#labels),*];
            }
            sl::impl_sql_enum!(#name);
        }
    }

    pub(super) fn composite_item(
        &self,
        schema: &str,
        c: &Composite,
        depth: usize,
        notes: &mut Vec<Note>,
    ) -> Result<TokenStream> {
        let q = QualifiedName::new(schema, &c.name);
        let name = ident(&self.types[&q]);
        let mut ns = Namespace::default();
        let mut fields = Vec::new();
        let mut types = Vec::new();
        for f in &c.fields {
            fields.push(ident(&ns.claim(&snake(&f.name), &format!("attribute {q}.{}", f.name), notes)));
            let ty = self.rust_type(&f.ty, depth, schema, &format!("{q}.{}", f.name), notes)?;
            types.push(parse_type(&format!("Option<{ty}>"))?);
        }
        let docs = c.fields.iter().map(|f| field_doc(&f.name, &f.ty, true, f.comment.as_deref()));
        let doc = doc_lines(&format!("The `{q}` composite type."), c.comment.as_deref());
        let attrs = self.attrs(&["Clone", "Debug", "PartialEq"], &self.types[&q], None, Serde::Both);
        let (sql_schema, sql_name) = (schema, &c.name);
        Ok(quote! {
            #doc
            #attrs
            pub struct #name {
                #( #docs pub #fields: #types, )*
            }
            impl sl::SqlComposite for #name {
                const SCHEMA: &'static str = #sql_schema;
                const NAME: &'static str = #sql_name;
                fn decode_fields(fields: &mut sl::CompositeReader<'_>) -> Result<Self, sl::BoxError> {
                    Ok(Self { #( #fields: fields.next()?, )* })
                }
                fn encode_fields(&self, fields: &mut sl::CompositeWriter<'_>) -> Result<(), sl::BoxError> {
                    #( fields.write(&self.#fields)?; )*
                    Ok(())
                }
            }
            sl::impl_sql_composite!(#name);
        })
    }

    pub(super) fn domain_item(
        &self,
        schema: &str,
        d: &Domain,
        depth: usize,
        notes: &mut Vec<Note>,
    ) -> Result<TokenStream> {
        let q = QualifiedName::new(schema, &d.name);
        let name = ident(&self.types[&q]);
        let base = parse_type(&self.rust_type(&d.base, depth, schema, &format!("domain {q}"), notes)?)?;
        let doc = doc_lines(&format!("The `{q}` domain over `{}`.", d.base), d.comment.as_deref());
        let attrs = self.attrs(&["Clone", "Debug", "PartialEq"], &self.types[&q], None, Serde::Both);
        let (sql_schema, sql_name) = (schema, &d.name);
        Ok(quote! {
            #doc
            #attrs
            pub struct #name(pub #base);
            impl sl::SqlDomain for #name {
                type Base = #base;
                const SCHEMA: &'static str = #sql_schema;
                const NAME: &'static str = #sql_name;
                fn from_base(base: #base) -> Self { Self(base) }
                fn base(&self) -> &#base { &self.0 }
            }
            sl::impl_sql_domain!(#name);
        })
    }
}
