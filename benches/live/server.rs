//! The server under measure: this benchmark's binary run again as a child process (so that its
//! memory is its own), serving with two workers (this machine's cores) until it is killed.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};

use actix_web::{App, HttpServer, web};

/// Set in the child's environment: serve instead of measuring.
pub(crate) const SERVE: &str = "LIVE_BENCH_SERVE";

/// In the child: serves what `configure` mounts on a free loopback port with two workers,
/// printing `serving ADDR` first, until killed.
pub(crate) fn serve<F>(configure: F)
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    println!("serving {}", listener.local_addr().unwrap());
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || App::new().configure(configure.clone()))
            .workers(2)
            .tcp_nodelay(true)
            .disable_signals()
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
    });
}

/// The child process serving, killed and reaped when dropped.
pub(crate) struct Server {
    child: Child,
    /// Where it listens.
    pub(crate) addr: SocketAddr,
}

impl Server {
    /// Starts this binary again as a server.
    pub(crate) fn start() -> Server {
        let mut child =
            Command::new(std::env::current_exe().unwrap()).env(SERVE, "1").stdout(Stdio::piped()).spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.trim().strip_prefix("serving ").expect("the child says where it serves").parse().unwrap();
        Server { child, addr }
    }

    /// The child's resident set size, in bytes (`VmRSS` of /proc/PID/status).
    pub(crate) fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("Linux's /proc");
        let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib * 1024
    }

    /// CPU seconds (user + system) the child has used so far (/proc/PID/stat, 100 ticks a
    /// second).
    pub(crate) fn cpu_seconds(&self) -> f64 {
        cpu_seconds(self.child.id())
    }
}

/// CPU seconds (user + system) process `pid` has used so far (/proc/PID/stat, 100 ticks a
/// second).
pub(crate) fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
