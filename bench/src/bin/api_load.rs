//! The REST example's `GET /users/{id}` (a user with their posts) under a bounded
//! local load, next to the same endpoint written by hand with sqlx, in one run:
//! requests per second and latency percentiles.
//!
//! `cargo run --release --bin api_load` (in `bench/`); `API_LOAD_SECONDS` (default 5)
//! per round, `API_LOAD_CONNECTIONS` (default 32) concurrent keep-alive connections.
//! Both servers, both pools (16 connections each) and the load generator share this
//! machine; rounds alternate between the two so drift falls on both.

#[path = "../../../examples/api/app.rs"]
#[allow(dead_code)]
mod app;
#[path = "../../../examples/api/error.rs"]
#[allow(dead_code)]
mod error;

use sleet_test_support::FreshDatabase;
use std::time::{Duration, Instant};

/// The endpoint by hand: sqlx, two queries, `FromRow` structs of its own.
mod by_hand {
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::routing::get;
    use axum::{Json, Router};
    use serde::Serialize;
    use sqlx::types::chrono::{DateTime, Utc};
    use sqlx::PgPool;

    #[derive(Serialize, sqlx::Type)]
    #[sqlx(type_name = "role", rename_all = "lowercase")]
    #[serde(rename_all = "lowercase")]
    enum Role {
        Admin,
        Author,
        Reader,
    }

    #[derive(Serialize, sqlx::FromRow)]
    struct User {
        id: i32,
        name: String,
        email: String,
        role: Role,
        bio: Option<String>,
        created_at: DateTime<Utc>,
    }

    #[derive(Serialize, sqlx::FromRow)]
    struct Post {
        id: i32,
        title: String,
        slug: String,
        content: String,
        published: bool,
        author_id: i32,
        category_id: Option<i32>,
        created_at: DateTime<Utc>,
        published_at: Option<DateTime<Utc>>,
        keywords: Vec<String>,
        title_length: Option<i32>,
    }

    #[derive(Serialize)]
    struct UserWithPosts {
        #[serde(flatten)]
        user: User,
        posts: Vec<Post>,
    }

