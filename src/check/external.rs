//! `convene check --external`: every link to the web that a hub's pages hold (toolkit resources,
//! profile links, join and registration links, links in the text) asked for by a small pool of
//! workers, at most two at a time per host (a worker takes the next link whose host is free),
//! with a timeout; HEAD first, GET when HEAD is
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
            Outcome::Dead { status } => *status < 500 && !matches!(status, 408 | 429),
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
            .filter_map(|r| r.value.url.as_ref())
            .chain(front.links.values())
            .chain(&front.online)
            .chain(&front.registration);
        for value in spanned {
            links.push(WebLink {
                url: value.value.trim().to_string(),
                place: source.error_at(&value.referenced, ""),
            });
        }
        for (url, place) in crate::markdown::web_links(source) {
            links.push(WebLink { url, place });
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
    let answers = ask_all(to_ask, options);
    // When no site at all answered, the computer has no network: that is said once, instead of
    // a dead link for every address.
    let hosts: HashSet<String> = answers.iter().map(|(url, _)| host_of(url)).collect();
    let offline = hosts.len() >= 2
        && answers
            .iter()
            .all(|(_, outcome)| matches!(outcome, Outcome::Unreachable { .. }));
    let mut problems = Vec::new();
    if offline {
        problems.push(
            Diagnostic::file_error(
                "content",
                format!(
                    "no site answered any of the {} links asked for: this computer seems to have no network",
                    answers.len()
                ),
            )
            .with_help("check the connection (or the proxy) and run `convene check --external` again; the links were not judged")
            .warning(),
        );
    } else {
        for (url, outcome) in answers {
            cache.insert(
                url,
                Cached {
                    checked: now,
                    outcome,
                },
            );
        }
    }
    problems.extend(
        links
            .iter()
            .filter_map(|link| problem(link, &cache.get(&link.url)?.outcome)),
    );
    cache.retain(|_, cached| cached.outcome.lasting());
    // Written beside and renamed over, so that a check running at the same time never reads
    // half a file.
    let spare = cache_path.with_extension("json.writing");
    let written = std::fs::create_dir_all(cache_path.parent().unwrap_or(root)).and_then(|()| {
        let text = serde_json::to_string_pretty(&cache).unwrap_or_default();
        std::fs::write(&spare, text)?;
        std::fs::rename(&spare, &cache_path)
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

/// The links still to ask for and the hosts with requests under way: a worker takes the first
/// link whose host has a free slot, so that one busy host does not hold up the others.
struct Pool {
    state: Mutex<PoolState>,
    changed: Condvar,
    per_host: usize,
}

#[derive(Default)]
struct PoolState {
    waiting: VecDeque<String>,
    busy: HashMap<String, usize>,
}

/// A host's slot, given back when dropped (also when a request panics).
struct Slot<'a> {
    pool: &'a Pool,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self
            .pool
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = state.busy.get_mut(&self.host) {
            *count -= 1;
        }
        self.pool.changed.notify_all();
    }
}

impl Pool {
    /// The next link whose host has a free slot, with the slot; `None` when none is left.
    fn next(&self) -> Option<(String, Slot<'_>)> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if state.waiting.is_empty() {
                return None;
            }
            let free = state.waiting.iter().position(|url| {
                state.busy.get(&host_of(url)).copied().unwrap_or(0) < self.per_host
            });
            if let Some(index) = free {
                let url = state.waiting.remove(index)?;
                let host = host_of(&url);
                *state.busy.entry(host.clone()).or_insert(0) += 1;
                return Some((url, Slot { pool: self, host }));
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A slot of `host`, waited for: for a redirect to another host.
    fn slot(&self, host: String) -> Slot<'_> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while state.busy.get(&host).copied().unwrap_or(0) >= self.per_host {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *state.busy.entry(host.clone()).or_insert(0) += 1;
        Slot { pool: self, host }
    }
}

/// The host of a URL, which politeness counts by (`http:` and `https:` alike).
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
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
    let pool = Pool {
        state: Mutex::new(PoolState {
            waiting: VecDeque::from(urls),
            busy: HashMap::new(),
        }),
        changed: Condvar::new(),
        per_host: options.per_host.max(1),
    };
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..options.workers.max(1) {
            scope.spawn(|| {
                while let Some((url, slot)) = pool.next() {
                    let outcome = ask(&agent, &url, slot, &pool, options);
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

/// Asks for one URL with a `slot` of its host, following redirects (at most 10); a redirect
/// to another host waits for a slot of that host, after giving back the one it holds.
fn ask(
    agent: &ureq::Agent,
    url: &str,
    slot: Slot<'_>,
    pool: &Pool,
    options: &LinkCheckOptions,
) -> Outcome {
    let mut current = url.to_string();
    let mut moved_for_good = None;
    let mut all_permanent = true;
    let mut slot = Some(slot);
    for _ in 0..10 {
        let host = host_of(&current);
        if slot.as_ref().is_none_or(|held| held.host != host) {
            // The slot held is given back first: waiting while holding one could deadlock.
            drop(slot.take());
            slot = Some(pool.slot(host));
        }
        let answer = answer_of(agent, &current, options);
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

/// How long a `Retry-After` asks to wait: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let seconds = (at - jiff::Timestamp::now()).get_seconds().max(0);
    Some(Duration::from_secs(seconds.unsigned_abs()))
}

/// The status and `Location` of one URL: HEAD, then GET when HEAD gets no good answer (some
/// servers answer HEAD wrongly); a 429 is asked again after its `Retry-After` (at most three
/// times).
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
                .and_then(|v| retry_after(&v))
                .unwrap_or(Duration::from_secs(1));
            if wait > options.longest_wait {
                return Ok((status, None));
            }
            std::thread::sleep(wait);
            waits += 1;
            continue;
        }
        if !use_get && !(200..400).contains(&status) {
            use_get = true;
            continue;
        }
        return Ok((status, header("location")));
    }
}
