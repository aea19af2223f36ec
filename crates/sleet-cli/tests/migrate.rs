//! `sleet migrate` as users run it, against the real server: each test writes a
//! migrations folder, runs the binary (eight at once for the lock), and looks at the
//! database and the journal afterwards.

use sleet_test_support::FreshDatabase;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn sleet(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sleet"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .output()
        .expect("the sleet binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch project directory with these files (paths relative to it).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sleet-migrate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    std::fs::create_dir_all(dir.join("migrations")).unwrap();
    dir
}

/// One test's database and project, both removed at the end.
struct Setup {
    database: FreshDatabase,
    dir: PathBuf,
}

impl Setup {
    async fn new(name: &str, files: &[(&str, &str)]) -> Setup {
        let database = FreshDatabase::create(&format!("sleet_migrate_{name}"), "").await.unwrap();
        Setup { database, dir: project(name, files) }
    }

    fn sleet(&self, args: &[&str]) -> Output {
        sleet(&self.dir, &self.database.url, args)
    }

    /// `sleet` that must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.sleet(args);
        assert!(out.status.success(), "sleet {args:?} failed:\n{}{}", text(&out.stdout), text(&out.stderr));
        text(&out.stdout)
    }

    /// `sleet` that must fail with exit code 1; its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.sleet(args);
        assert_eq!(out.status.code(), Some(1), "sleet {args:?}:\n{}{}", text(&out.stdout), text(&out.stderr));
        text(&out.stderr)
    }

    fn write(&self, path: &str, contents: &str) {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// One text column of a query's rows.
    async fn column(&self, sql: &str) -> Vec<String> {
        let client = self.database.connect().await.unwrap();
        client.query(sql, &[]).await.unwrap().iter().map(|r| r.get::<_, String>(0)).collect()
    }

    /// The journal: `version:success:applied_steps` per row.
    async fn journal(&self) -> Vec<String> {
        self.column(
            "SELECT format('%s:%s:%s', version, success::text, applied_steps) FROM public._sleet_migrations ORDER BY version",
        )
        .await
    }

    async fn tables(&self) -> Vec<String> {
        self.column("SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1")
            .await
    }

    async fn finish(self) {
        // Drop does the work, also when an assertion fails first.
        drop(self);
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        self.database.drop_blocking();
    }
}

#[tokio::test]
async fn run_applies_pending_migrations_in_order_once_and_status_says_where_each_stands() {
    let setup = Setup::new(
        "run",
        &[
            (
                "migrations/20260101000000_users/up.sql",
                "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\n",
            ),
            ("migrations/20260101000000_users/down.sql", "DROP TABLE users;\n"),
            (
                "migrations/20260102000000_posts/up.sql",
                "CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users);\n",
            ),
            ("migrations/20260102000000_posts/down.sql", "DROP TABLE posts;\n"),
            ("migrations/README.md", "not a migration\n"),
        ],
    )
    .await;
    let status = setup.ok(&["migrate", "status"]);
    assert!(status.contains("20260101000000_users  pending") && status.contains("0 applied, 2 pending"), "{status}");

    let out = setup.ok(&["migrate", "run"]);
    let applied: Vec<&str> = out.lines().filter(|l| l.starts_with("applied ")).collect();
    assert_eq!(applied.len(), 2, "{out}");
    assert!(applied[0].contains("20260101000000_users") && applied[0].ends_with(" ms)"), "{out}");
    assert!(out.contains("2 migrations applied"), "{out}");
    assert_eq!(setup.tables().await, ["_sleet_migrations", "posts", "users"]);
    assert_eq!(setup.journal().await, ["20260101000000:true:1", "20260102000000:true:1"]);

    // Nothing new: nothing runs.
    assert!(setup.ok(&["migrate", "run"]).contains("nothing to apply: 2 of 2 migrations are applied"));

    // A new one runs alone; status lists each state.
    setup.write("migrations/20260103000000_tags/up.sql", "CREATE TABLE tags (name text);");
    assert!(setup.ok(&["migrate", "run"]).contains("1 migration applied"));
    let status = setup.ok(&["migrate", "status"]);
    assert!(status.contains("20260103000000_tags   applied  2"), "{status}");
    assert!(status.contains("3 applied, 0 pending, 0 needing attention"), "{status}");

    // The journal is the runner's bookkeeping: `pull` leaves it out of schema.sql.
    setup.ok(&["pull", "--out", "pulled.sql"]);
    let pulled = std::fs::read_to_string(setup.dir.join("pulled.sql")).unwrap();
    assert!(pulled.contains("CREATE TABLE tags") && !pulled.contains("_sleet_migrations"), "{pulled}");
    setup.finish().await;
}

