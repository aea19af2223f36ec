//! The executors: the async one on tokio-postgres (a client, a transaction, a deadpool
//! client) and the blocking one, which drives the async one on a runtime of its own.
//! The same cases run on both — writes and reads, raw SQL, nested reads, transactions,
//! savepoints, options and retry, batches, bulk updates and tenants' schemas — with the
//! statement cache on and off.

use blog::schema::{posts, users, NewPost, NewUser, Role};
use sleet::exec::{IsolationLevel, TransactionOptions};
use sleet::prelude::*;
use sleet_test_support::FreshDatabase;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};

fn tx_user(name: &str) -> NewUser {
    NewUser::new(name, format!("{name}@example.com"))
}

/// The cases, written once: `[$($aw)*]` is `.await` for the async executor and nothing
/// for the blocking one; `[$($asy)*]` is `async` before a closure, or nothing.
macro_rules! cases {
    ($db:ident, [$($aw:tt)*], [$($asy:tt)*]) => {{
        // Writes and reads, counted as asked.
        let bob = $db
            .one(&insert(users::table).values(NewUser::new("Bob", "bob@example.com").role(Role::Author)).returning())
            $($aw)*
            .unwrap();
        assert_eq!(bob.role, Role::Author);
        let found = $db.optional(&from(users::table).filter(users::email.eq("bob@example.com"))) $($aw)* .unwrap();
        assert_eq!(found.map(|u| u.id), Some(bob.id));
        let all_names: Vec<String> = $db.all(&select(users::name).from(users::table)) $($aw)* .unwrap();
        assert_eq!(all_names, ["Bob"]);
        let err = $db.one(&from(users::table).filter(users::id.eq(-1))) $($aw)* .unwrap_err();
        assert!(matches!(err, sleet::Error::RowCount { .. }), "{err}");
        let by_raw: Vec<(String,)> =
            $db.all(&sleet::raw("SELECT name FROM users WHERE id = ").bind(&bob.id).rows::<(String,)>()) $($aw)* .unwrap();
        assert_eq!(by_raw, [("Bob".to_string(),)]);
        for slug in ["one", "two"] {
            let post = NewPost::new(slug, slug, bob.id);
            $db.execute(&insert(posts::table).values(post)) $($aw)* .unwrap();
        }

        // A nested read: one statement per level.
        let authors = $db.query(users::table).with(users::posts().order_by(posts::slug)).all() $($aw)* .unwrap();
        assert_eq!(authors.len(), 1);
        let slugs: Vec<&str> = authors[0].related.0.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["one", "two"]);
        let first = $db.query(posts::table).with(posts::author()).order_by(posts::slug).first() $($aw)* .unwrap();
        assert_eq!(first.map(|p| p.related.0.name.clone()), Some("Bob".to_string()));

        // Transactions commit on Ok and roll back on Err.
        let id: i32 = $db
            .transaction($($asy)* |tx| tx.one(&insert(users::table).values(tx_user("Tx1")).returning_columns(users::id)) $($aw)*)
            $($aw)*
            .unwrap();
        assert!(id > 0);
        let failed: sleet::Result<()> = $db
            .transaction($($asy)* |tx| {
                tx.execute(&insert(users::table).values(tx_user("Tx2"))) $($aw)* ?;
                tx.execute(&insert(users::table).values(tx_user("Tx1"))) $($aw)* ?; // duplicate email
                Ok(())
            })
            $($aw)*;
        assert!(failed.unwrap_err().is_unique_violation());
        assert_eq!(db_names(&$db) $($aw)*, ["Tx1"], "Tx2 was rolled back with the failed transaction");

        // Nested transactions are savepoints.
        $db.transaction($($asy)* |tx| {
            tx.execute(&insert(users::table).values(tx_user("TxOuter"))) $($aw)* ?;
            let inner: sleet::Result<()> = tx
                .transaction($($asy)* |sp| {
                    sp.execute(&insert(users::table).values(tx_user("TxInner"))) $($aw)* ?;
                    Err(sleet::Error::Transaction("changed my mind".into()))
                })
                $($aw)*;
            assert!(inner.is_err());
            tx.transaction($($asy)* |sp| sp.execute(&insert(users::table).values(tx_user("TxKept"))) $($aw)*) $($aw)* ?;
            Ok::<_, sleet::Error>(())
        })
        $($aw)*
        .unwrap();
        assert_eq!(db_names(&$db) $($aw)*, ["Tx1", "TxKept", "TxOuter"], "only the inner savepoint was rolled back");

        // Options: a read-only transaction refuses writes.
        let read_only = TransactionOptions::default().isolation(IsolationLevel::Serializable).read_only();
        let err = $db
            .transaction_with(read_only, $($asy)* |tx| tx.execute(&insert(users::table).values(tx_user("TxRo"))) $($aw)*)
            $($aw)*
            .unwrap_err();
        assert_eq!(err.code(), Some("25006"), "a read-only transaction refuses writes: {err}");
        let level = $db
            .transaction_with(read_only, $($asy)* |tx| {
                tx.one(&sleet::raw("SELECT current_setting('transaction_isolation')").rows::<(String,)>()) $($aw)*
            })
            $($aw)*
            .unwrap();
        assert_eq!(level.0, "serializable");

        // Retry on a real serialization failure (SQLSTATE 40001), raised by the server.
        let attempts = AtomicU32::new(0);
        let serializable = TransactionOptions::default().isolation(IsolationLevel::Serializable);
        let tries = $db
            .transaction_retrying(serializable, 3, || {
                $($asy)* |tx| {
                    let attempt = attempts.fetch_add(1, SeqCst) + 1;
                    tx.execute(&insert(users::table).values(tx_user(&format!("TxTry{attempt}")))) $($aw)* ?;
                    if attempt < 3 {
                        tx.execute_raw("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$", &[])
                            $($aw)* ?;
                    }
                    Ok(attempt)
                }
            })
            $($aw)*
            .unwrap();
        assert_eq!(tries, 3);
        let tried: Vec<String> =
            $db.all(&select(users::name).from(users::table).filter(users::name.like("TxTry%"))) $($aw)* .unwrap();
        assert_eq!(tried, ["TxTry3"], "failed attempts left nothing behind");

        // A batch, a bulk update, and a tenant's schema.
        let (named, count): (Vec<String>, i64) = $db
            .batch((
                sleet::exec::batch::all(&select(users::name).from(users::table).filter(users::id.eq(bob.id))),
                sleet::exec::batch::one(&count_rows(posts::table)),
            ))
            $($aw)*
            .unwrap();
        assert_eq!((named, count), (vec!["Bob".to_string()], 2));
        let titles = [("one".to_string(), "One".to_string()), ("two".to_string(), "Two".to_string())];
        let renamed = $db.execute(&update(posts::table).set_rows(posts::slug, posts::title, titles)) $($aw)* .unwrap();
        assert_eq!(renamed, 2);
        let promoted = $db.execute(&update(users::table).set_rows(users::id, users::role, [(bob.id, Role::Admin)])) $($aw)* .unwrap();
        let role = $db.one(&select(users::role).from(users::table).filter(users::id.eq(bob.id))) $($aw)* .unwrap();
        assert_eq!((promoted, role), (1, Role::Admin), "an enum column's labels as text[]");
        $db.execute_raw("CREATE SCHEMA tenant", &[]) $($aw)* .unwrap();
        $db.execute_raw("CREATE TABLE tenant.users (LIKE public.users INCLUDING ALL)", &[]) $($aw)* .unwrap();
        let tenant = $db.in_schema("tenant");
        tenant.execute(&insert(users::table).values(tx_user("InTenant"))) $($aw)* .unwrap();
        let in_tenant: Vec<String> = tenant.all(&select(users::name).from(users::table)) $($aw)* .unwrap();
        assert_eq!(in_tenant, ["InTenant"]);
    }};
}

