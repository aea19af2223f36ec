//! tokio-postgres by hand. `by_id` is diesel_bench's `tokio_postgres` entry: prepared
//! selects, but the insert and the association IN-lists go as SQL text (prepared on
//! every call). `prepared` is the same code with every statement prepared once and
//! the associations bound as one array (`= ANY($1)`): the physical limit of the stack.

use crate::{fixtures, sql, Bench, Comment, Post, Tree, User};
use futures_util::StreamExt;
use std::collections::HashMap;
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Row};

const NO_PARAMS: Vec<&dyn ToSql> = Vec::new();

fn connect(url: &str) -> (Runtime, Client) {
    let runtime = crate::tokio_postgres_runtime();
    let client = runtime.block_on(async { sleet_test_support::connect(url).await.expect("connect") });
    (runtime, client)
}

fn user(row: &Row) -> User {
    User { id: row.get(0), name: row.get(1), hair_color: row.get(2) }
}

/// All users (`tokio_postgres_by_id`).
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let (rt, client) = connect(url);
    let query = rt.block_on(client.prepare(sql::TRIVIAL_QUERY)).unwrap();
    b.iter(|| {
        rt.block_on(async {
            client.query_raw(&query, NO_PARAMS).await.unwrap().map(|row| user(&row.unwrap())).collect::<Vec<_>>().await
        })
    })
}

/// Users LEFT JOIN posts, filtered.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let (rt, client) = connect(url);
    let query = rt.block_on(client.prepare(sql::MEDIUM_COMPLEX_QUERY)).unwrap();
    b.iter(|| {
        rt.block_on(async {
            client
                .query_raw(&query, &[&"black"])
                .await
                .unwrap()
                .map(|row| {
                    let row = row.unwrap();
                    let post = row.get::<_, Option<i32>>(3).map(|id| Post {
                        id,
                        user_id: row.get(4),
                        title: row.get(5),
                        body: row.get(6),
                    });
                    (user(&row), post)
                })
                .collect::<Vec<_>>()
                .await
        })
    })
}

async fn insert_users(client: &Client, statement: Option<&tokio_postgres::Statement>, size: usize) {
    let rows = crate::user_rows(size, |_| Some("hair_color"));
    let params: Vec<&(dyn ToSql + Sync)> = rows.iter().flat_map(|(a, b)| [a as _, b as _]).collect();
    match statement {
        Some(statement) => client.execute(statement, &params).await.unwrap(),
        None => client.execute(&sql::insert_users(size) as &str, &params).await.unwrap(),
    };
}

/// One multi-row INSERT, as SQL text (prepared on every call).
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, client) = connect(url);
    b.iter(|| rt.block_on(insert_users(&client, None, size)))
}

/// One multi-row INSERT, prepared once.
pub fn insert_prepared(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, client) = connect(url);
    let statement = rt.block_on(client.prepare(&sql::insert_users(size))).unwrap();
    b.iter(|| rt.block_on(insert_users(&client, Some(&statement), size)))
}

fn group(users: Vec<User>, posts: Vec<Post>, comments: Vec<Comment>) -> Tree {
    let mut posts = posts.into_iter().map(|p| (p.id, (p, Vec::new()))).collect::<HashMap<_, _>>();
    let mut users = users.into_iter().map(|u| (u.id, (u, Vec::new()))).collect::<HashMap<_, _>>();
    for comment in comments {
        posts.get_mut(&comment.post_id).unwrap().1.push(comment);
    }
    for (_, post_with_comments) in posts {
        users.get_mut(&post_with_comments.0.user_id).unwrap().1.push(post_with_comments);
    }
    users.into_values().collect()
}

fn post(row: &Row) -> Post {
    Post { id: row.get(0), title: row.get(1), user_id: row.get(2), body: row.get(3) }
}

fn comment(row: &Row) -> Comment {
    Comment { id: row.get(0), post_id: row.get(1), text: row.get(2) }
}

/// Users → posts → comments: three statements, grouping in Rust (diesel_bench's code).
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, client) = connect(url);
    let user_query = rt.block_on(client.prepare(sql::TRIVIAL_QUERY)).unwrap();
    b.iter(|| {
        rt.block_on(async {
            let users: Vec<User> =
                client.query_raw(&user_query, NO_PARAMS).await.unwrap().map(|r| user(&r.unwrap())).collect().await;
            let posts_query = sql::in_list("SELECT id, title, user_id, body FROM posts WHERE user_id IN(", users.len());
            let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
            let posts: Vec<Post> = client
                .query_raw(&posts_query as &str, &user_ids)
                .await
                .unwrap()
                .map(|r| post(&r.unwrap()))
                .collect()
                .await;
            let comments_query = sql::in_list("SELECT id, post_id, text FROM comments WHERE post_id IN(", posts.len());
            let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
            let comments: Vec<Comment> = client
                .query_raw(&comments_query as &str, &post_ids)
                .await
                .unwrap()
                .map(|r| comment(&r.unwrap()))
                .collect()
                .await;
            group(users, posts, comments)
        })
    })
}

/// Users → posts → comments: three prepared statements with one array each, each
/// result decoded as it streams in (as `by_id` reads; collecting every `Row` first
/// took about 10 % longer here).
pub fn associations_prepared(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, client) = connect(url);
    let (users_q, posts_q, comments_q) = rt.block_on(async {
        (
            client.prepare(sql::TRIVIAL_QUERY).await.unwrap(),
            client.prepare("SELECT id, title, user_id, body FROM posts WHERE user_id = ANY($1)").await.unwrap(),
            client.prepare("SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)").await.unwrap(),
        )
    });
    b.iter(|| {
        rt.block_on(async {
            let users: Vec<User> =
                client.query_raw(&users_q, NO_PARAMS).await.unwrap().map(|r| user(&r.unwrap())).collect().await;
            let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
            let posts: Vec<Post> =
                client.query_raw(&posts_q, &[&user_ids]).await.unwrap().map(|r| post(&r.unwrap())).collect().await;
            let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
            let comments: Vec<Comment> = client
                .query_raw(&comments_q, &[&post_ids])
                .await
                .unwrap()
                .map(|r| comment(&r.unwrap()))
                .collect()
                .await;
            group(users, posts, comments)
        })
    })
}
