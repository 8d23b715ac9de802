//! Issue 24 points 1 and 2: every Rust example of the README and of `docs/*.md` compiles in an
//! app set up as the README's "A new app" says, with only the dependencies the README and the
//! pages name (their ```toml blocks), the test dependency line included.
//!
//! The examples become the modules of one scratch crate under `target/readme-app`, built once
//! with `cargo test --no-run --offline` (so that `[dev-dependencies]` and `#[test]` functions
//! count) against the workspace's `Cargo.lock` and the crates CI already fetched. Each example
//! is read as rustdoc reads it: `# ` lines are kept, and code without `fn main` is the body of
//! one; ```` ```rust,compile_fail```` and ```` ```rust,ignore```` blocks are left out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One ```rust block: where it is, and its code as rustdoc compiles it.
struct Example {
    file: String,
    line: usize,
    code: String,
}

/// The fenced blocks of a Markdown text: `(info string, first line number, lines)`.
fn blocks(text: &str) -> Vec<(String, usize, Vec<&str>)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, Vec<&str>)> = None;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut open, fence) {
            (None, Some(info)) => open = Some((info.trim().to_string(), i + 2, Vec::new())),
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some((_, _, lines)), None) => lines.push(line),
            (None, None) => {}
        }
    }
    out
}

/// Whether rustdoc compiles a block with this info string as Rust.
fn compiled(info: &str) -> bool {
    let words: Vec<&str> = info.split(',').map(str::trim).collect();
    let rust = words[0].is_empty() || words[0] == "rust";
    rust && !words.iter().any(|w| matches!(*w, "compile_fail" | "ignore" | "text" | "toml" | "sh"))
}

/// The code of a block as rustdoc compiles it: hidden lines shown, wrapped in `fn main` unless
/// it has one.
fn as_rustdoc(lines: &[&str]) -> String {
    let code: Vec<&str> = lines
        .iter()
        .map(|l| match l.trim_start() {
            "#" => "",
            t if t.starts_with("# ") => &t[2..],
            _ => l,
        })
        .collect();
    let code = code.join("\n");
    if code.contains("fn main") { code } else { format!("fn main() {{\n{code}\n}}") }
}

/// The documentation files: the README and every page of `docs/`.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    if let Ok(dir) = std::fs::read_dir(root.join("docs")) {
        let mut pages: Vec<PathBuf> =
            dir.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
        pages.sort();
        files.extend(pages);
    }
    files
}

/// `(name, spec)` of the dependencies of one table, in order.
type Dependencies = Vec<(String, String)>;

/// The `name = ...` lines of the `[dependencies]` and `[dev-dependencies]` tables of the
/// documents' ```toml blocks, each name once (the first spelling wins).
fn dependencies(texts: &[(String, String)]) -> (Dependencies, Dependencies) {
    let (mut deps, mut dev) = (Vec::new(), Vec::new());
    for (_, text) in texts {
        for (info, _, lines) in blocks(text) {
            if info != "toml" {
                continue;
            }
            let mut table = "";
            for line in lines {
                let line = line.split(" #").next().unwrap_or_default().trim();
                if line.starts_with('[') {
                    table = if line == "[dependencies]" {
                        "deps"
                    } else if line == "[dev-dependencies]" {
                        "dev"
                    } else {
                        ""
                    };
                    continue;
                }
                let Some((name, spec)) = line.split_once('=') else { continue };
                let list = match table {
                    "deps" => &mut deps,
                    "dev" => &mut dev,
                    _ => continue,
                };
                let name = name.trim().to_string();
                if !list.iter().any(|(n, _): &(String, String)| *n == name) {
                    list.push((name, spec.trim().to_string()));
                }
            }
        }
    }
    (deps, dev)
}

/// `rook`'s path as the documents write it (`../rook/framework`) becomes this checkout's.
fn local_rook(spec: &str, framework: &Path) -> String {
    match (spec.find("path = \""), spec.contains("framework\"")) {
        (Some(at), true) => {
            let start = at + "path = \"".len();
            let end = start + spec[start..].find('"').expect("a closing quote");
            format!("{}{}{}", &spec[..start], framework.display(), &spec[end..])
        }
        _ => spec.to_string(),
    }
}

#[test]
fn every_documented_example_builds_in_a_new_app() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let texts: Vec<(String, String)> = documents(root)
        .iter()
        .map(|p| {
            let name = p.strip_prefix(root).unwrap_or(p).display().to_string();
            (name, std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        })
        .collect();
    let mut examples = Vec::new();
    for (file, text) in &texts {
        for (info, line, lines) in blocks(text) {
            if compiled(&info) {
                examples.push(Example { file: file.clone(), line, code: as_rustdoc(&lines) });
            }
        }
    }
    assert!(examples.len() >= 12, "only {} examples found: is the README where it was?", examples.len());

    let (deps, dev) = dependencies(&texts);
    for name in ["rook", "serde"] {
        assert!(deps.iter().any(|(n, _)| n == name), "the README's [dependencies] do not name {name}: {deps:?}");
    }
    assert!(
        dev.iter().any(|(n, spec)| n == "rook" && spec.contains("testing")),
        "the README shows no test dependency line for rook with `testing`: {dev:?}"
    );
    let framework = root.join("framework");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let app = target.join("readme-app");
    std::fs::create_dir_all(app.join("src")).unwrap();

    // An empty [workspace]: the scratch app is its own workspace, though it sits in this one's target/.
    let mut manifest = String::from(
        "[package]\nname = \"readme-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n",
    );
    for (name, spec) in &deps {
        writeln!(manifest, "{name} = {}", local_rook(spec, &framework)).unwrap();
    }
    manifest.push_str("\n[dev-dependencies]\n");
    for (name, spec) in &dev {
        writeln!(manifest, "{name} = {}", local_rook(spec, &framework)).unwrap();
    }
    std::fs::write(app.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).expect("the workspace's Cargo.lock");

    let mut main =
        String::from("//! Every example of the README and docs/, one module each (tests/readme_examples.rs).\n");
    main.push_str("#![allow(dead_code, unused, unnameable_test_items, non_snake_case)]\n\n");
    let mut sources = Vec::new();
    for (i, ex) in examples.iter().enumerate() {
        let module = format!("example_{i:02}");
        writeln!(main, "/// {}:{}", ex.file, ex.line).unwrap();
        writeln!(main, "mod {module};").unwrap();
        let source = format!("// {}:{}\n{}\n", ex.file, ex.line, ex.code);
        std::fs::write(app.join("src").join(format!("{module}.rs")), &source).unwrap();
        sources.push((module, ex));
    }
    main.push_str("\nfn main() {}\n");
    std::fs::write(app.join("src/main.rs"), main).unwrap();

    let out = Command::new(env!("CARGO"))
        .args(["test", "--no-run", "--offline", "--quiet", "--message-format=short", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        // Name the example of each error: src/example_NN.rs:line -> README.md:line.
        let mut named = String::new();
        for line in stderr.lines() {
            named.push_str(line);
            if let Some((module, ex)) = sources.iter().find(|(m, _)| line.contains(&format!("src/{m}.rs"))) {
                write!(named, "    <- {module}: {}:{}", ex.file, ex.line).unwrap();
            }
            named.push('\n');
        }
        panic!("the documented examples do not build in a new app ({}):\n{named}", app.display());
    }
}
