//! Typed SQL expressions. Every expression knows the Rust type of its value
//! (`Value`, without nullability, for type checking) and of what decoding it yields
//! (`Output`, `Option<_>` when it may be NULL). Comparing a column with a value of
//! the wrong type does not compile.

use super::SqlWriter;
use crate::params::SqlParam;
use crate::schema::{Column, FromRow, Table};
use std::marker::PhantomData;

/// A typed SQL expression.
pub trait Expression: Send + Sync {
    /// The Rust type of its non-NULL value.
    type Value;
    /// What decoding it yields.
    type Output;
    /// Writes it.
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>);
    /// The qualified column it is (`posts.id`), when it is just a column.
    fn as_column(&self) -> Option<&'static str> {
        None
    }
}

impl<C: Column> Expression for C {
    type Value = C::Value;
    type Output = C::Type;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push_column(C::SQL);
    }
    fn as_column(&self) -> Option<&'static str> {
        Some(C::SQL)
    }
}

/// A bound value: always a parameter, never text in the SQL.
#[derive(Clone, Copy, Debug)]
pub struct Bind<T, V = T>(pub T, PhantomData<fn() -> V>);

impl<T, V> Bind<T, V> {
    /// Binds `value` as an expression of type `V`.
    pub fn new(value: T) -> Self {
        Bind(value, PhantomData)
    }
}

impl<T: SqlParam + Send, V> Expression for Bind<T, V> {
    type Value = V;
    type Output = V;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.bind(&self.0);
    }
}

/// Something usable where an expression of type `V` is expected: an expression of
/// that type, or a Rust value (bound as a parameter).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as an SQL value of type `{V}`",
    label = "expected a value or column of Rust type `{V}`",
    note = "a column compares with values of its own Rust type (`Option` columns with the inner type)"
)]
pub trait AsExpr<V> {
    /// The expression it becomes.
    type Expr: Expression<Value = V>;
    /// Converts it.
    fn into_expr(self) -> Self::Expr;
}

#[diagnostic::do_not_recommend] // report "cannot be used as an SQL value", not "is not a Column"
impl<E: Expression> AsExpr<E::Value> for E {
    type Expr = E;
    fn into_expr(self) -> E {
        self
    }
}

/// Implements [`AsExpr`] for Rust values that bind as parameters.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_as_expr {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::__private::AsExpr<$ty> for $ty {
            type Expr = $crate::__private::Bind<$ty>;
            fn into_expr(self) -> Self::Expr {
                $crate::__private::Bind::new(self)
            }
        }
    )*};
}

impl_as_expr!(bool, i8, i16, i32, i64, u32, f32, f64, String, Vec<u8>, std::net::IpAddr);
impl_as_expr!(crate::types::Inet, crate::types::Interval, crate::types::Money, crate::types::RawValue);
impl_as_expr!(Vec<bool>, Vec<i16>, Vec<i32>, Vec<i64>, Vec<String>);
#[cfg(feature = "chrono")]
impl_as_expr!(chrono::NaiveDate, chrono::NaiveTime, chrono::NaiveDateTime, chrono::DateTime<chrono::Utc>);
#[cfg(feature = "time")]
impl_as_expr!(time::Date, time::Time, time::PrimitiveDateTime, time::OffsetDateTime);
#[cfg(feature = "uuid")]
impl_as_expr!(uuid::Uuid, Vec<uuid::Uuid>);
#[cfg(feature = "rust_decimal")]
impl_as_expr!(rust_decimal::Decimal);
#[cfg(feature = "serde_json")]
impl_as_expr!(serde_json::Value);

impl<'s> AsExpr<String> for &'s str {
    type Expr = Bind<&'s str, String>;
    fn into_expr(self) -> Self::Expr {
        Bind::new(self)
    }
}

/// `left op right`.
#[derive(Clone, Copy, Debug)]
pub struct Binary<L, R, V> {
    left: L,
    op: &'static str,
    right: R,
    value: PhantomData<fn() -> V>,
}

