//! Nested reads through relations, without N+1: `db.query(users::table)
//! .with(users::posts().with(posts::comments()))` loads users, then the posts of all of
//! them in one statement, then the comments of all those posts in one more — one
//! statement per relation, however many parents. Related rows are matched by key in
//! Rust. (One statement per level with `= ANY($1)` beat a single `LATERAL` statement
//! with JSON or record aggregation by 3–4× when measured, and keeps every value in
//! PostgreSQL's binary format, so nothing is lost on the way; see BENCHMARKS.md.)
//!
//! Each level can filter, order, limit (per parent), choose columns, and nest further.
//! Results are [`Loaded`] rows: the row (which they deref to) and a tuple of what each
//! `with` loaded, typed by the relation: the row for a NOT NULL many-to-one, `Option` for
//! a nullable one or a one-to-one, `Vec` for the rest.

mod key;
#[cfg(any(feature = "tokio-postgres", feature = "sqlx"))]
mod run;

pub use key::{Key, KeyPart};
#[cfg(any(feature = "tokio-postgres", feature = "sqlx"))]
pub use run::Query;

use crate::query::{AddFilter, AllColumns, Expression, Filter, OrderBy, Ordering, Selection, Where};
use crate::row::{RowReader, RowSource};
use crate::schema::Relation;
use std::marker::PhantomData;

/// A relation that can be loaded: generated for relations whose key columns have a
/// hashable Rust type.
pub trait Loadable: Relation {
    /// The key that ties a source row to its related rows (a tuple for composite keys).
    type Key: Key;
    /// The key's columns on the source table, qualified (`users.id`).
    const SOURCE_KEY: &'static [&'static str];
    /// The same key on the related rows' side, qualified (`posts.author_id`, or the
    /// junction's column for many-to-many).
    const TARGET_KEY: &'static [&'static str];
    /// Where related rows come from: the target table, joined with the junction for
    /// many-to-many (`tags INNER JOIN post_tags ON post_tags.tag_id = tags.id`).
    const TARGET_FROM: &'static str;
}

/// A row and what its `with`s loaded: derefs to the row; `related` is a tuple with one
/// entry per `with`, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<Row, Related> {
    /// The row.
    pub row: Row,
    /// One entry per `with`: the related row, `Option` or `Vec`.
    pub related: Related,
}

impl<Row, Related> Loaded<Row, Related> {
    /// The row and its related data, apart.
    pub fn into_parts(self) -> (Row, Related) {
        (self.row, self.related)
    }
}

impl<Row, Related> std::ops::Deref for Loaded<Row, Related> {
    type Target = Row;
    fn deref(&self) -> &Row {
        &self.row
    }
}

/// One level of a nested read: a relation with its filter, order, per-parent limit,
/// columns and nested levels. Built from a relation marker (`users::posts()`) by the
/// methods of [`LoadRelation`].
#[derive(Clone, Debug)]
pub struct Level<R, S, W = (), O = (), N = ()> {
    selection: S,
    filter: W,
    order: O,
    limit: Option<i64>,
    offset: i64,
    /// `offset + limit`: the last rank kept.
    end: Option<i64>,
    with: N,
    relation: PhantomData<fn() -> R>,
}

/// Starts a [`Level`] from a relation marker: `users::posts().filter(…)`.
pub trait LoadRelation: Loadable {
    /// The relation with nothing added: every column of related rows.
    fn level(self) -> Level<Self, AllColumns<Self::Target>> {
        Level {
            selection: AllColumns(<Self::Target as Default>::default()),
            filter: (),
            order: (),
            limit: None,
            offset: 0,
            end: None,
            with: (),
            relation: PhantomData,
        }
    }
    /// Only related rows for which `condition` holds.
    fn filter<E: Expression<Value = bool>>(self, condition: E) -> Level<Self, AllColumns<Self::Target>, Where<E>> {
        self.level().filter(condition)
    }
    /// Related rows in this order.
    fn order_by<L: crate::query::expr::OrderList>(
        self,
        order: L,
    ) -> Level<Self, AllColumns<Self::Target>, (), OrderBy<L>> {
        self.level().order_by(order)
    }
    /// At most `n` related rows per parent.
    fn limit(self, n: i64) -> Level<Self, AllColumns<Self::Target>> {
        self.level().limit(n)
    }
    /// Skips the first `n` related rows of each parent.
    fn offset(self, n: i64) -> Level<Self, AllColumns<Self::Target>> {
        self.level().offset(n)
    }
    /// Only these columns (or expressions) of related rows.
    fn columns<S: Selection>(self, selection: S) -> Level<Self, S> {
        self.level().columns(selection)
    }
    /// Loads a further relation of the related rows.
    fn with<L: IntoLevel>(self, nested: L) -> Level<Self, AllColumns<Self::Target>, (), (), (L::Level,)> {
        self.level().with(nested)
    }
}

