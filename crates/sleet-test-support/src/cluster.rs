//! A PostgreSQL cluster of a test's own — `initdb` and `pg_ctl` on a free port — for
//! what the shared server cannot show: TLS with a certificate the test makes, and
//! streaming replicas. Stopped and removed when dropped. As root, the server runs as `postgres`
//! (initdb refuses root).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running cluster, stopped and removed on drop.
pub struct Cluster {
    dir: PathBuf,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    as_root: bool,
}

/// Where Debian keeps the server's programs, when they are not on PATH.
fn tool_path(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|d| d.path().join("bin"))
        .collect();
    debian.sort();
    on_path.chain(debian.into_iter().rev()).map(|d| d.join(name)).find(|p| p.is_file()).unwrap_or_else(|| name.into())
}

fn run(mut cmd: Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{:?}: {e}", cmd.get_program()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed: {}", cmd.get_args().collect::<Vec<_>>(), String::from_utf8_lossy(&out.stderr).trim()))
    }
}

impl Cluster {
    /// Creates a cluster, lets `configure` add to its data directory (configuration
    /// lines, certificates), and starts it.
    pub fn start(configure: impl FnOnce(&ClusterFiles) -> Result<(), String>) -> Result<Cluster, String> {
        let cluster = Cluster::empty()?;
        let mut initdb = cluster.tool("initdb");
        initdb.arg("-D").arg(cluster.data()).args(["-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        run(initdb)?;
        configure(&ClusterFiles { cluster: &cluster })?;
        cluster.launch()?;
        Ok(cluster)
    }

    /// A streaming replica of `primary` (`pg_basebackup -R`: a copy of its data that
    /// follows its WAL, read-only), started on a port of its own; `settings` are added
    /// to its `postgresql.conf` (`recovery_min_apply_delay = '3s'` makes it lag).
    /// Returns once it accepts reads.
    pub fn replica_of(primary: &Cluster, settings: &str) -> Result<Cluster, String> {
        let replica = Cluster::empty()?;
        let mut backup = replica.tool("pg_basebackup");
        backup.arg("-D").arg(replica.data()).args([
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
        ]);
        backup.args(["-p", &primary.port.to_string()]);
        run(backup)?;
        ClusterFiles { cluster: &replica }.configure(settings)?;
        replica.launch()?;
        Ok(replica)
    }

    /// A new directory and a free port, nothing running yet.
    fn empty() -> Result<Cluster, String> {
        let unique =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("sleet-cluster-{}-{unique}", std::process::id()));
        let as_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| e.to_string())?;
        let cluster = Cluster { dir, port, as_root };
        cluster.own(&cluster.dir)?;
        Ok(cluster)
    }

    /// Starts the server on its port and waits until it accepts connections.
    fn launch(&self) -> Result<(), String> {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.display());
        let mut start = self.tool("pg_ctl");
        start.arg("-D").arg(self.data()).args(["-o", &options, "-w", "-l"]).arg(self.dir.join("log")).arg("start");
        run(start).map_err(|e| format!("{e}\n{}", std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()))
    }

    /// Stops the server (`pg_ctl stop -m fast`): what a test of a server that went away
    /// needs. The directory stays until the cluster is dropped.
    pub fn stop(&self) -> Result<(), String> {
        let mut stop = self.tool("pg_ctl");
        stop.arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]);
        run(stop)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn tool(&self, name: &str) -> Command {
        let mut cmd = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(tool_path(name));
            c
        } else {
            Command::new(tool_path(name))
        };
        cmd.env_remove("PGDATA");
        cmd
    }

    fn own(&self, path: &Path) -> Result<(), String> {
        if !self.as_root {
            return Ok(());
        }
        let mut chown = Command::new("chown");
        chown.arg("postgres").arg(path);
        run(chown)
    }

    /// `postgres://postgres@127.0.0.1:port/database`, plus `query` (`sslmode=…`).
    pub fn url(&self, database: &str, query: &str) -> String {
        let query = if query.is_empty() { String::new() } else { format!("?{query}") };
        format!("postgres://postgres@127.0.0.1:{}/{database}{query}", self.port)
    }

    /// The cluster's own directory (certificates a test writes may go there).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut stop = self.tool("pg_ctl");
        stop.arg("-D").arg(self.data()).args(["-m", "immediate", "stop"]);
        let _ = stop.output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writing into a new cluster's data directory, owned as the server needs.
pub struct ClusterFiles<'a> {
    cluster: &'a Cluster,
}

impl ClusterFiles<'_> {
    /// Writes a file into the data directory, readable by the server only (as a key
    /// must be).
    pub fn write(&self, name: &str, contents: &str) -> Result<PathBuf, String> {
        use std::os::unix::fs::PermissionsExt;
        let path = self.cluster.data().join(name);
        std::fs::write(&path, contents).map_err(|e| e.to_string())?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(|e| e.to_string())?;
        self.cluster.own(&path)?;
        Ok(path)
    }

    /// Appends lines to `postgresql.conf`.
    pub fn configure(&self, lines: &str) -> Result<(), String> {
        self.append("postgresql.conf", lines)
    }

    /// Replaces `pg_hba.conf`: who may connect, and how.
    pub fn hba(&self, lines: &str) -> Result<(), String> {
        self.write("pg_hba.conf", lines).map(|_| ())
    }

    fn append(&self, name: &str, lines: &str) -> Result<(), String> {
        use std::io::Write as _;
        let path = self.cluster.data().join(name);
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).map_err(|e| e.to_string())?;
        writeln!(file, "\n{lines}").map_err(|e| e.to_string())
    }
}
