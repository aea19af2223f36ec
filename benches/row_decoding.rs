//! Decoding cost alone, with no server in the loop: 10 000 `comments` rows (six columns:
//! int4 ×3, text, nullable int4, timestamptz) fetched once, then decoded into the
//! generated `Comment` by sleet (`decode_rows`, as its executors do) and by hand with
//! tokio-postgres's `Row::get`. Needs a PostgreSQL server (DATABASE_URL, else
//! 127.0.0.1:5432, else a throwaway cluster); creates its own database and drops it.
//! Run with `cargo bench --bench row_decoding`.
#![allow(missing_docs)] // criterion's macros generate undocumented items in this binary

use blog::schema::Comment;
use criterion::{criterion_group, criterion_main, Criterion};
use sleet_test_support::FreshDatabase;
use std::hint::black_box;
use support::{comment_by_hand, comment_rows, COMMENT_ROWS as ROWS};

mod support;

fn by_hand(rows: &[tokio_postgres::Row]) -> Vec<Comment> {
    rows.iter().map(comment_by_hand).collect()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let database =
        runtime.block_on(FreshDatabase::create("sleet_bench", blog::SCHEMA_SQL)).unwrap_or_else(|e| panic!("{e}"));
    let rows = runtime.block_on(async { comment_rows(&database.connect().await.unwrap()).await });
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
