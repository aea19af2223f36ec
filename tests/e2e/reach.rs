//! Bulk updates from rows of new values, and schemas chosen at run time (tenants).

use crate::with_db;
use blog::schema::{post_tags, posts, users, NewPost, NewUser, Post, Role, Tag, User};
use sleet::prelude::*;
use sleet::Db;

#[tokio::test]
async fn a_bulk_update_gives_each_key_its_own_values_in_one_statement() {
    with_db(|db, seeded| async move {
        let [a, b, c, d] = seeded.posts[..] else { panic!("four posts") };
        let rows = vec![
            (a, ("First, again".to_string(), vec!["x".to_string()])),
            (c, ("Third, again".to_string(), vec![])),
            (-1, ("No such post".to_string(), vec![])),
        ];
        let by_values = update(posts::table).set_rows(posts::id, (posts::title, posts::keywords), rows.clone());
        // An array column cannot go through UNNEST (it would be flattened): VALUES.
        assert_eq!(
            by_values.to_sql().0,
            "UPDATE posts SET title = input.title, keywords = input.keywords FROM (VALUES ($1::int4, $2::varchar, \
             $3::text[]), ($4::int4, $5::varchar, $6::text[]), ($7::int4, $8::varchar, $9::text[])) AS input (id, \
             title, keywords) WHERE posts.id = input.id"
        );
        assert_eq!(db.execute(&by_values).await.unwrap(), 2, "the key that matches nothing changes nothing");

        // Scalars go through UNNEST: one parameter per column, whatever the row count.
        let many: Vec<(i32, (String, bool))> =
            [a, b, c, d].iter().map(|&id| (id, (format!("Post {id}"), id % 2 == 0))).collect();
        let by_arrays = update(posts::table)
            .set_rows(posts::id, (posts::title, posts::published), many.clone())
            .filter(posts::id.ne(d))
            .returning_columns((posts::id, posts::title, posts::published, posts::title_length));
        assert_eq!(by_arrays.to_sql().1, 4, "three arrays and the filter's value");
        let mut changed = db.all(&by_arrays).await.unwrap();
        changed.sort_unstable();
        let expected: Vec<(i32, String, bool, Option<i32>)> = many[..3]
            .iter()
            .map(|(id, (title, published))| (*id, title.clone(), *published, i32::try_from(title.len()).ok()))
            .collect();
        assert_eq!(changed, expected, "the extra filter kept the fourth post as it was");
        let fourth: Post = db.one(&from(posts::table).filter(posts::id.eq(d))).await.unwrap();
        assert_ne!(fourth.title, many[3].1 .0);

        // An enum column: its labels travel as text[], cast back to the enum (its own
        // array's wire form would need a per-database OID); NULLs go through as NULL.
        let [alice, bob, ..] = seeded.users[..] else { panic!("users") };
        let roles = update(users::table).set_rows(
            users::id,
            (users::role, users::bio),
            [(alice, (Role::Reader, None)), (bob, (Role::Admin, Some("Now an admin".to_string())))],
        );
        assert!(
            roles.to_sql().0.contains("UNNEST($1::int4[], $2::text[]::role[], $3::varchar[])"),
            "{}",
            roles.to_sql().0
        );
        assert_eq!(db.execute(&roles).await.unwrap(), 2);
        let people: Vec<(i32, Role, Option<String>)> = db
            .all(
                &select((users::id, users::role, users::bio))
                    .from(users::table)
                    .filter(users::id.in_list([alice, bob]))
                    .order_by(users::id),
            )
            .await
            .unwrap();
        assert_eq!(people, [(alice, Role::Reader, None), (bob, Role::Admin, Some("Now an admin".to_string()))]);

        // Any number of rows is still one statement with one parameter per column: past
        // PostgreSQL's 65 535 parameters, enum column included.
        let keys: Vec<(i32, Role)> = (0..70_000).map(|id| (id, Role::Reader)).collect();
        let everyone = update(users::table).set_rows(users::id, users::role, keys);
        assert_eq!(everyone.to_sql().1, 2);
        assert_eq!(db.execute(&everyone).await.unwrap(), 4, "the four seeded users, among 70 000 keys");

        // No rows: a statement that changes nothing, in both forms.
        let none: Vec<(i32, (String, bool))> = Vec::new();
        assert_eq!(
            db.execute(&update(posts::table).set_rows(posts::id, (posts::title, posts::published), none))
                .await
                .unwrap(),
            0
        );
        let none: Vec<(i32, Role)> = Vec::new();
        assert_eq!(db.execute(&update(users::table).set_rows(users::id, users::role, none)).await.unwrap(), 0);

        // A composite key (the junction's), and a value the column refuses: the
        // statement fails whole.
        let tag_of_a: Vec<(i32, i32)> = db
            .all(
                &select((post_tags::post_id, post_tags::tag_id))
                    .from(post_tags::table)
                    .filter(post_tags::post_id.eq(a)),
            )
            .await
            .unwrap();
        let (post, tag) = tag_of_a[0];
        let moved = update(post_tags::table).set_rows(
            (post_tags::post_id, post_tags::tag_id),
            post_tags::post_id,
            [((post, tag), b)],
        );
        // (Assigning a key column is refused by PostgreSQL as ambiguous: say so.)
        let err = db.execute(&moved).await.unwrap_err();
        assert!(err.to_string().contains("ambiguous"), "{err}");
        let too_long =
            update(posts::table).set_rows(posts::id, posts::title, [(a, "ok".to_string()), (b, "x".repeat(201))]);
        let err = db.execute(&too_long).await.unwrap_err();
        assert!(err.to_string().contains("too long"), "{err}");
        let title: String = db.one(&select(posts::title).from(posts::table).filter(posts::id.eq(a))).await.unwrap();
        assert_eq!(title, many[0].1 .0, "nothing of the failed statement stayed");
    })
    .await;
}

