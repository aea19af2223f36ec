//! End-to-end tests of the demo against a real PostgreSQL: each test gets a fresh
//! database with `schema.sql` applied (and seeded), dropped afterwards, so the tests
//! run in parallel and leave nothing behind. All in one binary, one module per area.
//! The query, write, relation, loading and aggregate tests run on tokio-postgres and on
//! sqlx (`on_each_driver!`).

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

/// Runs `test` against a fresh, seeded database through sqlx (a pool of one
/// connection, so a test sees one session as on tokio-postgres), then drops it.
pub async fn with_db_sqlx<F, Fut>(test: F)
where
    F: FnOnce(sleet::exec::sqlx::Db<sqlx::PgPool>, Seeded) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let database = FreshDatabase::create("sleet_test", blog::SCHEMA_SQL).await.unwrap_or_else(|e| panic!("{e}"));
    let client = database.connect().await.expect("connect to the fresh database");
    let seeded = blog::seed::seed(&Db::new(client)).await.expect("seed");
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&database.url).await.expect("a pool");
    let outcome = tokio::spawn(async move { test(sleet::exec::sqlx::Db::new(pool), seeded).await }).await;
    database.drop_now().await;
    if let Err(e) = outcome {
        eprintln!("failed on sqlx");
        std::panic::resume_unwind(e.into_panic());
    }
}

/// The same test on tokio-postgres, then on sqlx: the closure is expanded once per
/// driver, its `db` that driver's `Db`. A future to `.await`.
#[macro_export]
macro_rules! on_each_driver {
    ($($test:tt)*) => {
        async {
            $crate::with_db($($test)*).await;
            $crate::with_db_sqlx($($test)*).await;
        }
    };
}

/// A URL for another connection to the database `db` is connected to, on any driver.
pub async fn url_of<D: sleet::exec::Runner>(db: &D) -> String {
    use sleet::exec::batch::BatchItem as _;
    let query = sleet::raw("SELECT current_database()").rows::<(String,)>();
    let (name,) = sleet::exec::batch::one(&query).run(db).await.unwrap();
    sleet_test_support::with_database(&sleet_test_support::server_url().await.unwrap(), &name)
}
