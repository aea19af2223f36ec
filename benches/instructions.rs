//! Instruction counts, for `valgrind --tool=callgrind`: the same work done once by hand
//! and once by sleet, each in a function of its own, so that callgrind's inclusive count
//! per function compares them. Counts repeat exactly from run to run, which timings on a
//! shared machine do not. The command is in BENCHMARKS.md ("Row decoding").
//!
//! - `decode_by_hand` / `decode_sleet`: 10 000 `comments` rows (as `row_decoding`),
//!   decoded with tokio-postgres's `Row::get` and with `sleet::decode_rows`;
//! - `outer_join_by_hand` / `outer_join_sleet`: 2 000 rows of users `LEFT JOIN` posts,
//!   half without a post, the post's columns read as one `Option` (the medium query);
//! - `insert_by_hand` / `insert_sleet`: the client side of a 1 000-row insert: one
//!   `text[]` per column copied from the rows and encoded (the `UNNEST` insert by hand),
//!   against sleet taking copies of the rows, building the `INSERT`, rendering it and
//!   encoding its parameters. Each copies every string once.
//!
//! Needs a PostgreSQL server for the rows (DATABASE_URL, else 127.0.0.1:5432, else a
//! throwaway cluster); creates its own database and drops it.
#![allow(missing_docs)]

use blog::schema::{Comment, NewUser};
use postgres_types::{ToSql, Type};
use sleet::query::{Render as _, SqlWriter};
use sleet_test_support::FreshDatabase;
use std::hint::black_box;

use support::{comment_by_hand, comment_rows};

mod support;

const RUNS: usize = 3;

#[inline(never)]
fn decode_by_hand(rows: &[tokio_postgres::Row]) -> Vec<Comment> {
    rows.iter().map(comment_by_hand).collect()
}

#[inline(never)]
fn decode_sleet(rows: &[tokio_postgres::Row]) -> Vec<Comment> {
    sleet::decode_rows::<Comment, _>(rows).unwrap()
}

/// A user and, from a `LEFT JOIN`, maybe a post (diesel_bench's medium query).
type UserAndPost = ((i32, String, Option<String>), Option<(i32, i32, String, Option<i32>)>);

#[inline(never)]
fn outer_join_by_hand(rows: &[tokio_postgres::Row]) -> Vec<UserAndPost> {
    rows.iter()
        .map(|r| {
            let post = r.get::<_, Option<i32>>(3).map(|id| (id, r.get(4), r.get(5), r.get(6)));
            ((r.get(0), r.get(1), r.get(2)), post)
        })
        .collect()
}

#[inline(never)]
fn outer_join_sleet(rows: &[tokio_postgres::Row]) -> Vec<UserAndPost> {
    sleet::decode_rows(rows).unwrap()
}

#[inline(never)]
fn insert_by_hand(users: &[NewUser]) -> usize {
    let names: Vec<String> = users.iter().map(|u| u.name.clone()).collect();
    let emails: Vec<String> = users.iter().map(|u| u.email.clone()).collect();
    let mut out = bytes::BytesMut::new();
    names.to_sql_checked(&Type::TEXT_ARRAY, &mut out).unwrap();
    emails.to_sql_checked(&Type::TEXT_ARRAY, &mut out).unwrap();
    out.len()
}

#[inline(never)]
fn insert_sleet(users: &[NewUser]) -> usize {
    let query = sleet::insert(blog::schema::users::table).values_many(users.iter().cloned());
    let mut writer = SqlWriter::new();
    query.write_sql(&mut writer);
    let (sql, params) = writer.finish();
    let mut out = bytes::BytesMut::new();
    for param in &params {
        param.to_sql_checked(&param.param_type(), &mut out).unwrap();
    }
    sql.len() + out.len()
}

fn main() {
    let users: Vec<NewUser> =
        (0..1000).map(|i| NewUser::new(format!("User {i}"), format!("u{i}@example.test"))).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let database =
        runtime.block_on(FreshDatabase::create("sleet_bench", blog::SCHEMA_SQL)).unwrap_or_else(|e| panic!("{e}"));
    let (rows, joined) = runtime.block_on(async {
        let client = database.connect().await.unwrap();
        let comments = comment_rows(&client).await;
        client
            .batch_execute(
                "INSERT INTO users (name, email, bio) SELECT 'user ' || i, i || '@bench.test', CASE WHEN i % 2 = 0 THEN 'bio' END \
                     FROM generate_series(1, 1999) AS i;
                 INSERT INTO posts (title, slug, author_id) SELECT 'post ' || id, 'post-' || id, id FROM users \
                     WHERE id % 2 = 0 AND id > 1;",
            )
            .await
            .unwrap();
        let sql = "SELECT u.id, u.name, u.bio, p.id, p.author_id, p.title, p.category_id \
                   FROM users u LEFT JOIN posts p ON p.author_id = u.id ORDER BY u.id";
        (comments, client.query(sql, &[]).await.unwrap())
    });
    assert_eq!(decode_sleet(&rows), decode_by_hand(&rows));
    assert_eq!(outer_join_sleet(&joined), outer_join_by_hand(&joined));
    assert_eq!(joined.len(), 2000);
    for _ in 0..RUNS {
        black_box(decode_by_hand(black_box(&rows)));
        black_box(decode_sleet(black_box(&rows)));
        black_box(outer_join_by_hand(black_box(&joined)));
        black_box(outer_join_sleet(black_box(&joined)));
        black_box(insert_by_hand(black_box(&users)));
        black_box(insert_sleet(black_box(&users)));
    }
    drop((rows, joined));
    runtime.block_on(database.drop_now());
    println!("ran each probe {RUNS} times; compare them with callgrind (BENCHMARKS.md, \"Row decoding\")");
}
