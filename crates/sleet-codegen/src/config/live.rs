//! Generating from a live database, when asked: the live front end reads it (views
//! analysed by the SQL front end, as for `schema.sql`), on a runtime of its own since
//! `build.rs` is not async.

use crate::error::{Error, Result};
use crate::report::{Note, Report};
use sleet_catalog::Catalog;
use sleet_introspect::connect::{connect, DatabaseUrl};

/// The database at `url` as a Catalog, with what the live front end noted.
pub(super) fn load(url: &str, origin: &'static str, journal: (&str, &str)) -> Result<(Catalog, Report)> {
    let url = DatabaseUrl::given(url, origin);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Database { message: format!("cannot start a runtime: {e}") })?;
    let live = runtime.block_on(async {
        let client = connect(&url).await.map_err(|e| Error::Database { message: e.to_string() })?;
        let options = sleet_introspect::Options {
            schemas: None,
            views: Some(crate::infer_view),
            leave_out: vec![sleet_catalog::QualifiedName::new(journal.0, journal.1)],
        };
        sleet_introspect::introspect(&client, &options)
            .await
            .map_err(|e| Error::Database { message: format!("reading {}: {e}", url.redacted()) })
    })?;
    let notes = live.notes.iter().map(|n| Note::FromDatabase { note: n.to_string() }).collect();
    Ok((live.catalog, Report { notes, ..Report::default() }))
}
