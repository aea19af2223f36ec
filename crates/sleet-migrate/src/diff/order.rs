//! Steps in dependency order: a stable topological sort over the objects each step
//! creates, requires, drops and releases. Where no edge decides, the order the differ
//! produced them in stands, so the output is deterministic and reads like the schema.

use super::Step;
use std::collections::{BTreeMap, BTreeSet};

/// `steps` sorted so that a step comes after
/// - a step that creates an object it requires;
/// - a step that drops an object it creates (a recreation drops first);
/// - a step that releases an object it drops (dependents let go first).
///
/// A cycle (which a correct differ does not produce) is broken at the earliest step.
pub(crate) fn sort(steps: Vec<Step>) -> Vec<Step> {
    let n = steps.len();
    let mut by_key: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, s) in steps.iter().enumerate() {
        for k in &s.creates {
            by_key.entry(("creates", k)).or_default().push(i);
        }
        for k in &s.drops {
            by_key.entry(("drops", k)).or_default().push(i);
        }
        for k in &s.releases {
            by_key.entry(("releases", k)).or_default().push(i);
        }
    }
    let mut after: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let find = |kind: &str, key: &str| by_key.get(&(kind, key)).cloned().unwrap_or_default();
    for (i, s) in steps.iter().enumerate() {
        for k in &s.requires {
            after[i].extend(find("creates", k));
        }
        for k in &s.creates {
            after[i].extend(find("drops", k));
        }
        for k in &s.drops {
            after[i].extend(find("releases", k));
        }
        after[i].remove(&i);
    }
    // Kahn's algorithm, always taking the earliest ready step.
    let mut waiting: Vec<usize> = after.iter().map(BTreeSet::len).collect();
    let mut unblocks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, deps) in after.iter().enumerate() {
        for &j in deps {
            unblocks[j].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = match ready.pop_first() {
            Some(i) => i,
            None => (0..n).find(|&i| !done[i]).unwrap_or(0), // a cycle: break it
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        order.push(next);
        for &k in &unblocks[next] {
            waiting[k] = waiting[k].saturating_sub(1);
            if waiting[k] == 0 && !done[k] {
                ready.insert(k);
            }
        }
    }
    let mut slots: Vec<Option<Step>> = steps.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creations_come_before_their_users_and_drops_after_their_dependents() {
        let steps = vec![
            Step::new("add fk").requires(["table:b".to_string()]),
            Step::new("create b").creates("table:b"),
            Step::new("drop a").drops("table:a"),
            Step::new("drop fk to a").releases(["table:a".to_string()]),
        ];
        let sorted: Vec<String> = sort(steps).into_iter().map(|s| s.sql).collect();
        assert_eq!(sorted, ["create b", "add fk", "drop fk to a", "drop a"]);
    }

    #[test]
    fn a_recreation_drops_before_it_creates() {
        let steps = vec![Step::new("create v").creates("view:v"), Step::new("drop v").drops("view:v")];
        let sorted: Vec<String> = sort(steps).into_iter().map(|s| s.sql).collect();
        assert_eq!(sorted, ["drop v", "create v"]);
    }
}
