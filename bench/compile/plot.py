#!/usr/bin/env python3
"""Draws `cargo check` (clean) time against the number of tables from a results file
of run.sh, one line per generator, log-log; a build stopped by a cap is drawn as an
open marker at the cap with an arrow up. Needs matplotlib.
Usage: plot.py bench/results/compile-<date>-<commit>.md [out.png]"""
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

source = sys.argv[1]
target = sys.argv[2] if len(sys.argv) > 2 else re.sub(r"\.md$", ".png", source)
series = {}  # generator -> [(tables, seconds, stopped)]
for line in open(source):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 7 or not cells[2].isdigit():
        continue
    generator, schema, tables, check = cells[0], cells[1], int(cells[2]), cells[5]
    if schema == "lemmy":
        continue  # a real schema; the table beside the plot has it
    stopped = re.match(r"stopped (.*) \(", check)
    seconds = float(re.search(r"\(([\d.]+) s\)" if stopped else r"([\d.]+) s", check).group(1))
    series.setdefault(generator, []).append((tables, seconds, stopped and stopped.group(1)))

fig, ax = plt.subplots(figsize=(7, 4.5))
for generator, points in sorted(series.items()):
    points.sort()
    done = [(t, s) for t, s, stopped in points if not stopped]
    line = ax.plot([t for t, _ in done], [s for _, s in done], marker="o", label=generator)[0]
    for t, s, stopped in points:
        if stopped:
            ax.plot([t], [s], marker="o", fillstyle="none", color=line.get_color())
            ax.annotate(f"stopped {stopped}\nafter {s:.0f} s", (t, s), xytext=(t * 0.55, s * 0.45), ha="center",
                        color=line.get_color(), arrowprops=dict(arrowstyle="->", color=line.get_color()))
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("tables in the schema")
ax.set_ylabel("cargo check, clean (s)")
ax.set_title("Compile time of generated schema code (+ five queries)")
ax.grid(True, which="both", alpha=0.3)
ax.legend()
fig.tight_layout()
fig.savefig(target, dpi=110)
print(target)
