//! Bound parameters: values are always sent separately from the SQL text, through a
//! [`Param`] that makes domains transparent and knows the type to declare when a
//! statement is sent unnamed; and the writers insert and patch structs fill in.

use crate::types::{strip_domains, Field};
use bytes::{BufMut, BytesMut};
use postgres_types::{Format, IsNull, Kind, ToSql, Type};
use std::fmt;

/// A value to bind, borrowed from the query that holds it.
pub type ValueRef<'a> = &'a (dyn ToSql + Sync);

/// A Rust type that binds as a parameter, with the SQL type it is declared as when a
/// statement is sent without preparing it first (see `Db::without_statement_cache`):
/// the binary encoding depends on the type, so the driver must know it up front.
///
/// Implemented for every type the generator maps to, `Option`, arrays and slices of
/// them, and generated enums, composites and domains. A type of your own that you
/// bind in [`raw`](crate::raw) SQL implements it in one line:
///
/// ```
/// # #[derive(Debug)]
/// # struct Celsius(f64);
/// # impl postgres_types::ToSql for Celsius {
/// #     fn to_sql(&self, ty: &postgres_types::Type, out: &mut bytes::BytesMut) -> Result<postgres_types::IsNull, sleet::BoxError> { self.0.to_sql(ty, out) }
/// #     fn accepts(ty: &postgres_types::Type) -> bool { *ty == postgres_types::Type::FLOAT8 }
/// #     postgres_types::to_sql_checked!();
/// # }
/// impl sleet::SqlParam for Celsius {
///     fn param_type() -> postgres_types::Type { postgres_types::Type::FLOAT8 }
/// }
/// ```
pub trait SqlParam: ToSql + Sync {
    /// The type to declare. An OID of 0 ([`unspecified`]) lets the server infer it
    /// from where the parameter appears, as for enums, whose OIDs differ per database.
    fn param_type() -> Type;
    /// The type of an array of it (`int4[]` for `i32`).
    fn array_type() -> Type {
        unspecified("anyarray", Kind::Array(Self::param_type()))
    }
}

/// Whether an array of `T` is an array of enums without a fixed OID, which binds as
/// `text[]` of its labels (and is cast back in SQL).
pub(crate) fn enum_array_as_text<T: SqlParam>() -> bool {
    let ty = T::array_type();
    ty.oid() == 0 && matches!(ty.kind(), Kind::Array(member) if matches!(member.kind(), Kind::Enum(_)))
}

/// A type the server infers: declared with OID 0, `kind` and `name` only tell the
/// Rust value which encoding to use.
pub fn unspecified(name: &str, kind: Kind) -> Type {
    Type::new(name.to_string(), 0, kind, "pg_catalog".to_string())
}

/// A bound parameter as sent to the driver: binds domains as their base type.
#[derive(Clone)]
pub struct Param<'a> {
    value: ParamValue<'a>,
    param_type: fn() -> Type,
    array_type: fn() -> Type,
}

/// One value, or one column of a multi-row `INSERT`, bound as an array for `UNNEST`.
#[derive(Clone)]
enum ParamValue<'a> {
    One(ValueRef<'a>),
    /// The column's values, each of one Rust type (one field of an insert struct).
    Column(Box<[ValueRef<'a>]>),
}

/// One value with the types it is declared as: what a row puts into a column of an
/// `INSERT`. `Copy`, so that a batch of rows costs no drop and no clone per value.
#[derive(Clone, Copy)]
pub(crate) struct One<'a> {
    value: ValueRef<'a>,
    param_type: fn() -> Type,
    array_type: fn() -> Type,
}

impl<'a> One<'a> {
    fn new<T: SqlParam>(value: &'a T) -> Self {
        Self { value, param_type: T::param_type, array_type: T::array_type }
    }

    /// The value.
    pub(crate) fn value(&self) -> ValueRef<'a> {
        self.value
    }
}

impl<'a> From<One<'a>> for Param<'a> {
    fn from(one: One<'a>) -> Self {
        Self { value: ParamValue::One(one.value), param_type: one.param_type, array_type: one.array_type }
    }
}

impl<'a> Param<'a> {
    /// Binds `value`.
    pub fn new<T: SqlParam>(value: &'a T) -> Self {
        One::new(value).into()
    }

