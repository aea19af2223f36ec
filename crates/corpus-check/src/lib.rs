//! Code generated from every schema of the corpus (see `build.rs`). That this crate
//! builds warning-free under `-D warnings` is the test.

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
