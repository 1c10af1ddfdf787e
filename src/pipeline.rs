//! The one pipeline: `build`, `check` and `serve` run the same stages, in the same order, each
//! into its own sink. A `Pipeline` owns what lives longer than one run: the options, the page
//! versions, the search index writer, and in `serve` the caches of the last run, so that an
//! edit costs what it reaches.
//!
//! One run: read hub.yaml, the theme and `content/` → the languages, each a value computed once
//! → one linked `Site` per language, from the same sources → every output of each site into
//! the sink (the other languages under `/CODE/`), with the search index where the mode asks
//! for it. In `serve`, an edit of Markdown files that changes no page's place is applied to the
//! sites in place instead, and only the outputs made from the replaced pages are made again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::BuildOptions;
use crate::config::Config;
use crate::content::{self, Source, SourceCache};
use crate::diagnostic::{self, Diagnostic};
use crate::languages::{self, Lang};
use crate::markdown::{HubAddresses, MarkdownRenderer};
use crate::outputs::cache::OutputCache;
use crate::outputs::{self, Collect, Prefixed, Render, Scope, Sink};
use crate::site::{self, Assembly, PageCache, Site, Versions};
use crate::theme::{self, Theme};
use crate::timings::Timings;

/// What a run is for: the three ways of running the same stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `convene build`: every file, the search index included, into the output folder.
    Build,
    /// `convene check`: every file rendered and let go, no search page or index (the caller
    /// adds advice from the linked sites).
    Check,
    /// `convene serve`: the caches are kept between runs and edits are applied in place where
    /// they can be; the search index is left to the caller, who makes it on another thread.
    Serve,
}

/// What a run that succeeded did.
#[derive(Debug)]
pub struct Run {
    /// Pages published, in every language.
    pub pages: usize,
    /// Problems that did not stop the run, sorted.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
    /// True when an edit was applied to the last sites in place: only the outputs it reached
    /// went to the sink.
    pub patched: bool,
    /// The hub's languages, the default first.
    pub languages: Arc<[Lang]>,
    /// Whether the sites have a search page (and so want an index).
    pub search: bool,
    /// The linked sites, one per language, the default first, for the caller to free; empty
    /// in `serve`, where the pipeline keeps them for the next run.
    pub sites: Vec<Site>,
}

/// The hub read, checked and linked, one site per language, ready to render.
#[derive(Debug)]
pub struct Linked {
    /// hub.yaml.
    pub config: Arc<Config>,
    /// Templates, static files and translations after overrides.
    pub theme: Theme,
    /// The hub's languages, the default first.
    pub languages: Arc<[Lang]>,
    /// One site per language, in the same order.
    pub sites: Vec<Site>,
    /// Problems that do not stop a build, sorted.
    pub warnings: Vec<Diagnostic>,
}

/// The pipeline of one hub.
#[derive(Debug)]
pub struct Pipeline {
    options: BuildOptions,
    mode: Mode,
    versions: Versions,
    search: outputs::search::Writer,
    /// In `serve`: what the last runs left.
    caches: Option<Caches>,
}

/// What `serve` keeps between runs.
#[derive(Debug, Default)]
struct Caches {
    /// The Markdown files as last read.
    sources: SourceCache,
    /// Each language's pages and outputs, by code.
    languages: BTreeMap<String, LanguageCache>,
    /// The last run that succeeded, while its sites are kept in `languages`.
    last: Option<Last>,
}

/// One language's caches.
#[derive(Debug, Default)]
struct LanguageCache {
    pages: PageCache,
    outputs: OutputCache,
    /// The site of the last run that succeeded; edits that keep its shape are applied to it.
    site: Option<Site>,
}

/// What an edit applied in place needs of the last run besides its sites.
#[derive(Debug)]
struct Last {
    config: Arc<Config>,
    theme: Theme,
    languages: Arc<[Lang]>,
    warnings: Vec<Diagnostic>,
    search: bool,
}

impl Pipeline {
    /// A pipeline for the hub `options` describe, run for `mode`.
    pub fn new(options: BuildOptions, mode: Mode) -> Pipeline {
        Pipeline {
            options,
            mode,
            versions: Versions::default(),
            search: outputs::search::Writer::new(),
            caches: (mode == Mode::Serve).then(Caches::default),
        }
    }

