//! The sleet tour: creates a fresh database, applies the migrations embedded at build
//! time (`migrations/`, as an application does at startup), seeds it, then runs the
//! queries of the Drizzle guides and prints each one's SQL and result.
//!
//! `cargo run` — uses `DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/postgres`.

use blog::schema::{categories, comments, posts, tags, users, NewComment, NewUser, PostPatch, Role, UserPatch};
use sleet::prelude::*;
use sleet::query::{cte_ref, with, with_recursive, Render, Returns};
use sleet::Db;
use sleet_test_support::FreshDatabase;
use std::fmt::Debug;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Prints a statement's SQL and how many rows it changed.
async fn show_execute<Q: Render, C: sleet::exec::AsyncClient>(
    db: &Db<C>,
    title: &str,
    statement: Q,
) -> sleet::Result<u64> {
    println!("\n── {title}\n   {}", statement.to_sql().0);
    let n = db.execute(&statement).await?;
    println!("   → {n} row(s)");
    Ok(n)
}

/// Prints a query's SQL and its rows.
async fn show<Q, C>(db: &Db<C>, title: &str, query: Q) -> sleet::Result<Vec<Q::Row>>
where
    Q: Render + Returns,
    Q::Row: Debug,
    C: sleet::exec::AsyncClient,
{
    let (sql, params) = query.to_sql();
    if !title.is_empty() {
        println!("\n── {title}");
    }
    println!("   {sql}   ({params} parameter{})", if params == 1 { "" } else { "s" });
    let rows = db.all(&query).await?;
    for row in &rows {
        println!("   → {row:?}");
    }
    Ok(rows)
}

async fn run() -> Result<(), BoxError> {
    let database = FreshDatabase::create("sleet_demo", "").await?;
    println!("created database {}", database.name);
    let result = tour(&database).await;
    database.drop_now().await;
    println!("\ndropped database {}", database.name);
    result
}

