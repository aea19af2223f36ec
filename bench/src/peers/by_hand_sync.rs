//! The `postgres` (sync) driver by hand: diesel_bench's `postgres` entry.

use crate::{fixtures, sql, Bench, Comment, Post, Tree, User};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row};
use std::collections::HashMap;

const NO_PARAMS: Vec<&dyn ToSql> = Vec::new();

fn connect(url: &str) -> Client {
    Client::connect(url, NoTls).expect("connect")
}

fn user(row: &Row) -> User {
    User { id: row.get(0), name: row.get(1), hair_color: row.get(2) }
}

/// All users (`postgres_by_id`).
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let mut client = connect(url);
    let query = client.prepare(sql::TRIVIAL_QUERY).unwrap();
    b.iter(|| client.query_raw(&query, NO_PARAMS).unwrap().map(|row| Ok(user(&row))).collect::<Vec<_>>().unwrap())
}

/// Users LEFT JOIN posts, filtered.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let mut client = connect(url);
    let query = client.prepare(sql::MEDIUM_COMPLEX_QUERY).unwrap();
    b.iter(|| {
        client
            .query_raw(&query, &[&"black"])
            .unwrap()
            .map(|row| {
                let post = row.get::<_, Option<i32>>(3).map(|id| Post {
                    id,
                    user_id: row.get(4),
                    title: row.get(5),
                    body: row.get(6),
                });
                Ok((user(&row), post))
            })
            .collect::<Vec<_>>()
            .unwrap()
    })
}

/// One multi-row INSERT, as SQL text.
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let mut client = connect(url);
    b.iter(|| {
        let rows = crate::user_rows(size, |_| Some("hair_color"));
        let params: Vec<&(dyn ToSql + Sync)> = rows.iter().flat_map(|(a, b)| [a as _, b as _]).collect();
        client.execute(&sql::insert_users(size) as &str, &params).unwrap()
    })
}

/// Users → posts → comments: three statements, grouping in Rust.
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let mut client = connect(url);
    let user_query = client.prepare(sql::TRIVIAL_QUERY).unwrap();
    b.iter(|| -> Tree {
        let users: Vec<User> =
            client.query_raw(&user_query, NO_PARAMS).unwrap().map(|r| Ok(user(&r))).collect().unwrap();
        let posts_query = sql::in_list("SELECT id, title, user_id, body FROM posts WHERE user_id IN(", users.len());
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts: Vec<Post> = client
            .query_raw(&posts_query as &str, &user_ids)
            .unwrap()
            .map(|r| Ok(Post { id: r.get(0), title: r.get(1), user_id: r.get(2), body: r.get(3) }))
            .collect()
            .unwrap();
        let comments_query = sql::in_list("SELECT id, post_id, text FROM comments WHERE post_id IN(", posts.len());
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments: Vec<Comment> = client
            .query_raw(&comments_query as &str, &post_ids)
            .unwrap()
            .map(|r| Ok(Comment { id: r.get(0), post_id: r.get(1), text: r.get(2) }))
            .collect()
            .unwrap();
        let mut posts = posts.into_iter().map(|p| (p.id, (p, Vec::new()))).collect::<HashMap<_, _>>();
        let mut users = users.into_iter().map(|u| (u.id, (u, Vec::new()))).collect::<HashMap<_, _>>();
        for comment in comments {
            posts.get_mut(&comment.post_id).unwrap().1.push(comment);
        }
        for (_, post) in posts {
            users.get_mut(&post.0.user_id).unwrap().1.push(post);
        }
        users.into_values().collect()
    })
}