    async fn user_with_posts(
        State(pool): State<PgPool>,
        Path(id): Path<i32>,
    ) -> Result<Json<UserWithPosts>, StatusCode> {
        let internal = |_| StatusCode::INTERNAL_SERVER_ERROR;
        let user = sqlx::query_as::<_, User>("SELECT id, name, email, role, bio, created_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&pool)
            .await
            .map_err(internal)?
            .ok_or(StatusCode::NOT_FOUND)?;
        let posts = sqlx::query_as::<_, Post>(
            "SELECT id, title, slug, content, published, author_id, category_id, created_at, published_at, \
             keywords, title_length FROM posts WHERE author_id = $1 ORDER BY created_at DESC",
        )
        .bind(id)
        .fetch_all(&pool)
        .await
        .map_err(internal)?;
        Ok(Json(UserWithPosts { user, posts }))
    }

    pub fn router(pool: PgPool) -> Router {
        Router::new().route("/users/{id}", get(user_with_posts)).with_state(pool)
    }
}

const USERS: u32 = 1000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let seconds: u64 = std::env::var("API_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let connections: usize = std::env::var("API_LOAD_CONNECTIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(32);
    let database = FreshDatabase::create("sleet_api_load", blog::SCHEMA_SQL).await?;
    let outcome = run(&database, Duration::from_secs(seconds), connections).await;
    database.drop_now().await;
    outcome
}

async fn run(
    database: &FreshDatabase,
    round: Duration,
    connections: usize,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // 1 000 users with five posts each.
    let client = database.connect().await?;
    client
        .batch_execute(&format!(
            "INSERT INTO users (name, email) SELECT 'user ' || i, 'u' || i || '@example.com' FROM generate_series(1, {USERS}) i;
             INSERT INTO posts (title, slug, author_id, published, keywords)
                 SELECT 'post ' || i || '-' || j, 'p-' || i || '-' || j, i, true, ARRAY['rust', 'sql']
                 FROM generate_series(1, {USERS}) i, generate_series(1, 5) j;
             ANALYZE"
        ))
        .await?;
    drop(client);
    let sleet_pool = app::pool(&database.url)?;
    let sqlx_pool = sqlx::postgres::PgPoolOptions::new().max_connections(16).connect(&database.url).await?;
    let sleet_base = serve(app::router(sleet_pool)).await?;
    let sqlx_base = serve(by_hand::router(sqlx_pool)).await?;

    let http = reqwest::Client::builder().pool_max_idle_per_host(connections).build()?;
    // The two answer the same: the same user and the same posts.
    for id in [1, 500, USERS] {
        let a: serde_json::Value = http.get(format!("{sleet_base}/users/{id}")).send().await?.json().await?;
        let b: serde_json::Value = http.get(format!("{sqlx_base}/users/{id}")).send().await?.json().await?;
        assert_eq!(normalised(a), normalised(b), "user {id}");
    }
    println!(
        "GET /users/{{id}} (a user and their 5 posts), {connections} connections, {} s rounds, alternating",
        round.as_secs()
    );
    println!("| round | endpoint | requests/s | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|");
    for base in [&sleet_base, &sqlx_base] {
        load(&http, base, connections, Duration::from_secs(1)).await; // warm-up
    }
    let mut totals: Vec<(&str, Vec<f64>, Vec<Duration>)> =
        vec![("sleet", Vec::new(), Vec::new()), ("sqlx by hand", Vec::new(), Vec::new())];
    for r in 1..=3 {
        for (i, base) in [&sleet_base, &sqlx_base].into_iter().enumerate() {
            let (rps, mut latencies) = load(&http, base, connections, round).await;
            latencies.sort();
            println!(
                "| {r} | {} | {rps:.0} | {:.2} | {:.2} | {:.2} |",
                totals[i].0,
                ms(percentile(&latencies, 0.50)),
                ms(percentile(&latencies, 0.99)),
                ms(*latencies.last().unwrap_or(&Duration::ZERO))
            );
            totals[i].1.push(rps);
            totals[i].2.extend(latencies);
        }
    }
    println!();
    println!("| endpoint | requests/s (mean of 3) | p50 ms | p99 ms |");
    println!("|---|---|---|---|");
    for (name, rps, latencies) in &mut totals {
        latencies.sort();
        let mean = rps.iter().sum::<f64>() / rps.len() as f64;
        println!(
            "| {name} | {mean:.0} | {:.2} | {:.2} |",
            ms(percentile(latencies, 0.50)),
            ms(percentile(latencies, 0.99))
        );
    }
    let ratio = totals[0].1.iter().sum::<f64>() / totals[1].1.iter().sum::<f64>();
    println!("\nsleet / sqlx requests per second: {ratio:.3}");
    Ok(())
}

async fn serve(router: axum::Router) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(base)
}

/// `connections` clients asking for random users until `duration` has passed.
async fn load(http: &reqwest::Client, base: &str, connections: usize, duration: Duration) -> (f64, Vec<Duration>) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..connections {
        let (http, base) = (http.clone(), base.to_string());
        tasks.push(tokio::spawn(async move {
            let mut state = 0x9E37_79B9_u32.wrapping_mul(u32::try_from(worker).unwrap_or(0) + 1);
            let mut latencies = Vec::new();
            while started.elapsed() < duration {
                // xorshift: a different user each time, the same sequence each run.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let id = state % USERS + 1;
                let sent = Instant::now();
                let response = http.get(format!("{base}/users/{id}")).send().await.expect("a response");
                assert!(response.status().is_success());
                response.bytes().await.expect("a body");
                latencies.push(sent.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("a load task"));
    }
    let rps = all.len() as f64 / started.elapsed().as_secs_f64();
    (rps, all)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Posts in id order (equal `created_at`s may come in either order) and timestamps
/// as instants (the two serialise sub-second digits alike, but not necessarily).
fn normalised(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(posts) = v["posts"].as_array_mut() {
        posts.sort_by_key(|p| p["id"].as_i64());
    }
    v
}