    /// The options the pipeline runs with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Runs every stage and puts every output into `sink`. `changed` names the files of the
    /// hub (relative to it) known to have changed since the last run (the empty path: any);
    /// it matters only in `serve`. Every problem found is returned at once, sorted, warnings
    /// included; what was put into the sink then is not to be published.
    pub fn run(&mut self, changed: &[PathBuf], sink: &dyn Sink) -> Result<Run, Vec<Diagnostic>> {
        if let Some(run) = self.patch(changed, sink) {
            return Ok(run);
        }
        let mut timings = Timings::default();
        let linked = self.link(changed, &mut timings)?;
        self.render(linked, sink, timings)
    }

    /// The render stage of [`Pipeline::run`]: every output of the sites `linked` holds into
    /// `sink`, the search index too in `build`. In `serve`, the sites are kept for the next run.
    pub fn render(
        &mut self,
        linked: Linked,
        sink: &dyn Sink,
        mut timings: Timings,
    ) -> Result<Run, Vec<Diagnostic>> {
        let Linked {
            config,
            theme,
            languages,
            sites,
            warnings,
        } = linked;
        let search = sites.first().is_some_and(|site| site.search);
        let mut problems = Vec::new();
        for (site, lang) in sites.iter().zip(languages.iter()) {
            let cache = self.caches.as_mut().map(|caches| {
                &mut caches
                    .languages
                    .entry(lang.code.clone())
                    .or_default()
                    .outputs
            });
            let render = Render {
                site,
                theme: &theme,
                root: &self.options.source,
                cache: cache.as_deref(),
                scope: Scope::All,
            };
            let index_with = (self.mode == Mode::Build && site.search).then_some(&self.search);
            let rendered = render_language(render, sink, index_with, &mut timings);
            if let Some(cache) = cache {
                cache.finish(rendered.is_ok(), Scope::All);
            }
            if let Err(mut found) = rendered {
                problems.append(&mut found);
            }
        }
        let pages = sites.iter().map(|site| site.pages.len()).sum();
        let sites = match self.caches.as_mut() {
            None => sites,
            Some(caches) => {
                for (site, lang) in sites.into_iter().zip(languages.iter()) {
                    let cache = caches.languages.entry(lang.code.clone()).or_default();
                    cache.site = Some(site);
                }
                if problems.is_empty() {
                    caches.last = Some(Last {
                        config,
                        theme,
                        languages: languages.clone(),
                        warnings: warnings.clone(),
                        search,
                    });
                }
                Vec::new()
            }
        };
        if !problems.is_empty() {
            problems.extend(warnings);
            return Err(diagnostic::sorted(problems));
        }
        Ok(Run {
            pages,
            warnings,
            timings,
            patched: false,
            languages,
            search,
            sites,
        })
    }

