//! The benchmark database and its fixtures, written with the `postgres` driver
//! outside any timed code.

use postgres::{Client, NoTls};

/// A database of its own for the run, with `schema.sql` applied; dropped on drop.
pub struct BenchDatabase {
    database: sleet_test_support::FreshDatabase,
    runtime: tokio::runtime::Runtime,
}

impl BenchDatabase {
    /// Creates it on the server `DATABASE_URL` (else 127.0.0.1:5432, else a throwaway
    /// cluster) names.
    pub fn create() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let database = runtime
            .block_on(sleet_test_support::FreshDatabase::create("sleet_peers", include_str!("../schema.sql")))
            .unwrap_or_else(|e| panic!("{e}"));
        Self { database, runtime }
    }

    /// Its URL.
    pub fn url(&self) -> &str {
        &self.database.url
    }
}

impl Drop for BenchDatabase {
    fn drop(&mut self) {
        self.runtime.block_on(self.database.drop_now());
    }
}

fn connect(url: &str) -> Client {
    Client::connect(url, NoTls).expect("connect to the benchmark database")
}

/// Empties every table, as diesel_bench does at the start of each benchmark.
pub fn truncate(url: &str) {
    connect(url)
        .batch_execute("TRUNCATE TABLE comments CASCADE; TRUNCATE TABLE posts CASCADE; TRUNCATE TABLE users CASCADE")
        .expect("truncate");
}

/// Truncates, then inserts `size` users named `User {idx}`.
pub fn users(url: &str, size: usize, hair_color: impl Fn(usize) -> Option<&'static str>) {
    truncate(url);
    let mut client = connect(url);
    for chunk in crate::user_rows(size, hair_color).chunks(10_000) {
        let query = crate::sql::insert_users(chunk.len());
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            chunk.iter().flat_map(|(name, hair)| [name as _, hair as _]).collect();
        client.execute(&query as &str, &params).expect("insert users");
    }
}

/// Truncates, then writes diesel_bench's association fixture: 100 users (black and
/// brown hair), 10 posts each (`Post {i} by user {id}`, no body), 10 comments on each
/// post (`Comment {i} on post {id}`).
pub fn associations(url: &str) {
    users(url, 100, crate::black_or_brown);
    let mut client = connect(url);
    client
        .batch_execute(
            "INSERT INTO posts (title, user_id, body) \
             SELECT format('Post %s by user %s', i, u.id), u.id, NULL FROM users u, generate_series(0, 9) i \
             ORDER BY u.id, i;
             INSERT INTO comments (text, post_id) \
             SELECT format('Comment %s on post %s', i, p.id), p.id FROM posts p, generate_series(0, 9) i \
             ORDER BY p.id, i;",
        )
        .expect("insert posts and comments");
}
