//! Renames declared in a schema file: `-- @renamed from=old_name` (or the same in a
//! `/* */` comment) beside the object that was renamed, as psqldef and Atlas take them.
//!
//! Where the comment stands says what it names: in a `CREATE TABLE` before the first
//! column, the table; after a column or a named constraint, that column or constraint;
//! in `CREATE TYPE … AS ENUM` after a label, the label, before the first, the type;
//! anywhere in `CREATE INDEX`, `CREATE VIEW`, `CREATE DOMAIN` or another `CREATE TYPE`,
//! that object. Names in `from=` follow SQL's rules: folded to lower case unless quoted.
//!
//! The same renames can be written in a hints file instead ([`hints`]), one per line:
//! `column public.users.name -> full_name`.

use crate::diff::{Rename, RenameKind};
use pg_query::protobuf::{self as pb, Token};
use pg_query::NodeEnum;
use sleet_catalog::QualifiedName;

/// Every rename declared in `sql`, in the order written. An annotation that names
/// nothing it can rename is an error naming its line.
pub fn renames(sql: &str) -> Result<Vec<Rename>, String> {
    if !sql.contains("@renamed") {
        return Ok(Vec::new());
    }
    let scanned = pg_query::scan(sql).map_err(|e| format!("the schema does not scan: {e}"))?;
    let tokens: Vec<Tok> = scanned
        .tokens
        .iter()
        .map(|t| Tok {
            start: usize::try_from(t.start).unwrap_or(0),
            end: usize::try_from(t.end).unwrap_or(0),
            kind: Token::try_from(t.token).unwrap_or(Token::Nul),
        })
        .collect();
    let mut out = Vec::new();
    for statement in statements(sql, &tokens) {
        for comment in &statement.comments {
            let text = &sql[comment.start..comment.end];
            let Some(from) = annotation(text).map_err(|why| format!("line {}: {why}", line_of(sql, comment.start)))?
            else {
                continue;
            };
            let rename = attribute(sql, &statement, comment.start, from)
                .map_err(|why| format!("line {}: {why}", line_of(sql, comment.start)))?;
            out.push(rename);
        }
    }
    Ok(out)
}

/// The renames of a hints file: one per line, `<kind> <old, qualified> -> <new name>`,
/// where kind is `table`, `view`, `type`, `index`, `column`, `constraint` or `label`:
///
/// ```text
/// # renames.txt
/// table public.accounts -> users
/// column public.users.username -> handle     # the table by its new name
/// label public.mood.sad -> blue
/// ```
///
/// Names are as stored (no quotes, case kept); `#` starts a comment.
pub fn hints(text: &str) -> Result<Vec<Rename>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let bad = |why: &str| format!("line {}: {why}: `{}`", i + 1, raw.trim());
        let (kind, rest) =
            line.split_once(char::is_whitespace).ok_or_else(|| bad("expected `<kind> <old> -> <new>`"))?;
        let (old, new) = rest.split_once("->").ok_or_else(|| bad("expected `->` between the old and the new name"))?;
        let (old, new) = (old.trim(), new.trim().to_string());
        if new.is_empty() || new.contains('.') {
            return Err(bad("the new name is a bare name (it stays where the old one was)"));
        }
        let parts: Vec<&str> = old.split('.').collect();
        let in_schema = |parts: &[&str]| match parts {
            [schema, name] => Ok((schema.to_string(), name.to_string())),
            _ => Err(bad("the old name is `schema.name`")),
        };
        let in_table = |parts: &[&str]| match parts {
            [schema, table, name] => Ok((QualifiedName::new(*schema, *table), name.to_string())),
            _ => Err(bad("the old name is `schema.table.name`")),
        };
        let rename = match kind {
            "table" | "view" | "type" | "index" => {
                let (schema, from) = in_schema(&parts)?;
                let kind = match kind {
                    "table" => RenameKind::Table(schema),
                    "view" => RenameKind::View(schema),
                    "type" => RenameKind::Type(schema),
                    _ => RenameKind::Index(schema),
                };
                Rename::new(kind, from, new)
            }
            "column" | "constraint" | "label" => {
                let (owner, from) = in_table(&parts)?;
                let kind = match kind {
                    "column" => RenameKind::Column(owner),
                    "constraint" => RenameKind::Constraint(owner),
                    _ => RenameKind::Label(owner),
                };
                Rename::new(kind, from, new)
            }
            other => {
                return Err(bad(&format!(
                    "unknown kind `{other}` (table, view, type, index, column, constraint or label)"
                )))
            }
        };
        out.push(rename);
    }
    Ok(out)
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    kind: Token,
}