impl<L: Expression, R: Expression, V> Expression for Binary<L, R, V> {
    type Value = V;
    type Output = Option<V>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.left.write(out);
        out.push(self.op);
        self.right.write(out);
    }
}

/// `(a AND b)` / `(a OR b)`.
#[derive(Clone, Copy, Debug)]
pub struct Logical<L, R> {
    left: L,
    op: &'static str,
    right: R,
}

impl<L: Expression<Value = bool>, R: Expression<Value = bool>> Expression for Logical<L, R> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("(");
        self.left.write(out);
        out.push(self.op);
        self.right.write(out);
        out.push(")");
    }
}

/// A condition that may be absent: `maybe(role.map(|r| users::role.eq(r)))` tests the
/// role when a request gives one and nothing (`TRUE`) when it does not, so a query
/// built from optional parameters keeps one type.
pub fn maybe<E: Expression<Value = bool>>(condition: Option<E>) -> Maybe<E> {
    Maybe(condition)
}

/// The condition of [`maybe`].
#[derive(Clone, Copy, Debug)]
pub struct Maybe<E>(Option<E>);

impl<E: Expression<Value = bool>> Expression for Maybe<E> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        match &self.0 {
            Some(condition) => condition.write(out),
            None => out.push("TRUE"),
        }
    }
}

/// `NOT e`, `e IS NULL`, and other one-operand tests; `O` is `Option<bool>` when the
/// result may be NULL.
#[derive(Clone, Copy, Debug)]
pub struct Unary<E, O> {
    prefix: &'static str,
    expr: E,
    suffix: &'static str,
    value: PhantomData<fn() -> O>,
}

impl<E: Expression, O> Expression for Unary<E, O> {
    type Value = bool;
    type Output = O;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(self.prefix);
        self.expr.write(out);
        out.push(self.suffix);
    }
}

/// `e IN (…)` / `e NOT IN (…)`; an empty list is `false` (or `true` for NOT IN), as
/// SQL means it.
#[derive(Clone, Debug)]
pub struct InList<E, I> {
    expr: E,
    items: Vec<I>,
    negated: bool,
}

impl<E: Expression, I: Expression> Expression for InList<E, I> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        if self.items.is_empty() {
            out.push(if self.negated { "true" } else { "false" });
            return;
        }
        self.expr.write(out);
        out.push(if self.negated { " NOT IN (" } else { " IN (" });
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            item.write(out);
        }
        out.push(")");
    }
}

/// `e BETWEEN low AND high`.
#[derive(Clone, Copy, Debug)]
pub struct Between<E, L, H> {
    expr: E,
    low: L,
    high: H,
    negated: bool,
}

impl<E: Expression, L: Expression, H: Expression> Expression for Between<E, L, H> {
    type Value = bool;
    type Output = Option<bool>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.expr.write(out);
        out.push(if self.negated { " NOT BETWEEN " } else { " BETWEEN " });
        self.low.write(out);
        out.push(" AND ");
        self.high.write(out);
    }
}

