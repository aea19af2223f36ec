//! Sequence options as PostgreSQL resolves them, from `CREATE SEQUENCE`, `ALTER
//! SEQUENCE`, and the options of an identity column (`GENERATED … AS IDENTITY (…)`,
//! `ALTER COLUMN … SET …`): what is not given takes the default for the type and
//! direction, so the Catalog holds the same values the server does.

use crate::frontend::sql::nodes::strings;
use crate::types;
use pg_query::{Node, NodeEnum};
use sleet_catalog::SequenceOptions;

/// An integer option's value: an `Integer` node, or a `Float` for what does not fit.
fn int(node: Option<&Node>) -> Option<i64> {
    match node?.node.as_ref()? {
        NodeEnum::Integer(i) => Some(i64::from(i.ival)),
        NodeEnum::Float(f) => f.fval.parse().ok(),
        _ => None,
    }
}

/// The integer type a sequence or identity column has: `int2`, `int4` or `int8`.
pub(super) fn integer_type(name: &str) -> &'static str {
    match types::builtin(name) {
        Some("int2") => "int2",
        Some("int4") => "int4",
        _ => "int8",
    }
}

/// `current` with the options in `defs` applied; `fresh` for a new sequence (whose
/// bounds and start follow the options given), else an altered one (whose bounds move
/// only when named, or when they were the old type's defaults and the type changes).
pub(super) fn apply(current: &SequenceOptions, defs: &[Node], fresh: bool) -> SequenceOptions {
    let mut o = current.clone();
    let old_defaults = current.default_bounds();
    let (mut min, mut max, mut start) = (None, None, None);
    for def in defs {
        let Some(NodeEnum::DefElem(d)) = def.node.as_ref() else { continue };
        let arg = d.arg.as_deref();
        match d.defname.as_str() {
            "as" => {
                if let Some(NodeEnum::TypeName(tn)) = arg.and_then(|a| a.node.as_ref()) {
                    if let Some(name) = strings(&tn.names).pop() {
                        o.data_type = integer_type(&name).to_string();
                    }
                }
            }
            "increment" => o.increment = int(arg).unwrap_or(1),
            "start" => start = int(arg),
            "minvalue" => min = Some(int(arg)),
            "maxvalue" => max = Some(int(arg)),
            "cache" => o.cache = int(arg).unwrap_or(1),
            "cycle" => {
                o.cycle = match arg.and_then(|a| a.node.as_ref()) {
                    Some(NodeEnum::Boolean(b)) => b.boolval,
                    Some(NodeEnum::Integer(i)) => i.ival != 0,
                    _ => true,
                }
            }
            _ => {}
        }
    }
    let (new_min, new_max) = o.default_bounds();
    let keep = |given: Option<Option<i64>>, old: i64, old_default: i64, new_default: i64| match given {
        Some(Some(value)) => value,
        Some(None) => new_default, // NO MINVALUE / NO MAXVALUE
        None if fresh || old == old_default => new_default,
        None => old,
    };
    o.min = keep(min, current.min, old_defaults.0, new_min);
    o.max = keep(max, current.max, old_defaults.1, new_max);
    if let Some(start) = start {
        o.start = start;
    } else if fresh {
        o.start = if o.increment > 0 { o.min } else { o.max };
    }
    o
}
