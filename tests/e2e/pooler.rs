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

        // sqlx through the same pooler. Its unnamed statements are parsed in a round trip
        // of their own (Parse, Describe, Sync) before Bind: a transaction-mode pooler may
        // hand the Bind to another server connection, and this one resets each after every
        // transaction, so outside a transaction they fail (the README says so) ...
        let pool =
            sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&bouncer.url(&database)).await.unwrap();
        let mut on_sqlx = sleet::exec::sqlx::Db::new(pool).without_statement_cache();
        let names =
            select(users::name).from(users::table).filter(users::email.like("%@example.com")).order_by(users::name);
        let err = on_sqlx.all(&names).await.unwrap_err();
        assert_eq!(err.code(), Some("26000"), "the pooler lost the statement: {err}");
        // ... and inside one, which holds one server connection from BEGIN to COMMIT, they work.
        let (names, kept) = on_sqlx
            .transaction(async |tx| {
                let names = tx.all(&names).await?;
                tx.execute(&insert(users::table).values(NewUser::new("Fay", "fay@example.com"))).await?;
                Ok::<_, sleet::Error>((names, tx.one(&count_rows(users::table)).await?))
            })
            .await
            .unwrap();
        assert_eq!((names.len(), kept), (4, 5));
    })
    .await;
}
