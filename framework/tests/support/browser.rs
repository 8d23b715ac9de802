//! A small headless-Chromium driver for end-to-end tests, speaking the Chrome DevTools
//! Protocol (CDP) over one websocket.
//!
//! ```ignore
//! #[path = "support/browser.rs"]
//! mod browser;
//!
//! let browser = browser::Browser::launch().expect("launch chromium");
//! let page = browser.open("http://127.0.0.1:8080/").expect("open page");
//! assert_eq!(page.evaluate("document.title").unwrap(), "Rook showcase");
//! page.wait_until("document.querySelectorAll('li').length > 3", Duration::from_secs(10)).unwrap();
//! page.screenshot("/tmp/page.png").unwrap();
//! browser.close().unwrap();
//! ```
//!
//! Several pages may be open at once (each is a CDP session multiplexed on the browser's
//! connection), which is what a two-user chat test needs. Everything is synchronous: a test
//! drives the pages in turn and waits on conditions evaluated in the page, never on sleeps.
//!
//! The browser binary is `$ROOK_CHROMIUM` if set, else the first of `chromium`,
//! `chromium-browser`, `google-chrome` found on `PATH` (Debian: `apt-get install chromium`).
#![allow(dead_code)] // each test binary uses its own subset of the driver

use std::cell::RefCell;
use std::fmt;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long a single CDP call, or the browser's start-up, may take before the test fails
/// instead of hanging.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// What went wrong while driving the browser; the message is meant for a test failure.
pub(crate) struct Error(String);

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The driver's result type.
pub(crate) type Result<T> = std::result::Result<T, Error>;

fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error(msg.into()))
}

/// The browser-level CDP connection, shared by the browser and its pages.
struct Cdp {
    ws: WebSocket<TcpStream>,
    next_id: u64,
}

impl Cdp {
    /// Sends one command (to a page session, or to the browser when `session` is `None`) and
    /// returns its `result`, skipping the events and replies that arrive in between.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            msg["sessionId"] = json!(session);
        }
        self.ws.send(Message::text(msg.to_string())).or_else(|e| err(format!("CDP {method}: send failed: {e}")))?;
        loop {
            let frame = match self.ws.read() {
                Ok(frame) => frame,
                Err(e) => return err(format!("CDP {method}: no reply: {e}")),
            };
            let Message::Text(text) = frame else { continue };
            let Ok(reply) = serde_json::from_str::<Value>(text.as_str()) else {
                continue;
            };
            if reply["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(error) = reply.get("error") {
                return err(format!("CDP {method} failed: {error}"));
            }
            return Ok(reply.get("result").cloned().unwrap_or(Value::Null));
        }
    }
}