impl<R: Loadable> LoadRelation for R {}

impl<R: Loadable, S: Selection, W: Filter, O: Ordering, N: WithList> Level<R, S, W, O, N> {
    /// Only related rows for which `condition` holds (`AND`ed with earlier ones).
    pub fn filter<E: Expression<Value = bool>>(self, condition: E) -> Level<R, S, W::Output, O, N>
    where
        W: AddFilter<E>,
    {
        let Level { selection, filter, order, limit, offset, end, with, relation } = self;
        Level { selection, filter: filter.add(condition), order, limit, offset, end, with, relation }
    }

    /// Related rows in this order (within each parent).
    pub fn order_by<L: crate::query::expr::OrderList>(self, order: L) -> Level<R, S, W, OrderBy<L>, N> {
        let Level { selection, filter, limit, offset, end, with, relation, .. } = self;
        Level { selection, filter, order: OrderBy::new(order), limit, offset, end, with, relation }
    }

    /// At most `n` related rows per parent.
    pub fn limit(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self.end = Some(self.offset.saturating_add(n));
        self
    }

    /// Skips the first `n` related rows of each parent.
    pub fn offset(mut self, n: i64) -> Self {
        self.offset = n;
        self.end = self.limit.map(|limit| n.saturating_add(limit));
        self
    }

    /// Only these columns (or expressions) of related rows.
    pub fn columns<T: Selection>(self, selection: T) -> Level<R, T, W, O, N> {
        let Level { filter, order, limit, offset, end, with, relation, .. } = self;
        Level { selection, filter, order, limit, offset, end, with, relation }
    }

    /// Loads a further relation of the related rows.
    pub fn with<L: IntoLevel>(self, nested: L) -> Level<R, S, W, O, N::Output>
    where
        N: Append<L::Level>,
    {
        let Level { selection, filter, order, limit, offset, end, with, relation } = self;
        Level { selection, filter, order, limit, offset, end, with: with.append(nested.into_level()), relation }
    }
}

/// A relation marker or a [`Level`]: what `with` takes.
pub trait IntoLevel {
    /// The level it becomes.
    type Level: LevelOf;
    /// Converts it.
    fn into_level(self) -> Self::Level;
}

impl<R: Loadable> IntoLevel for R
where
    Level<R, AllColumns<R::Target>>: LevelOf,
{
    type Level = Level<R, AllColumns<R::Target>>;
    fn into_level(self) -> Self::Level {
        self.level()
    }
}

impl<R: Loadable, S: Selection, W: Filter, O: Ordering, N: WithList> IntoLevel for Level<R, S, W, O, N>
where
    Level<R, S, W, O, N>: LevelOf,
{
    type Level = Self;
    fn into_level(self) -> Self {
        self
    }
}

/// What a level yields per parent, and how it is matched to parents. Implemented by
/// [`Level`]; the loading itself lives with the executor.
pub trait LevelOf: Send + Sync {
    /// The relation.
    type Relation: Loadable;
    /// One related item: the selected row, with what its own `with`s loaded.
    type Item: Clone + Send + Sync;
    /// What one parent gets: the item, `Option` or `Vec`, by the relation's cardinality.
    type Output: Clone + Send + Sync;
    /// The items found for one parent (`None`: none) as its output.
    fn pick(found: Option<Vec<Self::Item>>) -> crate::Result<Self::Output>;
}

