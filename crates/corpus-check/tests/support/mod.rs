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
/// twice: with the statement cache on, then off.
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
