//! Reading rows: a driver-independent [`RowSource`], and a [`RowReader`] that decodes
//! consecutive columns with errors that name the column and both types.
//!
//! Domains are transparent: a column of a domain over `text` decodes as `String`.

use crate::error::{BoxError, Error, Result};
use crate::schema::FromRow;
use crate::types::strip_domains;
use postgres_types::{FromSql, Type};

/// A result row of some driver.
pub trait RowSource {
    /// Number of columns.
    fn len(&self) -> usize;
    /// Whether it has no columns.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// A column's name.
    fn name(&self, idx: usize) -> &str;
    /// A column's SQL type.
    fn sql_type(&self, idx: usize) -> &Type;
    /// A column's raw binary value (`None` for NULL).
    fn raw(&self, idx: usize) -> Result<Option<&[u8]>>;
    /// Whether column `idx` is NULL; `false` when there is no such column (decoding it
    /// then says so).
    fn is_null(&self, idx: usize) -> bool {
        matches!(self.raw(idx), Ok(None))
    }
    /// Decodes column `idx` as `T`, already known to read its decoded type `ty` (the
    /// column's own, or a domain's base type). The default decodes [`raw`](Self::raw).
    fn decode_fitting<T: for<'a> FromSql<'a>>(&self, idx: usize, ty: &Type) -> Result<T>
    where
        Self: Sized,
    {
        decode_checked(self, idx, ty)
    }
    /// Decodes column `idx` as `T`, already known to read the column's own type (no
    /// column of the result is a domain), in place; `None` sends the column through
    /// the checked path, which names what went wrong. The default always does.
    fn decode_plain<T: for<'a> FromSql<'a>>(&self, _idx: usize) -> Option<T>
    where
        Self: Sized,
    {
        None
    }
}

/// Decodes the columns of one row in order.
pub struct RowReader<'r, R: RowSource> {
    row: &'r R,
    next: usize,
    /// What an earlier row of the same result learnt of its column types (they are the
    /// same for every row).
    checked: Checked<'r>,
}

/// What a reader knows of its result's column types.
#[derive(Clone, Copy)]
enum Checked<'r> {
    /// Nothing: this is the first row, each column is checked against its Rust type.
    No,
    /// An earlier row checked them and none is a domain: the driver decodes in place.
    Plain,
    /// An earlier row checked them; these are the types they decode as (a domain's
    /// base type for a domain).
    Domains(&'r [Type]),
}

impl<'r, R: RowSource> RowReader<'r, R> {
    /// A reader at the first column.
    pub fn new(row: &'r R) -> Self {
        Self { row, next: 0, checked: Checked::No }
    }

    /// Decodes the next column as `T`.
    #[allow(clippy::should_implement_trait)] // not an iterator: each call may ask for another type
    #[inline]
    pub fn next<T: for<'a> FromSql<'a>>(&mut self) -> Result<T> {
        let idx = self.next;
        self.next += 1;
        self.column(idx)
    }

    /// Decodes column `idx` as `T`, wherever the reader stands (a relation key read
    /// from inside the selection).
    #[inline(always)] // inside each row struct's `from_row`: the hot path of every read
    pub(crate) fn column<T: for<'a> FromSql<'a>>(&self, idx: usize) -> Result<T> {
        // After the first row of a result without domains the driver decodes in place.
        // Everything else goes out of line, so that this inlines into a plain value:
        // with a `Result` built per column, a row took 6 % more instructions to decode.
        if let Checked::Plain = self.checked {
            if let Some(value) = self.row.decode_plain(idx) {
                return Ok(value);
            }
        }
        self.column_checked(idx)
    }

    /// The first row, a result with domains, or a value that did not decode (which
    /// decodes again to explain).
    #[inline(never)]
    fn column_checked<T: for<'a> FromSql<'a>>(&self, idx: usize) -> Result<T> {
        match self.checked {
            Checked::Domains(types) => self.row.decode_fitting(idx, &types[idx]),
            Checked::No | Checked::Plain => decode(self.row, idx),
        }
    }

    /// Moves past the next `n` columns without decoding them.
    #[cfg(any(feature = "tokio-postgres", feature = "sqlx"))]
    pub(crate) fn skip(&mut self, n: usize) {
        self.next += n;
    }

