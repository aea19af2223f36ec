//! One case through the oracle that `tests/psqldef.rs` describes: skip or run, plan
//! with sleet, apply to a real database, compare with the schema loaded directly.
//! Nothing a case holds can panic here: bad SQL, a refusal or a panic inside sleet
//! all become an [`Outcome`].

use super::cases::Case;
use super::sql;
use super::Outcome;
use sleet_catalog::Catalog;
use sleet_codegen::Report;
use sleet_migrate::diff::{diff, Plan, Rename};
use sleet_test_support::{catalog_diff, FreshDatabase};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use tokio_postgres::Client;

/// Views analysed by the SQL front end, as `sleet pull` does.
const OPTIONS: sleet_introspect::Options =
    sleet_introspect::Options { schemas: None, views: Some(sleet_codegen::infer_view), leave_out: Vec::new() };

const ROLES: &str = "roles and privileges: sleet does not manage them (left alone by design)";
const NO_VECTOR: &str = "needs the pgvector extension, not installed here";
const NOT_POSTGRESQL: &str =
    "not PostgreSQL syntax: PostgreSQL's parser rejects the schema (sqldef's own parser accepts it)";
const OFFLINE_DIALECT: &str = "Aurora DSQL syntax, which PostgreSQL does not parse (sqldef checks it offline)";

/// Longest failure reason results.md holds; the details are in `PSQLDEF_CASE` mode.
const REASON_CHARS: usize = 200;

/// What the server offers, read once.
#[derive(Debug)]
pub struct Server {
    /// Major and minor version.
    pub version: [u32; 2],
    /// Whether the pgvector extension can be created.
    pub has_vector: bool,
}

impl Server {
    /// Asks the server the tests use.
    pub async fn probe() -> Result<Server, String> {
        let url = sleet_test_support::server_url().await.map_err(|e| e.to_string())?;
        let client = sleet_test_support::connect(&url).await.map_err(|e| e.to_string())?;
        let row = client
            .query_one("SELECT current_setting('server_version_num')", &[])
            .await
            .map_err(|e| server_error(&e))?;
        let number: String = row.try_get(0).map_err(|e| e.to_string())?;
        let number: u32 = number.trim().parse().map_err(|e| format!("server_version_num {number}: {e}"))?;
        // Since PostgreSQL 10 the version has two parts (150004 is 15.4); before, three.
        let version =
            if number >= 100_000 { [number / 10_000, number % 10_000] } else { [number / 10_000, number / 100 % 100] };
        let vector = client
            .query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'", &[])
            .await
            .map_err(|e| server_error(&e))?;
        Ok(Server { version, has_vector: !vector.is_empty() })
    }
}

/// Why sleet made no plan: it refused (an error, which an `error` case expects), or it
/// panicked (a bug, never what a case expects).
enum Refusal {
    Refused(String),
    Panicked(String),
}

impl Refusal {
    fn text(self) -> String {
        match self {
            Refusal::Refused(text) | Refusal::Panicked(text) => text,
        }
    }
}

/// Runs one of sleet's synchronous stages, turning its error into a refusal and a
/// panic into a panic report, so that one case cannot stop the suite.
fn attempt<T, E: std::fmt::Display>(stage: &str, f: impl FnOnce() -> Result<T, E>) -> Result<T, Refusal> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(Refusal::Refused(format!("{stage}: {e}"))),
        Err(payload) => Err(Refusal::Panicked(format!("sleet panicked ({stage}): {}", panic_message(&*payload)))),
    }
}

/// The message a panic carried.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// What sleet makes of a case without a database.
struct Planned {
    current: Catalog,
    desired: Catalog,
    up: Plan,
}

fn plan(
    current: Result<(Catalog, Report), Refusal>,
    desired: Result<(Catalog, Report), Refusal>,
    renames: Result<Vec<Rename>, Refusal>,
) -> Result<Planned, Refusal> {
    let ((current, _), (desired, _), renames) = (current?, desired?, renames?);
    let up = attempt("the differ refuses the up migration", || diff(&current, &desired, &renames))?;
    Ok(Planned { current, desired, up })
}

