//! Reads: whole rows, chosen columns, joins, conditions, ordering, limits.

use blog::schema::{posts, users, Post, Role, User};
use sleet::prelude::*;

#[tokio::test]
async fn find_one_user_by_email_gives_zero_or_one_row() {
    crate::on_each_driver!(|db, seeded| async move {
        let alice = db
            .optional(&from(users::table).filter(users::email.eq("alice@example.com")).limit(1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((alice.id, alice.name.as_str(), alice.role), (seeded.users[0], "Alice", Role::Admin));
        assert_eq!(alice.bio.as_deref(), Some("Runs the blog."));
        let nobody = db.optional(&from(users::table).filter(users::email.eq("nobody@example.com"))).await.unwrap();
        assert!(nobody.is_none());
        let err = db.optional(&from(users::table)).await.unwrap_err();
        assert!(err.to_string().contains("expected at most one row(s), got 4"), "{err}");
        let err = db.one(&from(users::table).filter(users::email.eq("nobody@example.com"))).await.unwrap_err();
        assert!(err.to_string().contains("expected exactly one row(s), got 0"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn selected_columns_decode_into_a_tuple_of_their_types() {
    crate::on_each_driver!(|db, _| async move {
        let rows: Vec<(String, Option<String>)> = db
            .all(
                &select((users::name, users::bio))
                    .from(users::table)
                    .filter(users::role.eq(Role::Author))
                    .order_by(users::name.desc()),
            )
            .await
            .unwrap();
        assert_eq!(rows, vec![("Carol".to_string(), None), ("Bob".to_string(), None)]);
        let names: Vec<String> =
            db.all(&select(users::name).from(users::table).order_by(users::id).limit(2).offset(1)).await.unwrap();
        assert_eq!(names, ["Bob", "Carol"]);
    })
    .await;
}

#[tokio::test]
async fn inner_join_feed_of_published_posts() {
    crate::on_each_driver!(|db, seeded| async move {
        let feed = db
            .all(
                &select((posts::id, posts::title, users::name))
                    .from(posts::table)
                    .inner_join(users::table, posts::author_id.eq(users::id))
                    .filter(posts::published.eq(true))
                    .order_by((posts::created_at.desc(), posts::id.asc()))
                    .limit(20),
            )
            .await
            .unwrap();
        let ids: Vec<i32> = feed.iter().map(|r| r.0).collect();
        assert_eq!(ids, &seeded.posts[..3], "the draft is not in the feed");
        assert_eq!(feed[2].2, "Carol");
    })
    .await;
}

#[tokio::test]
async fn conditions_combine_as_sql_does() {
    crate::on_each_driver!(|db, seeded| async move {
        let q = select(posts::slug).from(posts::table).order_by(posts::slug);
        let ilike = db.all(&q.clone().filter(posts::title.ilike("%SQL%"))).await.unwrap();
        assert_eq!(ilike, ["typed-sql"]);
        let not_like = db.all(&q.clone().filter(posts::title.not_like("%a%"))).await.unwrap();
        assert_eq!(not_like, ["typed-sql"], "the only title without an `a`");
        let like = db.all(&q.clone().filter(posts::title.like("%without%"))).await.unwrap();
        assert_eq!(like, ["async"]);
        let either = db.all(&q.clone().filter(posts::slug.eq("async").or(posts::slug.eq("draft")))).await.unwrap();
        assert_eq!(either, ["async", "draft"]);
        let listed = db.all(&q.clone().filter(posts::slug.in_list(["indexes", "draft", "missing"]))).await.unwrap();
        assert_eq!(listed, ["draft", "indexes"]);
        let none: Vec<String> = db.all(&q.clone().filter(posts::slug.in_list(Vec::<String>::new()))).await.unwrap();
        assert!(none.is_empty(), "an empty IN list matches nothing");
        let all_of_them = db.all(&q.clone().filter(posts::slug.not_in_list(Vec::<String>::new()))).await.unwrap();
        assert_eq!(all_of_them.len(), 4, "an empty NOT IN list matches everything");
        let with_category = db
            .all(&q.clone().filter(posts::category_id.is_not_null()).filter(posts::published.ne(false)))
            .await
            .unwrap();
        assert_eq!(with_category, ["async", "indexes", "typed-sql"]);
        let between = db.all(&q.clone().filter(posts::id.between(seeded.posts[1], seeded.posts[2]))).await.unwrap();
        assert_eq!(between, ["async", "indexes"]);
        let negated = db.all(&q.clone().filter(posts::published.eq(true).not())).await.unwrap();
        assert_eq!(negated, ["draft"]);
        let ordered = db
            .all(&select(posts::slug).from(posts::table).order_by(posts::published_at.asc().nulls_first()))
            .await
            .unwrap();
        assert_eq!(ordered[0], "draft", "NULLS FIRST");
    })
    .await;
}

#[tokio::test]
async fn raw_sql_binds_values_and_decodes_into_generated_structs() {
    crate::on_each_driver!(|db, seeded| async move {
        let email = "alice@example.com";
        let alice = db
            .one(&sleet::raw("SELECT * FROM users WHERE email = ").bind(&email).rows::<blog::schema::User>())
            .await
            .unwrap();
        assert_eq!(alice.id, seeded.users[0]);

        let hostile = "x' OR '1'='1";
        let none: Vec<(i32, String)> =
            db.all(&sleet::raw("SELECT id, name FROM users WHERE name = ").bind(&hostile).rows()).await.unwrap();
        assert!(none.is_empty(), "a bound value is data, never SQL");

        let role = Role::Author;
        let n = db.execute(&sleet::raw("UPDATE users SET bio = 'writes' WHERE role = ").bind(&role)).await.unwrap();
        assert_eq!(n, 2, "generated enums bind in raw SQL too");

        let column = "name"; // e.g. chosen from a fixed list in your code
        let sorted: Vec<String> = db
            .all(
                &sleet::raw("SELECT name FROM users ORDER BY ").push_unchecked_sql(column).push(" DESC LIMIT 1").rows(),
            )
            .await
            .unwrap();
        assert_eq!(sorted, ["Dave"]);
    })
    .await;
}

#[tokio::test]
async fn outer_joins_decode_the_outer_side_as_option() {
    crate::on_each_driver!(|db, _| async move {
        // A post without a category, for the column groups below.
        db.execute_raw("UPDATE posts SET category_id = NULL WHERE id = (SELECT max(id) FROM posts)", &[])
            .await
            .unwrap();
        let left = select((users::name, posts::title.nullable()))
            .from(users::table)
            .left_join(posts::table, posts::author_id.eq(users::id))
            .order_by((users::id, posts::id));
        let rows: Vec<(String, Option<String>)> = db.all(&left).await.unwrap();
        assert_eq!(rows.len(), 6, "4 posts + Alice and Dave, who wrote none");
        assert_eq!(rows[0], ("Alice".to_string(), None));
        assert_eq!(rows[1], ("Bob".to_string(), Some("Typed SQL in Rust".to_string())));

        let right: Vec<(Option<String>, String)> = db
            .all(
                &select((users::name.nullable(), posts::slug))
                    .from(users::table)
                    .right_join(posts::table, posts::author_id.eq(users::id))
                    .order_by(posts::id),
            )
            .await
            .unwrap();
        assert_eq!(right.len(), 4);
        assert!(right.iter().all(|(name, _)| name.is_some()));

        let full: i64 =
            db.one(&count_rows(users::table).full_join(posts::table, posts::author_id.eq(users::id))).await.unwrap();
        assert_eq!(full, 6);
        let pairs: i64 = db.one(&count_rows(users::table).cross_join(posts::table)).await.unwrap();
        assert_eq!(pairs, 16);

        // Whole rows: the outer side is `None` where nothing matched.
        let with_posts: Vec<(User, Option<Post>)> = db
            .all(
                &select((users::table.all_columns(), posts::table.all_columns().nullable()))
                    .from(users::table)
                    .left_join(posts::table, posts::author_id.eq(users::id))
                    .order_by((users::id, posts::id)),
            )
            .await
            .unwrap();
        assert_eq!(with_posts.len(), 6);
        assert_eq!((with_posts[0].0.name.as_str(), with_posts[0].1.as_ref()), ("Alice", None));
        let bobs = with_posts[1].1.as_ref().expect("Bob wrote a post");
        assert_eq!((bobs.author_id, bobs.title.as_str()), (with_posts[1].0.id, "Typed SQL in Rust"));
        assert!(with_posts[1].1.as_ref().is_some_and(|p| p.category_id.is_some()));

        // Some columns of the outer side as one `Option`: `None` only where all are NULL,
        // so a match whose nullable column is NULL (the last post, see above) stays `Some`.
        let query = select((users::name, (posts::id, posts::title, posts::category_id).nullable()))
            .from(users::table)
            .left_join(posts::table, posts::author_id.eq(users::id))
            .order_by((users::id, posts::id));
        assert!(query.to_sql().0.starts_with("SELECT users.name, posts.id, posts.title, posts.category_id FROM"));
        let groups: Vec<(String, Option<(i32, String, Option<i32>)>)> = db.all(&query).await.unwrap();
        assert_eq!(groups.len(), with_posts.len());
        for ((name, group), (user, post)) in groups.iter().zip(&with_posts) {
            assert_eq!(name, &user.name);
            assert_eq!(group, &post.as_ref().map(|p| (p.id, p.title.clone(), p.category_id)));
        }
        assert!(groups.iter().any(|(_, group)| group.is_none()));
        assert!(groups.iter().any(|(_, group)| matches!(group, Some((_, _, None)))));
        // The row is absent when its first column that cannot be NULL is: a NULL first
        // element (`category_id`) keeps it, and a value computed from the other side
        // (`lower(users.name)`, never NULL) does not make an absent post present.
        let query = select((posts::category_id, posts::id, lower(users::name)).nullable())
            .from(users::table)
            .left_join(posts::table, posts::author_id.eq(users::id))
            .order_by((users::id, posts::id));
        let groups: Vec<Option<(Option<i32>, i32, String)>> = db.all(&query).await.unwrap();
        let expected: Vec<_> = with_posts
            .iter()
            .map(|(user, post)| post.as_ref().map(|p| (p.category_id, p.id, user.name.to_lowercase())))
            .collect();
        assert_eq!(groups, expected);
        assert!(groups.iter().any(|group| matches!(group, Some((None, _, _)))));
        assert!(groups.iter().any(Option::is_none));

        // Forgetting `.nullable()` is caught when decoding, with the remedy in the message.
        let err = db
            .all(
                &select((users::name, posts::title))
                    .from(users::table)
                    .left_join(posts::table, posts::author_id.eq(users::id)),
            )
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("cannot decode column `title`") && text.contains(".nullable()"), "{text}");
        // The same when the NULL comes after rows that decoded (NULLS LAST): rows after
        // the first decode in place through the driver, and fall back to explain.
        let err = db
            .all(
                &select((users::name, posts::title))
                    .from(users::table)
                    .left_join(posts::table, posts::author_id.eq(users::id))
                    .order_by(posts::id),
            )
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("cannot decode column `title`") && text.contains(".nullable()"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn subqueries_exists_set_operations_and_arrays() {
    crate::on_each_driver!(|db, seeded| async move {
        // Users who wrote a published post: IN (SELECT …), and the same with EXISTS.
        let writers = select(posts::author_id).from(posts::table).filter(posts::published.eq(true));
        let q = select(users::name).from(users::table).filter(users::id.in_subquery(writers)).order_by(users::name);
        assert_eq!(q.to_sql().0, "SELECT users.name FROM users WHERE users.id IN (SELECT posts.author_id FROM posts WHERE posts.published = $1) ORDER BY users.name");
        assert_eq!(db.all(&q).await.unwrap(), ["Bob", "Carol"]);
        let lurkers: Vec<String> = db
            .all(&select(users::name).from(users::table).filter(not_exists(select(posts::id).from(posts::table).filter(posts::author_id.eq(users::id)))).order_by(users::name))
            .await
            .unwrap();
        assert_eq!(lurkers, ["Alice", "Dave"]);

        // UNION / INTERSECT / EXCEPT of queries returning the same row type.
        let authors = select(users::id).from(users::table).filter(users::role.eq(Role::Author));
        let commenters = select(blog::schema::comments::author_id).from(blog::schema::comments::table);
        let mut either: Vec<i32> = db.all(&authors.clone().union(commenters.clone())).await.unwrap();
        either.sort();
        assert_eq!(either, [seeded.users[1], seeded.users[2], seeded.users[3]]);
        let both: Vec<i32> = db.all(&authors.clone().intersect(commenters.clone())).await.unwrap();
        assert_eq!(both.len(), 2);
        let all: Vec<i32> = db.all(&authors.clone().union_all(commenters.clone())).await.unwrap();
        assert_eq!(all.len(), 5);
        let only_authors: Vec<i32> = db.all(&authors.except(commenters)).await.unwrap();
        assert!(only_authors.is_empty(), "both authors also comment");

        // Array operators on a text[] column.
        let rusty: Vec<String> = db.all(&select(posts::slug).from(posts::table).filter(posts::keywords.contains(vec!["rust".to_string()])).order_by(posts::slug)).await.unwrap();
        assert_eq!(rusty, ["async", "typed-sql"]);
        let any: Vec<String> = db
            .all(&select(posts::slug).from(posts::table).filter(posts::keywords.overlaps(vec!["sql".to_string(), "go".to_string()])))
            .await
            .unwrap();
        assert_eq!(any, ["typed-sql"]);
        let within: i64 = db
            .one(&count_rows(posts::table).filter(posts::keywords.contained_by(vec!["rust".to_string(), "sql".to_string(), "async".to_string()])))
            .await
            .unwrap();
        assert_eq!(within, 4, "empty arrays are contained in anything");
    })
    .await;
}

#[tokio::test]
async fn the_same_table_twice_through_an_alias() {
    use blog::schema::comments;
    crate::on_each_driver!(|db, _| async move {
        // Each comment with who wrote it and who wrote the post: `users` twice.
        let commenter = sleet::alias(users::table, "commenter");
        let q = select((comments::body, commenter.col(users::name), users::name))
            .from(comments::table)
            .inner_join(commenter, comments::author_id.eq(commenter.col(users::id)))
            .inner_join(posts::table, comments::post_id.eq(posts::id))
            .inner_join(users::table, posts::author_id.eq(users::id))
            .order_by(comments::id);
        assert_eq!(
            q.to_sql().0,
            "SELECT comments.body, \"commenter\".name, users.name FROM comments INNER JOIN users AS \"commenter\" ON comments.author_id = \"commenter\".id \
             INNER JOIN posts ON comments.post_id = posts.id INNER JOIN users ON posts.author_id = users.id ORDER BY comments.id"
        );
        let rows: Vec<(String, String, String)> = db.all(&q).await.unwrap();
        assert_eq!(rows[0], ("Finally, SQL I can read.".to_string(), "Dave".to_string(), "Bob".to_string()));
        assert_eq!(rows[1].1, "Carol");

        // FROM an alias works the same way.
        let me = sleet::alias(users::table, "me");
        let names: Vec<String> = db.all(&select(me.col(users::name)).from(me).filter(me.col(users::role).eq(Role::Admin))).await.unwrap();
        assert_eq!(names, ["Alice"]);
    })
    .await;
}

#[tokio::test]
async fn subqueries_in_from_have_typed_columns() {
    use sleet::query::AsDerived;
    crate::on_each_driver!(|db, _| async move {
        let counts = select((posts::author_id, count_star())).from(posts::table).filter(posts::published.eq(true)).group_by(posts::author_id).derived("counts");
        let (author, published) = (counts.col::<0>(), counts.col::<1>());
        let q = select((users::name, published)).from(users::table).inner_join(counts, author.eq(users::id)).order_by(users::name);
        assert_eq!(
            q.to_sql().0,
            "SELECT users.name, \"counts\".c1 FROM users INNER JOIN (SELECT posts.author_id, count(*) FROM posts WHERE posts.published = $1 \
             GROUP BY posts.author_id) AS \"counts\"(c0, c1) ON \"counts\".c0 = users.id ORDER BY users.name"
        );
        let rows: Vec<(String, i64)> = db.all(&q).await.unwrap();
        assert_eq!(rows, [("Bob".to_string(), 2), ("Carol".to_string(), 1)]);

        // FROM a derived table, its parameters numbered before the outer ones.
        let long = select((posts::slug, posts::title_length)).from(posts::table).filter(posts::published.eq(true)).derived("long");
        let slugs: Vec<String> = db
            .all(&select(long.col::<0>()).from(long.clone()).filter(long.col::<1>().gt(15)).order_by(long.col::<0>()))
            .await
            .unwrap();
        assert_eq!(slugs, ["async", "indexes", "typed-sql"]);
    })
    .await;
}

#[tokio::test]
async fn common_table_expressions() {
    use sleet::query::{with, AsCte};
    crate::on_each_driver!(|db, _| async move {
        let (definition, active) = select((posts::author_id, count_star())).from(posts::table).filter(posts::published.eq(true)).group_by(posts::author_id).cte("active");
        let q = with(
            definition,
            select((users::name, active.col::<1>())).from(active).inner_join(users::table, users::id.eq(active.col::<0>())).order_by(users::name.desc()),
        );
        assert_eq!(
            q.to_sql().0,
            "WITH \"active\"(c0, c1) AS (SELECT posts.author_id, count(*) FROM posts WHERE posts.published = $1 GROUP BY posts.author_id) \
             SELECT users.name, \"active\".c1 FROM \"active\" INNER JOIN users ON users.id = \"active\".c0 ORDER BY users.name DESC"
        );
        let rows: Vec<(String, i64)> = db.all(&q).await.unwrap();
        assert_eq!(rows, [("Carol".to_string(), 1), ("Bob".to_string(), 2)]);
    })
    .await;
}

#[tokio::test]
async fn recursive_common_table_expressions_walk_a_thread() {
    use blog::schema::{comments, NewComment};
    use sleet::query::{cte_ref, with_recursive, SetOperations};
    crate::on_each_driver!(|db, seeded| async move {
        // A thread: root ← reply ← reply to the reply.
        let root = db.one(&insert(comments::table).values(NewComment::new(seeded.posts[1], seeded.users[3], "Why indexes?")).returning_columns(comments::id)).await.unwrap();
        let reply = db
            .one(&insert(comments::table).values(NewComment::new(seeded.posts[1], seeded.users[1], "Speed.").parent_id(root)).returning_columns(comments::id))
            .await
            .unwrap();
        db.execute(&insert(comments::table).values(NewComment::new(seeded.posts[1], seeded.users[3], "Thanks!").parent_id(reply))).await.unwrap();

        let thread = cte_ref::<(comments::id, comments::parent_id)>("thread");
        let walk = select((comments::id, comments::parent_id))
            .from(comments::table)
            .filter(comments::id.eq(root))
            .union_all(select((comments::id, comments::parent_id)).from(comments::table).inner_join(thread, comments::parent_id.eq(thread.col::<0>())));
        let q = with_recursive(thread, walk, select((comments::body, comments::parent_id)).from(comments::table).inner_join(thread, comments::id.eq(thread.col::<0>())).order_by(comments::id));
        assert!(q.to_sql().0.starts_with("WITH RECURSIVE \"thread\"(c0, c1) AS ((SELECT comments.id, comments.parent_id FROM comments WHERE comments.id = $1) UNION ALL (SELECT"));
        let rows: Vec<(String, Option<i32>)> = db.all(&q).await.unwrap();
        assert_eq!(rows, [("Why indexes?".to_string(), None), ("Speed.".to_string(), Some(root)), ("Thanks!".to_string(), Some(reply))]);
    })
    .await;
}
