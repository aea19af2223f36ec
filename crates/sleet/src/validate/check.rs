//! The pieces generated `validate` methods are made of. A `CHECK` constraint is
//! evaluated as PostgreSQL evaluates it, in three-valued logic: each column is
//! `Some(value)` or `None` (NULL), each test is `Some(bool)` or `None` (unknown), and
//! the constraint fails only when the whole is `Some(false)`. A column whose value is
//! not known (left to its default, or unchanged in a patch) skips every check that
//! reads it: the database decides those.

use super::{Code, Limit, ValidationErrors, Violation};
use crate::types::{Field, SqlEnum};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// A known value: `None` when the struct does not know it (a default, an unchanged
/// patch field), `Some(None)` for NULL.
pub type Known<'a, T> = Option<Option<&'a T>>;

/// Collects the violations of one `validate` call: one call per rule, so that the
/// generated code stays one line per rule and the messages live here.
#[derive(Debug, Default)]
pub struct Checker {
    errors: ValidationErrors,
}

impl Checker {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `varchar(n)` / `char(n)`.
    pub fn max_chars<S: AsRef<str> + ?Sized>(
        &mut self,
        value: Known<'_, S>,
        n: u32,
        field: &'static str,
        column: &'static str,
    ) {
        if let Some(Some(value)) = value {
            if !fits_chars(value.as_ref(), usize::try_from(n).unwrap_or(usize::MAX)) {
                let message = format!("must be at most {n} characters");
                self.errors.add(field, Violation::new(Code::TooLong, message, column).limit(Limit::MaxChars(n)));
            }
        }
    }

    /// Text without the NUL character, which PostgreSQL cannot store.
    pub fn no_nul<S: AsRef<str> + ?Sized>(&mut self, value: Known<'_, S>, field: &'static str, column: &'static str) {
        if let Some(Some(value)) = value {
            if value.as_ref().contains('\0') {
                let message = "must not contain the NUL character";
                self.errors.add(field, Violation::new(Code::NulCharacter, message, column));
            }
        }
    }

    /// `numeric(precision, scale)`.
    #[cfg(feature = "rust_decimal")]
    pub fn digits(
        &mut self,
        value: Known<'_, rust_decimal::Decimal>,
        precision: u32,
        scale: u32,
        field: &'static str,
        column: &'static str,
    ) {
        if let Some(Some(value)) = value {
            if !fits_digits(value, precision, scale) {
                let message = match precision.saturating_sub(scale) {
                    0 => format!("must be less than 1 in absolute value, to fit numeric({precision}, {scale})"),
                    1 => format!(
                        "must have at most 1 digit before the decimal point, to fit numeric({precision}, {scale})"
                    ),
                    n => format!(
                        "must have at most {n} digits before the decimal point, to fit numeric({precision}, {scale})"
                    ),
                };
                let limit = Limit::Digits { precision, scale };
                self.errors.add(field, Violation::new(Code::TooManyDigits, message, column).limit(limit));
            }
        }
    }

    /// The range of `smallint` or `integer` (`sql_type`), for a wider Rust integer.
    pub fn int_range<T: Copy + Into<i64>>(
        &mut self,
        value: Known<'_, T>,
        sql_type: &'static str,
        field: &'static str,
        column: &'static str,
    ) {
        let Some(Some(value)) = value else { return };
        let (low, high, min, max) = match sql_type {
            "smallint" => (i64::from(i16::MIN), i64::from(i16::MAX), "-32768", "32767"),
            _ => (i64::from(i32::MIN), i64::from(i32::MAX), "-2147483648", "2147483647"),
        };
        if !(low..=high).contains(&(*value).into()) {
            let message = format!("must be between {min} and {max} ({sql_type})");
            self.errors
                .add(field, Violation::new(Code::OutOfRange, message, column).limit(Limit::Between { min, max }));
        }
    }

    /// A domain that does not allow NULL.
    pub fn not_null<T: ?Sized>(
        &mut self,
        value: Known<'_, T>,
        domain: &'static str,
        field: &'static str,
        column: &'static str,
    ) {
        if let Some(None) = value {
            let message = format!("must not be null (domain {domain})");
            self.errors.add(field, Violation::new(Code::Required, message, column));
        }
    }

    /// A check's outcome: when it fails, a violation of each `(field, column)` it reads.
    pub fn check(
        &mut self,
        outcome: Truth,
        columns: &[(&'static str, &'static str)],
        (code, message, constraint): (Code, &'static str, &'static str),
        limit: Option<Limit>,
    ) {
        if fails(outcome) {
            for (field, column) in columns {
                let mut violation = Violation::new(code, message, *column).constraint(constraint);
                violation.limit = limit.clone().map(Box::new);
                self.errors.add(*field, violation);
            }
        }
    }

