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
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|path| path.is_file());
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!("the browser test needs Chromium: install the Debian package `chromium`");
    }
    if found.is_none() {
        eprintln!("skipping: install the Debian package `chromium` to run the browser test");
    }
    found
}

/// Every request the test server answered: path and status.
type RequestLog = Arc<Mutex<Vec<(String, u16)>>>;

/// Serves `root` at `http://127.0.0.1:PORT/hub/` and records every request with its status.
fn serve(root: PathBuf) -> (u16, RequestLog) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log: RequestLog = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                continue;
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
            let (status, body) = match file.and_then(|f| std::fs::read(f).ok()) {
                Some(body) => (200, body),
                None if path == "/favicon.ico" => (204, Vec::new()),
                None => (404, b"not found".to_vec()),
            };
            let kind = if path.ends_with(".css") {
                "text/css"
            } else if path.ends_with(".svg") {
                "image/svg+xml"
            } else {
                "text/html; charset=utf-8"
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
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
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
