//! The REST example (`examples/api`) on an ephemeral port, against a fresh database,
//! driven over real HTTP with reqwest: every route and status code, bodies that are
//! malformed, mistyped or oversized, the statements a nested read costs, and a burst
//! of concurrent requests that must lose and duplicate nothing.

#[path = "../examples/api/app.rs"]
mod app;
#[path = "../examples/api/error.rs"]
mod error;

use reqwest::{Client, StatusCode};
use sleet::types::serde_json::{json, Value};
use sleet_test_support::FreshDatabase;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// A server on 127.0.0.1:0 over a fresh, seeded database; dropped at the end.
struct Server {
    base: String,
    database: FreshDatabase,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start() -> Server {
        statements();
        let database = FreshDatabase::create("sleet_api", blog::SCHEMA_SQL).await.unwrap();
        let pool = app::pool(&database.url).unwrap();
        blog::seed::seed(&sleet::Db::new(pool.get().await.unwrap())).await.unwrap();
        let (base, task) = serve(pool).await;
        Server { base, database, task }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
        self.database.drop_now().await;
    }
}

/// The example's router over `pool`, on an ephemeral port: its base URL and its task.
async fn serve(pool: deadpool_postgres::Pool) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (base, tokio::spawn(async move { axum::serve(listener, app::router(pool)).await.unwrap() }))
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, sleet::types::serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn codes(body: &Value, field: &str) -> Vec<String> {
    let list = body["fields"][field].as_array().cloned().unwrap_or_default();
    list.iter().map(|v| v["code"].as_str().unwrap_or_default().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_list_page_by_page_filter_and_come_with_their_posts() {
    let server = Server::start().await;
    let http = Client::new();
    let (status, page) = send(http.get(server.url("/users?limit=3"))).await;
    assert_eq!(status, StatusCode::OK);
    let names = |page: &Value| -> Vec<String> {
        page["users"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(&page), ["Alice", "Bob", "Carol"]);
    let next = page["next"].as_i64().unwrap();
    let (_, rest) = send(http.get(server.url(&format!("/users?limit=3&after={next}")))).await;
    assert_eq!((names(&rest), rest["next"].clone()), (vec!["Dave".to_string()], Value::Null));
    let (_, authors) = send(http.get(server.url("/users?role=author"))).await;
    assert_eq!(names(&authors), ["Bob", "Carol"]);
    let (_, found) = send(http.get(server.url("/users?q=AR"))).await;
    assert_eq!(names(&found), ["Carol"]);
    let (_, literal) = send(http.get(server.url("/users?q=%25"))).await;
    assert_eq!(names(&literal), Vec::<String>::new(), "% in the search is a character, not a wildcard");
    let (status, _) = send(http.get(server.url("/users?role=owner"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, bob) = send(http.get(server.url("/users/2"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bob["name"], "Bob");
    let slugs: BTreeSet<&str> = bob["posts"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, BTreeSet::from(["typed-sql", "indexes"]));
    let (status, _) = send(http.get(server.url("/users/999"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(http.get(server.url("/users/abc"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_validates_first_and_maps_what_the_database_refuses() {
    let server = Server::start().await;
    let http = Client::new();
    let post = |body: Value| http.post(server.url("/users")).json(&body);

    let (status, eve) = send(post(json!({"name": "Eve", "email": "eve@example.com", "role": "author"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!((eve["role"].as_str(), eve["bio"].clone()), (Some("author"), Value::Null));
    let response = post(json!({"name": "Fay", "email": "fay@example.com"})).send().await.unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let (_, fay) = send(http.get(server.url(&location))).await;
    assert_eq!(fay["email"], "fay@example.com");

    // Found before the database is asked: several fields at once.
    let (status, body) = send(post(json!({"name": "  ", "email": "no-at-sign", "bio": "x".repeat(501)}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (codes(&body, "name"), codes(&body, "email"), codes(&body, "bio")),
        (vec!["blank".to_string()], vec!["pattern".to_string()], vec!["too_long".to_string()])
    );
    assert_eq!(body["fields"]["bio"][0]["limit"], json!({"max_chars": 500}));
    // Found by the database, in the same shape.
    let (status, body) = send(post(json!({"name": "Al", "email": "alice@example.com"}))).await;
    assert_eq!((status, codes(&body, "email")), (StatusCode::CONFLICT, vec!["unique".to_string()]));
    let new_post = json!({"title": "Hi", "slug": "hi", "author_id": 999});
    let (status, body) = send(http.post(server.url("/posts")).json(&new_post)).await;
    assert_eq!(
        (status, codes(&body, "author_id")),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["foreign_key".to_string()])
    );
    let (status, body) =
        send(http.post(server.url("/posts")).json(&json!({"title": "Hi", "slug": "Not A Slug", "author_id": 2}))).await;
    assert_eq!((status, codes(&body, "slug")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["pattern".to_string()]));

    // Bodies that are not what the struct reads.
    let raw =
        |body: &'static str| http.post(server.url("/users")).header("content-type", "application/json").body(body);
    let (status, body) = send(raw("{\"name\": ")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = send(raw("{\"name\": 5, \"email\": \"a@b\"}")).await;
    assert_eq!((status, codes(&body, "name")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["invalid_type".to_string()]));
    let (status, body) = send(raw("{\"name\": \"A\"}")).await;
    assert_eq!((status, codes(&body, "email")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["required".to_string()]));
    let (status, body) = send(raw("{\"name\": \"A\", \"email\": \"a@b\", \"is_admin\": true}")).await;
    assert_eq!(
        (status, codes(&body, "is_admin")),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["unknown_field".to_string()])
    );
    let (status, body) = send(raw("{\"name\": \"A\", \"email\": \"a@b\", \"role\": \"owner\"}")).await;
    assert_eq!((status, codes(&body, "role")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["invalid_type".to_string()]));
    let (status, _) = send(http.post(server.url("/users")).body("{\"name\": \"A\", \"email\": \"a@b\"}")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{{\"name\": \"{}\", \"email\": \"a@b\"}}", "x".repeat(3 << 20));
    let (status, _) = send(http.post(server.url("/users")).header("content-type", "application/json").body(huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, body) = send(post(json!({"name": "x".repeat(101), "email": "long@example.com"}))).await;
    assert_eq!((status, codes(&body, "name")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["too_long".to_string()]));

    let (_, all) = send(http.get(server.url("/users?limit=100"))).await;
    assert_eq!(all["users"].as_array().unwrap().len(), 6, "only Eve and Fay were added");

    // A constraint the generated code does not know: a 500 that says nothing of it.
    let db = sleet::Db::new(server.database.connect().await.unwrap());
    db.client().batch_execute("ALTER TABLE users ADD CONSTRAINT added_later CHECK (name <> 'Zed')").await.unwrap();
    let (status, body) = send(post(json!({"name": "Zed", "email": "zed@example.com"}))).await;
    assert_eq!((status, body), (StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "internal error"})));
    drop(db);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patches_tell_absent_from_null_and_deletes_and_publishing_are_whole() {
    let server = Server::start().await;
    let http = Client::new();
    let patch = |id: i32, body: Value| http.patch(server.url(&format!("/posts/{id}"))).json(&body);

    let (status, post) = send(patch(1, json!({"category_id": null}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((post["category_id"].clone(), post["title"].as_str()), (Value::Null, Some("Typed SQL in Rust")));
    let (_, post) = send(patch(1, json!({}))).await;
    assert_eq!(post["slug"], "typed-sql", "an empty patch changes nothing and returns the row");
    let (status, body) = send(patch(1, json!({"title": null}))).await;
    assert_eq!((status, codes(&body, "title")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["invalid_type".to_string()]));
    let (status, body) = send(patch(1, json!({"title": "  "}))).await;
    assert_eq!((status, codes(&body, "title")), (StatusCode::UNPROCESSABLE_ENTITY, vec!["blank".to_string()]));
    let (status, body) = send(patch(1, json!({"slug": "indexes"}))).await;
    assert_eq!((status, codes(&body, "slug")), (StatusCode::CONFLICT, vec!["unique".to_string()]));
    let (status, _) = send(patch(999, json!({"title": "x"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let publish =
        |id: i32, tags: Value| http.post(server.url(&format!("/posts/{id}/publish"))).json(&json!({"tags": tags}));
    let (_, before) = send(http.get(server.url("/users/3"))).await;
    let draft = before["posts"].as_array().unwrap().iter().find(|p| p["slug"] == "draft").unwrap().clone();
    assert_eq!(draft["published"], false);
    let id = i32::try_from(draft["id"].as_i64().unwrap()).unwrap();
    let (status, body) = send(publish(id, json!(["ok", "x".repeat(41)]))).await;
    assert_eq!(
        (status, codes(&body, "tags[1].name")),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["too_long".to_string()])
    );
    let (status, _) = send(publish(999, json!(["brand-new"]))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, published) = send(publish(id, json!(["sql", "brand-new"]))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(published["published"], true);
    let tags: Vec<&str> = published["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(tags, ["sql", "brand-new"]);
    let db = sleet::Db::new(server.database.connect().await.unwrap());
    let count = |sql: &'static str| {
        let db = &db;
        async move { db.client().query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    assert_eq!(count("SELECT count(*) FROM tags WHERE name = 'brand-new'").await, 1, "the 404 created no tag");

    let (status, _) = send(http.delete(server.url(&format!("/posts/{id}")))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(http.delete(server.url(&format!("/posts/{id}")))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(count("SELECT count(*) FROM post_tags WHERE post_id NOT IN (SELECT id FROM posts)").await, 0);
    drop(db);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_with_posts_costs_two_statements_traced_under_its_request() {
    let server = Server::start().await;
    let http = Client::new();
    for id in 1..=4 {
        let request = http.get(server.url(&format!("/users/{id}"))).header("x-request-id", format!("nested-{id}"));
        assert_eq!(send(request).await.0, StatusCode::OK);
    }
    let counted = statements().lock().unwrap().clone();
    for id in 1..=4 {
        assert_eq!(counted.get(&format!("nested-{id}")), Some(&2), "one for the user, one for the posts: {counted:?}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_requests_over_20_connections_loses_and_duplicates_nothing() {
    let server = Server::start().await;
    let http = Client::builder().pool_max_idle_per_host(20).build().unwrap();
    let mut tasks = Vec::new();
    for worker in 0..20 {
        let (http, url) = (http.clone(), server.url("/users"));
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..10 {
                // One request in ten asks for the same email as every other worker's.
                let email =
                    if i == 9 { "shared@example.com".to_string() } else { format!("w{worker}-{i}@example.com") };
                let body = json!({"name": format!("W{worker} {i}"), "email": email});
                statuses.push((email, http.post(&url).json(&body).send().await.unwrap().status()));
            }
            statuses
        }));
    }
    let mut outcomes: BTreeMap<StatusCode, usize> = BTreeMap::new();
    let mut created = BTreeSet::new();
    for task in tasks {
        for (email, status) in task.await.unwrap() {
            *outcomes.entry(status).or_default() += 1;
            if status == StatusCode::CREATED {
                assert!(created.insert(email), "created once");
            }
        }
    }
    assert_eq!(outcomes, BTreeMap::from([(StatusCode::CREATED, 181), (StatusCode::CONFLICT, 19)]));
    let mut listed = BTreeSet::new();
    let mut after = 0;
    loop {
        let (_, page) = send(http.get(server.url(&format!("/users?limit=100&after={after}")))).await;
        for user in page["users"].as_array().unwrap() {
            assert!(listed.insert(user["email"].as_str().unwrap().to_string()), "listed once: {user}");
        }
        match page["next"].as_i64() {
            Some(next) => after = next,
            None => break,
        }
    }
    assert!(created.is_subset(&listed) && listed.len() == created.len() + 4, "every created user is there, once");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_is_a_503_that_names_nothing() {
    let (base, task) = serve(app::pool("postgres://app:s3cret@127.0.0.1:1/blog").unwrap()).await;
    let (status, body) = send(Client::new().get(format!("{base}/users/1"))).await;
    assert_eq!((status, body), (StatusCode::SERVICE_UNAVAILABLE, json!({"error": "try again"})));
    task.abort();
}

/// Statements per request id: a `tracing` layer counts each `sleet.query` span under
/// the `request` span that carries the `x-request-id`.
fn statements() -> &'static Arc<Mutex<BTreeMap<String, usize>>> {
    use tracing::field::{Field, Visit};
    use tracing_subscriber::layer::{Context, SubscriberExt};
    use tracing_subscriber::registry::LookupSpan;

    static COUNTS: OnceLock<Arc<Mutex<BTreeMap<String, usize>>>> = OnceLock::new();
    struct RequestId(String);
    struct Counter(Arc<Mutex<BTreeMap<String, usize>>>);
    impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Counter {
        fn on_new_span(&self, attrs: &tracing::span::Attributes<'_>, id: &tracing::span::Id, ctx: Context<'_, S>) {
            let Some(span) = ctx.span(id) else { return };
            if attrs.metadata().name() == "request" {
                struct Find(Option<String>);
                impl Visit for Find {
                    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                        if field.name() == "request_id" {
                            self.0 = Some(format!("{value:?}").trim_matches('"').to_string());
                        }
                    }
                    fn record_str(&mut self, field: &Field, value: &str) {
                        if field.name() == "request_id" {
                            self.0 = Some(value.to_string());
                        }
                    }
                }
                let mut find = Find(None);
                attrs.record(&mut find);
                if let Some(request_id) = find.0 {
                    span.extensions_mut().insert(RequestId(request_id));
                }
            } else if attrs.metadata().name() == "sleet.query" {
                let request_id =
                    span.scope().skip(1).find_map(|s| s.extensions().get::<RequestId>().map(|r| r.0.clone()));
                if let Some(request_id) = request_id {
                    *self.0.lock().unwrap().entry(request_id).or_default() += 1;
                }
            }
        }
    }
    COUNTS.get_or_init(|| {
        let counts = Arc::new(Mutex::new(BTreeMap::new()));
        let subscriber = tracing_subscriber::registry().with(Counter(counts.clone()));
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
        counts
    })
}
