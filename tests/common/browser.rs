//! Headless Chromium for the tests: a static server that records what the browser asks for,
//! a page's DOM after its scripts ran, and a minimal WebDriver client for chromedriver.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::required_program;

/// The Chromium binary, or `None` where it is not installed (an error under CI).
pub fn chromium() -> Option<PathBuf> {
    required_program("/usr/bin/chromium", "chromium", "browser test")
        .then(|| PathBuf::from("/usr/bin/chromium"))
}

/// How every test starts Chromium: headless, and with nothing that reaches other hosts.
pub const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Every request the test server answered: path and status.
pub type RequestLog = Arc<Mutex<Vec<(String, u16)>>>;

/// A path whose answer waits until the flag is set: a file on a connection too slow for it.
type Hold = Option<(String, Arc<AtomicBool>)>;

/// Answers one request for a file under `root`, recording its path and status.
fn answer(mut stream: std::net::TcpStream, root: &Path, seen: &RequestLog, hold: &Hold) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    if let Some((held, released)) = hold
        && *held == path
    {
        while !released.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    let file = path.strip_prefix("/hub/").map(|rest| {
        let rest = if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_string()
        };
        root.join(rest)
    });
    let (status, body) = match file.as_ref().and_then(|f| std::fs::read(f).ok()) {
        Some(body) => (200, body),
        None if path == "/favicon.ico" => (204, Vec::new()),
        None => (404, b"not found".to_vec()),
    };
    let kind = match &file {
        Some(file) if status == 200 => convene::serve::http::content_type(&file.to_string_lossy()),
        _ => "text/plain; charset=utf-8",
    };
    seen.lock().unwrap().push((path, status));
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(&body));
}

/// Serves `root` at `http://127.0.0.1:PORT/hub/` and records every request with its status.
pub fn serve(root: PathBuf) -> (u16, RequestLog) {
    serve_with(root, None)
}

/// Serves `root` as [`serve`] does, but answers `held` (a path such as `/hub/search.js`) only
/// once the flag returned is set.
pub fn serve_holding(root: PathBuf, held: &str) -> (u16, Arc<AtomicBool>) {
    let released = Arc::new(AtomicBool::new(false));
    let (port, _) = serve_with(root, Some((held.to_string(), released.clone())));
    (port, released)
}

fn serve_with(root: PathBuf, hold: Hold) -> (u16, RequestLog) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log: RequestLog = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (root, seen, hold) = (root.clone(), seen.clone(), hold.clone());
            // One thread per connection: browsers open spare connections that send nothing.
            std::thread::spawn(move || answer(stream, &root, &seen, &hold));
        }
    });
    (port, log)
}