    /// Binds one column's values, across rows, as one array, declared as the array
    /// type of `first` (the first row's value; every value has its Rust type).
    pub(crate) fn column(first: One<'a>, values: Vec<ValueRef<'a>>) -> Self {
        // An array of it is never bound: the array type stands in for both.
        Self { value: ParamValue::Column(values.into()), param_type: first.array_type, array_type: first.array_type }
    }

    /// Binds values of one Rust type (one column, across rows) as one array of it; an
    /// array of enums, whose OID differs per database, as `text[]` (their labels).
    pub(crate) fn array_of<T: SqlParam>(values: Vec<ValueRef<'a>>) -> Self {
        let array_type: fn() -> Type = if enum_array_as_text::<T>() { || Type::TEXT_ARRAY } else { T::array_type };
        Self { value: ParamValue::Column(values.into()), param_type: array_type, array_type }
    }

    /// The type it is declared as in an unnamed statement.
    pub fn param_type(&self) -> Type {
        (self.param_type)()
    }
}

impl fmt::Debug for Param<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values are never printed: they may be secrets.
        f.write_str("Param(<redacted>)")
    }
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, crate::BoxError> {
        let value = match &self.value {
            ParamValue::One(value) => *value,
            ParamValue::Column(values) => return column_to_sql(values, self.array_type, ty, out),
        };
        if let Kind::Array(member) = ty.kind() {
            if ty.oid() == 0 && member.oid() == 0 && !matches!(member.kind(), Kind::Enum(_)) {
                return Err(format!(
                    "an array of {} cannot be a parameter of an unnamed statement (its wire form needs the \
                     element type's OID, which only a prepared statement learns): keep the statement cache on \
                     for this query",
                    member.name()
                )
                .into());
            }
        }
        if is_inferred_enum_array(ty) {
            let mut binary = BytesMut::new();
            if let IsNull::Yes = value.to_sql_checked(ty, &mut binary)? {
                return Ok(IsNull::Yes);
            }
            crate::types::enums::enum_array_to_text(&binary, out)?;
            return Ok(IsNull::No);
        }
        value.to_sql_checked(&strip_domains(ty), out)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    fn encode_format(&self, ty: &Type) -> Format {
        if is_inferred_enum_array(ty) {
            Format::Text
        } else {
            Format::Binary
        }
    }
    postgres_types::to_sql_checked!();
}

/// Encodes a column of values as a one-dimensional array of `ty`'s element type (the
/// binary form `array_recv` reads: header, then each element with its length, -1 for
/// NULL). Each element encodes as a single parameter would, domains and all.
fn column_to_sql(
    values: &[ValueRef<'_>],
    array_type: fn() -> Type,
    ty: &Type,
    out: &mut BytesMut,
) -> Result<IsNull, crate::BoxError> {
    let Kind::Array(element) = ty.kind() else {
        return Err(format!("a column of values binds as an array, not as {}", ty.name()).into());
    };
    out.put_i32(1); // dimensions
    let has_nulls_at = out.len();
    out.put_i32(0);
    out.put_u32(element.oid());
    out.put_i32(i32::try_from(values.len())?);
    out.put_i32(1); // lower bound
                    // Domains are stripped once for the column, not once per element. An array element
                    // (never bound this way today) takes a single parameter's path, with its checks.
    let decoded = strip_domains(element);
    let direct = !matches!(element.kind(), Kind::Array(_));
    for &value in values {
        let length_at = out.len();
        out.put_i32(0);
        let is_null = if direct {
            value.to_sql_checked(&decoded, out)?
        } else {
            // Encoding reads `element` alone: the declared types are only carried along.
            Param { value: ParamValue::One(value), param_type: array_type, array_type }.to_sql(element, out)?
        };
        let length = match is_null {
            IsNull::Yes => {
                out[has_nulls_at..has_nulls_at + 4].copy_from_slice(&1i32.to_be_bytes());
                -1
            }
            IsNull::No => i32::try_from(out.len() - length_at - 4)?,
        };
        out[length_at..length_at + 4].copy_from_slice(&length.to_be_bytes());
    }
    Ok(IsNull::No)
}

/// An array of enums whose type the server infers. Its binary form would carry the
/// enum's OID, which differs per database, so it is sent as text (`{"a","b"}`).
fn is_inferred_enum_array(ty: &Type) -> bool {
    ty.oid() == 0 && matches!(ty.kind(), Kind::Array(member) if matches!(member.kind(), Kind::Enum(_)))
}

/// Collects the columns (their SQL, quoted where needed) and values of the rows to
/// insert: one writer for all rows, so that a batch costs no allocation per row.
#[derive(Default)]
pub struct ValuesWriter<'a> {
    columns: Vec<&'static str>,
    values: Vec<Slot<'a>>,
    /// Where each finished row ends in `columns` and `values`.
    row_ends: Vec<usize>,
}

