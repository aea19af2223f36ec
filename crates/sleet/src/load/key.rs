//! Relation keys: the values that tie a row to its related rows, hashed to match them
//! in Rust and bound as arrays to fetch them (`posts.author_id = ANY($1)`).

use crate::error::Result;
use crate::params::SqlParam;
use crate::query::SqlWriter;
use crate::row::{FromColumn, RowReader, RowSource};
use std::hash::Hash;

/// A column type a relation key can have: hashable, and bindable as an array.
pub trait KeyPart: SqlParam + FromColumn + Clone + Eq + Hash + Send + Sync + 'static {}

macro_rules! key_parts {
    ($($ty:ty),* $(,)?) => {$( impl KeyPart for $ty {} )*};
}
key_parts!(bool, i8, i16, i32, i64, u32, String);
#[cfg(feature = "chrono")]
key_parts!(chrono::NaiveDate, chrono::NaiveDateTime, chrono::DateTime<chrono::Utc>);
#[cfg(feature = "time")]
key_parts!(time::Date, time::PrimitiveDateTime, time::OffsetDateTime);
#[cfg(feature = "uuid")]
key_parts!(uuid::Uuid);
#[cfg(feature = "rust_decimal")]
key_parts!(rust_decimal::Decimal);

/// A relation key: one [`KeyPart`], or a tuple of them for a composite foreign key.
pub trait Key: Clone + Eq + Hash + Send + Sync + 'static {
    /// The key as read from a row, where any part may be NULL (a nullable foreign key).
    type Nullable: Send + Sync;
    /// The keys of many rows, one array per part, to bind.
    type Arrays: Send + Sync;
    /// Reads the key from the given columns of a row, one per part.
    fn read<R: RowSource>(row: &RowReader<'_, R>, columns: &[usize]) -> Result<Self::Nullable>;
    /// The key, unless a part is NULL (then nothing is related).
    fn present(nullable: &Self::Nullable) -> Option<Self>;
    /// The arrays to bind for `keys`.
    fn arrays(keys: &[Self]) -> Self::Arrays;
    /// Writes the condition that `columns` hold one of the keys: `c = ANY($1)`; for a
    /// composite key each part is matched on its own, a superset that matching in
    /// Rust narrows to the exact pairs.
    fn write_match<'a>(columns: &'static [&'static str], arrays: &'a Self::Arrays, out: &mut SqlWriter<'a>);
}

impl<A: KeyPart> Key for A
where
    Vec<A>: SqlParam,
{
    type Nullable = Option<A>;
    type Arrays = Vec<A>;
    fn read<R: RowSource>(row: &RowReader<'_, R>, columns: &[usize]) -> Result<Option<A>> {
        row.column(columns[0])
    }
    fn present(nullable: &Option<A>) -> Option<A> {
        nullable.clone()
    }
    fn arrays(keys: &[A]) -> Vec<A> {
        keys.to_vec()
    }
    fn write_match<'a>(columns: &'static [&'static str], arrays: &'a Vec<A>, out: &mut SqlWriter<'a>) {
        out.push_column(columns[0]);
        out.push(" = ANY(");
        out.bind(arrays);
        out.push(")");
    }
}

macro_rules! composite_keys {
    ($(($($name:ident : $idx:tt),+))+) => {$(
        impl<$($name: KeyPart),+> Key for ($($name,)+)
        where
            $(Vec<$name>: SqlParam,)+
        {
            type Nullable = ($(Option<$name>,)+);
            type Arrays = ($(Vec<$name>,)+);
            fn read<R: RowSource>(row: &RowReader<'_, R>, columns: &[usize]) -> Result<Self::Nullable> {
                Ok(($(row.column::<Option<$name>>(columns[$idx])?,)+))
            }
            fn present(nullable: &Self::Nullable) -> Option<Self> {
                Some(($(nullable.$idx.clone()?,)+))
            }
            fn arrays(keys: &[Self]) -> Self::Arrays {
                ($(keys.iter().map(|k| k.$idx.clone()).collect::<Vec<$name>>(),)+)
            }
            fn write_match<'a>(columns: &'static [&'static str], arrays: &'a Self::Arrays, out: &mut SqlWriter<'a>) {
                $(
                    if $idx > 0 {
                        out.push(" AND ");
                    }
                    out.push_column(columns[$idx]);
                    out.push(" = ANY(");
                    out.bind(&arrays.$idx);
                    out.push(")");
                )+
            }
        }
    )+};
}
composite_keys! {
    (A: 0, B: 1)
    (A: 0, B: 1, C: 2)
    (A: 0, B: 1, C: 2, D: 3)
}