/// The case's outcome; `detail` collects what `PSQLDEF_CASE` mode prints (the plans,
/// every difference, the untruncated reason).
pub async fn run(case: &Case, server: &Server, databases: &Databases, detail: &mut Vec<String>) -> Outcome {
    if let Some(reason) = skip_reason(case, server) {
        return Outcome::Skip(reason);
    }
    let front_end =
        |stage: &str, file: &str, text: &str| attempt(stage, || sleet_codegen::load_sources([(Path::new(file), text)]));
    let current = front_end("the front end rejects current", "current.sql", &case.current);
    let desired = front_end("the front end rejects desired", "desired.sql", &case.desired);
    if let (Ok((_, before)), Ok((_, after))) = (&current, &desired) {
        let changed = sql::left_alone_changes(&case.current, before, &case.desired, after);
        if !changed.is_empty() {
            return Outcome::Skip(format!("changes {}, which sleet leaves alone by design", changed.join(", ")));
        }
    }
    let renames = attempt("the annotations do not read", || sleet_migrate::annotations::renames(&case.desired));
    let planned = plan(current, desired, renames);
    if let Ok(planned) = &planned {
        detail.push(format!("up, as sleet plans it:\n{}", planned.up.to_sql()));
    }

    if let Some(expected) = &case.error {
        // sqldef expects a failure: sleet passes by refusing before anything runs.
        return match planned {
            Err(Refusal::Refused(why)) => {
                detail.push(format!("refused, as expected: {why}"));
                Outcome::Pass
            }
            Err(Refusal::Panicked(why)) => Outcome::Fail(one_line(&why, &[])),
            Ok(planned) => Outcome::Fail(one_line(
                &format!(
                    "sqldef expects an error ({}), sleet planned: {}",
                    expected.trim(),
                    planned.up.statements().next().unwrap_or("nothing")
                ),
                &[],
            )),
        };
    }

    if let Err(why) = databases.reset().await {
        return Outcome::Fail(one_line(&format!("cannot empty the databases: {why}"), &[]));
    }
    let names = [databases.a.name.clone(), databases.b.name.clone()];
    let result = on_databases(databases, case, planned, detail).await;
    match result {
        Ok(()) => Outcome::Pass,
        Err(why) if why.contains("collation") && why.contains("does not exist") && why.contains("does not load") => {
            Outcome::Skip("needs a collation this server lacks".to_string())
        }
        Err(why) => {
            detail.push(format!("fails: {why}"));
            Outcome::Fail(one_line(&why, &names))
        }
    }
}

/// Why the case does not run here, if it does not.
fn skip_reason(case: &Case, server: &Server) -> Option<String> {
    if let Some(min) = case.min_version.as_deref() {
        if version(min).is_some_and(|min| !at_least(server.version, &min)) {
            return Some(format!("needs PostgreSQL >= {}", short_version(min)));
        }
    }
    if let Some(max) = case.max_version.as_deref() {
        if version(max).is_some_and(|max| !at_most(server.version, &max)) {
            return Some(format!("needs PostgreSQL <= {}", short_version(max)));
        }
    }
    match case.flavor.as_deref().map(str::trim) {
        None | Some("") => {}
        // `!x` excludes flavor x: the case runs everywhere else, here too.
        Some(flavor) if flavor.starts_with('!') => {}
        Some("pgvector") if !server.has_vector => return Some(NO_VECTOR.to_string()),
        Some("pgvector") => {}
        Some(other) => return Some(format!("needs the {other} flavor")),
    }
    if case.roles {
        return Some(ROLES.to_string());
    }
    let parses = sql::statements(&case.current).is_ok() && sql::statements(&case.desired).is_ok();
    if case.offline && !parses {
        return Some(OFFLINE_DIALECT.to_string());
    }
    if !parses {
        return Some(NOT_POSTGRESQL.to_string());
    }
    None
}

fn version(text: &str) -> Option<Vec<u32>> {
    text.trim().split('.').map(|part| part.parse().ok()).collect()
}

/// `18.0` → `18`, `9.1` stays.
fn short_version(text: &str) -> &str {
    let mut text = text.trim();
    while let Some(rest) = text.strip_suffix(".0") {
        text = rest;
    }
    text
}

