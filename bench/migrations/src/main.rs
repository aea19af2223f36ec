//! Applies one folder of small migrations (sqlx's `<version>_<name>.sql` layout, which
//! both runners read) to a fresh database with three runners, interleaved round by
//! round, and prints the median time of each:
//!
//! - `raw`: each file in its own transaction with tokio-postgres (`BEGIN`, the file's
//!   text as one simple query, `COMMIT`): no journal, no lock, no checksum — the floor;
//! - `sleet`: `sleet::migrate::Migrator` on the folder as `sleet migrate run` reads it
//!   (parsed and split by the SQL parser, statement by statement, journal, lock);
//! - `sqlx`: `sqlx::migrate::Migrator` on the same folder, over a one-connection pool.
//!
//! `cargo run --release -- [MIGRATIONS] [ROUNDS]` (defaults 200 and 7); the server is
//! `DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/postgres`.

use sleet::migrate::{Migration, Migrator, Script, Statement};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let rounds: usize = args.next().map_or(Ok(7), |a| a.parse())?;
    let server = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let folder = write_folder(count)?;
    let admin = connect(&server).await?;

    let runners = ["raw", "sleet", "sqlx"];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); runners.len()];
    for round in 0..rounds {
        for (i, runner) in runners.iter().enumerate() {
            let name = format!("sleet_bench_migrate_{runner}_{round}");
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).await?;
            admin.batch_execute(&format!("CREATE DATABASE {name}")).await?;
            let url = with_database(&server, &name);
            let started = Instant::now();
            match *runner {
                "raw" => raw(&url, &folder).await?,
                "sleet" => sleet_runner(&url, &folder).await?,
                _ => sqlx_runner(&url, &folder).await?,
            }
            times[i].push(started.elapsed());
            check_applied(&url, count).await?;
            admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).await?;
        }
    }
    std::fs::remove_dir_all(&folder)?;

    let medians: Vec<Duration> = times.iter_mut().map(|t| median(t)).collect();
    println!("{count} migrations, {rounds} rounds, median of each runner (fresh database each time):\n");
    println!("| runner | total | per migration | overhead per migration over raw |");
    println!("|---|---:|---:|---:|");
    for (runner, total) in runners.iter().zip(&medians) {
        let per = total.as_secs_f64() * 1e3 / count as f64;
        let overhead = (total.as_secs_f64() - medians[0].as_secs_f64()) * 1e3 / count as f64;
        println!("| {runner} | {:.1} ms | {per:.3} ms | {overhead:+.3} ms |", total.as_secs_f64() * 1e3);
    }
    Ok(())
}

/// `count` migrations, each a table and a row: what a small real migration does.
fn write_folder(count: usize) -> Result<PathBuf, BoxError> {
    let dir = std::env::temp_dir().join(format!("sleet-bench-migrations-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    for n in 1..=count {
        let sql = format!(
            "CREATE TABLE t_{n} (id integer PRIMARY KEY, name text NOT NULL);\nINSERT INTO t_{n} VALUES (1, 'one');\n"
        );
        std::fs::write(dir.join(format!("{n:04}_table_{n}.sql")), sql)?;
    }
    Ok(dir)
}

async fn raw(url: &str, folder: &Path) -> Result<(), BoxError> {
    let client = connect(url).await?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.sort();
    for file in files {
        let sql = std::fs::read_to_string(file)?;
        client.batch_execute(&format!("BEGIN;\n{sql}\nCOMMIT;")).await?;
    }
    Ok(())
}

async fn sleet_runner(url: &str, folder: &Path) -> Result<(), BoxError> {
    let migrations = sleet_codegen::migrations::read_dir(folder)?
        .into_iter()
        .map(|m| {
            let statements = m.up.statements.iter().map(|s| Statement::new(s.span.clone())).collect();
            Migration::new(m.version, m.name, Script::new(m.up.path.display().to_string(), m.up.sql, statements))
        })
        .collect();
    let mut db = sleet::Db::new(connect(url).await?);
    Migrator::new(migrations)?.run(&mut db).await?;
    Ok(())
}

async fn sqlx_runner(url: &str, folder: &Path) -> Result<(), BoxError> {
    let migrator = sqlx::migrate::Migrator::new(folder).await?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await?;
    migrator.run(&pool).await?;
    pool.close().await;
    Ok(())
}

/// Every runner must have made every table.
async fn check_applied(url: &str, count: usize) -> Result<(), BoxError> {
    let client = connect(url).await?;
    let made: i64 = client
        .query_one("SELECT count(*) FROM pg_class WHERE relname LIKE 't\\_%' AND relkind = 'r'", &[])
        .await?
        .get(0);
    if made != i64::try_from(count)? {
        return Err(format!("{url}: {made} tables made, {count} expected").into());
    }
    Ok(())
}

async fn connect(url: &str) -> Result<tokio_postgres::Client, BoxError> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// The server URL with another database.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