#[tokio::test]
async fn eight_processes_at_once_apply_each_migration_exactly_once() {
    let mut files = vec![(
        "migrations/1_log/up.sql".to_string(),
        "CREATE TABLE log (version int NOT NULL, at timestamptz DEFAULT clock_timestamp());\nINSERT INTO log (version) VALUES (1);\n".to_string(),
    )];
    for v in 2..=5 {
        // Slow enough that every process starts while the first one migrates.
        files.push((
            format!("migrations/{v}_step/up.sql"),
            format!("SELECT pg_sleep(0.2);\nINSERT INTO log (version) VALUES ({v});\n"),
        ));
    }
    // An index built concurrently while seven others wait for the lock: with a blocking
    // lock call, a waiter's snapshot would stall it forever.
    files.push((
        "migrations/6_index/up.sql".to_string(),
        "-- sleet:no-transaction\nCREATE INDEX CONCURRENTLY log_version ON log (version);\nINSERT INTO log (version) VALUES (6);\n"
            .to_string(),
    ));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let setup = Setup::new("eight", &files).await;

    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_sleet"))
                .args(["migrate", "run", "--lock-timeout", "120"])
                .current_dir(&setup.dir)
                .env("DATABASE_URL", &setup.database.url)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut applied_lines = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a process failed:\n{}{}", text(&out.stdout), text(&out.stderr));
        applied_lines += text(&out.stdout).lines().filter(|l| l.starts_with("applied ")).count();
    }
    assert_eq!(applied_lines, 6, "each migration is reported applied by exactly one process");
    let log = setup.column("SELECT string_agg(version::text, ',' ORDER BY at) FROM log").await;
    assert_eq!(log, ["1,2,3,4,5,6"], "each migration ran once, in order");
    assert_eq!(setup.journal().await.len(), 6);
    let valid = setup.column("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'log_version'::regclass").await;
    assert_eq!(valid, ["true"]);
    setup.finish().await;
}

