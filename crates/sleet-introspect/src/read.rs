//! Turns the rows of the catalog queries into a Catalog: schemas, then types, then
//! relations with their columns, constraints and indexes, then views (whose queries
//! are analysed against what came before), then sequences.

use crate::queries;
use crate::types::{PgType, Types};
use crate::{Error, Introspected, Note, Options};
use sleet_catalog::{
    Catalog, Check, Column, Composite, Deferrable, Domain, EnumType, FkAction, ForeignKey, Identity, Index, IndexKey,
    KeyConstraint, MatchType, QualifiedName, RangeType, Schema, Sequence, SequenceOptions, Table, View, ViewColumn,
};
use std::collections::HashMap;
use tokio_postgres::{Client, Row};

async fn query(client: &Client, what: &'static str, sql: &str) -> Result<Vec<Row>, Error> {
    client.query(sql, &[]).await.map_err(|source| Error::Query { what, source })
}

/// A relation as `pg_class` has it.
struct Relation {
    oid: u32,
    name: QualifiedName,
    kind: String,
    is_partition: bool,
    partition_key: Option<String>,
    comment: Option<String>,
    parents: Vec<u32>,
    view_query: Option<String>,
    partition_bound: Option<String>,
}

/// A column as `pg_attribute` has it.
struct PgColumn {
    number: i16,
    column: Column,
}

