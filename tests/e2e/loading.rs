//! Nested reads through relations (`db.query(…).with(…)`): the Drizzle guides' reads,
//! a three-level tree, empty relations, NULL foreign keys, per-level options, and a
//! count of the statements sent.

use blog::schema::{comments, posts, users, Category, NewComment, NewPost, NewUser, Post, Tag, User};
use sleet::load::Loaded;
use sleet::prelude::*;
use sleet::Db;

#[tokio::test]
async fn a_post_by_slug_with_author_category_and_tags() {
    crate::on_each_driver!(|db, _| async move {
        let post = db
            .query(posts::table)
            .with(posts::author())
            .with(posts::category())
            .with(posts::tags())
            .filter(posts::slug.eq("typed-sql"))
            .first()
            .await
            .unwrap()
            .expect("the post exists");
        let (author, category, tags): &(User, Option<Category>, Vec<Tag>) = &post.related;
        assert_eq!(post.title, "Typed SQL in Rust", "a loaded row derefs to the row");
        assert_eq!(author.name, "Bob");
        assert_eq!(category.as_ref().map(|c| c.name.as_str()), Some("rust"));
        let mut names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["async", "sql"]);

        // A NULL foreign key and no tags: None and an empty Vec.
        let draft = db
            .query(posts::table)
            .with(posts::category())
            .with(posts::tags())
            .filter(posts::slug.eq("draft"))
            .first()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(draft.related, (None, vec![]));
        let nothing =
            db.query(posts::table).with(posts::author()).filter(posts::slug.eq("nope")).first().await.unwrap();
        assert!(nothing.is_none());
    })
    .await;
}

#[tokio::test]
async fn active_authors_with_their_latest_published_posts() {
    crate::on_each_driver!(|db, _| async move {
        // The guide's read: authors with a published post, their five latest published posts.
        let five = db
            .query(users::table)
            .filter_related(users::posts(), posts::published.eq(true))
            .with(
                users::posts()
                    .filter(posts::published.eq(true))
                    .order_by((posts::published_at.desc(), posts::id.desc()))
                    .limit(5)
                    .with(posts::tags()),
            )
            .order_by(users::id)
            .all()
            .await
            .unwrap();
        let slugs: Vec<(&str, Vec<&str>)> =
            five.iter().map(|a| (a.name.as_str(), a.related.0.iter().map(|p| p.slug.as_str()).collect())).collect();
        assert_eq!(slugs, [("Bob", vec!["indexes", "typed-sql"]), ("Carol", vec!["async"])]);

        // The limit is per author: with 1, each keeps only their latest.
        let authors = db
            .query(users::table)
            .filter_related(users::posts(), posts::published.eq(true))
            .with(
                users::posts()
                    .filter(posts::published.eq(true))
                    .order_by((posts::published_at.desc(), posts::id.desc()))
                    .limit(1)
                    .with(posts::tags()),
            )
            .order_by(users::id)
            .all()
            .await
            .unwrap();
        let summary: Vec<(&str, Vec<&str>)> =
            authors.iter().map(|a| (a.name.as_str(), a.related.0.iter().map(|p| p.slug.as_str()).collect())).collect();
        // One latest post each (the limit applies per author); Carol's draft is filtered out.
        assert_eq!(summary, [("Bob", vec!["indexes"]), ("Carol", vec!["async"])]);
        let indexes_tags: Vec<&str> = authors[0].related.0[0].related.0.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(indexes_tags.len(), 2, "the nested level loads the tags: {indexes_tags:?}");
    })
    .await;
}