fn is_comment(t: &Tok) -> bool {
    matches!(t.kind, Token::SqlComment | Token::CComment)
}

/// One statement's code tokens and the comments that belong to it: those inside it,
/// and those after its `;` on the same line.
struct Statement {
    code: Vec<Tok>,
    comments: Vec<Tok>,
}

fn statements(sql: &str, tokens: &[Tok]) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    let mut current = Statement { code: Vec::new(), comments: Vec::new() };
    let mut last_end: Option<usize> = None; // where the previous statement's `;` ended
    for t in tokens {
        if is_comment(t) {
            let same_line_as_end = last_end.is_some_and(|e| !sql[e..t.start].contains('\n'));
            match out.last_mut() {
                Some(prev) if current.code.is_empty() && same_line_as_end => prev.comments.push(*t),
                _ => current.comments.push(*t),
            }
            continue;
        }
        if t.kind == Token::Ascii59 {
            last_end = Some(t.end);
            out.push(std::mem::replace(&mut current, Statement { code: Vec::new(), comments: Vec::new() }));
            continue;
        }
        current.code.push(*t);
    }
    if !current.code.is_empty() || !current.comments.is_empty() {
        out.push(current);
    }
    out
}

fn line_of(sql: &str, at: usize) -> usize {
    sql[..at].matches('\n').count() + 1
}

/// `Some(old name)` when a comment is a rename annotation.
fn annotation(comment: &str) -> Result<Option<String>, String> {
    let Some(at) = comment.find("@renamed") else { return Ok(None) };
    let rest = comment[at + "@renamed".len()..].trim_start();
    let Some(value) = rest.strip_prefix("from=") else {
        return Err(format!("`{}` needs `from=old_name`", comment.trim()));
    };
    let value = value.trim_end_matches("*/").trim();
    let name = if let Some(quoted) = value.strip_prefix('"') {
        let Some(end) = quoted.find('"').or_else(|| quoted.rfind('"')) else {
            return Err(format!("`{}`: the quoted name is not closed", comment.trim()));
        };
        let mut name = quoted[..end].to_string();
        // `""` inside a quoted name is one quote.
        let mut tail = &quoted[end..];
        while let Some(more) = tail.strip_prefix("\"\"") {
            let Some(next) = more.find('"') else { break };
            name.push('"');
            name.push_str(&more[..next]);
            tail = &more[next..];
        }
        name
    } else {
        value.split_whitespace().next().unwrap_or("").to_lowercase()
    };
    if name.is_empty() {
        return Err(format!("`{}` names no old name after `from=`", comment.trim()));
    }
    Ok(Some(name))
}

/// An identifier token's name: quoted as written, otherwise folded to lower case.
fn identifier(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => text.to_lowercase(),
    }
}

fn string_literal(text: &str) -> Option<String> {
    text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).map(|t| t.replace("''", "'"))
}

