//! sleet's differ measured against sqldef's psqldef suite: 838 cases, each a `current`
//! and a `desired` schema (`tests/psqldef/`, copied as published; see SOURCES.md
//! there). sqldef's own expected DDL (`up`, `down`) is ignored: sleet is judged on what
//! its migration does to a real database, not on its text.
//!
//! The oracle, per case:
//!
//! 1. **Skip**, with a reason, what does not apply here: a PostgreSQL version outside
//!    `min_version`/`max_version`; `flavor: pgvector` without the extension installed
//!    (a `!flavor` is an exclusion and runs); roles and privileges (`user`,
//!    `managed_roles`, `manage.privilege`), which sleet leaves alone by design; cases
//!    whose schemas differ in statements the SQL front end skips on purpose
//!    (functions, triggers, policies, grants…), which sleet leaves alone by design too;
//!    and offline cases in Aurora DSQL's dialect, which PostgreSQL does not parse.
//! 2. **Plan** without a database: both schemas through the SQL front end, the
//!    `-- @renamed from=` annotations of `desired`, and `diff(current, desired)`.
//! 3. **Migrate**: database A gets `current`, database B gets `desired` (statement by
//!    statement, as psql runs a file; if PostgreSQL rejects either, that is the
//!    failure). The up plan is applied to A one statement at a time; A must then equal
//!    B (both introspected). Diffing A's live Catalog against `desired` again must plan
//!    nothing — that is `sleet push` run twice. The down plan (`diff(desired, current)`
//!    with the renames inverted) is applied to A, which must then equal A as it was
//!    after loading `current`.
//! 4. **`error` cases** (sqldef expects a failure, such as a rename whose old column
//!    still exists) pass when sleet refuses before anything runs — the front end, the
//!    annotations or the differ — and fail when sleet plans something.
//!
//! Comparing two introspected Catalogs makes up for exactly one thing a migration
//! cannot do: PostgreSQL cannot reorder columns without recreating the table, and no
//! migration tool does, so a column a migration adds comes last wherever the schema
//! declares it. Columns of tables and fields of composites are therefore compared as
//! sets, and constraints, which the server lists in creation order, by name. Nothing
//! else is normalised (`psqldef_harness/sql.rs`).
//!
//! Every outcome — pass, fail with a one-line reason, skip with a reason — goes into
//! `tests/psqldef/results.md`, which is committed: the test fails when an outcome
//! changes, and says which case now passes or fails. `SLEET_BLESS=1` rewrites it.
//! `PSQLDEF_CASE=<substring>` runs only the cases whose `file / name` contains it and
//! prints everything (the plans, every difference), without the golden.
//!
//! Cases run two at a time (CI has two cores); each worker has two databases of its
//! own, emptied before each case and dropped at the end.

mod psqldef_harness;

use psqldef_harness::cases::{self, Case};
use psqldef_harness::oracle::{self, Server};
use psqldef_harness::results;
use psqldef_harness::Outcome;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Cases at a time.
const CONCURRENCY: usize = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sleet_migrates_psqldef_cases() {
    let started = Instant::now();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/psqldef");
    let mut cases = cases::load(&dir).unwrap_or_else(|e| panic!("reading psqldef's cases: {e}"));
    let only = std::env::var("PSQLDEF_CASE").ok().filter(|s| !s.is_empty());
    if let Some(only) = &only {
        cases.retain(|case| case.id().contains(only.as_str()));
        assert!(!cases.is_empty(), "no case's `file / name` contains PSQLDEF_CASE={only}");
    }
    let server = Server::probe().await.unwrap_or_else(|e| panic!("cannot ask the server what it offers: {e}"));
    eprintln!(
        "psqldef: {} cases on PostgreSQL {}.{}, pgvector {}",
        cases.len(),
        server.version[0],
        server.version[1],
        if server.has_vector { "available" } else { "not available" }
    );

    let outcomes = run_all(cases, Arc::new(server), only.is_some()).await;
    eprintln!("{}", results::table(&outcomes));
    eprintln!("psqldef: {} cases in {:.1?}", outcomes.len(), started.elapsed());
    if only.is_some() {
        return; // a debugging run: the golden holds every case, this run only some
    }

    let report = results::render(&outcomes);
    let path = dir.join("results.md");
    if std::env::var_os("SLEET_BLESS").is_some() {
        std::fs::write(&path, &report).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = match std::fs::read_to_string(&path) {
        Ok(text) => text.replace("\r\n", "\n"),
        Err(e) => panic!("{}: {e}; write it with `{}`", path.display(), results::BLESS),
    };
    if committed != report {
        let changes = results::changes(&committed, &report, &outcomes);
        panic!(
            "results.md differs from this run ({} changes):\n  {}\nif the change is intended, bless it: `{}`",
            changes.len(),
            changes.join("\n  "),
            results::BLESS
        );
    }
}

/// Runs every case, `CONCURRENCY` at a time, each in a task of its own (so that a panic
/// in sleet's asynchronous parts fails that case, not the suite); results sorted by
/// (file, case). With `verbose`, prints each case's details as it finishes.
async fn run_all(cases: Vec<Case>, server: Arc<Server>, verbose: bool) -> Vec<(Case, Outcome)> {
    let total = cases.len();
    let queue: Arc<Mutex<Vec<Case>>> = Arc::new(Mutex::new(cases.into_iter().rev().collect()));
    let finished = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (queue, server, finished) = (queue.clone(), server.clone(), finished.clone());
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            let databases = match oracle::Databases::create().await {
                Ok(databases) => Arc::new(databases),
                Err(why) => panic!("cannot create the worker's databases: {why}"),
            };
            loop {
                let next = {
                    let mut queue = queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    queue.pop()
                };
                let Some(case) = next else { break };
                let task = {
                    let (case, server, databases) = (case.clone(), server.clone(), databases.clone());
                    tokio::spawn(async move {
                        let mut detail = Vec::new();
                        let outcome = oracle::run(&case, &server, &databases, &mut detail).await;
                        (outcome, detail)
                    })
                };
                let (outcome, detail) = match task.await {
                    Ok(ran) => ran,
                    Err(e) if e.is_panic() => {
                        let why = oracle::panic_message(&*e.into_panic());
                        (Outcome::Fail(oracle::one_line(&format!("sleet panicked: {why}"), &[])), Vec::new())
                    }
                    Err(e) => (Outcome::Fail(format!("the case's task ended: {e}")), Vec::new()),
                };
                if verbose {
                    eprintln!("=== {}: {outcome}\n{}\n", case.id(), detail.join("\n"));
                }
                let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
                if !verbose && n % 100 == 0 {
                    eprintln!("psqldef: {n}/{total}");
                }
                done.push((case, outcome));
            }
            databases.drop_now().await;
            done
        }));
    }
    let mut outcomes = Vec::with_capacity(total);
    for worker in workers {
        match worker.await {
            Ok(done) => outcomes.extend(done),
            Err(e) => panic!("a worker of the psqldef suite stopped: {e}"),
        }
    }
    outcomes.sort_by(|(a, _), (b, _)| (&a.file, &a.name).cmp(&(&b.file, &b.name)));
    outcomes
}