    /// The read and link stages of [`Pipeline::run`]: hub.yaml, the theme, `content/`, the
    /// languages, and one linked site per language. In `serve`, the caches of the last run are
    /// used and refilled.
    pub fn link(
        &mut self,
        changed: &[PathBuf],
        timings: &mut Timings,
    ) -> Result<Linked, Vec<Diagnostic>> {
        let root = &self.options.source;
        if let Some(caches) = self.caches.as_mut() {
            caches.last = None;
            for cache in caches.languages.values_mut() {
                if let Some(site) = cache.site.take() {
                    cache.pages.keep(site);
                }
            }
            caches.sources.forget(changed);
        }
        let mut problems = Vec::new();
        let config = crate::config::load(root, self.options.base_url.as_deref());
        let mut content = content::load(
            root,
            self.options.drafts,
            self.caches.as_mut().map(|caches| &mut caches.sources),
        );
        let (theme, mut theme_problems) =
            theme::load(root, config.as_ref().ok().and_then(|c| c.theme.as_deref()));
        problems.append(&mut theme_problems);
        timings.lap("read");
        let config = match config {
            Ok(config) => Arc::new(config),
            Err(mut errors) => {
                problems.append(&mut errors);
                problems.append(&mut content.diagnostics);
                return Err(diagnostic::sorted(problems));
            }
        };
        let (languages, mut word_problems) = languages::of_hub(&config, &theme);
        problems.append(&mut word_problems);
        let files: Vec<&Path> = (content.sources.iter().chain(&content.drafts))
            .map(|source| source.file.as_path())
            .chain(content.failed.iter().map(PathBuf::as_path))
            .collect();
        problems.extend(content::translation::file_names(&files, &config.languages));
        let search = config.search && self.mode != Mode::Check && !self.options.no_search;
        let now = self.options.now.unwrap_or_else(jiff::Timestamp::now);
        // Every language is linked even when one fails, so that one run reports every problem.
        let mut sites = Vec::with_capacity(languages.len());
        for (index, lang) in languages.iter().enumerate() {
            let mut in_language = content.in_language(&config.languages, &lang.code);
            problems.append(&mut in_language.diagnostics);
            if index + 1 == languages.len() {
                // The last site holds the only references left to its sources (in a one-off
                // run), so that each page's Markdown goes once the page is built.
                content.sources.clear();
                content.drafts.clear();
            }
            let renderer = renderer(&config, &languages, lang, root);
            let with = Assembly {
                config: &config,
                languages: &languages,
                lang,
                search,
                renderer: &renderer,
                now,
                versions: &self.versions,
            };
            let cache = self
                .caches
                .as_mut()
                .map(|caches| &mut caches.languages.entry(lang.code.clone()).or_default().pages);
            match site::assemble(&with, in_language, cache) {
                Ok(site) => sites.push(site),
                Err(mut errors) => problems.append(&mut errors),
            }
        }
        timings.lap("link");
        if problems.iter().any(Diagnostic::is_error) {
            if let Some(caches) = self.caches.as_mut() {
                for site in sites {
                    if let Some(cache) = caches.languages.get_mut(&site.lang.code) {
                        cache.pages.keep(site);
                    }
                }
            }
            return Err(diagnostic::sorted(problems));
        }
        Ok(Linked {
            config,
            theme,
            languages,
            sites,
            warnings: diagnostic::sorted(problems),
        })
    }

    /// In `serve`: applies an edit of the Markdown files `changed` (relative to the hub) to the
    /// last sites in place ([`site::patch`]) and puts into `sink` only the outputs made from the
    /// pages it replaced (in every language that shows them). `None` when the edit is not one
    /// that can be applied so; then the whole hub is run again, which also reports any problem.
    fn patch(&mut self, changed: &[PathBuf], sink: &dyn Sink) -> Option<Run> {
        let is_markdown = |path: &PathBuf| {
            path.starts_with("content") && path.extension().is_some_and(|e| e == "md")
        };
        if changed.is_empty() || !changed.iter().all(is_markdown) {
            return None;
        }
        let caches = self.caches.as_mut()?;
        let last = caches.last.as_ref()?;
        let mut changed = changed.to_vec();
        changed.sort();
        changed.dedup();
        let mut timings = Timings::default();
        let root = &self.options.source;
        let sources: Vec<Arc<Source>> = changed
            .iter()
            .map(|file| caches.sources.reread(root, file))
            .collect::<Option<_>>()?;
        timings.lap("read");
        let now = self.options.now.unwrap_or_else(jiff::Timestamp::now);
        // The outputs go to the sink only once every language took the edit.
        let collected = Collect::default();
        let mut pages = 0;
        for lang in last.languages.iter() {
            let cache = caches.languages.get_mut(&lang.code)?;
            let site = cache.site.as_mut()?;
            let sources = sources_in(
                site,
                &cache.pages,
                &sources,
                &caches.sources,
                &last.config.languages,
                lang,
            );
            let renderer = renderer(&last.config, &last.languages, lang, root);
            let with = Assembly {
                config: &last.config,
                languages: &last.languages,
                lang,
                search: last.search,
                renderer: &renderer,
                now,
                versions: &self.versions,
            };
            let patched = site::patch(site, &mut cache.pages, &sources, &with)?;
            timings.lap("patch");
            pages += site.pages.len();
            let reach = cache.outputs.reached_by(&patched.old_versions);
            timings.lap("reach");
            let scope = Scope::Only(&reach);
            let render = Render {
                site,
                theme: &last.theme,
                root,
                cache: Some(&cache.outputs),
                scope,
            };
            let rendered = render_language(render, &collected, None, &mut timings);
            cache.outputs.finish(rendered.is_ok(), scope);
            rendered.ok()?;
        }
        for output in collected.into_sorted() {
            sink.put(output).ok()?;
        }
        Some(Run {
            pages,
            warnings: last.warnings.clone(),
            timings,
            patched: true,
            languages: last.languages.clone(),
            search: last.search,
            sites: Vec::new(),
        })
    }
}

