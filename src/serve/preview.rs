//! The site as `convene serve` holds it: every output file in memory, rebuilt after each change
//! by re-rendering only the pages whose template or values changed, and compared file by file
//! so that only what really changed is swapped in and announced.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use crate::content::Source;
use crate::diagnostic::Diagnostic;
use crate::markdown::MarkdownRenderer;
use crate::outputs::cache::OutputCache;
use crate::outputs::{self, Body, Made, Output, Reach, Scope};
use crate::site;
use crate::timings::Timings;
use crate::{BuildOptions, LoadCache, Loaded};
use rayon::prelude::*;

/// The files of a built site by output path (`events/coffee/index.html`).
pub type Files = BTreeMap<String, Made>;

/// A file of the hub copied into the site, as last read: its modification time and length tell
/// whether it must be read again.
#[derive(Debug)]
struct CopiedFile {
    stamp: Option<(SystemTime, u64)>,
    bytes: Arc<Vec<u8>>,
}

/// The hub being previewed, kept in memory between edits.
#[derive(Debug)]
pub struct Preview {
    options: BuildOptions,
    /// The files read and the pages built, for the next rebuild.
    loaded: LoadCache,
    /// The files rendered, for the next rebuild.
    rendered: OutputCache,
    /// The site, theme and warnings of the last load that rendered without errors; edits that
    /// keep its shape are applied to it in place.
    built: Option<Loaded>,
    copied: BTreeMap<PathBuf, CopiedFile>,
    /// The last site that built without errors, search index excluded.
    site: Files,
    /// The search index of the site it was made from.
    search: Files,
    /// Increases with every successful rebuild that changed a page; the search index is for one
    /// generation.
    generation: u64,
    search_generation: u64,
    search_enabled: bool,
    /// The hub's languages as last built, the default first.
    languages: Vec<String>,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Output paths added, changed or removed, sorted.
    pub changed: Vec<String>,
    /// The problems found; when one is an error the previous site is kept.
    pub problems: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
    /// True when the edit was applied to the last site in place ([`crate::site::patch`]).
    pub patched: bool,
}

impl Rebuild {
    /// A rebuild that stopped at `problems`: nothing changed.
    fn failure(problems: Vec<Diagnostic>, timings: Timings) -> Rebuild {
        Rebuild {
            changed: Vec::new(),
            problems,
            timings,
            patched: false,
        }
    }

    /// True when the rebuild failed and the previous site is still served.
    pub fn failed(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }
}

impl Preview {
    /// An empty preview of the hub `options` describe; call [`Preview::rebuild`] to build it.
    pub fn new(mut options: BuildOptions) -> Preview {
        if let Ok(source) = std::path::absolute(&options.source) {
            options.source = source;
        }
        Preview {
            options,
            loaded: LoadCache::default(),
            rendered: OutputCache::default(),
            built: None,
            copied: BTreeMap::new(),
            site: Files::new(),
            search: Files::new(),
            generation: 0,
            search_generation: 0,
            search_enabled: false,
            languages: Vec::new(),
        }
    }

    /// The hub's folder, as an absolute path.
    pub fn source(&self) -> &std::path::Path {
        &self.options.source
    }