fn at_least(server: [u32; 2], min: &[u32]) -> bool {
    for i in 0..min.len().max(server.len()) {
        let (have, need) = (server.get(i).copied().unwrap_or(0), min.get(i).copied().unwrap_or(0));
        if have != need {
            return have > need;
        }
    }
    true
}

/// Compares only as many parts as `max` gives: `max_version: 14` admits every 14.x.
fn at_most(server: [u32; 2], max: &[u32]) -> bool {
    for (i, &limit) in max.iter().enumerate() {
        let have = server.get(i).copied().unwrap_or(0);
        if have != limit {
            return have < limit;
        }
    }
    true
}

/// A worker's two databases, emptied before each case (creating and dropping
/// databases costs a checkpoint each): A migrates, B holds `desired` loaded directly.
pub struct Databases {
    a: FreshDatabase,
    b: FreshDatabase,
}

impl Databases {
    /// Two fresh databases.
    pub async fn create() -> Result<Self, String> {
        let a = FreshDatabase::create("psqldef", "").await.map_err(|e| e.to_string())?;
        match FreshDatabase::create("psqldef", "").await {
            Ok(b) => Ok(Self { a, b }),
            Err(e) => {
                let why = e.to_string();
                a.drop_now().await;
                Err(why)
            }
        }
    }

    /// Both databases as `CREATE SCHEMA public` leaves one: every other schema (and
    /// the extensions and objects in them) dropped.
    async fn reset(&self) -> Result<(), String> {
        for database in [&self.a, &self.b] {
            let client = database.connect().await.map_err(|e| e.to_string())?;
            reset(&client).await?;
        }
        Ok(())
    }

    /// Drops both.
    pub async fn drop_now(&self) {
        self.a.drop_now().await;
        self.b.drop_now().await;
    }
}

/// The database half of the oracle; `Err` is the failure, in full.
async fn on_databases(
    databases: &Databases,
    case: &Case,
    planned: Result<Planned, Refusal>,
    detail: &mut Vec<String>,
) -> Result<(), String> {
    let a = databases.a.connect().await.map_err(|e| format!("cannot connect: {e}"))?;
    let b = databases.b.connect().await.map_err(|e| format!("cannot connect: {e}"))?;
    // The case's own SQL first: if PostgreSQL rejects it, that is the reason, whatever
    // sleet makes of it.
    load(&a, &case.current).await.map_err(|e| format!("current does not load: {e}"))?;
    let loaded_desired = load(&b, &case.desired).await;
    let planned = planned.map_err(Refusal::text)?;
    if let Err(e) = loaded_desired {
        // SQL that names what it defines further down (a foreign key to a later table)
        // does not load in one pass; the reference is then sleet's own plan from an
        // empty database.
        if !e.contains("does not exist") {
            return Err(format!("desired does not load: {e}"));
        }
        detail.push(format!("desired does not load directly ({e}): the reference is sleet's plan from empty"));
        reset(&b).await?;
        let empty = empty_catalog();
        let from_empty =
            attempt("the differ refuses to plan desired from empty", || diff(&empty, &planned.desired, &[]))
                .map_err(Refusal::text)?;
        apply(&b, &from_empty).await.map_err(|e| format!("desired does not load, not even in sleet's order: {e}"))?;
    }
    let current_live = introspect(&a).await?;
    let desired_live = introspect(&b).await?;

    apply(&a, &planned.up).await.map_err(|e| format!("up fails: {e}"))?;
    let after_up = introspect(&a).await?;
    compare("after up", &after_up, &desired_live, detail)?;

    // The push direction: the live database against the schema file, the file's
    // expressions in the server's words as push takes them.
    let mut desired = planned.desired.clone();
    sleet_migrate::live::in_server_form(&a, &mut desired, &after_up)
        .await
        .map_err(|e| format!("the server form of desired fails: {}", server_error(&e)))?;
    let again = attempt("the differ refuses the re-diff", || diff(&after_up, &desired, &[])).map_err(Refusal::text)?;
    if !again.is_empty() {
        detail.push(format!("re-diff after up:\n{}", again.to_sql()));
        return Err(format!("re-diff not empty: {}", summary(&again.statements().collect::<Vec<_>>())));
    }

    let down = attempt("the differ refuses the down migration", || {
        diff(&planned.desired, &planned.current, &Rename::inverses(&planned.up.renamed))
    })
    .map_err(Refusal::text)?;
    detail.push(format!("down, as sleet plans it:\n{}", down.to_sql()));
    apply(&a, &down).await.map_err(|e| format!("down fails: {e}"))?;
    let after_down = introspect(&a).await?;
    compare("after down", &after_down, &current_live, detail)
}

