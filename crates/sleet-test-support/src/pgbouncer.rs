//! A real PgBouncer in transaction mode, in front of the test server, for the tests of
//! what works behind a pooler.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A PgBouncer process for one test, killed (and its directory removed) on drop.
pub struct PgBouncer {
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

/// The `pgbouncer` binary: on PATH, or where Debian puts it.
pub fn find_pgbouncer() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    on_path.chain(["/usr/sbin".into(), "/usr/local/sbin".into()]).map(|d| d.join("pgbouncer")).find(|p| p.is_file())
}

impl PgBouncer {
    /// Starts PgBouncer in transaction mode in front of the server `server_url` names.
    pub async fn start(binary: &Path, server_url: &str) -> PgBouncer {
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

    /// A URL that reaches `database` through the pooler.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Connects through the pooler to `database`.
    pub async fn connect(&self, database: &str) -> tokio_postgres::Client {
        crate::connect(&self.url(database)).await.expect("connect through pgbouncer")
    }
}
