//! PostgreSQL regular expressions (Spencer's ARE, as `~` reads them) translated into
//! the `regex` crate's syntax, for the patterns whose meaning the two share: literals,
//! `.`, anchors, groups, alternation, quantifiers, bracket expressions of characters
//! and ranges, and `\d`. What depends on the server's locale (`\w`, `\s`,
//! `[[:alpha:]]`) or that `regex` lacks (back references, lookaround) is refused, so
//! the check is left to the database instead of being guessed.

/// The `regex` crate pattern with the same matches as PostgreSQL's `pattern`, or why
/// there is none.
pub(crate) fn translate(pattern: &str, case_insensitive: bool) -> Result<String, String> {
    if case_insensitive && !pattern.is_ascii() {
        return Err("case-insensitive matching of non-ASCII letters depends on the locale".into());
    }
    let mut out = String::from(if case_insensitive { "(?si)" } else { "(?s)" });
    if let Some(literal) = pattern.strip_prefix("***=") {
        out.push_str(&regex_syntax::escape(literal));
        return Ok(out);
    }
    if pattern.starts_with("***") || pattern.starts_with("(?") && !pattern.starts_with("(?:") {
        return Err("embedded options or directors".into());
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else { return Err("a trailing backslash".into()) };
                i += 1;
                out.push_str(&escape(e)?);
            }
            '[' => i = bracket(&chars, i, &mut out)?,
            '(' if chars.get(i) == Some(&'?') => {
                if chars.get(i + 1) != Some(&':') {
                    return Err("lookahead or lookbehind".into());
                }
                out.push_str("(?:");
                i += 2;
            }
            '{' => {
                let end = chars[i..].iter().position(|&c| c == '}').ok_or("a `{` that is not a bound")?;
                let bound: String = chars[i..i + end].iter().collect();
                if bound.is_empty() || !bound.chars().all(|c| c.is_ascii_digit() || c == ',') {
                    return Err(format!("`{{{bound}}}` is not a bound"));
                }
                out.push('{');
                out.push_str(&bound);
                out.push('}');
                i += end + 1;
            }
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '|' => out.push(c),
            _ => out.push_str(&regex_syntax::escape(&c.to_string())),
        }
    }
    regex_syntax::Parser::new().parse(&out).map_err(|e| {
        format!("`regex` does not accept the translation: {}", e.to_string().lines().last().unwrap_or(""))
    })?;
    Ok(out)
}

/// An escape outside brackets.
fn escape(e: char) -> Result<String, String> {
    Ok(match e {
        'd' => "[0-9]".into(),
        'D' => "[^0-9]".into(),
        'A' => "\\A".into(),
        'Z' => "\\z".into(),
        'n' => "\\n".into(),
        't' => "\\t".into(),
        'r' => "\\r".into(),
        c if c.is_alphanumeric() => return Err(format!("`\\{c}`, whose meaning differs or depends on the locale")),
        c => regex_syntax::escape(&c.to_string()),
    })
}

/// A bracket expression starting after its `[`; returns where it ends.
fn bracket(chars: &[char], mut i: usize, out: &mut String) -> Result<usize, String> {
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let Some(&c) = chars.get(i) else { return Err("an unclosed `[`".into()) };
        i += 1;
        match c {
            ']' if !first => break,
            '[' if matches!(chars.get(i), Some(':' | '.' | '=')) => {
                return Err("character classes and collating elements depend on the locale".into())
            }
            '\\' => {
                let Some(&e) = chars.get(i) else { return Err("a trailing backslash".into()) };
                i += 1;
                match e {
                    'd' => out.push_str("0-9"),
                    'n' => out.push_str("\\n"),
                    't' => out.push_str("\\t"),
                    c if c.is_alphanumeric() => {
                        return Err(format!("`\\{c}` in brackets, whose meaning differs or depends on the locale"))
                    }
                    c => out.push_str(&class_char(c)),
                }
            }
            // A range `a-z`, by code point in both; a `-` first or last is literal.
            '-' if !first && chars.get(i).is_some_and(|&n| n != ']') => out.push('-'),
            c => out.push_str(&class_char(c)),
        }
        first = false;
    }
    out.push(']');
    Ok(i)
}

/// A literal character inside a `regex` class.
fn class_char(c: char) -> String {
    if c.is_alphanumeric() || c == ' ' {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn shared_syntax_translates() {
        assert_eq!(translate("^[a-z0-9_]+$", false).unwrap(), "(?s)^[a-z0-9\\_]+$");
        assert_eq!(translate("^[^@ ]+@[^@ ]+\\.[a-z]{2,}$", true).unwrap(), "(?si)^[^\\@ ]+@[^\\@ ]+\\.[a-z]{2,}$");
        assert_eq!(translate("\\d{3}-\\d{4}", false).unwrap(), "(?s)[0-9]{3}\\-[0-9]{4}");
        assert_eq!(translate("[]a-]", false).unwrap(), "(?s)[\\]a\\-]");
        assert_eq!(translate("***=a.b", false).unwrap(), "(?s)a\\.b");
    }

    #[test]
    fn locale_dependent_or_unsupported_syntax_is_refused() {
        for pattern in ["\\w+", "\\s", "[[:alpha:]]", "(a)\\1", "a(?=b)", "\\mword", "(?i)abc", "a{x}"] {
            assert!(translate(pattern, false).is_err(), "{pattern}");
        }
    }
}
