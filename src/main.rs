//! The sleet tour: creates a fresh database, applies `schema.sql`, seeds it, then runs
//! the queries of the Drizzle guides and prints each one's SQL and result.
//!
//! `cargo run` — uses `DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/postgres`.

use blog::database::FreshDatabase;
use blog::schema::{posts, users, NewUser, PostPatch, Role, UserPatch};
use sleet::prelude::*;
use sleet::query::{with, AsCte, Returns, ToSql};
use sleet::Db;
use std::fmt::Debug;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Prints a query's SQL and its rows.
async fn show<Q, C>(db: &Db<C>, title: &str, query: Q) -> sleet::Result<Vec<Q::Row>>
where
    Q: ToSql + Returns,
    Q::Row: Debug,
    C: sleet::exec::AsyncClient,
{
    let (sql, params) = query.to_sql();
    println!("\n── {title}\n   {sql}   ({params} parameter{})", if params == 1 { "" } else { "s" });
    let rows = db.all(&query).await?;
    for row in &rows {
        println!("   → {row:?}");
    }
    Ok(rows)
}

async fn run() -> Result<(), BoxError> {
    let database = FreshDatabase::create("sleet_demo", blog::SCHEMA_SQL).await?;
    println!("created database {} and applied schema.sql", database.name);
    let result = tour(&database).await;
    database.drop_now().await;
    println!("\ndropped database {}", database.name);
    result
}

async fn tour(database: &FreshDatabase) -> Result<(), BoxError> {
    let mut db = Db::new(database.connect().await?);
    let seeded = blog::seed::seed(&db).await?;
    println!("seeded {} users, {} posts, {} tags", seeded.users.len(), seeded.posts.len(), seeded.tags.len());

    // Find one user by email: zero or one row.
    let alice = from(users::table).filter(users::email.eq("alice@example.com")).limit(1);
    println!("\n── find a user by email\n   {}", alice.to_sql().0);
    println!("   → {:?}", db.optional(&alice).await?);

    show(
        &db,
        "select specific columns",
        select((users::name, users::email))
            .from(users::table)
            .filter(users::role.eq(Role::Author))
            .order_by(users::name),
    )
    .await?;

    show(
        &db,
        "the feed: posts joined with their authors",
        select((posts::id, posts::title, users::name))
            .from(posts::table)
            .inner_join(users::table, posts::author_id.eq(users::id))
            .filter(posts::published.eq(true))
            .order_by((posts::created_at.desc(), posts::id.asc()))
            .limit(20),
    )
    .await?;

    show(
        &db,
        "conditions: and / or / not, like, in, between, is null",
        select(posts::slug)
            .from(posts::table)
            .filter(posts::title.ilike("%sql%").or(posts::slug.in_list(["async", "draft"])))
            .filter(posts::category_id.is_null().not())
            .filter(posts::id.between(seeded.posts[0], seeded.posts[3]))
            .order_by(posts::slug),
    )
    .await?;

    show(
        &db,
        "drafts have no publication date",
        select((posts::slug, posts::published_at)).from(posts::table).filter(posts::published_at.is_null()),
    )
    .await?;

    let promote = sleet::update(users::table)
        .set(UserPatch::default().role(Role::Author).bio("Writes now.".to_string()))
        .filter(users::name.eq("Dave"))
        .returning();
    show(&db, "update with a patch struct, returning the row", promote).await?;

    show(
        &db,
        "aggregates, grouped: posts per author, with a HAVING",
        select((users::name, count_star(), max(posts::created_at)))
            .from(posts::table)
            .inner_join(users::table, posts::author_id.eq(users::id))
            .group_by(users::name)
            .having(count_star().ge(1i64))
            .order_by(users::name),
    )
    .await?;

    let (active, authors) = select((posts::author_id, count_star()))
        .from(posts::table)
        .filter(posts::published.eq(true))
        .group_by(posts::author_id)
        .cte("active");
    show(
        &db,
        "a common table expression",
        with(
            active,
            select((users::name, authors.col::<1>()))
                .from(authors)
                .inner_join(users::table, users::id.eq(authors.col::<0>()))
                .order_by(users::name),
        ),
    )
    .await?;

    show(
        &db,
        "upsert: insert, or update the row whose email is taken",
        insert(users::table)
            .values(NewUser::new("Alice L.", "alice@example.com"))
            .on_conflict(users::email)
            .do_update_set(users::name, excluded(users::name))
            .returning_columns((users::id, users::name)),
    )
    .await?;

    show(&db, "delete, returning what went", sleet::delete(posts::table).filter(posts::slug.eq("draft")).returning())
        .await?;

    // A transaction: committed when the closure returns Ok, rolled back on Err.
    let moved: sleet::Result<u64> = db
        .transaction(async |tx| {
            let unpublish = PostPatch::default().published(false);
            let n = tx.execute(&sleet::update(posts::table).set(unpublish).filter(posts::slug.eq("async"))).await?;
            tx.execute(&sleet::insert(users::table).values(NewUser::new("Bob again", "bob@example.com"))).await?;
            Ok(n)
        })
        .await;
    let published: Vec<bool> =
        db.all(&select(posts::published).from(posts::table).filter(posts::slug.eq("async"))).await?;
    println!(
        "\n── a failed transaction changes nothing\n   {}\n   → `async` is still published: {published:?}",
        moved.unwrap_err()
    );

    let err =
        db.execute(&sleet::insert(users::table).values(NewUser::new("Eve", "alice@example.com"))).await.unwrap_err();
    println!(
        "\n── a unique violation is a typed error\n   is_unique_violation: {}, constraint: {:?}\n   {err}",
        err.is_unique_violation(),
        err.constraint()
    );
    Ok(())
}
