//! Decoding cost alone, with no server in the loop: 10 000 `comments` rows (six columns:
//! int4 ×3, text, nullable int4, timestamptz) fetched once, then decoded into the
//! generated `Comment` by sleet (`decode_rows`, as its executors do) and by hand with
//! tokio-postgres's `Row::get`. Needs a PostgreSQL server (DATABASE_URL, else
//! 127.0.0.1:5432, else a throwaway cluster); creates its own database and drops it.
//! Run with `cargo bench --bench row_decoding`.
#![allow(missing_docs)] // criterion's macros generate undocumented items in this binary

use blog::database::FreshDatabase;
use blog::schema::Comment;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const ROWS: i32 = 10_000;

fn by_hand(rows: &[tokio_postgres::Row]) -> Vec<Comment> {
    rows.iter()
        .map(|r| Comment {
            id: r.get(0),
            post_id: r.get(1),
            author_id: r.get(2),
            body: r.get(3),
            parent_id: r.get(4),
            created_at: r.get(5),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let database =
        runtime.block_on(FreshDatabase::create("sleet_bench", blog::SCHEMA_SQL)).unwrap_or_else(|e| panic!("{e}"));
    let rows = runtime.block_on(async {
        let client = database.connect().await.unwrap();
        client
            .batch_execute(&format!(
                "INSERT INTO users (name, email) VALUES ('u', 'u@bench.test');
                 INSERT INTO posts (title, slug, author_id) VALUES ('t', 's', 1);
                 INSERT INTO comments (post_id, author_id, body, parent_id)
                     SELECT 1, 1, 'comment ' || i, NULLIF(i % 2, 0) FROM generate_series(1, {ROWS}) AS i;"
            ))
            .await
            .unwrap();
        let sql = "SELECT id, post_id, author_id, body, parent_id, created_at FROM comments ORDER BY id";
        client.query(sql, &[]).await.unwrap()
    });
    assert_eq!(sleet::decode_rows::<Comment, _>(&rows).unwrap(), by_hand(&rows));

    let mut group = c.benchmark_group(format!("decode {ROWS} comments rows"));
    group.bench_function("tokio-postgres Row::get by hand", |b| b.iter(|| by_hand(black_box(&rows))));
    group.bench_function("sleet decode_rows", |b| {
        b.iter(|| sleet::decode_rows::<Comment, _>(black_box(&rows)).unwrap())
    });
    group.finish();
    drop(rows);
    runtime.block_on(database.drop_now());
}

criterion_group!(benches, bench);
criterion_main!(benches);
