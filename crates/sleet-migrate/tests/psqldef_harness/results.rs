//! results.md: the outcome of every case as a committed golden, and what changed
//! between the committed file and this run, case by case.

use super::cases::Case;
use super::Outcome;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The command that rewrites results.md.
pub const BLESS: &str = "SLEET_BLESS=1 cargo test -p sleet-migrate --test psqldef";

/// The whole report.
pub fn render(results: &[(Case, Outcome)]) -> String {
    let mut out = String::from("# sleet's differ on sqldef's psqldef cases\n\n");
    let _ = writeln!(out, "(how to regenerate: `{BLESS}`)\n");
    out += "Each case loads `current` into a fresh database, migrates it with sleet's plan to \
            `desired` and compares the result with `desired` loaded directly; diffing again \
            must plan nothing, and the down migration must give `current` back. \
            See `crates/sleet-migrate/tests/psqldef.rs`.\n\n";
    out += &table(results);

    out += "\n## Skips by reason\n\n| reason | cases |\n|---|---:|\n";
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, outcome) in results {
        if let Outcome::Skip(reason) = outcome {
            *reasons.entry(reason.as_str()).or_default() += 1;
        }
    }
    let mut reasons: Vec<(&str, usize)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (reason, count) in reasons {
        let _ = writeln!(out, "| {} | {count} |", reason.replace('|', "\\|"));
    }

    out += "\n## Failures\n\n";
    let mut any = false;
    for (case, outcome) in results {
        if let Outcome::Fail(reason) = outcome {
            let _ = writeln!(out, "- {}: {reason}", case.id());
            any = true;
        }
    }
    if !any {
        out += "none\n";
    }
    out
}

/// Cases, passes, failures and skips per file, and the total.
pub fn table(results: &[(Case, Outcome)]) -> String {
    let mut rows: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for (case, outcome) in results {
        let row = rows.entry(case.file.as_str()).or_default();
        row[0] += 1;
        match outcome {
            Outcome::Pass => row[1] += 1,
            Outcome::Fail(_) => row[2] += 1,
            Outcome::Skip(_) => row[3] += 1,
        }
    }
    let mut out = String::from("| file | cases | pass | fail | skip |\n|---|---:|---:|---:|---:|\n");
    let mut total = [0usize; 4];
    for (file, row) in &rows {
        let _ = writeln!(out, "| {file} | {} | {} | {} | {} |", row[0], row[1], row[2], row[3]);
        for (sum, n) in total.iter_mut().zip(row) {
            *sum += n;
        }
    }
    let _ = writeln!(out, "| total | {} | {} | {} | {} |", total[0], total[1], total[2], total[3]);
    out
}

/// How this run differs from the committed results.md: per case for failures ("now
/// fails", "now passes", "now skipped", "fails differently"), then every other line
/// (counts, skip reasons) found on one side only.
pub fn changes(committed: &str, now: &str, results: &[(Case, Outcome)]) -> Vec<String> {
    let failures = |text: &str| -> BTreeMap<String, String> {
        text.lines()
            .filter_map(|line| line.strip_prefix("- "))
            .filter_map(|line| line.split_once(": "))
            .map(|(id, reason)| (id.to_string(), reason.to_string()))
            .collect()
    };
    let (before, after) = (failures(committed), failures(now));
    let mut out = Vec::new();
    for (id, reason) in &after {
        match before.get(id) {
            None => out.push(format!("{id}: now fails: {reason}")),
            Some(old) if old != reason => out.push(format!("{id}: fails differently: {reason} (was: {old})")),
            Some(_) => {}
        }
    }
    for id in before.keys().filter(|id| !after.contains_key(*id)) {
        let outcome = results.iter().find(|(case, _)| case.id() == *id).map(|(_, outcome)| outcome);
        out.push(match outcome {
            Some(Outcome::Skip(reason)) => format!("{id}: now skipped: {reason}"),
            Some(_) => format!("{id}: now passes"),
            None => format!("{id}: no longer a case"),
        });
    }
    let others = |text: &str| -> BTreeSet<String> {
        text.lines().filter(|line| !line.starts_with("- ")).map(str::to_string).collect()
    };
    let (before, after) = (others(committed), others(now));
    out.extend(before.difference(&after).map(|line| format!("committed: {line}")));
    out.extend(after.difference(&before).map(|line| format!("now:       {line}")));
    out
}
