//! A fresh database per test holding one golden case's schema.

// Each test file uses what it needs of this module.
#![allow(dead_code)]

use sleet::Db;
use sleet_test_support::FreshDatabase;

fn schema_sql(case: &str) -> String {
    let path = format!("{}/../sleet-codegen/tests/golden/{case}/schema.sql", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// Runs `test` on a fresh database holding the golden case's schema, then drops it;
/// twice: with the statement cache on, then off. ([`on_every_driver!`] runs it on sqlx
/// too.)
pub async fn with_schema<F, Fut>(case: &str, test: F)
where
    F: Fn(Db<tokio_postgres::Client>) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    with_schema_cached(case, true, test.clone()).await;
    with_schema_cached(case, false, test).await;
}

pub async fn with_schema_cached<F, Fut>(case: &str, cached: bool, test: F)
where
    F: FnOnce(Db<tokio_postgres::Client>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let database = FreshDatabase::create("sleet_types", &schema_sql(case)).await.unwrap_or_else(|e| panic!("{e}"));
    let client = database.connect().await.unwrap();
    let db = if cached { Db::new(client) } else { Db::new(client).without_statement_cache() };
    let outcome = tokio::spawn(async move { test(db).await }).await;
    database.drop_now().await;
    if let Err(e) = outcome {
        eprintln!("failed with the statement cache {}", if cached { "on" } else { "off" });
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Runs `test` on a fresh database holding the golden case's schema through sqlx (a
/// pool of two connections), statements prepared by sqlx or unnamed, then drops it.
pub async fn with_schema_sqlx<F, Fut>(case: &str, cached: bool, test: F)
where
    F: FnOnce(sleet::exec::sqlx::Db<sqlx::PgPool>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let database = FreshDatabase::create("sleet_types", &schema_sql(case)).await.unwrap_or_else(|e| panic!("{e}"));
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&database.url).await.unwrap();
    let db = sleet::exec::sqlx::Db::new(pool.clone());
    let db = if cached { db } else { db.without_statement_cache() };
    let outcome = tokio::spawn(async move { test(db).await }).await;
    pool.close().await;
    database.drop_now().await;
    if let Err(e) = outcome {
        eprintln!("failed on sqlx with the statement cache {}", if cached { "on" } else { "off" });
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Runs the same test body on tokio-postgres (cache on and off) and on sqlx (cache on
/// and off): the body is expanded once per driver, `db` being that driver's `Db`; a
/// future to `.await`.
#[macro_export]
macro_rules! on_every_driver {
    ($case:expr, |$db:ident| $body:expr) => {
        async {
            support::with_schema($case, |$db| $body).await;
            for cached in [true, false] {
                support::with_schema_sqlx($case, cached, |$db| $body).await;
            }
        }
    };
}
