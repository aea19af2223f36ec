//! Statements made of statements: subqueries, EXISTS, set operations, CTEs, derived
//! tables, related-row filters, and raw SQL.

use crate::schema::{comments, posts, users, Role};
use crate::Snapshot;
use sleet::prelude::*;
use sleet::query::{cte_ref, with, with_recursive};

#[test]
fn subqueries_and_set_operations() {
    let mut s = Snapshot::new("compose_subqueries");
    s.case(
        "in (subquery)",
        &select(users::name).from(users::table).filter(
            users::id.in_subquery(select(posts::author_id).from(posts::table).filter(posts::published.eq(true))),
        ),
    );
    s.case(
        "not exists",
        &select(users::name)
            .from(users::table)
            .filter(not_exists(select(posts::id).from(posts::table).filter(posts::author_id.eq(users::id)))),
    );
    s.case("exists", &from(users::table).filter(exists(select(comments::id).from(comments::table))));
    let (a, b) = (select(posts::author_id).from(posts::table), select(comments::author_id).from(comments::table));
    s.case("union", &a.clone().union(b.clone()));
    s.case("union all", &a.clone().union_all(b.clone()));
    s.case("intersect", &a.clone().intersect(b.clone()));
    s.case("except", &a.except(b));
    s.case("a related row exists", &from(users::table).filter(has(users::posts()).filter(posts::published.eq(true))));
    s.case("no related row", &from(users::table).filter(has(users::posts()).not()));
    s.case("through a junction", &from(posts::table).filter(has(posts::tags())));
    s.check();
}

#[test]
fn ctes_and_derived_tables() {
    let mut s = Snapshot::new("compose_ctes");
    let (active, authors) = select((posts::author_id, count_star()))
        .from(posts::table)
        .filter(posts::published.eq(true))
        .group_by(posts::author_id)
        .cte("active");
    s.case(
        "with",
        &with(
            active,
            select((users::name, authors.col::<1>()))
                .from(authors)
                .inner_join(users::table, users::id.eq(authors.col::<0>())),
        ),
    );
    let thread = cte_ref::<(comments::id, comments::parent_id)>("thread");
    let walk = select((comments::id, comments::parent_id)).from(comments::table).filter(comments::id.eq(1)).union_all(
        select((comments::id, comments::parent_id))
            .from(comments::table)
            .inner_join(thread, comments::parent_id.eq(thread.col::<0>())),
    );
    s.case(
        "with recursive",
        &with_recursive(
            thread,
            walk,
            select(comments::body).from(comments::table).inner_join(thread, comments::id.eq(thread.col::<0>())),
        ),
    );
    let long = select((posts::slug, posts::title_length)).from(posts::table).derived("long");
    s.case("a subquery in FROM", &select(long.col::<0>()).from(long.clone()).filter(long.col::<1>().gt(17)));
    s.check();
}

#[test]
fn raw_sql() {
    let mut s = Snapshot::new("compose_raw");
    let email = "a@x.io".to_string();
    s.case(
        "text and bound values",
        &sleet::raw("SELECT * FROM users WHERE email = ").bind(&email).rows::<crate::schema::User>(),
    );
    s.case(
        "several values",
        &sleet::raw("SELECT name FROM users WHERE role = ")
            .bind(&Role::Author)
            .push(" AND id > ")
            .bind(&3)
            .rows::<(String,)>(),
    );
    s.check();
}