    /// Skips the next `width` columns when every one of them is NULL (the outer side
    /// of a join that matched nothing) and says so; otherwise leaves them to decode.
    pub fn skip_if_all_null(&mut self, width: usize) -> Result<bool> {
        Ok(self.skip_if_absent(width, None))
    }

    /// Skips the next `width` columns when they hold no row: column `not_null_at` among
    /// them is NULL, or, without one, all are. Says whether it skipped.
    pub(crate) fn skip_if_absent(&mut self, width: usize, not_null_at: Option<usize>) -> bool {
        let absent = match not_null_at {
            // One check, as a hand-written read tests the joined table's key.
            Some(at) => self.row.is_null(self.next + at),
            None => (self.next..self.next + width).all(|idx| self.row.is_null(idx)),
        };
        if absent {
            self.next += width;
        }
        absent
    }
}

fn decode_error<T, R: RowSource + ?Sized>(row: &R, idx: usize, source: BoxError) -> Error {
    Error::Decode {
        column: row.name(idx).to_string(),
        sql_type: row.sql_type(idx).to_string(),
        rust_type: std::any::type_name::<T>(),
        source,
    }
}

/// The type a column decodes as: its own, or its base type for a domain. Built-in
/// types (OIDs below 16384, PostgreSQL's first user OID) are never domains.
fn decoded_type(ty: &Type) -> std::borrow::Cow<'_, Type> {
    if ty.oid() < 16_384 {
        std::borrow::Cow::Borrowed(ty)
    } else {
        strip_domains(ty)
    }
}

/// Decodes the rows of a query's result as `T` — rows a driver returned, say, for SQL
/// written by hand:
///
/// ```
/// # #[cfg(feature = "tokio-postgres")]
/// async fn first_users(client: &tokio_postgres::Client) -> Result<Vec<(i32, String)>, Box<dyn std::error::Error>> {
///     let rows = client.query("SELECT id, name FROM users WHERE id < $1", &[&10]).await?;
///     Ok(sleet::decode_rows(&rows)?)
/// }
/// ```
///
/// The columns' types are checked against `T` on the first row only: every row of one
/// result has the same.
pub fn decode_rows<T: FromRow, R: RowSource>(rows: &[R]) -> Result<Vec<T>> {
    let mut decoder = ResultDecoder::default();
    let mut decoded = Vec::with_capacity(rows.len());
    for row in rows {
        decoded.push(decoder.decode(row)?);
    }
    Ok(decoded)
}

/// Decodes the rows of one result in turn, as they arrive: the first is checked
/// against the Rust type; the rest reuse the column types it gave.
#[derive(Default)]
pub(crate) struct ResultDecoder {
    /// The type each column decodes as, once the first row decoded: `Some(None)` when
    /// each is the column's own (no domains, the common case, which skips a lookup per
    /// column).
    types: Option<Option<Vec<Type>>>,
}

impl ResultDecoder {
    pub(crate) fn decode<T: FromRow, R: RowSource>(&mut self, row: &R) -> Result<T> {
        self.decode_with(row, T::WIDTH, T::from_row)
    }

