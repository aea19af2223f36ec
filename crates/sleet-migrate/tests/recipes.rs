//! The differ's recipes that psqldef's suite does not reach, on the real server with
//! data in the tables: an enum losing a label under a view and a default, a rename
//! that keeps the rows, and the hazard queries counting what they say they count.

use sleet_catalog::Catalog;
use sleet_migrate::diff::{diff, HazardKind};
use sleet_test_support::FreshDatabase;
use std::path::Path;

fn read(sql: &str) -> (Catalog, Vec<sleet_migrate::diff::Rename>) {
    let (catalog, _) = sleet_codegen::load_sources([(Path::new("schema.sql"), sql)]).expect("the schema reads");
    (catalog, sleet_migrate::annotations::renames(sql).expect("the annotations read"))
}

async fn apply(client: &tokio_postgres::Client, plan: &sleet_migrate::diff::Plan) -> Result<(), String> {
    for statement in plan.statements() {
        client.batch_execute(statement).await.map_err(|e| format!("{e:?} at {statement}"))?;
    }
    Ok(())
}

async fn texts(client: &tokio_postgres::Client, sql: &str) -> Vec<String> {
    client.query(sql, &[]).await.unwrap().iter().map(|r| r.get::<_, String>(0)).collect()
}

#[tokio::test]
async fn an_enum_losing_a_label_is_recreated_under_its_view_and_default() {
    let before = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n\
                  CREATE TABLE people (id int PRIMARY KEY, mood mood NOT NULL DEFAULT 'ok');\n\
                  CREATE VIEW cheerful AS SELECT id, mood FROM people WHERE mood <> 'sad';\n";
    let after = before.replace("'sad', 'ok', 'happy'", "'ok', 'happy', 'ecstatic'").replace("<> 'sad'", "<> 'ok'");
    let database = FreshDatabase::create("sleet_recipes_enum", "").await.unwrap();
    let client = database.connect().await.unwrap();
    client.batch_execute(before).await.unwrap();
    client.batch_execute("INSERT INTO people VALUES (1, 'ok'), (2, 'happy'), (3, 'sad')").await.unwrap();

    let ((old, _), (new, _)) = (read(before), read(&after));
    let plan = diff(&old, &new, &[]).unwrap();
    let sql = plan.to_sql();
    assert!(
        sql.contains("ALTER TYPE mood RENAME TO mood__sleet_old") && sql.contains("USING mood::text::mood"),
        "{sql}"
    );
    let hazard = plan.steps.iter().flat_map(|s| &s.hazards).find(|h| h.kind == HazardKind::FailsOnData).unwrap();
    let count = client.query_one(hazard.rows_affected.as_deref().unwrap(), &[]).await.unwrap().get::<_, i64>(0);
    assert_eq!(count, 1, "one row holds the removed label");
    let err = apply(&client, &plan).await.unwrap_err();
    assert!(err.contains("invalid input value for enum mood"), "the data stops it: {err}");
    // That ran outside a transaction, so part of it stayed: start again, and run the plan
    // in one transaction, as a migration runs.
    client.batch_execute("DROP VIEW IF EXISTS cheerful; DROP TABLE people; DROP TYPE IF EXISTS mood__sleet_old; DROP TYPE IF EXISTS mood").await.unwrap();
    client.batch_execute(before).await.unwrap();
    client.batch_execute("INSERT INTO people VALUES (1, 'ok'), (2, 'happy')").await.unwrap();
    client.batch_execute("BEGIN").await.unwrap();
    apply(&client, &plan).await.unwrap();
    client.batch_execute("COMMIT").await.unwrap();
    let labels =
        texts(&client, "SELECT enumlabel::text FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder")
            .await;
    assert_eq!(labels, ["ok", "happy", "ecstatic"]);
    assert_eq!(texts(&client, "SELECT mood::text FROM cheerful ORDER BY id").await, ["happy"]);
    assert_eq!(texts(&client, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef").await, ["'ok'::mood"]);
    drop(client);
    database.drop_now().await;
}

#[tokio::test]
async fn a_declared_rename_keeps_the_rows_and_its_inverse_renames_back() {
    let before = "CREATE TABLE accounts (id int PRIMARY KEY, username text NOT NULL UNIQUE);\n";
    let after = "CREATE TABLE users ( -- @renamed from=accounts\n  id int PRIMARY KEY,\n  handle text NOT NULL UNIQUE -- @renamed from=username\n);\n";
    let database = FreshDatabase::create("sleet_recipes_rename", "").await.unwrap();
    let client = database.connect().await.unwrap();
    client.batch_execute(before).await.unwrap();
    client.batch_execute("INSERT INTO accounts VALUES (1, 'ada')").await.unwrap();
    let ((old, _), (new, renames)) = (read(before), read(after));
    let up = diff(&old, &new, &renames).unwrap();
    assert_eq!(up.renamed.len(), 2);
    apply(&client, &up).await.unwrap();
    assert_eq!(texts(&client, "SELECT handle FROM users").await, ["ada"]);
    let down = diff(&new, &old, &sleet_migrate::diff::Rename::inverses(&up.renamed)).unwrap();
    let sql = down.to_sql();
    assert!(sql.contains("RENAME COLUMN handle TO username") && sql.contains("RENAME TO accounts"), "{sql}");
    apply(&client, &down).await.unwrap();
    assert_eq!(texts(&client, "SELECT username FROM accounts").await, ["ada"]);
    drop(client);
    database.drop_now().await;
}

#[tokio::test]
async fn hazard_queries_count_the_rows_at_stake() {
    let before = "CREATE TABLE t (id int PRIMARY KEY, a text, b varchar(20), c int);\n";
    let after = "CREATE TABLE t (id int PRIMARY KEY, b varchar(5) NOT NULL, c int CHECK (c > 0));\n";
    let database = FreshDatabase::create("sleet_recipes_hazards", "").await.unwrap();
    let client = database.connect().await.unwrap();
    client.batch_execute(before).await.unwrap();
    client
        .batch_execute("INSERT INTO t VALUES (1, 'x', 'short', 1), (2, NULL, NULL, -1), (3, 'y', 'much too long', 0)")
        .await
        .unwrap();
    let ((old, _), (new, _)) = (read(before), read(after));
    let plan = diff(&old, &new, &[]).unwrap();
    let mut counted = Vec::new();
    for hazard in plan.steps.iter().flat_map(|s| &s.hazards) {
        if let Some(query) = &hazard.rows_affected {
            let n: i64 = client.query_one(query.as_str(), &[]).await.unwrap().get(0);
            counted.push(format!("{}: {} ({n})", hazard.kind.name(), hazard.message));
        }
    }
    assert!(counted.contains(&"data-loss: deletes the values of public.t.a (2)".to_string()), "{counted:#?}");
    assert!(counted.contains(&"fails-on-data: fails if public.t.b holds NULL (1)".to_string()), "{counted:#?}");
    assert!(
        counted.contains(&"fails-on-data: fails if a row of public.t breaks the check (2)".to_string()),
        "{counted:#?}"
    );
    assert!(
        counted.contains(&"fails-on-data: fails if a value of public.t.b does not fit varchar(5) (1)".to_string()),
        "{counted:#?}"
    );
    // No explicit cast: the server refuses a value too long instead of cutting it.
    assert!(plan.to_sql().contains("ALTER COLUMN b TYPE varchar(5);"), "{}", plan.to_sql());
    drop(client);
    database.drop_now().await;
}

#[tokio::test]
async fn a_column_read_by_a_generated_column_changes_type_around_it() {
    let before = "CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL,\n\
                  title_length int GENERATED ALWAYS AS (char_length(title)) STORED);\n";
    let after = before.replace("title text", "title varchar(200)");
    let database = FreshDatabase::create("sleet_recipes_generated", "").await.unwrap();
    let client = database.connect().await.unwrap();
    client.batch_execute(before).await.unwrap();
    client.batch_execute("INSERT INTO posts (id, title) VALUES (1, 'Hello')").await.unwrap();

    let ((old, _), (new, _)) = (read(before), read(&after));
    let up = diff(&old, &new, &[]).unwrap();
    let sql = up.to_sql();
    let at = |s: &str| sql.find(s).unwrap_or_else(|| panic!("{s} in {sql}"));
    assert!(at("DROP COLUMN title_length") < at("TYPE varchar(200)"), "{sql}");
    assert!(at("TYPE varchar(200)") < at("ADD COLUMN title_length"), "{sql}");
    apply(&client, &up).await.unwrap();
    let lengths = texts(&client, "SELECT title || ':' || title_length FROM posts").await;
    assert_eq!(lengths, ["Hello:5"]);
    apply(&client, &diff(&new, &old, &[]).unwrap()).await.unwrap();
    assert_eq!(
        texts(&client, "SELECT data_type::text FROM information_schema.columns WHERE column_name = 'title'").await,
        ["text"]
    );
    database.drop_now().await;
}
