//! The Drizzle guides' REST API, in Rust: axum over a deadpool-postgres pool, the
//! generated structs as request bodies, `validate()` before the database and the
//! database's own verdicts in the same error shape.
//!
//! `cargo run --example api` creates a fresh database on `DATABASE_URL` (else the local
//! PostgreSQL), seeds the blog, and serves on `127.0.0.1:3000` (`PORT` to change it)
//! until Ctrl-C, which drops the database. Every request is logged with the
//! statements it ran (the `sleet.query` spans inside its `request` span).

mod app;
mod error;

use sleet_test_support::FreshDatabase;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // Spans are printed as they close: each statement with its SQL, rows and time,
    // inside its request.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_target(false)
        .init();
    let database = FreshDatabase::create("sleet_api", blog::SCHEMA_SQL).await?;
    let outcome = serve(&database).await;
    database.drop_now().await;
    outcome
}

async fn serve(database: &FreshDatabase) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let pool = app::pool(&database.url)?;
    blog::seed::seed(&sleet::Db::new(pool.get().await?)).await?;
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    println!("serving the blog API on http://{address} (Ctrl-C stops it and drops its database)");
    println!("  curl http://{address}/users?limit=2");
    println!("  curl http://{address}/users/2");
    println!(
        "  curl -X POST http://{address}/users -H 'content-type: application/json' -d '{{\"name\": \"Eve\", \"email\": \"eve@example.com\"}}'"
    );
    axum::serve(listener, app::router(pool))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
