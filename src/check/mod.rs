//! `convene check`: everything a build validates, without writing the site, and the warnings a
//! build does not stop for: profiles that host no event and curate no toolkit, events that are
//! over but still ask people to register, toolkit resources that name no author or source,
//! pictures without alternative text and titles too long to show whole. With `--external`, the
//! links to the web are asked for too ([`external`]).

pub mod external;

use crate::BuildOptions;
use crate::content::front_matter::ProfileKind;
use crate::diagnostic::{self, Diagnostic};
use crate::outputs::{self, Output, Scope, Sink};
use crate::site::Site;
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
    let mut problems = check_hub(options);
    if let Some(external) = external {
        problems.extend(external::check_links(&options.source, external));
    }
    diagnostic::sorted(problems)
}

/// Everything but the links to the web, in every language of the hub.
fn check_hub(options: &BuildOptions) -> Vec<Diagnostic> {
    let options = BuildOptions {
        no_search: true,
        ..options.clone()
    };
    let mut problems = Vec::new();
    let Some(languages) = check_language(&options, None, &mut problems) else {
        return problems;
    };
    for language in &languages[1..] {
        check_language(&options, Some(language), &mut problems);
    }
    problems
}

/// Loads and renders the site in `language` (`None`: the default) without writing it, adding
/// its problems to `problems`; returns the hub's languages when it loaded.
fn check_language(
    options: &BuildOptions,
    language: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let loaded = match crate::load_timed(options, None, &mut Timings::default(), language) {
        Ok(loaded) => loaded,
        Err(mut errors) => {
            problems.append(&mut errors);
            return None;
        }
    };
    problems.extend(loaded.warnings);
    let rendered = outputs::render_site(
        &loaded.site,
        &loaded.theme,
        &options.source,
        None,
        &Discard,
        Scope::All,
    );
    if let Err(mut errors) = rendered {
        problems.append(&mut errors);
    }
    problems.extend(advice(&loaded.site));
    Some(loaded.site.config.languages.clone())
}

/// The warnings about the linked site: each page's own ([`crate::site::Page::advice`]) and each
/// section introduction's, and the profiles of people who host no event and curate no toolkit.
fn advice(site: &Site) -> Vec<Diagnostic> {
    let mut advice: Vec<Diagnostic> = site
        .pages
        .iter()
        .chain(&site.home)
        .flat_map(|page| page.advice.iter().cloned())
        .chain(
            site.sections
                .values()
                .flat_map(|s| s.advice.iter().cloned()),
        )
        .collect();
    for page in &site.pages {
        let Some(profile) = &page.profile else {
            continue;
        };
        if profile.kind == ProfileKind::Person
            && page.hosted_events.is_empty()
            && page.curated_toolkits.is_empty()
        {
            advice.push(
                Diagnostic::file_error(&page.file, format!("{} hosts no event and curates no toolkit", page.title))
                    .with_help(format!("name `{}` in an event's `hosts` or a toolkit's `curators`, so that the profile shows what its member brings", page.slug))
                    .warning(),
            );
        }
    }
    advice
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