#[tokio::test]
async fn a_statement_that_fails_half_way_leaves_the_database_and_journal_as_they_were() {
    let setup = Setup::new("fails", &[("migrations/1_first/up.sql", "CREATE TABLE first (id int);\n")]).await;
    setup.ok(&["migrate", "run"]);
    setup.write(
        "migrations/2_second/up.sql",
        "CREATE TABLE second (id int);\nINSERT INTO second VALUES (1);\n\n-- the third statement fails\nINSERT INTO missing_table\n  VALUES (1);\nCREATE TABLE third (id int);\nINSERT INTO third VALUES (1);\n",
    );
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("migrations/2_second/up.sql:5: migration 2_second failed"), "{err}");
    assert!(err.contains("relation \"missing_table\" does not exist"), "{err}");
    assert!(err.contains("    INSERT INTO missing_table"), "the statement is shown: {err}");
    assert!(err.contains("rolled back"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(setup.tables().await, ["_sleet_migrations", "first"]);
    assert_eq!(setup.journal().await, ["1:true:1"]);

    // Fixed, it applies on the next run: a failed transactional migration needs no repair.
    setup.write("migrations/2_second/up.sql", "CREATE TABLE second (id int);\n");
    setup.ok(&["migrate", "run"]);
    assert_eq!(setup.journal().await, ["1:true:1", "2:true:1"]);
    setup.finish().await;
}

#[tokio::test]
async fn a_connection_killed_mid_migration_leaves_nothing_behind() {
    let setup = Setup::new(
        "killed",
        &[(
            "migrations/1_slow/up.sql",
            "CREATE TABLE made_before_the_kill (id int);\nINSERT INTO made_before_the_kill VALUES (1);\nSELECT pg_sleep(60);\nCREATE TABLE never (id int);\n",
        )],
    )
    .await;
    let child = Command::new(env!("CARGO_BIN_EXE_sleet"))
        .args(["migrate", "run"])
        .current_dir(&setup.dir)
        .env("DATABASE_URL", &setup.database.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let admin = setup.database.connect().await.unwrap();
    let mut killed = false;
    for _ in 0..200 {
        let n = admin
            .query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND query LIKE '%SELECT pg_sleep(60)' AND pid <> pg_backend_pid()",
                &[],
            )
            .await
            .unwrap()
            .len();
        if n > 0 {
            killed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(killed, "the migration's sleep was seen and its backend terminated");
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("migrations/1_slow/up.sql:3: migration 1_slow failed"), "{err}");
    assert!(err.contains("terminating connection"), "the server's message: {err}");
    assert_eq!(setup.tables().await, ["_sleet_migrations"], "nothing of the migration stayed");
    assert!(setup.journal().await.is_empty());
    // And a rerun applies it (the sleep is gone).
    setup.write("migrations/1_slow/up.sql", "CREATE TABLE made_before_the_kill (id int);\n");
    setup.ok(&["migrate", "run"]);
    assert_eq!(setup.journal().await, ["1:true:1"]);
    setup.finish().await;
}

#[tokio::test]
async fn no_transaction_migrations_run_step_by_step_fail_visibly_and_leave_no_invalid_index() {
    let setup = Setup::new(
        "notx",
        &[
            ("migrations/1_table/up.sql", "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (1);\nCREATE TYPE mood AS ENUM ('ok');\n"),
            (
                "migrations/2_index/up.sql",
                "-- sleet:no-transaction\nALTER TYPE mood ADD VALUE 'happy';\nCREATE TABLE uses_it (m mood DEFAULT 'happy');\nCREATE UNIQUE INDEX CONCURRENTLY t_x ON t (x);\nINSERT INTO t VALUES (2);\n",
            ),
        ],
    )
    .await;
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("migrations/2_index/up.sql:4: migration 2_index failed at statement 3 of 4"), "{err}");
    assert!(err.contains("could not create unique index \"t_x\""), "{err}");
    assert!(err.contains("statements 1 to 2 stayed applied"), "{err}");
    // The failed build's invalid index is gone; the first two statements stayed.
    assert!(setup.column("SELECT relname::text FROM pg_class WHERE relname = 't_x'").await.is_empty());
    assert_eq!(setup.tables().await, ["_sleet_migrations", "t", "uses_it"]);
    assert_eq!(setup.journal().await, ["1:true:3", "2:false:2"]);

    // A failed entry stops every run until repaired.
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("failed earlier after 2 of 4 statements") && err.contains("repair 2 --applied"), "{err}");
    let status = setup.ok(&["migrate", "status"]);
    assert!(status.contains("FAILED   after 2 of 4 statements"), "{status}");

    // The user undoes the applied part, fixes the data, and says so; an invalid index
    // left by a build killed elsewhere is dropped before the retry builds it.
    let client = setup.database.connect().await.unwrap();
    client.batch_execute("DROP TABLE uses_it").await.unwrap();
    assert!(client.batch_execute("CREATE UNIQUE INDEX CONCURRENTLY t_x ON t (x)").await.is_err());
    client.batch_execute("TRUNCATE t; INSERT INTO t VALUES (1)").await.unwrap();
    let invalid = setup.column("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_x'::regclass").await;
    assert_eq!(invalid, ["false"], "a failed build outside the runner leaves an invalid index");
    setup.write(
        "migrations/2_index/up.sql",
        "-- sleet:no-transaction\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\nCREATE TABLE uses_it (m mood DEFAULT 'happy');\nCREATE UNIQUE INDEX CONCURRENTLY t_x ON t (x);\nINSERT INTO t VALUES (2);\n",
    );
    assert!(setup.ok(&["migrate", "repair", "2", "--rolled-back"]).contains("removed from the journal"));
    setup.ok(&["migrate", "run"]);
    assert_eq!(setup.journal().await, ["1:true:3", "2:true:4"]);
    let valid = setup.column("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_x'::regclass").await;
    assert_eq!(valid, ["true"]);
    setup.finish().await;
}