fn names_query() -> impl sleet::query::Render + sleet::query::Returns<Row = String> {
    select(users::name).from(users::table).filter(users::name.like("Tx%")).order_by(users::name)
}

#[test]
fn the_same_cases_run_on_both_executors() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for cached in [true, false] {
        // The async executor, in a tokio task.
        let database = runtime.block_on(FreshDatabase::create("sleet_exec", blog::SCHEMA_SQL)).unwrap();
        let url = database.url.clone();
        let outcome = runtime.block_on(runtime.spawn(async move {
            let client = sleet_test_support::connect(&url).await.unwrap();
            let mut db = sleet::Db::new(client);
            if !cached {
                db = db.without_statement_cache();
            }
            async fn db_names(db: &sleet::Db<tokio_postgres::Client>) -> Vec<String> {
                db.all(&names_query()).await.unwrap()
            }
            cases!(db, [.await], [async]);
        }));
        runtime.block_on(database.drop_now());
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }

        // The blocking executor, on a thread outside any runtime.
        let database = runtime.block_on(FreshDatabase::create("sleet_exec", blog::SCHEMA_SQL)).unwrap();
        let url = database.url.clone();
        let outcome = std::thread::spawn(move || {
            let mut db = sleet::exec::blocking::Db::connect(&url, tokio_postgres::NoTls).unwrap();
            if !cached {
                db = db.without_statement_cache();
            }
            fn db_names(db: &sleet::exec::blocking::Db<tokio_postgres::Client>) -> Vec<String> {
                db.all(&names_query()).unwrap()
            }
            cases!(db, [], []);
        })
        .join();
        runtime.block_on(database.drop_now());
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

