//! Paths into `json` and `jsonb` columns against a real server, on tokio-postgres and
//! sqlx, with the statement cache on and off: what each operator selects, filters and orders by, its Rust type,
//! and a column mapped to a type of its own still decoding as that type.

mod support;

use corpus_check::golden;
use corpus_check::golden_support::Json;
use sleet::prelude::*;
use sleet::types::serde_json::{json, Value};

/// The `kind` of each event the filter keeps, in id order, comma-separated.
async fn kinds<D: sleet::exec::Runner>(db: &D, filter: impl sleet::query::Expression<Value = bool>) -> String {
    use golden::overrides::events;
    use sleet::exec::batch::BatchItem as _;
    let q = select(events::payload.get_text("kind")).from(events::table).filter(filter).order_by(events::id);
    let rows: Vec<Option<String>> = sleet::exec::batch::all(&q).run(db).await.unwrap();
    rows.into_iter().flatten().collect::<Vec<_>>().join(",")
}

#[tokio::test]
async fn jsonb_paths_select_filter_and_order() {
    use golden::overrides::events;
    on_every_driver!("overrides", |db| async move {
        db.execute_raw(
                r#"INSERT INTO events (kind, author, payload, happened_on) VALUES
                   ('click', 'ann@example.com', '{"user": {"name": "Ann", "tags": ["a", "b"]}, "kind": "click", "n": 3}', '2024-01-01'),
                   ('view', 'bo@example.com', '{"kind": "view", "list": [10, 20, 30], "note": null}', '2024-01-02')"#,
            &[],
        )
        .await
        .unwrap();

        // ->, ->> and #>> in a select list, typed Option<Value> / Option<String>.
        let rows: Vec<(Option<String>, Option<String>, Option<Value>)> = db
            .all(
                &select((
                    events::payload.get("user").get_text("name"),
                    events::payload.path_text(["user", "tags", "1"]),
                    events::payload.get("list").get(-1),
                ))
                .from(events::table)
                .order_by(events::payload.get_text("kind")),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [(Some("Ann".into()), Some("b".into()), None), (None, None, Some(json!(30)))],
            "absent paths are NULL; a negative index counts from the end"
        );

        // The column itself still decodes as its override; a path into it as JSON.
        let (whole, user): (Json, Option<Value>) = db
            .one(&select((events::payload, events::payload.path(["user"]))).from(events::table).filter(events::kind.eq(golden::overrides::Kind::Click)))
            .await
            .unwrap();
        assert_eq!(whole.0["n"], json!(3));
        assert_eq!(user, Some(json!({"name": "Ann", "tags": ["a", "b"]})));
        // JSON null is Some(Value::Null) through ->, None through ->>.
        let (null, null_text): (Option<Value>, Option<String>) = db
            .one(&select((events::payload.get("note"), events::payload.get_text("note"))).from(events::table).filter(events::payload.has_key("note")))
            .await
            .unwrap();
        assert_eq!((null, null_text), (Some(Value::Null), None));

        // The jsonb tests in filters, each picking one row.
        assert_eq!(kinds(&db, events::payload.json_contains(json!({"user": {"tags": ["b"]}}))).await, "click");
        assert_eq!(kinds(&db, events::payload.has_key("list")).await, "view");
        assert_eq!(kinds(&db, events::payload.has_any_key(["zzz", "user"])).await, "click");
        assert_eq!(kinds(&db, events::payload.has_all_keys(["kind", "list", "note"])).await, "view");
        assert_eq!(kinds(&db, events::payload.path_exists("$.list[*] ? (@ > 25)")).await, "view");
        assert_eq!(kinds(&db, events::payload.get("n").eq(json!(3))).await, "click");
        assert_eq!(kinds(&db, events::payload.get_text("kind").like("vi%")).await, "view");
        let everything = json!({"kind": "view", "list": [10, 20, 30], "note": null, "more": 1});
        assert_eq!(kinds(&db, events::payload.json_contained_by(everything)).await, "view");

        // Ordering by a path, descending.
        let order: Vec<Option<String>> =
            db.all(&select(events::payload.get_text("kind")).from(events::table).order_by(events::payload.get("kind").desc())).await.unwrap();
        assert_eq!(order, [Some("view".into()), Some("click".into())]);

        // A malformed path is the server's error, naming it.
        let err = db
            .all(&select(events::id).from(events::table).filter(events::payload.path_exists("$.list[")))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("jsonpath"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn json_columns_take_the_path_operators() {
    use golden::all_types::everything;
    on_every_driver!("all_types", |db| async move {
        // Only the JSON columns matter here: the others may be NULL for this test.
        db.execute_raw(
            r#"DO $$ DECLARE c text; BEGIN
                 FOR c IN SELECT attname FROM pg_attribute WHERE attrelid = 'everything'::regclass
                          AND attnum > 0 AND attnotnull AND attname <> 'bigserial_col' LOOP
                   EXECUTE format('ALTER TABLE everything ALTER COLUMN %I DROP NOT NULL', c);
                 END LOOP; END $$"#,
            &[],
        )
        .await
        .unwrap();
        let insert = r#"INSERT INTO everything (json_col, jsonb_col) VALUES ('{"a": {"b": [1, 2]}, "a": {"b": [3]}}', '{"x": 1}')"#;
        db.execute_raw(insert, &[]).await.unwrap();
        // `json` keeps duplicate keys; -> takes the last, as PostgreSQL does.
        let (inner, text, deep): (Option<Value>, Option<String>, Option<Value>) = db
            .one(
                &select((
                    everything::json_col.get("a"),
                    everything::json_col.path_text(["a", "b", "0"]),
                    everything::json_col.get("a").get("b").get(0),
                ))
                .from(everything::table),
            )
            .await
            .unwrap();
        assert_eq!((inner, text.as_deref(), deep), (Some(json!({"b": [3]})), Some("3"), Some(json!(3))));
    })
    .await;
}