/// Makes schema `name` a copy of the demo's tables (types stay in `public`).
async fn create_tenant(db: &Db<tokio_postgres::Client>, name: &str) {
    let name = name.replace('"', "\"\"");
    let mut sql = format!("CREATE SCHEMA \"{name}\";");
    for table in ["users", "categories", "posts", "tags", "post_tags", "comments"] {
        sql += &format!("CREATE TABLE \"{name}\".{table} (LIKE public.{table} INCLUDING ALL);");
    }
    sql += &format!(
        "ALTER TABLE \"{name}\".posts ADD FOREIGN KEY (author_id) REFERENCES \"{name}\".users (id);
         ALTER TABLE \"{name}\".post_tags ADD FOREIGN KEY (post_id) REFERENCES \"{name}\".posts (id),
                                          ADD FOREIGN KEY (tag_id) REFERENCES \"{name}\".tags (id);"
    );
    db.client().batch_execute(&sql).await.unwrap();
}

#[tokio::test]
async fn a_tenant_schema_chosen_at_run_time_takes_every_statement() {
    with_db(|db, _| async move {
        let (acme, globex) = ("tenant acme", "tenant \"globex\"");
        create_tenant(&db, acme).await;
        create_tenant(&db, globex).await;
        let public_users: i64 = db.one(&count_rows(users::table)).await.unwrap();

        for (tenant, name) in [(acme, "Ann"), (globex, "Gus")] {
            let t = db.in_schema(tenant);
            let user: User = t
                .one(&insert(users::table).values(NewUser::new(name, format!("{name}@example.com"))).returning())
                .await
                .unwrap();
            let post = t
                .one(
                    &insert(posts::table)
                        .values(NewPost::new(format!("{name}'s post"), name.to_lowercase(), user.id))
                        .returning(),
                )
                .await
                .unwrap();
            let tag: Tag = t
                .one(&insert(blog::schema::tags::table).values(blog::schema::NewTag::new(name)).returning())
                .await
                .unwrap();
            t.execute(&insert(post_tags::table).values(blog::schema::NewPostTag::new(post.id, tag.id))).await.unwrap();
        }

        // The same statements read each tenant's rows: the cache is shared and keyed by
        // SQL text, which names the schema.
        for (tenant, name) in [(acme, "Ann"), (globex, "Gus"), (acme, "Ann")] {
            let t = db.in_schema(tenant);
            let users: Vec<User> = t.all(&from(users::table)).await.unwrap();
            assert_eq!(users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), [name]);
            // Joins, related-row filters, nested loading (many-to-one, many-to-many).
            let joined: Vec<(String, String)> = t
                .all(
                    &select((users::name, posts::title))
                        .from(users::table)
                        .inner_join(posts::table, posts::author_id.eq(users::id)),
                )
                .await
                .unwrap();
            assert_eq!(joined, [(name.to_string(), format!("{name}'s post"))]);
            let authors: Vec<User> = t
                .all(&from(users::table).filter(has(users::posts()).filter(posts::title.like("%post"))))
                .await
                .unwrap();
            assert_eq!(authors.len(), 1);
            let loaded = t.query(posts::table).with(posts::author()).with(posts::tags()).all().await.unwrap();
            assert_eq!(loaded.len(), 1);
            let (author, tags) = &loaded[0].related;
            assert_eq!((author.name.as_str(), tags[0].name.as_str()), (name, name));
            // Update, bulk update and delete stay in the tenant too.
            let id = users[0].id;
            t.execute(&update(users::table).set_column(users::bio, "hi").filter(users::id.eq(id))).await.unwrap();
            t.execute(&update(users::table).set_rows(users::id, users::role, [(id, Role::Author)])).await.unwrap();
            let (bio, role): (Option<String>, Role) =
                t.one(&select((users::bio, users::role)).from(users::table).filter(users::id.eq(id))).await.unwrap();
            assert_eq!((bio.as_deref(), role), (Some("hi"), Role::Author));
        }
        let t = db.in_schema(globex);
        assert_eq!(t.execute(&delete(post_tags::table).all_rows()).await.unwrap(), 1);
        let untouched: i64 = db.in_schema(acme).one(&count_rows(post_tags::table)).await.unwrap();
        assert_eq!(untouched, 1);
        // Transactions on a tenant: through a transaction's own in_schema.
        let mut db = db;
        db.transaction(async |tx| {
            let t = tx.in_schema(acme);
            t.execute(&delete(post_tags::table).all_rows()).await?;
            tx.execute_raw("SELECT 1 / 0", &[]).await.map(drop)
        })
        .await
        .unwrap_err();
        let still: i64 = db.in_schema(acme).one(&count_rows(post_tags::table)).await.unwrap();
        assert_eq!(still, 1, "rolled back in the tenant's schema");

        // `public` saw none of it; a schema that does not exist is the server's error.
        assert_eq!(db.one(&count_rows(users::table)).await.unwrap(), public_users);
        let err = db.in_schema("nobody").all(&from(users::table)).await.unwrap_err();
        assert!(err.to_string().contains("nobody.users"), "{err}");
    })
    .await;
}