/// Runs `test` with the URL of a fresh database holding the demo's schema, in a task of
/// its own, then drops the database (also when the test fails).
async fn on_fresh_database<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let database = FreshDatabase::create("sleet_exec", blog::SCHEMA_SQL).await.unwrap();
    let outcome = tokio::spawn(test(database.url.clone())).await;
    database.drop_now().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn the_same_cases_run_on_sqlx() {
    use sleet::exec::sqlx::{Db, Exclusive};
    async fn db_names<S: sleet::exec::sqlx::Source>(db: &Db<S>) -> Vec<String> {
        db.all(&names_query()).await.unwrap()
    }
    for cached in [true, false] {
        // On a pool: a connection per statement, a transaction on one of its own.
        on_fresh_database(|url| async move {
            let pool = sqlx::postgres::PgPoolOptions::new().max_connections(4).connect(&url).await.unwrap();
            let mut db = Db::new(pool);
            if !cached {
                db = db.without_statement_cache();
            }
            cases!(db, [.await], [async]);
        })
        .await;
        // On one connection the `Db` holds.
        on_fresh_database(|url| async move {
            let connection = <sqlx::PgConnection as sqlx::Connection>::connect(&url).await.unwrap();
            let mut db: Db<Exclusive<sqlx::PgConnection>> = Db::on(connection);
            if !cached {
                db = db.without_statement_cache();
            }
            cases!(db, [.await], [async]);
        })
        .await;
    }
    // Inside a transaction the application began on sqlx: `Db::on(&mut *tx)`.
    on_fresh_database(|url| async move {
        let pool = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&url).await.unwrap();
        let mut tx = pool.begin().await.unwrap();
        {
            let inside = Db::on(&mut *tx);
            inside.execute(&insert(users::table).values(tx_user("TxApp"))).await.unwrap();
            assert_eq!(db_names(&inside).await, ["TxApp"]);
        }
        tx.rollback().await.unwrap();
        assert!(db_names(&Db::new(pool)).await.is_empty(), "rolled back with the application's transaction");
    })
    .await;
}

#[test]
fn the_blocking_executor_names_what_it_cannot_reach_without_the_password() {
    let err = sleet::exec::blocking::Db::connect("postgres://app:s3cret@127.0.0.1:1/nowhere", tokio_postgres::NoTls)
        .err()
        .expect("nothing listens on port 1");
    let message = err.to_string();
    assert!(message.starts_with("cannot connect to 127.0.0.1 port 1 database nowhere:"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
    let err = sleet::exec::blocking::Db::connect("postgres://app:s3cret@/?port=notaport", tokio_postgres::NoTls)
        .err()
        .expect("a malformed URL");
    assert!(err.to_string().starts_with("cannot connect to the connection string (not shown): "), "{err}");
    assert!(!err.to_string().contains("s3cret"), "{err}");
}

/// How many prepared statements of this connection hold our query.
async fn lingering(db: &sleet::Db<tokio_postgres::Client>) -> i64 {
    let sql = "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT users.id FROM users'";
    db.client().query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test]
async fn queries_work_with_the_statement_cache_off() {
    crate::with_db(|db, _| async move {
        let query = select(users::id).from(users::table);
        assert_eq!(db.all(&query).await.unwrap().len(), 4);
        assert_eq!(lingering(&db).await, 1, "with the cache on, the statement stays prepared for reuse");

        let db = sleet::Db::new(db.into_inner()).without_statement_cache();
        for _ in 0..3 {
            assert_eq!(db.all(&query).await.unwrap().len(), 4);
        }
        assert_eq!(lingering(&db).await, 0, "with the cache off, no statement outlives its query");
    })
    .await;
}

#[tokio::test]
async fn pooled_clients_of_deadpool_run_queries_and_transactions() {
    crate::with_db(|db, _| async move {
        let url = crate::url_of(&db).await;
        let manager = deadpool_postgres::Manager::new(url.parse().unwrap(), tokio_postgres::NoTls);
        let pool = deadpool_postgres::Pool::builder(manager).max_size(2).build().unwrap();

        let mut pooled = sleet::Db::new(pool.get().await.unwrap());
        let names: Vec<String> = pooled.all(&select(users::name).from(users::table).order_by(users::id)).await.unwrap();
        assert_eq!(names, ["Alice", "Bob", "Carol", "Dave"]);
        pooled.transaction(async |tx| tx.execute(&insert(users::table).values(tx_user("TxPool"))).await).await.unwrap();
        drop(pooled); // back to the pool

        let again = sleet::Db::new(pool.get().await.unwrap());
        assert_eq!(again.one(&count_rows(users::table)).await.unwrap(), 5);
    })
    .await;
}

#[test]
fn an_unreachable_database_is_a_clear_error_and_the_demo_exits_non_zero() {
    // Port 1 on loopback: nothing listens there.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
        .env("DATABASE_URL", "postgres://postgres:secret@127.0.0.1:1/nowhere")
        .output()
        .expect("run the demo");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot connect to DATABASE_URL (postgres://…@127.0.0.1:1/nowhere)"), "{stderr}");
    assert!(stderr.contains("check that the server runs and the URL is right"), "{stderr}");
    assert!(!stderr.contains("secret"), "the password is not printed: {stderr}");
}
