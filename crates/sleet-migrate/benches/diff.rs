//! The differ on two 1 000-table schemas: each table has eight columns, a primary
//! key, a foreign key to the table before it, a check and an index; the second schema
//! changes one table in ten (a column added, a type widened, an index changed, a
//! default set) and drops and adds a few. Measured: planning the migration (the
//! Catalogs are read once, outside the measurement), and comparing a schema with
//! itself. `cargo bench -p sleet-migrate --bench diff`; numbers in BENCHMARKS.md.

#![allow(missing_docs)] // criterion's macros generate undocumented items in this binary

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::fmt::Write as _;
use std::path::Path;

const TABLES: usize = 1000;

fn schema(changed: bool) -> String {
    let mut sql = String::from("CREATE TYPE status AS ENUM ('active', 'archived');\n");
    for i in 0..TABLES {
        if changed && i % 97 == 5 {
            continue; // dropped in the new schema
        }
        let touched = changed && i % 10 == 3;
        let name_type = if touched { "varchar(200)" } else { "varchar(100)" };
        let _ = writeln!(
            sql,
            "CREATE TABLE t{i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name {name_type} NOT NULL,\n  \
             amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),\n  status status NOT NULL DEFAULT 'active',\n  \
             created_at timestamptz NOT NULL DEFAULT now(),\n  note text{},\n  flag boolean NOT NULL DEFAULT false,\n  \
             parent_id bigint{}{}\n);",
            if touched { " DEFAULT ''" } else { "" },
            if i > 0 { format!(" REFERENCES t{} (id)", i - 1) } else { String::new() },
            if touched { ",\n  extra integer" } else { "" },
        );
        let key = if touched { "name, created_at" } else { "name" };
        let _ = writeln!(sql, "CREATE INDEX t{i}_name_idx ON t{i} ({key});");
    }
    if changed {
        for i in 0..10 {
            let _ = writeln!(sql, "CREATE TABLE added{i} (id int PRIMARY KEY, t0_id bigint REFERENCES t0 (id));");
        }
    }
    sql
}

fn bench(c: &mut Criterion) {
    let (old_sql, new_sql) = (schema(false), schema(true));
    // Dropped tables are referenced by the next table's foreign key in the old schema
    // only; in the new one the next table references a table that is gone, so the
    // reference is rewritten to t0.
    let new_sql = fix_references(&new_sql);
    let load = |sql: &str| sleet_codegen::load_sources([(Path::new("schema.sql"), sql)]).expect("the schema reads").0;
    let (old, new) = (load(&old_sql), load(&new_sql));
    let plan = sleet_migrate::diff::diff(&old, &new, &[]).expect("a plan");
    eprintln!("1 000 tables: the plan has {} statements", plan.steps.len());
    c.bench_function("diff 1000 tables, one in ten changed", |b| {
        b.iter(|| sleet_migrate::diff::diff(black_box(&old), black_box(&new), &[]).expect("a plan"))
    });
    c.bench_function("diff 1000 tables, identical", |b| {
        b.iter(|| sleet_migrate::diff::diff(black_box(&old), black_box(&old), &[]).expect("a plan"))
    });
}

fn fix_references(sql: &str) -> String {
    let mut out = sql.to_string();
    for i in 0..TABLES {
        if i % 97 == 5 {
            out = out.replace(&format!("REFERENCES t{i} (id)"), "REFERENCES t0 (id)");
        }
    }
    out
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
