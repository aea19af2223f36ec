//! The same workloads and entries as `diesel_bench.rs`, timed interleaved: every entry
//! of a case is set up at once, each on a thread of its own, and they take turns — a
//! round gives each entry one turn of about `TURN_MS` of iterations, in an order that
//! rotates from round to round. Each entry's ratio to the baseline is taken within a
//! round and the median over `ROUNDS` rounds is reported, with the quartiles: a shared
//! VM's drift, which moves Criterion's back-to-back measurements by ±10 %, then falls on
//! both sides of every ratio. `./run.sh` runs it after Criterion;
//! `cargo bench --bench paired -- <group filter>` runs some groups, and
//! `ENTRIES=<name>,<name>` some entries of each.

use sleet_bench::fixtures::BenchDatabase;
use sleet_bench::peers::{entries, GROUPS};
use sleet_bench::Bench;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The timer an entry's thread runs under: it waits for an order to run `n`
/// iterations, runs them, and answers with the time they took.
struct Turns {
    orders: Receiver<u64>,
    times: Sender<Duration>,
}

impl Turns {
    /// Answers orders until the runner hangs up; `run(n)` runs `n` iterations.
    fn take_turns(&mut self, mut run: impl FnMut(u64)) {
        // The first answer says the entry is set up.
        if self.times.send(Duration::ZERO).is_err() {
            return;
        }
        while let Ok(n) = self.orders.recv() {
            let started = Instant::now();
            run(n);
            if self.times.send(started.elapsed()).is_err() {
                return;
            }
        }
    }
}

impl Bench for Turns {
    fn iter<O>(&mut self, mut routine: impl FnMut() -> O) {
        self.take_turns(|n| {
            for _ in 0..n {
                std::hint::black_box(routine());
            }
        })
    }

    fn iter_async<O, F: std::future::Future<Output = O>>(
        &mut self,
        runtime: &tokio::runtime::Runtime,
        mut routine: impl FnMut() -> F,
    ) {
        self.take_turns(|n| {
            runtime.block_on(async {
                for _ in 0..n {
                    std::hint::black_box(routine().await);
                }
            })
        })
    }
}

/// One entry of a case, set up and waiting for its turns.
struct Entry {
    name: &'static str,
    orders: Sender<u64>,
    times: Receiver<Duration>,
    thread: JoinHandle<()>,
    /// Iterations per turn.
    iterations: u64,
    /// Seconds per iteration, one per round.
    samples: Vec<f64>,
}

impl Entry {
    /// Starts the entry's workload on its own thread and waits until it is set up (its
    /// fixtures are written then, while no other entry is timing).
    fn start(name: &'static str, workload: sleet_bench::peers::Workload<Turns>, url: &str, size: usize) -> Self {
        let (orders, orders_rx) = channel();
        let (times_tx, times) = channel();
        let url = url.to_string();
        let thread =
            std::thread::spawn(move || workload(&mut Turns { orders: orders_rx, times: times_tx }, &url, size));
        let mut entry = Entry { name, orders, times, thread, iterations: 1, samples: Vec::new() };
        entry.wait();
        entry
    }

    /// The answer to the last order; a workload that panicked stops the run, naming it.
    fn wait(&mut self) -> Duration {
        match self.times.recv() {
            Ok(elapsed) => elapsed,
            Err(_) => panic!("the {} entry stopped (its panic is printed above)", self.name),
        }
    }

    fn turn(&mut self, iterations: u64) -> Duration {
        self.orders.send(iterations).unwrap_or_else(|_| panic!("the {} entry stopped", self.name));
        self.wait()
    }

    /// Sets the iterations per turn so that a turn takes about `turn`, warming up.
    fn calibrate(&mut self, turn: Duration) {
        let mut iterations = 1;
        loop {
            let elapsed = self.turn(iterations);
            if elapsed >= turn / 4 {
                self.iterations = ((iterations as f64 * turn.as_secs_f64() / elapsed.as_secs_f64()) as u64).max(1);
                return;
            }
            iterations *= 4;
        }
    }

