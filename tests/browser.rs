//! Pages as a browser sees them: headless Chromium loads each kind of page of a built hub,
//! served under its sub-path on 127.0.0.1, and every file the page asks for must exist.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use common::Hub;

/// The Chromium binary, or `None` where it is not installed (an error under CI).
fn chromium() -> Option<PathBuf> {
    common::required_program("/usr/bin/chromium", "chromium", "browser test")
        .then(|| PathBuf::from("/usr/bin/chromium"))
}

/// How every test starts Chromium: headless, and with nothing that reaches other hosts.
const CHROMIUM_FLAGS: [&str; 8] = [
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
type RequestLog = Arc<Mutex<Vec<(String, u16)>>>;

/// Answers one request for a file under `root`, recording its path and status.
fn answer(mut stream: std::net::TcpStream, root: &Path, seen: &RequestLog) {
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
fn serve(root: PathBuf) -> (u16, RequestLog) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log: RequestLog = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (root, seen) = (root.clone(), seen.clone());
            // One thread per connection: browsers open spare connections that send nothing.
            std::thread::spawn(move || answer(stream, &root, &seen));
        }
    });
    (port, log)
}

#[test]
fn every_kind_of_page_loads_completely_in_chromium() {
    let Some(browser) = chromium() else { return };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let (port, log) = serve(hub.root.join("public"));
    for page in [
        "",
        "profiles/",
        "profiles/bob/",
        "events/",
        "events/meetup/",
        "toolkits/start/",
        "posts/hello/",
        "subjects/science/",
        "about/",
    ] {
        let url = format!("http://127.0.0.1:{port}/hub/{page}");
        let dom = dom_after_scripts(&browser, &url, "America/Chicago");
        assert!(dom.contains("<html lang=\"en\">"), "{url}: no lang");
        assert_eq!(dom.matches("<h1").count(), 1, "{url}: one h1");
        assert!(dom.contains("<main id=\"main\""), "{url}: main landmark");
        assert!(
            dom.contains("class=\"skip-link\" href=\"#main\""),
            "{url}: skip link"
        );
    }
    let requests = log.lock().unwrap().clone();
    for asset in [
        "/hub/style.css",
        "/hub/highlight.css",
        "/hub/profiles/bob/avatar.png",
    ] {
        assert!(
            requests.iter().any(|(path, _)| path == asset),
            "the browser asked for {asset}: {requests:?}"
        );
    }
    let failed: Vec<_> = requests
        .iter()
        .filter(|(_, status)| *status == 404)
        .collect();
    assert!(failed.is_empty(), "requests that found nothing: {failed:?}");
}

/// Runs Chromium on `url` in the reader's time zone `zone` and returns the DOM after scripts ran.
fn dom_after_scripts(browser: &Path, url: &str, zone: &str) -> String {
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

#[test]
fn lists_are_corrected_at_view_time_and_times_shown_in_the_readers_zone() {
    let Some(browser) = chromium() else { return };
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/far.md",
        "---\ntitle: Far future gathering\nstart: 2099-06-01T10:00:00\n---\n",
    );
    // Built long ago: the October workshop was still upcoming then.
    let options = convene::BuildOptions {
        now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        ..hub.options()
    };
    convene::build(&options).unwrap();
    let built = hub.output("events/index.html");
    let upcoming_at_build = &built[built.find("data-events=\"upcoming\"").unwrap()
        ..built.find("data-events=\"past\"").unwrap()];
    assert!(
        upcoming_at_build.contains("October workshop"),
        "the fallback is the build time"
    );

    let (port, _) = serve(hub.root.join("public"));
    let dom = dom_after_scripts(
        &browser,
        &format!("http://127.0.0.1:{port}/hub/events/"),
        "Asia/Kolkata",
    );
    let past_at = dom.find("data-events=\"past\"").expect("past list");
    let workshop_at = dom.find("October workshop").unwrap();
    let far_at = dom.find("Far future gathering").unwrap();
    assert!(
        workshop_at > past_at,
        "the ended workshop moved to the past list"
    );
    assert!(far_at < past_at, "a future event stays upcoming");

    let event = dom_after_scripts(
        &browser,
        &format!("http://127.0.0.1:{port}/hub/events/meetup/"),
        "Asia/Kolkata",
    );
    assert!(
        event.contains("class=\"local-time\""),
        "the reader's local time is added"
    );
    assert!(
        event.contains("GMT+5:30") || event.contains("IST"),
        "in the reader's zone: {}",
        &event[event.find("local-time").unwrap()..][..120]
    );
}

