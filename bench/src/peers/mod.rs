//! One module per entry, each exposing the four workloads with the same signature:
//! `(bencher, database URL, size)`.

pub mod by_hand_async;
pub mod by_hand_sync;
pub mod diesel_async_entry;
pub mod diesel_entry;
pub mod sea_orm_entry;
pub mod sleet_entry;
pub mod sqlx_entry;
