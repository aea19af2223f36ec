//! Builds and renders one kind of query N times, for counting allocations with
//! `valgrind --tool=dhat` (see BENCHMARKS.md): `alloc_count <query> <n>`.

use blog::schema::{posts, users, NewUser, Role, UserPatch};
use sleet::prelude::*;
use sleet::query::SqlWriter;
use std::hint::black_box;

fn render<Q: sleet::query::Render>(query: &Q) -> usize {
    let mut out = SqlWriter::new();
    query.write_sql(&mut out);
    let (sql, params) = out.finish();
    sql.len() + params.len()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut total = 0;
    for _ in 0..n {
        total += match which.as_str() {
            "find" => render(&from(users::table).filter(users::email.eq(black_box("alice@example.com"))).limit(1)),
            "feed" => render(
                &select((posts::id, posts::title, users::name))
                    .from(posts::table)
                    .inner_join(users::table, posts::author_id.eq(users::id))
                    .filter(posts::published.eq(black_box(true)))
                    .order_by(posts::created_at.desc())
                    .limit(20),
            ),
            "insert" => render(
                &insert(users::table)
                    .values(NewUser::new(black_box("Ann"), "ann@example.com").role(Role::Author))
                    .returning(),
            ),
            "update" => render(
                &update(users::table).set(UserPatch::default().bio(black_box("x").to_string())).filter(users::id.eq(7)),
            ),
            other => panic!("unknown query {other}: find, feed, insert or update"),
        };
    }
    println!("{total}");
}
