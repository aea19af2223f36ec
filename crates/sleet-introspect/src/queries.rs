//! The queries the live front end runs: one per kind of object, each over the whole
//! database (never one per table), so the cost grows with the schema, not with round
//! trips. Objects that belong to an extension (`pg_depend.deptype = 'e'`) and the
//! system schemas are left out here, in SQL.

/// User schemas: not the system ones, not a session's temporary ones, not an
/// extension's.
pub(crate) const SCHEMAS: &str = "
SELECT n.oid, n.nspname, obj_description(n.oid, 'pg_namespace')
FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname !~ '^pg_(toast_)?temp_'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname";

/// Installed extensions and their schema (`plpgsql` is always there, and says nothing).
pub(crate) const EXTENSIONS: &str = "
SELECT e.extname, n.nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname";

/// Every type, to resolve the types columns use (built-in, extension and user ones).
pub(crate) const ALL_TYPES: &str = "
SELECT t.oid, n.nspname, t.typname, t.typelem, t.typcategory = 'A' AND t.typelem <> 0
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace";

/// User types: enums (labels in sort order), domains, composites (their fields come
/// with the columns) and ranges.
pub(crate) const USER_TYPES: &str = "
SELECT t.oid, t.typnamespace, t.typname, t.typtype::text, obj_description(t.oid, 'pg_type'),
       CASE WHEN t.typtype = 'e' THEN
            ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
       END,
       t.typbasetype, t.typtypmod, t.typndims, t.typnotnull,
       CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END,
       r.rngsubtype, t.typrelid
FROM pg_type t
LEFT JOIN pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY t.oid";

/// Tables (partitioned, partitions, foreign), views, materialized views, composite
/// types' relations and sequences, with what links them.
pub(crate) const RELATIONS: &str = "
SELECT c.oid, c.relnamespace, c.relname, c.relkind::text, c.relispartition,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       obj_description(c.oid, 'pg_class'),
       ARRAY(SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
       c.relpersistence::text,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
FROM pg_class c
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'S')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.oid";

/// Columns of every relation, in ordinal order, with defaults and generation
/// expressions as the server prints them.
pub(crate) const COLUMNS: &str = "
SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attndims, a.attnotnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
       a.attidentity::text, col_description(a.attrelid, a.attnum),
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
ORDER BY a.attrelid, a.attnum";

/// Constraints of tables and domains.
pub(crate) const CONSTRAINTS: &str = "
SELECT co.conrelid, co.contypid, co.conname, co.contype::text, co.conkey, co.confrelid, co.confkey,
       co.confupdtype::text, co.confdeltype::text,
       CASE WHEN co.contype = 'c' THEN pg_get_expr(co.conbin, co.conrelid) END,
       co.conislocal, co.conparentid, co.confmatchtype::text, co.condeferrable, co.condeferred,
       co.convalidated
FROM pg_constraint co
WHERE co.contype IN ('p', 'u', 'f', 'c', 'x')
ORDER BY co.oid";

/// Indexes that no constraint stands behind (those come with their constraint), and
/// not the partitions of a partitioned index (they come with their parent).
pub(crate) const INDEXES: &str = "
SELECT i.indrelid, ic.relname, i.indisunique, i.indkey::int2[],
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k + 1, false)
             FROM generate_subscripts(i.indkey, 1) k ORDER BY k),
       pg_get_expr(i.indpred, i.indrelid), am.amname::text, i.indnkeyatts,
       i.indoption::int2[],
       ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS c(oid, n)
             JOIN pg_opclass oc ON oc.oid = c.oid ORDER BY c.n)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint co
                  WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
ORDER BY i.indexrelid";

/// The tables and views each view reads (its rewrite rule's dependencies).
pub(crate) const VIEW_READS: &str = "
SELECT DISTINCT r.ev_class, d.refobjid
FROM pg_rewrite r
JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
ORDER BY 1, 2";

/// User functions that views, defaults and constraints call: the Catalog does not hold
/// functions, so what calls one is noted.
pub(crate) const FUNCTION_USES: &str = "
SELECT DISTINCT COALESCE(r.ev_class, ad.adrelid, co.conrelid, co.contypid) AS object,
       pn.nspname::text, p.proname::text
FROM pg_depend d
JOIN pg_proc p ON p.oid = d.refobjid AND d.refclassid = 'pg_proc'::regclass
JOIN pg_namespace pn ON pn.oid = p.pronamespace
LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
LEFT JOIN pg_constraint co ON d.classid = 'pg_constraint'::regclass AND co.oid = d.objid
WHERE pn.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
ORDER BY 1, 2, 3";

/// Rules on tables (`CREATE RULE`; a view's own `_RETURN` rule is the view): the
/// Catalog does not hold them, so they are noted.
pub(crate) const RULES: &str = "
SELECT r.ev_class, r.rulename::text
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
WHERE r.rulename <> '_RETURN'
ORDER BY 1, 2";

/// Functions, triggers, policies and grants on relations of user schemas (not an
/// extension's): the Catalog holds none of them, so each is noted as left alone.
pub(crate) const NOT_MODELLED: &str = "
SELECT 'function', format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast_)?temp_'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
UNION ALL
SELECT 'trigger', format('%I on %s', t.tgname, t.tgrelid::regclass) FROM pg_trigger t WHERE NOT t.tgisinternal
UNION ALL
SELECT 'policy', format('%I on %s', pol.polname, pol.polrelid::regclass) FROM pg_policy pol
UNION ALL
SELECT 'grants', format('on %s', c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast_)?temp_'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 1, 2";

/// Every sequence's parameters.
pub(crate) const SEQUENCES: &str = "
SELECT s.seqrelid, t.typname::text, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
FROM pg_sequence s JOIN pg_type t ON t.oid = s.seqtypid";

/// The column each sequence belongs to: a serial's (`OWNED BY`, deptype `a`) or an
/// identity's (deptype `i`).
pub(crate) const SEQUENCE_OWNERS: &str = "
SELECT d.objid, d.refobjid, a.attname
FROM pg_depend d
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')";