/// The methods every expression has: comparisons, logic, patterns, ordering.
pub trait ExpressionExt: Expression + Sized {
    /// `self = rhs`.
    fn eq<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool> {
        binary(self, " = ", rhs.into_expr())
    }
    /// `self <> rhs`.
    fn ne<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool> {
        binary(self, " <> ", rhs.into_expr())
    }
    /// `self < rhs`.
    fn lt<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool> {
        binary(self, " < ", rhs.into_expr())
    }
    /// `self <= rhs`.
    fn le<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool> {
        binary(self, " <= ", rhs.into_expr())
    }
    /// `self > rhs`.
    fn gt<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool> {
        binary(self, " > ", rhs.into_expr())
    }
    /// `self >= rhs`.
    fn ge<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool> {
        binary(self, " >= ", rhs.into_expr())
    }
    /// `self LIKE pattern`.
    fn like<R: AsExpr<String>>(self, pattern: R) -> Binary<Self, R::Expr, bool>
    where
        Self: Expression<Value = String>,
    {
        binary(self, " LIKE ", pattern.into_expr())
    }
    /// `self NOT LIKE pattern`.
    fn not_like<R: AsExpr<String>>(self, pattern: R) -> Binary<Self, R::Expr, bool>
    where
        Self: Expression<Value = String>,
    {
        binary(self, " NOT LIKE ", pattern.into_expr())
    }
    /// `self ILIKE pattern` (case-insensitive).
    fn ilike<R: AsExpr<String>>(self, pattern: R) -> Binary<Self, R::Expr, bool>
    where
        Self: Expression<Value = String>,
    {
        binary(self, " ILIKE ", pattern.into_expr())
    }
    /// `self NOT ILIKE pattern`.
    fn not_ilike<R: AsExpr<String>>(self, pattern: R) -> Binary<Self, R::Expr, bool>
    where
        Self: Expression<Value = String>,
    {
        binary(self, " NOT ILIKE ", pattern.into_expr())
    }
    /// `self + rhs`.
    fn add<R: AsExpr<Self::Value>>(self, rhs: R) -> Arithmetic<Self, R::Expr> {
        Arithmetic { left: self, op: " + ", right: rhs.into_expr() }
    }
    /// `self - rhs`.
    fn sub<R: AsExpr<Self::Value>>(self, rhs: R) -> Arithmetic<Self, R::Expr> {
        Arithmetic { left: self, op: " - ", right: rhs.into_expr() }
    }
    /// `self * rhs`.
    fn mul<R: AsExpr<Self::Value>>(self, rhs: R) -> Arithmetic<Self, R::Expr> {
        Arithmetic { left: self, op: " * ", right: rhs.into_expr() }
    }
    /// `self / rhs` (integer division for integers, as in SQL).
    fn div<R: AsExpr<Self::Value>>(self, rhs: R) -> Arithmetic<Self, R::Expr> {
        Arithmetic { left: self, op: " / ", right: rhs.into_expr() }
    }
    /// `(self AND rhs)`.
    fn and<R: Expression<Value = bool>>(self, rhs: R) -> Logical<Self, R>
    where
        Self: Expression<Value = bool>,
    {
        Logical { left: self, op: " AND ", right: rhs }
    }
    /// `(self OR rhs)`.
    fn or<R: Expression<Value = bool>>(self, rhs: R) -> Logical<Self, R>
    where
        Self: Expression<Value = bool>,
    {
        Logical { left: self, op: " OR ", right: rhs }
    }
    /// `NOT (self)`.
    fn not(self) -> Unary<Self, Option<bool>>
    where
        Self: Expression<Value = bool>,
    {
        Unary { prefix: "NOT (", expr: self, suffix: ")", value: PhantomData }
    }
    /// `self IS NULL`.
    #[allow(clippy::wrong_self_convention)] // named after SQL's IS NULL, and consumes like every builder
    fn is_null(self) -> Unary<Self, bool> {
        Unary { prefix: "", expr: self, suffix: " IS NULL", value: PhantomData }
    }
    /// `self IS NOT NULL`.
    #[allow(clippy::wrong_self_convention)] // named after SQL's IS NOT NULL
    fn is_not_null(self) -> Unary<Self, bool> {
        Unary { prefix: "", expr: self, suffix: " IS NOT NULL", value: PhantomData }
    }
    /// `self IN (a, b, …)`; an empty list matches nothing.
    fn in_list<R: AsExpr<Self::Value>>(self, items: impl IntoIterator<Item = R>) -> InList<Self, R::Expr> {
        InList { expr: self, items: items.into_iter().map(AsExpr::into_expr).collect(), negated: false }
    }
    /// `self NOT IN (a, b, …)`; an empty list matches everything.
    fn not_in_list<R: AsExpr<Self::Value>>(self, items: impl IntoIterator<Item = R>) -> InList<Self, R::Expr> {
        InList { expr: self, items: items.into_iter().map(AsExpr::into_expr).collect(), negated: true }
    }
    /// `self IN (SELECT …)`: the subquery selects one expression of the same type.
    fn in_subquery<Q: super::subquery::Subquery<Value = Self::Value>>(
        self,
        query: Q,
    ) -> super::subquery::InSubquery<Self, Q> {
        super::subquery::InSubquery { expr: self, query, negated: false }
    }
    /// `self NOT IN (SELECT …)`.
    fn not_in_subquery<Q: super::subquery::Subquery<Value = Self::Value>>(
        self,
        query: Q,
    ) -> super::subquery::InSubquery<Self, Q> {
        super::subquery::InSubquery { expr: self, query, negated: true }
    }
    /// `self @> rhs`: the array holds every element of `rhs`.
    fn contains<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool>
    where
        Self::Value: IsArray,
    {
        binary(self, " @> ", rhs.into_expr())
    }
    /// `self <@ rhs`: every element of the array is in `rhs`.
    fn contained_by<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool>
    where
        Self::Value: IsArray,
    {
        binary(self, " <@ ", rhs.into_expr())
    }
    /// `self && rhs`: the arrays share an element.
    fn overlaps<R: AsExpr<Self::Value>>(self, rhs: R) -> Binary<Self, R::Expr, bool>
    where
        Self::Value: IsArray,
    {
        binary(self, " && ", rhs.into_expr())
    }
    /// `self BETWEEN low AND high`.
    fn between<L: AsExpr<Self::Value>, H: AsExpr<Self::Value>>(
        self,
        low: L,
        high: H,
    ) -> Between<Self, L::Expr, H::Expr> {
        Between { expr: self, low: low.into_expr(), high: high.into_expr(), negated: false }
    }
    /// `self NOT BETWEEN low AND high`.
    fn not_between<L: AsExpr<Self::Value>, H: AsExpr<Self::Value>>(
        self,
        low: L,
        high: H,
    ) -> Between<Self, L::Expr, H::Expr> {
        Between { expr: self, low: low.into_expr(), high: high.into_expr(), negated: true }
    }
    /// The same expression, decoding as `Option`: for columns of the outer side of a
    /// `LEFT`/`RIGHT`/`FULL JOIN`, which are NULL where nothing matched.
    fn nullable(self) -> Nullable<Self> {
        Nullable(self)
    }
    /// Ascending order.
    fn asc(self) -> Order<Self> {
        Order { expr: self, direction: " ASC", nulls: "" }
    }
    /// Descending order.
    fn desc(self) -> Order<Self> {
        Order { expr: self, direction: " DESC", nulls: "" }
    }
}

