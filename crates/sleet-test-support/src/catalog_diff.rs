//! Differences between two Catalogs, by object path: `public.users.columns.email.default:
//! "x" ≠ "y"`. Lists of named things (columns, constraints) are matched by
//! name, so one missing column is one difference, not a shifted list.

use serde_json::Value;
use sleet_catalog::Catalog;

/// Where `a` and `b` differ, one line per difference.
pub fn catalog_diff(a: &Catalog, b: &Catalog) -> Vec<String> {
    let (a, b) = (serde_json::to_value(a).unwrap_or_default(), serde_json::to_value(b).unwrap_or_default());
    let mut out = Vec::new();
    walk("", &a, &b, &mut out);
    out
}

fn named(items: &[Value]) -> Option<Vec<(String, &Value)>> {
    items.iter().map(|v| Some((v.get("name")?.as_str()?.to_string(), v))).collect()
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                match y.get(key) {
                    Some(vb) => walk(&join(key), va, vb, out),
                    None => out.push(format!("{}: only in the first", join(key))),
                }
            }
            for key in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{}: only in the second", join(key)));
            }
        }
        (Value::Array(x), Value::Array(y)) => match (named(x), named(y)) {
            (Some(nx), Some(ny)) if !nx.is_empty() || !ny.is_empty() => {
                for (name, va) in &nx {
                    match ny.iter().find(|(n, _)| n == name) {
                        Some((_, vb)) => walk(&join(name), va, vb, out),
                        None => out.push(format!("{}: only in the first", join(name))),
                    }
                }
                for (name, _) in ny.iter().filter(|(n, _)| !nx.iter().any(|(m, _)| m == n)) {
                    out.push(format!("{}: only in the second", join(name)));
                }
                let (ox, oy): (Vec<&String>, Vec<&String>) =
                    (nx.iter().map(|(n, _)| n).collect(), ny.iter().map(|(n, _)| n).collect());
                if ox.len() == oy.len() && ox != oy {
                    out.push(format!("{path}: order {ox:?} ≠ {oy:?}"));
                }
            }
            _ if a != b => out.push(format!("{path}: {a} ≠ {b}")),
            _ => {}
        },
        _ if a != b => out.push(format!("{path}: {a} ≠ {b}")),
        _ => {}
    }
}
