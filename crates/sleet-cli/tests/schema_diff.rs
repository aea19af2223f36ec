//! `sleet migrate generate | diff | check` and `sleet push` as users run them: a
//! project directory with a schema file and a migrations folder, the binary, and the
//! real server.

use sleet_test_support::FreshDatabase;
use std::path::PathBuf;
use std::process::{Command, Output};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One test's database and project directory, both removed at the end.
struct Project {
    database: FreshDatabase,
    dir: PathBuf,
}

impl Project {
    async fn new(name: &str, schema: &str) -> Project {
        let database = FreshDatabase::create(&format!("sleet_diff_{name}"), "").await.unwrap();
        let dir = std::env::temp_dir().join(format!("sleet-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("migrations")).unwrap();
        std::fs::write(dir.join("schema.sql"), schema).unwrap();
        Project { database, dir }
    }

    fn sleet(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sleet"))
            .args(args)
            .current_dir(&self.dir)
            .env("DATABASE_URL", &self.database.url)
            .output()
            .expect("the sleet binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.sleet(args);
        assert!(out.status.success(), "sleet {args:?} failed:\n{}{}", text(&out.stdout), text(&out.stderr));
        text(&out.stdout) + &text(&out.stderr)
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.sleet(args);
        assert_eq!(out.status.code(), Some(1), "sleet {args:?}:\n{}{}", text(&out.stdout), text(&out.stderr));
        text(&out.stdout) + &text(&out.stderr)
    }

    fn schema(&self, sql: &str) {
        std::fs::write(self.dir.join("schema.sql"), sql).unwrap();
    }

    /// The migration folders, sorted.
    fn migrations(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.join("migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.join(path)).unwrap()
    }

    async fn column(&self, sql: &str) -> Vec<String> {
        let client = self.database.connect().await.unwrap();
        client.query(sql, &[]).await.unwrap().iter().map(|r| r.get::<_, String>(0)).collect()
    }

    async fn columns_of(&self, table: &str) -> Vec<String> {
        self.column(&format!(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = 'public.{table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        ))
        .await
    }

    async fn execute(&self, sql: &str) {
        self.database.connect().await.unwrap().batch_execute(sql).await.unwrap();
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        self.database.drop_blocking();
    }
}

const USERS: &str = "CREATE TABLE users (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  email text NOT NULL UNIQUE\n);\n";

#[tokio::test]
async fn generate_writes_up_and_down_that_run_verify_and_check_agrees() {
    let project = Project::new("generate", USERS).await;
    let out = project.ok(&["migrate", "generate", "--name", "init"]);
    assert!(out.contains("wrote migrations/"), "{out}");
    let first = project.migrations();
    assert_eq!(first.len(), 1);
    assert!(first[0].ends_with("_init") && first[0].len() == "20261203120000_init".len(), "{first:?}");
    let up = project.read(&format!("migrations/{}/up.sql", first[0]));
    assert!(up.contains("-- sleet:after none") && up.contains("CREATE TABLE users ("), "{up}");
    assert!(project.read(&format!("migrations/{}/down.sql", first[0])).contains("DROP TABLE users;"));
    assert!(project.ok(&["migrate", "check"]).contains("agree"));
    let out = project.ok(&["migrate", "generate", "--name", "again"]);
    assert!(out.contains("nothing to generate"), "{out}");
    assert_eq!(project.migrations().len(), 1, "nothing written");
    project.ok(&["migrate", "run"]);
    project.execute("INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com')").await;

    // A rename, a new column, a new index on a table that holds data.
    project.schema(
        "CREATE TABLE users (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  full_name text NOT NULL, -- @renamed from=name\n  \
         email text NOT NULL UNIQUE,\n  bio text\n);\nCREATE INDEX users_full_name_idx ON users (full_name);\n",
    );
    let out = project.fails(&["migrate", "check"]);
    assert!(out.contains("RENAME COLUMN name TO full_name") && out.contains("migrate generate"), "{out}");
    let url = project.database.url.clone();
    let out = project.ok(&["migrate", "generate", "--name", "profile", "--dev-url", &url]);
    assert!(out.contains("verified on a scratch database"), "{out}");
    let all = project.migrations();
    assert_eq!(all.len(), 3, "the change, then its index built concurrently: {all:?}");
    assert!(all[1].ends_with("_profile") && all[2].ends_with("_profile_indexes"), "{all:?}");
    let up = project.read(&format!("migrations/{}/up.sql", all[1]));
    assert!(
        up.contains("ALTER TABLE users RENAME COLUMN name TO full_name;") && up.contains("ADD COLUMN bio text"),
        "{up}"
    );
    assert!(up.contains(&format!("-- sleet:after {}", &all[0][..14])), "{up}");
    let indexes = project.read(&format!("migrations/{}/up.sql", all[2]));
    assert!(
        indexes.starts_with("-- sleet:no-transaction\n") && indexes.contains("CREATE INDEX CONCURRENTLY"),
        "{indexes}"
    );
    let down = project.read(&format!("migrations/{}/down.sql", all[1]));
    assert!(down.contains("RENAME COLUMN full_name TO name") && down.contains("DROP COLUMN bio"), "{down}");

    project.ok(&["migrate", "run"]);
    assert_eq!(project.columns_of("users").await, ["id", "full_name", "email", "bio"]);
    assert_eq!(project.column("SELECT full_name FROM users").await, ["Ada"], "the rename kept the data");
    assert!(project.ok(&["migrate", "check"]).contains("agree"));
    project.ok(&["migrate", "down", "2"]);
    assert_eq!(project.columns_of("users").await, ["id", "name", "email"]);
    assert_eq!(project.column("SELECT name FROM users").await, ["Ada"]);

    // A statement that locks a table in use waits a bounded time for its lock.
    project.ok(&["migrate", "run"]);
    project.schema(&project.read("schema.sql").replace("bio text", "bio text NOT NULL"));
    project.ok(&["migrate", "generate", "--name", "bio_required"]);
    let latest = project.migrations().pop().unwrap();
    let up = project.read(&format!("migrations/{latest}/up.sql"));
    assert!(up.contains("SET LOCAL lock_timeout = '5s';") && up.contains("-- locks: scans public.users"), "{up}");
    assert!(up.contains("-- fails-on-data: fails if public.users.bio holds NULL"), "{up}");
}

#[tokio::test]
async fn a_possible_rename_stops_generate_with_the_line_to_add() {
    let project = Project::new("candidates", USERS).await;
    project.ok(&["migrate", "generate", "--name", "init"]);
    project.schema(&USERS.replace("name text", "display_name text"));
    let out = project.fails(&["migrate", "generate", "--name", "display"]);
    assert!(out.contains("column public.users.name → public.users.display_name"), "{out}");
    assert!(out.contains("-- @renamed from=name") && out.contains("--not-renamed"), "{out}");
    assert!(out.contains("`column public.users.name -> display_name` in a --renames file"), "{out}");
    assert_eq!(project.migrations().len(), 1, "nothing written");

    // The answer, in a hints file.
    std::fs::write(project.dir.join("renames.txt"), "column public.users.name -> display_name\n").unwrap();
    project.ok(&["migrate", "generate", "--name", "display", "--renames", "renames.txt"]);
    let latest = project.migrations().pop().unwrap();
    let up = project.read(&format!("migrations/{latest}/up.sql"));
    assert!(up.contains("ALTER TABLE users RENAME COLUMN name TO display_name;"), "{up}");

    // Not a rename: dropped and added, and down.sql says what it cannot give back.
    project.schema(&USERS.replace("name text", "nickname text"));
    project.ok(&["migrate", "generate", "--name", "nickname", "--not-renamed"]);
    let latest = project.migrations().pop().unwrap();
    let up = project.read(&format!("migrations/{latest}/up.sql"));
    assert!(
        up.contains("-- data-loss: deletes the values of public.users.display_name")
            && up.contains("DROP COLUMN display_name"),
        "{up}"
    );
    let down = project.read(&format!("migrations/{latest}/down.sql"));
    assert!(
        down.contains("It cannot give back what up.sql deleted:\n--   deletes the values of public.users.display_name"),
        "{down}"
    );
}

#[tokio::test]
async fn diff_takes_files_folders_and_databases_on_either_side() {
    let project = Project::new("sides", USERS).await;
    project.execute("CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE, age int CHECK (age > 0))").await;
    let url = project.database.url.clone();
    let up = project.ok(&["migrate", "diff", "--from", &url, "--to", "schema.sql"]);
    assert!(up.contains("ALTER TABLE users DROP COLUMN age;"), "{up}");
    let down = project.ok(&["migrate", "diff", "--from", &url, "--to", "schema.sql", "--down"]);
    assert!(down.contains("ALTER TABLE users ADD COLUMN age int4") && down.contains("CHECK (age > 0)"), "{down}");
    // The live database's own expressions compare equal to the file's: nothing to do.
    project.execute("ALTER TABLE users DROP COLUMN age").await;
    let same = project.ok(&["migrate", "diff", "--from", &url, "--to", "schema.sql"]);
    assert!(same.contains("no differences"), "{same}");
    // The empty folder is the empty schema; a function is left alone, and said so.
    project.schema(&format!("{USERS}CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';\n"));
    let all = project.ok(&["migrate", "diff"]);
    assert!(all.contains("CREATE TABLE users ("), "{all}");
    assert!(
        all.contains(
            "schema.sql:6:1: `CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';` is left alone"
        ),
        "{all}"
    );
    assert!(!all.lines().any(|l| l.starts_with("CREATE FUNCTION")), "not in the plan: {all}");
}

#[tokio::test]
async fn push_checks_the_data_and_refuses_losses_until_allowed() {
    let project = Project::new("push", "CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);\n").await;
    project
        .execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, draft text); INSERT INTO notes VALUES (1, 'a', 'x'), (2, 'b', 'y'), (3, 'c', NULL)")
        .await;
    project.execute("GRANT SELECT ON notes TO PUBLIC").await;
    project.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch()").await;
    let out = project.ok(&["push", "--dry-run"]);
    assert!(out.contains("-- data-loss: deletes the values of public.notes.draft (2 rows)"), "{out}");
    assert!(out.contains("function public.touch() is not modelled: sleet leaves it alone"), "{out}");
    assert!(out.contains("trigger notes_touch on notes is not modelled"), "{out}");
    assert!(out.contains("grants on notes are not modelled"), "{out}");
    assert!(out.contains("ALTER TABLE notes DROP COLUMN draft;") && out.contains("fingerprint"), "{out}");
    assert_eq!(project.columns_of("notes").await, ["id", "body", "draft"], "a dry run changes nothing");
    let out = project.fails(&["push"]);
    assert!(out.contains("refused, nothing was changed") && out.contains("--allow data-loss"), "{out}");
    assert_eq!(project.columns_of("notes").await, ["id", "body", "draft"]);
    let out = project.ok(&["push", "--allow", "data-loss"]);
    assert!(out.contains("pushed: 1 statement in one transaction"), "{out}");
    assert_eq!(project.columns_of("notes").await, ["id", "body"]);
    assert!(project.ok(&["push"]).contains("nothing to push"));
    assert_eq!(
        project.column("SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal").await,
        ["notes_touch"],
        "left alone"
    );

    // NOT NULL on a column holding NULLs: counted, refused.
    project.schema("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, tag text NOT NULL);\n");
    project.execute("ALTER TABLE notes ADD COLUMN tag text").await;
    let out = project.fails(&["push"]);
    assert!(out.contains("fails-on-data: fails if public.notes.tag holds NULL (3 rows)"), "{out}");
}

#[tokio::test]
async fn push_refuses_a_plan_when_the_database_moved() {
    let project = Project::new("moved", "CREATE TABLE a (id int PRIMARY KEY, x int);\n").await;
    project.execute("CREATE TABLE a (id int PRIMARY KEY)").await;
    let out = project.ok(&["push", "--dry-run"]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("-- fingerprint of the state this plan starts from: "))
        .unwrap()
        .to_string();
    project.execute("CREATE TABLE b (id int)").await;
    let out = project.fails(&["push", "--fingerprint", &fingerprint, "--allow", "data-loss"]);
    assert!(out.contains(&format!("no longer in the state {fingerprint}")), "{out}");
    assert_eq!(project.columns_of("a").await, ["id"]);
}

#[tokio::test]
async fn check_finds_parallel_migrations_that_do_not_commute_and_edited_ones() {
    let project = Project::new("branches", "CREATE TABLE t (id int PRIMARY KEY, bio text, score int);\n").await;
    project.schema("CREATE TABLE t (id int PRIMARY KEY);\n");
    project.ok(&["migrate", "generate", "--name", "base"]);
    let base = project.migrations().pop().unwrap();
    assert!(project.read(&format!("migrations/{base}/up.sql")).contains("-- sleet:after none"));
    // What a migration generated after `base` records: its version and up.sql's SHA-256.
    let out = Command::new("sha256sum").arg(project.dir.join(format!("migrations/{base}/up.sql"))).output().unwrap();
    let hash = text(&out.stdout)[..16].to_string();
    let branch = |version: &str, name: &str, sql: &str| {
        let dir = project.dir.join(format!("migrations/{version}_{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("up.sql"), format!("-- sleet:after {} {hash}\n{sql}\n", &base[..14])).unwrap();
    };
    // Two branches, each from base: different columns commute.
    branch("29990101000000", "bio", "ALTER TABLE t ADD COLUMN bio text;");
    branch("29990102000000", "score", "ALTER TABLE t ADD COLUMN score int;");
    project.schema("CREATE TABLE t (id int PRIMARY KEY, bio text, score int);\n");
    assert!(project.ok(&["migrate", "check"]).contains("agree"));
    // The same column, typed differently on each branch: they do not.
    std::fs::write(
        project.dir.join("migrations/29990102000000_score/up.sql"),
        format!("-- sleet:after {} {hash}\nALTER TABLE t ADD COLUMN score int;\nALTER TABLE t ALTER COLUMN bio TYPE varchar(10);\n", &base[..14]),
    )
    .unwrap();
    let out = project.fails(&["migrate", "check"]);
    assert!(out.contains("do not commute") && out.contains("29990101000000_bio"), "{out}");
    // An edited parent.
    std::fs::remove_dir_all(project.dir.join("migrations/29990102000000_score")).unwrap();
    let up = project.dir.join(format!("migrations/{base}/up.sql"));
    std::fs::write(&up, std::fs::read_to_string(&up).unwrap() + "-- edited\n").unwrap();
    let out = project.fails(&["migrate", "check"]);
    assert!(out.contains("was edited after") && out.contains("29990101000000_bio"), "{out}");
}

#[tokio::test]
async fn bad_input_is_named_and_nothing_is_written() {
    let project = Project::new("bad", USERS).await;
    project.schema("CREATE TABLE users (id int PRIMARY KEY,, name text);\n");
    let out = project.fails(&["migrate", "generate", "--name", "broken"]);
    assert!(out.contains("schema.sql:1:") && out.contains("syntax error"), "{out}");
    assert!(project.migrations().is_empty(), "nothing written");
    project.schema("CREATE TABLE users (id int PRIMARY KEY); -- @renamed to=people\n");
    let out = project.fails(&["migrate", "generate", "--name", "hint"]);
    assert!(out.contains("schema.sql: line 1") && out.contains("needs `from=old_name`"), "{out}");
    let out = project.fails(&["migrate", "generate", "--name", "bad name"]);
    assert!(out.contains("letters, digits and underscores"), "{out}");
    project.schema(USERS);
    let out = Command::new(env!("CARGO_BIN_EXE_sleet"))
        .args(["push", "--database-url", "postgres://me:s3cret@127.0.0.1:1/nowhere"])
        .current_dir(&project.dir)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("127.0.0.1:1") && !err.contains("s3cret"), "{err}");
    assert!(project.migrations().is_empty());
}

#[tokio::test]
async fn a_label_used_by_the_same_change_is_added_in_a_migration_before_it() {
    let before = "CREATE TYPE status AS ENUM ('draft', 'live');\nCREATE TABLE posts (id int PRIMARY KEY, status status NOT NULL DEFAULT 'draft');\n";
    let project = Project::new("labels", before).await;
    project.ok(&["migrate", "generate", "--name", "init"]);
    project.ok(&["migrate", "run"]);
    project.schema(
        &before.replace("'draft', 'live'", "'idea', 'draft', 'live'").replace("DEFAULT 'draft'", "DEFAULT 'idea'"),
    );
    project.ok(&["migrate", "generate", "--name", "ideas"]);
    let all = project.migrations();
    assert!(all[1].ends_with("_ideas_labels") && all[2].ends_with("_ideas"), "{all:?}");
    let labels = project.read(&format!("migrations/{}/up.sql", all[1]));
    assert!(labels.contains("ALTER TYPE status ADD VALUE 'idea' BEFORE 'draft';"), "{labels}");
    let change = project.read(&format!("migrations/{}/up.sql", all[2]));
    assert!(change.contains("SET DEFAULT 'idea'") && !change.contains("ADD VALUE"), "{change}");
    project.ok(&["migrate", "run"]);
    project.execute("INSERT INTO posts (id) VALUES (1)").await;
    assert_eq!(project.column("SELECT status::text FROM posts").await, ["idea"]);
    assert!(project.ok(&["migrate", "check"]).contains("agree"));
}

#[tokio::test]
async fn push_adds_a_label_it_uses_before_using_it() {
    let project = Project::new("push_labels", "CREATE TYPE status AS ENUM ('draft', 'live');\nCREATE TABLE posts (id int PRIMARY KEY, status status NOT NULL DEFAULT 'idea');\n").await;
    project.execute("CREATE TYPE status AS ENUM ('draft', 'live'); CREATE TABLE posts (id int PRIMARY KEY, status status NOT NULL DEFAULT 'draft')").await;
    project.schema("CREATE TYPE status AS ENUM ('idea', 'draft', 'live');\nCREATE TABLE posts (id int PRIMARY KEY, status status NOT NULL DEFAULT 'idea');\n");
    let out = project.ok(&["push"]);
    assert!(out.contains("the new enum labels in one transaction, then 1 statement in another"), "{out}");
    project.execute("INSERT INTO posts (id) VALUES (1)").await;
    assert_eq!(project.column("SELECT status::text FROM posts").await, ["idea"]);
    assert!(project.ok(&["push"]).contains("nothing to push"));
}