    /// Decodes a row of at least `width` columns with `read`.
    pub(crate) fn decode_with<T, R: RowSource>(
        &mut self,
        row: &R,
        width: usize,
        read: impl FnOnce(&mut RowReader<'_, R>) -> Result<T>,
    ) -> Result<T> {
        if let Some(types) = &self.types {
            let checked = types.as_deref().map_or(Checked::Plain, Checked::Domains);
            return read(&mut RowReader { row, next: 0, checked });
        }
        if row.len() < width {
            return Err(Error::ColumnCount {
                expected: width,
                actual: row.len(),
                rust_type: std::any::type_name::<T>(),
            });
        }
        let decoded = read(&mut RowReader::new(row))?;
        let types: Vec<Type> = (0..row.len()).map(|idx| decoded_type(row.sql_type(idx)).into_owned()).collect();
        let plain = types.iter().enumerate().all(|(idx, ty)| ty == row.sql_type(idx));
        self.types = Some((!plain).then_some(types));
        Ok(decoded)
    }
}

/// Decodes column `idx`, of decoded type `ty` known to fit `T`.
#[cold] // rows decode through a driver's `decode_fitting`; this is the fallback
#[inline(never)]
fn decode_checked<T: for<'a> FromSql<'a>, R: RowSource + ?Sized>(row: &R, idx: usize, ty: &Type) -> Result<T> {
    let raw = row.raw(idx)?;
    T::from_sql_nullable(ty, raw).map_err(|e| decode_error::<T, R>(row, idx, null_hint(e, raw.is_none())))
}

fn null_hint(e: BoxError, null: bool) -> BoxError {
    if null {
        format!("{e}; the value is NULL: decode it as an Option (for a column of an outer join, select it with `.nullable()`)").into()
    } else {
        e
    }
}

/// Decodes column `idx` of a row as `T`.
#[inline(never)] // the first row of a result; `RowReader::next` stays small for the rest
pub fn decode<T: for<'a> FromSql<'a>, R: RowSource + ?Sized>(row: &R, idx: usize) -> Result<T> {
    if idx >= row.len() {
        return Err(Error::ColumnCount { expected: idx + 1, actual: row.len(), rust_type: std::any::type_name::<T>() });
    }
    let ty = decoded_type(row.sql_type(idx));
    if !T::accepts(&ty) {
        let message = format!(
            "{} does not read the SQL type {}; regenerate the code if the schema changed",
            std::any::type_name::<T>(),
            ty.name()
        );
        return Err(decode_error::<T, R>(row, idx, message.into()));
    }
    let raw = row.raw(idx)?;
    T::from_sql_nullable(&ty, raw).map_err(|e| decode_error::<T, R>(row, idx, null_hint(e, raw.is_none())))
}

impl<R: RowSource> RowSource for &R {
    fn len(&self) -> usize {
        (**self).len()
    }
    fn name(&self, idx: usize) -> &str {
        (**self).name(idx)
    }
    fn sql_type(&self, idx: usize) -> &Type {
        (**self).sql_type(idx)
    }
    fn raw(&self, idx: usize) -> Result<Option<&[u8]>> {
        (**self).raw(idx)
    }
    fn is_null(&self, idx: usize) -> bool {
        (**self).is_null(idx)
    }
    fn decode_fitting<T: for<'a> FromSql<'a>>(&self, idx: usize, ty: &Type) -> Result<T> {
        (**self).decode_fitting(idx, ty)
    }
    fn decode_plain<T: for<'a> FromSql<'a>>(&self, idx: usize) -> Option<T> {
        (**self).decode_plain(idx)
    }
}

/// Passes a column's bytes through untouched, whatever its type.
#[cfg(feature = "tokio-postgres")]
struct RawBytes<'a>(Option<&'a [u8]>);

#[cfg(feature = "tokio-postgres")]
impl<'a> FromSql<'a> for RawBytes<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(RawBytes(Some(raw)))
    }
    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(RawBytes(None))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(feature = "tokio-postgres")]
mod driver_row {
    use super::*;
    use tokio_postgres::Row;

    impl RowSource for Row {
        fn len(&self) -> usize {
            Row::len(self)
        }
        fn name(&self, idx: usize) -> &str {
            self.columns()[idx].name()
        }
        fn sql_type(&self, idx: usize) -> &Type {
            self.columns()[idx].type_()
        }
        #[inline]
        fn decode_fitting<T: for<'a> FromSql<'a>>(&self, idx: usize, ty: &Type) -> Result<T> {
            // Not a domain: the driver decodes in place, one lookup instead of two. On
            // failure the generic path decodes again to explain.
            if self.columns()[idx].type_() == ty {
                if let Ok(value) = self.try_get(idx) {
                    return Ok(value);
                }
            }
            decode_checked(self, idx, ty)
        }
        #[inline(always)]
        fn decode_plain<T: for<'a> FromSql<'a>>(&self, idx: usize) -> Option<T> {
            self.try_get(idx).ok()
        }
        #[inline]
        fn is_null(&self, idx: usize) -> bool {
            matches!(self.try_get::<_, RawBytes<'_>>(idx), Ok(RawBytes(None)))
        }
        fn raw(&self, idx: usize) -> Result<Option<&[u8]>> {
            self.try_get::<_, RawBytes<'_>>(idx).map(|r| r.0).map_err(|e| Error::Decode {
                column: self.name(idx).to_string(),
                sql_type: self.sql_type(idx).to_string(),
                rust_type: "raw bytes",
                source: Box::new(e),
            })
        }
    }
}

