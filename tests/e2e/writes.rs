//! Writes: inserts with defaults, patches, deletes, and the typed errors they raise.

use blog::schema::{categories, comments, posts, tags, users, NewCategory, NewComment, NewPost, NewTag, NewUser};
use blog::schema::{PostPatch, Role, UserPatch};
use sleet::prelude::*;
use sleet::{Db, Field};

#[tokio::test]
async fn insert_returning_fills_in_defaults() {
    crate::on_each_driver!(|db, seeded| async move {
        let eve =
            db.one(&insert(users::table).values(NewUser::new("Eve", "eve@example.com")).returning()).await.unwrap();
        assert_eq!(eve.role, Role::Reader, "omitted role takes its DEFAULT");
        assert!(eve.bio.is_none());
        assert!(eve.id > seeded.users[3], "identity assigned");

        // Defaulted columns start as Field::Default and are left out of the INSERT.
        let draft = NewPost::new("t", "t", eve.id);
        assert_eq!((draft.content.clone(), draft.published), (Field::Default, Field::Default));
        let post = db
            .one(&insert(posts::table).values(draft.category_id(Some(seeded.categories[1]))).returning())
            .await
            .unwrap();
        assert_eq!((post.published, post.content.as_str(), post.category_id), (false, "", Some(seeded.categories[1])));
    })
    .await;
}

#[tokio::test]
async fn insert_many_rows_in_one_statement() {
    crate::on_each_driver!(|db, _| async move {
        let insert = insert(users::table)
            .values_many([NewUser::new("X", "x@example.com").role(Role::Admin), NewUser::new("Y", "y@example.com")]);
        let (sql, params) = insert.to_sql();
        assert_eq!(sql, "INSERT INTO users (name, email, role) VALUES ($1, $2, $3), ($4, $5, DEFAULT)");
        assert_eq!(params, 5);
        assert_eq!(db.execute(&insert).await.unwrap(), 2);
        let ignored = db
            .execute(&sleet::insert(users::table).values(NewUser::new("X2", "x@example.com")).on_conflict_do_nothing())
            .await
            .unwrap();
        assert_eq!(ignored, 0, "ON CONFLICT DO NOTHING skips the duplicate");
    })
    .await;
}

#[tokio::test]
async fn rows_that_set_the_same_columns_go_through_unnest_one_array_per_column() {
    crate::on_each_driver!(|db, seeded| async move {
        let (post, author) = (seeded.posts[0], seeded.users[2]);
        // Every tenth a reply to `parent`, the rest top-level (NULL).
        let rows = move |n: i32, parent: i32| {
            (0..n).map(move |i| {
                NewComment::new(post, author, format!("reply {i}")).parent_id((i % 10 == 0).then_some(parent))
            })
        };
        let statement = insert(comments::table).values_many(rows(3, 1));
        let (sql, params) = statement.to_sql();
        assert_eq!(
            sql,
            "INSERT INTO comments (post_id, author_id, body, parent_id) \
             SELECT * FROM UNNEST($1::int4[], $2::int4[], $3::text[], $4::int4[])"
        );
        assert_eq!(params, 4, "one array per column, whatever the number of rows");
        // Both ways of sending a statement: prepared (the server names the array
        // types) and unnamed (sleet declares them), as behind a transaction pooler.
        for cached in [true, false] {
            let client = sleet_test_support::connect(&crate::url_of(&db).await).await.unwrap();
            let other = if cached { Db::new(client) } else { Db::new(client).without_statement_cache() };
            let root = insert(comments::table).values(NewComment::new(post, author, "root")).returning();
            let parent = other.one(&root).await.unwrap().id;
            let replies = rows(1000, parent);
            let inserted = other.all(&insert(comments::table).values_many(replies).returning()).await.unwrap();
            let bodies: Vec<String> = (0..1000).map(|i| format!("reply {i}")).collect();
            assert_eq!(inserted.iter().map(|c| c.body.clone()).collect::<Vec<_>>(), bodies, "in order");
            let parents = inserted.iter().filter(|c| c.parent_id == Some(parent)).count();
            assert_eq!((parents, inserted.iter().filter(|c| c.parent_id.is_none()).count()), (100, 900));
            assert!(inserted.iter().all(|c| c.post_id == post && c.author_id == author));
        }

        // Identity columns set by hand, with OVERRIDING SYSTEM VALUE.
        let restored = insert(categories::table)
            .values_many([NewCategory::new("c100").id(100), NewCategory::new("c101").id(101)])
            .overriding_system_value();
        assert_eq!(
            restored.to_sql().0,
            "INSERT INTO categories (id, name) OVERRIDING SYSTEM VALUE SELECT * FROM UNNEST($1::int4[], $2::varchar[])"
        );
        assert_eq!(db.execute(&restored).await.unwrap(), 2);
        let names: Vec<String> =
            db.all(&select(categories::name).from(categories::table).filter(categories::id.ge(100))).await.unwrap();
        assert_eq!(names, ["c100", "c101"]);

        // ON CONFLICT applies row by row, as with VALUES.
        let tagged = insert(tags::table).values_many(["sql", "new", "newer"].map(NewTag::new)).on_conflict_do_nothing();
        assert!(tagged.to_sql().0.ends_with("FROM UNNEST($1::varchar[]) ON CONFLICT DO NOTHING"));
        assert_eq!(db.execute(&tagged).await.unwrap(), 2, "the seeded `sql` tag is skipped");
    })
    .await;
}

