//! The operations PostgreSQL defines on a schema keep every reference true: renames and
//! moves are followed, drops refuse while something depends on the object and take the
//! dependents with `CASCADE`, partitions keep their parent's columns.

use sleet_catalog::*;

fn q(schema: &str, name: &str) -> QualifiedName {
    QualifiedName::new(schema, name)
}

fn int(name: &str) -> Column {
    Column { nullable: false, ..Column::new(name, TypeRef::builtin("int4")) }
}

/// `users(id PK)`, `posts(id PK, author_id → users.id)`, an index on `posts.author_id`,
/// a view `feed` over both, and an enum `mood` used by `users.mood`.
fn blog() -> Catalog {
    let mut catalog = Catalog::new();
    let public = catalog.schema_mut("public").unwrap();
    public.enums.insert("mood".into(), EnumType { name: "mood".into(), labels: vec!["ok".into()], comment: None });
    let mut users = Table::new("users");
    users.columns =
        vec![int("id"), Column::new("mood", TypeRef { name: q("public", "mood"), ..TypeRef::builtin("x") })];
    users.primary_key = Some(KeyConstraint { name: "users_pkey".into(), columns: vec!["id".into()] });
    let mut posts = Table::new("posts");
    posts.columns = vec![int("id"), int("author_id")];
    posts.primary_key = Some(KeyConstraint { name: "posts_pkey".into(), columns: vec!["id".into()] });
    posts.foreign_keys.push(ForeignKey {
        name: "posts_author_id_fkey".into(),
        columns: vec!["author_id".into()],
        references: q("public", "users"),
        referenced_columns: vec!["id".into()],
        on_delete: FkAction::Cascade,
        on_update: FkAction::NoAction,
        match_type: MatchType::Simple,
        deferrable: Deferrable::No,
        not_valid: false,
    });
    posts.indexes.insert("posts_author_idx".into(), Index::new("posts_author_idx", vec!["author_id".into()]));
    public.tables.insert("users".into(), users);
    public.tables.insert("posts".into(), posts);
    public.views.insert(
        "feed".into(),
        View {
            name: "feed".into(),
            materialized: false,
            columns: Vec::new(),
            depends_on: vec![q("public", "posts"), q("public", "users")],
            definition: "SELECT posts.title, users.name FROM posts JOIN users ON users.id = posts.author_id".into(),
            comment: None,
        },
    );
    catalog
}

#[test]
fn a_renamed_table_is_followed_by_foreign_keys_and_views() {
    let mut catalog = blog();
    catalog.move_relation(&q("public", "users"), &q("public", "members")).unwrap();
    assert!(catalog.table(&q("public", "users")).is_none());
    assert_eq!(catalog.table(&q("public", "members")).unwrap().name, "members");
    let posts = catalog.table(&q("public", "posts")).unwrap();
    assert_eq!(posts.foreign_keys[0].references, q("public", "members"));
    let feed = catalog.view(&q("public", "feed")).unwrap();
    assert_eq!(feed.depends_on, [q("public", "members"), q("public", "posts")], "kept sorted");
    // …so dropping the renamed table still finds the view that reads it.
    catalog.drop_constraint(&q("public", "posts"), "posts_author_id_fkey").unwrap();
    let err = catalog.drop_relation(&q("public", "members"), false).unwrap_err();
    assert_eq!(err, Error::ReadByView { relation: q("public", "members"), view: q("public", "feed") });
}

#[test]
fn a_rename_onto_an_existing_name_is_refused() {
    let mut catalog = blog();
    let err = catalog.move_relation(&q("public", "users"), &q("public", "posts")).unwrap_err();
    assert_eq!(err.to_string(), "relation \"public.posts\" already exists");
    let err = catalog.move_relation(&q("public", "nope"), &q("public", "other")).unwrap_err();
    assert_eq!(err, Error::RelationNotFound("public.nope".into()));
}

#[test]
fn a_renamed_column_is_followed_by_keys_indexes_and_referencing_keys() {
    let mut catalog = blog();
    catalog.rename_column(&q("public", "users"), "id", "user_id").unwrap();
    let users = catalog.table(&q("public", "users")).unwrap();
    assert_eq!(users.primary_key.as_ref().unwrap().columns, ["user_id"]);
    let posts = catalog.table(&q("public", "posts")).unwrap();
    assert_eq!(posts.foreign_keys[0].referenced_columns, ["user_id"]);

    catalog.rename_column(&q("public", "posts"), "author_id", "writer_id").unwrap();
    let posts = catalog.table(&q("public", "posts")).unwrap();
    assert_eq!(posts.foreign_keys[0].columns, ["writer_id"]);
    assert_eq!(posts.indexes["posts_author_idx"].key_columns(), ["writer_id"]);

    let err = catalog.rename_column(&q("public", "posts"), "id", "writer_id").unwrap_err();
    assert_eq!(err.to_string(), "column \"writer_id\" of relation \"public.posts\" already exists");
}

