//! A batch of statements against the same statements one by one, and a bulk update
//! against one UPDATE per row, on one connection, in one run: mean time per round.
//!
//! `cargo run --release --bin batch_bulk` (in `bench/`). Rounds alternate between the
//! two forms so drift falls on both. Over a local socket a round trip costs tens of
//! microseconds; across a network every saved round trip saves its latency.

use blog::schema::{comments, posts, users, NewUser};
use sleet::exec::batch;
use sleet::prelude::*;
use sleet::Db;
use sleet_test_support::FreshDatabase;
use std::time::{Duration, Instant};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let database = FreshDatabase::create("sleet_batch_bulk", blog::SCHEMA_SQL).await?;
    let outcome = run(&database).await;
    database.drop_now().await;
    outcome
}

/// Mean of each form over `rounds` alternating rounds.
async fn alternate<A, B>(rounds: usize, mut a: impl FnMut() -> A, mut b: impl FnMut() -> B) -> (Duration, Duration)
where
    A: std::future::Future<Output = ()>,
    B: std::future::Future<Output = ()>,
{
    let (mut spent_a, mut spent_b) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds {
        let started = Instant::now();
        a().await;
        spent_a += started.elapsed();
        let started = Instant::now();
        b().await;
        spent_b += started.elapsed();
    }
    let rounds = u32::try_from(rounds).unwrap_or(u32::MAX);
    (spent_a / rounds, spent_b / rounds)
}

async fn run(database: &FreshDatabase) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let db = Db::new(database.connect().await?);
    let seeded = blog::seed::seed(&db).await?;

    // Three reads a page needs: a user, a post, the post's comment count.
    let user = from(users::table).filter(users::id.eq(seeded.users[1]));
    let post = from(posts::table).filter(posts::id.eq(seeded.posts[0]));
    let count = count_rows(comments::table).filter(comments::post_id.eq(seeded.posts[0]));
    let (batched, sequential) = alternate(
        5_000,
        || async {
            db.batch((batch::one(&user), batch::one(&post), batch::one(&count))).await.unwrap();
        },
        || async {
            db.one(&user).await.unwrap();
            db.one(&post).await.unwrap();
            db.one(&count).await.unwrap();
        },
    )
    .await;
    println!(
        "three point reads: batch {batched:?}, one by one {sequential:?}, ratio {:.2}",
        ratio(sequential, batched)
    );

    // 1 000 rows, each its own new name and bio.
    let rows: Vec<NewUser> = (0..1_000).map(|i| NewUser::new(format!("u{i}"), format!("u{i}@example.com"))).collect();
    let ids: Vec<i32> = db.all(&insert(users::table).values_many(rows).returning_columns(users::id)).await?;
    let mut round = 0;
    let mut db = db;
    let mut spent = (Duration::ZERO, Duration::ZERO);
    for _ in 0..20 {
        round += 1;
        let values: Vec<(i32, (String, Option<String>))> =
            ids.iter().map(|&id| (id, (format!("n{round}-{id}"), Some(format!("bio {round}"))))).collect();
        let started = Instant::now();
        let changed =
            db.execute(&update(users::table).set_rows(users::id, (users::name, users::bio), values.clone())).await?;
        spent.0 += started.elapsed();
        assert_eq!(changed, 1_000);
        let started = Instant::now();
        db.transaction(async |tx| {
            for (id, (name, bio)) in &values {
                let one = update(users::table)
                    .set_column(users::name, name.as_str())
                    .set_column(users::bio, bio.clone().unwrap_or_default())
                    .filter(users::id.eq(*id));
                tx.execute(&one).await?;
            }
            Ok::<_, sleet::Error>(())
        })
        .await?;
        spent.1 += started.elapsed();
    }
    let (bulk, each) = (spent.0 / 20, spent.1 / 20);
    println!(
        "1 000-row update: set_rows {bulk:?}, 1 000 UPDATEs in a transaction {each:?}, ratio {:.1}",
        ratio(each, bulk)
    );
    Ok(())
}

fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64()
}