#[tokio::test]
async fn unnest_insert_is_one_statement_a_failing_row_inserts_nothing() {
    crate::on_each_driver!(|db, _| async move {
        let before: i64 = db.one(&select(count_star()).from(users::table)).await.unwrap();
        let rows = (0..50).map(|i| NewUser::new(format!("n{i}"), format!("n{i}@example.com")));
        let clash = rows.chain([NewUser::new("Alice again", "alice@example.com")]);
        let err = db.execute(&insert(users::table).values_many(clash)).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err}");
        assert!(err.to_string().contains("SELECT * FROM UNNEST($1::varchar[], $2::varchar[])"), "{err}");
        let after: i64 = db.one(&select(count_star()).from(users::table)).await.unwrap();
        assert_eq!(after, before, "none of the 50 good rows went in");
    })
    .await;
}

#[tokio::test]
async fn rows_unnest_cannot_carry_fall_back_to_values() {
    crate::on_each_driver!(|_, seeded| async move {
        // An enum has no OID an unnamed statement could declare its array with.
        let roles = [NewUser::new("a", "a@x").role(Role::Admin), NewUser::new("b", "b@x").role(Role::Author)];
        assert_eq!(
            insert(users::table).values_many(roles).to_sql().0,
            "INSERT INTO users (name, email, role) VALUES ($1, $2, $3), ($4, $5, $6)"
        );
        // An array column: UNNEST would flatten it.
        let post = |slug: &str| NewPost::new(slug, slug, seeded.users[0]).keywords(vec!["k".to_string()]);
        assert_eq!(
            insert(posts::table).values_many([post("a"), post("b")]).to_sql().0,
            "INSERT INTO posts (title, slug, author_id, keywords) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)"
        );
        // A single row reads best as VALUES.
        let one = insert(tags::table).values(NewTag::new("t")).to_sql().0;
        assert_eq!(one, "INSERT INTO tags (name) VALUES ($1)");
    })
    .await;
}

#[tokio::test]
async fn inserting_no_rows_is_a_statement_that_inserts_none() {
    crate::on_each_driver!(|db, _| async move {
        let before = db.one(&select(count_star()).from(users::table)).await.unwrap();
        let nothing = insert(users::table).values_many(Vec::new());
        assert_eq!(nothing.to_sql().0, "INSERT INTO users SELECT WHERE false");
        assert_eq!(db.execute(&nothing).await.unwrap(), 0);
        let returned = db.all(&insert(users::table).values_many(Vec::new()).returning()).await.unwrap();
        assert!(returned.is_empty());
        let upsert = insert(users::table)
            .values_many(Vec::new())
            .on_conflict(users::email)
            .do_update_set(users::name, sleet::excluded(users::name))
            .returning_columns(users::id);
        assert!(db.all(&upsert).await.unwrap().is_empty());
        assert_eq!(db.one(&select(count_star()).from(users::table)).await.unwrap(), before);
    })
    .await;
}

