//! The SQL front end: reads `schema.sql`, a `pg_dump`, or a directory of migrations,
//! parses it with libpg_query (PostgreSQL's own grammar) and applies each statement in
//! order to a [`Catalog`], as PostgreSQL would.

mod apply;
mod nodes;
mod views;

use crate::error::{Error, Location, Result};
use crate::report::{Report, Skipped};
use sleet_catalog::Catalog;
use std::path::{Path, PathBuf};

/// Infers a view's columns from the text of its query (`SELECT …`), against a catalog
/// that holds what it reads, with `public` as the search path: how the live front end
/// learns the nullability the server does not record.
pub fn infer_view(catalog: &Catalog, query: &str) -> std::result::Result<sleet_catalog::ViewShape, String> {
    let parsed = pg_query::parse(query, 0).map_err(|e| e.to_string())?;
    let node = parsed
        .protobuf
        .stmts
        .first()
        .and_then(|s| s.stmt.as_deref())
        .ok_or_else(|| "the view's query is empty".to_string())?;
    let (columns, depends_on) = views::infer(catalog, &["public".to_string()], &views::Functions::new(), node)?;
    Ok(sleet_catalog::ViewShape { columns, depends_on })
}

/// Loads a schema file or a directory of migrations into a catalog.
///
/// A directory contributes every `*.sql` file below it (except `down.sql` and
/// `*.down.sql`), in numeric-aware path order, so `2_x.sql` comes before `10_y.sql`.
pub fn load(path: &Path) -> Result<(Catalog, Report)> {
    let files = schema_files(path)?;
    let mut sources = Vec::with_capacity(files.len());
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|source| Error::Read { path: file.clone(), source })?;
        sources.push((file.clone(), text));
    }
    load_sources(sources.iter().map(|(p, t)| (p.as_path(), t.as_str())))
}

/// Loads SQL given as text, as if each `(path, text)` were a file applied in order.
pub fn load_sources<'a>(sources: impl IntoIterator<Item = (&'a Path, &'a str)>) -> Result<(Catalog, Report)> {
    let mut applier = apply::Applier::new();
    let mut report = Report::default();
    for (path, text) in sources {
        report.files.push(path.to_path_buf());
        let (text, blanked) = blank_out_psql_only_lines(text);
        let parsed = pg_query::parse(&text, 0).map_err(|e| locate_syntax_error(path, &text, e))?;
        let lines = LineIndex::new(&text);
        for (offset, kind) in blanked {
            let mut location = lines.location(path, &text, offset);
            location.statement = format!("({kind})");
            report.skipped.push(Skipped { location, kind: kind.to_string() });
        }
        for raw in &parsed.protobuf.stmts {
            let Some(node) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) else { continue };
            let start = usize::try_from(raw.stmt_location).unwrap_or(0);
            let start = skip_blanks(&text, start);
            let at = || lines.location(path, &text, start);
            if let Err(error) = applier.apply(node, &at) {
                let offset = error.offset.unwrap_or(start);
                return Err(Error::Schema {
                    location: lines.location(path, &text, offset),
                    message: error.problem.to_string(),
                });
            }
            applier.locate_pending(|offset| lines.location(path, &text, offset));
        }
    }
    if let Err((error, location)) = applier.resolve_pending() {
        let location = location.unwrap_or_else(|| Location {
            file: report.files.last().cloned().unwrap_or_default(),
            line: 0,
            column: 0,
            statement: String::new(),
        });
        return Err(Error::Schema { location, message: error.problem.to_string() });
    }
    let (catalog, skipped, notes) = applier.finish();
    report.skipped.extend(skipped);
    report.skipped.sort_by(|a, b| (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line)));
    report.notes = notes;
    Ok((catalog, report))
}

/// The `.sql` files a path stands for, in apply order.
fn schema_files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_sql_files(path, &mut files)?;
    files.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    if files.is_empty() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "the directory holds no .sql files"),
        });
    }
    Ok(files)
}

fn collect_sql_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let read_err = |source| Error::Read { path: dir.to_path_buf(), source };
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            collect_sql_files(&path, out)?;
        } else if name.ends_with(".sql") && name != "down.sql" && !name.ends_with(".down.sql") {
            out.push(path);
        }
    }
    Ok(())
}

/// Compares strings so that runs of digits compare as numbers: `2_a` < `10_a`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let ord = na.len().cmp(&nb.len()).then(na.cmp(nb)).then(da.cmp(&db));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
                (a, b) = (&a[da..], &b[db..]);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

