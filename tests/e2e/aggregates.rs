//! Aggregates with their PostgreSQL result types, GROUP BY / HAVING, DISTINCT,
//! DISTINCT ON, counting, and row locks.

use blog::schema::{comments, posts, users};
use sleet::prelude::*;
use sleet::query::Render;
use sleet::types::rust_decimal::Decimal;

/// count(*), count(x), count(DISTINCT x), sum, avg, min, max.
type Stats = (i64, i64, i64, Option<i64>, Option<Decimal>, Option<i32>, Option<i32>);

#[tokio::test]
async fn aggregates_have_postgres_result_types() {
    crate::on_each_driver!(|db, seeded| async move {
        let (n, with_category, categories, total, mean, lowest, highest): Stats = db
            .one(
                &select((
                    count_star(),
                    count(posts::category_id),
                    count_distinct(posts::category_id),
                    sum(posts::author_id),
                    avg(posts::author_id),
                    min(posts::id),
                    max(posts::id),
                ))
                .from(posts::table),
            )
            .await
            .unwrap();
        assert_eq!((n, with_category, categories), (4, 3, 2));
        let authors: i64 = [1, 1, 2, 2].iter().map(|&i| i64::from(seeded.users[i])).sum();
        assert_eq!(total, Some(authors), "sum(integer) is bigint");
        assert_eq!(mean, Some(Decimal::from(authors) / Decimal::from(4)), "avg(integer) is numeric, exact");
        assert_eq!((lowest, highest), (Some(seeded.posts[0]), Some(seeded.posts[3])));

        let empty: (i64, Option<i64>, Option<i32>) = db
            .one(
                &select((count_star(), sum(posts::author_id), max(posts::id)))
                    .from(posts::table)
                    .filter(posts::id.lt(0)),
            )
            .await
            .unwrap();
        assert_eq!(empty, (0, None, None), "over no rows: count is 0, the others NULL");

        let drafts = db.one(&count_rows(posts::table).filter(posts::published.eq(false))).await.unwrap();
        assert_eq!(drafts, 1);
    })
    .await;
}

#[tokio::test]
async fn group_by_having_and_distinct() {
    crate::on_each_driver!(|db, seeded| async move {
        let per_author = select((posts::author_id, count_star())).from(posts::table).group_by(posts::author_id).having(count_star().gt(1i64)).order_by(posts::author_id);
        assert_eq!(per_author.to_sql().0, "SELECT posts.author_id, count(*) FROM posts GROUP BY posts.author_id HAVING count(*) > $1 ORDER BY posts.author_id");
        let rows: Vec<(i32, i64)> = db.all(&per_author).await.unwrap();
        assert_eq!(rows, [(seeded.users[1], 2), (seeded.users[2], 2)]);

        let authors: Vec<i32> = db.all(&select(posts::author_id).from(posts::table).distinct().order_by(posts::author_id)).await.unwrap();
        assert_eq!(authors, [seeded.users[1], seeded.users[2]]);

        // The latest comment on each post: DISTINCT ON with a matching ORDER BY.
        let latest: Vec<(i32, String)> = db
            .all(&select((comments::post_id, comments::body)).from(comments::table).distinct_on(comments::post_id).order_by((comments::post_id, comments::id.desc())))
            .await
            .unwrap();
        assert_eq!(latest, [(seeded.posts[0], "Does it do joins?".to_string()), (seeded.posts[2], "Nice.".to_string())]);

        let names: Vec<String> = db.all(&select(upper(users::name)).from(users::table).filter(lower(users::email).like("%bob%"))).await.unwrap();
        assert_eq!(names, ["BOB"]);
    })
    .await;
}

#[tokio::test]
async fn row_locks_and_skip_locked() {
    crate::on_each_driver!(|mut db, seeded| async move {
        let q = from(posts::table).filter(posts::published.eq(true)).order_by(posts::id).limit(1);
        assert!(q.clone().for_update().skip_locked().to_sql().0.ends_with(" FOR UPDATE SKIP LOCKED"));
        assert!(q.clone().for_no_key_update().nowait().to_sql().0.ends_with(" FOR NO KEY UPDATE NOWAIT"));
        assert!(q.clone().for_share().to_sql().0.ends_with(" FOR SHARE"));

        // A second connection sees the first one's locked row skipped: a job queue.
        let other = sleet::Db::new(sleet_test_support::connect(&crate::url_of(&db).await).await.unwrap());
        db.transaction(async |tx| {
            let first = tx.one(&q.clone().for_update()).await?;
            assert_eq!(first.id, seeded.posts[0]);
            let next = other.one(&q.clone().for_update().skip_locked()).await?;
            assert_eq!(next.id, seeded.posts[1], "the locked row is skipped");
            let err = other.one(&q.clone().for_update().nowait()).await.unwrap_err();
            assert_eq!(err.code(), Some("55P03"), "NOWAIT fails at once: {err}");
            Ok::<_, sleet::Error>(())
        })
        .await
        .unwrap();
    })
    .await;
}
