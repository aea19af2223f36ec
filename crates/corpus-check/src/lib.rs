//! Code generated from every schema of the corpus, and the golden files (see
//! `build.rs`). That this crate builds warning-free under `-D warnings` is the test.

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

/// User types that the golden `overrides` case maps columns to.
pub mod golden_support {
    use sleet::__private::{BoxError, BytesMut, FromSql, IsNull, ToSql, Type};

    /// A `jsonb` value kept as JSON text.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Json(pub sleet::types::serde_json::Value);

    impl<'a> FromSql<'a> for Json {
        fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
            sleet::types::serde_json::Value::from_sql(ty, raw).map(Json)
        }
        fn accepts(ty: &Type) -> bool {
            <sleet::types::serde_json::Value as FromSql>::accepts(ty)
        }
    }

    impl ToSql for Json {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            self.0.to_sql(ty, out)
        }
        fn accepts(ty: &Type) -> bool {
            <sleet::types::serde_json::Value as ToSql>::accepts(ty)
        }
        sleet::__private::to_sql_checked!();
    }

    /// A `text[]` of tags.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct Tags(pub Vec<String>);

    impl<'a> FromSql<'a> for Tags {
        fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
            Vec::<String>::from_sql(ty, raw).map(Tags)
        }
        fn accepts(ty: &Type) -> bool {
            <Vec<String> as FromSql>::accepts(ty)
        }
    }

    impl ToSql for Tags {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            self.0.to_sql(ty, out)
        }
        fn accepts(ty: &Type) -> bool {
            <Vec<String> as ToSql>::accepts(ty)
        }
        sleet::__private::to_sql_checked!();
    }

    /// The golden `validation` case's rule of its own for `accounts.website`, checked
    /// after the schema's.
    pub fn no_tracking(website: &str) -> Result<(), sleet::Violation> {
        if website.contains("utm_") {
            return Err(sleet::Violation::custom("tracking", "must not carry tracking parameters"));
        }
        Ok(())
    }

    /// The golden `validation` case's rule for `accounts.bio`, instead of the schema's
    /// `bio <> ''`: not blank either.
    pub fn bio(bio: &str) -> Result<(), sleet::Violation> {
        if bio.trim().is_empty() {
            return Err(sleet::Violation::custom("blank", "must not be blank"));
        }
        Ok(())
    }

    impl sleet::FromColumn for Json {}
    impl sleet::FromColumn for Tags {}

    impl sleet::SqlParam for Json {
        fn param_type() -> Type {
            Type::JSONB
        }
    }
    impl sleet::SqlParam for Tags {
        fn param_type() -> Type {
            Type::TEXT_ARRAY
        }
    }
}