impl<E: Expression> ExpressionExt for E {}

/// Array types, for the array operators.
pub trait IsArray {}
impl<T> IsArray for Vec<T> {}

/// `(left op right)` of one type: `stock - 1`, `price * 2`.
#[derive(Clone, Copy, Debug)]
pub struct Arithmetic<L, R> {
    left: L,
    op: &'static str,
    right: R,
}

impl<L: Expression, R: Expression> Expression for Arithmetic<L, R> {
    type Value = L::Value;
    type Output = L::Output;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("(");
        self.left.write(out);
        out.push(self.op);
        self.right.write(out);
        out.push(")");
    }
}

/// `EXCLUDED.column` in an upsert: the value the conflicting insert proposed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Excluded<C>(C);

/// The value the conflicting row of an upsert proposed for `column`.
pub fn excluded<C: Column>(column: C) -> Excluded<C> {
    Excluded(column)
}

impl<C: Column> Expression for Excluded<C> {
    type Value = C::Value;
    type Output = C::Type;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("excluded.");
        out.push(C::SQL_NAME);
    }
}

/// An expression that may be NULL: see [`ExpressionExt::nullable`].
#[derive(Clone, Copy, Debug)]
pub struct Nullable<E>(E);

impl<E: Expression> Expression for Nullable<E> {
    type Value = E::Value;
    type Output = Option<E::Value>;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.0.write(out);
    }
}

