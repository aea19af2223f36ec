//! Seed data for the demo and the tests: a few users, categories, tags, posts and
//! comments, inserted with sleet itself.

use crate::schema::{
    categories, comments, post_tags, posts, tags, users, NewCategory, NewComment, NewPost, NewPostTag, NewTag, NewUser,
    Role,
};
use sleet::{insert, Db};

/// What [`seed`] inserted, by id.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// Alice (admin), Bob (author), Carol (author), Dave (reader).
    pub users: Vec<i32>,
    /// `rust`, `databases`.
    pub categories: Vec<i32>,
    /// `sql`, `async`, `performance`.
    pub tags: Vec<i32>,
    /// Four posts; the last is an unpublished draft with no category.
    pub posts: Vec<i32>,
}

/// Inserts the demo data; each table in one multi-row statement.
pub async fn seed<C: sleet::exec::AsyncClient>(db: &Db<C>) -> sleet::Result<Seeded> {
    let users: Vec<i32> = db
        .all(
            &insert(users::table)
                .values_many([
                    NewUser::new("Alice", "alice@example.com")
                        .role(Role::Admin)
                        .bio(Some("Runs the blog.".to_string())),
                    NewUser::new("Bob", "bob@example.com").role(Role::Author),
                    NewUser::new("Carol", "carol@example.com").role(Role::Author),
                    NewUser::new("Dave", "dave@example.com"),
                ])
                .returning_columns(users::id),
        )
        .await?;
    let categories: Vec<i32> = db
        .all(
            &insert(categories::table)
                .values_many([NewCategory::new("rust"), NewCategory::new("databases")])
                .returning_columns(categories::id),
        )
        .await?;
    let tags: Vec<i32> = db
        .all(
            &insert(tags::table)
                .values_many(["sql", "async", "performance"].map(NewTag::new))
                .returning_columns(tags::id),
        )
        .await?;
    let now = sleet::types::chrono::Utc::now();
    let posts: Vec<i32> = db
        .all(
            &insert(posts::table)
                .values_many([
                    NewPost::new("Typed SQL in Rust", "typed-sql", users[1])
                        .keywords(vec!["rust".to_string(), "sql".to_string()])
                        .published(true)
                        .category_id(Some(categories[0]))
                        .published_at(Some(now)),
                    NewPost::new("Indexes that matter", "indexes", users[1])
                        .published(true)
                        .category_id(Some(categories[1]))
                        .published_at(Some(now)),
                    NewPost::new("Async without tears", "async", users[2])
                        .keywords(vec!["rust".to_string(), "async".to_string()])
                        .published(true)
                        .category_id(Some(categories[0]))
                        .published_at(Some(now)),
                    NewPost::new("Draft: sleet internals", "draft", users[2]),
                ])
                .returning_columns(posts::id),
        )
        .await?;
    db.execute(&insert(post_tags::table).values_many([
        NewPostTag::new(posts[0], tags[0]),
        NewPostTag::new(posts[0], tags[1]),
        NewPostTag::new(posts[1], tags[0]),
        NewPostTag::new(posts[1], tags[2]),
        NewPostTag::new(posts[2], tags[1]),
    ]))
    .await?;
    db.execute(&insert(comments::table).values_many([
        NewComment::new(posts[0], users[3], "Finally, SQL I can read."),
        NewComment::new(posts[0], users[2], "Does it do joins?"),
        NewComment::new(posts[2], users[1], "Nice."),
    ]))
    .await?;
    Ok(Seeded { users, categories, tags, posts })
}
