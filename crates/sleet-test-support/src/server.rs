//! Reaching PostgreSQL: `DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/postgres`,
//! else a throwaway cluster started with `initdb`/`pg_ctl` from PATH, else an error that
//! says how to get PostgreSQL.

use std::process::Command;
use std::sync::OnceLock;
use tokio_postgres::{Client, NoTls};

/// The server address tried when `DATABASE_URL` is not set.
pub const FALLBACK_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// What went wrong reaching PostgreSQL, with the remedy.
#[derive(Debug)]
pub struct Unavailable(pub String);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unavailable {}

/// Connects and drives the connection in the background.
pub async fn connect(url: &str) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// The URL of a server that answers: `DATABASE_URL`, the fallback, or a throwaway
/// cluster started for this process.
pub async fn server_url() -> Result<String, Unavailable> {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        return match connect(&url).await {
            Ok(_) => Ok(url),
            Err(e) => Err(Unavailable(format!(
                "cannot connect to DATABASE_URL ({}): {e}; check that the server runs and the URL is right",
                redact(&url)
            ))),
        };
    }
    if connect(FALLBACK_URL).await.is_ok() {
        return Ok(FALLBACK_URL.to_string());
    }
    static CLUSTER: OnceLock<Result<String, String>> = OnceLock::new();
    let started = CLUSTER.get_or_init(|| {
        std::thread::spawn(start_throwaway_cluster)
            .join()
            .unwrap_or_else(|_| Err("the cluster starter panicked".into()))
    });
    match started {
        Ok(url) => Ok(url.clone()),
        Err(why) => Err(Unavailable(format!(
            "no PostgreSQL server answers: DATABASE_URL is not set, nothing listens at {FALLBACK_URL}, and a throwaway cluster could not be started ({why}). \
             Install PostgreSQL (e.g. `apt-get install postgresql`) and start it, or set DATABASE_URL to a server you can create databases on"
        ))),
    }
}

/// The URL with its password (all of the user part) hidden, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// Starts a cluster in a temporary directory with `initdb` and `pg_ctl`. A watchdog
/// process stops it and removes the directory when this process exits. As root, the
/// tools run as the `postgres` user (initdb refuses to run as root).
fn start_throwaway_cluster() -> Result<String, String> {
    let pid = std::process::id();
    let dir = std::env::temp_dir().join(format!("sleet-pg-{pid}"));
    let data = dir.join("data");
    let port = 55432 + u16::try_from(pid % 1000).unwrap_or(0);
    let as_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let tool = |name: &str| {
        let mut cmd = if as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", name]);
            c
        } else {
            Command::new(name)
        };
        cmd.env_remove("PGDATA");
        cmd
    };
    let run = |mut cmd: Command| -> Result<(), String> {
        let out = cmd.output().map_err(|e| format!("{:?}: {e}", cmd.get_program()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{:?} failed: {}",
                cmd.get_args().collect::<Vec<_>>(),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    if as_root {
        run({
            let mut c = Command::new("chown");
            c.arg("postgres").arg(&dir);
            c
        })?;
    }
    let mut initdb = tool("initdb");
    initdb.arg("-D").arg(&data).args(["-U", "postgres", "--auth=trust", "-E", "UTF8"]);
    run(initdb)?;
    let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1", dir.display());
    let mut start = tool("pg_ctl");
    start.arg("-D").arg(&data).args(["-o", &options, "-w", "-l"]).arg(dir.join("log")).arg("start");
    run(start)?;
    spawn_watchdog(pid, &data, &dir, as_root)?;
    Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
}

/// Stops the cluster and removes its directory once process `pid` has exited, so a
/// run leaves nothing behind even when it panics.
fn spawn_watchdog(pid: u32, data: &std::path::Path, dir: &std::path::Path, as_root: bool) -> Result<(), String> {
    let pg_ctl = if as_root { "runuser -u postgres -- pg_ctl" } else { "pg_ctl" };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {pg_ctl} -D '{}' -m immediate stop >/dev/null 2>&1; rm -rf '{}'",
        data.display(),
        dir.display()
    );
    Command::new("sh").args(["-c", &script]).spawn().map(|_| ()).map_err(|e| format!("sh: {e}"))
}

/// The same server URL with another database name.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}