pub(crate) async fn read(client: &Client, options: &Options) -> Result<Introspected, Error> {
    // Expressions and view queries are printed relative to the search path: fix it.
    client
        .batch_execute("SET search_path TO public")
        .await
        .map_err(|source| Error::Query { what: "the search path", source })?;
    let mut notes = Vec::new();
    let mut catalog = Catalog::default();

    // Schemas, kept by oid for the objects that name theirs by oid.
    let mut schemas: HashMap<u32, String> = HashMap::new();
    for row in query(client, "schemas", queries::SCHEMAS).await? {
        let name: String = row.get(1);
        let keep = options.schemas.as_ref().is_none_or(|only| only.contains(&name));
        if keep {
            schemas.insert(row.get(0), name.clone());
            // `public`'s built-in comment is the server's, not the schema author's.
            let comment: Option<String> =
                row.get::<_, Option<String>>(2).filter(|c| !(name == "public" && c == "standard public schema"));
            catalog.schemas.insert(name.clone(), Schema { comment, ..Schema::named(name) });
        }
    }
    if let Some(missing) = options.schemas.iter().flatten().find(|s| !catalog.schemas.contains_key(*s)) {
        return Err(Error::NoSuchSchema(missing.clone()));
    }
    for row in query(client, "extensions", queries::EXTENSIONS).await? {
        catalog.extensions.insert(row.get(0), row.get(1));
    }

    let mut types = Types::default();
    for row in query(client, "types", queries::ALL_TYPES).await? {
        let name = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        types.0.insert(row.get(0), PgType { name, element: row.get(3), is_array: row.get(4) });
    }

    let mut relations: Vec<Relation> = Vec::new();
    for row in query(client, "relations", queries::RELATIONS).await? {
        let Some(schema) = schemas.get(&row.get::<_, u32>(1)) else { continue };
        let persistence: String = row.get(9);
        if persistence == "t" {
            continue; // another session's temporary table
        }
        let name = QualifiedName::new(schema, row.get::<_, String>(2));
        let kind: String = row.get(3);
        if kind == "f" {
            notes.push(Note::ForeignTable { table: name.clone() });
        }
        if persistence == "u" && kind != "S" {
            notes.push(Note::Unlogged { table: name.clone() });
        }
        relations.push(Relation {
            oid: row.get(0),
            name,
            kind,
            is_partition: row.get(4),
            partition_key: row.get(5),
            comment: row.get(6),
            parents: row.get(7),
            view_query: row.get(8),
            partition_bound: row.get(10),
        });
    }
    let names: HashMap<u32, QualifiedName> = relations.iter().map(|r| (r.oid, r.name.clone())).collect();

    let mut columns: HashMap<u32, Vec<PgColumn>> = HashMap::new();
    for row in query(client, "columns", queries::COLUMNS).await? {
        let relation: u32 = row.get(0);
        if !names.contains_key(&relation) {
            continue;
        }
        let ty = types.type_ref(row.get(3), row.get(4), row.get(5));
        let identity = match row.get::<_, String>(9).as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        let column = Column {
            name: row.get(2),
            ty,
            nullable: !row.get::<_, bool>(6),
            default: row.get(7),
            identity,
            generated: row.get(8),
            collation: row.get(11),
            comment: row.get(10),
        };
        columns.entry(relation).or_default().push(PgColumn { number: row.get(1), column });
    }
    let column_name = |relation: u32, number: i16| -> String {
        columns
            .get(&relation)
            .and_then(|cols| cols.iter().find(|c| c.number == number))
            .map(|c| c.column.name.clone())
            .unwrap_or_else(|| format!("#{number}"))
    };

    // User types: enums, domains, composites, ranges.
    let mut domains_by_oid: HashMap<u32, QualifiedName> = HashMap::new();
    for row in query(client, "user types", queries::USER_TYPES).await? {
        let Some(schema) = schemas.get(&row.get::<_, u32>(1)) else { continue };
        let name: String = row.get(2);
        let comment: Option<String> = row.get(4);
        let target = catalog.schemas.get_mut(schema).expect("schema read above");
        match row.get::<_, String>(3).as_str() {
            "e" => {
                let labels: Vec<String> = row.get(5);
                target.enums.insert(name.clone(), EnumType { name, labels, comment });
            }
            "d" => {
                let base = types.type_ref(row.get(6), row.get(7), row.get(8));
                domains_by_oid.insert(row.get(0), QualifiedName::new(schema, &name));
                let domain = Domain {
                    name: name.clone(),
                    base,
                    not_null: row.get(9),
                    default: row.get(10),
                    checks: Vec::new(),
                    comment,
                };
                target.domains.insert(name, domain);
            }
            "r" => {
                let subtype = types.type_ref(row.get(11), -1, 0);
                target.ranges.insert(name.clone(), RangeType { name, subtype, comment });
            }
            _ => {
                let relation: u32 = row.get(12);
                let fields = columns
                    .get(&relation)
                    .map(|cols| cols.iter().map(|c| Column { nullable: true, ..c.column.clone() }).collect::<Vec<_>>())
                    .unwrap_or_default();
                target.composites.insert(name.clone(), Composite { name, fields, comment });
            }
        }
    }

    // Tables: columns, partitioning, inheritance.
    for relation in relations.iter().filter(|r| matches!(r.kind.as_str(), "r" | "p" | "f")) {
        let mut table = Table::new(&relation.name.name);
        table.columns =
            columns.get(&relation.oid).map(|c| c.iter().map(|c| c.column.clone()).collect()).unwrap_or_default();
        table.comment.clone_from(&relation.comment);
        table.partition_by.clone_from(&relation.partition_key);
        let parents: Vec<QualifiedName> = relation.parents.iter().filter_map(|p| names.get(p).cloned()).collect();
        if relation.is_partition {
            table.partition_of = parents.into_iter().next();
            table.partition_bound.clone_from(&relation.partition_bound);
        } else {
            table.inherits = parents;
        }
        catalog.schemas.get_mut(&relation.name.schema).expect("schema").tables.insert(table.name.clone(), table);
    }

    // Constraints of tables and domains.
    for row in query(client, "constraints", queries::CONSTRAINTS).await? {
        let (relation, domain): (u32, u32) = (row.get(0), row.get(1));
        let name: String = row.get(2);
        let kind: String = row.get(3);
        let expression: Option<String> = row.get(9);
        if let Some(domain) = domains_by_oid.get(&domain) {
            if kind == "c" {
                let d = catalog.schemas.get_mut(&domain.schema).and_then(|s| s.domains.get_mut(&domain.name));
                if let Some(d) = d {
                    let not_valid = !row.get::<_, bool>(15);
                    d.checks.push(Check { name, expression: expression.unwrap_or_default(), not_valid });
                }
            }
            continue;
        }
        let Some(table_name) = names.get(&relation) else { continue };
        let is_local: bool = row.get(10);
        let inherited = !is_local || row.get::<_, u32>(11) != 0;
        let keys: Vec<String> = row
            .get::<_, Option<Vec<i16>>>(4)
            .unwrap_or_default()
            .into_iter()
            .map(|n| column_name(relation, n))
            .collect();
        let Some(table) = catalog.table_mut(table_name) else { continue };
        match kind.as_str() {
            "p" => table.primary_key = Some(KeyConstraint { name, columns: keys }),
            // A constraint a partition or child has from its parent is the parent's.
            _ if inherited => {}
            "u" => table.uniques.push(KeyConstraint { name, columns: keys }),
            "c" => table.checks.push(Check {
                name,
                expression: expression.unwrap_or_default(),
                not_valid: !row.get::<_, bool>(15),
            }),
            "f" => {
                let target: u32 = row.get(5);
                let referenced: Vec<String> = row
                    .get::<_, Option<Vec<i16>>>(6)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| column_name(target, n))
                    .collect();
                let Some(references) = names.get(&target).cloned() else { continue };
                table.foreign_keys.push(ForeignKey {
                    name,
                    columns: keys,
                    references,
                    referenced_columns: referenced,
                    on_update: FkAction::from_code(&row.get::<_, String>(7)),
                    on_delete: FkAction::from_code(&row.get::<_, String>(8)),
                    match_type: MatchType::from_code(&row.get::<_, String>(12)),
                    deferrable: Deferrable::from_flags(row.get(13), row.get(14)),
                    not_valid: !row.get::<_, bool>(15),
                });
            }
            _ => notes.push(Note::ExclusionConstraint { table: table_name.clone(), name }),
        }
    }

    // Indexes; a unique one over plain columns without a predicate is a unique key too.
    for row in query(client, "indexes", queries::INDEXES).await? {
        let relation: u32 = row.get(0);
        let Some(table_name) = names.get(&relation) else { continue };
        let name: String = row.get(1);
        let unique: bool = row.get(2);
        let numbers: Vec<i16> = row.get(3);
        let definitions: Vec<String> = row.get(4);
        let predicate: Option<String> = row.get(5);
        let method: String = row.get(6);
        let key_count = usize::try_from(row.get::<_, i16>(7)).unwrap_or(numbers.len());
        let mut keys: Vec<String> = numbers
            .iter()
            .zip(&definitions)
            .map(|(&n, def)| if n == 0 { def.clone() } else { column_name(relation, n) })
            .collect();
        let include = keys.split_off(key_count.min(keys.len()));
        // `indoption`: bit 1 DESC, bit 2 NULLS FIRST (for key columns only).
        let sort: Vec<i16> = row.get(8);
        let opclasses: Vec<Option<String>> = row.get(9);
        let index_keys: Vec<IndexKey> = keys
            .iter()
            .enumerate()
            .map(|(k, expression)| {
                let option = sort.get(k).copied().unwrap_or(0);
                IndexKey {
                    expression: expression.clone(),
                    opclass: opclasses.get(k).cloned().flatten(),
                    descending: option & 1 != 0,
                    nulls_first: option & 2 != 0,
                }
            })
            .collect();
        let plain = numbers.iter().take(key_count).all(|&n| n != 0);
        let Some(table) = catalog.table_mut(table_name) else { continue };
        if unique && plain && predicate.is_none() {
            table.uniques.push(KeyConstraint { name: name.clone(), columns: keys.clone() });
        }
        table.indexes.insert(name.clone(), Index { name, keys: index_keys, unique, method, include, predicate });
    }

    // What each view reads, as the server records it (`pg_depend` of its rewrite rule).
    let mut view_reads: HashMap<u32, Vec<QualifiedName>> = HashMap::new();
    for row in query(client, "view dependencies", queries::VIEW_READS).await? {
        if let Some(read) = names.get(&row.get::<_, u32>(1)) {
            view_reads.entry(row.get(0)).or_default().push(read.clone());
        }
    }
    view_reads.values_mut().for_each(|reads| reads.sort());

    // Views, in creation order so that each finds what it reads.
    for relation in relations.iter().filter(|r| matches!(r.kind.as_str(), "v" | "m")) {
        let cols = columns.get(&relation.oid).map(Vec::as_slice).unwrap_or_default();
        let query_text = relation.view_query.clone().unwrap_or_default();
        let from_catalog = view_reads.get(&relation.oid).cloned().unwrap_or_default();
        let (nullability, depends_on) = match options.views.map(|analyse| analyse(&catalog, &query_text)) {
            Some(Ok(shape)) => {
                let nullable: Option<Vec<bool>> =
                    shape.columns.map(|cols| cols.into_iter().map(|c| c.nullable).collect());
                (nullable, shape.depends_on)
            }
            Some(Err(reason)) => {
                notes.push(Note::ViewNotInferred { view: relation.name.clone(), reason });
                (None, from_catalog)
            }
            None => (None, from_catalog),
        };
        let view_columns = cols
            .iter()
            .enumerate()
            .map(|(i, c)| ViewColumn {
                name: c.column.name.clone(),
                ty: Some(c.column.ty.clone()),
                nullable: nullability.as_ref().and_then(|n| n.get(i).copied()).unwrap_or(true),
                comment: c.column.comment.clone(),
            })
            .collect();
        let view = View {
            name: relation.name.name.clone(),
            materialized: relation.kind == "m",
            columns: view_columns,
            depends_on,
            definition: query_text.trim().trim_end_matches(';').to_string(),
            comment: relation.comment.clone(),
        };
        catalog.schemas.get_mut(&relation.name.schema).expect("schema").views.insert(view.name.clone(), view);
    }

    // Rules on tables, which the Catalog does not hold.
    for row in query(client, "rules", queries::RULES).await? {
        if let Some(table) = names.get(&row.get::<_, u32>(0)) {
            notes.push(Note::Rule { table: table.clone(), name: row.get(1) });
        }
    }

    // Functions, triggers and policies: not in the Catalog, left alone, said so.
    for row in query(client, "functions, triggers and policies", queries::NOT_MODELLED).await? {
        notes.push(Note::NotModelled { kind: row.get(0), name: row.get(1) });
    }

    // What calls a user function (the Catalog holds no functions).
    for row in query(client, "function uses", queries::FUNCTION_USES).await? {
        let object: Option<u32> = row.get(0);
        let name = object.and_then(|o| names.get(&o).cloned().or_else(|| domains_by_oid.get(&o).cloned()));
        if let Some(object) = name {
            let function = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
            notes.push(Note::UsesFunction { object, function });
        }
    }

    // Sequences, with the column each belongs to.
    let mut owners: HashMap<u32, (QualifiedName, String)> = HashMap::new();
    for row in query(client, "sequence owners", queries::SEQUENCE_OWNERS).await? {
        if let Some(table) = names.get(&row.get::<_, u32>(1)) {
            owners.insert(row.get(0), (table.clone(), row.get(2)));
        }
    }
    let mut parameters: HashMap<u32, SequenceOptions> = HashMap::new();
    for row in query(client, "sequences", queries::SEQUENCES).await? {
        let options = SequenceOptions {
            data_type: row.get(1),
            start: row.get(2),
            increment: row.get(3),
            min: row.get(4),
            max: row.get(5),
            cache: row.get(6),
            cycle: row.get(7),
        };
        parameters.insert(row.get(0), options);
    }
    for relation in relations.iter().filter(|r| r.kind == "S") {
        let mut sequence = Sequence::new(&relation.name.name, "int8", owners.get(&relation.oid).cloned());
        if let Some(options) = parameters.remove(&relation.oid) {
            sequence.options = options;
        }
        let schema = catalog.schemas.get_mut(&relation.name.schema).expect("schema");
        schema.sequences.insert(sequence.name.clone(), sequence);
    }

    Ok(Introspected { catalog, notes })
}
