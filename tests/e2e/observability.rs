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
    let _guard = tracing::subscriber::set_default(subscriber);
    crate::with_db(|db, _| async move {
        let secret = "very-secret@example.com";
        let found = db.optional(&from(users::table).filter(users::email.eq(secret))).await.unwrap();
        assert!(found.is_none());
    })
    .await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("sleet.query"), "{log}");
    assert!(log.contains("WHERE users.email = $1"), "{log}");
    assert!(log.contains("rows=0") && log.contains("elapsed_us="), "{log}");
    assert!(!log.contains("very-secret"), "parameter values are never recorded: {log}");
}
