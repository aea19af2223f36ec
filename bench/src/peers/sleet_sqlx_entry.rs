//! sleet on sqlx (feature `sqlx`): the same generated schema and builders as the
//! `sleet` entry, run through `sleet::exec::sqlx::Db` over one `PgConnection` with
//! statements cached by sqlx, on the current-thread runtime of the sqlx entry, so the
//! two compare as sleet-over-sqlx against sqlx by hand.

use crate::schema::{posts, users, NewUser};
use crate::{fixtures, Bench};
use sleet::exec::sqlx::{Db, Exclusive};
use sleet::prelude::*;
use sqlx::{Connection, PgConnection};
use tokio::runtime::Runtime;

fn connect(url: &str) -> (Runtime, Db<Exclusive<PgConnection>>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let connection = runtime.block_on(PgConnection::connect(url)).expect("connect");
    (runtime, Db::on(connection))
}

/// All users.
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let (rt, db) = connect(url);
    b.iter(|| rt.block_on(async { db.all(&from(users::table)).await.unwrap() }))
}

/// Users LEFT JOIN posts, filtered, as the `sleet` entry reads it.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let (rt, db) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            let query =
                select((users::table.all_columns(), (posts::id, posts::user_id, posts::title, posts::body).nullable()))
                    .from(users::table)
                    .left_join(posts::table, users::id.eq(posts::user_id))
                    .filter(users::hair_color.eq("black"));
            db.all(&query)
                .await
                .unwrap()
                .into_iter()
                .map(|(user, post)| {
                    (user, post.map(|(id, user_id, title, body)| crate::Post { id, user_id, title, body }))
                })
                .collect::<Vec<_>>()
        })
    })
}

/// One multi-row INSERT (`UNNEST`, as the `sleet` entry).
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, db) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            let rows =
                (0..size).map(|idx| NewUser::new(format!("User {idx}")).hair_color(Some("hair_color".to_string())));
            db.execute(&sleet::insert(users::table).values_many(rows)).await.unwrap()
        })
    })
}

/// Users → posts → comments with `with`: one statement per level.
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, db) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            db.query(users::table)
                .with(
                    users::posts()
                        .columns((posts::id, posts::user_id, posts::title, posts::body))
                        .with(posts::comments()),
                )
                .all()
                .await
                .unwrap()
        })
    });
}