/// The Markdown renderer of the site in `lang`, one of the hub's `languages`.
fn renderer(config: &Config, languages: &[Lang], lang: &Lang, root: &Path) -> MarkdownRenderer {
    let hub = HubAddresses {
        base_url: config.base_url.to_string(),
        sites: languages
            .iter()
            .map(|other| (other.code.clone(), other.base_path().to_string()))
            .collect(),
    };
    MarkdownRenderer::new(config.allow_raw_html)
        .with_pictures_in(root)
        .with_anchor_label(lang.words.text("heading_anchor_label"))
        .with_base_path(lang.base_path())
        .with_hub(hub)
}

/// The files of `sources` (read again after an edit) as the site in `lang` reads them, left out
/// where that site does not show them: a translation into another language, and (in a language
/// other than the default) an original shown in its translation, whose translation is read
/// again instead, to be checked against it. The default language, patched first, sees every
/// original, so an original that no site can take in place still ends in a full run. `all`
/// holds every file as last read, for the originals of translations.
fn sources_in(
    site: &Site,
    pages: &PageCache,
    sources: &[Arc<Source>],
    all: &content::SourceCache,
    languages: &[String],
    lang: &Lang,
) -> Vec<Arc<Source>> {
    let mut read_in: Vec<Arc<Source>> = Vec::new();
    for source in sources {
        // The file that would translate `source` here (`about.es.md` for `about.md`).
        let translation = source.file.with_extension(format!("{}.md", lang.code));
        let translated_here =
            !lang.is_default && site.pages.iter().any(|page| page.file == translation);
        let read = if translated_here {
            // An original shown here in its translation: the translation is read again.
            all.get(&translation).and_then(|translated| {
                content::as_read_in(&translated, Some(source), languages, &lang.code)
            })
        } else {
            let original = content::original_file_of(&source.file, languages)
                .and_then(|original| all.get(&original));
            content::as_read_in(source, original.as_deref(), languages, &lang.code)
        };
        let Some(mut read) = read else {
            continue;
        };
        let shown = site.pages.iter().any(|page| page.file == read.file);
        if read.language.is_none() {
            if shown || lang.is_default {
                read_in.push(read);
            }
            continue;
        }
        // The translation of a draft left out of the build waits for its original.
        if site.draft_paths.contains(&read.path) {
            continue;
        }
        // A translation has the pictures of its original's bundle.
        if let Some(known) = pages.source(&read.file) {
            Arc::make_mut(&mut read).assets = known.assets.clone();
        }
        if !read_in.iter().any(|r| r.file == read.file) {
            read_in.push(read);
        }
    }
    read_in
}

/// Renders one language's site into `sink` (under `/CODE/` for a language other than the
/// default), with its search index written by `index_with`, if given; the time of each is
/// added to `timings`.
fn render_language(
    render: Render,
    sink: &dyn Sink,
    index_with: Option<&outputs::search::Writer>,
    timings: &mut Timings,
) -> Result<(), Vec<Diagnostic>> {
    let prefixed;
    let sink: &dyn Sink = if render.site.lang.is_default {
        sink
    } else {
        prefixed = Prefixed {
            prefix: render.site.lang.folder(),
            inner: sink,
        };
        &prefixed
    };
    let pages = outputs::render_site(render, sink, index_with);
    timings.lap("render");
    let pages = pages?;
    if let Some(writer) = index_with {
        let pages: Vec<&outputs::search::Page> = pages.iter().collect();
        let index = outputs::search::render(writer, &pages).map_err(|problem| vec![problem])?;
        let problems = outputs::put_all(sink, index);
        if !problems.is_empty() {
            return Err(problems);
        }
        timings.lap("search");
    }
    Ok(())
}