/// Runs Chromium on `url` in the reader's time zone `zone` and returns the DOM after scripts ran.
pub fn dom_after_scripts(browser: &Path, url: &str, zone: &str) -> String {
    let profile_dir = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .env("TZ", zone)
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile_dir.path().display()))
        .args(["--virtual-time-budget=3000", "--dump-dom", url])
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A minimal WebDriver client for chromedriver (Debian package `chromium-driver`), for pages
/// whose content arrives asynchronously, such as search results.
pub struct Driver {
    child: std::process::Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver and a headless Chromium in the reader's time zone `zone`; Chromium
    /// keeps a log of every request its pages make (see [`Driver::requests_made`]).
    pub fn start(zone: &str) -> Option<Driver> {
        if !required_program("/usr/bin/chromedriver", "chromium-driver", "browser test") {
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .env("TZ", zone)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut driver = Driver {
            child,
            port,
            session: String::new(),
            _profile: profile,
        };
        // chromedriver's first start on a fresh machine can take seconds (cold disk cache).
        for _ in 0..600 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let args = CHROMIUM_FLAGS
            .iter()
            .map(|a| a.to_string())
            .chain([format!(
                "--user-data-dir={}",
                driver._profile.path().display()
            )])
            .collect::<Vec<_>>();
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
            "goog:loggingPrefs": {"performance": "ALL"}
        }}});
        // On a busy machine Chromium may not come up in time: it is asked again a few times.
        let mut answer = serde_json::Value::Null;
        for _ in 0..3 {
            answer = driver.request("POST", "/session", Some(capabilities.clone()));
            if let Some(id) = answer["value"]["sessionId"].as_str() {
                driver.session = id.to_string();
                return Some(driver);
            }
        }
        panic!("chromedriver gave no session: {answer}");
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
        // Read the headers, then exactly Content-Length bytes: chromedriver may keep the
        // connection open.
        let mut reader = BufReader::new(stream);
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut bytes = vec![0; length];
        std::io::Read::read_exact(&mut reader, &mut bytes).unwrap();
        let json = String::from_utf8_lossy(&bytes);
        serde_json::from_str(&json).unwrap_or(serde_json::Value::Null)
    }

    pub fn goto(&self, url: &str) {
        self.request(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(serde_json::json!({"url": url})),
        );
    }

    /// Runs `script` in the page and returns its result as text.
    pub fn script(&self, script: &str) -> String {
        self.execute("sync", script)
    }

    /// Runs `script` in the page, which calls its last argument with its result, and returns
    /// that result as text.
    pub fn script_async(&self, script: &str) -> String {
        self.execute("async", script)
    }

    /// Runs `script` the WebDriver way `how` (`sync` or `async`) and returns its result as text.
    fn execute(&self, how: &str, script: &str) -> String {
        let value = self.request(
            "POST",
            &format!("/session/{}/execute/{how}", self.session),
            Some(serde_json::json!({"script": script, "args": []})),
        );
        match &value["value"] {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    /// Sets the size of the browser window, in CSS pixels.
    pub fn window_size(&self, width: u32, height: u32) {
        self.request(
            "POST",
            &format!("/session/{}/window/rect", self.session),
            Some(serde_json::json!({"width": width, "height": height})),
        );
    }

    /// Sends a Chrome DevTools Protocol command `method` with `params` to the page.
    pub fn devtools(&self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.request(
            "POST",
            &format!("/session/{}/goog/cdp/execute", self.session),
            Some(serde_json::json!({"cmd": method, "params": params})),
        )
    }

    /// Every address the pages asked for since the last call, in order: documents, styles,
    /// scripts, images, fonts, frames, fetches and web sockets, whether they succeeded or not.
    pub fn requests_made(&self) -> Vec<String> {
        let log = self.request(
            "POST",
            &format!("/session/{}/se/log", self.session),
            Some(serde_json::json!({"type": "performance"})),
        );
        let entries = log["value"].as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .filter_map(|entry| entry["message"].as_str())
            .filter_map(|message| serde_json::from_str::<serde_json::Value>(message).ok())
            .filter_map(|message| {
                let event = &message["message"];
                match event["method"].as_str()? {
                    "Network.requestWillBeSent" => event["params"]["request"]["url"].as_str(),
                    "Network.webSocketCreated" => event["params"]["url"].as_str(),
                    _ => None,
                }
                .map(str::to_string)
            })
            .collect()
    }

    /// Presses keys one after the other, as a person at the keyboard would (WebDriver key
    /// codes: `\u{E004}` Tab, `\u{E007}` Enter, `\u{E00D}` Space).
    pub fn press(&self, keys: &[&str]) {
        let actions: Vec<_> = keys
            .iter()
            .flat_map(|key| {
                [
                    serde_json::json!({"type": "keyDown", "value": key}),
                    serde_json::json!({"type": "keyUp", "value": key}),
                ]
            })
            .collect();
        self.request(
            "POST",
            &format!("/session/{}/actions", self.session),
            Some(serde_json::json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    /// Runs `script` in the page until it returns a non-empty array, for at most ten seconds.
    pub fn wait_for(&self, script: &str) -> Vec<String> {
        for _ in 0..100 {
            let value = self.request(
                "POST",
                &format!("/session/{}/execute/sync", self.session),
                Some(serde_json::json!({"script": script, "args": []})),
            );
            if let Some(items) = value["value"].as_array().filter(|items| !items.is_empty()) {
                return items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect();
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Vec::new()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            self.request("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
