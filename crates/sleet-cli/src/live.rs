//! Reading a live database for a subcommand: connect as users do, introspect with
//! views analysed by the SQL front end (as for `schema.sql`), on a runtime of its own.

use anyhow::{Context, Result};
use sleet_introspect::connect::{self, DatabaseUrl};
use sleet_introspect::Introspected;

/// The database at `url`, only `schemas` when given, without the migration journal
/// `settings` names (the runner's bookkeeping, not the application's schema).
pub fn read(url: &DatabaseUrl, schemas: Option<Vec<String>>, settings: &sleet_codegen::Config) -> Result<Introspected> {
    let (journal_schema, journal_table) = settings.journal_table();
    let leave_out = vec![sleet_catalog::QualifiedName::new(journal_schema, journal_table)];
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = connect::connect(url).await?;
        let options = sleet_introspect::Options { schemas, views: Some(sleet_codegen::infer_view), leave_out };
        sleet_introspect::introspect(&client, &options)
            .await
            .with_context(|| format!("reading the schema of {}", url.redacted()))
    })
}