/// What the annotation at `at` in `statement` renames.
fn attribute(sql: &str, statement: &Statement, at: usize, from: String) -> Result<Rename, String> {
    let (Some(first), Some(last)) = (statement.code.first(), statement.code.last()) else {
        return Err("a @renamed annotation must stand in the statement that creates the object".into());
    };
    let text = &sql[first.start..last.end];
    let parsed = pg_query::parse(text, 0).map_err(|e| format!("the statement does not parse: {e}"))?;
    let node = parsed
        .protobuf
        .stmts
        .first()
        .and_then(|s| s.stmt.as_ref())
        .and_then(|s| s.node.clone())
        .ok_or("a @renamed annotation must stand in a CREATE statement")?;
    let qualified = |r: &Option<pb::RangeVar>| {
        r.as_ref().map(|r| {
            let schema = if r.schemaname.is_empty() { "public".to_string() } else { r.schemaname.clone() };
            QualifiedName::new(schema, &r.relname)
        })
    };
    let type_name = |names: &[pg_query::Node]| {
        let parts: Vec<String> = names
            .iter()
            .filter_map(|n| match &n.node {
                Some(NodeEnum::String(s)) => Some(s.sval.clone()),
                _ => None,
            })
            .collect();
        match parts.as_slice() {
            [schema, name] => QualifiedName::new(schema, name),
            [name] => QualifiedName::new("public", name),
            _ => QualifiedName::new("public", parts.last().cloned().unwrap_or_default()),
        }
    };
    match node {
        NodeEnum::CreateStmt(create) => {
            let table = qualified(&create.relation).ok_or("CREATE TABLE without a name")?;
            match element_before(sql, &statement.code, at) {
                None => Ok(Rename::new(RenameKind::Table(table.schema), from, table.name)),
                Some(element) => {
                    let head = &sql[element[0].start..element[0].end];
                    if head.eq_ignore_ascii_case("constraint") {
                        let name = element
                            .get(1)
                            .map(|t| identifier(&sql[t.start..t.end]))
                            .ok_or("CONSTRAINT without a name")?;
                        Ok(Rename::new(RenameKind::Constraint(table), from, name))
                    } else if ["primary", "unique", "check", "foreign", "exclude", "like"]
                        .iter()
                        .any(|k| head.eq_ignore_ascii_case(k))
                    {
                        Err(format!(
                            "@renamed beside an unnamed {} constraint: name it (CONSTRAINT name …) to rename it",
                            head.to_uppercase()
                        ))
                    } else {
                        Ok(Rename::new(RenameKind::Column(table), from, identifier(head)))
                    }
                }
            }
        }
        NodeEnum::CreateEnumStmt(e) => {
            let ty = type_name(&e.type_name);
            match element_before(sql, &statement.code, at) {
                None => Ok(Rename::new(RenameKind::Type(ty.schema), from, ty.name)),
                Some(element) => {
                    let label = string_literal(&sql[element[0].start..element[0].end])
                        .ok_or("@renamed beside something that is not a label")?;
                    Ok(Rename::new(RenameKind::Label(ty), from, label))
                }
            }
        }
        NodeEnum::CreateDomainStmt(d) => {
            let ty = type_name(&d.domainname);
            Ok(Rename::new(RenameKind::Type(ty.schema), from, ty.name))
        }
        NodeEnum::CompositeTypeStmt(c) => {
            let ty = qualified(&c.typevar).ok_or("CREATE TYPE without a name")?;
            Ok(Rename::new(RenameKind::Type(ty.schema), from, ty.name))
        }
        NodeEnum::CreateRangeStmt(r) => {
            let ty = type_name(&r.type_name);
            Ok(Rename::new(RenameKind::Type(ty.schema), from, ty.name))
        }
        NodeEnum::IndexStmt(i) => {
            let table = qualified(&i.relation).ok_or("CREATE INDEX without a table")?;
            if i.idxname.is_empty() {
                return Err("@renamed beside an unnamed index: name it to rename it".into());
            }
            Ok(Rename::new(RenameKind::Index(table.schema), from, i.idxname))
        }
        NodeEnum::ViewStmt(v) => {
            let view = qualified(&v.view).ok_or("CREATE VIEW without a name")?;
            Ok(Rename::new(RenameKind::View(view.schema), from, view.name))
        }
        NodeEnum::CreateTableAsStmt(t) => {
            let view =
                t.into.as_ref().and_then(|i| qualified(&i.rel)).ok_or("CREATE MATERIALIZED VIEW without a name")?;
            Ok(Rename::new(RenameKind::View(view.schema), from, view.name))
        }
        other => Err(format!(
            "@renamed beside {}: only tables, columns, constraints, types, enum labels, indexes and views are renamed",
            format!("{other:?}").split('(').next().unwrap_or("a statement")
        )),
    }
}