    fn finish(self) {
        drop(self.orders);
        self.thread.join().expect("the entry's thread");
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

/// Three significant digits, in the unit that keeps the value at or above 1.
fn format_time(seconds: f64) -> String {
    let ns = seconds * 1e9;
    let (value, unit) = [(1e9, "s"), (1e6, "ms"), (1e3, "µs")]
        .into_iter()
        .find(|(scale, _)| ns >= *scale)
        .map_or((ns, "ns"), |(scale, unit)| (ns / scale, unit));
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$} {unit}")
}

/// Times one case; returns each entry's name and cell (the median, and for all but
/// the baseline the median ratio to it with the quartiles).
fn run_case(group: &str, size: usize, url: &str, rounds: usize, turn: Duration) -> Vec<(&'static str, String)> {
    // `ENTRIES=tokio_postgres_by_id,sleet` times those alone (the first stays the baseline).
    let chosen = std::env::var("ENTRIES").ok();
    let chosen: Option<Vec<&str>> = chosen.as_deref().map(|list| list.split(',').collect());
    let mut entries: Vec<Entry> = entries::<Turns>(group)
        .into_iter()
        .filter(|(name, _)| chosen.as_ref().is_none_or(|chosen| chosen.contains(name)))
        .map(|(name, workload)| Entry::start(name, workload, url, size))
        .collect();
    for entry in &mut entries {
        entry.calibrate(turn);
    }
    for round in 0..rounds {
        let count = entries.len();
        for offset in 0..count {
            let entry = &mut entries[(round + offset) % count];
            let iterations = entry.iterations;
            let elapsed = entry.turn(iterations);
            entry.samples.push(elapsed.as_secs_f64() / iterations as f64);
        }
    }
    let base = entries[0].samples.clone();
    let cells = entries
        .iter()
        .enumerate()
        .map(|(idx, entry)| {
            let median = quantile(&sorted(entry.samples.clone()), 0.5);
            let cell = if idx == 0 {
                format_time(median)
            } else {
                let ratios = sorted(entry.samples.iter().zip(&base).map(|(s, b)| s / b).collect());
                format!(
                    "{} ({:.2}× [{:.2}–{:.2}])",
                    format_time(median),
                    quantile(&ratios, 0.5),
                    quantile(&ratios, 0.25),
                    quantile(&ratios, 0.75)
                )
            };
            (entry.name, cell)
        })
        .collect();
    for entry in entries {
        entry.finish();
    }
    cells
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value.parse().unwrap_or_else(|_| panic!("{name}={value} is not a whole number")),
        Err(_) => default,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters the groups.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let rounds = env_number("ROUNDS", 40).max(1) as usize;
    let turn = Duration::from_millis(env_number("TURN_MS", 50));
    let database = BenchDatabase::create();
    println!(
        "Interleaved: {rounds} rounds, turns of ≈{} ms; each cell: median time per iteration \
         (median ratio to the first column [quartiles of the per-round ratios]).",
        turn.as_millis()
    );
    for (group, sizes) in GROUPS {
        if !filter.is_empty() && !filter.iter().any(|f| group.contains(f.as_str())) {
            continue;
        }
        let mut rows = Vec::new();
        for &size in sizes {
            eprintln!("{group} {size}…");
            rows.push((size, run_case(group, size, database.url(), rounds, turn)));
        }
        let names: Vec<&str> = rows[0].1.iter().map(|(name, _)| *name).collect();
        println!("\n### {group}\n");
        println!("| size | {} |", names.join(" | "));
        println!("|---|{}", "---:|".repeat(names.len()));
        for (size, cells) in rows {
            let size = if size == 0 { "-".to_string() } else { size.to_string() };
            let cells: Vec<String> = cells.into_iter().map(|(_, cell)| cell).collect();
            println!("| {size} | {} |", cells.join(" | "));
        }
    }
}