async fn tour(database: &FreshDatabase) -> Result<(), BoxError> {
    let mut db = Db::new(database.connect().await?);
    // What an application does at startup: apply what is pending, exactly once even
    // when several instances start together.
    let migrator = blog::migrations::migrator()?.on_progress(|progress| {
        if let sleet::migrate::Progress::Applied(migration, elapsed) = progress {
            println!("applied migration {} in {} ms", migration.label(), elapsed.as_millis());
        }
    });
    migrator.run(&mut db).await?;
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

    show(
        &db,
        "left join with whole rows: the category is None where a post has none",
        select((posts::slug, categories::table.all_columns().nullable()))
            .from(posts::table)
            .left_join(categories::table, posts::category_id.eq(categories::id))
            .order_by(posts::id),
    )
    .await?;

    show(
        &db,
        "IN (subquery), ORDER BY … NULLS LAST: authors of published posts, newest publication first",
        select((users::name, posts::slug, posts::published_at))
            .from(posts::table)
            .inner_join(users::table, posts::author_id.eq(users::id))
            .filter(
                users::id.in_subquery(select(posts::author_id).from(posts::table).filter(posts::published.eq(true))),
            )
            .order_by((posts::published_at.desc().nulls_last(), posts::id.asc())),
    )
    .await?;

    show(&db, "count with a filter", count_rows(posts::table).filter(posts::published.eq(false))).await?;

    show(
        &db,
        "DISTINCT ON: the latest comment on each post",
        select((comments::post_id, comments::body))
            .from(comments::table)
            .distinct_on(comments::post_id)
            .order_by((comments::post_id, comments::id.desc())),
    )
    .await?;

    show(
        &db,
        "UNION and NOT EXISTS: everyone who wrote or commented; readers who did neither",
        select(posts::author_id).from(posts::table).union(select(comments::author_id).from(comments::table)),
    )
    .await?;
    show(
        &db,
        "",
        select(users::name)
            .from(users::table)
            .filter(not_exists(select(posts::id).from(posts::table).filter(posts::author_id.eq(users::id))))
            .filter(not_exists(select(comments::id).from(comments::table).filter(comments::author_id.eq(users::id)))),
    )
    .await?;

    // A reply to a reply, then the whole thread with a recursive CTE.
    let question =
        db.one(&select(comments::id).from(comments::table).filter(comments::body.eq("Does it do joins?"))).await?;
    let reply = NewComment::new(seeded.posts[0], seeded.users[1], "Inner, outer and cross.").parent_id(question);
    db.execute(&insert(comments::table).values(reply)).await?;
    let thread = cte_ref::<(comments::id, comments::parent_id)>("thread");
    let walk =
        select((comments::id, comments::parent_id)).from(comments::table).filter(comments::id.eq(question)).union_all(
            select((comments::id, comments::parent_id))
                .from(comments::table)
                .inner_join(thread, comments::parent_id.eq(thread.col::<0>())),
        );
    show(
        &db,
        "WITH RECURSIVE: a comment thread",
        with_recursive(
            thread,
            walk,
            select((comments::body, comments::parent_id))
                .from(comments::table)
                .inner_join(thread, comments::id.eq(thread.col::<0>()))
                .order_by(comments::id),
        ),
    )
    .await?;

    let commenter = sleet::alias(users::table, "commenter");
    show(
        &db,
        "the same table twice, through an alias: who commented on whose post",
        select((commenter.col(users::name), users::name, comments::body))
            .from(comments::table)
            .inner_join(commenter, comments::author_id.eq(commenter.col(users::id)))
            .inner_join(posts::table, comments::post_id.eq(posts::id))
            .inner_join(users::table, posts::author_id.eq(users::id))
            .order_by(comments::id),
    )
    .await?;

    let long =
        select((posts::slug, posts::title_length)).from(posts::table).filter(posts::published.eq(true)).derived("long");
    show(
        &db,
        "a subquery in FROM",
        select(long.col::<0>()).from(long.clone()).filter(long.col::<1>().gt(17)).order_by(long.col::<0>()),
    )
    .await?;

    show(
        &db,
        "INTERSECT and EXCEPT: authors who also comment; commenters who never wrote",
        select(posts::author_id).from(posts::table).intersect(select(comments::author_id).from(comments::table)),
    )
    .await?;
    show(
        &db,
        "",
        select(comments::author_id).from(comments::table).except(select(posts::author_id).from(posts::table)),
    )
    .await?;

    show(
        &db,
        "INSERT … SELECT: a tag for every author",
        insert(tags::table)
            .select(tags::name, select(lower(users::name)).from(users::table).filter(users::role.eq(Role::Author)))
            .returning(),
    )
    .await?;

    show(
        &db,
        "OVERRIDING SYSTEM VALUE: an explicit id for a GENERATED ALWAYS identity",
        insert(users::table)
            .values(NewUser::new("Imported", "imported@example.com").id(1000))
            .overriding_system_value()
            .returning_columns((users::id, users::name)),
    )
    .await?;

    show_execute(
        &db,
        "UPDATE … FROM: move the posts of `databases` into `rust`",
        sleet::update(posts::table)
            .set_column(posts::category_id, categories::id.nullable())
            .from(categories::table)
            .filter(categories::name.eq("rust"))
            .filter(posts::category_id.eq(seeded.categories[1])),
    )
    .await?;

    show(
        &db,
        "insert many rows in one statement",
        insert(users::table)
            .values_many([
                NewUser::new("Erin", "erin@example.com"),
                NewUser::new("Frank", "frank@example.com").role(Role::Author),
            ])
            .returning_columns((users::id, users::name, users::role)),
    )
    .await?;

    show(
        &db,
        "raw SQL: static text, every value bound",
        sleet::raw("SELECT name, length(bio) FROM users WHERE bio IS NOT NULL AND role = ")
            .bind(&Role::Author)
            .rows::<(String, Option<i32>)>(),
    )
    .await?;

    // Nested reads through the relations generated from foreign keys: one statement
    // per level, whatever the number of parents.
    let post = db
        .query(posts::table)
        .with(posts::author())
        .with(posts::category())
        .with(posts::tags())
        .filter(posts::slug.eq("typed-sql"))
        .first()
        .await?;
    println!("\n── a post with its author, category and tags (3 + 1 statements)");
    if let Some(post) = post {
        let (author, category, tags) = &post.related;
        println!(
            "   → {:?} by {}, in {:?}, tagged {:?}",
            post.title,
            author.name,
            category.as_ref().map(|c| &c.name),
            tags.iter().map(|t| &t.name).collect::<Vec<_>>()
        );
    }
    let authors = db
        .query(users::table)
        .columns((users::name, count_related(users::posts())))
        .filter_related(users::posts(), posts::published.eq(true))
        .with(
            users::posts()
                .filter(posts::published.eq(true))
                .order_by(posts::published_at.desc())
                .limit(5)
                .columns(posts::slug)
                .with(posts::comments().columns(comments::body)),
        )
        .order_by(users::name)
        .all()
        .await?;
    println!("── active authors, their post count, latest published posts and the comments on them");
    for author in &authors {
        let (name, count) = &author.row;
        let posts: Vec<(&String, &Vec<String>)> = author.related.0.iter().map(|p| (&p.row, &p.related.0)).collect();
        println!("   → {name} ({count} posts): {posts:?}");
    }

    // Claim work without waiting on rows another transaction holds.
    db.transaction(async |tx| {
        let claim =
            select((posts::id, posts::slug)).from(posts::table).order_by(posts::id).limit(1).for_update().skip_locked();
        show(tx, "SELECT … FOR UPDATE SKIP LOCKED, in a transaction", claim).await
    })
    .await?;

    // Behind a transaction-mode pooler (PgBouncer), send statements unnamed.
    let unpooled = Db::new(database.connect().await?).without_statement_cache();
    show(&unpooled, "the statement cache off: one unnamed statement per query", count_rows(comments::table)).await?;

    show(&db, "delete, returning what went", sleet::delete(posts::table).filter(posts::slug.eq("draft")).returning())
        .await?;
    show_execute(
        &db,
        "DELETE … USING: the comments on one post, by its slug",
        sleet::delete(comments::table)
            .using(posts::table)
            .filter(comments::post_id.eq(posts::id))
            .filter(posts::slug.eq("async")),
    )
    .await?;

    // Nested transactions are savepoints: the inner one rolls back alone.
    let kept = db
        .transaction(async |tx| {
            tx.execute(&sleet::insert(users::table).values(NewUser::new("Kept", "kept@example.com"))).await?;
            let inner: sleet::Result<u64> = tx
                .transaction(async |sp| {
                    sp.execute(&sleet::insert(users::table).values(NewUser::new("Gone", "gone@example.com"))).await?;
                    Err(sleet::Error::Transaction("changed my mind".into()))
                })
                .await;
            println!("\n── a nested transaction (SAVEPOINT) rolled back: {}", inner.unwrap_err());
            tx.all(&select(users::name).from(users::table).filter(users::name.in_list(["Kept", "Gone"]))).await
        })
        .await?;
    println!("   → after COMMIT: {kept:?}");

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