#[tokio::test]
async fn update_with_a_patch_changes_only_set_fields() {
    crate::on_each_driver!(|db, seeded| async move {
        let patch = PostPatch::default().title("Typed SQL, revisited").category_id(None);
        let updated =
            db.all(&update(posts::table).set(patch).filter(posts::id.eq(seeded.posts[0])).returning()).await.unwrap();
        assert_eq!(updated.len(), 1);
        assert_eq!(updated[0].title, "Typed SQL, revisited");
        assert_eq!(updated[0].category_id, None, "Set(None) writes NULL");
        assert_eq!(updated[0].slug, "typed-sql", "unset fields keep their value");

        let n = db
            .execute(&update(users::table).set(UserPatch::default().bio("same".to_string())).all_rows())
            .await
            .unwrap();
        assert_eq!(n, 4, "all_rows() updates every row on purpose");
    })
    .await;
}

#[tokio::test]
async fn delete_returning_and_cascades() {
    crate::on_each_driver!(|db, seeded| async move {
        let gone = db.all(&delete(users::table).filter(users::id.eq(seeded.users[1])).returning()).await.unwrap();
        assert_eq!(gone[0].name, "Bob");
        let left: Vec<i32> = db.all(&select(posts::id).from(posts::table).order_by(posts::id)).await.unwrap();
        assert_eq!(left, &seeded.posts[2..], "Bob's posts went with him (ON DELETE CASCADE)");
    })
    .await;
}

#[tokio::test]
async fn database_errors_carry_sqlstate_constraint_and_sql() {
    crate::on_each_driver!(|db, seeded| async move {
        let dup = db.execute(&insert(users::table).values(NewUser::new("A2", "alice@example.com"))).await.unwrap_err();
        assert!(dup.is_unique_violation(), "{dup}");
        assert_eq!(dup.constraint(), Some("users_email_key"));
        assert_eq!(dup.table(), Some("users"));
        let text = dup.to_string();
        assert!(text.contains("INSERT INTO users (name, email) VALUES ($1, $2)"), "{text}");
        assert!(!text.contains("A2"), "parameter values never appear in errors: {text}");
        assert!(!text.contains("alice@example.com"), "nor do values the server quotes: {text}");
        assert_eq!(dup.detail(), Some("Key (email)=(alice@example.com) already exists."), "they are one call away");

        let orphan =
            db.execute(&insert(posts::table).values(NewPost::new("o", "o", seeded.users[3] + 100))).await.unwrap_err();
        assert!(orphan.is_foreign_key_violation(), "{orphan}");
        assert_eq!(orphan.code(), Some("23503"));
    })
    .await;
}

