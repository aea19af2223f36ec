//! One module per entry, each exposing the four workloads with the same signature:
//! `(bench, database URL, size)`; [`entries`] lists them per workload, for both
//! harnesses.

pub mod by_hand_async;
pub mod by_hand_sync;
pub mod diesel_async_entry;
pub mod diesel_entry;
pub mod sea_orm_entry;
pub mod sleet_entry;
pub mod sleet_sqlx_entry;
pub mod sqlx_entry;

use crate::Bench;

/// One entry's workload: sets up (fixtures, connection), then times through `B`.
pub type Workload<B> = fn(&mut B, &str, usize);

/// diesel_bench's four workloads (its group names) and the sizes each runs at; size 0
/// is the association workload's single fixed size.
pub const GROUPS: [(&str, &[usize]); 4] = [
    ("bench_trivial_query", &[1, 10, 100, 1_000, 10_000]),
    ("bench_medium_complex_query", &[1, 10, 100, 1_000, 10_000]),
    ("bench_loading_associations_sequentially", &[0]),
    ("bench_insert", &[1, 10, 25, 50, 100, 1_000]),
];

/// `(entry name, workload)` pairs of one group, in diesel_bench's naming; the first is
/// the baseline ratios are taken against (hand-written tokio-postgres).
pub fn entries<B: Bench>(group: &str) -> Vec<(&'static str, Workload<B>)> {
    #[allow(unused_mut)] // only the sqlx_macros feature adds entries
    let mut entries = diesel_bench_entries(group);
    #[cfg(feature = "sqlx_macros")]
    entries.extend(match group {
        "bench_trivial_query" => Some(("sqlx_query_as_macro", sqlx_entry::trivial_macro as Workload<B>)),
        "bench_medium_complex_query" => Some(("sqlx_query_as_macro", sqlx_entry::medium_macro as Workload<B>)),
        "bench_insert" => Some(("sqlx_unnest", sqlx_entry::insert_unnest as Workload<B>)),
        _ => None,
    });
    entries
}

/// The entries diesel_bench has, plus the prepared tokio-postgres ones.
fn diesel_bench_entries<B: Bench>(group: &str) -> Vec<(&'static str, Workload<B>)> {
    match group {
        "bench_trivial_query" => vec![
            ("tokio_postgres_by_id", by_hand_async::trivial),
            ("sleet", sleet_entry::trivial),
            ("postgres_by_id", by_hand_sync::trivial),
            ("diesel", diesel_entry::trivial),
            ("diesel_async", diesel_async_entry::trivial),
            ("sqlx_query_from_row", sqlx_entry::trivial),
            ("sleet_sqlx", sleet_sqlx_entry::trivial),
            ("sea-orm", sea_orm_entry::trivial),
        ],
        "bench_medium_complex_query" => vec![
            ("tokio_postgres_by_id", by_hand_async::medium),
            ("sleet", sleet_entry::medium),
            ("postgres_by_id", by_hand_sync::medium),
            ("diesel", diesel_entry::medium),
            ("diesel_async", diesel_async_entry::medium),
            ("sqlx_query_from_row", sqlx_entry::medium),
            ("sleet_sqlx", sleet_sqlx_entry::medium),
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
            ("sleet_sqlx", sleet_sqlx_entry::insert),
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
            ("sleet_sqlx", sleet_sqlx_entry::associations),
            ("sea-orm", sea_orm_entry::associations),
            ("sea-orm_loader", sea_orm_entry::associations_loader),
        ],
    }
}
