//! `SELECT`: selections, joins, conditions, ordering, grouping, locking.

use crate::schema::{categories, comments, posts, users, Role};
use crate::Snapshot;
use sleet::prelude::*;

#[test]
fn selections_and_joins() {
    let mut s = Snapshot::new("select_joins");
    s.case("whole rows", &from(users::table));
    s.case("columns", &select((users::name, users::email)).from(users::table));
    s.case("one column, filtered, limited", &select(users::name).from(users::table).filter(users::id.eq(1)).limit(1));
    s.case(
        "inner join, order by, limit",
        &select((posts::id, posts::title, users::name))
            .from(posts::table)
            .inner_join(users::table, posts::author_id.eq(users::id))
            .filter(posts::published.eq(true))
            .order_by((posts::created_at.desc(), posts::id.asc()))
            .limit(20)
            .offset(40),
    );
    s.case(
        "left join: the outer side as one Option",
        &select((posts::slug, categories::table.all_columns().nullable()))
            .from(posts::table)
            .left_join(categories::table, posts::category_id.eq(categories::id)),
    );
    s.case(
        "a tuple of the outer side as one Option",
        &select((users::name, (posts::id, posts::title).nullable()))
            .from(users::table)
            .left_join(posts::table, posts::author_id.eq(users::id)),
    );
    s.case(
        "right and full joins",
        &select((posts::id.nullable(), users::id.nullable()))
            .from(posts::table)
            .right_join(users::table, posts::author_id.eq(users::id))
            .full_join(categories::table, posts::category_id.eq(categories::id)),
    );
    s.case("cross join", &select((users::id, categories::id)).from(users::table).cross_join(categories::table));
    let commenter = sleet::alias(users::table, "commenter");
    s.case(
        "the same table twice, through an alias",
        &select((commenter.col(users::name), users::name))
            .from(comments::table)
            .inner_join(commenter, comments::author_id.eq(commenter.col(users::id)))
            .inner_join(users::table, comments::author_id.eq(users::id)),
    );
    s.check();
}

#[test]
fn conditions() {
    let mut s = Snapshot::new("select_conditions");
    macro_rules! q {
        ($condition:expr) => {
            select(posts::slug).from(posts::table).filter($condition)
        };
    }
    s.case("and / or / not", &q!(posts::published.eq(true).and(posts::id.gt(3).or(posts::id.le(1))).not()));
    s.case("like and ilike", &q!(posts::title.like("a%").or(posts::title.ilike("%B"))));
    s.case("in a list", &q!(posts::slug.in_list(["a", "b", "c"])));
    s.case("between", &q!(posts::id.between(1, 9)));
    s.case("is null, is not null", &q!(posts::published_at.is_null().and(posts::category_id.is_not_null())));
    s.case("an enum", &select(users::id).from(users::table).filter(users::role.eq(Role::Author)));
    s.case("column to column", &q!(posts::author_id.ne(posts::id)));
    s.case(
        "filters combine with AND",
        &select(posts::slug).from(posts::table).filter(posts::published.eq(true)).filter(posts::id.gt(1)),
    );
    let (given, absent) = (Some(3), None::<i32>);
    s.case(
        "optional conditions: one given, one absent",
        &q!(maybe(given.map(|id| posts::id.gt(id))).and(maybe(absent.map(|id| posts::author_id.eq(id))))),
    );
    s.case("arithmetic", &select(posts::id.add(1)).from(posts::table).filter(posts::title_length.gt(3)));
    s.check();
}

#[test]
fn grouping_distinct_and_locking() {
    let mut s = Snapshot::new("select_grouping");
    s.case(
        "aggregates, group by, having",
        &select((users::name, count_star(), max(posts::created_at)))
            .from(posts::table)
            .inner_join(users::table, posts::author_id.eq(users::id))
            .group_by(users::name)
            .having(count_star().ge(1i64))
            .order_by(users::name),
    );
    s.case("sum and avg", &select((sum(posts::author_id), avg(posts::author_id))).from(posts::table));
    s.case(
        "count distinct, lower, upper",
        &select((count_distinct(posts::author_id), lower(users::name), upper(users::email)))
            .from(users::table)
            .inner_join(posts::table, posts::author_id.eq(users::id))
            .group_by((users::name, users::email)),
    );
    s.case("distinct", &select(posts::author_id).from(posts::table).distinct());
    s.case(
        "distinct on",
        &select((comments::post_id, comments::body))
            .from(comments::table)
            .distinct_on(comments::post_id)
            .order_by((comments::post_id, comments::id.desc())),
    );
    s.case(
        "nulls first and last",
        &select(posts::slug)
            .from(posts::table)
            .order_by((posts::published_at.desc().nulls_last(), posts::category_id.asc().nulls_first())),
    );
    s.case("count rows", &count_rows(posts::table).filter(posts::published.eq(false)));
    s.case("for update skip locked", &from(posts::table).filter(posts::id.eq(1)).for_update().skip_locked());
    s.case("for share nowait", &from(posts::table).for_share().nowait());
    s.check();
}