#[tokio::test]
async fn upsert_updates_the_conflicting_row_with_excluded_values() {
    crate::on_each_driver!(|db, seeded| async move {
        let upsert = insert(users::table)
            .values(NewUser::new("Alice Liddell", "alice@example.com").role(Role::Author))
            .on_conflict(users::email)
            .do_update_set(users::name, sleet::excluded(users::name))
            .set_column(users::role, sleet::excluded(users::role))
            .filter(users::role.ne(Role::Admin).not().or(users::name.ne("nobody")))
            .returning();
        assert_eq!(
            upsert.to_sql().0,
            "INSERT INTO users (name, email, role) VALUES ($1, $2, $3) ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role \
             WHERE (NOT (users.role <> $4) OR users.name <> $5) RETURNING users.id, users.name, users.email, users.role, users.bio, users.created_at"
        );
        let alice = db.one(&upsert).await.unwrap();
        assert_eq!((alice.id, alice.name.as_str(), alice.role), (seeded.users[0], "Alice Liddell", Role::Author), "same row, updated");

        // DO UPDATE … WHERE false: the conflicting row is left alone and nothing returns.
        let skipped = insert(users::table)
            .values(NewUser::new("X", "bob@example.com"))
            .on_conflict(users::email)
            .do_update_set(users::name, sleet::excluded(users::name))
            .filter(users::name.eq("not Bob"))
            .returning();
        assert!(db.optional(&skipped).await.unwrap().is_none());

        let ignored = insert(users::table).values(NewUser::new("B2", "bob@example.com")).on_conflict(users::email).do_nothing();
        assert_eq!(db.execute(&ignored).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn update_assigns_expressions_of_columns() {
    crate::on_each_driver!(|db, seeded| async move {
        let bump = update(posts::table)
            .set_column(posts::author_id, posts::author_id.add(0))
            .set_column(posts::title, "Renamed")
            .filter(posts::id.eq(seeded.posts[0]))
            .returning_columns((posts::id, posts::title));
        assert_eq!(bump.to_sql().0, "UPDATE posts SET author_id = (posts.author_id + $1), title = $2 WHERE posts.id = $3 RETURNING posts.id, posts.title");
        let row: (i32, String) = db.one(&bump).await.unwrap();
        assert_eq!(row, (seeded.posts[0], "Renamed".to_string()));
        let touched: Vec<i32> = db
            .all(&update(posts::table).set_column(posts::category_id, posts::category_id.mul(1)).all_rows().returning_columns(posts::id))
            .await
            .unwrap();
        assert_eq!(touched.len(), 4, "all_rows() with an expression assignment");
    })
    .await;
}

#[tokio::test]
async fn overriding_identity_update_from_and_delete_using() {
    use blog::schema::{categories, comments};
    crate::on_each_driver!(|db, seeded| async move {
        // GENERATED ALWAYS identities refuse explicit values unless asked to override.
        let plain = db.execute(&insert(users::table).values(NewUser::new("Id", "id@example.com").id(1000))).await.unwrap_err();
        assert_eq!(plain.code(), Some("428C9"), "{plain}");
        let forced = insert(users::table).values(NewUser::new("Id", "id@example.com").id(1000)).overriding_system_value().returning();
        assert!(forced.to_sql().0.contains(") OVERRIDING SYSTEM VALUE VALUES ("));
        assert_eq!(db.one(&forced).await.unwrap().id, 1000);

        // UPDATE … FROM: move every post of the `databases` category into `rust`.
        let moved = update(posts::table)
            .set_column(posts::category_id, categories::id.nullable())
            .from(categories::table)
            .filter(categories::name.eq("rust"))
            .filter(posts::category_id.eq(seeded.categories[1]));
        assert_eq!(
            moved.to_sql().0,
            "UPDATE posts SET category_id = categories.id FROM categories WHERE (categories.name = $1 AND posts.category_id = $2)"
        );
        assert_eq!(db.execute(&moved).await.unwrap(), 1);

        // DELETE … USING: the comments on one post, by its slug.
        let gone = delete(comments::table).using(posts::table).filter(comments::post_id.eq(posts::id)).filter(posts::slug.eq("typed-sql"));
        assert_eq!(gone.to_sql().0, "DELETE FROM comments USING posts WHERE (comments.post_id = posts.id AND posts.slug = $1)");
        assert_eq!(db.execute(&gone).await.unwrap(), 2);
    })
    .await;
}

#[tokio::test]
async fn insert_select_copies_rows_of_matching_types() {
    use blog::schema::tags;
    crate::on_each_driver!(|db, _| async move {
        let copy = insert(tags::table).select(tags::name, select(lower(users::name)).from(users::table).filter(users::role.eq(Role::Author))).returning();
        assert_eq!(
            copy.to_sql().0,
            "INSERT INTO tags (name) SELECT lower(users.name) FROM users WHERE users.role = $1 RETURNING tags.id, tags.name"
        );
        let mut names: Vec<String> = db.all(&copy).await.unwrap().into_iter().map(|t| t.name).collect();
        names.sort();
        assert_eq!(names, ["bob", "carol"]);
    })
    .await;
}
