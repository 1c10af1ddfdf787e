//! convene: a static site generator for educators' learning networks.
//!
//! The pipeline runs one way, one module per stage: `config` (hub.yaml) → `content` (Markdown
//! files and their front matter) → `markdown` (bodies to HTML) → `site` (the linked model) →
//! `outputs` (pages, feeds, sitemap, static files) → `write` (the output folder).

#![warn(missing_docs)]

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod events;
pub mod i18n;
pub mod markdown;
pub mod outputs;
pub mod paths;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod timings;
pub mod write;
pub mod yaml;

use std::path::PathBuf;

use diagnostic::Diagnostic;

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

/// A hub read, checked and linked, ready to render.
#[derive(Debug)]
pub struct Loaded {
    /// The linked model.
    pub site: site::Site,
    /// Templates and static files after overrides.
    pub theme: theme::Theme,
    /// Problems that do not stop a build.
    pub warnings: Vec<Diagnostic>,
}

/// What `convene serve` keeps of one load for the next, so that an edit costs what it reaches:
/// the Markdown files as read, and the pages as built.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// The Markdown files as last read.
    pub sources: content::SourceCache,
    /// The pages as last built.
    pub pages: site::PageCache,
}

/// Reads, checks and links the hub in `options.source` without writing anything. Every
/// problem found is returned at once (warnings included), sorted by file and line. With a
/// `cache`, what it holds unchanged is reused, and it is left holding this load.
pub fn load(
    options: &BuildOptions,
    cache: Option<&mut LoadCache>,
) -> Result<Loaded, Vec<Diagnostic>> {
    load_timed(options, cache, &mut timings::Timings::default(), None)
}

/// `load`, with the time of reading and of linking added to `timings`, in `language` (one of
/// the hub's `languages`; `None` for the default). A site in another language is published
/// under `/CODE/`, with each page's translation where it has one.
pub(crate) fn load_timed(
    options: &BuildOptions,
    cache: Option<&mut LoadCache>,
    timings: &mut timings::Timings,
    language: Option<&str>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let root = &options.source;
    let (sources, pages) = match cache {
        Some(LoadCache { sources, pages }) => (Some(sources), Some(pages)),
        None => (None, None),
    };
    let mut problems = Vec::new();
    let config = config::load(root, options.base_url.as_deref());
    let mut content = content::load(root, options.drafts, sources);
    let (theme, mut theme_problems) =
        theme::load(root, config.as_ref().ok().and_then(|c| c.theme.as_deref()));
    problems.append(&mut theme_problems);
    timings.lap("read");
    let config = match config {
        Ok(config) => {
            let language = language.unwrap_or(&config.language).to_string();
            let (words, mut word_problems) = i18n::load(&theme, &language);
            problems.append(&mut word_problems);
            content = content.in_language(&config.languages, &language);
            problems.append(&mut content.diagnostics);
            let base_url = if language == config.languages[0] {
                config.base_url.clone()
            } else {
                config
                    .base_url
                    .join(&format!("{language}/"))
                    .unwrap_or_else(|_| config.base_url.clone())
            };
            config::Config {
                search: config.search && !options.no_search,
                words,
                language,
                base_url,
                ..config
            }
        }
        Err(mut errors) => {
            problems.append(&mut errors);
            problems.append(&mut content.diagnostics);
            return Err(diagnostic::sorted(problems));
        }
    };
    // The site is assembled even when some files failed, so that the problems of every stage
    // are reported in one run.
    let renderer = markdown::MarkdownRenderer::new(config.allow_raw_html)
        .with_pictures_in(root)
        .with_anchor_label(config.words.text("heading_anchor_label"));
    let now = options.now.unwrap_or_else(jiff::Timestamp::now);
    let site = site::assemble(config, content, &renderer, now, pages).map_err(|mut errors| {
        errors.append(&mut problems.clone());
        diagnostic::sorted(errors)
    })?;
    timings.lap("link");
    if problems.iter().any(Diagnostic::is_error) {
        return Err(diagnostic::sorted(problems));
    }
    Ok(Loaded {
        site,
        theme,
        warnings: diagnostic::sorted(problems),
    })
}

/// `errors` with `warnings` after them, sorted: what a failed build reports.
fn with_warnings(mut errors: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Vec<Diagnostic> {
    errors.extend(warnings.iter().cloned());
    diagnostic::sorted(errors)
}

/// Builds the hub in `options.source` into its output folder. On any error nothing is written
/// and every problem found is returned (warnings included), sorted by file and line.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let output_dir = options.output_dir();
    write::check_output_folder(&options.source, &output_dir).map_err(|problem| vec![problem])?;
    let mut timings = timings::Timings::default();
    let Loaded {
        site,
        theme,
        warnings,
    } = load_timed(options, None, &mut timings, None)?;
    let staging = write::Staging::begin(&output_dir).map_err(|problem| vec![problem])?;
    outputs::render_all(&site, &theme, &options.source, &staging, &mut timings)
        .map_err(|errors| with_warnings(errors, &warnings))?;
    let mut pages = site.pages.len();
    let mut warnings = warnings;
    // Each other language is a site of its own under /CODE/, rendered into the same output.
    for language in &site.config.languages[1..] {
        let translated = load_timed(options, None, &mut timings, Some(language))
            .map_err(|errors| with_warnings(errors, &warnings))?;
        let sink = outputs::Prefixed {
            prefix: format!("{language}/"),
            inner: &staging,
        };
        outputs::render_all(
            &translated.site,
            &translated.theme,
            &options.source,
            &sink,
            &mut timings,
        )
        .map_err(|errors| with_warnings(errors, &warnings))?;
        pages += translated.site.pages.len();
        warnings.extend(translated.warnings);
    }
    let warnings = diagnostic::sorted(warnings);
    // Freeing ten thousand pages takes a noticeable moment; it is done beside the publishing.
    // When no thread can be started, the site is freed here, with the closure that holds it.
    let freed = (site, theme);
    let _ = std::thread::Builder::new().spawn(move || drop(freed));
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
