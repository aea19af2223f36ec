//! Behind a transaction-mode pooler: a real PgBouncer that resets every server
//! connection after every transaction (`DISCARD ALL`), the harshest case for prepared
//! statements. With the statement cache on, a prepared statement is gone by the time
//! it is bound; with it off, every query kind still works, on tokio-postgres and on sqlx.
//!
//! Needs `pgbouncer` (Debian: `apt-get install pgbouncer`); `.ci/run` installs it and
//! sets `SLEET_REQUIRE_PGBOUNCER=1`, which makes its absence a failure instead of a skip.

use blog::schema::{posts, users, NewUser, Role, UserPatch};
use sleet::prelude::*;
use sleet::Db;
use sleet_test_support::{find_pgbouncer, PgBouncer};

#[tokio::test]
async fn every_query_kind_runs_behind_pgbouncer_in_transaction_mode_with_the_cache_off() {
    let Some(binary) = find_pgbouncer() else {
        assert!(
            std::env::var_os("SLEET_REQUIRE_PGBOUNCER").is_none(),
            "SLEET_REQUIRE_PGBOUNCER is set but pgbouncer is not installed (apt-get install pgbouncer)"
        );
        eprintln!("skipped: pgbouncer is not installed (apt-get install pgbouncer)");
        return;
    };
    crate::with_db(move |direct, seeded| async move {
        let database: String = direct.client().query_one("SELECT current_database()", &[]).await.unwrap().get(0);
        let bouncer = PgBouncer::start(&binary, &sleet_test_support::server_url().await.unwrap()).await;

        // The control: a prepared statement does not survive to its Bind here.
        let cached = Db::new(bouncer.connect(&database).await);
        let err = cached.all(&select(users::id).from(users::table)).await.unwrap_err();
        assert!(err.to_string().contains("prepared statement"), "expected a lost prepared statement: {err}");

        let mut db = Db::new(bouncer.connect(&database).await).without_statement_cache();
        // Parameters of every common kind, an enum among them (declared for the server to infer).
        let authors = select((users::id, users::name))
            .from(users::table)
            .filter(users::role.eq(Role::Author).and(users::email.like("%@example.com")))
            .order_by(users::id);
        let authors: Vec<(i32, String)> = db.all(&authors).await.unwrap();
        assert_eq!(authors.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["Bob", "Carol"]);

        let new_id: i32 = db
            .one(&insert(users::table).values(NewUser::new("Erin", "erin@example.com")).returning_columns(users::id))
            .await
            .unwrap();
        let renamed = db
            .execute(&update(users::table).set(UserPatch::default().name("Erin B.")).filter(users::id.eq(new_id)))
            .await
            .unwrap();
        assert_eq!(renamed, 1);
        let published = select(posts::slug)
            .from(posts::table)
            .filter(posts::published.eq(true).and(posts::author_id.in_list([seeded.users[0], seeded.users[1]])))
            .order_by(posts::slug)
            .limit(10);
        assert!(!db.all(&published).await.unwrap().is_empty());
        let by_raw: Vec<(String,)> =
            db.all(&raw("SELECT name FROM users WHERE id = ").bind(&new_id).rows::<(String,)>()).await.unwrap();
        assert_eq!(by_raw, [("Erin B.".to_string(),)]);

        // A transaction holds one server connection from BEGIN to COMMIT.
        let count = db
            .transaction(async |tx| {
                tx.execute(&delete(users::table).filter(users::id.eq(new_id))).await?;
                tx.one(&count_rows(users::table)).await
            })
            .await
            .unwrap();
        assert_eq!(count, 4);

        // sqlx through the same pooler. It parses an unnamed statement in a round trip of
        // its own before binding it, which this pooler hands to a reset server connection:
        // sqlx by hand fails here outside a transaction ...
        let pool =
            sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&bouncer.url(&database)).await.unwrap();
        let by_hand = sqlx::query_scalar::<_, String>("SELECT name FROM users WHERE email LIKE $1")
            .bind("%@example.com")
            .persistent(false)
            .fetch_all(&pool)
            .await;
        assert!(by_hand.unwrap_err().to_string().contains("prepared statement"), "the control");
        // ... so sleet's unnamed mode on sqlx runs each statement outside a transaction in
        // one of its own, which holds one server connection: every kind works, an enum too.
        let mut on_sqlx = sleet::exec::sqlx::Db::new(pool).without_statement_cache();
        let authors = select(users::name).from(users::table).filter(users::role.eq(Role::Author)).order_by(users::name);
        for _ in 0..3 {
            assert_eq!(on_sqlx.all(&authors).await.unwrap(), ["Bob", "Carol"]);
        }
        let loaded =
            on_sqlx.query(posts::table).columns((posts::id, posts::slug)).with(posts::comments()).all().await.unwrap();
        assert_eq!(loaded.len(), 4);
        let renamed = on_sqlx
            .execute(&update(users::table).set(UserPatch::default().name("Erin C.")).filter(users::name.eq("Erin B.")))
            .await;
        assert_eq!(renamed.unwrap(), 0, "Erin was deleted above");
        let kept = on_sqlx
            .transaction(async |tx| {
                tx.execute(&insert(users::table).values(NewUser::new("Fay", "fay@example.com"))).await?;
                tx.one(&count_rows(users::table)).await
            })
            .await
            .unwrap();
        assert_eq!(kept, 5);
    })
    .await;
}