#[tokio::test]
async fn edited_missing_and_out_of_order_migrations_are_refused_until_said_otherwise() {
    let setup = Setup::new(
        "tamper",
        &[
            ("migrations/10_a/up.sql", "CREATE TABLE a (id int);\r\n"),
            ("migrations/30_c/up.sql", "CREATE TABLE c (id int);\n"),
        ],
    )
    .await;
    setup.ok(&["migrate", "run"]);
    // CRLF → LF is not an edit.
    setup.write("migrations/10_a/up.sql", "CREATE TABLE a (id int);\n");
    assert!(setup.ok(&["migrate", "run"]).contains("nothing to apply"));

    // An edit is an error naming both hashes; accepting it is deliberate.
    setup.write("migrations/10_a/up.sql", "CREATE TABLE a (id bigint);\n");
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("migration 10_a was applied, but migrations/10_a/up.sql has changed since"), "{err}");
    assert!(err.contains("journal SHA-256 ") && err.contains(", file "), "{err}");
    assert!(setup.ok(&["migrate", "status"]).contains("EDITED"));
    setup.ok(&["migrate", "repair", "10", "--accept-edit"]);
    assert!(setup.ok(&["migrate", "run"]).contains("nothing to apply"));

    // A merged branch's older migration: refused by default, applied when allowed.
    setup.write("migrations/20_b/up.sql", "CREATE TABLE b (id int);\n");
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("migration 20_b is pending but older than the newest applied one (30_c)"), "{err}");
    assert!(err.contains("--allow-out-of-order"), "{err}");
    assert!(setup.ok(&["migrate", "status"]).contains("pending, older than the newest applied"));
    setup.ok(&["migrate", "run", "--allow-out-of-order"]);
    assert_eq!(setup.tables().await, ["_sleet_migrations", "a", "b", "c"]);

    // A deleted file: refused, then forgotten on purpose.
    std::fs::remove_dir_all(setup.dir.join("migrations/30_c")).unwrap();
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("migration 30_c is applied but not in the migrations folder"), "{err}");
    assert!(setup.ok(&["migrate", "status"]).contains("30_c  MISSING"));
    setup.ok(&["migrate", "repair", "30", "--rolled-back"]);
    assert!(setup.ok(&["migrate", "run"]).contains("nothing to apply"));
    setup.finish().await;
}

#[tokio::test]
async fn down_reverts_newest_first_and_checks_every_down_script_before_running_any() {
    let setup = Setup::new(
        "down",
        &[
            ("migrations/1_a/up.sql", "CREATE TABLE a (id int);"),
            ("migrations/1_a/down.sql", "DROP TABLE a;"),
            ("migrations/2_b/up.sql", "CREATE TABLE b (id int);"),
            ("migrations/3_c/up.sql", "CREATE TABLE c (id int);"),
            ("migrations/3_c/down.sql", "DROP TABLE c;"),
        ],
    )
    .await;
    setup.ok(&["migrate", "run"]);
    let out = setup.ok(&["migrate", "down"]);
    assert!(out.contains("reverted 3_c") && out.contains("1 migration reverted"), "{out}");
    assert_eq!(setup.tables().await, ["_sleet_migrations", "a", "b"]);

    // 2_b has no down.sql: going past it is refused before 2_b or anything else runs.
    let err = setup.fails(&["migrate", "down", "--to", "0"]);
    assert!(err.contains("migration 2_b has no down script: add migrations/2_b/down.sql"), "{err}");
    assert_eq!(setup.tables().await, ["_sleet_migrations", "a", "b"]);

    setup.write("migrations/2_b/down.sql", "DROP TABLE b;");
    let out = setup.ok(&["migrate", "down", "--to", "1"]);
    assert!(out.contains("reverted 2_b"), "{out}");
    assert_eq!(setup.journal().await, ["1:true:1"]);
    setup.ok(&["migrate", "run"]);
    let out = setup.ok(&["migrate", "down", "3"]);
    assert!(out.contains("3 migrations reverted"), "{out}");
    assert_eq!(setup.tables().await, ["_sleet_migrations"]);
    assert!(setup.ok(&["migrate", "down"]).contains("nothing to revert"));
    setup.finish().await;
}

