//! Aggregates and SQL functions, typed as PostgreSQL types them: `count` is `bigint`,
//! `sum` of integers is `bigint` (of `bigint`, `numeric`), `avg` of integers is
//! `numeric`; `sum`, `avg`, `min` and `max` are NULL over no rows, so they decode as
//! `Option`.

use super::expr::Expression;
use super::SqlWriter;
use std::marker::PhantomData;

/// A function call: `name(args)` with a fixed result type.
#[derive(Clone, Copy, Debug)]
pub struct Call<E, V, O> {
    name: &'static str,
    arg: E,
    result: PhantomData<fn() -> (V, O)>,
}

impl<E: Expression, V, O> Expression for Call<E, V, O> {
    type Value = V;
    type Output = O;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push(self.name);
        self.arg.write(out);
        out.push(")");
    }
}

fn call<E, V, O>(name: &'static str, arg: E) -> Call<E, V, O> {
    Call { name, arg, result: PhantomData }
}

/// `count(*)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CountStar;

impl Expression for CountStar {
    type Value = i64;
    type Output = i64;
    fn write<'a>(&'a self, out: &mut SqlWriter<'a>) {
        out.push("count(*)");
    }
}

/// `count(*)`: the number of rows.
pub fn count_star() -> CountStar {
    CountStar
}

/// `count(e)`: the number of rows where `e` is not NULL.
pub fn count<E: Expression>(e: E) -> Call<E, i64, i64> {
    call("count(", e)
}

/// `count(DISTINCT e)`.
pub fn count_distinct<E: Expression>(e: E) -> Call<E, i64, i64> {
    call("count(DISTINCT ", e)
}

/// What `sum` of a type gives, as PostgreSQL defines it.
pub trait Summable {
    /// The sum's Rust type.
    type Sum;
}
impl Summable for i16 {
    type Sum = i64;
}
impl Summable for i32 {
    type Sum = i64;
}
#[cfg(feature = "rust_decimal")]
impl Summable for i64 {
    type Sum = rust_decimal::Decimal;
}
#[cfg(feature = "rust_decimal")]
impl Summable for rust_decimal::Decimal {
    type Sum = rust_decimal::Decimal;
}
impl Summable for f32 {
    type Sum = f32;
}
impl Summable for f64 {
    type Sum = f64;
}
impl Summable for crate::types::Interval {
    type Sum = crate::types::Interval;
}

/// What `avg` of a type gives.
pub trait Averageable {
    /// The average's Rust type.
    type Avg;
}
#[cfg(feature = "rust_decimal")]
impl Averageable for i16 {
    type Avg = rust_decimal::Decimal;
}
#[cfg(feature = "rust_decimal")]
impl Averageable for i32 {
    type Avg = rust_decimal::Decimal;
}
#[cfg(feature = "rust_decimal")]
impl Averageable for i64 {
    type Avg = rust_decimal::Decimal;
}
#[cfg(feature = "rust_decimal")]
impl Averageable for rust_decimal::Decimal {
    type Avg = rust_decimal::Decimal;
}
impl Averageable for f32 {
    type Avg = f64;
}
impl Averageable for f64 {
    type Avg = f64;
}

/// The Rust type of `sum(e)`.
pub type SumOf<E> = <<E as Expression>::Value as Summable>::Sum;
/// The Rust type of `avg(e)`.
pub type AvgOf<E> = <<E as Expression>::Value as Averageable>::Avg;

/// `sum(e)`; NULL (`None`) over no rows.
pub fn sum<E: Expression>(e: E) -> Call<E, SumOf<E>, Option<SumOf<E>>>
where
    E::Value: Summable,
{
    call("sum(", e)
}

/// `avg(e)`; NULL (`None`) over no rows.
pub fn avg<E: Expression>(e: E) -> Call<E, AvgOf<E>, Option<AvgOf<E>>>
where
    E::Value: Averageable,
{
    call("avg(", e)
}

/// `min(e)`; NULL (`None`) over no rows.
pub fn min<E: Expression>(e: E) -> Call<E, E::Value, Option<E::Value>> {
    call("min(", e)
}

/// `max(e)`; NULL (`None`) over no rows.
pub fn max<E: Expression>(e: E) -> Call<E, E::Value, Option<E::Value>> {
    call("max(", e)
}

/// `lower(e)`.
pub fn lower<E: Expression<Value = String>>(e: E) -> Call<E, String, E::Output> {
    call("lower(", e)
}

/// `upper(e)`.
pub fn upper<E: Expression<Value = String>>(e: E) -> Call<E, String, E::Output> {
    call("upper(", e)
}