    /// Reads the hub again and renders what changed; `changed` names the files of the hub known
    /// to have changed (absolute paths), which are read again even when their modification time
    /// looks the same. On errors the previous site is kept.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        for path in changed {
            self.copied.remove(path);
        }
        // A path named outside the hub's folder as convene knows it (a system that reports the
        // folder under another name) becomes the empty path: everything is read again.
        let within_hub: Vec<PathBuf> = changed
            .iter()
            .map(|path| {
                path.strip_prefix(&self.options.source)
                    .map(PathBuf::from)
                    .unwrap_or_default()
            })
            .collect();
        if let Some(rebuild) = self.patch(&within_hub) {
            return rebuild;
        }
        if let Some(built) = self.built.take() {
            self.loaded.pages.keep(built.site);
        }
        self.loaded.sources.forget(&within_hub);
        let mut timings = Timings::default();
        let mut loaded =
            match crate::load_timed(&self.options, Some(&mut self.loaded), &mut timings, None) {
                Ok(loaded) => loaded,
                Err(problems) => return Rebuild::failure(problems, timings),
            };
        let collected = outputs::Collect::default();
        let rendered = outputs::render_site(
            &loaded.site,
            &loaded.theme,
            &self.options.source,
            Some(&mut self.rendered),
            &collected,
            Scope::All,
        );
        timings.lap("render");
        let mut outputs = match rendered {
            Ok(()) => collected.into_sorted(),
            Err(mut problems) => {
                self.loaded.pages.keep(loaded.site);
                problems.extend(loaded.warnings);
                return Rebuild::failure(crate::diagnostic::sorted(problems), timings);
            }
        };
        // The sites of the other languages are built whole each time, under their folders.
        for language in &loaded.site.config.languages[1..] {
            match self.render_language(language, &mut timings) {
                Ok((more, warnings)) => {
                    outputs.extend(more);
                    loaded.warnings.extend(warnings);
                }
                Err(mut problems) => {
                    self.loaded.pages.keep(loaded.site);
                    problems.extend(loaded.warnings);
                    return Rebuild::failure(crate::diagnostic::sorted(problems), timings);
                }
            }
        }
        loaded.warnings = crate::diagnostic::sorted(loaded.warnings);
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        self.languages = loaded.site.config.languages.clone();
        let site = match self.materialise(outputs) {
            Ok(site) => site,
            Err(problem) => {
                self.loaded.pages.keep(loaded.site);
                return Rebuild::failure(vec![problem], timings);
            }
        };
        let changed = changed_paths(&self.site, &site);
        self.site = site;
        self.search_enabled = loaded.site.config.search;
        if !self.search_enabled {
            self.search.clear();
        }
        self.built = Some(loaded);
        self.finish(changed, timings, false)
    }

    /// The files of the site in `language` (not the default), under its folder, and its
    /// warnings.
    fn render_language(
        &self,
        language: &str,
        timings: &mut Timings,
    ) -> Result<(Vec<Output>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let loaded = crate::load_timed(&self.options, None, timings, Some(language))?;
        let collected = outputs::Collect::default();
        let sink = outputs::Prefixed {
            prefix: format!("{language}/"),
            inner: &collected,
        };
        outputs::render_site(
            &loaded.site,
            &loaded.theme,
            &self.options.source,
            None,
            &sink,
            Scope::All,
        )?;
        Ok((collected.into_sorted(), loaded.warnings))
    }

    /// Applies an edit of the Markdown files `changed` (relative to the hub) to the last site
    /// in place ([`crate::site::patch`]) and renders only the files that show the pages it
    /// replaced. `None` when the edit is not one that can be applied so; then the whole hub is
    /// rebuilt, which also reports any problem.
    fn patch(&mut self, changed: &[PathBuf]) -> Option<Rebuild> {
        let is_markdown = |path: &PathBuf| {
            path.starts_with("content") && path.extension().is_some_and(|e| e == "md")
        };
        if changed.is_empty() || !changed.iter().all(is_markdown) {
            return None;
        }
        let mut changed = changed.to_vec();
        changed.sort();
        changed.dedup();
        let built = self.built.as_mut()?;
        // A hub in several languages is rebuilt whole: an edit may show in every language.
        if built.site.config.languages.len() > 1 {
            return None;
        }
        let mut timings = Timings::default();
        let root = &self.options.source;
        let sources: Vec<Arc<Source>> = changed
            .iter()
            .map(|file| self.loaded.sources.reread(root, file))
            .collect::<Option<_>>()?;
        timings.lap("read");
        let renderer = MarkdownRenderer::new(built.site.config.allow_raw_html)
            .with_pictures_in(root)
            .with_anchor_label(built.site.config.words.text("heading_anchor_label"));
        let now = self.options.now.unwrap_or_else(jiff::Timestamp::now);
        let patched = site::patch(
            &mut built.site,
            &mut self.loaded.pages,
            &sources,
            &renderer,
            now,
        )?;
        timings.lap("patch");
        let reach = Reach::of(&built.site, &patched);
        let collected = outputs::Collect::default();
        let rendered = outputs::render_site(
            &built.site,
            &built.theme,
            root,
            Some(&mut self.rendered),
            &collected,
            Scope::Only(&reach),
        );
        timings.lap("render");
        if rendered.is_err() {
            // A full rebuild reports the problems.
            let built = self.built.take()?;
            self.loaded.pages.keep(built.site);
            return None;
        }
        let mut changed = Vec::new();
        for output in collected.into_sorted() {
            // A render of some files makes pages, feeds and calendars only, never copies.
            if let Body::Made(made) = output.body
                && self.site.get(&output.path) != Some(&made)
            {
                self.site.insert(output.path.clone(), made);
                changed.push(output.path);
            }
        }
        Some(self.finish(changed, timings, true))
    }

    /// The outcome of a rebuild that succeeded and changed the files at `changed`.
    fn finish(&mut self, changed: Vec<String>, mut timings: Timings, patched: bool) -> Rebuild {
        if changed.iter().any(|path| path.ends_with(".html")) {
            self.generation += 1;
        }
        timings.lap("compare");
        Rebuild {
            changed,
            problems: self
                .built
                .as_ref()
                .map(|built| built.warnings.clone())
                .unwrap_or_default(),
            timings,
            patched,
        }
    }

    /// The outputs as bytes in memory. Files of the hub are read again only when their
    /// modification time or length changed.
    fn materialise(&mut self, outputs: Vec<Output>) -> Result<Files, Diagnostic> {
        let mut files = Files::new();
        let mut copied = BTreeMap::new();
        for output in outputs {
            let bytes = match output.body {
                Body::Made(made) => made,
                Body::Embedded(bytes) => Made::Whole(Arc::new(bytes.to_vec())),
                Body::Copy(file) => {
                    let stamp = std::fs::metadata(&file)
                        .ok()
                        .and_then(|m| Some((m.modified().ok()?, m.len())));
                    let bytes = match self.copied.remove(&file) {
                        Some(known) if known.stamp.is_some() && known.stamp == stamp => known.bytes,
                        _ => Arc::new(
                            std::fs::read(&file)
                                .map_err(|error| crate::diagnostic::cannot_read(&file, &error))?,
                        ),
                    };
                    copied.insert(
                        file,
                        CopiedFile {
                            stamp,
                            bytes: bytes.clone(),
                        },
                    );
                    Made::Whole(bytes)
                }
            };
            files.insert(output.path, bytes);
        }
        self.copied = copied;
        Ok(files)
    }

    /// Every file served now: the site and its search index.
    pub fn files(&self) -> Files {
        let mut files = self.site.clone();
        files.extend(self.search.iter().map(|(k, v)| (k.clone(), v.clone())));
        files
    }

    /// When the search index is older than the site: what to index, for [`index_search`]
    /// (which may run on another thread).
    pub fn search_to_do(&self) -> Option<SearchJob> {
        if !self.search_enabled || self.search_generation == self.generation {
            return None;
        }
        let pages = self
            .site
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect();
        Some(SearchJob {
            generation: self.generation,
            pages,
            languages: self.languages.clone(),
        })
    }

    /// Takes a search index made by [`index_search`] for `generation` and returns the paths
    /// that changed; an index of a site that has changed since is dropped (`None`).
    pub fn search_done(&mut self, generation: u64, index: Files) -> Option<Vec<String>> {
        if generation != self.generation || !self.search_enabled {
            return None;
        }
        let changed = changed_paths(&self.search, &index);
        self.search = index;
        self.search_generation = generation;
        Some(changed)
    }
}

