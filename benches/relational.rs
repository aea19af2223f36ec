//! Nested loading, users → posts → comments, against the same read written by hand on
//! tokio-postgres (three prepared statements, rows read as they stream in, grouping in
//! Rust), in one run. Needs a
//! PostgreSQL server (DATABASE_URL, else 127.0.0.1:5432, else a throwaway cluster);
//! creates its own database and drops it. Run with `cargo bench --bench relational`.
#![allow(missing_docs)] // criterion's macros generate undocumented items in this binary

use blog::schema::{comments, posts, users, Comment, NewComment, NewPost, NewUser, Post, User};
use criterion::{criterion_group, criterion_main, Criterion};
use sleet::prelude::*;
use sleet::Db;
use sleet_test_support::FreshDatabase;
use std::collections::HashMap;

mod support;

type Tree = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

/// Creates `users` users with 10 posts each and 10 comments on each post.
async fn seed(db: &Db<tokio_postgres::Client>, users: usize) -> Vec<i32> {
    let ids: Vec<i32> = db
        .all(
            &insert(users::table)
                .values_many((0..users).map(|i| NewUser::new(format!("user {i}"), format!("u{i}@bench.test"))))
                .returning_columns(users::id),
        )
        .await
        .unwrap();
    let posts: Vec<i32> = db
        .all(
            &insert(posts::table)
                .values_many(ids.iter().flat_map(|&u| {
                    (0..10).map(move |p| {
                        NewPost::new(format!("Post {p} of {u}"), format!("p-{u}-{p}"), u)
                            .content("x".repeat(200))
                            .keywords(vec!["rust".to_string(), "sql".to_string()])
                    })
                }))
                .returning_columns(posts::id),
        )
        .await
        .unwrap();
    for chunk in posts.chunks(500) {
        let commenter = ids[0];
        db.execute(&insert(comments::table).values_many(
            chunk.iter().flat_map(|&p| (0..10).map(move |c| NewComment::new(p, commenter, format!("comment {c}")))),
        ))
        .await
        .unwrap();
    }
    ids
}

/// Runs a prepared statement and hands each row to `each` as it streams in (as sleet
/// reads).
async fn for_each_row(
    client: &tokio_postgres::Client,
    statement: &tokio_postgres::Statement,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    mut each: impl FnMut(&tokio_postgres::Row),
) {
    use futures_core::Stream;
    let mut rows = std::pin::pin!(client.query_raw(statement, params.iter().copied()).await.unwrap());
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        each(&row.unwrap());
    }
}

/// The read by hand: three prepared statements, rows grouped by key in Rust.
/// `user`: one user, or every user (the whole tree).
async fn by_hand(client: &tokio_postgres::Client, statements: &Statements, user: Option<i32>) -> Tree {
    let user_row = |r: &tokio_postgres::Row| User {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        role: r.get(3),
        bio: r.get(4),
        created_at: r.get(5),
    };
    let mut users = Vec::new();
    match user {
        Some(id) => for_each_row(client, &statements.one_user, &[&id], |r| users.push(user_row(r))).await,
        None => for_each_row(client, &statements.all_users, &[], |r| users.push(user_row(r))).await,
    };
    let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
    let mut posts = Vec::new();
    for_each_row(client, &statements.posts, &[&user_ids], |r| {
        posts.push(Post {
            id: r.get(0),
            title: r.get(1),
            slug: r.get(2),
            content: r.get(3),
            published: r.get(4),
            author_id: r.get(5),
            category_id: r.get(6),
            created_at: r.get(7),
            published_at: r.get(8),
            title_length: r.get(9),
            keywords: r.get(10),
        })
    })
    .await;
    let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
    let mut comments_by_post: HashMap<i32, Vec<Comment>> = HashMap::new();
    for_each_row(client, &statements.comments, &[&post_ids], |r| {
        let comment = support::comment_by_hand(r);
        comments_by_post.entry(comment.post_id).or_default().push(comment);
    })
    .await;
    let mut posts_by_user: HashMap<i32, Vec<(Post, Vec<Comment>)>> = HashMap::new();
    for post in posts {
        let comments = comments_by_post.remove(&post.id).unwrap_or_default();
        posts_by_user.entry(post.author_id).or_default().push((post, comments));
    }
    users
        .into_iter()
        .map(|u| {
            let posts = posts_by_user.remove(&u.id).unwrap_or_default();
            (u, posts)
        })
        .collect()
}

async fn with_sleet(db: &Db<tokio_postgres::Client>, user: Option<i32>) -> usize {
    let tree = db.query(users::table).with(users::posts().with(posts::comments()));
    let users = match user {
        Some(id) => tree.filter(users::id.eq(id)).all().await,
        None => tree.all().await,
    };
    users.unwrap().iter().map(|u| u.related.0.iter().map(|p| p.related.0.len()).sum::<usize>()).sum()
}

struct Statements {
    all_users: tokio_postgres::Statement,
    one_user: tokio_postgres::Statement,
    posts: tokio_postgres::Statement,
    comments: tokio_postgres::Statement,
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let database =
        runtime.block_on(FreshDatabase::create("sleet_bench", blog::SCHEMA_SQL)).unwrap_or_else(|e| panic!("{e}"));
    let (db, raw, statements, ids) = runtime.block_on(async {
        let db = Db::new(database.connect().await.unwrap());
        let ids = seed(&db, 100).await;
        let raw = database.connect().await.unwrap();
        let users = "SELECT id, name, email, role, bio, created_at FROM users";
        let statements = Statements {
            all_users: raw.prepare(users).await.unwrap(),
            one_user: raw.prepare(&format!("{users} WHERE id = $1")).await.unwrap(),
            posts: raw
                .prepare(
                    "SELECT id, title, slug, content, published, author_id, category_id, created_at, published_at, \
                     title_length, keywords FROM posts WHERE author_id = ANY($1)",
                )
                .await
                .unwrap(),
            comments: raw
                .prepare(
                    "SELECT id, post_id, author_id, body, parent_id, created_at FROM comments WHERE post_id = ANY($1)",
                )
                .await
                .unwrap(),
        };
        (db, raw, statements, ids)
    });
    // Both produce the same tree.
    let hand = runtime.block_on(by_hand(&raw, &statements, None));
    assert_eq!(hand.iter().map(|(_, p)| p.iter().map(|(_, c)| c.len()).sum::<usize>()).sum::<usize>(), 10_000);
    assert_eq!(runtime.block_on(with_sleet(&db, None)), 10_000);
    assert_eq!(runtime.block_on(with_sleet(&db, Some(ids[7]))), 100);

    for (label, user) in
        [("100 users, 1000 posts, 10000 comments", None), ("1 user, 10 posts, 100 comments", Some(ids[7]))]
    {
        let mut group = c.benchmark_group(format!("users → posts → comments: {label}"));
        group.bench_function("tokio-postgres by hand (3 statements)", |b| {
            b.iter(|| runtime.block_on(by_hand(&raw, &statements, user)))
        });
        group.bench_function("sleet with()", |b| b.iter(|| runtime.block_on(with_sleet(&db, user))));
        group.finish();
    }
    drop((db, raw));
    runtime.block_on(database.drop_now());
}

criterion_group!(benches, bench);
criterion_main!(benches);
