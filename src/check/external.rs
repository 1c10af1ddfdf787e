//! `convene check --external`: every link to the web that a hub's pages hold (toolkit resources,
//! profile links, join and registration links, links in the text) asked for by a small pool of
//! workers, at most two at a time per host, with a timeout; HEAD first, GET when HEAD is
//! refused; `Retry-After` honoured; redirects followed, permanent ones reported. Answers are
//! kept for 7 days in `.convene/linkcache.json`, so that a second check asks only for what is
//! new. A dead link is a warning at the file and line that holds it, with an archived copy to
//! look for.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::content::Source;
use crate::diagnostic::Diagnostic;

/// How the external check runs.
#[derive(Debug, Clone)]
pub struct LinkCheckOptions {
    /// How long one request may take.
    pub timeout: Duration,
    /// Requests under way at once, in all.
    pub workers: usize,
    /// Requests under way at once to one host.
    pub per_host: usize,
    /// The longest wait a `Retry-After` is honoured for; a longer one counts as a failure.
    pub longest_wait: Duration,
}

impl Default for LinkCheckOptions {
    fn default() -> Self {
        LinkCheckOptions {
            timeout: Duration::from_secs(10),
            workers: 8,
            per_host: 2,
            longest_wait: Duration::from_secs(30),
        }
    }
}

/// How long an answer is trusted.
const CACHE_DAYS: i64 = 7;

/// What asking for a link found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Outcome {
    /// It answered.
    Fine,
    /// It answered after a permanent redirect to `to`.
    Moved { to: String },
    /// It answered with an error status.
    Dead { status: u16 },
    /// No answer: a timeout, a name that does not resolve, a refused connection.
    Unreachable { reason: String },
}

impl Outcome {
    /// True when the answer will be the same next week: server errors and failures to connect
    /// are asked again on the next check.
    fn lasting(&self) -> bool {
        match self {
            Outcome::Fine | Outcome::Moved { .. } => true,
            Outcome::Dead { status } => *status < 500 && *status != 429,
            Outcome::Unreachable { .. } => false,
        }
    }
}

/// An answer as the cache keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cached {
    /// When it was asked, in seconds since 1970.
    checked: i64,
    #[serde(flatten)]
    outcome: Outcome,
}

/// A link to the web and where a page holds it.
#[derive(Debug, Clone)]
struct WebLink {
    url: String,
    /// The link's place, as a problem without a message yet.
    place: Diagnostic,
}

/// Every link to the web the pages of `sources` hold.
fn web_links(sources: &[std::sync::Arc<Source>]) -> Vec<WebLink> {
    let mut links = Vec::new();
    for source in sources {
        let front = &source.front;
        let spanned = front
            .resources
            .iter()
            .map(|r| &r.url)
            .chain(front.links.values())
            .chain(&front.online)
            .chain(&front.registration);
        for value in spanned {
            links.push(WebLink {
                url: value.value.trim().to_string(),
                place: source.error_at(&value.referenced, ""),
            });
        }
        for (url, line, column) in crate::markdown::web_links(source) {
            links.push(WebLink {
                url,
                place: Diagnostic::at(&source.file, &source.text, line, column, ""),
            });
        }
    }
    links.retain(|link| link.url.starts_with("http://") || link.url.starts_with("https://"));
    links
}

/// The hub's link cache: `.convene/linkcache.json` in the hub folder.
pub fn cache_file(root: &Path) -> PathBuf {
    root.join(".convene").join("linkcache.json")
}

/// Checks every link to the web in the Markdown files of the hub at `root`, and returns a
/// warning for each one that is dead, unreachable or moved for good.
pub fn check_links(root: &Path, options: &LinkCheckOptions) -> Vec<Diagnostic> {
    let content = crate::content::load(root, false, None);
    let links = web_links(&content.sources);
    let now = jiff::Timestamp::now().as_second();
    let cache_path = cache_file(root);
    let mut cache: HashMap<String, Cached> = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    cache.retain(|_, cached| now - cached.checked < CACHE_DAYS * 86_400);
    let to_ask: Vec<String> = links
        .iter()
        .map(|link| link.url.clone())
        .filter(|url| !cache.contains_key(url))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    for (url, outcome) in ask_all(to_ask, options) {
        cache.insert(
            url,
            Cached {
                checked: now,
                outcome,
            },
        );
    }
    let mut problems: Vec<Diagnostic> = links
        .iter()
        .filter_map(|link| problem(link, &cache.get(&link.url)?.outcome))
        .collect();
    cache.retain(|_, cached| cached.outcome.lasting());
    let written = std::fs::create_dir_all(cache_path.parent().unwrap_or(root)).and_then(|()| {
        let text = serde_json::to_string_pretty(&cache).unwrap_or_default();
        std::fs::write(&cache_path, text)
    });
    if let Err(error) = written {
        problems.push(
            Diagnostic::file_error(
                &cache_path,
                format!("cannot keep the link answers: {error}"),
            )
            .with_help("the next check asks every link again")
            .warning(),
        );
    }
    problems
}

