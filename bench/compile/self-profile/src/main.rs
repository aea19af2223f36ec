//! Reads one `-Zself-profile` file of rustc (measureme format) and prints where the
//! time went: self time (time not spent in a nested query) summed by query name and,
//! for queries over items of the generated module, by kind of item — `fmt` of a
//! derived `Debug`, `from_row`, a builder method — so that the cost of each thing
//! sleet emits can be read off directly.
//!
//! Usage: `self-profile <file.mm_profdata> [top]` (run by `bench/compile/profile.sh`).

use analyzeme::ProfilingData;
use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

/// One interval event: start, end, what it was, thread.
struct Interval {
    start: SystemTime,
    end: SystemTime,
    key: String,
    thread: u32,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: self-profile <file.mm_profdata> [top]");
        std::process::exit(2);
    };
    let top: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(40);
    let stem = file.trim_end_matches(".mm_profdata");
    let data = ProfilingData::new(Path::new(stem)).unwrap_or_else(|e| {
        eprintln!("self-profile: cannot read {file}: {e}");
        std::process::exit(1);
    });
    let mut intervals: Vec<Interval> = data
        .iter_full()
        .filter_map(|event| {
            let time = event.payload.timestamp().filter(|t| !t.is_instant())?;
            let item = event.additional_data.first().map(|a| item_kind(a)).unwrap_or_default();
            let key = format!("{} {item}", event.label).trim_end().to_string();
            Some(Interval { start: time.start(), end: time.end(), key, thread: event.thread_id })
        })
        .collect();
    // Outer events first, so that a stack gives each event its parent.
    intervals.sort_by_key(|i| (i.thread, i.start, std::cmp::Reverse(i.end)));
    let mut totals: HashMap<String, (f64, u64)> = HashMap::new();
    let mut stack: Vec<(Interval, f64)> = Vec::new(); // event, time of its children
    let close = |stack: &mut Vec<(Interval, f64)>, totals: &mut HashMap<String, (f64, u64)>| {
        let (event, children) = stack.pop().expect("non-empty");
        let length = event.end.duration_since(event.start).map_or(0.0, |d| d.as_secs_f64());
        let total = totals.entry(event.key).or_default();
        total.0 += length - children;
        total.1 += 1;
        if let Some((parent, parent_children)) = stack.last_mut() {
            if parent.thread == event.thread {
                *parent_children += length;
            }
        }
    };
    for interval in intervals {
        while stack.last().is_some_and(|(top, _)| top.thread != interval.thread || top.end <= interval.start) {
            close(&mut stack, &mut totals);
        }
        stack.push((interval, 0.0));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut totals);
    }
    let mut rows: Vec<(String, (f64, u64))> = totals.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    println!("{:>9} {:>9}  query [item kind]", "self s", "count");
    for (key, (seconds, count)) in rows.into_iter().take(top) {
        println!("{seconds:>9.3} {count:>9}  {key}");
    }
}

/// What kind of generated item a query key names, without the table and column names:
/// `[row/insert/patch struct: fmt]` for `schema::{impl}::fmt`, `[table module: clone]`
/// for `schema::t0001::{impl}::clone`, and so on; empty for keys that are not items.
fn item_kind(key: &str) -> String {
    let Some(path) = key.split_once("::schema").map(|(_, rest)| rest) else { return String::new() };
    let place = if path.contains("::relations::") {
        "relation"
    } else if path.starts_with("::{{impl}}") {
        "row/insert/patch struct"
    } else if path.contains("::{{impl}}") {
        "table module" // table and column markers
    } else {
        "type, field or module"
    };
    let last = path.rsplit("::").next().unwrap_or_default();
    let method = match last {
        "clone" | "fmt" | "default" | "eq" | "from_row" | "write_values" | "write_assignments" | "new" => last,
        name if name.chars().all(|c| c.is_ascii_uppercase() || c == '_') => "associated const",
        _ if path.contains("{{impl}}") => "impl or builder method",
        _ => "other",
    };
    format!("[{place}: {method}]")
}
