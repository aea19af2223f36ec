//! psqldef's cases as its `tests_*.yml` files hold them: only the fields the oracle
//! reads, each read permissively — a number or a boolean where text is expected is
//! taken as its text, an unknown field is ignored — so that a field sqldef adds later
//! or an odd value never stops the suite.

use serde_yaml::Value;
use std::path::Path;

/// One case: a top-level key of a `tests_*.yml` file.
#[derive(Clone, Debug)]
pub struct Case {
    /// The file it comes from (`tests_tables.yml`).
    pub file: String,
    /// Its key in that file.
    pub name: String,
    /// The schema the database starts with (empty when absent).
    pub current: String,
    /// The schema it should end with (empty when absent).
    pub desired: String,
    /// The error sqldef expects, when it expects one.
    pub error: Option<String>,
    /// The oldest PostgreSQL the case applies to (`"13"`, `"18.0"`).
    pub min_version: Option<String>,
    /// The newest PostgreSQL the case applies to.
    pub max_version: Option<String>,
    /// A flavor it needs (`pgvector`) or, with a leading `!`, one it excludes.
    pub flavor: Option<String>,
    /// `user`, `managed_roles` or `manage.privilege`: the case is about roles and
    /// privileges.
    pub roles: bool,
    /// sqldef checks it without a database (Aurora DSQL's dialect, among others).
    pub offline: bool,
}

impl Case {
    /// `file / name`, as results.md lists it.
    pub fn id(&self) -> String {
        format!("{} / {}", self.file, self.name)
    }
}

/// Every case of every `tests_*.yml` in `dir`, sorted by (file, case).
pub fn load(dir: &Path) -> Result<Vec<Case>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("tests_") && n.ends_with(".yml"))
        })
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let file = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        let document: Value = serde_yaml::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
        let map = match document {
            Value::Mapping(map) => map,
            Value::Null => continue,
            _ => return Err(format!("{file}: not a mapping of case names to cases")),
        };
        for (key, spec) in &map {
            let name = scalar(Some(key)).ok_or_else(|| format!("{file}: a case without a name"))?;
            let field = |key: &str| scalar(spec.get(key));
            let present = |value: Option<&Value>| value.is_some_and(|v| !v.is_null());
            cases.push(Case {
                file: file.clone(),
                current: field("current").unwrap_or_default(),
                desired: field("desired").unwrap_or_default(),
                error: field("error"),
                min_version: field("min_version"),
                max_version: field("max_version"),
                flavor: field("flavor"),
                // An empty `manage.privilege` list still means "manage every grantee".
                roles: present(spec.get("user"))
                    || present(spec.get("managed_roles"))
                    || spec.get("manage").and_then(|m| m.get("privilege")).is_some(),
                offline: field("offline").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
                name,
            });
        }
    }
    cases.sort_by(|a, b| (&a.file, &a.name).cmp(&(&b.file, &b.name)));
    Ok(cases)
}

/// A value as text: strings as they are, numbers and booleans as written, anything
/// else as YAML; `None` for null or absent.
fn scalar(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Tagged(tagged) => scalar(Some(&tagged.value)),
        other => serde_yaml::to_string(other).ok(),
    }
}
