//! Reading a live database for a subcommand: connect as users do, introspect with
//! views analysed by the SQL front end (as for `schema.sql`), on a runtime of its own.

use anyhow::{Context, Result};
use sleet_introspect::connect::{self, DatabaseUrl};
use sleet_introspect::Introspected;

/// The database at `url`, only `schemas` when given.
pub fn read(url: &DatabaseUrl, schemas: Option<Vec<String>>) -> Result<Introspected> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = connect::connect(url).await?;
        let options = sleet_introspect::Options { schemas, views: Some(sleet_codegen::infer_view) };
        sleet_introspect::introspect(&client, &options)
            .await
            .with_context(|| format!("reading the schema of {}", url.redacted()))
    })
}
