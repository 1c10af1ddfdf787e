//! The preview's web server: the site from memory, nothing from the disk, so no request can
//! reach a file outside the site. HTML pages get a small script that listens on
//! `/__convene/events` for reloads and errors.
//!
//! It answers only requests made to its own address: a web page the organiser visits could
//! otherwise point a name of its own at 127.0.0.1 (DNS rebinding) and read the preview, drafts
//! included, and its live-reload channel. A request whose `Host` (or `Origin`) is a name other
//! than `localhost` or one allowed with `--allow-host` is refused.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use crate::outputs::Made;

use super::preview::Files;

/// The script added to every HTML page while previewing.
const LIVE_SCRIPT: &str = include_str!("live.js");
const LIVE_SCRIPT_PATH: &str = "/__convene/live.js";
const EVENTS_PATH: &str = "/__convene/events";

/// What the server shows, replaced as a whole after each rebuild. The site's files are shared
/// from one snapshot to the next (at 50,000 pages, copying them after every edit took longer
/// than the edit): the files as last taken whole, and what changed since.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The site's files as last taken whole.
    pub base: Arc<Files>,
    /// The files changed since `base` was taken.
    pub changes: Arc<Files>,
    /// The search index.
    pub search: Arc<Files>,
    /// The errors of the last rebuild as text, when it failed.
    pub errors: Option<String>,
}

impl Snapshot {
    /// The file served at `path` (a path in the site, `events/index.html`), if there is one.
    pub fn get(&self, path: &str) -> Option<&Made> {
        self.changes
            .get(path)
            .or_else(|| self.search.get(path))
            .or_else(|| self.base.get(path))
    }
}

/// What the server and the rebuild loop share.
#[derive(Debug)]
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    messages: broadcast::Sender<String>,
}

impl Shared {
    /// Serves `snapshot` until the next one.
    pub fn new(snapshot: Snapshot) -> Shared {
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            messages: broadcast::channel(16).0,
        }
    }

    /// Serves `snapshot` from now on and tells the open pages what `announce` says.
    pub fn publish(&self, snapshot: Snapshot, announce: Announce) {
        let message = match announce {
            Announce::Nothing => None,
            Announce::Styles => Some(message_for(&snapshot, true)),
            Announce::Reload | Announce::Errors => Some(message_for(&snapshot, false)),
        };
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        if let Some(message) = message {
            let _ = self.messages.send(message);
        }
    }

    /// What is served now.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// What the open pages are told after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Announce {
    /// Nothing they show changed.
    Nothing,
    /// Only stylesheets changed: swap them without reloading.
    Styles,
    /// Reload the page.
    Reload,
    /// Show the snapshot's errors over the page.
    Errors,
}

/// The message for the live-reload channel, as JSON.
fn message_for(snapshot: &Snapshot, css_only: bool) -> String {
    match &snapshot.errors {
        Some(text) => serde_json::json!({"type": "errors", "text": text}).to_string(),
        None => serde_json::json!({"type": "reload", "css_only": css_only}).to_string(),
    }
}

/// The names a request may be addressed to besides `localhost` and IP addresses, and the
/// names already refused (each is told once in the terminal).
#[derive(Debug, Default)]
pub struct AllowedHosts {
    names: Vec<String>,
    refused: Mutex<HashSet<String>>,
}

impl AllowedHosts {
    /// `localhost`, IP addresses and `names` (from `--allow-host`).
    pub fn new(names: &[String]) -> AllowedHosts {
        AllowedHosts {
            names: names.iter().map(|name| name.to_ascii_lowercase()).collect(),
            refused: Mutex::default(),
        }
    }

    /// Whether `authority` (`HOST[:PORT]`, as a `Host` header or an origin's host has it)
    /// names this server: an IP address, which no page can point elsewhere, `localhost` or a
    /// name under it, or an allowed name.
    pub fn allows(&self, authority: &str) -> bool {
        let authority = authority.trim().to_ascii_lowercase();
        let host = match authority.strip_prefix('[') {
            Some(rest) => {
                return rest
                    .split(']')
                    .next()
                    .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
            }
            None => authority
                .rsplit_once(':')
                .map_or(authority.as_str(), |(host, port)| {
                    if port.chars().all(|c| c.is_ascii_digit()) {
                        host
                    } else {
                        authority.as_str()
                    }
                }),
        };
        host.parse::<std::net::Ipv4Addr>().is_ok()
            || host == "localhost"
            || host.ends_with(".localhost")
            || self.names.iter().any(|name| name == host)
    }
}