impl<R: Loadable, S: Selection, W: Filter, O: Ordering, N: WithList> LevelOf for Level<R, S, W, O, N>
where
    S::Output: Clone + Send + Sync,
{
    type Relation = R;
    type Item = N::Wrap<S::Output>;
    type Output = <R::Cardinality as crate::schema::Cardinality>::Of<Self::Item>;
    fn pick(found: Option<Vec<Self::Item>>) -> crate::Result<Self::Output> {
        <R::Cardinality as crate::schema::Cardinality>::pick(found, R::NAME)
    }
}

/// The `with`s of one level: `()`, or a tuple of levels.
pub trait WithList: Send + Sync {
    /// Each level's source key, as read from a parent row (NULL-able).
    type Keys: Send + Sync;
    /// What the levels load for one parent: a tuple, one entry per level.
    type Data: Clone + Send + Sync;
    /// A parent row with its data: the row itself when there are no levels.
    type Wrap<Row: Clone + Send + Sync>: Clone + Send + Sync;
    /// Adds every level's source key columns, for the parent's statement.
    fn key_columns(columns: &mut Vec<&'static str>);
    /// Reads every level's source key from the given columns of a parent row, in the
    /// order of [`key_columns`](Self::key_columns).
    fn read_keys<R: RowSource>(row: &RowReader<'_, R>, columns: &[usize]) -> crate::Result<Self::Keys>;
    /// Joins a parent row and its data.
    fn wrap<Row: Clone + Send + Sync>(row: Row, data: Self::Data) -> Self::Wrap<Row>;
}

impl WithList for () {
    type Keys = ();
    type Data = ();
    type Wrap<Row: Clone + Send + Sync> = Row;
    fn key_columns(_: &mut Vec<&'static str>) {}
    fn read_keys<R: RowSource>(_: &RowReader<'_, R>, _: &[usize]) -> crate::Result<()> {
        Ok(())
    }
    fn wrap<Row: Clone + Send + Sync>(row: Row, _: ()) -> Row {
        row
    }
}

/// Adding one more `with`.
pub trait Append<L> {
    /// The longer list.
    type Output: WithList;
    /// Appends.
    fn append(self, level: L) -> Self::Output;
}

macro_rules! with_lists {
    ($(($($name:ident : $idx:tt),+))+) => {$(
        impl<$($name: LevelOf),+> WithList for ($($name,)+) {
            type Keys = ($(<<$name::Relation as Loadable>::Key as Key>::Nullable,)+);
            type Data = ($($name::Output,)+);
            type Wrap<Row: Clone + Send + Sync> = Loaded<Row, Self::Data>;
            fn key_columns(columns: &mut Vec<&'static str>) {
                $( columns.extend_from_slice(<$name::Relation as Loadable>::SOURCE_KEY); )+
            }
            fn read_keys<R: RowSource>(row: &RowReader<'_, R>, columns: &[usize]) -> crate::Result<Self::Keys> {
                let mut _start = 0;
                Ok(($({
                    let width = <$name::Relation as Loadable>::SOURCE_KEY.len();
                    let key = <<$name::Relation as Loadable>::Key as Key>::read(row, &columns[_start.._start + width])?;
                    _start += width;
                    key
                },)+))
            }
            fn wrap<Row: Clone + Send + Sync>(row: Row, related: Self::Data) -> Loaded<Row, Self::Data> {
                Loaded { row, related }
            }
        }
    )+};
}
with_lists! {
    (A: 0)
    (A: 0, B: 1)
    (A: 0, B: 1, C: 2)
    (A: 0, B: 1, C: 2, D: 3)
    (A: 0, B: 1, C: 2, D: 3, E: 4)
    (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5)
}

macro_rules! appends {
    ($(($($name:ident : $idx:tt),*))+) => {$(
        impl<$($name: LevelOf,)* X: LevelOf> Append<X> for ($($name,)*) {
            type Output = ($($name,)* X,);
            fn append(self, level: X) -> Self::Output {
                ($(self.$idx,)* level,)
            }
        }
    )+};
}
appends! {
    ()
    (A: 0)
    (A: 0, B: 1)
    (A: 0, B: 1, C: 2)
    (A: 0, B: 1, C: 2, D: 3)
    (A: 0, B: 1, C: 2, D: 3, E: 4)
}
