//! Tables of a schema other than `public` written in another schema at run time
//! (`Db::map_schema`): the generated names carry their schema (`app.users.id`), so
//! tables, columns, select lists, related-row filters and nested loading all move.

mod support;

use corpus_check::golden::multi_schema::app::{projects, users, NewProject, NewUser, Project, User};
use sleet::prelude::*;
use sleet::types::uuid::Uuid;
use support::with_schema;

#[tokio::test]
async fn a_non_public_schema_maps_to_a_tenant_schema() {
    with_schema("multi_schema", |db| async move {
        db.client()
            .batch_execute(
                r#"CREATE SCHEMA "Tenant.B";
                   CREATE TABLE "Tenant.B".users (LIKE app.users INCLUDING ALL);
                   CREATE TABLE "Tenant.B".projects (LIKE app.projects INCLUDING ALL,
                       FOREIGN KEY (owner_id) REFERENCES "Tenant.B".users (id))"#,
            )
            .await
            .unwrap();
        let t = db.map_schema("app", "Tenant.B");
        let user: User =
            t.one(&insert(users::table).values(NewUser::new(1, Uuid::nil(), "Bea")).returning()).await.unwrap();
        t.execute(
            &insert(projects::table)
                .values_many([NewProject::new(10, user.id, "p"), NewProject::new(11, user.id, "q")]),
        )
        .await
        .unwrap();

        let (sql, _) = from(users::table).filter(users::display_name.eq("Bea")).to_sql();
        assert!(sql.starts_with("SELECT app.users.id"), "rendered as generated without a map: {sql}");
        let found: Vec<User> = t.all(&from(users::table).filter(users::display_name.eq("Bea"))).await.unwrap();
        assert_eq!(found, std::slice::from_ref(&user));
        let owners: Vec<String> =
            t.all(&select(users::display_name).from(users::table).filter(has(users::projects()))).await.unwrap();
        assert_eq!(owners, ["Bea"]);
        let loaded = t.query(projects::table).with(projects::owner()).order_by(projects::id).all().await.unwrap();
        let names: Vec<(&str, &str)> =
            loaded.iter().map(|p| (p.name.as_str(), p.related.0.display_name.as_str())).collect();
        assert_eq!(names, [("p", "Bea"), ("q", "Bea")]);
        let users_with_projects = t.query(users::table).with(users::projects()).all().await.unwrap();
        let projects: &Vec<Project> = &users_with_projects[0].related.0;
        assert_eq!(projects.len(), 2);
        let renamed = update(projects::table).set_rows(
            projects::id,
            projects::name,
            [(10, "P".to_string()), (11, "Q".to_string())],
        );
        assert_eq!(t.execute(&renamed).await.unwrap(), 2);
        let names: Vec<String> =
            t.all(&select(projects::name).from(projects::table).order_by(projects::id)).await.unwrap();
        assert_eq!(names, ["P", "Q"]);

        // `app` itself holds nothing.
        let in_app: i64 = db.one(&count_rows(projects::table)).await.unwrap();
        assert_eq!(in_app, 0);
    })
    .await;
}