    /// A rule of your own, on a value that is there.
    pub fn own<T: ?Sized>(
        &mut self,
        value: Known<'_, T>,
        rule: impl FnOnce(&T) -> Result<(), Violation>,
        field: &'static str,
        column: &'static str,
    ) {
        if let Some(Some(value)) = value {
            if let Err(mut violation) = rule(value) {
                violation.column = column.into();
                self.errors.add(field, violation);
            }
        }
    }

    /// `Ok` when nothing was found.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        self.errors.into_result()
    }
}

/// SQL's unknown-able truth value.
pub type Truth = Option<bool>;

/// A required field's value: always known, never NULL.
pub fn required<T>(value: &T) -> Known<'_, T> {
    Some(Some(value))
}

/// A nullable field's value: known, possibly NULL.
pub fn nullable<T>(value: &Option<T>) -> Known<'_, T> {
    Some(value.as_ref())
}

/// A `Field` is known only when set.
pub fn field<T>(value: &Field<T>) -> Known<'_, T> {
    value.as_set().map(Some)
}

/// A nullable `Field`: known when set, NULL when set to `None`.
pub fn nullable_field<T>(value: &Field<Option<T>>) -> Known<'_, T> {
    value.as_set().map(Option::as_ref)
}

/// Whether a check's outcome is a failure (unknown passes, as in PostgreSQL).
pub fn fails(truth: Truth) -> bool {
    truth == Some(false)
}

/// `a AND b`.
pub fn and(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// `a OR b`.
pub fn or(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// `NOT a`.
pub fn not(a: Truth) -> Truth {
    a.map(|a| !a)
}

/// `a = b` of two conditions.
pub fn same(a: Truth, b: Truth) -> Truth {
    Some(a? == b?)
}

/// `num_nonnulls(…)` / `num_nulls(…)`: how many of the tests hold.
pub fn count(tests: &[bool]) -> i32 {
    i32::try_from(tests.iter().filter(|t| **t).count()).unwrap_or(i32::MAX)
}

/// `x IS NULL`.
pub fn is_null<T>(value: Option<T>) -> Truth {
    Some(value.is_none())
}

/// A boolean column used as a condition.
pub fn truth(value: Option<&bool>) -> Truth {
    value.copied()
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Op {
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Op::Eq => ordering == Ordering::Equal,
            Op::Ne => ordering != Ordering::Equal,
            Op::Lt => ordering == Ordering::Less,
            Op::Le => ordering != Ordering::Greater,
            Op::Gt => ordering == Ordering::Greater,
            Op::Ge => ordering != Ordering::Less,
        }
    }
}

/// Ordering as PostgreSQL orders values of the type: floats put NaN above everything
/// and equal to itself, and `-0` equal to `0`.
pub trait SqlOrd {
    /// Compares as the server would.
    fn sql_cmp(&self, other: &Self) -> Ordering;
}

macro_rules! sql_ord_by_ord {
    ($($t:ty),*) => {$(
        impl SqlOrd for $t {
            fn sql_cmp(&self, other: &Self) -> Ordering {
                self.cmp(other)
            }
        }
    )*};
}
sql_ord_by_ord!(i16, i32, i64, bool, str, String);

#[cfg(feature = "rust_decimal")]
sql_ord_by_ord!(rust_decimal::Decimal);

macro_rules! sql_ord_float {
    ($($t:ty),*) => {$(
        impl SqlOrd for $t {
            fn sql_cmp(&self, other: &Self) -> Ordering {
                match (self.is_nan(), other.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    (false, false) => self.partial_cmp(other).unwrap_or(Ordering::Equal),
                }
            }
        }
    )*};
}
sql_ord_float!(f32, f64);

/// `x <op> bound`.
pub fn compare<T: SqlOrd + ?Sized>(value: Option<&T>, op: Op, bound: &T) -> Truth {
    value.map(|v| op.holds(v.sql_cmp(bound)))
}

/// `x BETWEEN low AND high`.
pub fn between<T: SqlOrd + ?Sized>(value: Option<&T>, low: &T, high: &T) -> Truth {
    and(compare(value, Op::Ge, low), compare(value, Op::Le, high))
}

/// `x IN (…)`: NULL when no element matches and the value is NULL.
pub fn one_of<T: SqlOrd + ?Sized>(value: Option<&T>, list: &[&T]) -> Truth {
    value.map(|v| list.iter().any(|item| v.sql_cmp(item) == Ordering::Equal))
}

/// A text value as `&str` (for `String` fields and enum labels alike).
pub fn text<S: AsRef<str> + ?Sized>(value: Option<&S>) -> Option<&str> {
    value.map(AsRef::as_ref)
}

/// An enum's SQL label.
pub fn label<E: SqlEnum>(value: Option<&E>) -> Option<&'static str> {
    value.map(|e| e.label())
}

/// `char_length(x)` / `length(x)`: characters, not bytes.
pub fn char_length(value: Option<&str>) -> Option<i64> {
    value.map(|s| i64::try_from(s.chars().count()).unwrap_or(i64::MAX))
}

/// `btrim(x)` / `trim(x)`: spaces (only spaces) removed from both ends.
pub fn trim(value: Option<&str>) -> Option<&str> {
    value.map(|s| s.trim_matches(' '))
}

