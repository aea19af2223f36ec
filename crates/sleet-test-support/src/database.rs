//! A fresh database per user of the server (a test, the demo), so that tests run in
//! parallel and leave nothing behind.

use crate::server::{connect, server_url, with_database};
use tokio_postgres::Client;

/// A database created for one user of it (a test, the demo), dropped by [`FreshDatabase::drop_now`].
#[derive(Clone, Debug)]
pub struct FreshDatabase {
    /// Its name.
    pub name: String,
    /// A URL that connects to it.
    pub url: String,
    admin_url: String,
}

impl FreshDatabase {
    /// Creates `prefix_<unique>` on the server and applies `schema` to it.
    pub async fn create(prefix: &str, schema: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let admin_url = server_url().await?;
        let admin = connect(&admin_url).await?;
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("{prefix}_{}_{n}_{nanos}", std::process::id());
        admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).await?;
        let url = with_database(&admin_url, &name);
        let this = Self { name, url, admin_url };
        let client = connect(&this.url).await?;
        if let Err(e) = client.batch_execute(schema).await {
            this.drop_now().await;
            return Err(format!("applying the schema failed: {e}").into());
        }
        Ok(this)
    }

    /// Connects to it.
    pub async fn connect(&self) -> Result<Client, tokio_postgres::Error> {
        connect(&self.url).await
    }

    /// Drops it (after ending its other connections).
    pub async fn drop_now(&self) {
        if let Ok(admin) = connect(&self.admin_url).await {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)).await;
        }
    }

    /// [`drop_now`](Self::drop_now) from a `Drop` impl inside a test's runtime, which
    /// cannot block: on a thread and runtime of its own, waited for.
    pub fn drop_blocking(&self) {
        let database = self.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
                runtime.block_on(database.drop_now());
            }
        })
        .join();
    }
}