/// Refuses a request addressed to a name that is not this server's (see the module's notes),
/// with 403 and, the first time, a line in the terminal on how to allow the name.
async fn only_own_address(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|origin| *origin != "null")
        .map(|origin| origin.split_once("://").map_or(origin, |(_, rest)| rest));
    let refused = [Some(host), origin_host]
        .into_iter()
        .flatten()
        .find(|authority| !allowed.allows(authority))
        .map(str::to_string);
    let Some(refused) = refused else {
        return next.run(request).await;
    };
    let name = refused
        .rsplit_once(':')
        .map_or(refused.as_str(), |(name, _)| name)
        .to_string();
    let first_time = allowed
        .refused
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(name.clone());
    if first_time {
        eprintln!(
            "warning: refused a request addressed to `{name}`: the preview answers only at its own address. To open it under that name, start it with --allow-host {name}"
        );
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("convene serve answers only at its own address, not `{name}`; to allow that name, start it with --allow-host {name}\n"),
    )
        .into_response()
}

/// The routes: the live-reload script and channel, and every file of the site, each only for
/// requests addressed to the server ([`AllowedHosts`]).
pub fn router(shared: Arc<Shared>, allowed: Arc<AllowedHosts>) -> axum::Router {
    axum::Router::new()
        .route(
            LIVE_SCRIPT_PATH,
            axum::routing::get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "no-store"),
                    ],
                    LIVE_SCRIPT,
                )
            }),
        )
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(file)
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(
            allowed,
            only_own_address,
        ))
}

