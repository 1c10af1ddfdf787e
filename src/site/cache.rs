//! The pages of earlier runs, kept by `convene serve` for the next one (one cache per
//! language's site).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use super::Site;
use super::page::{Depends, Page};
use crate::config::Config;
use crate::content::Source;
use crate::languages::Lang;
use crate::markdown::LinkTargets;

/// Pages built by earlier runs of [`super::assemble`], kept by `convene serve` so that an edit
/// rebuilds only the pages it reaches. A page is built again when its file changed, when a file
/// its links name appeared, moved or went, when hub.yaml changed, or when time passed the end of
/// its next date.
#[derive(Debug, Default)]
pub struct PageCache {
    /// What the pages were built with: hub.yaml and the site's language.
    made_with: Option<(Config, Lang)>,
    /// Where each page's links pointed.
    pub(super) targets: LinkTargets,
    /// By Markdown file.
    pub(super) entries: HashMap<PathBuf, CachedPage>,
    /// The earliest moment time changes one of the pages ([`Depends::valid_until`]).
    pub(super) valid_until: Option<Timestamp>,
}

/// One page as an earlier build made it.
#[derive(Debug)]
pub(super) struct CachedPage {
    /// The file as it was read (for a translation: as its language's site reads it).
    pub(super) source: Arc<Source>,
    /// What else the page was made from.
    pub(super) depends: Depends,
    /// The page, once the site it was lent to gives it back ([`PageCache::keep`]).
    pub(super) page: Option<Box<Page>>,
}

impl PageCache {
    /// Takes back the pages of a site made by [`super::assemble`] with this cache.
    pub fn keep(&mut self, site: Site) {
        self.keep_pages(site.pages.into_iter().chain(site.home));
    }

    /// Takes back pages built with this cache.
    pub(super) fn keep_pages(&mut self, pages: impl IntoIterator<Item = Box<Page>>) {
        for page in pages {
            if let Some(entry) = self.entries.get_mut(&page.file) {
                entry.page = Some(page);
            }
        }
    }

    /// The file at `file` as the page kept for it was built from.
    pub fn source(&self, file: &std::path::Path) -> Option<&Arc<Source>> {
        self.entries.get(file).map(|entry| &entry.source)
    }

    /// Notes that time changes a page at `until` (if ever).
    pub(super) fn changes_by(&mut self, until: Option<Timestamp>) {
        self.valid_until = self.valid_until.into_iter().chain(until).min();
    }

    /// The cached pages still good for a build with `config` in `lang`, `targets` and `now`, by file;
    /// the cache is left empty, to be filled by this build (which also leaves its `targets`).
    pub(super) fn take_valid(
        &mut self,
        config: &Config,
        lang: &Lang,
        targets: &LinkTargets,
        now: Timestamp,
    ) -> HashMap<PathBuf, CachedPage> {
        let mut entries = std::mem::take(&mut self.entries);
        let same = self
            .made_with
            .as_ref()
            .is_some_and(|(c, l)| c == config && l == lang);
        if !same {
            entries.clear();
            self.made_with = Some((config.clone(), lang.clone()));
        }
        let moved: HashSet<&PathBuf> = targets
            .iter()
            .filter(|(file, url)| self.targets.get(*file) != Some(*url))
            .map(|(file, _)| file)
            .chain(
                self.targets
                    .keys()
                    .filter(|file| !targets.contains_key(*file)),
            )
            .collect();
        entries.retain(|_, entry| {
            entry.page.is_some()
                && entry.depends.valid_until.is_none_or(|until| now < until)
                && !entry.depends.linked.iter().any(|file| moved.contains(file))
        });
        entries
    }
}
