//! A TCP proxy in front of the server that shows whether statements were pipelined:
//! once armed, it holds the server's answers from the `from`-th to the `until`-th
//! `Execute` message the client sends (counted from arming). A client that waits for
//! each answer before sending the next statement never sends the later ones, so its
//! answers never come: the test sees a timeout instead of rows, without measuring
//! time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// The proxy's shared state.
#[derive(Debug, Default)]
struct Counts {
    /// `Execute` messages seen since arming.
    executes: AtomicUsize,
    /// Held from this count on (0: not armed)…
    from: AtomicUsize,
    /// …until this count is reached.
    until: AtomicUsize,
    changed: Notify,
}

impl Counts {
    fn holding(&self) -> bool {
        let (n, from) = (self.executes.load(Ordering::SeqCst), self.from.load(Ordering::SeqCst));
        from > 0 && n >= from && n < self.until.load(Ordering::SeqCst)
    }
}

/// The proxy: connect to [`url`](Self::url) instead of the server.
#[derive(Debug)]
pub struct PipelineGate {
    url: String,
    counts: Arc<Counts>,
}

impl PipelineGate {
    /// Starts a proxy to the database of `url` (a TCP host, trust authentication),
    /// for one client connection.
    pub async fn start(url: &str) -> std::io::Result<Self> {
        let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_string());
        let config: tokio_postgres::Config = url.parse().map_err(|_| invalid("not a connection URL"))?;
        let Some(tokio_postgres::config::Host::Tcp(host)) = config.get_hosts().first() else {
            return Err(invalid("the proxy reaches the server over TCP only"));
        };
        let server = format!("{host}:{}", config.get_ports().first().copied().unwrap_or(5432));
        let (user, database) = (config.get_user().unwrap_or("postgres"), config.get_dbname().unwrap_or("postgres"));
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let counts = Arc::new(Counts::default());
        let shared = Arc::clone(&counts);
        tokio::spawn(async move {
            let Ok((client, _)) = listener.accept().await else { return };
            let Ok(server) = TcpStream::connect(&server).await else { return };
            let (client_read, client_write) = client.into_split();
            let (server_read, server_write) = server.into_split();
            tokio::spawn(client_to_server(client_read, server_write, Arc::clone(&shared)));
            server_to_client(server_read, client_write, shared).await;
        });
        let url = format!("postgres://{user}@127.0.0.1:{port}/{database}?sslmode=disable");
        Ok(Self { url, counts })
    }

    /// The URL to connect to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// From now on, holds the answers once the `from`-th `Execute` arrives until the
    /// `until`-th does (`from` counts from 1).
    pub fn arm(&self, from: usize, until: usize) {
        self.counts.executes.store(0, Ordering::SeqCst);
        self.counts.until.store(until, Ordering::SeqCst);
        self.counts.from.store(from, Ordering::SeqCst);
        self.counts.changed.notify_waiters();
    }

    /// Stops holding anything.
    pub fn disarm(&self) {
        self.counts.from.store(0, Ordering::SeqCst);
        self.counts.changed.notify_waiters();
    }
}

/// Forwards the client's bytes, counting `Execute` messages (after the startup
/// message, every message is a type byte and a length that counts itself).
async fn client_to_server(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    counts: Arc<Counts>,
) {
    let mut pending = Vec::new();
    let mut started = false;
    let mut buffer = [0u8; 8192];
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
        pending.extend_from_slice(&buffer[..n]);
        loop {
            let header = if started { 5 } else { 4 };
            if pending.len() < header {
                break;
            }
            let at = header - 4;
            let length = u32::from_be_bytes([pending[at], pending[at + 1], pending[at + 2], pending[at + 3]]) as usize;
            let total = at + length;
            if pending.len() < total {
                break;
            }
            if started && pending[0] == b'E' {
                counts.executes.fetch_add(1, Ordering::SeqCst);
                counts.changed.notify_waiters();
            }
            started = true;
            pending.drain(..total);
        }
    }
}

/// Forwards the server's bytes, except while the gate holds them.
async fn server_to_client(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    counts: Arc<Counts>,
) {
    let mut buffer = [0u8; 8192];
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        loop {
            let changed = counts.changed.notified();
            if !counts.holding() {
                break;
            }
            changed.await;
        }
        if to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
    }
}
