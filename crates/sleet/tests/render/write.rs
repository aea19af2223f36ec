//! `INSERT`, `UPDATE` and `DELETE`.

use crate::schema::{categories, posts, tags, users, NewTag, NewUser, PostPatch, Role, UserPatch};
use crate::Snapshot;
use sleet::prelude::*;

#[test]
fn inserts() {
    let mut s = Snapshot::new("insert");
    s.case("one row: required columns, defaults left out", &insert(users::table).values(NewUser::new("Ann", "a@x.io")));
    s.case(
        "a default set, returning the row",
        &insert(users::table).values(NewUser::new("Ann", "a@x.io").role(Role::Admin)).returning(),
    );
    s.case(
        "returning columns",
        &insert(users::table).values(NewUser::new("Ann", "a@x.io")).returning_columns((users::id, users::name)),
    );
    s.case(
        "many rows setting the same columns: one array per column",
        &insert(tags::table).values_many([NewTag::new("a"), NewTag::new("b"), NewTag::new("c")]),
    );
    s.case(
        "many rows setting different columns: VALUES",
        &insert(users::table)
            .values_many([NewUser::new("A", "a@x.io"), NewUser::new("B", "b@x.io").role(Role::Author)]),
    );
    s.case("no rows: inserts none", &insert(tags::table).values_many(Vec::<NewTag>::new()));
    s.case("on conflict do nothing", &insert(tags::table).values(NewTag::new("a")).on_conflict_do_nothing());
    s.case(
        "upsert on a key, with a condition",
        &insert(users::table)
            .values(NewUser::new("Ann", "a@x.io"))
            .on_conflict(users::email)
            .do_update_set(users::name, excluded(users::name))
            .filter(users::role.ne(Role::Admin))
            .returning_columns(users::id),
    );
    s.case(
        "insert … select",
        &insert(tags::table).select(tags::name, select(lower(users::name)).from(users::table)).returning(),
    );
    s.case(
        "overriding system value",
        &insert(users::table).values(NewUser::new("I", "i@x.io").id(1000)).overriding_system_value(),
    );
    s.check();
}

#[test]
fn updates_and_deletes() {
    let mut s = Snapshot::new("update_delete");
    s.case(
        "a patch: only the fields set",
        &update(users::table)
            .set(UserPatch::default().bio("hi".to_string()).role(Role::Author))
            .filter(users::id.eq(1)),
    );
    s.case(
        "a patch that sets nothing: a column assigned to itself (not the identity)",
        &update(users::table).set(UserPatch::default()).filter(users::id.eq(1)).returning(),
    );
    s.case(
        "an expression, returning",
        &update(posts::table)
            .set_column(posts::title, posts::slug)
            .set_column(posts::published, true)
            .filter(posts::id.eq(1))
            .returning(),
    );
    s.case(
        "update … from",
        &update(posts::table)
            .set_column(posts::category_id, categories::id.nullable())
            .from(categories::table)
            .filter(categories::name.eq("rust")),
    );
    s.case("every row, said so", &update(posts::table).set(PostPatch::default().published(false)).all_rows());
    s.case("delete, returning", &delete(posts::table).filter(posts::slug.eq("draft")).returning());
    s.case("delete every row", &delete(tags::table).all_rows());
    s.check();
}
