//! The PostgreSQL workloads of Diesel's `diesel_bench` (diesel-rs/diesel,
//! `diesel_bench/`), reproduced for sleet and run side by side with the raw drivers
//! and the peers, each written the way its own diesel_bench entry writes it:
//!
//! - trivial query: all users, 1 … 10 000 rows;
//! - medium complex query: users LEFT JOIN posts WHERE hair_color = 'black' (posts
//!   empty, as in diesel_bench), 1 … 10 000 users;
//! - insert: one multi-row INSERT of 1 … 1 000 users;
//! - loading associations: 100 users → 10 posts each → 10 comments each, as a tree.
//!
//! Fixtures are written once per benchmark function outside the timed loop, as
//! diesel_bench does (there each crate writes its own; here one helper does, which the
//! timings do not see).

pub mod fixtures;
pub mod peers;

/// The sleet module generated from `schema.sql` by `build.rs`.
#[path = "../generated/schema.rs"]
pub mod schema;

/// What times a workload: the workload sets up, then hands `iter` the routine to repeat.
/// Criterion's bencher is one (`benches/diesel_bench.rs`); the interleaved runner of
/// `benches/paired.rs` is the other.
pub trait Bench {
    /// Runs `routine` as many times as the timer wants, timing it.
    fn iter<O>(&mut self, routine: impl FnMut() -> O);
    /// Runs the future `routine` makes as many times as the timer wants, all inside one
    /// `block_on` of `runtime` (Criterion's `to_async`, which diesel_bench's SeaORM
    /// entry uses).
    fn iter_async<O, F: std::future::Future<Output = O>>(
        &mut self,
        runtime: &tokio::runtime::Runtime,
        routine: impl FnMut() -> F,
    );
}

impl Bench for criterion::Bencher<'_, criterion::measurement::WallTime> {
    fn iter<O>(&mut self, routine: impl FnMut() -> O) {
        criterion::Bencher::iter(self, routine)
    }
    fn iter_async<O, F: std::future::Future<Output = O>>(
        &mut self,
        runtime: &tokio::runtime::Runtime,
        routine: impl FnMut() -> F,
    ) {
        self.to_async(runtime).iter(routine)
    }
}

/// The runtime of the entries on tokio-postgres (by hand, sleet, diesel-async): the
/// multi-thread runtime (`Runtime::new()`) diesel_bench gives them, or, with
/// `BENCH_RUNTIME=current_thread`, the current-thread runtime diesel_bench gives sqlx and
/// SeaORM. On the multi-thread runtime tokio-postgres's connection task runs on a worker
/// thread: each round trip wakes a thread twice.
pub fn tokio_postgres_runtime() -> tokio::runtime::Runtime {
    match std::env::var("BENCH_RUNTIME").as_deref() {
        Ok("current_thread") => tokio::runtime::Builder::new_current_thread().enable_all().build(),
        Ok("multi_thread") | Err(_) => tokio::runtime::Runtime::new(),
        Ok(other) => panic!("BENCH_RUNTIME={other}: expected current_thread or multi_thread"),
    }
    .expect("a runtime")
}

/// A user, as the raw-driver entries decode it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// `id`
    pub id: i32,
    /// `name`
    pub name: String,
    /// `hair_color`
    pub hair_color: Option<String>,
}

/// A post, as the raw-driver entries decode it (the four columns diesel_bench reads).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Post {
    /// `id`
    pub id: i32,
    /// `user_id`
    pub user_id: i32,
    /// `title`
    pub title: String,
    /// `body`
    pub body: Option<String>,
}

/// A comment, as the raw-driver entries decode it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// `id`
    pub id: i32,
    /// `post_id`
    pub post_id: i32,
    /// `text`
    pub text: String,
}

/// The tree the association workload builds.
pub type Tree = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

/// The SQL diesel_bench's raw entries send (its `consts.rs`).
pub mod sql {
    /// All users.
    pub const TRIVIAL_QUERY: &str = "SELECT id, name, hair_color FROM users";
    /// Users with their posts, filtered.
    pub const MEDIUM_COMPLEX_QUERY: &str = "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body \
         FROM users as u LEFT JOIN posts as p on u.id = p.user_id WHERE u.hair_color = $1";

    /// `INSERT INTO users (name, hair_color) VALUES ($1,$2),($3,$4),…` for `size` rows.
    pub fn insert_users(size: usize) -> String {
        let mut query = String::from("INSERT INTO users (name, hair_color) VALUES ");
        for x in 0..size {
            if x > 0 {
                query.push(',');
            }
            query.push_str(&format!("(${},${})", 2 * x + 1, 2 * x + 2));
        }
        query
    }

    /// `… WHERE column IN($1,…,$n)`, as diesel_bench's raw entries build it.
    pub fn in_list(prefix: &str, n: usize) -> String {
        let mut query = String::from(prefix);
        for i in 0..n {
            query.push_str(&format!("{}${}", if i == 0 { "" } else { "," }, i + 1));
        }
        query.push(')');
        query
    }
}

/// `(name, hair_color)` for `size` users: `User {idx}`.
pub fn user_rows(
    size: usize,
    hair_color: impl Fn(usize) -> Option<&'static str>,
) -> Vec<(String, Option<&'static str>)> {
    (0..size).map(|idx| (format!("User {idx}"), hair_color(idx))).collect()
}

/// Black for even indexes, brown for odd ones.
pub fn black_or_brown(idx: usize) -> Option<&'static str> {
    Some(if idx.is_multiple_of(2) { "black" } else { "brown" })
}