/// Runs `sql` one statement at a time, as psql would (so that statements that cannot
/// run in a transaction block, or that use an enum label added just before, run).
async fn load(client: &Client, sql: &str) -> Result<(), String> {
    for span in sql::statements(sql)? {
        let statement = sql.get(span).unwrap_or_default();
        client
            .batch_execute(statement)
            .await
            .map_err(|e| format!("{} (at `{}`)", server_error(&e), sql::first_line(statement)))?;
    }
    Ok(())
}

/// The empty schema as the SQL front end starts it (`public` and nothing else).
fn empty_catalog() -> Catalog {
    sleet_codegen::load_sources([(Path::new("empty.sql"), "")]).map(|(c, _)| c).unwrap_or_default()
}

/// Empties a database that a failed load left half-filled.
async fn reset(client: &Client) -> Result<(), String> {
    client
        .batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        .await
        .map_err(|e| format!("cannot empty the reference database: {}", server_error(&e)))?;
    let schemas = client
        .query("SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname NOT IN ('information_schema', 'public')", &[])
        .await
        .map_err(|e| server_error(&e))?;
    for row in schemas {
        let name: String = row.get(0);
        client
            .batch_execute(&format!("DROP SCHEMA \"{}\" CASCADE", name.replace('"', "\"\"")))
            .await
            .map_err(|e| server_error(&e))?;
    }
    Ok(())
}

async fn apply(client: &Client, plan: &Plan) -> Result<(), String> {
    for statement in plan.statements() {
        client
            .batch_execute(statement)
            .await
            .map_err(|e| format!("{} (at `{}`)", server_error(&e), sql::first_line(statement)))?;
    }
    Ok(())
}

async fn introspect(client: &Client) -> Result<Catalog, String> {
    sleet_introspect::introspect(client, &OPTIONS)
        .await
        .map(|live| live.catalog)
        .map_err(|e| format!("introspection fails: {e}"))
}

/// `got` is the migrated database, `want` the one loaded directly; catalog_diff's
/// "only in the first" means only in the migrated one.
fn compare(when: &str, got: &Catalog, want: &Catalog, detail: &mut Vec<String>) -> Result<(), String> {
    let differences = catalog_diff(&sql::normalised(got), &sql::normalised(want));
    if differences.is_empty() {
        return Ok(());
    }
    detail.push(format!(
        "differences {when} (first: the migrated database, second: the schema loaded directly):\n  {}",
        differences.join("\n  ")
    ));
    Err(format!("differs {when}: {}", summary(&differences)))
}

/// The first three items and how many more.
fn summary<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items.iter().take(3).map(AsRef::as_ref).collect();
    match items.len().saturating_sub(3) {
        0 => shown.join("; "),
        more => format!("{} (+{more} more)", shown.join("; ")),
    }
}

/// PostgreSQL's own message, without the driver's prefix.
fn server_error(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

/// A reason fit for results.md: one line, at most 200 characters, with nothing that
/// changes from run to run (the fresh databases' names, object ids).
pub fn one_line(text: &str, databases: &[String]) -> String {
    let mut text = text.to_string();
    for name in databases.iter().filter(|name| !name.is_empty()) {
        text = text.replace(name.as_str(), "<database>");
    }
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    for i in 0..words.len() {
        let digits = words[i].trim_end_matches(|c: char| !c.is_ascii_digit()).len();
        if digits == 0 || !words[i][..digits].chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let word = |back: usize| i.checked_sub(back).map(|j| words[j].to_ascii_lowercase()).unwrap_or_default();
        // "… with OID 16385", "cache lookup failed for type 16400"
        if word(1) == "oid" || (word(2) == "for" && word(3) == "failed") {
            words[i] = format!("<oid>{}", &words[i][digits..]);
        }
    }
    let line = words.join(" ");
    if line.chars().count() <= REASON_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(REASON_CHARS - 1).collect();
    cut.push('…');
    cut
}
