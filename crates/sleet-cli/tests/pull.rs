//! `sleet pull` against real servers: the shared one for what it writes, and a cluster
//! of the test's own with `ssl = on` and a certificate the test makes, for TLS.

use sleet_test_support::{Cluster, FreshDatabase};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sleet(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sleet"));
    cmd.args(args).current_dir(dir).env_remove("DATABASE_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the sleet binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sleet-pull-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SCHEMA: &str = "
CREATE SCHEMA billing;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, mood mood);
CREATE TABLE billing.invoices (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users, total numeric(12, 2));
CREATE VIEW billing.totals AS SELECT user_id, sum(total) AS total FROM billing.invoices GROUP BY user_id;
COMMENT ON TABLE users IS 'People.';
";

#[tokio::test]
async fn pull_writes_a_schema_that_generates_and_the_same_bytes_twice() {
    let database = FreshDatabase::create("sleet_pull", SCHEMA).await.unwrap();
    let dir = scratch("writes");
    let out = sleet(&dir, &["pull", "--database-url", &database.url], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "quiet when not on a terminal");
    let first = std::fs::read_to_string(dir.join("schema.sql")).unwrap();
    assert!(first.contains("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"), "{first}");
    assert!(first.contains("CREATE TABLE billing.invoices ("), "{first}");
    assert!(first.contains("COMMENT ON TABLE users IS 'People.';"), "{first}");
    assert!(first.find("CREATE TABLE users").unwrap() < first.find("ADD CONSTRAINT invoices_user_id_fkey").unwrap());
    assert!(!first.contains(&database.name), "the file names no database: {first}");

    // From DATABASE_URL in a .env file this time, and a schema filter.
    std::fs::write(dir.join(".env"), format!("DATABASE_URL={}\n", database.url)).unwrap();
    let out = sleet(&dir, &["pull"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(dir.join("schema.sql")).unwrap(), first, "pulling twice writes the same bytes");
    let out = sleet(&dir, &["pull", "--schema-filter", "billing", "--out", "billing.sql"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let billing = std::fs::read_to_string(dir.join("billing.sql")).unwrap();
    assert!(billing.contains("billing.invoices") && !billing.contains("CREATE TABLE users"), "{billing}");

    // `catalog` shows what pull read, as JSON.
    let out = sleet(&dir, &["catalog", "--database-url", &database.url], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schemas"]["billing"]["views"]["totals"]["columns"][0]["name"], "user_id");

    // The file drives the generator like a hand-written schema.sql.
    let out = sleet(&dir, &["generate"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.join("generated/schema.rs")).unwrap();
    assert!(code.contains("pub struct User {") && code.contains("pub mod billing"), "{code}");

    database.drop_now().await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreachable_databases_and_bad_input_are_clear_errors_and_write_nothing() {
    let dir = scratch("errors");
    std::fs::write(dir.join("schema.sql"), "-- kept\n").unwrap();
    let out = sleet(&dir, &["pull", "--database-url", "postgres://app:s3cret@127.0.0.1:1/nowhere"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("cannot connect to postgres://app:***@127.0.0.1:1/nowhere (from --database-url)"), "{err}");
    assert!(!err.contains("s3cret"), "the password is never shown: {err}");
    assert_eq!(std::fs::read_to_string(dir.join("schema.sql")).unwrap(), "-- kept\n", "the old file is whole");

    let err = text(&sleet(&dir, &["pull"], &[]).stderr);
    assert!(
        err.contains("pass --database-url, set DATABASE_URL, or put DATABASE_URL=postgres://… in a .env file"),
        "{err}"
    );

    let out = sleet(&dir, &["pull"], &[("DATABASE_URL", "postgres://app:s3cret@127.0.0.1:1/x?sslmode=sometimes")]);
    let err = text(&out.stderr);
    assert!(err.contains("sslmode=sometimes is not one of") && err.contains("from DATABASE_URL"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_missing_schema_in_the_filter_is_named() {
    let database = FreshDatabase::create("sleet_pull", SCHEMA).await.unwrap();
    let dir = scratch("filter");
    let out = sleet(&dir, &["pull", "--database-url", &database.url, "--schema-filter", "public,biling"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("schema \"biling\" does not exist in the database"), "{}", text(&out.stderr));
    assert!(!dir.join("schema.sql").exists());
    database.drop_now().await;
    std::fs::remove_dir_all(dir).unwrap();
}

/// A cluster that only takes TLS connections, with a server certificate for
/// 127.0.0.1 signed by a CA the test makes; returns the CA's PEM too.
fn tls_cluster() -> (Cluster, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "sleet test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server_params = rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let server_cert = server_params.signed_by(&server_key, &ca).unwrap();
    let ca_pem = ca.pem();
    let cluster = Cluster::start(|files| {
        files.write("server.crt", &server_cert.pem())?;
        files.write("server.key", &server_key.serialize_pem())?;
        files.configure("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'")?;
        files.hba("local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n")
    })
    .unwrap_or_else(|e| panic!("a TLS cluster of the test's own (initdb, pg_ctl): {e}"));
    (cluster, ca_pem)
}

#[test]
fn tls_follows_sslmode() {
    let (cluster, ca_pem) = tls_cluster();
    let dir = scratch("tls");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, ca_pem).unwrap();
    let psql = sleet_test_support::psql().expect("psql");
    let made = Command::new(psql)
        .args(["-X", "-q", "-d", &cluster.url("postgres", "sslmode=require"), "-c", "CREATE TABLE secured (id int)"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made.stderr));

    // Encrypted without verification, as libpq's require.
    let out =
        sleet(&dir, &["pull", "--database-url", &cluster.url("postgres", "sslmode=require"), "--out", "a.sql"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(dir.join("a.sql")).unwrap().contains("CREATE TABLE secured"));

    // Verified against the CA, host name included.
    let verified = cluster.url("postgres", &format!("sslmode=verify-full&sslrootcert={}", ca.display()));
    let out = sleet(&dir, &["pull", "--database-url", &verified, "--out", "b.sql"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Without the CA, verification fails: the server's certificate is not trusted.
    let out = sleet(
        &dir,
        &["pull", "--database-url", &cluster.url("postgres", "sslmode=verify-full"), "--out", "c.sql"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("cannot connect") && err.to_lowercase().contains("certificate"), "{err}");
    assert!(!dir.join("c.sql").exists());

    // Without TLS, this server refuses.
    let out =
        sleet(&dir, &["pull", "--database-url", &cluster.url("postgres", "sslmode=disable"), "--out", "d.sql"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no encryption") || text(&out.stderr).contains("rejects"),
        "{}",
        text(&out.stderr)
    );
    drop(cluster);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn generate_reads_a_live_database_only_when_asked() {
    let database = FreshDatabase::create("sleet_pull", SCHEMA).await.unwrap();
    let dir = scratch("live-generate");
    let out = sleet(&dir, &["generate", "--database-url", &database.url], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.join("generated/schema.rs")).unwrap();
    assert!(code.contains("from a live database") && code.contains("pub struct User {"), "{code}");

    std::fs::remove_dir_all(dir.join("generated")).unwrap();
    let out = sleet(&dir, &["generate"], &[("SLEET_DATABASE_URL", &database.url)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.join("generated/schema.rs").exists());

    // Never by default: DATABASE_URL alone leaves generate on schema.sql.
    std::fs::remove_dir_all(dir.join("generated")).unwrap();
    let out = sleet(&dir, &["generate"], &[("DATABASE_URL", &database.url)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read schema.sql"), "{}", text(&out.stderr));
    database.drop_now().await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_role_without_privileges_on_a_schema_still_reads_its_shape_and_a_missing_role_is_named() {
    let database = FreshDatabase::create("sleet_pull", SCHEMA).await.unwrap();
    let admin = database.connect().await.unwrap();
    let role = format!("sleet_reader_{}", std::process::id());
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN; REVOKE ALL ON SCHEMA billing FROM PUBLIC; \
             GRANT CONNECT ON DATABASE \"{}\" TO {role}",
            database.name
        ))
        .await
        .unwrap();
    let dir = scratch("roles");
    // pg_catalog is readable by every role: the shape of a schema it may not use is
    // still there, as the server describes it to anyone.
    let url = database.url.replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
    let out = sleet(&dir, &["pull", "--database-url", &url], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(dir.join("schema.sql")).unwrap().contains("CREATE TABLE billing.invoices"));

    // A role that does not exist is an error that names the URL, not a half-written file.
    let nobody = database.url.replacen("postgres://postgres@", "postgres://nobody_here:pw@", 1);
    let out = sleet(&dir, &["pull", "--database-url", &nobody, "--out", "nobody.sql"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("nobody_here:***@") && !err.contains(":pw@"), "{err}");
    assert!(!dir.join("nobody.sql").exists());

    // Roles belong to the server: drop it too, leaving nothing behind.
    admin.batch_execute(&format!("DROP OWNED BY {role}")).await.unwrap();
    drop(admin);
    database.drop_now().await;
    let server = sleet_test_support::connect(&sleet_test_support::server_url().await.unwrap()).await.unwrap();
    server.batch_execute(&format!("DROP ROLE {role}")).await.unwrap();
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn what_the_catalog_cannot_hold_is_noted_not_dropped_silently() {
    let schema = "CREATE EXTENSION IF NOT EXISTS btree_gist;\n\
                  CREATE TABLE rooms (id int PRIMARY KEY, during tstzrange NOT NULL,\n\
                      CONSTRAINT rooms_no_overlap EXCLUDE USING gist (id WITH =, during WITH &&));\n\
                  CREATE TABLE log (line text);\n\
                  CREATE RULE log_never_deleted AS ON DELETE TO log DO INSTEAD NOTHING;\n\
                  CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(t)';\n\
                  CREATE VIEW loud AS SELECT shout(line) AS line FROM log;\n\
                  CREATE UNLOGGED TABLE scratch (x int);\n\
                  CREATE EXTENSION IF NOT EXISTS postgres_fdw;\n\
                  CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw;\n\
                  CREATE FOREIGN TABLE remote (id int) SERVER elsewhere;\n";
    let database = FreshDatabase::create("sleet_pull", schema).await.unwrap();
    let dir = scratch("notes");
    let out = sleet(&dir, &["pull", "--database-url", &database.url], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("table public.rooms: exclusion constraint \"rooms_no_overlap\" is not modelled"), "{err}");
    assert!(err.contains("table public.log: rule \"log_never_deleted\" is not modelled"), "{err}");
    assert!(err.contains("public.loud calls function public.shout()"), "{err}");
    assert!(err.contains("table public.scratch is UNLOGGED"), "{err}");
    assert!(err.contains("table public.remote is a foreign table"), "{err}");
    database.drop_now().await;
    std::fs::remove_dir_all(dir).unwrap();
}

/// A cluster that asks for a password (SCRAM) over TCP.
fn password_cluster() -> Cluster {
    let cluster = Cluster::start(|files| {
        files.hba("local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n")?;
        files.configure("password_encryption = 'scram-sha-256'")
    })
    .unwrap_or_else(|e| panic!("a cluster of the test's own (initdb, pg_ctl): {e}"));
    let psql = sleet_test_support::psql().expect("psql");
    let socket = cluster.dir().display().to_string();
    let set = Command::new(psql)
        .args(["-X", "-q", "-h", &socket, "-p", &cluster.port.to_string(), "-U", "postgres", "-d", "postgres"])
        .args(["-c", "ALTER ROLE postgres PASSWORD 'right-one'"])
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", text(&set.stderr));
    cluster
}

#[test]
fn a_wrong_password_is_named_without_showing_it() {
    let cluster = password_cluster();
    let dir = scratch("password");
    let url = |password: &str| format!("postgres://postgres:{password}@127.0.0.1:{}/postgres", cluster.port);
    let out = sleet(&dir, &["pull", "--database-url", &url("wrong-one"), "--out", "a.sql"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(err.contains("postgres://postgres:***@127.0.0.1") && !err.contains("wrong-one"), "{err}");
    assert!(!dir.join("a.sql").exists());
    let out = sleet(&dir, &["pull", "--database-url", &url("right-one"), "--out", "b.sql"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    drop(cluster);
    std::fs::remove_dir_all(dir).unwrap();
}