/// A running headless Chromium with a fresh profile; killed when dropped.
pub(crate) struct Browser {
    cdp: Rc<RefCell<Cdp>>,
    child: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts headless Chromium on an OS-chosen debugging port and connects to it.
    pub(crate) fn launch() -> Result<Browser> {
        let profile = tempfile::tempdir().or_else(|e| err(format!("profile dir: {e}")))?;
        let mut child = spawn_chromium(profile.path())?;
        let stderr = child.stderr.take().expect("stderr is piped");

        // Chromium prints the websocket URL on stderr; the reader keeps draining afterwards so
        // that a chatty browser never blocks on a full pipe.
        let (tx, rx) = mpsc::channel::<String>();
        thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let Some(sender) = &tx else { continue };
                match line.split_once("DevTools listening on ") {
                    Some((_, url)) => {
                        let _ = sender.send(url.trim().to_owned());
                        tx = None;
                    }
                    None => {
                        let _ = sender.send(line);
                    }
                }
            }
        });

        let deadline = Instant::now() + CALL_TIMEOUT;
        let mut seen = Vec::new();
        let ws_url = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) if line.starts_with("ws://") => break line,
                Ok(line) => seen.push(line),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return err(format!(
                        "chromium did not print its DevTools URL; its stderr was:\n{}",
                        seen.join("\n")
                    ));
                }
            }
        };

        let cdp = match connect(&ws_url) {
            Ok(cdp) => cdp,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        };
        Ok(Browser { cdp: Rc::new(RefCell::new(cdp)), child, _profile: profile })
    }

    /// Opens a new tab, navigates it to `url` and waits until its document has loaded.
    pub(crate) fn open(&self, url: &str) -> Result<Page> {
        self.open_in(url, json!({ "url": "about:blank" }))
    }

    /// Opens `url` in a tab of a new browser context whose every request to another host than
    /// the loopback goes through the HTTP proxy `proxy` (`http://127.0.0.1:PORT`): a test's trap
    /// proxy sees exactly the requests that pages of this context make elsewhere, and none of
    /// the browser's own background traffic.
    pub(crate) fn open_behind_proxy(&self, url: &str, proxy: &str) -> Result<Page> {
        let context = self.cdp.borrow_mut().call(
            None,
            "Target.createBrowserContext",
            json!({ "disposeOnDetach": true, "proxyServer": proxy }),
        )?;
        let id = context["browserContextId"].as_str().unwrap_or_default().to_owned();
        self.open_in(url, json!({ "url": "about:blank", "browserContextId": id }))
    }

    fn open_in(&self, url: &str, create: Value) -> Result<Page> {
        let mut cdp = self.cdp.borrow_mut();
        let target = cdp.call(None, "Target.createTarget", create)?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_owned();
        let attached = cdp.call(None, "Target.attachToTarget", json!({ "targetId": target_id, "flatten": true }))?;
        let session = attached["sessionId"].as_str().unwrap_or_default().to_owned();
        drop(cdp);
        let page = Page { cdp: Rc::clone(&self.cdp), session, target_id };
        page.navigate(url)?;
        Ok(page)
    }

    /// Asks the browser to quit and waits for it; kills it if it does not go.
    pub(crate) fn close(mut self) -> Result<()> {
        let _ = self.cdp.borrow_mut().call(None, "Browser.close", json!({}));
        let deadline = Instant::now() + CALL_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return Ok(()),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return err("chromium did not quit after Browser.close; killed it");
                }
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn spawn_chromium(profile: &Path) -> Result<Child> {
    let candidates = match std::env::var("ROOK_CHROMIUM") {
        Ok(bin) => vec![bin],
        Err(_) => ["chromium", "chromium-browser", "google-chrome"].map(String::from).to_vec(),
    };
    for bin in &candidates {
        let spawned = Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--window-size=1280,800",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        match spawned {
            Ok(child) => return Ok(child),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return err(format!("could not start {bin}: {e}")),
        }
    }
    err(format!(
        "no browser found (tried {}); install Debian's `chromium` (`bash .ci/run` does) or set ROOK_CHROMIUM",
        candidates.join(", ")
    ))
}

fn connect(ws_url: &str) -> Result<Cdp> {
    let authority = ws_url
        .strip_prefix("ws://")
        .and_then(|rest| rest.split('/').next())
        .ok_or_else(|| Error(format!("unexpected DevTools URL {ws_url:?}")))?;
    let stream = TcpStream::connect(authority).or_else(|e| err(format!("connect {authority}: {e}")))?;
    // A browser that stops answering fails the test instead of hanging it.
    stream.set_read_timeout(Some(CALL_TIMEOUT)).ok();
    stream.set_write_timeout(Some(CALL_TIMEOUT)).ok();
    let (ws, _) = tungstenite::client(ws_url, stream).or_else(|e| err(format!("websocket handshake: {e}")))?;
    Ok(Cdp { ws, next_id: 0 })
}

/// One tab of the browser.
pub(crate) struct Page {
    cdp: Rc<RefCell<Cdp>>,
    session: String,
    target_id: String,
}