/// A connection to `db`'s database through a [`PipelineGate`](sleet_test_support::PipelineGate).
async fn gated(db: &Db<tokio_postgres::Client>) -> (sleet_test_support::PipelineGate, tokio_postgres::Client) {
    let gate = sleet_test_support::PipelineGate::start(&crate::url_of(db).await).await.unwrap();
    let client = sleet_test_support::connect(gate.url()).await.unwrap();
    (gate, client)
}

/// Waits for `future`, or says the statements were not pipelined.
async fn pipelined<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(10), future)
        .await
        .expect("the statements were not sent before the first answer was read: not pipelined")
}

#[tokio::test]
async fn a_batch_sends_its_statements_in_one_round_trip() {
    with_db(|db, seeded| async move {
        use sleet::exec::batch;
        let (gate, client) = gated(&db).await;
        for cached in [true, false] {
            let gated = if cached { Db::new(&client) } else { Db::new(&client).without_statement_cache() };
            let users = from(users::table).order_by(users::id);
            let one_post = from(posts::table).filter(posts::id.eq(seeded.posts[0]));
            let no_user = from(users::table).filter(users::id.eq(-1));
            let publish = update(posts::table).set_column(posts::published, true).filter(posts::id.eq(seeded.posts[3]));
            // Warm the statement cache: the gate counts executions, not preparations.
            gated
                .batch((batch::all(&users), batch::one(&one_post), batch::optional(&no_user), batch::execute(&publish)))
                .await
                .unwrap();
            // The gate answers nothing once the first statement runs until the fourth
            // has arrived: only statements sent back to back come through.
            gate.arm(1, 4);
            let (all, post, nobody, changed): (Vec<User>, Post, Option<User>, u64) = pipelined(gated.batch((
                batch::all(&users),
                batch::one(&one_post),
                batch::optional(&no_user),
                batch::execute(&publish),
            )))
            .await
            .unwrap();
            gate.disarm();
            assert_eq!((all.len(), post.id, nobody, changed), (4, seeded.posts[0], None, 1), "cache {cached}");

            // The same statements one by one never pass the gate.
            gate.arm(1, 2);
            let one_by_one = async {
                gated.all(&users).await.unwrap();
                gated.one(&one_post).await.unwrap()
            };
            assert!(
                tokio::time::timeout(std::time::Duration::from_millis(500), one_by_one).await.is_err(),
                "sequential statements got through the gate: it proves nothing"
            );
            gate.disarm();
        }
    })
    .await;
}