/// The live-reload channel: the current errors first, if any, then every message.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let current = shared.current();
    let first = current
        .errors
        .is_some()
        .then(|| message_for(&current, false));
    let receiver = shared.messages.subscribe();
    let stream =
        futures_util::stream::unfold((first, receiver), |(first, mut receiver)| async move {
            if let Some(message) = first {
                return Some((
                    Ok::<_, Infallible>(Event::default().data(message)),
                    (None, receiver),
                ));
            }
            loop {
                match receiver.recv().await {
                    Ok(message) => {
                        return Some((Ok(Event::default().data(message)), (None, receiver)));
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    /// The file at this output path.
    File(String),
    /// A folder asked for without its slash: the path with it.
    Redirect(String),
    /// Nothing: the site's 404 page.
    NotFound,
}

/// Finds the file a URL path names. The path is percent-decoded; a `..` or `.` segment, a
/// backslash or a NUL finds nothing, so nothing outside the site can be named.
pub fn resolve(files: &Snapshot, raw_path: &str) -> Resolved {
    let Ok(path) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    let relative = path.trim_start_matches('/');
    let unsafe_segment = relative
        .split('/')
        .any(|segment| segment == ".." || segment == "." || segment.contains(['\\', '\0']));
    if unsafe_segment {
        return Resolved::NotFound;
    }
    let wanted = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    if files.get(&wanted).is_some() {
        Resolved::File(wanted)
    } else if files.get(&format!("{relative}/index.html")).is_some() {
        Resolved::Redirect(format!("/{relative}/"))
    } else {
        Resolved::NotFound
    }
}

/// Answers a request for a file of the site.
async fn file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "convene serve only answers GET and HEAD\n",
        )
            .into_response();
    }
    let snapshot = shared.current();
    let (status, path) = match resolve(&snapshot, uri.path()) {
        Resolved::File(path) => (StatusCode::OK, path),
        Resolved::Redirect(to) => {
            let location = match uri.query() {
                Some(query) => format!("{to}?{query}"),
                None => to,
            };
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        Resolved::NotFound => (StatusCode::NOT_FOUND, "404.html".to_string()),
    };
    let Some(bytes) = snapshot.get(&path) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let kind = content_type(&path);
    let body: Vec<u8> = if kind.starts_with("text/html") {
        with_live_script(&bytes.to_vec())
    } else {
        bytes.to_vec()
    };
    let mut response = match (status, headers.get(header::RANGE)) {
        (StatusCode::OK, Some(range)) => ranged(body, range),
        _ => (status, body).into_response(),
    };
    let response_headers = response.headers_mut();
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response_headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    response
}

/// The part of `body` a `Range: bytes=…` header asks for (one range; several are answered with
/// the whole file, as HTTP allows).
fn ranged(body: Vec<u8>, range: &HeaderValue) -> Response {
    let length = body.len() as u64;
    let Some(spec) = range.to_str().ok().and_then(|r| r.strip_prefix("bytes=")) else {
        return (StatusCode::OK, body).into_response();
    };
    if spec.contains(',') {
        return (StatusCode::OK, body).into_response();
    }
    let bounds = spec
        .split_once('-')
        .and_then(|(start, end)| match (start.trim(), end.trim()) {
            ("", suffix) => {
                let suffix: u64 = suffix.parse().ok()?;
                let last = length.checked_sub(1)?;
                (suffix > 0).then(|| (length.saturating_sub(suffix), last))
            }
            (start, "") => Some((start.parse().ok()?, length.checked_sub(1)?)),
            (start, end) => {
                let (start, end): (u64, u64) = (start.parse().ok()?, end.parse().ok()?);
                (start <= end).then(|| (start, end.min(length.saturating_sub(1))))
            }
        });
    match bounds {
        Some((start, end)) if start < length && start <= end => {
            let part = body[start as usize..=end as usize].to_vec();
            (
                StatusCode::PARTIAL_CONTENT,
                [(
                    header::CONTENT_RANGE,
                    format!("bytes {start}-{end}/{length}"),
                )],
                part,
            )
                .into_response()
        }
        _ => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{length}"))],
        )
            .into_response(),
    }
}

/// The page with the live-reload script before `</body>` (or at the end).
fn with_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_names_are_allowed() {
        let allowed = AllowedHosts::new(&["Teachers-Laptop.local".to_string()]);
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "localhost",
            "hub.localhost:1111",
            "[::1]:1111",
            "192.168.1.20:1111",
            "teachers-laptop.local:1111",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "localhost.evil.example",
            "[evil]:1111",
            "",
        ] {
            assert!(!allowed.allows(host), "{host}");
        }
    }

    fn files(paths: &[&str]) -> Snapshot {
        let made = |p: &str| crate::outputs::Made::Whole(Arc::new(p.as_bytes().to_vec()));
        // The first path changed since the base was taken: a snapshot finds it as it finds
        // the others.
        let base: Files = paths[1..]
            .iter()
            .map(|p| (p.to_string(), made(p)))
            .collect();
        let changes: Files = [(paths[0].to_string(), made(paths[0]))].into();
        Snapshot {
            base: Arc::new(base),
            changes: Arc::new(changes),
            ..Snapshot::default()
        }
    }

    #[test]
    fn paths_resolve_to_files_folders_or_nothing() {
        let site = files(&["index.html", "events/index.html", "style.css", "a b.txt"]);
        assert_eq!(resolve(&site, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&site, "/events/"),
            Resolved::File("events/index.html".into())
        );
        assert_eq!(
            resolve(&site, "/events"),
            Resolved::Redirect("/events/".into())
        );
        assert_eq!(
            resolve(&site, "/a%20b.txt"),
            Resolved::File("a b.txt".into())
        );
        for outside in [
            "/../hub.yaml",
            "/%2e%2e/hub.yaml",
            "/events/%2E%2E/%2e%2e/x",
            "/./style.css",
            "/x%5c..%5cy",
            "/%00",
        ] {
            assert_eq!(resolve(&site, outside), Resolved::NotFound, "{outside}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = with_live_script(b"<html><body><p>x</p></BODY></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/__convene/live.js\"></script></BODY></html>"
        );
    }
}