#[tokio::test]
async fn sqlx_and_diesel_folders_run_as_they_are() {
    let setup = Setup::new(
        "layouts",
        &[
            // sqlx: simple and reversible files, with its no-transaction line.
            ("migrations/20240101000000_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n"),
            ("migrations/20240102000000_posts.up.sql", "CREATE TABLE posts (id bigint PRIMARY KEY);\n"),
            ("migrations/20240102000000_posts.down.sql", "DROP TABLE posts;\n"),
            (
                "migrations/20240103000000_idx.sql",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY posts_id ON posts (id);\n",
            ),
            // Diesel: a folder with metadata.toml asking for no transaction.
            (
                "migrations/2024-01-04-000000_tags/up.sql",
                "CREATE TABLE tags (id int);\nCREATE INDEX CONCURRENTLY tags_id ON tags (id);\n",
            ),
            ("migrations/2024-01-04-000000_tags/down.sql", "DROP TABLE tags;\n"),
            ("migrations/2024-01-04-000000_tags/metadata.toml", "run_in_transaction = false\n"),
        ],
    )
    .await;
    let out = setup.ok(&["migrate", "run"]);
    assert!(out.contains("4 migrations applied"), "{out}");
    assert_eq!(setup.tables().await, ["_sleet_migrations", "posts", "tags", "users"]);
    assert!(setup.ok(&["migrate", "down"]).contains("reverted 2024-01-04-000000_tags"));
    setup.finish().await;
}

#[tokio::test]
async fn bad_folders_and_journals_are_clear_errors_and_nothing_is_applied() {
    let setup = Setup::new("bad", &[("migrations/1_ok/up.sql", "CREATE TABLE ok (id int);")]).await;
    let cases: &[(&str, &str, &str)] = &[
        ("migrations/2_empty/up.sql", "-- nothing yet\n", "migrations/2_empty/up.sql: holds no SQL statement"),
        (
            "migrations/2_syntax/up.sql",
            "CREATE TABLE x (id int);\nCREAT TABLE y ();\n",
            "migrations/2_syntax/up.sql:2:1: syntax error",
        ),
        (
            "migrations/2_tx/up.sql",
            "BEGIN;\nCREATE TABLE x (id int);\nCOMMIT;\n",
            "BEGIN, COMMIT and ROLLBACK do not belong in a migration",
        ),
        (
            "migrations/2_cic/up.sql",
            "CREATE INDEX CONCURRENTLY i ON ok (id);\n",
            "cannot run inside a transaction: put `-- sleet:no-transaction`",
        ),
        ("migrations/2_psql/up.sql", "\\set ON_ERROR_STOP on\nCREATE TABLE x ();\n", "line 1: a psql meta-command"),
        ("migrations/01_again/up.sql", "CREATE TABLE x ();\n", "has the same version as"),
        ("migrations/x_noversion/up.sql", "CREATE TABLE x ();\n", "cannot tell its version"),
        ("migrations/3_noup/down.sql", "DROP TABLE x;\n", "a migration folder needs an up.sql"),
        ("migrations/4_binary.sql", "\u{0}\u{ff}", ""),
    ];
    for (path, contents, expected) in cases {
        let full = setup.dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        if path.ends_with("binary.sql") {
            std::fs::write(&full, [0xff_u8, 0xfe, 0x00]).unwrap();
        } else {
            std::fs::write(&full, contents).unwrap();
        }
        let err = setup.fails(&["migrate", "run"]);
        let expected = if expected.is_empty() { "cannot read migrations/4_binary.sql" } else { expected };
        assert!(err.contains(expected), "{path}: expected {expected:?} in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(setup.tables().await.is_empty(), "{path}: nothing applied, not even the journal");
        let top = Path::new(path).components().nth(1).unwrap();
        let top = setup.dir.join("migrations").join(top);
        if top.is_dir() {
            std::fs::remove_dir_all(top).unwrap()
        } else {
            std::fs::remove_file(top).unwrap()
        }
    }
    let err = setup.fails(&["migrate", "run", "--dir", "nowhere"]);
    assert!(err.contains("nowhere: cannot read the migrations folder") && err.contains("create it"), "{err}");

    // A journal table from a newer sleet, and a table that only has the journal's name.
    let client = setup.database.connect().await.unwrap();
    setup.ok(&["migrate", "run"]);
    client.batch_execute("COMMENT ON TABLE _sleet_migrations IS 'sleet migration journal, format 99'").await.unwrap();
    setup.write("migrations/5_more/up.sql", "CREATE TABLE more (id int);");
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("has format 99, newer than this sleet knows (1): upgrade sleet"), "{err}");
    client.batch_execute("COMMENT ON TABLE _sleet_migrations IS NULL").await.unwrap();
    let err = setup.fails(&["migrate", "run"]);
    assert!(err.contains("public._sleet_migrations exists but is not a sleet journal"), "{err}");
    assert_eq!(setup.tables().await, ["_sleet_migrations", "ok"], "5_more was not applied");
    setup.finish().await;
}