fn binary<L, R, V>(left: L, op: &'static str, right: R) -> Binary<L, R, V> {
    Binary { left, op, right, value: PhantomData }
}

/// An `ORDER BY` item.
#[derive(Clone, Copy, Debug)]
pub struct Order<E> {
    expr: E,
    direction: &'static str,
    nulls: &'static str,
}

impl<E> Order<E> {
    /// `NULLS FIRST`.
    pub fn nulls_first(mut self) -> Self {
        self.nulls = " NULLS FIRST";
        self
    }
    /// `NULLS LAST`.
    pub fn nulls_last(mut self) -> Self {
        self.nulls = " NULLS LAST";
        self
    }
}

/// One or more `ORDER BY` items: an [`Order`], a bare expression (ascending), or a
/// tuple of them.
pub trait OrderList: Send + Sync {
    /// Writes the items, comma-separated.
    fn write_order<'a>(&'a self, out: &mut SqlWriter<'a>);
}

impl<E: Expression> OrderList for Order<E> {
    fn write_order<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.expr.write(out);
        if self.direction != " ASC" {
            out.push(self.direction);
        }
        out.push(self.nulls);
    }
}

impl<E: Expression> OrderList for E {
    fn write_order<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.write(out);
    }
}

macro_rules! tuple_order {
    ($($name:ident : $idx:tt),+) => {
        impl<$($name: OrderList),+> OrderList for ($($name,)+) {
            fn write_order<'a>(&'a self, out: &mut SqlWriter<'a>) {
                let mut _first = true;
                $(
                    if !_first { out.push(", "); }
                    _first = false;
                    self.$idx.write_order(out);
                )+
            }
        }
    };
}
tuple_order!(A: 0);
tuple_order!(A: 0, B: 1);
tuple_order!(A: 0, B: 1, C: 2);
tuple_order!(A: 0, B: 1, C: 2, D: 3);

/// What a `SELECT` lists: an expression, a tuple of them, or a whole table's row.
pub trait Selection: Send + Sync {
    /// What each row decodes into.
    type Output: FromRow;
    /// Writes the select list.
    fn write_selection<'a>(&'a self, out: &mut SqlWriter<'a>);
    /// Where in the select list the qualified `column` is selected as it is, if it is:
    /// a nested read then reads relation keys from there instead of selecting them twice.
    fn position_of(&self, column: &str) -> Option<usize> {
        let _ = column;
        None
    }
}

impl<E: Expression> Selection for E
where
    E::Output: FromRow,
{
    type Output = E::Output;
    fn write_selection<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.write(out);
    }
    fn position_of(&self, column: &str) -> Option<usize> {
        (self.as_column() == Some(column)).then_some(0)
    }
}

/// A group of selected columns as one `Option`, for the outer side of a join: see
/// [`TupleExt::nullable`] and [`AllColumns::nullable`].
#[derive(Clone, Copy, Debug, Default)]
pub struct NullableGroup<S>(pub S);

impl<S: Selection> Selection for NullableGroup<S>
where
    S::Output: crate::schema::NullableRow,
{
    type Output = Option<S::Output>;
    fn write_selection<'a>(&'a self, out: &mut SqlWriter<'a>) {
        self.0.write_selection(out);
    }
}