/// The warning for a link whose answer was `outcome`, if it deserves one.
fn problem(link: &WebLink, outcome: &Outcome) -> Option<Diagnostic> {
    let archived = format!(
        "find where it went, or link an archived copy: https://web.archive.org/web/*/{}",
        link.url
    );
    let (message, help) = match outcome {
        Outcome::Fine => return None,
        Outcome::Moved { to } => (
            format!("the link `{}` has moved for good to `{to}`", link.url),
            "write the new address".to_string(),
        ),
        Outcome::Dead { status } => (
            format!(
                "the link `{}` answers {status} {}",
                link.url,
                status_text(*status)
            ),
            archived,
        ),
        Outcome::Unreachable { reason } => (
            format!("the link `{}` could not be reached: {reason}", link.url),
            archived,
        ),
    };
    Some(
        Diagnostic {
            message,
            ..link.place.clone()
        }
        .with_help(help)
        .warning(),
    )
}

/// The reason phrase of a status.
fn status_text(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("")
}

/// The hosts with requests under way, and how many each has.
struct HostSlots {
    busy: Mutex<HashMap<String, usize>>,
    freed: Condvar,
    per_host: usize,
}

impl HostSlots {
    /// Waits until `host` has a free slot, and takes it.
    fn take(&self, host: &str) {
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        while busy.get(host).copied().unwrap_or(0) >= self.per_host {
            busy = self
                .freed
                .wait(busy)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *busy.entry(host.to_string()).or_insert(0) += 1;
    }

    /// Gives back a slot of `host`.
    fn give_back(&self, host: &str) {
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = busy.get_mut(host) {
            *count -= 1;
        }
        self.freed.notify_all();
    }
}

/// The host and port of a URL, which politeness counts by.
fn authority(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .map(|u| {
            format!(
                "{}:{}",
                u.host_str().unwrap_or(""),
                u.port_or_known_default().unwrap_or(0)
            )
        })
        .unwrap_or_default()
}

/// Asks for every URL with a pool of workers; returns what each answered.
fn ask_all(urls: Vec<String>, options: &LinkCheckOptions) -> Vec<(String, Outcome)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(concat!("convene-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Mutex::new(VecDeque::from(urls));
    let results = Mutex::new(Vec::new());
    let slots = HostSlots {
        busy: Mutex::default(),
        freed: Condvar::new(),
        per_host: options.per_host.max(1),
    };
    std::thread::scope(|scope| {
        for _ in 0..options.workers.max(1) {
            scope.spawn(|| {
                loop {
                    let next = queue
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .pop_front();
                    let Some(url) = next else { break };
                    let outcome = ask(&agent, &url, &slots, options);
                    results
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push((url, outcome));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Asks for one URL, following redirects (at most 10).
fn ask(agent: &ureq::Agent, url: &str, slots: &HostSlots, options: &LinkCheckOptions) -> Outcome {
    let mut current = url.to_string();
    let mut moved_for_good = None;
    let mut all_permanent = true;
    for _ in 0..10 {
        let host = authority(&current);
        slots.take(&host);
        let answer = answer_of(agent, &current, options);
        slots.give_back(&host);
        let (status, location) = match answer {
            Ok(answer) => answer,
            Err(reason) => return Outcome::Unreachable { reason },
        };
        match (status, location) {
            (300..=399, Some(location)) => {
                let next = url::Url::parse(&current)
                    .and_then(|base| base.join(&location))
                    .map(String::from)
                    .unwrap_or(location);
                all_permanent &= matches!(status, 301 | 308);
                if all_permanent {
                    moved_for_good = Some(next.clone());
                }
                current = next;
            }
            (200..=299, _) => {
                return match moved_for_good {
                    Some(to) if all_permanent => Outcome::Moved { to },
                    _ => Outcome::Fine,
                };
            }
            (status, _) => return Outcome::Dead { status },
        }
    }
    Outcome::Unreachable {
        reason: "it redirects more than 10 times".into(),
    }
}

/// The status and `Location` of one URL: HEAD, then GET when HEAD is refused; a 429 is asked
/// again after its `Retry-After` (at most three times).
fn answer_of(
    agent: &ureq::Agent,
    url: &str,
    options: &LinkCheckOptions,
) -> Result<(u16, Option<String>), String> {
    let mut use_get = false;
    let mut waits = 0;
    loop {
        let response = if use_get {
            agent.get(url).call()
        } else {
            agent.head(url).call()
        };
        let response = response.map_err(|error| match error {
            ureq::Error::Timeout(_) => format!("no answer within {} s", options.timeout.as_secs()),
            other => other.to_string(),
        })?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status == 429 && waits < 3 {
            let wait = header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs)
                .unwrap_or(Duration::from_secs(1));
            if wait > options.longest_wait {
                return Ok((status, None));
            }
            std::thread::sleep(wait);
            waits += 1;
            continue;
        }
        if !use_get && (status == 405 || status == 501 || status == 403) {
            use_get = true;
            continue;
        }
        return Ok((status, header("location")));
    }
}
