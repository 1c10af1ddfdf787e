//! `convene check --external` against a web server on 127.0.0.1 that answers each way a link can:
//! 200, permanent and temporary redirects, 404, 429 with Retry-After, 500, too slowly, and 405
//! to HEAD. No request leaves the machine. The server counts what it is asked and how many
//! requests each host has under way at once.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod common;

/// What the test server saw.
#[derive(Default)]
struct Seen {
    /// Requests by method and path (`HEAD /ok`).
    requests: HashMap<String, usize>,
    /// Requests under way now, by port.
    active: HashMap<u16, usize>,
    /// The most requests one port had under way at once.
    most_per_host: usize,
    /// The most requests under way at once, all ports together.
    most_in_all: usize,
}

/// Starts a server on a free port of `ip` (a loopback address: each is a host of its own to
/// the checker); returns its address, `IP:PORT`.
fn serve(ip: &str, seen: Arc<Mutex<Seen>>) -> String {
    let listener = TcpListener::bind(format!("{ip}:0")).unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = seen.clone();
            std::thread::spawn(move || answer(stream, port, &seen));
        }
    });
    address
}

/// Answers one request the way its path asks.
fn answer(mut stream: TcpStream, port: u16, seen: &Mutex<Seen>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let times = {
        let mut seen = seen.lock().unwrap();
        let times = {
            let count = seen.requests.entry(format!("{method} {path}")).or_insert(0);
            *count += 1;
            *count
        };
        *seen.active.entry(port).or_insert(0) += 1;
        let here = seen.active[&port];
        let all: usize = seen.active.values().sum();
        seen.most_per_host = seen.most_per_host.max(here);
        seen.most_in_all = seen.most_in_all.max(all);
        times
    };
    let (status, extra) = match (method, path) {
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n"),
        (_, "/temp") => ("302 Found", "Location: /ok\r\n"),
        (_, "/gone") => ("404 Not Found", ""),
        (_, "/busy") if times == 1 => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        (_, "/broken") => ("500 Internal Server Error", ""),
        ("HEAD", "/nohead") => ("405 Method Not Allowed", ""),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "")
        }
        (_, path) if path.starts_with("/page/") => {
            std::thread::sleep(Duration::from_millis(300));
            ("200 OK", "")
        }
        _ => ("200 OK", ""),
    };
    // Done before answering: once answered, the checker may ask again at once.
    *seen.lock().unwrap().active.get_mut(&port).unwrap() -= 1;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// A hub whose toolkit and post link to the servers at `a` and `b`; the slow answer is on
/// `slow`, because a request the checker gave up on still runs on the server.
fn write_hub(root: &Path, a: &str, b: &str, slow: &str) {
    let write = |path: &str, text: String| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "hub.yaml",
        "title: Links\nbase_url: https://example.org/\ntimezone: America/Chicago\n".into(),
    );
    let resources: String = [
        "ok", "moved", "temp", "gone", "busy", "broken", "slow", "nohead",
    ]
    .iter()
    .map(|path| {
        let host = if *path == "slow" { slow } else { a };
        format!("  - title: {path}\n    url: http://{host}/{path}\n    author: A\n    source: S\n")
    })
    .collect();
    write(
        "content/toolkits/links.md",
        format!("---\ntitle: Links\ndate: 2026-11-01\nresources:\n{resources}---\nText.\n"),
    );
    let many: String = (0..12)
        .map(|n| format!("[a{n}](http://{a}/page/{n}) [b{n}](http://{b}/page/{n})\n"))
        .collect();
    write(
        "content/posts/links.md",
        format!("---\ntitle: Many links\ndate: 2026-11-01\n---\n{many}"),
    );
}

/// `convene check --external` on the hub at `root`.
fn check(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args([
            "check",
            "--external",
            "--link-timeout",
            "1",
            "--format",
            "json",
            "--source",
        ])
        .arg(root)
        .output()
        .unwrap()
}

