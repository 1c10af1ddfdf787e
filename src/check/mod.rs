//! `convene check`: everything a build validates, without writing the site, and the warnings a
//! build does not stop for: profiles that host no event and curate no toolkit, events that are
//! over but still ask people to register, toolkit resources that name no author or source,
//! pictures without alternative text and titles too long to show whole. With `--external`, the
//! links to the web are asked for too ([`external`]).

pub mod advice;
pub mod external;

use crate::BuildOptions;
use crate::diagnostic::{self, Diagnostic};
use crate::outputs::{Output, Sink};
use crate::pipeline::{Mode, Pipeline};
use crate::timings::Timings;

/// A sink that lets every file go: a check renders the site only for what rendering finds.
struct Discard;

impl Sink for Discard {
    fn put(&self, _output: Output) -> Result<(), Diagnostic> {
        Ok(())
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
            let advice: Vec<Diagnostic> = linked.sites.iter().flat_map(advice::for_site).collect();
            let mut problems = match pipeline.render(linked, &Discard, timings) {
                Ok(run) => run.warnings,
                Err(problems) => problems,
            };
            problems.extend(advice);
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