#[test]
fn drops_refuse_dependents_unless_cascading() {
    let mut catalog = blog();
    let err = catalog.drop_relation(&q("public", "users"), false).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot drop table \"public.users\" because constraint \"posts_author_id_fkey\" on table \"public.posts\" depends on it; drop the constraint first or use CASCADE"
    );
    assert!(catalog.table(&q("public", "users")).is_some(), "a refused drop changes nothing");

    catalog.drop_relation(&q("public", "users"), true).unwrap();
    assert!(catalog.table(&q("public", "users")).is_none());
    assert!(catalog.table(&q("public", "posts")).unwrap().foreign_keys.is_empty(), "the foreign key went");
    assert!(catalog.view(&q("public", "feed")).is_none(), "the view that read it went");
}

#[test]
fn a_type_in_use_is_dropped_only_with_cascade_which_drops_its_columns() {
    let mut catalog = blog();
    let err = catalog.drop_type(&q("public", "mood"), false).unwrap_err();
    assert!(matches!(err, Error::TypeInUse { ref column, .. } if column == "mood"), "{err}");
    catalog.drop_type(&q("public", "mood"), true).unwrap();
    assert!(catalog.user_type(&q("public", "mood")).is_none());
    assert!(catalog.table(&q("public", "users")).unwrap().column("mood").is_none());
}

#[test]
fn a_moved_type_is_followed_by_its_columns() {
    let mut catalog = blog();
    catalog.add_schema("app").unwrap();
    catalog.move_type(&q("public", "mood"), &q("app", "mood")).unwrap();
    let users = catalog.table(&q("public", "users")).unwrap();
    assert_eq!(users.column("mood").unwrap().ty.name, q("app", "mood"));
    let err = catalog.move_type(&q("app", "mood"), &q("missing", "mood")).unwrap_err();
    assert_eq!(err, Error::SchemaNotFound("missing".into()));
}

#[test]
fn a_renamed_schema_carries_its_objects_and_references() {
    let mut catalog = blog();
    catalog.rename_schema("public", "blog").unwrap();
    assert!(catalog.schema("public").is_none());
    let posts = catalog.table(&q("blog", "posts")).unwrap();
    assert_eq!(posts.foreign_keys[0].references, q("blog", "users"));
    assert_eq!(catalog.table(&q("blog", "users")).unwrap().column("mood").unwrap().ty.name, q("blog", "mood"));
}

#[test]
fn a_schema_with_objects_drops_only_with_cascade() {
    let mut catalog = blog();
    assert_eq!(catalog.drop_schema("public", false).unwrap_err(), Error::SchemaNotEmpty("public".into()));
    catalog.drop_schema("public", true).unwrap();
    assert!(catalog.schemas.is_empty());
}

#[test]
fn partitions_follow_their_parent() {
    let mut catalog = blog();
    let mut part = Table::new("posts_2026");
    part.columns = catalog.table(&q("public", "posts")).unwrap().columns.clone();
    part.columns[0].comment = Some("kept".into());
    part.partition_of = Some(q("public", "posts"));
    catalog.schema_mut("public").unwrap().tables.insert("posts_2026".into(), part);
    assert_eq!(catalog.partitions_of(&q("public", "posts")), [q("public", "posts_2026")]);

    catalog.rename_column(&q("public", "posts"), "author_id", "writer_id").unwrap();
    catalog.table_mut(&q("public", "posts")).unwrap().columns.push(int("extra"));
    catalog.sync_partitions(&q("public", "posts"));
    let part = catalog.table(&q("public", "posts_2026")).unwrap();
    let names: Vec<&str> = part.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "writer_id", "extra"]);
    assert_eq!(part.columns[0].comment.as_deref(), Some("kept"), "a partition keeps its own comments");

    catalog.drop_column(&q("public", "posts"), "writer_id").unwrap();
    assert!(catalog.table(&q("public", "posts_2026")).unwrap().column("writer_id").is_none());
    assert!(catalog.table(&q("public", "posts")).unwrap().foreign_keys.is_empty(), "its foreign key went with it");

    catalog.drop_relation(&q("public", "posts"), true).unwrap();
    assert!(catalog.table(&q("public", "posts_2026")).is_none(), "partitions go with their parent");
}

#[test]
fn constraints_and_indexes_are_renamed_and_dropped_by_name() {
    let mut catalog = blog();
    let posts = q("public", "posts");
    catalog.rename_constraint(&posts, "posts_author_id_fkey", "by_author").unwrap();
    assert_eq!(catalog.table(&posts).unwrap().foreign_keys[0].name, "by_author");
    catalog.drop_constraint(&posts, "by_author").unwrap();
    let err = catalog.drop_constraint(&posts, "by_author").unwrap_err();
    assert_eq!(err.to_string(), "constraint \"by_author\" of relation \"public.posts\" does not exist");

    catalog.rename_index("posts_pkey", "posts_primary");
    assert_eq!(catalog.table(&posts).unwrap().primary_key.as_ref().unwrap().name, "posts_primary");
    catalog.drop_index("posts_author_idx").unwrap();
    assert_eq!(catalog.drop_index("posts_author_idx").unwrap_err(), Error::IndexNotFound("posts_author_idx".into()));
}
