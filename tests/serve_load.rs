//! `convene serve` under load and under attack: 200 connections asking for pages for 30 s while
//! one of them is edited again and again, each answer whole and one of the versions the page
//! had; requests that try to leave the site, ask for absurd ranges or break the protocol are
//! refused, and the server goes on serving.

mod common;

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::{Hub, Server};

/// Connections open at once.
const CONNECTIONS: usize = 200;
/// How long they ask.
const DURATION: Duration = Duration::from_secs(30);
/// The pages asked for: the profile that is edited, a page that shows its name, and a file the
/// edit does not change.
const PATHS: [&str; 3] = ["/profiles/ann/", "/events/meetup/", "/style.css"];

/// The server's address, `127.0.0.1:PORT`.
fn address(server: &Server) -> String {
    server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// Reads one response from a kept-alive connection: its status and body.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<u8>)> {
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {status_line:?}")))?;
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, body))
}

/// The bodies of `PATHS` as served now.
fn bodies(server: &Server) -> Vec<Vec<u8>> {
    PATHS
        .iter()
        .map(|path| server.request(&format!("GET {path} HTTP/1.1")).2)
        .collect()
}

/// Replaces the profile with `text` the way editors save: written beside, then renamed over.
fn save(hub: &Hub, text: &str) {
    let spare = hub.root.parent().unwrap().join("ann.md.saving");
    fs::write(&spare, text).unwrap();
    fs::rename(&spare, hub.root.join("content/profiles/ann.md")).unwrap();
}

/// Waits for the next reload the live-reload channel announces.
fn wait_for_reload(messages: &mpsc::Receiver<String>) {
    let message = messages
        .recv_timeout(Duration::from_secs(30))
        .expect("a reload is announced");
    assert!(message.contains("reload"), "{message}");
}

#[test]
fn two_hundred_connections_while_a_page_is_edited() {
    let hub = Hub::fixture("basic");
    let server = Server::start(&hub.root);
    let messages = server.listen();
    std::thread::sleep(Duration::from_millis(200));
    let ann = hub.root.join("content/profiles/ann.md");
    let first = fs::read_to_string(&ann).unwrap();
    let second = first.replace("title: Ann Teacher", "title: Ann Renamed");
    let before = bodies(&server);
    save(&hub, &second);
    wait_for_reload(&messages);
    let after = bodies(&server);
    assert_ne!(before[0], after[0], "the edit shows");
    let versions: Vec<HashSet<Vec<u8>>> = before
        .into_iter()
        .zip(after)
        .map(|(a, b)| HashSet::from([a, b]))
        .collect();
    let versions = Arc::new(versions);

    let stop = Arc::new(AtomicBool::new(false));
    let edits = Arc::new(AtomicUsize::new(0));
    let editor = {
        let (stop, edits) = (stop.clone(), edits.clone());
        let root = hub.root.clone();
        std::thread::spawn(move || {
            let hub_root = root;
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(150));
                let n = edits.fetch_add(1, Ordering::Relaxed);
                let text = if n % 2 == 0 { &first } else { &second };
                let spare = hub_root.parent().unwrap().join("ann.md.saving");
                fs::write(&spare, text).unwrap();
                fs::rename(&spare, hub_root.join("content/profiles/ann.md")).unwrap();
            }
        })
    };

    let address = address(&server);
    let deadline = Instant::now() + DURATION;
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|client| {
            let (address, versions) = (address.clone(), versions.clone());
            std::thread::spawn(move || {
                let (mut answered, mut failures) = (0usize, Vec::new());
                let stream = TcpStream::connect(&address).expect("connects");
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                while Instant::now() < deadline {
                    let which = (client + answered) % PATHS.len();
                    let request =
                        format!("GET {} HTTP/1.1\r\nHost: {address}\r\n\r\n", PATHS[which]);
                    let outcome = writer
                        .write_all(request.as_bytes())
                        .and_then(|()| read_response(&mut reader));
                    match outcome {
                        Ok((200, body)) if versions[which].contains(&body) => answered += 1,
                        Ok((status, body)) => failures.push(format!(
                            "{} answered {status} with {} bytes that are no version of it",
                            PATHS[which],
                            body.len()
                        )),
                        Err(error) => {
                            failures.push(format!("{}: {error}", PATHS[which]));
                            break;
                        }
                    }
                }
                (answered, failures)
            })
        })
        .collect();
    let (mut answered, mut failures) = (0, Vec::new());
    for client in clients {
        let (n, mut f) = client.join().unwrap();
        answered += n;
        failures.append(&mut f);
    }
    stop.store(true, Ordering::Relaxed);
    editor.join().unwrap();
    eprintln!(
        "{answered} answers in {} s ({:.0} a second) over {CONNECTIONS} connections, {} edits",
        DURATION.as_secs(),
        answered as f64 / DURATION.as_secs_f64(),
        edits.load(Ordering::Relaxed)
    );
    assert!(
        failures.is_empty(),
        "{} failures: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        edits.load(Ordering::Relaxed) > 50,
        "the page was edited all along"
    );
    assert!(
        answered > CONNECTIONS * 10,
        "every connection was answered many times"
    );
    assert_eq!(server.get("/profiles/ann/").0, 200, "still serving");
}

