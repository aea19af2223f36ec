//! sqlx (one `PgConnection`, statements cached per connection): diesel_bench's
//! `sqlx_query_from_row` entry (`query_as` with `#[derive(FromRow)]`, which reads
//! columns by name), and, with the `sqlx_macros` feature, the compile-time checked
//! `query_as!` macro (reads columns by position; needs `DATABASE_URL` pointing at a
//! database holding `schema.sql` while it compiles, which `run.sh` provides) plus the
//! bulk insert sqlx's FAQ recommends (`UNNEST` over one array per column).

use crate::{fixtures, sql, Bench};
use sqlx::{Connection, FromRow, PgConnection};
use std::collections::HashMap;
use tokio::runtime::Runtime;

/// A user.
#[derive(FromRow)]
pub struct User {
    /// `id`
    pub id: i32,
    /// `name`
    pub name: String,
    /// `hair_color`
    pub hair_color: Option<String>,
}

/// A post.
#[derive(FromRow)]
pub struct Post {
    /// `id`
    pub id: i32,
    /// `user_id`
    pub user_id: i32,
    /// `title`
    pub title: String,
    /// `body`
    pub body: Option<String>,
}

/// A user row with its optional post, as the join returns it.
#[derive(FromRow)]
pub struct UserWithPost {
    /// `myuser_id`
    pub myuser_id: i32,
    /// `name`
    pub name: String,
    /// `hair_color`
    pub hair_color: Option<String>,
    /// `post_id`
    pub post_id: Option<i32>,
    /// `user_id`
    pub user_id: Option<i32>,
    /// `title`
    pub title: Option<String>,
    /// `body`
    pub body: Option<String>,
}

impl UserWithPost {
    /// The user and, where the join matched one, the post.
    fn split(self) -> (User, Option<Post>) {
        let user = User { id: self.myuser_id, name: self.name, hair_color: self.hair_color };
        let post = self.post_id.map(|id| Post {
            id,
            title: self.title.unwrap(),
            user_id: self.user_id.unwrap(),
            body: self.body,
        });
        (user, post)
    }
}

/// A comment.
#[derive(FromRow)]
pub struct Comment {
    /// `id`
    pub id: i32,
    /// `post_id`
    pub post_id: i32,
    /// `text`
    pub text: String,
}

fn connect(url: &str) -> (Runtime, PgConnection) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let conn = runtime.block_on(PgConnection::connect(url)).expect("connect");
    (runtime, conn)
}

/// All users.
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let (rt, mut conn) = connect(url);
    b.iter(|| rt.block_on(async { sqlx::query_as::<_, User>(sql::TRIVIAL_QUERY).fetch_all(&mut conn).await.unwrap() }))
}

/// Users LEFT JOIN posts, filtered.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let (rt, mut conn) = connect(url);
    let query = "SELECT u.id as myuser_id, u.name, u.hair_color, p.id as post_id, p.user_id , p.title, p.body \
                 FROM users as u LEFT JOIN posts as p on u.id = p.user_id WHERE u.hair_color = $1";
    b.iter(|| {
        rt.block_on(async {
            sqlx::query_as::<_, UserWithPost>(query)
                .bind("black")
                .persistent(true)
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .into_iter()
                .map(UserWithPost::split)
                .collect::<Vec<_>>()
        })
    })
}

/// One multi-row INSERT with bound parameters.
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, mut conn) = connect(url);
    let text = sql::insert_users(size);
    b.iter(|| {
        rt.block_on(async {
            let rows = crate::user_rows(size, |_| Some("hair_color"));
            let mut query = sqlx::query(&text);
            for (name, hair_color) in &rows {
                query = query.bind(name).bind(hair_color);
            }
            query.execute(&mut conn).await.unwrap()
        })
    })
}

/// Users → posts → comments: three statements with IN-lists, grouping in Rust.
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, mut conn) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            let users = sqlx::query_as::<_, User>(sql::TRIVIAL_QUERY).fetch_all(&mut conn).await.unwrap();
            let posts_query = sql::in_list("SELECT id, title, user_id, body FROM posts WHERE user_id IN(", users.len());
            let mut query = sqlx::query(&posts_query);
            for user in &users {
                query = query.bind(user.id);
            }
            let posts: Vec<Post> =
                query.fetch_all(&mut conn).await.unwrap().iter().map(|row| Post::from_row(row).unwrap()).collect();
            let comments_query = sql::in_list("SELECT id, post_id, text FROM comments WHERE post_id IN(", posts.len());
            let mut query = sqlx::query(&comments_query);
            for post in &posts {
                query = query.bind(post.id);
            }
            let comments: Vec<Comment> =
                query.fetch_all(&mut conn).await.unwrap().iter().map(|row| Comment::from_row(row).unwrap()).collect();
            let mut posts = posts.into_iter().map(|p| (p.id, (p, Vec::new()))).collect::<HashMap<_, _>>();
            let mut users = users.into_iter().map(|u| (u.id, (u, Vec::new()))).collect::<HashMap<_, _>>();
            for comment in comments {
                posts.get_mut(&comment.post_id).unwrap().1.push(comment);
            }
            for (_, post) in posts {
                users.get_mut(&post.0.user_id).unwrap().1.push(post);
            }
            users.into_values().collect::<Vec<(User, Vec<(Post, Vec<Comment>)>)>>()
        })
    })
}

/// All users, `query_as!`.
#[cfg(feature = "sqlx_macros")]
pub fn trivial_macro(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let (rt, mut conn) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            sqlx::query_as!(User, "SELECT id, name, hair_color FROM users").fetch_all(&mut conn).await.unwrap()
        })
    })
}

/// Users LEFT JOIN posts, filtered, `query_as!` (`?` marks the outer side nullable).
#[cfg(feature = "sqlx_macros")]
pub fn medium_macro(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let (rt, mut conn) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            sqlx::query_as!(
                UserWithPost,
                r#"SELECT u.id as myuser_id, u.name, u.hair_color, p.id as "post_id?", p.user_id as "user_id?",
                   p.title as "title?", p.body FROM users as u LEFT JOIN posts as p on u.id = p.user_id
                   WHERE u.hair_color = $1"#,
                "black"
            )
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(UserWithPost::split)
            .collect::<Vec<_>>()
        })
    })
}

/// One INSERT of every row as `UNNEST` over one array per column: the same statement
/// text for any batch size (sqlx's FAQ answer for bulk inserts).
#[cfg(feature = "sqlx_macros")]
pub fn insert_unnest(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, mut conn) = connect(url);
    b.iter(|| {
        rt.block_on(async {
            let rows = crate::user_rows(size, |_| Some("hair_color"));
            let (names, hair_colors): (Vec<String>, Vec<Option<String>>) =
                rows.into_iter().map(|(name, hair)| (name, hair.map(str::to_owned))).unzip();
            sqlx::query!(
                "INSERT INTO users (name, hair_color) SELECT * FROM UNNEST($1::text[], $2::text[])",
                &names,
                &hair_colors as &[Option<String>]
            )
            .execute(&mut conn)
            .await
            .unwrap()
        })
    })
}
