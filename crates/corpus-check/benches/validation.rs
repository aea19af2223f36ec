//! What `validate()` costs per struct: the demo's `NewUser` (three checked columns)
//! and the golden `validation` case's `NewAccount` (every field set, sixteen checked
//! columns, a dozen check conjuncts with three regular expressions), valid and not.
//!
//! `cargo bench -p corpus-check --bench validation`

#![allow(missing_docs)] // criterion's macros generate undocumented items in this binary

use corpus_check::golden::validation::{NewAccount, Plan};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sleet::types::rust_decimal::Decimal;
use sleet::Validate;

#[allow(dead_code, unused_imports, unreachable_pub, clippy::all)]
#[rustfmt::skip]
#[path = "../../../generated/schema.rs"]
mod blog;

fn accounts() -> (NewAccount, NewAccount) {
    let valid = NewAccount::new("ann_1", "ann@example.io")
        .display_name(Some("Ann".to_string()))
        .country(Some("NZ".to_string()))
        .plan(Plan::Pro)
        .seats(12)
        .balance(Decimal::new(12_345, 2))
        .discount(Some(Decimal::new(1_250, 2)))
        .score(Some(0.75))
        .ratio(Some(2.5))
        .age(Some(41))
        .status("active".to_string())
        .verified(true)
        .phone(Some("555".to_string()))
        .website(Some("https://ann.io".to_string()))
        .bio(Some("Writes.".to_string()));
    let invalid = NewAccount { handle: "A!".into(), score: Some(3.0), ..valid.clone() }.seats(0);
    (valid, invalid)
}

fn validation(c: &mut Criterion) {
    let user = blog::NewUser::new("Alice", "alice@example.com").bio(Some("Runs the blog.".to_string()));
    assert!(user.validate().is_ok());
    let bad_user = blog::NewUser::new("  ", "not-an-email");
    assert!(bad_user.validate().is_err());
    let (account, bad_account) = accounts();
    assert!(account.validate().is_ok(), "{:?}", account.validate());
    assert!(bad_account.validate().is_err());
    let mut group = c.benchmark_group("validate");
    group.bench_function("NewUser, valid", |b| b.iter(|| black_box(&user).validate()));
    group.bench_function("NewUser, 2 violations", |b| b.iter(|| black_box(&bad_user).validate()));
    group.bench_function("NewAccount, valid", |b| b.iter(|| black_box(&account).validate()));
    group.bench_function("NewAccount, 4 violations", |b| b.iter(|| black_box(&bad_account).validate()));
    group.finish();
}

criterion_group!(benches, validation);
criterion_main!(benches);