/// The HTML pages of one version of the site, to index for search.
pub struct SearchJob {
    /// The version of the site.
    pub generation: u64,
    /// Its HTML files by path.
    pub pages: Files,
    /// The hub's languages, the default first: each has its own index (`es/pagefind/`).
    pub languages: Vec<String>,
}

/// Builds the search index of `pages` (HTML files by path): one for each of `languages`, of
/// the pages under its folder (the default's: of the others).
pub fn index_search(pages: &Files, languages: &[String]) -> Result<Files, Diagnostic> {
    let mut index = Files::new();
    let writer = outputs::search::Writer::new();
    for (position, language) in languages.iter().enumerate() {
        let folder = if position == 0 {
            String::new()
        } else {
            format!("{language}/")
        };
        let in_other_language = |path: &str| {
            languages[1..]
                .iter()
                .any(|other| path.starts_with(&format!("{other}/")))
        };
        let outputs: Vec<Output> = pages
            .iter()
            .filter(|(path, _)| match path.strip_prefix(&folder) {
                Some(_) if position > 0 => true,
                Some(_) => !in_other_language(path),
                None => false,
            })
            .map(|(path, made)| Output::made(path[folder.len()..].to_string(), made.clone()))
            .collect();
        let pages = outputs
            .par_iter()
            .filter_map(|output| outputs::search::read(&writer, output))
            .collect();
        for output in outputs::search::render(&writer, pages)? {
            if let Body::Made(made) = output.body {
                index.insert(format!("{folder}{}", output.path), made);
            }
        }
    }
    Ok(index)
}

/// Paths added, changed or removed between two versions of the files.
fn changed_paths(before: &Files, after: &Files) -> Vec<String> {
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path).is_none_or(|old| old != *bytes))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    changed.sort();
    changed
}