#[tokio::test]
async fn the_lock_waits_then_times_out_naming_the_holder() {
    let setup = Setup::new("lock", &[("migrations/1_a/up.sql", "CREATE TABLE a (id int);")]).await;
    let holder = setup.database.connect().await.unwrap();
    holder.batch_execute("SET application_name = 'another deploy'").await.unwrap();
    holder
        .batch_execute(
            "SELECT pg_advisory_lock(hashtextextended(current_database() || '/public._sleet_migrations', 0))",
        )
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let err = setup.fails(&["migrate", "run", "--lock-timeout", "1"]);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert!(err.contains("another process has held the migration lock") && err.contains("another deploy"), "{err}");
    assert!(setup.tables().await.is_empty());
    // (The test's runtime does not run while it waits for a process: unlock explicitly.)
    holder.batch_execute("SELECT pg_advisory_unlock_all()").await.unwrap();
    setup.ok(&["migrate", "run"]);
    setup.finish().await;
}

#[tokio::test]
async fn a_transaction_mode_pooler_is_refused_with_the_remedy() {
    let Some(binary) = sleet_test_support::find_pgbouncer() else {
        assert!(std::env::var_os("SLEET_REQUIRE_PGBOUNCER").is_none(), "pgbouncer is required but missing");
        eprintln!("skipped: pgbouncer is not installed (.ci/run installs it)");
        return;
    };
    let setup = Setup::new("pooler", &[("migrations/1_a/up.sql", "CREATE TABLE a (id int);")]).await;
    let server = sleet_test_support::server_url().await.unwrap();
    let bouncer = sleet_test_support::PgBouncer::start(&binary, &server).await;
    let url = bouncer.url(&setup.database.name);
    let out = sleet(&setup.dir, &url, &["migrate", "run"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("transaction-mode pooler") && err.contains("direct connection"), "{err}");
    assert!(setup.tables().await.is_empty());
    drop(bouncer);
    setup.finish().await;
}

#[test]
fn an_unreachable_database_from_dot_env_is_named_without_its_password() {
    let dir = project("unreachable", &[("migrations/1_a/up.sql", "CREATE TABLE a (id int);")]);
    // From a .env file, as sqlx-cli and drizzle-kit read it.
    std::fs::write(dir.join(".env"), "DATABASE_URL=postgres://app:s3cret@127.0.0.1:1/app\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sleet"))
        .args(["migrate", "run"])
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("127.0.0.1:1") && !err.contains("s3cret"), "named, password hidden: {err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_application_role_migrates_in_public_and_a_configured_journal_schema_is_made() {
    // An application role: no CREATE on the database, CREATE on schema public only.
    let setup = Setup::new("role", &[("migrations/1_a/up.sql", "CREATE TABLE a (id int);")]).await;
    let role = format!("sleet_app_{}", std::process::id());
    let admin = setup.database.connect().await.unwrap();
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN; GRANT USAGE, CREATE ON SCHEMA public TO {role}"
        ))
        .await
        .unwrap();
    let as_role = setup.database.url.replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
    assert_ne!(as_role, setup.database.url, "the URL names its user");
    let out = sleet(&setup.dir, &as_role, &["migrate", "run"]);
    let outcome = (out.status.success(), text(&out.stderr));
    // The role owns what it made: drop it with them before asserting.
    let owners = setup.column("SELECT tableowner::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").await;
    admin.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}")).await.unwrap();
    assert!(outcome.0, "{}", outcome.1);
    assert_eq!(owners, [role.clone(), role]);

    // A journal in a schema of its own, made on first run.
    setup.write("sleet.toml", "[migrations]\njournal_schema = \"ops\"\njournal_table = \"history\"\n");
    setup.ok(&["migrate", "run"]);
    let journal = setup.column("SELECT version FROM ops.history").await;
    assert_eq!(journal, ["1"]);
    setup.finish().await;
}