/// The tokens of the list element (inside the statement's first parentheses) that
/// starts last before `at`; `None` when `at` is before the first element.
fn element_before(sql: &str, code: &[Tok], at: usize) -> Option<Vec<Tok>> {
    let _ = sql;
    let mut depth = 0;
    let mut opened = false;
    let mut start_next = false;
    let mut current: Option<Vec<Tok>> = None;
    for t in code {
        if t.start > at {
            break;
        }
        match t.kind {
            Token::Ascii40 => {
                depth += 1;
                if depth == 1 && !opened {
                    opened = true;
                    start_next = true;
                    continue;
                }
            }
            Token::Ascii41 => depth -= 1,
            Token::Ascii44 if depth == 1 => {
                start_next = true;
                continue;
            }
            _ => {}
        }
        if depth >= 1 && opened {
            if start_next {
                current = Some(Vec::new());
                start_next = false;
            }
            if let Some(element) = current.as_mut() {
                element.push(*t);
            }
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sql: &str) -> Rename {
        let mut all = renames(sql).unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn columns_tables_and_constraints_are_told_apart_by_place() {
        let users = QualifiedName::new("public", "users");
        assert_eq!(
            one("CREATE TABLE users (\n  id int,\n  user_name text, -- @renamed from=username\n  age int\n);"),
            Rename::new(RenameKind::Column(users.clone()), "username", "user_name")
        );
        assert_eq!(
            one("CREATE TABLE users ( -- @renamed from=\"User Accounts\"\n  id int\n);"),
            Rename::new(RenameKind::Table("public".into()), "User Accounts", "users")
        );
        assert_eq!(
            one("CREATE TABLE users (\n  email text,\n  CONSTRAINT unique_email UNIQUE (email) -- @renamed from=old\n);"),
            Rename::new(RenameKind::Constraint(users), "old", "unique_email")
        );
    }

    #[test]
    fn enum_labels_types_and_indexes() {
        let ty = QualifiedName::new("public", "level");
        assert_eq!(
            one("CREATE TYPE level AS ENUM (\n 'low',\n 'minor', -- @renamed from=mid\n 'high'\n);"),
            Rename::new(RenameKind::Label(ty.clone()), "mid", "minor")
        );
        assert_eq!(
            one("CREATE TYPE level AS ENUM ('a', 'critical' /* @renamed from=high */);"),
            Rename::new(RenameKind::Label(ty), "high", "critical")
        );
        assert_eq!(
            one("CREATE TYPE app.status /* @renamed from=state */ AS ENUM ('a');"),
            Rename::new(RenameKind::Type("app".into()), "state", "status")
        );
        assert_eq!(
            one("CREATE INDEX \"EmailIndex\" /* @renamed from=email_idx */ ON users (email);"),
            Rename::new(RenameKind::Index("public".into()), "email_idx", "EmailIndex")
        );
    }

    #[test]
    fn a_hints_file_says_the_same_in_lines() {
        let users = QualifiedName::new("public", "users");
        let read = hints("# renames\ntable public.accounts -> users\ncolumn public.users.name -> full_name  # kept\n")
            .unwrap();
        assert_eq!(
            read,
            [
                Rename::new(RenameKind::Table("public".into()), "accounts", "users"),
                Rename::new(RenameKind::Column(users), "name", "full_name"),
            ]
        );
        assert!(hints("column users.name -> x")
            .unwrap_err()
            .starts_with("line 1: the old name is `schema.table.name`"));
        assert!(hints("\nsequence public.s -> t").unwrap_err().starts_with("line 2: unknown kind `sequence`"));
        assert!(hints("table public.a => b").unwrap_err().contains("expected `->`"));
    }

    #[test]
    fn a_comment_after_the_semicolon_belongs_to_its_statement() {
        let all = renames("CREATE INDEX b ON t (x); -- @renamed from=a\nCREATE TABLE u (id int);").unwrap();
        assert_eq!(all, [Rename::new(RenameKind::Index("public".into()), "a", "b")]);
    }

    #[test]
    fn an_annotation_that_names_nothing_is_an_error_with_its_line() {
        let err = renames("CREATE TABLE t (id int);\n-- @renamed to=x\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        let err = renames("CREATE TABLE t (id int, PRIMARY KEY (id) -- @renamed from=old\n);").unwrap_err();
        assert!(err.contains("unnamed PRIMARY constraint"), "{err}");
        let err = renames("SELECT 1; -- @renamed from=x").unwrap_err();
        assert!(err.contains("SelectStmt"), "{err}");
    }
}