/// One row of a [`ValuesWriter`]: its columns and what it puts in each.
pub(crate) struct RowValues<'w, 'a> {
    pub(crate) columns: &'w [&'static str],
    pub(crate) values: &'w [Slot<'a>],
}

/// What one row puts into one column.
#[derive(Clone, Copy)]
pub(crate) enum Slot<'a> {
    /// A value.
    Value(One<'a>),
    /// `DEFAULT`.
    Default,
    /// NULL in a nullable column without a default: a single row leaves the column out,
    /// a column bound as an array holds the NULL.
    Null(One<'a>),
}

impl<'a> Slot<'a> {
    /// The value to write in `VALUES`; `None` for `DEFAULT` (or leaving the column out).
    pub(crate) fn value(&self) -> Option<&One<'a>> {
        match self {
            Slot::Value(value) => Some(value),
            Slot::Default | Slot::Null(_) => None,
        }
    }
}

impl<'a> ValuesWriter<'a> {
    /// A writer with room for `columns` entries, across rows.
    pub fn with_capacity(columns: usize) -> Self {
        Self { columns: Vec::with_capacity(columns), values: Vec::with_capacity(columns), row_ends: Vec::new() }
    }

    /// Ends the current row: what is written next belongs to the next one.
    pub(crate) fn end_row(&mut self) {
        self.row_ends.push(self.columns.len());
    }

    /// The finished rows.
    pub(crate) fn rows(&self) -> Vec<RowValues<'_, 'a>> {
        let mut start = 0;
        let mut rows = Vec::with_capacity(self.row_ends.len());
        for &end in &self.row_ends {
            rows.push(RowValues { columns: &self.columns[start..end], values: &self.values[start..end] });
            start = end;
        }
        rows
    }

    /// A required or nullable column's value.
    pub fn value(&mut self, column: &'static str, value: &'a impl SqlParam) {
        self.columns.push(column);
        self.values.push(Slot::Value(One::new(value)));
    }

    /// A nullable column without a default: left out when `None` (it defaults to NULL).
    pub fn nullable<T: SqlParam>(&mut self, column: &'static str, value: &'a Option<T>) {
        self.columns.push(column);
        self.values.push(match value {
            Some(v) => Slot::Value(One::new(v)),
            None => Slot::Null(One::new(value)),
        });
    }

    /// A defaulted column: its value when set, `DEFAULT` otherwise.
    pub fn field<T: SqlParam>(&mut self, column: &'static str, value: &'a Field<T>) {
        self.columns.push(column);
        self.values.push(match value {
            Field::Set(v) => Slot::Value(One::new(v)),
            Field::Default => Slot::Default,
        });
    }
}

/// Collects `column = value` assignments for an `UPDATE`.
#[derive(Default)]
pub struct AssignmentsWriter<'a> {
    pub(crate) assignments: Vec<(&'static str, Param<'a>)>,
}

impl<'a> AssignmentsWriter<'a> {
    /// Assigns the field's value when it is set.
    pub fn field<T: SqlParam>(&mut self, column: &'static str, value: &'a Field<T>) {
        if let Field::Set(v) = value {
            self.assignments.push((column, Param::new(v)));
        }
    }
}

/// Declares built-in types with their array types.
macro_rules! param_types {
    ($($ty:ty => $sql:ident, $array:ident;)*) => {$(
        impl SqlParam for $ty {
            fn param_type() -> Type {
                Type::$sql
            }
            fn array_type() -> Type {
                Type::$array
            }
        }
    )*};
}

