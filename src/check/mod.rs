//! `convene check`: everything a build validates, without writing the site, and the warnings a
//! build does not stop for: profiles that host no event and curate no toolkit, events that are
//! over but still ask people to register, toolkit resources that name no author or source,
//! pictures without alternative text and titles too long to show whole. With `--external`, the
//! links to the web are asked for too ([`external`]).

pub mod advice;
pub mod external;

use std::sync::Mutex;

use crate::BuildOptions;
use crate::diagnostic::{self, Diagnostic};
use crate::outputs::{Body, Output, Sink, feeds};
use crate::pipeline::{Mode, Pipeline};
use crate::timings::Timings;

/// A sink that lets every file go, keeping only the feeds too big for feed readers: a check
/// renders the site only for what rendering finds.
#[derive(Default)]
struct Discard {
    /// Each feed over [`feeds::MAX_BYTES`], with its size.
    big_feeds: Mutex<Vec<(String, usize)>>,
}

impl Sink for Discard {
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        if let (true, Body::Made(made)) = (output.path.ends_with("rss.xml"), &output.body) {
            let size = made.len();
            if size > feeds::MAX_BYTES {
                let mut big = self.big_feeds.lock().unwrap_or_else(|e| e.into_inner());
                big.push((output.path, size));
            }
        }
        Ok(())
    }
}

impl Discard {
    /// A warning for each feed too big for feed readers.
    fn advice(self) -> Vec<Diagnostic> {
        let big = self
            .big_feeds
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        big.into_iter()
            .map(|(path, size)| {
                Diagnostic::file_error(
                    "hub.yaml",
                    format!(
                        "the feed /{path} takes {:.1} MB: feed readers refuse feeds of about 1 MB and more",
                        size as f64 / 1e6
                    ),
                )
                .with_help("lower `feed_limit` in hub.yaml (it is 50 unless you set it), or write shorter posts")
                .warning()
            })
            .collect()
    }
}

/// Every problem with the hub `options` describe, errors and warnings, sorted by file and line,
/// and with `external` options, the links to the web that are dead or moved. Nothing of the
/// site is written; the search index is not built.
pub fn check(
    options: &BuildOptions,
    external: Option<&external::LinkCheckOptions>,
) -> Vec<Diagnostic> {
    let mut pipeline = Pipeline::new(options.clone(), Mode::Check);
    let mut timings = Timings::default();
    let mut problems = match pipeline.link(&[], &mut timings) {
        Err(problems) => problems,
        Ok(linked) => {
            // Advice is given even when rendering finds errors.
            let mut advice: Vec<Diagnostic> =
                linked.sites.iter().flat_map(advice::for_site).collect();
            if let Some(site) = linked.sites.first() {
                advice.extend(advice::pictures_with_gps(site, &options.source));
            }
            let discard = Discard::default();
            let mut problems = match pipeline.render(linked, &discard, timings) {
                Ok(run) => run.warnings,
                Err(problems) => problems,
            };
            problems.extend(advice);
            problems.extend(discard.advice());
            problems
        }
    };
    if let Some(external) = external {
        problems.extend(external::check_links(&options.source, external));
    }
    diagnostic::sorted(problems)
}

/// The problems as JSON, for tools: a list of objects with `severity`, `file`, `line`,
/// `column`, `message` and `help`.
pub fn to_json(problems: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = problems
        .iter()
        .map(|problem| {
            serde_json::json!({
                "severity": if problem.is_error() { "error" } else { "warning" },
                "file": diagnostic::display_path(&problem.path),
                "line": problem.line,
                "column": problem.column,
                "message": problem.message,
                "help": problem.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}
