#!/usr/bin/env python3
"""Medians of the last `cargo bench --bench diesel_bench` run (Criterion's
estimates.json files), as Markdown tables with each entry's ratio to hand-written
tokio-postgres. Usage: python3 summarize.py [target/criterion]"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
BASE = {"bench_trivial_query": "tokio_postgres_by_id", "bench_medium_complex_query": "tokio_postgres_by_id"}


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


for group in ["bench_trivial_query", "bench_medium_complex_query", "bench_insert", "bench_loading_associations_sequentially"]:
    medians = {}
    for est in sorted((root / group).glob("**/new/estimates.json")):
        parts = est.relative_to(root / group).parts[:-2]
        entry, size = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "-")
        medians.setdefault(size, {})[entry] = json.loads(est.read_text())["median"]["point_estimate"]
    if not medians:
        continue
    base = BASE.get(group, "tokio_postgres")
    entries = sorted({e for row in medians.values() for e in row}, key=lambda e: (e != base, e != "sleet", e))
    print(f"\n### {group}\n")
    print("| size | " + " | ".join(entries) + " |")
    print("|---|" + "---:|" * len(entries))
    for size in sorted(medians, key=lambda s: (s == "-", int(s) if s.isdigit() else 0)):
        row = medians[size]
        cells = []
        for e in entries:
            if e not in row:
                cells.append("")
            elif e == base:
                cells.append(fmt(row[e]))
            else:
                cells.append(f"{fmt(row[e])} ({row[e] / row[base]:.2f}×)")
        print(f"| {size} | " + " | ".join(cells) + " |")
