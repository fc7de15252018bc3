//! A throwaway PostgreSQL cluster of a test's own: `initdb` into a temp dir, `postgres`
//! on a free port with its socket in that dir, stopped and removed on drop. PostgreSQL
//! refuses to run as root, so as root (CI) the cluster runs as the `postgres` user that
//! Debian's package makes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const START_WAIT: Duration = Duration::from_secs(60);

pub struct Postgres {
    dir: tempfile::TempDir,
    server: Child,
    bin: PathBuf,
    pub port: u16,
}

/// Debian's binaries: /usr/lib/postgresql/<major>/bin, the newest there.
fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/test.sh installs Debian's postgresql)")
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("an initdb under /usr/lib/postgresql")
}

fn as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `program` with `args`, as the postgres user when we are root.
fn command(program: &Path, args: &[&str]) -> Command {
    if as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program).args(args);
        command
    } else {
        let mut command = Command::new(program);
        command.args(args);
        command
    }
}

impl Postgres {
    /// A cluster for tests: commits are not synced to disk (nothing of it must survive).
    pub fn start() -> Postgres {
        Postgres::launch(&["-c", "fsync=off"])
    }

    /// A cluster that syncs every commit, as a hub's own server does: for the benchmark.
    pub fn start_durable() -> Postgres {
        Postgres::launch(&[])
    }

    fn launch(settings: &[&str]) -> Postgres {
        let bin = bin_dir();
        let dir = tempfile::Builder::new().prefix("kube-ledger-pg").tempdir().expect("a temp dir");
        // The cluster's owner must reach and own its directory.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let data = dir.path().join("data");
        let data_text = data.to_str().unwrap().to_string();
        let initdb =
            command(&bin.join("initdb"), &["-D", &data_text, "-U", "hub", "--auth=trust", "-E", "UTF8", "--no-sync"])
                .stdout(Stdio::null())
                .output()
                .expect("initdb runs");
        assert!(initdb.status.success(), "initdb: {}", String::from_utf8_lossy(&initdb.stderr));
        let port = super::free_port();
        let socket_dir = dir.path().to_str().unwrap().to_string();
        let server = command(
            &bin.join("postgres"),
            &["-D", &data_text, "-p", &port.to_string(), "-k", &socket_dir, "-c", "listen_addresses=127.0.0.1"]
                .into_iter()
                .chain(settings.iter().copied())
                .collect::<Vec<_>>(),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("postgres starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < START_WAIT, "postgres did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let postgres = Postgres { dir, server, bin: bin.clone(), port };
        // Accepting connections is not yet ready for queries: wait for pg_isready.
        while !Command::new(bin.join("pg_isready"))
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            assert!(started.elapsed() < START_WAIT, "postgres did not get ready");
            std::thread::sleep(Duration::from_millis(50));
        }
        postgres
    }

    /// The URL of a fresh database named `name` on this cluster.
    pub fn database(&self, name: &str) -> String {
        let created = Command::new(bin_dir().join("createdb"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "hub", name])
            .output()
            .expect("createdb runs");
        assert!(created.status.success(), "createdb: {}", String::from_utf8_lossy(&created.stderr));
        format!("postgres://hub@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // A fast shutdown through pg_ctl (a signal to `runuser` would not reach postgres);
        // the temp dir goes after it.
        let data = self.dir.path().join("data");
        let _ = command(&self.bin.join("pg_ctl"), &["stop", "-D", data.to_str().unwrap(), "-m", "fast", "-w"])
            .stdout(Stdio::null())
            .status();
        let _ = self.server.wait();
    }
}
