//! Behind a transaction-mode pooler: a real PgBouncer that resets every server
//! connection after every transaction (`DISCARD ALL`), the harshest case for prepared
//! statements. With the statement cache on, a prepared statement is gone by the time
//! it is bound; with it off, every query kind still works.
//!
//! Needs `pgbouncer` (Debian: `apt-get install pgbouncer`); `.ci/run` installs it and
//! sets `SLEET_REQUIRE_PGBOUNCER=1`, which makes its absence a failure instead of a skip.

use blog::schema::{posts, users, NewUser, Role, UserPatch};
use sleet::prelude::*;
use sleet::Db;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A PgBouncer process for one test, killed (and its directory removed) on drop.
struct PgBouncer {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn find_pgbouncer() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    on_path.chain(["/usr/sbin".into(), "/usr/local/sbin".into()]).map(|d| d.join("pgbouncer")).find(|p| p.is_file())
}

impl PgBouncer {
    /// Starts PgBouncer in transaction mode in front of the server `server_url` names.
    async fn start(binary: &Path, server_url: &str) -> PgBouncer {
        let config: tokio_postgres::Config = server_url.parse().expect("the server URL parses");
        let host = match &config.get_hosts()[0] {
            tokio_postgres::config::Host::Tcp(host) => host.clone(),
            tokio_postgres::config::Host::Unix(dir) => dir.display().to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config.get_user().unwrap_or("postgres");
        let password =
            config.get_password().map(|p| format!(" password={}", String::from_utf8_lossy(p))).unwrap_or_default();
        let listen = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let listen_port = listen.local_addr().unwrap().port();
        drop(listen);

        let dir = std::env::temp_dir().join(format!("sleet-pgbouncer-{}-{listen_port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ini = format!(
            "[databases]\n* = host={host} port={port} user={user}{password}\n\
             [pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {listen_port}\nunix_socket_dir =\n\
             auth_type = trust\nauth_file = {dir}/users.txt\npool_mode = transaction\n\
             server_reset_query = DISCARD ALL\nserver_reset_query_always = 1\ndefault_pool_size = 2\n\
             ignore_startup_parameters = extra_float_digits,options\nlogfile = {dir}/pgbouncer.log\n",
            dir = dir.display()
        );
        std::fs::write(dir.join("pgbouncer.ini"), ini).unwrap();
        std::fs::write(dir.join("users.txt"), format!("\"{user}\" \"\"\n")).unwrap();
        let mut command = Command::new(binary);
        let as_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if as_root {
            // PgBouncer refuses to run as root; it switches user itself with -u.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
            command.args(["-u", "postgres"]);
        }
        let child = command
            .arg(dir.join("pgbouncer.ini"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pgbouncer");
        let bouncer = PgBouncer { child, dir, port: listen_port };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", listen_port)).await.is_ok() {
                return bouncer;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = std::fs::read_to_string(bouncer.dir.join("pgbouncer.log")).unwrap_or_default();
        panic!("pgbouncer did not start listening on port {listen_port}:\n{log}");
    }

    async fn connect(&self, database: &str) -> tokio_postgres::Client {
        let url = format!("postgres://postgres@127.0.0.1:{}/{database}", self.port);
        blog::database::connect(&url).await.expect("connect through pgbouncer")
    }
}

#[tokio::test]
async fn every_query_kind_runs_behind_pgbouncer_in_transaction_mode_with_the_cache_off() {
    let Some(binary) = find_pgbouncer() else {
        assert!(
            std::env::var_os("SLEET_REQUIRE_PGBOUNCER").is_none(),
            "SLEET_REQUIRE_PGBOUNCER is set but pgbouncer is not installed (apt-get install pgbouncer)"
        );
        eprintln!("skipped: pgbouncer is not installed (apt-get install pgbouncer)");
        return;
    };
    crate::with_db(move |direct, seeded| async move {
        let database: String = direct.client().query_one("SELECT current_database()", &[]).await.unwrap().get(0);
        let bouncer = PgBouncer::start(&binary, &blog::database::server_url().await.unwrap()).await;

        // The control: a prepared statement does not survive to its Bind here.
        let cached = Db::new(bouncer.connect(&database).await);
        let err = cached.all(&select(users::id).from(users::table)).await.unwrap_err();
        assert!(err.to_string().contains("prepared statement"), "expected a lost prepared statement: {err}");

        let mut db = Db::new(bouncer.connect(&database).await).without_statement_cache();
        // Parameters of every common kind, an enum among them (declared for the server to infer).
        let authors = select((users::id, users::name))
            .from(users::table)
            .filter(users::role.eq(Role::Author).and(users::email.like("%@example.com")))
            .order_by(users::id);
        let authors: Vec<(i32, String)> = db.all(&authors).await.unwrap();
        assert_eq!(authors.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["Bob", "Carol"]);

        let new_id: i32 = db
            .one(&insert(users::table).values(NewUser::new("Erin", "erin@example.com")).returning_columns(users::id))
            .await
            .unwrap();
        let renamed = db
            .execute(&update(users::table).set(UserPatch::default().name("Erin B.")).filter(users::id.eq(new_id)))
            .await
            .unwrap();
        assert_eq!(renamed, 1);
        let published = select(posts::slug)
            .from(posts::table)
            .filter(posts::published.eq(true).and(posts::author_id.in_list([seeded.users[0], seeded.users[1]])))
            .order_by(posts::slug)
            .limit(10);
        assert!(!db.all(&published).await.unwrap().is_empty());
        let by_raw: Vec<(String,)> =
            db.all(&raw("SELECT name FROM users WHERE id = ").bind(&new_id).rows::<(String,)>()).await.unwrap();
        assert_eq!(by_raw, [("Erin B.".to_string(),)]);

        // A transaction holds one server connection from BEGIN to COMMIT.
        let count = db
            .transaction(async |tx| {
                tx.execute(&delete(users::table).filter(users::id.eq(new_id))).await?;
                tx.one(&count_rows(users::table)).await
            })
            .await
            .unwrap();
        assert_eq!(count, 4);
    })
    .await;
}