/// Sends raw bytes and returns the status of the answer, or `None` when the server closed the
/// connection without one.
fn raw(address: &str, request: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
}

#[test]
fn requests_that_leave_the_site_or_break_the_protocol_are_refused() {
    let hub = Hub::fixture("basic");
    // A link in static/ to the folder above the hub: never followed, so never served.
    std::os::unix::fs::symlink(hub.root.parent().unwrap(), hub.root.join("static/outside"))
        .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", hub.root.join("static/passwd")).unwrap();
    let server = Server::start(&hub.root);
    let address = address(&server);
    for path in [
        "/../hub.yaml",
        "/%2e%2e/hub.yaml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fhub.yaml",
        "/..%5chub.yaml",
        "/profiles/../../hub.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/outside/hub/hub.yaml",
        "/passwd",
        "/%00",
        "/content/profiles/ann.md",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("base_url") && !body.contains("root:"),
            "{path} reached a file outside the site"
        );
    }
    // A request in absolute form names the site's files the same way.
    let absolute = format!(
        "GET http://{address}/../hub.yaml HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(raw(&address, absolute.as_bytes()), Some(404));

    let ask = |extra: &str| {
        raw(
            &address,
            format!(
                "GET /style.css HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{extra}\r\n"
            )
            .as_bytes(),
        )
    };
    // A gigabyte of range is what the file has; nonsense ranges are ignored or refused.
    assert_eq!(ask("Range: bytes=0-1073741823\r\n"), Some(206));
    assert_eq!(ask("Range: bytes=1073741824-2147483647\r\n"), Some(416));
    for range in [
        "bytes=5-1",
        "bytes=--5",
        "bytes=",
        "lines=0-10",
        "bytes=0-1,2-3,4-5",
    ] {
        let status = ask(&format!("Range: {range}\r\n"));
        assert!(
            matches!(status, Some(200 | 206 | 416)),
            "{range}: {status:?}"
        );
    }
    // Broken requests get an error, or the connection closed; none takes the server down.
    let huge_header = format!("X-Filler: {}\r\n", "a".repeat(1_000_000));
    for request in [
        b"GET / HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n".to_vec(),
        b"\x00\x01\x02 garbage \xff\xfe\r\n\r\n".to_vec(),
        b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc".to_vec(),
        format!("GET / HTTP/1.1\r\nHost: x\r\n{huge_header}\r\n").into_bytes(),
        format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a/".repeat(50_000)).into_bytes(),
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".to_vec(),
    ] {
        let status = raw(&address, &request);
        assert!(
            status.is_none_or(|s| s >= 400),
            "{:?} answered {status:?}",
            String::from_utf8_lossy(&request[..request.len().min(60)])
        );
        assert_eq!(server.get("/").0, 200, "still serving");
    }
    // A body in broken chunks after a good head: the page may be answered, the server lives on.
    raw(
        &address,
        b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    );
    assert_eq!(server.get("/").0, 200, "still serving");
}
