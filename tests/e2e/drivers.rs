//! The same generated code on the blocking `postgres` driver, inside transactions, and
//! with the statement cache off (as for transaction-mode poolers).

use blog::database::FreshDatabase;
use blog::schema::{users, NewUser, Role};
use sleet::prelude::*;

#[test]
fn blocking_driver_runs_the_same_queries() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(FreshDatabase::create("sleet_test", blog::SCHEMA_SQL)).unwrap();
    // The blocking client runs outside any async runtime context.
    let outcome = std::thread::spawn({
        let url = database.url.clone();
        move || {
            for cached in [true, false] {
                let client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                let db = sleet::exec::blocking::Db::new(client);
                let db = if cached { db } else { db.without_statement_cache() };
                let bob = db
                    .one(
                        &insert(users::table)
                            .values(NewUser::new("Bob", "bob@example.com").role(Role::Author))
                            .returning(),
                    )
                    .unwrap();
                assert_eq!(bob.role, Role::Author);
                let found = db.optional(&from(users::table).filter(users::email.eq("bob@example.com"))).unwrap();
                assert_eq!(found.map(|u| u.id), Some(bob.id));
                let names: Vec<String> = db.all(&select(users::name).from(users::table)).unwrap();
                assert_eq!(names, ["Bob"]);
                assert_eq!(db.execute(&delete(users::table).all_rows()).unwrap(), 1);
            }
        }
    })
    .join();
    runtime.block_on(database.drop_now());
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

async fn names(db: &sleet::Db<tokio_postgres::Client>) -> Vec<String> {
    db.all(&select(users::name).from(users::table).filter(users::name.like("Tx%")).order_by(users::name)).await.unwrap()
}

fn tx_user(name: &str) -> NewUser {
    NewUser::new(name, format!("{name}@example.com"))
}

#[tokio::test]
async fn transactions_commit_on_ok_and_roll_back_on_err() {
    crate::with_db(|mut db, _| async move {
        let id: i32 = db
            .transaction(async |tx| {
                tx.one(&insert(users::table).values(tx_user("Tx1")).returning_columns(users::id)).await
            })
            .await
            .unwrap();
        assert!(id > 0);
        let failed: sleet::Result<()> = db
            .transaction(async |tx| {
                tx.execute(&insert(users::table).values(tx_user("Tx2"))).await?;
                tx.execute(&insert(users::table).values(tx_user("Tx1"))).await?; // duplicate email
                Ok(())
            })
            .await;
        assert!(failed.unwrap_err().is_unique_violation());
        assert_eq!(names(&db).await, ["Tx1"], "Tx2 was rolled back with the failed transaction");
    })
    .await;
}

#[tokio::test]
async fn nested_transactions_are_savepoints() {
    crate::with_db(|mut db, _| async move {
        db.transaction(async |tx| {
            tx.execute(&insert(users::table).values(tx_user("TxOuter"))).await?;
            let inner: sleet::Result<()> = tx
                .transaction(async |sp| {
                    sp.execute(&insert(users::table).values(tx_user("TxInner"))).await?;
                    Err(sleet::Error::Transaction("changed my mind".into()))
                })
                .await;
            assert!(inner.is_err());
            tx.transaction(async |sp| sp.execute(&insert(users::table).values(tx_user("TxKept"))).await).await?;
            Ok::<_, sleet::Error>(())
        })
        .await
        .unwrap();
        assert_eq!(names(&db).await, ["TxKept", "TxOuter"], "only the inner savepoint was rolled back");
    })
    .await;
}

#[tokio::test]
async fn transaction_options_and_retry_on_serialization_failure() {
    use sleet::exec::{IsolationLevel, TransactionOptions};
    crate::with_db(|mut db, _| async move {
        let read_only = TransactionOptions::default().isolation(IsolationLevel::Serializable).read_only();
        let err = db
            .transaction_with(read_only, async |tx| tx.execute(&insert(users::table).values(tx_user("TxRo"))).await)
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("25006"), "a read-only transaction refuses writes: {err}");
        let level: String = db
            .transaction_with(read_only, async |tx| {
                let row = tx.client().query_one("SHOW transaction_isolation", &[]).await.expect("SHOW");
                Ok::<_, sleet::Error>(row.get(0))
            })
            .await
            .unwrap();
        assert_eq!(level, "serializable");

        let attempts = std::sync::atomic::AtomicU32::new(0);
        let serializable = TransactionOptions::default().isolation(IsolationLevel::Serializable);
        let id = db
            .transaction_retrying(serializable, 3, || {
                async |tx| {
                    let attempt = attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    tx.execute(&insert(users::table).values(tx_user(&format!("TxTry{attempt}")))).await?;
                    if attempt < 3 {
                        // The server raises a real serialization failure (SQLSTATE 40001).
                        tx.execute_raw("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$", &[])
                            .await?;
                    }
                    Ok(attempt)
                }
            })
            .await
            .unwrap();
        assert_eq!(id, 3);
        assert_eq!(names(&db).await, ["TxTry3"], "failed attempts left nothing behind");
    })
    .await;
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
