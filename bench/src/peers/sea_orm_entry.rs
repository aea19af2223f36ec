//! SeaORM (over a sqlx `PgPool`): diesel_bench's `sea-orm` entry — `find`,
//! `find_also_related`, `insert_many`, and `find_with_related` plus an IN-list for the
//! comments — and, for associations, SeaORM's own loader (`LoaderTrait::load_many`,
//! one query per level), which its docs recommend for nested reads.

use crate::{fixtures, Bench};
use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, LoaderTrait, QueryFilter, Set, SqlxPostgresConnector};
use std::collections::HashMap;
use tokio::runtime::Runtime;

/// The `users` entity.
pub mod users {
    use sea_orm::entity::prelude::*;

    /// A user.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        /// `id`
        #[sea_orm(primary_key)]
        pub id: i32,
        /// `name`
        pub name: String,
        /// `hair_color`
        pub hair_color: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// Posts.
        #[sea_orm(has_many = "super::posts::Entity")]
        Posts,
    }

    impl Related<super::posts::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Posts.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `posts` entity.
pub mod posts {
    use sea_orm::entity::prelude::*;

    /// A post.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        /// `id`
        #[sea_orm(primary_key)]
        pub id: i32,
        /// `user_id`
        pub user_id: i32,
        /// `title`
        pub title: String,
        /// `body`
        #[sea_orm(column_type = "Text", nullable)]
        pub body: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// The author.
        #[sea_orm(belongs_to = "super::users::Entity", from = "Column::UserId", to = "super::users::Column::Id")]
        Users,
        /// Comments.
        #[sea_orm(has_many = "super::comments::Entity")]
        Comments,
    }

    impl Related<super::users::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Users.def()
        }
    }

    impl Related<super::comments::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Comments.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `comments` entity.
pub mod comments {
    use sea_orm::entity::prelude::*;

    /// A comment.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        /// `id`
        #[sea_orm(primary_key)]
        pub id: i32,
        /// `post_id`
        pub post_id: i32,
        /// `text`
        #[sea_orm(column_type = "Text")]
        pub text: String,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// The post.
        #[sea_orm(belongs_to = "super::posts::Entity", from = "Column::PostId", to = "super::posts::Column::Id")]
        Posts,
    }

    impl Related<super::posts::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Posts.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

fn connect(url: &str) -> (Runtime, sqlx::PgPool, DatabaseConnection) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let pool = runtime.block_on(sqlx::PgPool::connect(url)).expect("connect");
    let db = SqlxPostgresConnector::from_sqlx_postgres_pool(pool.clone());
    (runtime, pool, db)
}

async fn insert_users(size: usize, db: &DatabaseConnection, hair_color: impl Fn(usize) -> Option<String>) {
    let rows = (0..size).map(|idx| users::ActiveModel {
        name: Set(format!("User {idx}")),
        hair_color: Set(hair_color(idx)),
        ..Default::default()
    });
    users::Entity::insert_many(rows).exec(db).await.unwrap();
}

/// All users.
pub fn trivial(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, |_| None);
    let (rt, pool, db) = connect(url);
    b.iter_async(&rt, || async { users::Entity::find().all(&db).await.unwrap() });
    rt.block_on(pool.close());
}

/// Users LEFT JOIN posts, filtered.
pub fn medium(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::users(url, size, crate::black_or_brown);
    let (rt, pool, db) = connect(url);
    b.iter_async(&rt, || async {
        let rows: Vec<(users::Model, Option<posts::Model>)> = users::Entity::find()
            .find_also_related(posts::Entity)
            .filter(users::Column::HairColor.eq("black"))
            .all(&db)
            .await
            .unwrap();
        rows
    });
    rt.block_on(pool.close());
}

/// One `insert_many`.
pub fn insert(b: &mut impl Bench, url: &str, size: usize) {
    fixtures::truncate(url);
    let (rt, pool, db) = connect(url);
    b.iter_async(&rt, || insert_users(size, &db, |_| Some("hair_color".to_string())));
    rt.block_on(pool.close());
}

/// Users with their posts in one join, then the comments by an IN-list.
pub fn associations(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, pool, db) = connect(url);
    b.iter_async(&rt, || async {
        let with_posts: Vec<(users::Model, Vec<posts::Model>)> =
            users::Entity::find().find_with_related(posts::Entity).all(&db).await.unwrap();
        let post_ids: Vec<i32> = with_posts.iter().flat_map(|(_, posts)| posts.iter().map(|p| p.id)).collect();
        let comments =
            comments::Entity::find().filter(comments::Column::PostId.is_in(post_ids)).all(&db).await.unwrap();
        let mut lookup: HashMap<i32, Vec<comments::Model>> = HashMap::new();
        for comment in comments {
            lookup.entry(comment.post_id).or_default().push(comment);
        }
        with_posts
            .into_iter()
            .map(|(user, posts)| {
                let posts =
                    posts.into_iter().map(|post| (lookup[&post.id].clone(), post)).map(|(c, p)| (p, c)).collect();
                (user, posts)
            })
            .collect::<Vec<(users::Model, Vec<(posts::Model, Vec<comments::Model>)>)>>()
    });
    rt.block_on(pool.close());
}

/// Users, then their posts, then the posts' comments, each level one query through
/// `load_many`, zipped into the tree.
pub fn associations_loader(b: &mut impl Bench, url: &str, _: usize) {
    fixtures::associations(url);
    let (rt, pool, db) = connect(url);
    b.iter_async(&rt, || async {
        let users = users::Entity::find().all(&db).await.unwrap();
        let posts: Vec<Vec<posts::Model>> = users.load_many(posts::Entity, &db).await.unwrap();
        let all_posts: Vec<posts::Model> = posts.iter().flatten().cloned().collect();
        let mut comments = all_posts.load_many(comments::Entity, &db).await.unwrap().into_iter();
        users
            .into_iter()
            .zip(posts)
            .map(|(user, posts)| (user, posts.into_iter().map(|post| (post, comments.next().unwrap())).collect()))
            .collect::<Vec<(users::Model, Vec<(posts::Model, Vec<comments::Model>)>)>>()
    });
    rt.block_on(pool.close());
}