/// Replaces what only psql understands — meta-commands such as `\connect` or
/// `\restrict`, and the data lines after `COPY … FROM stdin;` up to `\.` — with spaces,
/// so byte offsets (and so line numbers) stay true. Returns the text and where each
/// blanked part starts, with what it was.
fn blank_out_psql_only_lines(text: &str) -> (String, Vec<(usize, &'static str)>) {
    let mut out = String::with_capacity(text.len());
    let mut blanked = Vec::new();
    let mut in_copy_data = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let blank = if in_copy_data {
            if line.trim_end_matches(['\n', '\r']) == "\\." {
                in_copy_data = false;
            }
            true
        } else {
            let lower = trimmed.to_ascii_lowercase();
            if lower.starts_with("copy ") && lower.trim_end().ends_with("from stdin;") {
                in_copy_data = true;
                blanked.push((offset + line.len(), "COPY data"));
            }
            if trimmed.starts_with('\\') {
                blanked.push((offset, "psql meta-command"));
            }
            trimmed.starts_with('\\')
        };
        if blank {
            out.extend(line.chars().map(|c| if c == '\n' || c == '\r' { c } else { ' ' }));
        } else {
            out.push_str(&blank_psql_variables(line));
        }
        offset += line.len();
    }
    (out, blanked)
}

/// psql interpolates `:'var'` and `:"var"`; keep the quoted part, so the statement
/// parses (as a literal or identifier) and offsets stay true.
fn blank_psql_variables(line: &str) -> String {
    let code = line.split("--").next().unwrap_or(line);
    if !code.contains(":'") && !code.contains(":\"") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        let next = line[i + c.len_utf8()..].chars().next();
        if c == ':' && prev != ':' && matches!(next, Some('\'' | '"')) && i < code.len() {
            out.push(' ');
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// Skips whitespace and comments so a location points at the statement's first token.
pub(crate) fn skip_blanks(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes[at..].starts_with(b"--") {
            at += bytes[at..].iter().position(|&c| c == b'\n').unwrap_or(bytes.len() - at);
        } else if bytes[at..].starts_with(b"/*") {
            at += text[at..].find("*/").map_or(bytes.len() - at, |p| p + 2);
        } else {
            return at;
        }
    }
}

/// Where each line of a text starts, so locations cost a binary search, not a scan.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { starts }
    }

    /// The file:line:column of a byte offset, with the line it falls on.
    fn location(&self, path: &Path, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let column = text[line_start..offset].chars().count() + 1;
        let statement = text[line_start..].lines().next().unwrap_or_default().trim_end().to_string();
        Location { file: path.to_path_buf(), line, column, statement }
    }
}

/// The location of one offset (for one-off errors).
pub(crate) fn location(path: &Path, text: &str, offset: usize) -> Location {
    LineIndex::new(text).location(path, text, offset)
}

/// Turns libpg_query's message (which carries no position) into an error at the
/// statement that fails, and at the offending token within it when it can be found.
pub(crate) fn locate_syntax_error(path: &Path, text: &str, error: pg_query::Error) -> Error {
    let message = match error {
        pg_query::Error::Parse(m) => m,
        other => other.to_string(),
    };
    let mut offset = 0;
    if let Ok(statements) = pg_query::split_with_scanner(text) {
        for statement in statements {
            if pg_query::parse(statement, 0).is_ok() {
                continue;
            }
            let start = statement.as_ptr() as usize - text.as_ptr() as usize;
            offset = skip_blanks(text, start);
            if let Some(token) = message.split("at or near \"").nth(1).and_then(|rest| rest.strip_suffix('"')) {
                if let Ok(tokens) = pg_query::scan(statement) {
                    let hit = tokens.tokens.iter().find(|t| {
                        let (s, e) = (usize::try_from(t.start).unwrap_or(0), usize::try_from(t.end).unwrap_or(0));
                        statement.get(s..e) == Some(token)
                    });
                    if let Some(t) = hit {
                        offset = start + usize::try_from(t.start).unwrap_or(0);
                    }
                }
            } else if message.contains("at end of input") {
                offset = start + statement.trim_end().len();
            }
            break;
        }
    }
    Error::Syntax { location: location(path, text, offset), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers() {
        let mut names = vec!["10_c.sql", "2_b.sql", "1_a.sql", "02_x.sql", "V3__y.sql", "V20__z.sql"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["1_a.sql", "2_b.sql", "02_x.sql", "10_c.sql", "V3__y.sql", "V20__z.sql"]);
    }

    #[test]
    fn psql_lines_are_blanked_keeping_offsets() {
        let text = "\\restrict abc\nCOPY t (a) FROM stdin;\n1\n2\n\\.\nSELECT 1;\n";
        let (out, blanked) = blank_out_psql_only_lines(text);
        assert_eq!(blanked, [(0, "psql meta-command"), (37, "COPY data")]);
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("             \nCOPY t (a) FROM stdin;\n \n \n  \nSELECT 1;"));
    }
}