impl Page {
    fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.cdp.borrow_mut().call(Some(&self.session), method, params)
    }

    /// Navigates to `url` and waits until the new document has finished loading.
    pub(crate) fn navigate(&self, url: &str) -> Result<()> {
        let nav = self.call("Page.navigate", json!({ "url": url }))?;
        if let Some(text) = nav.get("errorText").and_then(Value::as_str) {
            return err(format!("navigating to {url}: {text}"));
        }
        self.wait_until("document.readyState === 'complete'", CALL_TIMEOUT)
    }

    /// Evaluates `js` in the page (awaiting it if it is a promise) and returns its value as
    /// JSON; `undefined` is `Null`. A thrown exception is an error carrying its message.
    pub(crate) fn evaluate(&self, js: &str) -> Result<Value> {
        let res =
            self.call("Runtime.evaluate", json!({ "expression": js, "returnByValue": true, "awaitPromise": true }))?;
        if let Some(ex) = res.get("exceptionDetails") {
            let msg = ex["exception"]["description"].as_str().or(ex["text"].as_str()).unwrap_or("?");
            return err(format!("evaluating {js:?} threw: {msg}"));
        }
        Ok(res["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    /// Polls `js_condition` until it evaluates to `true`; an error if `timeout` passes first.
    pub(crate) fn wait_until(&self, js_condition: &str, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            // A condition evaluated mid-navigation may throw; that only means "not yet".
            let last = self.evaluate(js_condition);
            if matches!(last, Ok(Value::Bool(true))) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return err(format!("timed out waiting for {js_condition:?} (last: {last:?})"));
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// Turns the page's own scripts off (`Emulation.setScriptExecutionDisabled`) for the
    /// documents loaded from now on, as a browser with JavaScript disabled. The test's
    /// `evaluate` calls still run: they come from DevTools, not from the page.
    #[allow(dead_code)]
    pub(crate) fn disable_scripts(&self) -> Result<()> {
        self.call("Emulation.setScriptExecutionDisabled", json!({ "value": true })).map(drop)
    }

    /// Focuses the element `selector` finds and types `text` into it as keyboard input.
    #[allow(dead_code)]
    pub(crate) fn type_into(&self, selector: &str, text: &str) -> Result<()> {
        let found = self.evaluate(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); if (!e) return false; e.focus(); return true; }})()"
        ))?;
        if found != Value::Bool(true) {
            return err(format!("no element matches {selector:?}"));
        }
        self.call("Input.insertText", json!({ "text": text })).map(drop)
    }

    /// Clicks the middle of the element `selector` finds with the mouse, as a person would.
    #[allow(dead_code)]
    pub(crate) fn click(&self, selector: &str) -> Result<()> {
        let at = self.evaluate(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); if (!e) return null; e.scrollIntoView(); \
             const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ))?;
        let (Some(x), Some(y)) = (at[0].as_f64(), at[1].as_f64()) else {
            return err(format!("no element matches {selector:?}"));
        };
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            )?;
        }
        Ok(())
    }

    /// Clicks like [`Page::click`] something that loads a new document (a link, a form's
    /// button), and waits until that document has loaded.
    #[allow(dead_code)]
    pub(crate) fn click_to_navigate(&self, selector: &str) -> Result<()> {
        // The marker lives on the old document's `window`: gone means the new one is in.
        self.evaluate("window.__rook_old_document = true")?;
        self.click(selector)?;
        self.wait_until("window.__rook_old_document !== true && document.readyState === 'complete'", CALL_TIMEOUT)
    }

    /// Captures the viewport as PNG, writes it to `path` and returns the bytes.
    pub(crate) fn screenshot(&self, path: impl AsRef<Path>) -> Result<Vec<u8>> {
        // A background tab renders no frames, so its capture would never complete.
        self.call("Page.bringToFront", json!({}))?;
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }))?;
        let data = shot["data"].as_str().unwrap_or_default();
        let png =
            data_encoding::BASE64.decode(data.as_bytes()).or_else(|e| err(format!("screenshot is not base64: {e}")))?;
        let path = path.as_ref();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).or_else(|e| err(format!("create {}: {e}", dir.display())))?;
        }
        std::fs::write(path, &png).or_else(|e| err(format!("write {}: {e}", path.display())))?;
        Ok(png)
    }

    /// Closes the tab.
    pub(crate) fn close(self) -> Result<()> {
        self.cdp.borrow_mut().call(None, "Target.closeTarget", json!({ "targetId": self.target_id })).map(drop)
    }
}