/// A minimal WebDriver client for chromedriver (Debian package `chromium-driver`), for pages
/// whose content arrives asynchronously, such as search results.
struct Driver {
    child: std::process::Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver and a headless Chromium in the reader's time zone `zone`.
    fn start(zone: &str) -> Option<Driver> {
        if !common::required_program("/usr/bin/chromedriver", "chromium-driver", "search test") {
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
        for _ in 0..100 {
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
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}});
        let session = driver.request("POST", "/session", Some(capabilities));
        driver.session = session["value"]["sessionId"]
            .as_str()
            .expect("a WebDriver session")
            .to_string();
        Some(driver)
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

    fn goto(&self, url: &str) {
        self.request(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(serde_json::json!({"url": url})),
        );
    }

    /// Runs `script` in the page and returns its result as text.
    fn script(&self, script: &str) -> String {
        let value = self.request(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(serde_json::json!({"script": script, "args": []})),
        );
        match &value["value"] {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    /// Presses keys one after the other, as a person at the keyboard would (WebDriver key
    /// codes: `\u{E004}` Tab, `\u{E007}` Enter, `\u{E00D}` Space).
    fn press(&self, keys: &[&str]) {
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
    fn wait_for(&self, script: &str) -> Vec<String> {
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

/// The links of the search results once the status line says `done`, or an empty list.
fn results_when(done: &str) -> String {
    format!(
        "const status = document.getElementById('search-status').textContent; \
         if (!status.includes({done:?})) return []; \
         return Array.from(document.querySelectorAll('#search-results a')) \
           .map(a => a.textContent.trim() + ' -> ' + a.getAttribute('href'));"
    )
}

#[test]
fn search_finds_people_and_resources_with_or_without_accents() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.write(
        "content/profiles/cesar.md",
        "---\ntitle: César Ibáñez\nsubjects: [math]\n---\nI teach in a dual-language program.\n",
    );
    hub.write(
        "content/profiles/jose.md",
        "---\ntitle: Jose Matematicas Ruiz\n---\nWrites his name without accents.\n",
    );
    hub.build().unwrap();
    let (port, log) = serve(hub.root.join("public"));
    let search_page = format!("http://127.0.0.1:{port}/hub/search/");
    let results = |query: &str, done: &str| {
        driver.goto(&format!("{search_page}?{query}"));
        driver.wait_for(&results_when(done))
    };
    let has = |found: &[String], text: &str| found.iter().any(|r| r.contains(text));

    let found = results("q=cesar", "for “cesar”");
    assert!(
        has(&found, "César Ibáñez -> /hub/profiles/cesar/"),
        "`cesar` finds `César`: {found:?}"
    );
    let found = results("q=C%C3%A9sar", "for “César”");
    assert!(
        has(&found, "César Ibáñez"),
        "`César` finds `César`: {found:?}"
    );
    let found = results("q=matem%C3%A1ticas", "for “matemáticas”");
    assert!(
        has(&found, "Jose Matematicas Ruiz"),
        "`matemáticas` finds `Matematicas`: {found:?}"
    );
    assert!(has(&found, "Ann Teacher"), "and `Matemáticas`: {found:?}");
    let found = results("q=podcast", "for “podcast”");
    assert!(
        has(&found, "/hub/toolkits/start/#a-podcast-about-coaching"),
        "a toolkit resource leads to its entry: {found:?}"
    );

    // A filter narrows the results to pages with that term.
    let everyone = results("q=coach", "for “coach”.");
    for page in ["Bob Coach", "Coffee Club", "Starter kit"] {
        assert!(has(&everyone, page), "`coach` finds {page}: {everyone:?}");
    }
    let teachers = results("q=coach&roles=teacher", "for “coach” in teacher");
    assert_eq!(
        teachers,
        ["Coffee Club -> /hub/profiles/coffee-club/"],
        "only the coach page with the role teacher"
    );
    // No query: the filter alone lists every page with the term.
    let mut technology = results("subjects=technology", "in technology");
    technology.sort();
    assert_eq!(
        technology,
        [
            "Bob Coach -> /hub/profiles/bob/",
            "Starter kit -> /hub/toolkits/start/"
        ],
        "browsing by a filter alone"
    );

    // By keyboard alone: Tab reaches the search box, Enter searches, Space ticks a filter; the
    // address follows, and Back returns to the previous search.
    driver.goto(&search_page);
    driver.wait_for("return document.getElementById('search').hidden ? [] : ['ready'];");
    let mut reached = false;
    for _ in 0..40 {
        driver.press(&["\u{E004}"]);
        if driver.script("return document.activeElement.id;") == "search-q" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the search box");
    driver.press(&["c", "o", "a", "c", "h", "\u{E007}"]);
    let typed = driver.wait_for(&results_when("for “coach”."));
    assert_eq!(typed.len(), everyone.len(), "Enter searches: {typed:?}");
    assert_eq!(driver.script("return location.search;"), "?q=coach");
    // Past the button and the group's heading (a summary one can fold) to the first filter.
    driver.press(&["\u{E004}", "\u{E004}", "\u{E004}"]);
    assert_eq!(
        driver.script("return document.activeElement.name + '=' + document.activeElement.value;"),
        "kind=person",
        "Tab reaches the first filter"
    );
    driver.press(&["\u{E00D}"]);
    let people = driver.wait_for(&results_when("in Person"));
    assert!(
        !people.is_empty() && people.len() < everyone.len() && !has(&people, "Starter kit"),
        "the kind filter narrows: {people:?}"
    );
    assert_eq!(
        driver.script("return location.search;"),
        "?q=coach&kind=person"
    );
    driver.script("history.back(); return '';");
    let back = driver.wait_for(&results_when("for “coach”."));
    assert_eq!(
        back.len(),
        everyone.len(),
        "Back restores the search: {back:?}"
    );
    assert_eq!(
        driver.script("return String(document.querySelector('input[value=person]').checked);"),
        "false"
    );

    // Nothing was asked of any other host, and nothing was missing.
    let elsewhere = driver.script(&format!(
        "return performance.getEntriesByType('resource').map(e => e.name) \
           .filter(url => !url.startsWith('http://127.0.0.1:{port}/')).join(' ');"
    ));
    assert_eq!(elsewhere, "", "requests to other hosts");
    let requests = log.lock().unwrap().clone();
    assert!(
        requests
            .iter()
            .any(|(path, _)| path.starts_with("/hub/pagefind/")),
        "the index is loaded from the sub-path"
    );
    let failed: Vec<_> = requests
        .iter()
        .filter(|(_, status)| *status == 404)
        .collect();
    assert!(failed.is_empty(), "requests that found nothing: {failed:?}");
}

#[test]
fn under_convene_serve_search_works_and_errors_show_over_the_page() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.write(
        "content/profiles/cesar.md",
        "---\ntitle: César Ibáñez\n---\nI coach new teachers.\n",
    );
    let server = common::Server::start(&hub.root);
    // The search index is built after the site, on its own thread.
    server.wait_for_line("Search index ready");
    driver.goto(&format!("{}search/?q=cesar", server.url));
    let found = driver.wait_for(&results_when("for “cesar”"));
    assert!(
        found
            .iter()
            .any(|r| r == "César Ibáñez -> /profiles/cesar/"),
        "search works under serve: {found:?}"
    );

    driver.goto(&format!("{}profiles/ann/", server.url));
    let ann = hub.root.join("content/profiles/ann.md");
    let original = std::fs::read_to_string(&ann).unwrap();
    std::fs::write(
        &ann,
        original.replace("roles: [teacher]", "roles: [teacher"),
    )
    .unwrap();
    let overlay = driver.wait_for(
        "const panel = document.getElementById('convene-errors'); return panel ? [panel.textContent] : [];",
    );
    assert!(
        overlay
            .iter()
            .any(|text| text.contains("  --> content/profiles/ann.md:")),
        "the error is shown over the page with its file and line: {overlay:?}"
    );
    std::fs::write(&ann, original).unwrap();
    let recovered = driver.wait_for(
        "return document.getElementById('convene-errors') ? [] : [document.querySelector('h1').textContent];",
    );
    assert_eq!(
        recovered,
        ["Ann Teacher"],
        "fixed: the page reloads without the errors"
    );
}
