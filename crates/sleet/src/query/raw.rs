//! Raw SQL, safely: the text is `&'static str` pieces written in your code, every value
//! is a bound parameter, and splicing run-time text is the visibly named
//! [`Raw::push_unchecked_sql`].

use super::select::Returns;
use super::{Render, SqlWriter};
use crate::params::{Param, SqlParam};
use crate::schema::FromRow;
use std::borrow::Cow;
use std::marker::PhantomData;

/// Starts a raw statement with SQL text written in your code.
///
/// ```
/// use sleet::query::Render as _;
/// let email = "ann@example.com";
/// let query = sleet::raw("SELECT id, name FROM users WHERE email = ").bind(&email).push(" LIMIT 1").rows::<(i32, String)>();
/// assert_eq!(query.to_sql().0, "SELECT id, name FROM users WHERE email = $1 LIMIT 1");
/// ```
pub fn raw(sql: &'static str) -> Raw<'static, ()> {
    Raw { pieces: vec![Piece::Text(Cow::Borrowed(sql))], row: PhantomData }
}

enum Piece<'a> {
    Text(Cow<'static, str>),
    Param(Param<'a>),
}

/// A raw statement: SQL text and bound parameters, decoding rows into `R`.
pub struct Raw<'a, R> {
    pieces: Vec<Piece<'a>>,
    row: PhantomData<fn() -> R>,
}

impl<'a, R> Raw<'a, R> {
    /// Appends SQL text written in your code.
    pub fn push(mut self, sql: &'static str) -> Self {
        self.pieces.push(Piece::Text(Cow::Borrowed(sql)));
        self
    }

    /// Appends a bound parameter (`$n`): the value never becomes SQL text. Any type
    /// the generator maps to binds; a type of your own implements
    /// [`SqlParam`](crate::SqlParam).
    pub fn bind<'b>(self, value: &'b impl SqlParam) -> Raw<'b, R>
    where
        'a: 'b,
    {
        let mut pieces: Vec<Piece<'b>> = self.pieces;
        pieces.push(Piece::Param(Param::new(value)));
        Raw { pieces, row: PhantomData }
    }

    /// Appends text made at run time, as SQL. **Nothing escapes it**: never pass
    /// anything a user can influence. Prefer [`bind`](Self::bind).
    pub fn push_unchecked_sql(mut self, sql: impl Into<String>) -> Self {
        self.pieces.push(Piece::Text(Cow::Owned(sql.into())));
        self
    }

    /// Decodes result rows into `T` (a generated row struct, a tuple, a scalar).
    pub fn rows<T: FromRow>(self) -> Raw<'a, T> {
        Raw { pieces: self.pieces, row: PhantomData }
    }
}

impl<R> Render for Raw<'_, R> {
    fn write_sql<'q>(&'q self, out: &mut SqlWriter<'q>) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push(text),
                Piece::Param(param) => out.bind_param(param.clone()),
            }
        }
    }
}

impl<R: FromRow> Returns for Raw<'_, R> {
    type Row = R;
}
