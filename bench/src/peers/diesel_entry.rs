//! Diesel (sync, `PgConnection` on libpq): diesel_bench's `diesel` entry — the query
//! builder, statically sized insert arrays, `belonging_to` + `grouped_by`.

use crate::{fixtures, Bench};
use diesel::prelude::*;
use diesel::{insert_into, Connection, PgConnection};

diesel::table! { users { id -> Integer, name -> Text, hair_color -> Nullable<Text>, } }
diesel::table! { posts { id -> Integer, user_id -> Integer, title -> Text, body -> Nullable<Text>, } }
diesel::table! { comments { id -> Integer, post_id -> Integer, text -> Text, } }
diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(posts -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);

/// A user.
#[derive(PartialEq, Eq, Debug, Clone, Queryable, Identifiable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    id: i32,
    name: String,
    hair_color: Option<String>,
}

/// A user to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewUser {
    name: String,
    hair_color: Option<String>,
}

/// A post.
#[derive(PartialEq, Eq, Debug, Clone, Queryable, Identifiable, Associations, Selectable)]
#[diesel(belongs_to(User))]
#[diesel(table_name = posts)]
pub struct Post {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
}

/// A comment.
#[derive(PartialEq, Eq, Debug, Clone, Queryable, Identifiable, Associations, Selectable)]
#[diesel(belongs_to(Post))]
pub struct Comment {
    id: i32,
    post_id: i32,
    text: String,
}

fn connect(url: &str) -> PgConnection {
    PgConnection::establish(url).expect("connect")
}

impl NewUser {
    /// A placeholder for array initialisation.
    pub const fn dummy() -> Self {
        NewUser { name: String::new(), hair_color: None }
    }
    /// `User {idx}`-style user.
    pub fn new(name: String, hair_color: Option<&str>) -> Self {
        NewUser { name, hair_color: hair_color.map(str::to_string) }
    }
}

fn insert_users<const N: usize>(conn: &mut PgConnection, hair_color: fn(usize) -> Option<&'static str>) {
    let mut data = Box::new([const { NewUser::dummy() }; N]);
    for (idx, user) in data.iter_mut().enumerate() {
        *user = NewUser::new(format!("User {idx}"), hair_color(idx));
    }
    insert_into(users::table).values(*data).execute(conn).unwrap();
}

/// All users.
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let mut conn = connect(url);
    b.iter(|| users::table.load::<User>(&mut conn).unwrap())
}

/// Users LEFT JOIN posts, filtered.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let mut conn = connect(url);
    b.iter(|| {
        users::table
            .left_outer_join(posts::table)
            .filter(users::hair_color.eq("black"))
            .load::<(User, Option<Post>)>(&mut conn)
            .unwrap()
    })
}

/// One multi-row INSERT of a statically sized array (cached by diesel).
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let conn = &mut connect(url);
    fn hair(_: usize) -> Option<&'static str> {
        Some("hair_color")
    }
    let insert: fn(&mut PgConnection) = match size {
        1 => |c| insert_users::<1>(c, hair),
        10 => |c| insert_users::<10>(c, hair),
        25 => |c| insert_users::<25>(c, hair),
        50 => |c| insert_users::<50>(c, hair),
        100 => |c| insert_users::<100>(c, hair),
        1_000 => |c| insert_users::<1_000>(c, hair),
        _ => unimplemented!("insert size {size}"),
    };
    b.iter(|| insert(conn))
}

/// Users → posts → comments with `belonging_to` and `grouped_by`.
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let mut conn = connect(url);
    b.iter(|| {
        let users = users::table.load::<User>(&mut conn).unwrap();
        let posts = Post::belonging_to(&users).load::<Post>(&mut conn).unwrap();
        let comments = Comment::belonging_to(&posts).load::<Comment>(&mut conn).unwrap();
        let comments = comments.grouped_by(&posts);
        let posts_and_comments = posts.into_iter().zip(comments).grouped_by(&users);
        users.into_iter().zip(posts_and_comments).collect::<Vec<(User, Vec<(Post, Vec<Comment>)>)>>()
    })
}
