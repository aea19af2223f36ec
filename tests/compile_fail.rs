//! The type-level guarantees, proven by code that must not compile: each file in
//! `tests/ui` is one mistake, with the compiler's message next to it (`.stderr`).
//! `TRYBUILD=overwrite cargo test --test compile_fail` refreshes the messages.

#[test]
fn mistakes_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
