//! The showcase's OpenAPI document against real validators (docs/links-openapi.md), installed from PyPI by
//! `.ci/run` into a virtualenv (`$ROOK_PYTHON_VENV`, default `target/validators-venv`):
//! `openapi-spec-validator` accepts it, and `schemathesis` run against the running showcase
//! with it passes every check (`--checks all --mode all`): no server error, no undocumented
//! status, content type or header, no response that violates its schema, every schema-valid
//! request accepted and every schema-violating one rejected.
//!
//! Bounded: `--max-examples 20` per operation by default; `ROOK_SCHEMATHESIS_EXAMPLES=1000`
//! hunts longer. Without the virtualenv the test fails, naming the command that makes it.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The virtualenv `.ci/run` makes.
fn venv() -> PathBuf {
    match std::env::var_os("ROOK_PYTHON_VENV") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/validators-venv"),
    }
}

fn tool(name: &str) -> PathBuf {
    let path = venv().join("bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: python3 -m venv {venv} && {venv}/bin/pip install openapi-spec-validator schemathesis (as .ci/run does)",
        path.display(),
        venv = venv().display()
    );
    path
}

/// The showcase example, serving on an OS-chosen loopback port; killed when dropped.
struct Showcase {
    child: Child,
    port: u16,
}

impl Showcase {
    fn start() -> Showcase {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        // `$CARGO_TARGET_TMPDIR` is `<target dir>/tmp`.
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target dir").to_owned();
        let bin = target.join("debug/examples/showcase");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", "showcase"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo build --example showcase");
        assert!(status.success());
        let child = Command::new(&bin)
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the showcase did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Showcase { child, port }
    }
}

impl Drop for Showcase {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn openapi_spec_validator_accepts_the_document() {
    let doc = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/openapi.json");
    let out = Command::new(tool("openapi-spec-validator")).arg(doc).output().expect("run openapi-spec-validator");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && text.contains("OK"), "{text}");
}

/// schemathesis's configuration: its default statuses, plus a WebSocket's 101 and 426; the one
/// operation whose negative data cannot be told from positive data on the wire.
const SCHEMATHESIS_TOML: &str = r#"
[checks.not_a_server_error]
expected-statuses = ["101", "2xx", "3xx", "4xx"]

[checks.positive_data_acceptance]
expected-statuses = ["101", "2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "426", "428", "429", "5xx"]

# `/upload` takes `multipart/form-data` only, where every field that is not a file is text: a
# "schema-violating" title such as the object `{}` arrives as the two characters `{}`, a valid
# title. No server can tell them apart, so its negative data is not held against it (its
# positive data and every other check still are).
[[operations]]
include-path = "/upload"
include-method = "POST"
checks.negative_data_rejection.enabled = false

# A live view's event form (`/live/...`) names the event in `_e`: which names a view knows is the
# view's own business, not the document's (it says `_e` is a string), so a schema-valid `_e` may
# well be an event the view does not know, answered 400 as documented. Every other check still
# applies to these operations.
[[operations]]
include-path-regex = "^/live/"
include-method = "POST"
checks.positive_data_acceptance.enabled = false
"#;

#[test]
fn schemathesis_finds_nothing_undocumented() {
    let showcase = Showcase::start();
    let examples = std::env::var("ROOK_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "20".into());
    let reports = tempfile::tempdir().expect("a report dir");
    // The statuses a WebSocket route answers besides the defaults: 101 to a valid handshake
    // (accepted data, not a server error), 426 to another version (rejected data).
    std::fs::write(reports.path().join("schemathesis.toml"), SCHEMATHESIS_TOML).expect("write schemathesis.toml");
    let out = Command::new(tool("schemathesis"))
        .args(["run", &format!("http://127.0.0.1:{}/openapi.json", showcase.port)])
        // Every check (schemathesis 4 runs all of them unless `--checks` narrows it; the
        // configuration below may only turn one off for one operation), on positive and negative
        // data: schema-valid requests must be accepted, schema-violating ones rejected. Retries:
        // the HTTP client keeps a connection that `/chat` upgraded to a WebSocket in its pool,
        // and its next request on it fails; a retry takes a fresh connection.
        .args(["--mode", "all", "--request-retries", "2"])
        .args(["--max-examples", &examples, "--seed", "1", "--workers", "2"])
        .args(["--report-dir", &reports.path().display().to_string()])
        .env("SCHEMATHESIS_HOOKS", "")
        .env("NO_COLOR", "1")
        .current_dir(reports.path())
        .output()
        .expect("run schemathesis");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let summary = text.lines().skip_while(|l| !l.contains("SUMMARY")).collect::<Vec<_>>().join("\n");
    eprintln!("{summary}");
    assert!(out.status.success(), "schemathesis found failures:\n{text}");
    assert!(text.contains("Tested: ") && !text.contains("Failures:"), "{text}");
}
