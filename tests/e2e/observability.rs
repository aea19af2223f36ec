//! Every query runs in a `sleet.query` span with its SQL and timing, and parameter
//! values never appear in it.

use blog::schema::users;
use sleet::prelude::*;
use std::sync::{Arc, Mutex};

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn queries_emit_spans_with_sql_and_duration_but_no_values() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // Process-wide: a thread-local default races with tracing's callsite cache while the
    // other tests of this binary run in parallel. Other tests' spans land here too.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
    crate::with_db(|db, _| async move {
        let secret = "very-secret@example.com";
        let found = db.optional(&from(users::table).filter(users::email.eq(secret))).await.unwrap();
        assert!(found.is_none());
    })
    .await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("sleet.query"), "{log}");
    let ours = log.lines().find(|l| l.contains("WHERE users.email = $1")).unwrap_or_else(|| panic!("{log}"));
    assert!(ours.contains("rows=0") && ours.contains("elapsed_us="), "{ours}");
    assert!(!log.contains("very-secret"), "parameter values are never recorded: {log}");
}