#[tokio::test]
async fn three_levels_users_posts_comments_with_empty_relations() {
    crate::on_each_driver!(|db, _| async move {
        let users = db
            .query(users::table)
            .with(users::posts().order_by(posts::id).with(posts::comments().order_by(comments::id)))
            .order_by(users::id)
            .all()
            .await
            .unwrap();
        let tree: Vec<(&str, Vec<(&str, Vec<&str>)>)> = users
            .iter()
            .map(|u| {
                let posts = u
                    .related
                    .0
                    .iter()
                    .map(|p| (p.slug.as_str(), p.related.0.iter().map(|c| c.body.as_str()).collect()))
                    .collect();
                (u.name.as_str(), posts)
            })
            .collect();
        assert_eq!(
            tree,
            [
                ("Alice", vec![]),
                (
                    "Bob",
                    vec![("typed-sql", vec!["Finally, SQL I can read.", "Does it do joins?"]), ("indexes", vec![])]
                ),
                ("Carol", vec![("async", vec!["Nice."]), ("draft", vec![])]),
                ("Dave", vec![]),
            ]
        );
        // Every loaded row is exactly the row a plain select reads (timestamps, arrays, enums).
        let direct: Vec<Post> = db.all(&from(posts::table).order_by(posts::id)).await.unwrap();
        let loaded: Vec<&Post> = users.iter().flat_map(|u| u.related.0.iter().map(|p| &p.row)).collect();
        assert_eq!(loaded, direct.iter().collect::<Vec<_>>());
        let direct_users: Vec<User> = db.all(&from(users::table).order_by(users::id)).await.unwrap();
        assert_eq!(users.iter().map(|u| &u.row).collect::<Vec<_>>(), direct_users.iter().collect::<Vec<_>>());
    })
    .await;
}

#[tokio::test]
async fn levels_choose_columns_and_self_references_load() {
    crate::on_each_driver!(|db, seeded| async move {
        let first = db
            .one(&select(comments::id).from(comments::table).filter(comments::body.eq("Does it do joins?")))
            .await
            .unwrap();
        db.execute(
            &insert(comments::table).values(NewComment::new(seeded.posts[0], seeded.users[1], "Yes.").parent_id(first)),
        )
        .await
        .unwrap();
        let comments = db
            .query(comments::table)
            .columns(comments::body)
            .with(comments::parent().columns(comments::body))
            .with(comments::children().columns((comments::body, comments::author_id)))
            .order_by(comments::id)
            .all()
            .await
            .unwrap();
        let shaped: Vec<(&str, Option<&str>, Vec<(String, i32)>)> =
            comments.iter().map(|c| (c.row.as_str(), c.related.0.as_deref(), c.related.1.clone())).collect();
        assert_eq!(shaped[1], ("Does it do joins?", None, vec![("Yes.".to_string(), seeded.users[1])]));
        assert_eq!(shaped[3], ("Yes.", Some("Does it do joins?"), vec![]));

        // The same inside a transaction.
        let mut db = db;
        let n = db
            .transaction(async |tx| {
                Ok::<_, sleet::Error>(tx.query(users::table).with(users::posts()).all().await?.len())
            })
            .await
            .unwrap();
        assert_eq!(n, 4);
    })
    .await;
}

/// A client that counts the statements it runs and keeps the SQL it prepares.
struct Counting {
    client: tokio_postgres::Client,
    statements: std::sync::atomic::AtomicUsize,
    prepared: std::sync::Mutex<Vec<String>>,
}

