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
            let client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let db = sleet::exec::blocking::Db::new(client);
            let bob = db
                .one(
                    &insert(users::table).values(NewUser::new("Bob", "bob@example.com").role(Role::Author)).returning(),
                )
                .unwrap();
            assert_eq!(bob.role, Role::Author);
            let found = db.optional(&from(users::table).filter(users::email.eq("bob@example.com"))).unwrap();
            assert_eq!(found.map(|u| u.id), Some(bob.id));
            let names: Vec<String> = db.all(&select(users::name).from(users::table)).unwrap();
            assert_eq!(names, ["Bob"]);
            assert_eq!(db.execute(&delete(users::table).all_rows()).unwrap(), 1);
        }
    })
    .join();
    runtime.block_on(database.drop_now());
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[tokio::test]
async fn a_transaction_commits_or_rolls_back_as_a_whole() {
    crate::with_db(|db, _| async move {
        let mut client = db.into_inner();
        let tx = client.transaction().await.unwrap();
        let in_tx = sleet::Db::new(tx);
        in_tx.execute(&insert(users::table).values(NewUser::new("Tx", "tx@example.com"))).await.unwrap();
        let seen_inside: Vec<String> =
            in_tx.all(&select(users::name).from(users::table).filter(users::name.eq("Tx"))).await.unwrap();
        assert_eq!(seen_inside, ["Tx"]);
        in_tx.into_inner().rollback().await.unwrap();

        let db = sleet::Db::new(client);
        let after: Vec<String> =
            db.all(&select(users::name).from(users::table).filter(users::name.eq("Tx"))).await.unwrap();
        assert!(after.is_empty(), "rolled back");
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
