//! diesel_bench's four PostgreSQL workloads, every entry in one Criterion run.
//! `./run.sh` runs it; `cargo bench --bench diesel_bench -- <filter>` runs a part.
#![allow(missing_docs)] // criterion's macros generate undocumented items

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use sleet_bench::fixtures::BenchDatabase;
use sleet_bench::peers::{entries, GROUPS};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let database = BenchDatabase::create();
    let url = database.url().to_string();
    for (name, sizes) in GROUPS {
        let mut group = c.benchmark_group(name);
        for &size in sizes {
            let names: Vec<&str> =
                entries::<criterion::Bencher<'_>>(name).into_iter().map(|(entry, _)| entry).collect();
            for (idx, entry) in names.into_iter().enumerate() {
                let id = if size == 0 { BenchmarkId::from_parameter(entry) } else { BenchmarkId::new(entry, size) };
                // Looked up per call: the bencher's lifetime is the call's own.
                group.bench_with_input(id, &size, |b, &size| entries(name)[idx].1(b, &url, size));
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
