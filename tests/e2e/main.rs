//! End-to-end tests of the demo against a real PostgreSQL: each test gets a fresh
//! database with `schema.sql` applied (and seeded), dropped afterwards, so the tests
//! run in parallel and leave nothing behind. All in one binary, one module per area.

mod aggregates;
mod drivers;
mod loading;
mod migrate;
mod observability;
mod pooler;
mod queries;
mod reach;
mod relations;
mod replicas;
mod writes;

use blog::seed::Seeded;
use sleet::Db;
use sleet_test_support::FreshDatabase;
use std::future::Future;

/// Runs `test` against a fresh, seeded database, then drops the database — also
/// when the test fails.
pub async fn with_db<F, Fut>(test: F)
where
    F: FnOnce(Db<tokio_postgres::Client>, Seeded) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let database = FreshDatabase::create("sleet_test", blog::SCHEMA_SQL).await.unwrap_or_else(|e| panic!("{e}"));
    let client = database.connect().await.expect("connect to the fresh database");
    let outcome = tokio::spawn(async move {
        let db = Db::new(client);
        let seeded = blog::seed::seed(&db).await.expect("seed");
        test(db, seeded).await;
    })
    .await;
    database.drop_now().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A URL for another connection to the database `db` is connected to.
pub async fn url_of(db: &Db<tokio_postgres::Client>) -> String {
    let name: String = db.client().query_one("SELECT current_database()", &[]).await.unwrap().get(0);
    sleet_test_support::with_database(&sleet_test_support::server_url().await.unwrap(), &name)
}
