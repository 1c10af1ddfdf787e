//! convene: a static site generator for educators' learning networks.
//!
//! The pipeline runs one way, one module per stage: `config` (hub.yaml) → `content` (Markdown
//! files and their front matter) → `languages` (each language a value) → `markdown` (bodies to
//! HTML) → `site` (the linked model, one per language) → `outputs` (pages, feeds, calendars,
//! sitemap, search index, static files) → `write` (the output folder). [`pipeline::Pipeline`]
//! runs those stages, the same way for `build`, `check` and `serve`.

#![warn(missing_docs)]

pub mod check;
pub mod cms;
pub mod colour;
pub mod config;
pub mod content;
pub mod contribute;
pub mod diagnostic;
pub mod escape;
pub mod events;
pub mod i18n;
pub mod languages;
pub mod markdown;
pub mod outputs;
pub mod paths;
pub mod pictures;
pub mod pipeline;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod timings;
pub mod urls;
pub mod write;
pub mod yaml;

use std::path::PathBuf;

use diagnostic::Diagnostic;
pub use pipeline::{Linked, Mode, Pipeline};

/// What `convene build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The hub folder (holds hub.yaml).
    pub source: PathBuf,
    /// The output folder; `None` means `SOURCE/public`.
    pub output: Option<PathBuf>,
    /// Build pages marked `draft: true` too.
    pub drafts: bool,
    /// Replaces hub.yaml's `base_url`.
    pub base_url: Option<String>,
    /// The moment that splits upcoming from past events; `None` means now.
    pub now: Option<jiff::Timestamp>,
    /// Leave out the search index and page, whatever hub.yaml says.
    pub no_search: bool,
}

impl BuildOptions {
    /// The folder the site is written to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.source.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages published (profiles, events, toolkits, posts and plain pages).
    pub pages: usize,
    /// Files in the output folder.
    pub files: usize,
    /// Files written because they are new or changed.
    pub written: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Where the site was written.
    pub output: PathBuf,
    /// How long each stage took.
    pub timings: timings::Timings,
}

/// Reads, checks and links the hub in `options.source` as `build` would, without rendering or
/// writing anything: one site per language. Every problem found is returned at once (warnings
/// included), sorted by file and line.
pub fn load(options: &BuildOptions) -> Result<Linked, Vec<Diagnostic>> {
    Pipeline::new(options.clone(), Mode::Build).link(&[], &mut timings::Timings::default())
}

/// Builds the hub in `options.source` into its output folder. On any error nothing is written
/// and every problem found is returned (warnings included), sorted by file and line.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let output_dir = options.output_dir();
    write::check_output_folder(&options.source, &output_dir).map_err(|problem| vec![problem])?;
    let mut pipeline = Pipeline::new(options.clone(), Mode::Build);
    let mut timings = timings::Timings::default();
    let linked = pipeline.link(&[], &mut timings)?;
    let staging = write::Staging::begin(&output_dir).map_err(|problem| vec![problem])?;
    let run = pipeline.render(linked, &staging, timings)?;
    let pipeline::Run {
        pages,
        warnings,
        mut timings,
        sites,
        ..
    } = run;
    // Freeing ten thousand pages takes a noticeable moment; it is done beside the publishing.
    // When no thread can be started, the sites are freed here, with the closure that holds them.
    let _ = std::thread::Builder::new().spawn(move || drop(sites));
    let written = staging.publish().map_err(|error| vec![error])?;
    timings.lap("publish");
    Ok(BuildReport {
        pages,
        files: written.written + written.unchanged,
        written: written.written,
        warnings,
        output: output_dir,
        timings,
    })
}