impl Counting {
    fn count(&self) {
        self.statements.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl sleet::exec::AsyncClient for Counting {
    async fn prepare(&self, sql: &str) -> Result<tokio_postgres::Statement, tokio_postgres::Error> {
        self.prepared.lock().unwrap().push(sql.to_string());
        self.client.prepare(sql).await
    }
    async fn query_stream(
        &self,
        statement: &tokio_postgres::Statement,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<tokio_postgres::RowStream, tokio_postgres::Error> {
        self.count();
        self.client.query_raw(statement, params.iter().copied()).await
    }
    async fn execute(
        &self,
        statement: &tokio_postgres::Statement,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<u64, tokio_postgres::Error> {
        self.count();
        self.client.execute(statement, params).await
    }
    async fn execute_sql(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<u64, tokio_postgres::Error> {
        self.count();
        self.client.execute(sql, params).await
    }
    async fn query_typed_stream(
        &self,
        sql: &str,
        params: &[(&(dyn tokio_postgres::types::ToSql + Sync), tokio_postgres::types::Type)],
    ) -> Result<tokio_postgres::RowStream, tokio_postgres::Error> {
        self.count();
        self.client.query_typed_raw(sql, params.iter().map(|(p, t)| (*p, t.clone()))).await
    }
    async fn execute_typed(
        &self,
        sql: &str,
        params: &[(&(dyn tokio_postgres::types::ToSql + Sync), tokio_postgres::types::Type)],
    ) -> Result<u64, tokio_postgres::Error> {
        self.count();
        self.client.execute_typed(sql, params).await
    }
}

#[tokio::test]
async fn a_three_level_load_of_100_parents_sends_three_statements() {
    crate::on_each_driver!(|db, _| async move {
        let users: Vec<i32> = db
            .all(
                &insert(users::table)
                    .values_many((0..100).map(|i| NewUser::new(format!("u{i}"), format!("u{i}@load.test"))))
                    .returning_columns(users::id),
            )
            .await
            .unwrap();
        let posts: Vec<i32> = db
            .all(
                &insert(posts::table)
                    .values_many(
                        users.iter().flat_map(|&u| (0..3).map(move |p| NewPost::new("t", format!("p{u}-{p}"), u))),
                    )
                    .returning_columns(posts::id),
            )
            .await
            .unwrap();
        let commenter = users[0];
        db.execute(
            &insert(comments::table)
                .values_many(posts.iter().flat_map(|&p| (0..2).map(move |_| NewComment::new(p, commenter, "c")))),
        )
        .await
        .unwrap();

        for cached in [true, false] {
            let client = Counting {
                client: sleet_test_support::connect(&crate::url_of(&db).await).await.unwrap(),
                statements: Default::default(),
                prepared: Default::default(),
            };
            let counted = if cached { Db::new(client) } else { Db::new(client).without_statement_cache() };
            let loaded: Vec<Loaded<User, (Vec<Loaded<Post, (Vec<blog::schema::Comment>,)>>,)>> = counted
                .query(users::table)
                .filter(users::email.like("%@load.test"))
                .with(users::posts().with(posts::comments()))
                .all()
                .await
                .unwrap();
            assert_eq!(loaded.len(), 100);
            assert!(loaded
                .iter()
                .all(|u| u.related.0.len() == 3 && u.related.0.iter().all(|p| p.related.0.len() == 2)));
            let sent = counted.client().statements.load(std::sync::atomic::Ordering::Relaxed);
            assert_eq!(sent, 3, "one statement per level, not per parent (cache {cached})");
            // Key columns the rows select anyway are read from there, not sent twice.
            let prepared = counted.client().prepared.lock().unwrap();
            assert_eq!(prepared.len(), if cached { 3 } else { 0 });
            for sql in prepared.iter() {
                let list = &sql["SELECT ".len()..sql.find(" FROM ").unwrap()];
                let columns: Vec<&str> = list.split(", ").collect();
                let distinct: std::collections::HashSet<&&str> = columns.iter().collect();
                assert_eq!(distinct.len(), columns.len(), "a column selected twice: {sql}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn computed_extras_and_per_parent_offsets() {
    crate::on_each_driver!(|db, _| async move {
        let users = db
            .query(users::table)
            .columns((users::name, count_related(users::posts()).filter(posts::published.eq(true))))
            .with(users::posts().order_by(posts::id).offset(1).columns(posts::slug))
            .order_by(users::id)
            .all()
            .await
            .unwrap();
        let shaped: Vec<(&str, i64, &[String])> =
            users.iter().map(|u| (u.row.0.as_str(), u.row.1, u.related.0.as_slice())).collect();
        assert_eq!(
            shaped,
            [
                ("Alice", 0, &[][..]),
                ("Bob", 2, &["indexes".to_string()][..]),
                ("Carol", 1, &["draft".to_string()][..]),
                ("Dave", 0, &[][..]),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_filtered_required_relation_that_finds_nothing_is_a_clear_error() {
    crate::on_each_driver!(|db, _| async move {
        let err =
            db.query(posts::table).with(posts::author().filter(users::name.eq("nobody"))).all().await.unwrap_err();
        let text = err.to_string();
        assert!(text.contains("expected exactly one related row(s), got 0"), "{text}");
        assert!(text.contains("the `author` relation (a NOT NULL foreign key: filter the parents instead)"), "{text}");
    })
    .await;
}
