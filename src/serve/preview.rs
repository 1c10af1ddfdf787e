//! The site as `convene serve` holds it: every output file in memory, rebuilt after each change
//! by re-rendering only the pages whose template or values changed, and compared file by file
//! so that only what really changed is swapped in and announced.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::languages::Lang;
use crate::outputs::{self, Body, Collect, Made, Output};
use crate::pipeline::{Mode, Pipeline};
use crate::serve::Snapshot;
use crate::timings::Timings;

/// The files of a built site by output path (`events/coffee/index.html`).
pub type Files = BTreeMap<String, Made>;

/// How many files may change after the server's snapshot of the site was taken whole before it
/// is taken whole again: each snapshot copies the changes, and taking it whole copies the site.
const CHANGES_BEFORE_RETAKING: usize = 2_000;

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
    /// The one pipeline, run in `serve`'s mode: it keeps the sources, pages and outputs of the
    /// last run for the next.
    pipeline: Pipeline,
    copied: BTreeMap<PathBuf, CopiedFile>,
    /// The last site that built without errors, search index excluded.
    site: Files,
    /// `site` as the server's snapshots last took it whole, shared with them.
    taken: Arc<Files>,
    /// The files of `site` changed since `taken` (an edit applied in place changes files and
    /// removes none; any other rebuild takes the site whole again).
    changes: Files,
    /// The search index of the site it was made from.
    search: Arc<Files>,
    /// Increases with every successful rebuild that changed a page; the search index is for one
    /// generation.
    generation: u64,
    search_generation: u64,
    search_enabled: bool,
    /// The hub's languages as last built, the default first.
    languages: Arc<[Lang]>,
    /// The warnings of the last rebuild that succeeded.
    warnings: Vec<Diagnostic>,
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
            pipeline: Pipeline::new(options, Mode::Serve),
            copied: BTreeMap::new(),
            site: Files::new(),
            taken: Arc::default(),
            changes: Files::new(),
            search: Arc::default(),
            generation: 0,
            search_generation: 0,
            search_enabled: false,
            languages: Arc::new([]),
            warnings: Vec::new(),
        }
    }

    /// The hub's folder, as an absolute path.
    pub fn source(&self) -> &std::path::Path {
        &self.pipeline.options().source
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
                path.strip_prefix(self.source())
                    .map(PathBuf::from)
                    .unwrap_or_default()
            })
            .collect();
        let collected = Collect::default();
        let run = match self.pipeline.run(&within_hub, &collected) {
            Ok(run) => run,
            Err(problems) => {
                return Rebuild {
                    problems,
                    ..Rebuild::default()
                };
            }
        };
        let outputs = collected.into_sorted();
        let changed = if run.patched {
            let mut changed = Vec::new();
            for output in outputs {
                // An edit applied in place makes pages, feeds and calendars only, never copies.
                if let Body::Made(made) = output.body
                    && self.site.get(&output.path) != Some(&made)
                {
                    self.changes.insert(output.path.clone(), made.clone());
                    self.site.insert(output.path.clone(), made);
                    changed.push(output.path);
                }
            }
            if self.changes.len() > CHANGES_BEFORE_RETAKING {
                self.retake();
            }
            changed
        } else {
            let site = match self.materialise(outputs) {
                Ok(site) => site,
                Err(problem) => {
                    return Rebuild {
                        problems: vec![problem],
                        timings: run.timings,
                        ..Rebuild::default()
                    };
                }
            };
            let changed = changed_paths(&self.site, &site);
            self.site = site;
            self.retake();
            changed
        };
        self.languages = run.languages;
        self.search_enabled = run.search;
        if !self.search_enabled {
            self.search = Arc::default();
        }
        self.warnings = run.warnings;
        if changed.iter().any(|path| path.ends_with(".html")) {
            self.generation += 1;
        }
        let mut timings = run.timings;
        timings.lap("compare");
        Rebuild {
            changed,
            problems: self.warnings.clone(),
            timings,
            patched: run.patched,
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

    /// Takes the site whole for the server's snapshots (after a full rebuild, or once enough
    /// files changed since the last time).
    fn retake(&mut self) {
        self.taken = Arc::new(self.site.clone());
        self.changes.clear();
    }

    /// What the server shows now, with the errors of the last rebuild if it failed: the site
    /// as last taken whole and what changed since, and the search index, all shared.
    pub fn snapshot(&self, errors: Option<String>) -> Snapshot {
        Snapshot {
            base: self.taken.clone(),
            changes: Arc::new(self.changes.clone()),
            search: self.search.clone(),
            errors,
        }
    }

    /// Every file served now: the site and its search index.
    pub fn files(&self) -> Files {
        let mut files = self.site.clone();
        files.extend(self.search.iter().map(|(k, v)| (k.clone(), v.clone())));
        files
    }

    /// When the search index is older than the site: what to index, for a [`SearchIndexer`]
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

    /// Takes a search index made by a [`SearchIndexer`] for `generation` and returns the paths
    /// that changed; an index of a site that has changed since is dropped (`None`).
    pub fn search_done(&mut self, generation: u64, index: Files) -> Option<Vec<String>> {
        if generation != self.generation || !self.search_enabled {
            return None;
        }
        let changed = changed_paths(&self.search, &index);
        self.search = Arc::new(index);
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
    pub languages: Arc<[Lang]>,
}

/// Makes the search index of each version of the site, in the background. A page whose bytes
/// are those of the last index it made is not read again, so after the first index an edit
/// costs the reading of the pages it changed and the writing of the index.
#[derive(Default)]
pub struct SearchIndexer {
    writer: outputs::search::Writer,
    /// Each HTML page of the last index by path: its bytes, and what was read of them (none for
    /// a page the index leaves out).
    read: HashMap<String, (Made, Option<Arc<outputs::search::Page>>)>,
}

impl SearchIndexer {
    /// The search index of `job`'s pages: one for each of its languages, of the pages under its
    /// folder (the default's: of the others).
    pub fn index(&mut self, job: &SearchJob) -> Result<Files, Diagnostic> {
        let folders: Vec<String> = job.languages.iter().map(Lang::folder).collect();
        // The language a page is in: the one whose folder holds it, else the default.
        let language_of = |path: &str| {
            folders
                .iter()
                .position(|folder| !folder.is_empty() && path.starts_with(folder.as_str()))
                .or_else(|| job.languages.iter().position(|lang| lang.is_default))
        };
        let last = std::mem::take(&mut self.read);
        let writer = &self.writer;
        self.read = job
            .pages
            .par_iter()
            .filter_map(|(path, made)| {
                let folder = &folders[language_of(path)?];
                let page = match last.get(path) {
                    Some((bytes, page)) if bytes == made => page.clone(),
                    _ => {
                        let output = Output::made(path[folder.len()..].to_string(), made.clone());
                        outputs::search::read(writer, &output).map(Arc::new)
                    }
                };
                Some((path.clone(), (made.clone(), page)))
            })
            .collect();
        let mut index = Files::new();
        for (number, folder) in folders.iter().enumerate() {
            let pages: Vec<&outputs::search::Page> = job
                .pages
                .keys()
                .filter(|path| language_of(path) == Some(number))
                .filter_map(|path| self.read.get(path)?.1.as_deref())
                .collect();
            for output in outputs::search::render(writer, &pages)? {
                if let Body::Made(made) = output.body {
                    index.insert(format!("{folder}{}", output.path), made);
                }
            }
        }
        Ok(index)
    }
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