#[tokio::test]
async fn a_batch_fails_by_its_first_error_and_is_all_or_nothing_in_a_transaction() {
    with_db(|mut db, seeded| async move {
        use sleet::exec::batch;
        let rename = update(users::table).set_column(users::name, "Renamed").filter(users::id.eq(seeded.users[0]));
        let missing = from(users::table).filter(users::id.eq(-1));
        let err = db.batch((batch::execute(&rename), batch::one(&missing))).await.unwrap_err();
        assert!(err.to_string().contains("exactly one"), "{err}");
        let name: String =
            db.one(&select(users::name).from(users::table).filter(users::id.eq(seeded.users[0]))).await.unwrap();
        assert_eq!(name, "Renamed", "outside a transaction each statement stands on its own");

        let again = update(users::table).set_column(users::name, "Again").filter(users::id.eq(seeded.users[0]));
        let outcome = db.transaction(async |tx| tx.batch((batch::execute(&again), batch::one(&missing))).await).await;
        assert!(outcome.is_err());
        let name: String =
            db.one(&select(users::name).from(users::table).filter(users::id.eq(seeded.users[0]))).await.unwrap();
        assert_eq!(name, "Renamed", "the transaction rolled the batch back whole");
    })
    .await;
}

#[tokio::test]
async fn sibling_levels_of_a_nested_read_are_pipelined() {
    with_db(|db, _| async move {
        let (gate, client) = gated(&db).await;
        let gated = Db::new(&client);
        let read = || gated.query(posts::table).with(posts::author()).with(posts::tags()).with(posts::comments()).all();
        let warm = read().await.unwrap();
        // The parent statement is the first execution; its three levels follow, and the
        // gate holds every answer until the last of them has arrived.
        gate.arm(2, 4);
        let loaded = pipelined(read()).await.unwrap();
        gate.disarm();
        assert_eq!(loaded, warm);
        assert!(loaded.iter().any(|post| !post.related.1.is_empty()), "some post has tags");
    })
    .await;
}