#[test]
fn every_kind_of_answer_is_reported_politely_and_remembered() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let a = serve("127.0.0.1", seen.clone());
    let b = serve("127.0.0.2", seen.clone());
    let slow = serve("127.0.0.3", seen.clone());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hub");
    write_hub(&root, &a, &b, &slow);

    let out = check(&root);
    assert!(
        out.status.success(),
        "warnings only: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (found, problems) = common::json_problems(&out.stdout);
    let found: Vec<String> = found
        .into_iter()
        .filter(|p| p.contains(": the link"))
        .collect();
    let at = |line: usize, message: String| {
        format!("warning content/toolkits/links.md:{line}:10: {message}")
    };
    assert_eq!(
        found,
        [
            at(
                10,
                format!("the link `http://{a}/moved` has moved for good to `http://{a}/ok`")
            ),
            at(
                18,
                format!("the link `http://{a}/gone` answers 404 Not Found")
            ),
            at(
                26,
                format!("the link `http://{a}/broken` answers 500 Internal Server Error")
            ),
            at(
                30,
                format!("the link `http://{slow}/slow` could not be reached: no answer within 1 s")
            ),
        ],
        "{problems:#}"
    );
    let gone = problems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("/gone"))
        .unwrap();
    assert!(
        gone["help"]
            .as_str()
            .unwrap()
            .contains(&format!("https://web.archive.org/web/*/http://{a}/gone")),
        "{gone}"
    );
    {
        let seen = seen.lock().unwrap();
        assert!(
            seen.most_per_host <= 2,
            "at most two at a time per host, saw {}",
            seen.most_per_host
        );
        assert!(
            seen.most_in_all >= 3,
            "hosts are asked side by side, saw {}",
            seen.most_in_all
        );
        assert_eq!(
            seen.requests.get("HEAD /busy"),
            Some(&2),
            "asked again after Retry-After"
        );
        assert_eq!(
            seen.requests.get("GET /nohead"),
            Some(&1),
            "GET after HEAD was refused"
        );
        assert_eq!(
            seen.requests.get("HEAD /ok"),
            Some(&3),
            "/ok, and the ends of two redirects"
        );
    }

    // A second check asks only for what the cache does not hold: the 500 (HEAD, then GET) and
    // the timeout.
    assert!(root.join(".convene/linkcache.json").is_file());
    let before = seen.lock().unwrap().requests.clone();
    let out = check(&root);
    assert!(out.status.success());
    let after = seen.lock().unwrap().requests.clone();
    let asked_again: Vec<&String> = after
        .iter()
        .filter(|(path, n)| before.get(*path) != Some(n))
        .map(|(path, _)| path)
        .collect();
    let mut asked_again: Vec<&str> = asked_again.iter().map(|s| s.as_str()).collect();
    asked_again.sort();
    assert_eq!(asked_again, ["GET /broken", "HEAD /broken", "HEAD /slow"]);
    let (found, _) = common::json_problems(&out.stdout);
    let links = found.iter().filter(|p| p.contains(": the link")).count();
    assert_eq!(links, 4, "the cached answers are reported as before");
}

#[test]
fn a_plain_check_or_build_asks_nothing() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let a = serve("127.0.0.1", seen.clone());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hub");
    write_hub(&root, &a, &a, &a);
    let check = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["check", "--source"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["build", "--no-search", "--source"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(seen.lock().unwrap().requests.is_empty());
    assert!(!root.join(".convene").exists());
}

#[test]
fn without_a_network_it_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("hub.yaml"),
        "title: Links\nbase_url: https://example.org/\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/posts")).unwrap();
    // Nothing listens on port 1 of these addresses: every request is refused, as offline.
    fs::write(
        root.join("content/posts/links.md"),
        "---\ntitle: Links\ndate: 2026-11-01\n---\n[a](http://127.0.0.2:1/a) [b](http://127.0.0.3:1/b) [c](http://127.0.0.4:1/c)\n",
    )
    .unwrap();
    let out = check(root);
    let (found, problems) = common::json_problems(&out.stdout);
    assert_eq!(
        found,
        [
            "warning content:0:0: no site answered any of the 3 links asked for: this computer seems to have no network"
        ],
        "{problems:#}"
    );
    assert!(
        !root.join(".convene/linkcache.json").exists()
            || !fs::read_to_string(root.join(".convene/linkcache.json"))
                .unwrap()
                .contains("127.0.0.2"),
        "nothing is remembered of a check without network"
    );
}