/// Tuples of decodable values are rows too: `(i32, String)` reads two columns; as an
/// `Option` (a group of outer-join columns), `None` when the first element that is not
/// an `Option` is NULL, or, when all are `Option`s, when all of them are NULL.
macro_rules! tuple_from_row {
    ($($name:ident),+) => {
        impl<$($name: crate::schema::FromRow),+> crate::schema::FromRow for ($($name,)+) {
            const WIDTH: usize = 0 $(+ $name::WIDTH)+;
            const NOT_NULL_AT: Option<usize> = {
                // The first element's that has one, offset by the widths before it.
                let (mut at, mut offset) = (None, 0);
                $(
                    if let (None, Some(inner)) = (at, $name::NOT_NULL_AT) {
                        at = Some(offset + inner);
                    }
                    offset += $name::WIDTH;
                )+
                let _ = offset;
                at
            };
            fn from_row<R: RowSource>(row: &mut RowReader<'_, R>) -> Result<Self> {
                Ok(($($name::from_row(row)?,)+))
            }
        }
        impl<$($name: crate::schema::FromRow),+> crate::schema::NullableRow for ($($name,)+) {}
    };
}
/// Nothing: zero columns (a level without nested relations has no keys to read).
impl crate::schema::FromRow for () {
    const WIDTH: usize = 0;
    fn from_row<R: RowSource>(_: &mut RowReader<'_, R>) -> Result<Self> {
        Ok(())
    }
}

tuple_from_row!(A);
tuple_from_row!(A, B);
tuple_from_row!(A, B, C);
tuple_from_row!(A, B, C, D);
tuple_from_row!(A, B, C, D, E);
tuple_from_row!(A, B, C, D, E, F);
tuple_from_row!(A, B, C, D, E, F, G);
tuple_from_row!(A, B, C, D, E, F, G, H);
tuple_from_row!(A, B, C, D, E, F, G, H, I);
tuple_from_row!(A, B, C, D, E, F, G, H, I, J);
tuple_from_row!(A, B, C, D, E, F, G, H, I, J, K);
tuple_from_row!(A, B, C, D, E, F, G, H, I, J, K, L);

/// A value that decodes from exactly one column; every such value is a row of width 1.
/// A NULL must not decode as it (`Option` is the type for that): on the outer side of a
/// join, a NULL where such a value belongs says the row is absent.
pub trait FromColumn: for<'a> FromSql<'a> {}

impl<T: FromColumn> crate::schema::FromRow for T {
    const WIDTH: usize = 1;
    // Not an `Option`: a NULL does not decode.
    const NOT_NULL_AT: Option<usize> = Some(0);
    fn from_row<R: RowSource>(row: &mut RowReader<'_, R>) -> Result<Self> {
        row.next()
    }
}

impl<T: FromColumn> crate::schema::NullableRow for T {
    fn from_row_nullable<R: RowSource>(row: &mut RowReader<'_, R>) -> Result<Option<Self>> {
        row.next()
    }
}

impl<T> FromColumn for Vec<T> where Vec<T>: for<'a> FromSql<'a> {}
impl<T: FromColumn> FromColumn for crate::types::Range<T> {}

macro_rules! from_column {
    ($($ty:ty),* $(,)?) => {$( impl FromColumn for $ty {} )*};
}
from_column!(bool, i8, i16, i32, i64, u32, f32, f64, String, std::net::IpAddr);
from_column!(crate::types::Inet, crate::types::Interval, crate::types::Money, crate::types::RawValue);
#[cfg(feature = "chrono")]
from_column!(chrono::NaiveDate, chrono::NaiveTime, chrono::NaiveDateTime, chrono::DateTime<chrono::Utc>);
#[cfg(feature = "time")]
from_column!(time::Date, time::Time, time::PrimitiveDateTime, time::OffsetDateTime);
#[cfg(feature = "uuid")]
from_column!(uuid::Uuid);
#[cfg(feature = "rust_decimal")]
from_column!(rust_decimal::Decimal);
#[cfg(feature = "serde_json")]
from_column!(serde_json::Value);
#[cfg(feature = "eui48")]
from_column!(eui48::MacAddress);
from_column!(std::collections::HashMap<String, Option<String>>);