/// Whether a string fits `varchar(n)` / `char(n)`: at most `n` characters, or
/// longer only by trailing spaces, which PostgreSQL cuts off instead of refusing.
pub fn fits_chars(value: &str, n: usize) -> bool {
    match value.char_indices().nth(n) {
        None => true,
        Some((at, _)) => value[at..].bytes().all(|b| b == b' '),
    }
}

/// The text a `varchar(n)` / `char(n)` column stores, which is what its checks see:
/// spaces beyond `n` characters cut off (a value longer by anything else is refused
/// before any check, and is returned whole).
pub fn fitted<S: AsRef<str> + ?Sized>(value: Option<&S>, n: usize) -> Option<&str> {
    let value = value?.as_ref();
    Some(match value.char_indices().nth(n) {
        Some((at, _)) if value[at..].bytes().all(|b| b == b' ') => &value[..at],
        _ => value,
    })
}

/// The decimal a `numeric(p, scale)` column stores, which is what its checks see:
/// rounded to `scale` digits, half away from zero.
#[cfg(feature = "rust_decimal")]
pub fn rounded(value: Option<&rust_decimal::Decimal>, scale: u32) -> Option<rust_decimal::Decimal> {
    value.map(|v| v.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// Whether a decimal fits `numeric(precision, scale)`: PostgreSQL rounds it to
/// `scale` digits (half away from zero) and refuses it when the integer part then has
/// more than `precision - scale` digits.
#[cfg(feature = "rust_decimal")]
pub fn fits_digits(value: &rust_decimal::Decimal, precision: u32, scale: u32) -> bool {
    use rust_decimal::{Decimal, RoundingStrategy};
    let integer_digits = precision.saturating_sub(scale);
    if integer_digits >= 29 {
        return true; // more than any Decimal holds
    }
    let rounded = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero).abs();
    let limit = Decimal::from_i128_with_scale(10i128.pow(integer_digits), 0);
    rounded < limit
}

/// A regular expression the generator translated from PostgreSQL's syntax, compiled
/// on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    /// Case-insensitive (`~*`): PostgreSQL folds case by the database's locale, which
    /// agrees with `regex` for ASCII text only; other text is left to the database.
    ascii_only: bool,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern in the `regex` crate's syntax.
    pub const fn new(source: &'static str) -> Self {
        Self { source, ascii_only: false, compiled: OnceLock::new() }
    }

    /// A case-insensitive pattern, decided here for ASCII text only.
    pub const fn case_insensitive(source: &'static str) -> Self {
        Self { source, ascii_only: true, compiled: OnceLock::new() }
    }

    /// `x ~ pattern`; unknown if the pattern did not compile (the generator checked
    /// that it does) or where the locale decides.
    pub fn matches(&self, value: Option<&str>) -> Truth {
        let value = value?;
        if self.ascii_only && !value.is_ascii() {
            return None;
        }
        let regex = self.compiled.get_or_init(|| regex::Regex::new(self.source).ok()).as_ref()?;
        Some(regex.is_match(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_valued_logic_is_sqls() {
        assert_eq!(and(None, Some(false)), Some(false));
        assert_eq!(and(None, Some(true)), None);
        assert_eq!(or(None, Some(true)), Some(true));
        assert_eq!(or(None, Some(false)), None);
        assert!(!fails(None));
        assert_eq!(compare(None::<&i32>, Op::Gt, &0), None);
    }

    #[test]
    fn trailing_spaces_beyond_the_length_are_cut_not_refused() {
        assert!(fits_chars("abc", 3));
        assert!(fits_chars("abc   ", 3));
        assert!(!fits_chars("abcd", 3));
        assert!(fits_chars("ééé", 3));
        assert!(!fits_chars("éééé", 3));
    }

    #[test]
    fn checks_see_the_stored_text() {
        assert_eq!(fitted(Some("ab   "), 2), Some("ab"));
        assert_eq!(fitted(Some("ab  c"), 2), Some("ab  c"));
        assert_eq!(fitted(Some("a "), 2), Some("a "));
    }

    #[test]
    fn floats_order_nan_last() {
        assert_eq!(compare(Some(&f64::NAN), Op::Gt, &f64::INFINITY), Some(true));
        assert_eq!(compare(Some(&f64::NAN), Op::Eq, &f64::NAN), Some(true));
        assert_eq!(compare(Some(&-0.0f64), Op::Eq, &0.0), Some(true));
    }

    #[cfg(feature = "rust_decimal")]
    #[test]
    fn numeric_rounds_before_it_counts_digits() {
        use rust_decimal::Decimal;
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(fits_digits(&d("999.994"), 5, 2));
        assert!(!fits_digits(&d("999.995"), 5, 2));
        assert!(!fits_digits(&d("-999.995"), 5, 2));
        assert!(fits_digits(&d("0.001"), 3, 3) && !fits_digits(&d("0.9995"), 3, 3));
    }
}