param_types! {
    bool => BOOL, BOOL_ARRAY;
    i8 => CHAR, CHAR_ARRAY;
    i16 => INT2, INT2_ARRAY;
    i32 => INT4, INT4_ARRAY;
    i64 => INT8, INT8_ARRAY;
    u32 => OID, OID_ARRAY;
    f32 => FLOAT4, FLOAT4_ARRAY;
    f64 => FLOAT8, FLOAT8_ARRAY;
    String => TEXT, TEXT_ARRAY;
    &str => TEXT, TEXT_ARRAY;
    Vec<u8> => BYTEA, BYTEA_ARRAY;
    &[u8] => BYTEA, BYTEA_ARRAY;
    std::net::IpAddr => INET, INET_ARRAY;
    crate::types::Inet => INET, INET_ARRAY;
    crate::types::Interval => INTERVAL, INTERVAL_ARRAY;
    crate::types::Money => MONEY, MONEY_ARRAY;
}
#[cfg(feature = "chrono")]
param_types! {
    chrono::NaiveDate => DATE, DATE_ARRAY;
    chrono::NaiveTime => TIME, TIME_ARRAY;
    chrono::NaiveDateTime => TIMESTAMP, TIMESTAMP_ARRAY;
    chrono::DateTime<chrono::Utc> => TIMESTAMPTZ, TIMESTAMPTZ_ARRAY;
}
#[cfg(feature = "time")]
param_types! {
    time::Date => DATE, DATE_ARRAY;
    time::Time => TIME, TIME_ARRAY;
    time::PrimitiveDateTime => TIMESTAMP, TIMESTAMP_ARRAY;
    time::OffsetDateTime => TIMESTAMPTZ, TIMESTAMPTZ_ARRAY;
}
#[cfg(feature = "uuid")]
param_types! { uuid::Uuid => UUID, UUID_ARRAY; }
#[cfg(feature = "rust_decimal")]
param_types! { rust_decimal::Decimal => NUMERIC, NUMERIC_ARRAY; }
// `jsonb` rather than `json`: PostgreSQL casts jsonb to json on assignment, and the two
// encode differently, so the declared type must be the one the value is encoded as.
#[cfg(feature = "serde_json")]
param_types! { serde_json::Value => JSONB, JSONB_ARRAY; }
#[cfg(feature = "eui48")]
param_types! { eui48::MacAddress => MACADDR, MACADDR_ARRAY; }

impl<T: SqlParam> SqlParam for Option<T> {
    fn param_type() -> Type {
        T::param_type()
    }
    fn array_type() -> Type {
        T::array_type()
    }
}

impl<T: SqlParam> SqlParam for Vec<T> {
    fn param_type() -> Type {
        T::array_type()
    }
}

impl<T: SqlParam> SqlParam for &[T] {
    fn param_type() -> Type {
        T::array_type()
    }
}

impl<T: SqlParam> SqlParam for crate::types::Range<T> {
    fn param_type() -> Type {
        match built_in_range(&T::param_type()) {
            Some((range, _)) => range,
            // A user-defined range: its wire form carries no OIDs, so inference is safe.
            None => unspecified("anyrange", Kind::Range(T::param_type())),
        }
    }
    fn array_type() -> Type {
        match built_in_range(&T::param_type()) {
            Some((_, array)) => array,
            None => unspecified("anyarray", Kind::Array(Self::param_type())),
        }
    }
}

/// The built-in range over `element`, and its array type.
fn built_in_range(element: &Type) -> Option<(Type, Type)> {
    Some(match *element {
        Type::INT4 => (Type::INT4_RANGE, Type::INT4_RANGE_ARRAY),
        Type::INT8 => (Type::INT8_RANGE, Type::INT8_RANGE_ARRAY),
        Type::NUMERIC => (Type::NUM_RANGE, Type::NUM_RANGE_ARRAY),
        Type::DATE => (Type::DATE_RANGE, Type::DATE_RANGE_ARRAY),
        Type::TIMESTAMP => (Type::TS_RANGE, Type::TS_RANGE_ARRAY),
        Type::TIMESTAMPTZ => (Type::TSTZ_RANGE, Type::TSTZ_RANGE_ARRAY),
        _ => return None,
    })
}

impl SqlParam for crate::types::RawValue {
    fn param_type() -> Type {
        unspecified("unknown", Kind::Simple)
    }
}