/// Tuples in select lists.
pub trait TupleExt: Selection + Sized {
    /// The columns as one `Option`, as on the outer side of a `LEFT JOIN` that matched
    /// nothing: `None` where the first column that cannot be NULL (one not decoded as
    /// an `Option`) is NULL, or, when every column decodes as an `Option`, where all
    /// are. Over `users LEFT JOIN posts`,
    /// `select((users::table.all_columns(), (posts::id, posts::title).nullable()))`
    /// decodes as `(User, Option<(i32, String)>)`. Include a column that is never NULL
    /// in a match (the primary key), so that a match is never taken for a miss.
    fn nullable(self) -> NullableGroup<Self> {
        NullableGroup(self)
    }
}

macro_rules! tuple_selection {
    ($($name:ident : $idx:tt),+) => {
        impl<$($name: Selection),+> Selection for ($($name,)+) {
            type Output = ($($name::Output,)+);
            fn write_selection<'a>(&'a self, out: &mut SqlWriter<'a>) {
                let mut _first = true;
                $(
                    if !_first { out.push(", "); }
                    _first = false;
                    self.$idx.write_selection(out);
                )+
            }
            fn position_of(&self, column: &str) -> Option<usize> {
                let mut _start = 0;
                $(
                    if let Some(idx) = self.$idx.position_of(column) {
                        return Some(_start + idx);
                    }
                    _start += <$name::Output as FromRow>::WIDTH;
                )+
                None
            }
        }
        impl<$($name: Selection),+> TupleExt for ($($name,)+) {}
    };
}
tuple_selection!(A: 0);
tuple_selection!(A: 0, B: 1);
tuple_selection!(A: 0, B: 1, C: 2);
tuple_selection!(A: 0, B: 1, C: 2, D: 3);
tuple_selection!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_selection!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_selection!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_selection!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);

/// Every column of a table, decoding into its row struct: `users::table.all_columns()`
/// in a select list, next to columns or other tables' rows.
#[derive(Clone, Copy, Debug, Default)]
pub struct AllColumns<T>(pub T);

impl<T: Table> Selection for AllColumns<T> {
    type Output = T::Row;
    fn write_selection<'a>(&'a self, out: &mut SqlWriter<'a>) {
        if out.maps_schemas() {
            for (i, column) in select_list_items(T::SELECT_ALL).enumerate() {
                if i > 0 {
                    out.push(", ");
                }
                out.push_column(column);
            }
        } else {
            out.push(T::SELECT_ALL);
        }
    }
    fn position_of(&self, column: &str) -> Option<usize> {
        select_list_items(T::SELECT_ALL).position(|selected| selected == column)
    }
}

/// The items of a generated select list (`users.id, users."a, b"`): split at the commas
/// outside double quotes.
fn select_list_items(list: &str) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    list.split(move |c| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ',' && !quoted
    })
    .map(str::trim_start)
}

impl<T: Table> AllColumns<T> {
    /// The row as `Option`: `None` where an outer join matched nothing (its first
    /// `NOT NULL` column is NULL; for a view, or a table without one, every column).
    /// `select((posts::table.all_columns(), users::table.all_columns().nullable()))`
    /// over a `LEFT JOIN` decodes as `(Post, Option<User>)`.
    pub fn nullable(self) -> NullableColumns<T> {
        NullableGroup(self)
    }
}

/// Every column of a table on the outer side of a join, decoding as `Option<Row>`.
pub type NullableColumns<T> = NullableGroup<AllColumns<T>>;

/// Tables in select lists: `select((posts::table.all_columns(), users::name))`.
pub trait TableExt: Table {
    /// Every column, decoding into the row struct.
    fn all_columns(self) -> AllColumns<Self> {
        AllColumns(self)
    }
}

impl<T: Table> TableExt for T {}

#[cfg(test)]
mod tests {
    use super::select_list_items;

    #[test]
    fn select_list_items_split_outside_quotes_only() {
        let items: Vec<&str> = select_list_items(r#"t.id, t."a, b", t."x""y", t.c"#).collect();
        assert_eq!(items, ["t.id", r#"t."a, b""#, r#"t."x""y""#, "t.c"]);
    }
}
