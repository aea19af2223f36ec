//! Rust names for SQL names: snake_case modules and fields, CamelCase types, Rust
//! keywords escaped, and collisions resolved deterministically (numeric suffix, in
//! declaration order) with a note, never silently merged.

use crate::report::Note;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be raw identifiers (`r#self` is not allowed): they get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Rust's keywords, strict and reserved (2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Turns arbitrary text into a valid identifier body: digits first get a prefix,
/// empty text a placeholder.
fn legal(mut name: String, prefix: &str) -> String {
    if name.is_empty() {
        return format!("{prefix}empty");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, prefix);
    }
    name
}

/// Escapes a keyword: `type` → `r#type`, `self` → `self_`.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The snake_case identifier for a table, column or schema (unescaped).
pub fn snake(sql: &str) -> String {
    legal(sql.to_snake_case(), "_")
}

/// The CamelCase identifier for a type or variant (unescaped).
pub fn camel(sql: &str) -> String {
    legal(sql.to_upper_camel_case(), "V")
}

/// The singular of an English plural, on the last word: `users` → `user`,
/// `categories` → `category`, `post_tags` → `post_tag`. Words that are not plural
/// (`status`, `address`, `analysis`) stay as they are.
pub fn singular(snake: &str) -> String {
    let (head, last) = match snake.rfind('_') {
        Some(i) => (&snake[..=i], &snake[i + 1..]),
        None => ("", snake),
    };
    let irregular = [
        ("people", "person"),
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("data", "data"),
        ("media", "media"),
        ("news", "news"),
        ("series", "series"),
    ];
    let word = if let Some((_, s)) = irregular.iter().find(|(p, _)| *p == last) {
        (*s).to_string()
    } else if last.len() > 3 && last.ends_with("ies") {
        format!("{}y", &last[..last.len() - 3])
    } else if ["sses", "shes", "ches", "xes", "zzes"].iter().any(|s| last.ends_with(s)) {
        last[..last.len() - 2].to_string()
    } else if last.len() > 1 && last.ends_with('s') && !["ss", "us", "is"].iter().any(|s| last.ends_with(s)) {
        last[..last.len() - 1].to_string()
    } else {
        last.to_string()
    };
    format!("{head}{word}")
}

/// Hands out unique names within one Rust namespace.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with some names reserved.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_string()).collect() }
    }

    /// Whether a name is free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// Claims `wanted`, or `wanted_2`, `wanted_3`… when taken; records a note when the
    /// name had to change. Returns the escaped identifier.
    pub fn claim(&mut self, wanted: &str, what: &str, notes: &mut Vec<Note>) -> String {
        let mut name = wanted.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{wanted}_{n}");
            n += 1;
        }
        if name != wanted {
            notes.push(Note::NameTaken { item: what.to_string(), wanted: wanted.to_string(), given: name.clone() });
        }
        self.taken.insert(name.clone());
        escape(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(escape(&snake("type")), "r#type");
        assert_eq!(escape(&snake("self")), "self_");
        assert_eq!(escape(&camel("self")), "Self_");
        assert_eq!(snake("userId"), "user_id");
        assert_eq!(snake("with space"), "with_space");
        assert_eq!(snake("123abc"), "_123abc");
        assert_eq!(camel("2fa"), "V2fa");
        assert_eq!(camel(""), "Vempty");
        assert_eq!(camel("in-progress"), "InProgress");
        assert_eq!(snake("ünïcode"), "ünïcode");
    }

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("users", "user"),
            ("categories", "category"),
            ("post_tags", "post_tag"),
            ("status", "status"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("people", "person"),
            ("analysis", "analysis"),
            ("news", "news"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn collisions_get_suffixes_and_notes() {
        let mut ns = Namespace::with_reserved(&["table"]);
        let mut notes = Vec::new();
        assert_eq!(ns.claim("user_id", "a", &mut notes), "user_id");
        assert_eq!(ns.claim("user_id", "b", &mut notes), "user_id_2");
        assert_eq!(ns.claim("table", "c", &mut notes), "table_2");
        assert_eq!(notes.len(), 2);
    }
}
