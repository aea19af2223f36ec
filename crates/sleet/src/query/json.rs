//! Paths into `json` and `jsonb` values: `->`, `->>`, `#>`, `#>>`, and on `jsonb`
//! `@>`, `<@`, `?`, `?|`, `?&` and `jsonb_path_exists`, typed by what they yield.
//!
//! A column is JSON by its SQL type, not its Rust type: the generator implements
//! [`JsonExpression`] for every `json`/`jsonb` column, so a column mapped to a type of
//! your own (`column_types`) still decodes as that type when selected whole, while a
//! path into it yields a `serde_json::Value` (or text, or a test).

#[cfg(feature = "serde_json")]
use super::expr::AsExpr;
use super::expr::Expression;
use super::SqlWriter;
#[cfg(feature = "serde_json")]
use serde_json::Value;
use std::marker::PhantomData;

/// `json`: the value as written, keys in order, duplicates kept.
#[derive(Clone, Copy, Debug)]
pub enum Json {}
/// `jsonb`: the decomposed binary form, with the containment and key operators.
#[derive(Clone, Copy, Debug)]
pub enum Jsonb {}

/// An expression whose SQL type is `json` or `jsonb` (`Kind`): a JSON column, or a
/// path into one.
pub trait JsonExpression: Expression {
    /// [`Json`] or [`Jsonb`].
    type Kind: Send + Sync + 'static;
}

/// A key into an object (`&str`, `String`) or an index into an array (`i32`,
/// negative counts from the end).
pub trait JsonKey: Send + Sync {
    /// Writes it as a parameter.
    fn write_key<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl JsonKey for &str {
    fn write_key<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.bind(self);
    }
}

impl JsonKey for String {
    fn write_key<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.bind(self);
    }
}

impl JsonKey for i32 {
    fn write_key<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.bind(self);
        // A prepared statement infers an untyped key as text (the object form).
        out.push("::int4");
    }
}

/// `value -> key` (`Output = O` of JSON) and `value ->> key` (text).
#[derive(Clone, Debug)]
pub struct Get<E, K, V> {
    value: E,
    op: &'static str,
    key: K,
    yields: PhantomData<fn() -> V>,
}

impl<E: JsonExpression, K: JsonKey, V> Expression for Get<E, K, V> {
    type Value = V;
    type Output = Option<V>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.value.write(out);
        out.push(self.op);
        self.key.write_key(out);
    }
}

#[cfg(feature = "serde_json")]
impl<E: JsonExpression, K: JsonKey> JsonExpression for Get<E, K, Value> {
    type Kind = E::Kind;
}

/// `value #> path` (JSON) and `value #>> path` (text).
#[derive(Clone, Debug)]
pub struct GetPath<E, V> {
    value: E,
    op: &'static str,
    path: Vec<String>,
    yields: PhantomData<fn() -> V>,
}

impl<E: JsonExpression, V> Expression for GetPath<E, V> {
    type Value = V;
    type Output = Option<V>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.value.write(out);
        out.push(self.op);
        out.bind(&self.path);
    }
}

#[cfg(feature = "serde_json")]
impl<E: JsonExpression> JsonExpression for GetPath<E, Value> {
    type Kind = E::Kind;
}

/// A test on a `jsonb` value: `@>`, `<@`, `?`, `?|`, `?&`.
#[derive(Clone, Debug)]
pub struct JsonTest<E, R> {
    value: E,
    op: &'static str,
    right: R,
}

impl<E: Expression, R: Send + Sync + JsonOperand> Expression for JsonTest<E, R> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.value.write(out);
        out.push(self.op);
        self.right.write_operand(out);
    }
}

/// The right side of a [`JsonTest`]: an expression, or bound keys.
pub trait JsonOperand {
    /// Writes it.
    fn write_operand<'a>(&'a self, out: &mut SqlWriter<'a>);
}

/// Keys bound as one `text[]`.
#[derive(Clone, Debug)]
pub struct Keys(Vec<String>);

impl JsonOperand for Keys {
    fn write_operand<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.bind(&self.0);
    }
}

/// One key bound as `text`.
#[derive(Clone, Debug)]
pub struct Key(String);

impl JsonOperand for Key {
    fn write_operand<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.bind(&self.0);
    }
}

/// A JSON operand given as an expression (a `serde_json::Value` binds as `jsonb`).
#[derive(Clone, Debug)]
pub struct Operand<R>(R);

impl<R: Expression> JsonOperand for Operand<R> {
    fn write_operand<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.0.write(out);
    }
}

/// `jsonb_path_exists(value, path::text::jsonpath)`.
#[derive(Clone, Debug)]
pub struct PathExists<E> {
    value: E,
    path: String,
}

impl<E: Expression> Expression for PathExists<E> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("jsonb_path_exists(");
        self.value.write(out);
        out.push(", ");
        out.bind(&self.path);
        // Bound as text (which every driver encodes) and cast: the server parses it.
        out.push("::text::jsonpath)");
    }
}

