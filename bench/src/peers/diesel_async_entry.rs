//! diesel-async (`AsyncPgConnection`, on tokio-postgres): diesel_bench's
//! `diesel_async` entry, the same queries as the sync one.

use super::diesel_entry::{posts, users, Comment, NewUser, Post, User};
use crate::{fixtures, Bench};
use diesel::prelude::*;
use diesel::{insert_into, BelongingToDsl, GroupedBy};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use tokio::runtime::Runtime;

fn connect(url: &str) -> (Runtime, AsyncPgConnection) {
    let runtime = crate::tokio_postgres_runtime();
    let conn = runtime.block_on(AsyncPgConnection::establish(url)).expect("connect");
    (runtime, conn)
}

async fn insert_users<const N: usize>(conn: &mut AsyncPgConnection, hair_color: fn(usize) -> Option<&'static str>) {
    let mut data = Box::new([const { NewUser::dummy() }; N]);
    for (idx, user) in data.iter_mut().enumerate() {
        *user = NewUser::new(format!("User {idx}"), hair_color(idx));
    }
    insert_into(users::table).values(*data).execute(conn).await.unwrap();
}

/// All users.
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let (rt, mut conn) = connect(url);
    b.iter(|| rt.block_on(async { users::table.load::<User>(&mut conn).await.unwrap() }))
}

/// Users LEFT JOIN posts, filtered.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let (rt, mut conn) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            users::table
                .left_outer_join(posts::table)
                .filter(users::hair_color.eq("black"))
                .load::<(User, Option<Post>)>(&mut conn)
                .await
                .unwrap()
        })
    })
}

/// One multi-row INSERT of a statically sized array.
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, mut conn) = connect(url);
    fn hair(_: usize) -> Option<&'static str> {
        Some("hair_color")
    }
    match size {
        1 => b.iter(|| rt.block_on(insert_users::<1>(&mut conn, hair))),
        10 => b.iter(|| rt.block_on(insert_users::<10>(&mut conn, hair))),
        25 => b.iter(|| rt.block_on(insert_users::<25>(&mut conn, hair))),
        50 => b.iter(|| rt.block_on(insert_users::<50>(&mut conn, hair))),
        100 => b.iter(|| rt.block_on(insert_users::<100>(&mut conn, hair))),
        1_000 => b.iter(|| rt.block_on(insert_users::<1_000>(&mut conn, hair))),
        _ => unimplemented!("insert size {size}"),
    }
}

/// Users → posts → comments with `belonging_to` and `grouped_by`.
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, mut conn) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            let users = users::table.load::<User>(&mut conn).await.unwrap();
            let posts = Post::belonging_to(&users).load::<Post>(&mut conn).await.unwrap();
            let comments = Comment::belonging_to(&posts).load::<Comment>(&mut conn).await.unwrap().grouped_by(&posts);
            let posts_and_comments = posts.into_iter().zip(comments).grouped_by(&users);
            users.into_iter().zip(posts_and_comments).collect::<Vec<(User, Vec<(Post, Vec<Comment>)>)>>()
        })
    })
}
