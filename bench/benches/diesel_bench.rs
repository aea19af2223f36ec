//! diesel_bench's four PostgreSQL workloads, every entry in one Criterion run.
//! `./run.sh` runs it; `cargo bench --bench diesel_bench -- <filter>` runs a part.
#![allow(missing_docs)] // criterion's macros generate undocumented items

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use sleet_bench::fixtures::BenchDatabase;
use sleet_bench::peers::*;
use sleet_bench::Bencher;
use std::time::Duration;

type Workload = fn(&mut Bencher<'_>, &str, usize);

/// `(entry name, workload)` pairs of one group, in diesel_bench's naming.
fn entries(group: &str) -> Vec<(&'static str, Workload)> {
    let entries = diesel_bench_entries(group);
    #[cfg(feature = "sqlx_macros")]
    let entries = {
        let mut entries = entries;
        entries.extend(match group {
            "bench_trivial_query" => vec![("sqlx_query_as_macro", sqlx_entry::trivial_macro as Workload)],
            "bench_medium_complex_query" => vec![("sqlx_query_as_macro", sqlx_entry::medium_macro as Workload)],
            "bench_insert" => vec![("sqlx_unnest", sqlx_entry::insert_unnest as Workload)],
            _ => vec![],
        });
        entries
    };
    entries
}

/// The entries diesel_bench has, plus the prepared tokio-postgres ones.
fn diesel_bench_entries(group: &str) -> Vec<(&'static str, Workload)> {
    match group {
        "bench_trivial_query" => vec![
            ("tokio_postgres_by_id", by_hand_async::trivial),
            ("sleet", sleet_entry::trivial),
            ("postgres_by_id", by_hand_sync::trivial),
            ("diesel", diesel_entry::trivial),
            ("diesel_async", diesel_async_entry::trivial),
            ("sqlx_query_from_row", sqlx_entry::trivial),
            ("sea-orm", sea_orm_entry::trivial),
        ],
        "bench_medium_complex_query" => vec![
            ("tokio_postgres_by_id", by_hand_async::medium),
            ("sleet", sleet_entry::medium),
            ("postgres_by_id", by_hand_sync::medium),
            ("diesel", diesel_entry::medium),
            ("diesel_async", diesel_async_entry::medium),
            ("sqlx_query_from_row", sqlx_entry::medium),
            ("sea-orm", sea_orm_entry::medium),
        ],
        "bench_insert" => vec![
            ("tokio_postgres", by_hand_async::insert),
            ("tokio_postgres_prepared", by_hand_async::insert_prepared),
            ("sleet", sleet_entry::insert),
            ("postgres", by_hand_sync::insert),
            ("diesel", diesel_entry::insert),
            ("diesel_async", diesel_async_entry::insert),
            ("sqlx", sqlx_entry::insert),
            ("sea-orm", sea_orm_entry::insert),
        ],
        _ => vec![
            ("tokio_postgres", by_hand_async::associations),
            ("tokio_postgres_prepared", by_hand_async::associations_prepared),
            ("sleet", sleet_entry::associations),
            ("postgres", by_hand_sync::associations),
            ("diesel", diesel_entry::associations),
            ("diesel_async", diesel_async_entry::associations),
            ("sqlx", sqlx_entry::associations),
            ("sea-orm", sea_orm_entry::associations),
            ("sea-orm_loader", sea_orm_entry::associations_loader),
        ],
    }
}

fn bench(c: &mut Criterion) {
    let database = BenchDatabase::create();
    let url = database.url().to_string();
    let groups: [(&str, &[usize]); 4] = [
        ("bench_trivial_query", &[1, 10, 100, 1_000, 10_000]),
        ("bench_medium_complex_query", &[1, 10, 100, 1_000, 10_000]),
        ("bench_loading_associations_sequentially", &[0]),
        ("bench_insert", &[1, 10, 25, 50, 100, 1_000]),
    ];
    for (name, sizes) in groups {
        let mut group = c.benchmark_group(name);
        for &size in sizes {
            for (entry, workload) in entries(name) {
                let id = if size == 0 { BenchmarkId::from_parameter(entry) } else { BenchmarkId::new(entry, size) };
                group.bench_with_input(id, &size, |b, &size| workload(b, &url, size));
            }
        }
        group.finish();
    }
}

fn config() -> Criterion {
    // Shorter than Criterion's defaults (100 samples, 3 s + 5 s) so that eight entries
    // over 17 cases finish in minutes; fixtures are rewritten for every sample.
    Criterion::default().sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = bench }
criterion_main!(benches);