/// The JSON operators, on every [`JsonExpression`] (in the prelude; feature
/// `serde_json`, the type paths to JSON yield).
///
/// ```
/// # use sleet::prelude::*;
/// # use sleet::query::json::{Jsonb, JsonExpression};
/// # #[derive(Clone, Copy, Default)] struct events;
/// # impl Table for events { type Row = (i64,); const SCHEMA: &'static str = "public"; const NAME: &'static str = "events";
/// #   const COLUMNS: &'static [&'static str] = &["payload"]; const SQL: &'static str = "events"; const SELECT_ALL: &'static str = "events.payload"; }
/// # #[derive(Clone, Copy)] struct payload;
/// # impl Column for payload { type Table = events; type Type = sleet::types::serde_json::Value; type Value = sleet::types::serde_json::Value;
/// #   const NAME: &'static str = "payload"; const SQL: &'static str = "events.payload"; const SQL_NAME: &'static str = "payload"; }
/// # impl JsonExpression for payload { type Kind = Jsonb; }
/// let query = select((payload.get("user").get_text("name"), payload.path_text(["tags", "0"])))
///     .from(events)
///     .filter(payload.has_key("user").and(payload.get_text("kind").eq("click")))
///     .order_by(payload.get("at").desc());
/// assert_eq!(
///     query.to_sql().0,
///     "SELECT events.payload -> $1 ->> $2, events.payload #>> $3 FROM events \
///      WHERE (events.payload ? $4 AND events.payload ->> $5 = $6) ORDER BY events.payload -> $7 DESC"
/// );
/// ```
///
/// The `jsonb` operators do not compile on a `json` column (the example above, with
/// `Kind = Json`):
///
/// ```compile_fail
/// # use sleet::prelude::*;
/// # use sleet::query::json::{Json, JsonExpression};
/// # #[derive(Clone, Copy, Default)] struct events;
/// # impl Table for events { type Row = (i64,); const SCHEMA: &'static str = "public"; const NAME: &'static str = "events";
/// #   const COLUMNS: &'static [&'static str] = &["payload"]; const SQL: &'static str = "events"; const SELECT_ALL: &'static str = "events.payload"; }
/// # #[derive(Clone, Copy)] struct payload;
/// # impl Column for payload { type Table = events; type Type = sleet::types::serde_json::Value; type Value = sleet::types::serde_json::Value;
/// #   const NAME: &'static str = "payload"; const SQL: &'static str = "events.payload"; const SQL_NAME: &'static str = "payload"; }
/// # impl JsonExpression for payload { type Kind = Json; }
/// let query = select(payload.get_text("kind")).from(events).filter(payload.has_key("user"));
/// ```
#[cfg(feature = "serde_json")]
pub trait JsonExt: JsonExpression + Sized {
    /// `self -> key`: the member (or array element) as JSON; NULL when absent.
    fn get<K: JsonKey>(self, key: K) -> Get<Self, K, Value> {
        Get { value: self, op: " -> ", key, yields: PhantomData }
    }
    /// `self ->> key`: the member as text (a string without its quotes); NULL when
    /// absent or JSON `null`.
    fn get_text<K: JsonKey>(self, key: K) -> Get<Self, K, String> {
        Get { value: self, op: " ->> ", key, yields: PhantomData }
    }
    /// `self #> path`: the value at a path of keys and array indexes (as text:
    /// `["tags", "0"]`), as JSON.
    fn path<S: Into<String>>(self, path: impl IntoIterator<Item = S>) -> GetPath<Self, Value> {
        GetPath { value: self, op: " #> ", path: path.into_iter().map(Into::into).collect(), yields: PhantomData }
    }
    /// `self #>> path`: the value at a path, as text.
    fn path_text<S: Into<String>>(self, path: impl IntoIterator<Item = S>) -> GetPath<Self, String> {
        GetPath { value: self, op: " #>> ", path: path.into_iter().map(Into::into).collect(), yields: PhantomData }
    }
    /// `self @> other` (`jsonb`): holds every path and value of `other`.
    fn json_contains<R: AsExpr<Value>>(self, other: R) -> JsonTest<Self, Operand<R::Expr>>
    where
        Self: JsonExpression<Kind = Jsonb>,
    {
        JsonTest { value: self, op: " @> ", right: Operand(other.into_expr()) }
    }
    /// `self <@ other` (`jsonb`): every path and value is in `other`.
    fn json_contained_by<R: AsExpr<Value>>(self, other: R) -> JsonTest<Self, Operand<R::Expr>>
    where
        Self: JsonExpression<Kind = Jsonb>,
    {
        JsonTest { value: self, op: " <@ ", right: Operand(other.into_expr()) }
    }
    /// `self ? key` (`jsonb`): the object has the key (or the array the string).
    fn has_key(self, key: impl Into<String>) -> JsonTest<Self, Key>
    where
        Self: JsonExpression<Kind = Jsonb>,
    {
        JsonTest { value: self, op: " ? ", right: Key(key.into()) }
    }
    /// `self ?| keys` (`jsonb`): any of the keys is there.
    fn has_any_key<S: Into<String>>(self, keys: impl IntoIterator<Item = S>) -> JsonTest<Self, Keys>
    where
        Self: JsonExpression<Kind = Jsonb>,
    {
        JsonTest { value: self, op: " ?| ", right: Keys(keys.into_iter().map(Into::into).collect()) }
    }
    /// `self ?& keys` (`jsonb`): all of the keys are there.
    fn has_all_keys<S: Into<String>>(self, keys: impl IntoIterator<Item = S>) -> JsonTest<Self, Keys>
    where
        Self: JsonExpression<Kind = Jsonb>,
    {
        JsonTest { value: self, op: " ?& ", right: Keys(keys.into_iter().map(Into::into).collect()) }
    }
    /// `jsonb_path_exists(self, path)` (`jsonb`): the SQL/JSON path (`$.tags[*] ? (@ == "x")`)
    /// yields an item. A malformed path is the server's error when the statement runs.
    fn path_exists(self, path: impl Into<String>) -> PathExists<Self>
    where
        Self: JsonExpression<Kind = Jsonb>,
    {
        PathExists { value: self, path: path.into() }
    }
}

#[cfg(feature = "serde_json")]
impl<E: JsonExpression> JsonExt for E {}
