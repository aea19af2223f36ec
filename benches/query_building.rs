//! What sleet adds on top of the driver before a query is sent: building a typed query
//! and rendering it to SQL text plus parameters. Run with
//! `cargo bench --bench query_building`.
#![allow(missing_docs)] // criterion's macros generate undocumented items in this binary

use blog::schema::{posts, users, NewUser, Role, UserPatch};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sleet::prelude::*;
use sleet::query::SqlWriter;

fn render<Q: sleet::query::Render>(query: &Q) -> usize {
    let mut out = SqlWriter::new();
    query.write_sql(&mut out);
    let (sql, params) = out.finish();
    sql.len() + params.len()
}

fn bench(c: &mut Criterion) {
    c.bench_function("find user by email (build + render)", |b| {
        b.iter(|| render(&from(users::table).filter(users::email.eq(black_box("alice@example.com"))).limit(1)))
    });
    c.bench_function("feed: join, filter, order, limit (build + render)", |b| {
        b.iter(|| {
            render(
                &select((posts::id, posts::title, users::name))
                    .from(posts::table)
                    .inner_join(users::table, posts::author_id.eq(users::id))
                    .filter(posts::published.eq(black_box(true)))
                    .order_by(posts::created_at.desc())
                    .limit(20),
            )
        })
    });
    c.bench_function("insert one row returning (build + render)", |b| {
        b.iter(|| {
            render(
                &insert(users::table)
                    .values(NewUser::new(black_box("Ann"), "ann@example.com").role(Role::Author))
                    .returning(),
            )
        })
    });
    c.bench_function("update with a patch (build + render)", |b| {
        b.iter(|| {
            render(
                &update(users::table).set(UserPatch::default().bio(black_box("x").to_string())).filter(users::id.eq(7)),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
