//! The migration runner in the application: the demo's `migrations/`, embedded by
//! build.rs into `generated/migrations.rs`, applied through each executor the queries
//! use (tokio-postgres, a deadpool client, the blocking driver), reverted, and refused
//! behind a transaction-mode pooler.

use blog::migrations;
use sleet::migrate::{DownTo, Progress, State};
use sleet::Db;
use sleet_test_support::FreshDatabase;
use std::path::Path;
use std::sync::{Arc, Mutex};

async fn empty_database(name: &str) -> FreshDatabase {
    FreshDatabase::create(name, "").await.unwrap_or_else(|e| panic!("{e}"))
}

async fn tables(db: &Db<tokio_postgres::Client>) -> Vec<String> {
    let rows = db
        .client()
        .query(
            "SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
            &[],
        )
        .await
        .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

#[test]
fn the_migrations_folder_builds_the_schema_sql_describes() {
    // Until `sleet migrate check` lands with the differ: the folder replayed through the
    // SQL front end is the same Catalog as schema.sql, so generated code fits both.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (replayed, _) = sleet_codegen::load(&root.join("migrations")).unwrap();
    let (declared, _) = sleet_codegen::load(&root.join("schema.sql")).unwrap();
    let differences = sleet_test_support::catalog_diff(&replayed, &declared);
    assert!(differences.is_empty(), "migrations/ and schema.sql disagree:\n{}", differences.join("\n"));
}

#[tokio::test]
async fn embedded_migrations_apply_once_revert_and_apply_again_on_tokio_postgres() {
    let database = empty_database("sleet_migrate_tokio").await;
    let mut db = Db::new(database.connect().await.unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let migrator = migrations::migrator().unwrap().on_progress(move |p| {
        if let Progress::Applied(m, _) | Progress::Reverted(m, _) = p {
            log.lock().unwrap().push(m.name().to_string());
        }
    });
    let ran = migrator.run(&mut db).await.unwrap();
    let names: Vec<&str> = ran.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["users_and_posts", "tags_and_comments", "posts_author_index", "input_rules"]);
    assert_eq!(seen.lock().unwrap().len(), 4, "progress reported each migration");
    // The schema is the one the generated code was made for: the seed and a read work.
    blog::seed::seed(&db).await.unwrap();
    assert!(migrator.run(&mut db).await.unwrap().is_empty(), "a second run applies nothing");
    let statuses = migrator.status(&mut db).await.unwrap();
    assert!(statuses.iter().all(|s| s.state == State::Applied), "{statuses:?}");

    let reverted = migrator.down(&mut db, DownTo::Version("0".into())).await.unwrap();
    assert_eq!(reverted.len(), 4);
    assert_eq!(tables(&db).await, ["_sleet_migrations"]);
    assert_eq!(migrator.run(&mut db).await.unwrap().len(), 4, "down then up again");
    database.drop_now().await;
}

#[tokio::test]
async fn a_deadpool_client_runs_the_same_migrations() {
    let database = empty_database("sleet_migrate_pool").await;
    let manager = deadpool_postgres::Manager::new(database.url.parse().unwrap(), tokio_postgres::NoTls);
    let pool = deadpool_postgres::Pool::builder(manager).max_size(2).build().unwrap();
    let mut db = Db::new(pool.get().await.unwrap());
    let migrator = migrations::migrator().unwrap();
    assert_eq!(migrator.run(&mut db).await.unwrap().len(), 4);
    assert_eq!(migrator.down(&mut db, DownTo::Last(1)).await.unwrap()[0].name, "input_rules");
    let statuses = migrator.status(&mut db).await.unwrap();
    assert_eq!(statuses.last().unwrap().state, State::Pending);
    drop(db);
    database.drop_now().await;
}

#[test]
fn the_blocking_driver_runs_the_same_migrations() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(empty_database("sleet_migrate_blocking"));
    let url = database.url.clone();
    // The blocking driver must not run inside an async runtime: a thread of its own.
    let outcome = std::thread::spawn(move || {
        let mut db = sleet::exec::blocking::Db::connect(&url, tokio_postgres::NoTls).unwrap();
        let migrator = migrations::migrator().unwrap();
        let applied = migrator.run_blocking(&mut db).unwrap().len();
        let again = migrator.run_blocking(&mut db).unwrap().len();
        let reverted = migrator.down_blocking(&mut db, DownTo::Last(2)).unwrap().len();
        let pending = migrator.status_blocking(&mut db).unwrap().iter().filter(|s| s.state == State::Pending).count();
        (applied, again, reverted, pending)
    })
    .join();
    runtime.block_on(database.drop_now());
    assert_eq!(outcome.unwrap(), (4, 0, 2, 2));
}

#[tokio::test]
async fn behind_a_transaction_mode_pooler_the_runner_refuses_and_applies_nothing() {
    let Some(binary) = sleet_test_support::find_pgbouncer() else {
        assert!(std::env::var_os("SLEET_REQUIRE_PGBOUNCER").is_none(), "pgbouncer is required but missing");
        eprintln!("skipped: pgbouncer is not installed (apt-get install pgbouncer)");
        return;
    };
    let database = empty_database("sleet_migrate_pooler").await;
    let bouncer = sleet_test_support::PgBouncer::start(&binary, &sleet_test_support::server_url().await.unwrap()).await;
    let mut pooled = Db::new(bouncer.connect(&database.name).await);
    let err = migrations::migrator().unwrap().run(&mut pooled).await.unwrap_err();
    assert!(matches!(err, sleet::migrate::MigrateError::Pooler), "{err}");
    assert!(err.to_string().contains("direct connection"), "{err}");
    let direct = Db::new(database.connect().await.unwrap());
    assert!(tables(&direct).await.is_empty(), "nothing applied, not even the journal");
    drop(bouncer);
    database.drop_now().await;
}
