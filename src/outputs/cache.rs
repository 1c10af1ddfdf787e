//! What `convene serve` keeps of one render for the next: every file made, with a fingerprint of
//! what it was made from, and the pieces many files share (list entries, feed items, calendar
//! events) by the version of their page. A file whose fingerprint is unchanged is taken from here
//! instead of being made again, so an edit costs the files it reaches.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::outputs::{Made, Reach, Scope};
use crate::site::{Page, Site};

/// The files and shared pieces of the last render, and those of the render under way.
#[derive(Default)]
pub struct OutputCache {
    /// Each file by output path, with what it was made from.
    files: Generations<String, (Arc<MadeFrom>, Made)>,
    /// Each page as lists show it, as a template value with its card.
    pub(super) list_entries: Pieces<tera::Value>,
    /// Each page's RSS `<item>` with its whole text, for the site feed.
    pub(super) feed_items: Pieces<Arc<String>>,
    /// Each page's RSS `<item>` with its summary only, for section and term feeds.
    pub(super) feed_briefs: Pieces<Arc<String>>,
    /// Each event's VEVENT (none for other pages).
    pub(super) vevents: Pieces<Option<Arc<String>>>,
    /// The templates as last parsed, with the fingerprint of what they were parsed with.
    templates: Mutex<Option<(u64, Arc<tera::Tera>)>>,
}

impl std::fmt::Debug for OutputCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OutputCache({} files)", self.files.last.len())
    }
}

impl OutputCache {
    /// A file as the last render made it, by output path.
    pub(super) fn last_file(&self, path: &str) -> Option<&Made> {
        self.files.last.get(path).map(|(_, made)| made)
    }

    /// The files the last renders made from any of the page versions `replaced` (the pages
    /// themselves, the pages that show them among their relations, and every list, feed and
    /// calendar that holds one): what an edit that replaced those versions reaches. Recorded
    /// while rendering, so a new kind of list is followed without a rule of its own.
    pub fn reached_by(&self, replaced: &[u64]) -> Reach {
        // An edit replaces a version or two, and a list or feed was made from thousands: a scan
        // of a short slice per version is many times faster than hashing each. The scan waits
        // on memory more than it computes, so it runs on every core.
        let paths: rustc_hash::FxHashSet<String> = self
            .files
            .last
            .par_iter()
            .filter(|(_, (from, _))| from.versions.iter().any(|v| replaced.contains(v)))
            .map(|(path, _)| path.clone())
            .collect();
        Reach {
            pages: paths
                .iter()
                .filter_map(|path| path.strip_suffix("index.html"))
                .map(str::to_string)
                .collect(),
            paths,
            replaced_versions: replaced.to_vec(),
        }
    }

    /// The templates parsed with what `made_from` fingerprints: those of the last render when
    /// it was the same, else the ones `load` parses.
    pub(super) fn templates<E>(
        &self,
        made_from: u64,
        load: impl FnOnce() -> Result<tera::Tera, E>,
    ) -> Result<Arc<tera::Tera>, E> {
        let mut kept = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((fingerprint, tera)) = kept.as_ref()
            && *fingerprint == made_from
        {
            return Ok(tera.clone());
        }
        let tera = Arc::new(load()?);
        *kept = Some((made_from, tera.clone()));
        Ok(tera)
    }

    /// Ends a render: what it made becomes what the next one reuses. After a failed render the
    /// last good one is kept instead. A render of some files only adds what it made, and
    /// drops the pieces of the page versions its edit replaced.
    pub fn finish(&mut self, succeeded: bool, scope: Scope) {
        let partial = matches!(scope, Scope::Only(_));
        self.files.finish(succeeded, partial);
        self.list_entries.finish(succeeded, partial);
        self.feed_items.finish(succeeded, partial);
        self.feed_briefs.finish(succeeded, partial);
        self.vevents.finish(succeeded, partial);
        if let (true, Scope::Only(reach)) = (succeeded, scope) {
            for version in &reach.replaced_versions {
                self.list_entries.last.remove(version);
                self.feed_items.last.remove(version);
                self.feed_briefs.last.remove(version);
                self.vevents.last.remove(version);
            }
        }
    }
}

/// Pieces by the version of their page, each with a fingerprint of what else it was made from.
pub(super) type Pieces<V> = Generations<u64, (u64, V)>;

/// Values of the last render, and those of the render under way as they are made.
pub(super) struct Generations<K, V> {
    last: HashMap<K, V>,
    this: Mutex<HashMap<K, V>>,
}

impl<K, V> Default for Generations<K, V> {
    fn default() -> Self {
        Generations {
            last: HashMap::new(),
            this: Mutex::default(),
        }
    }
}

impl<K: Hash + Eq, V: Clone> Generations<K, V> {
    /// The value kept for `key` if `still_good` accepts it, else the one `make` makes. A value
    /// made is kept for the next render; so is a value kept already when `whole` (the render
    /// makes every file, and what it does not keep is dropped). A partial render adds to the
    /// last one, which still holds the values it took.
    fn get_or_make<E>(
        &self,
        key: K,
        whole: bool,
        still_good: impl FnOnce(&V) -> bool,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let value = match self.last.get(&key).filter(|value| still_good(value)) {
            Some(value) if !whole => return Ok(value.clone()),
            Some(value) => value.clone(),
            None => make()?,
        };
        self.this
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, value.clone());
        Ok(value)
    }

    /// Keeps the values made by a render that `succeeded`: in place of the last ones, or when
    /// the render was `partial`, beside them.
    fn finish(&mut self, succeeded: bool, partial: bool) {
        let this = std::mem::take(self.this.get_mut().unwrap_or_else(PoisonError::into_inner));
        match (succeeded, partial) {
            (false, _) => {}
            (true, false) => self.last = this,
            (true, true) => self.last.extend(this),
        }
    }
}

/// The piece shared by many files for the page of `version`: from `cache` when it holds one
/// made with the same `made_with`, else made (and kept there, when there is a cache). `whole`
/// as for [`Generations::get_or_make`].
fn piece<V: Clone>(
    cache: Option<&Pieces<V>>,
    (version, made_with): (u64, u64),
    whole: bool,
    make: impl FnOnce() -> V,
) -> V {
    match cache {
        None => make(),
        Some(cache) => {
            let Ok((_, value)) = cache.get_or_make(
                version,
                whole,
                |(with, _)| *with == made_with,
                || Ok::<_, std::convert::Infallible>((made_with, make())),
            );
            value
        }
    }
}

/// One piece per page of the site (its list entry, feed item or VEVENT), each made when first
/// asked for, or taken from the cache by the page's version.
pub(super) struct PerPage<'a, V> {
    site: &'a Site,
    cache: Option<&'a Pieces<V>>,
    made_with: u64,
    make: &'a (dyn Fn(&Page) -> V + Sync),
    /// The render makes every file.
    whole: bool,
    cells: Vec<OnceLock<V>>,
}

impl<'a, V: Clone + Send + Sync> PerPage<'a, V> {
    /// The pieces `make` makes of `site`'s pages, each made when first asked for. `made_with`
    /// is a fingerprint of what else than the page `make` reads (0 for nothing): a piece in the
    /// cache made with another is made again.
    pub(super) fn new(
        site: &'a Site,
        cache: Option<&'a Pieces<V>>,
        made_with: u64,
        make: &'a (dyn Fn(&Page) -> V + Sync),
        scope: Scope,
    ) -> Self {
        PerPage {
            site,
            cache,
            made_with,
            make,
            whole: matches!(scope, Scope::All),
            cells: (0..site.pages.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// In a render of every file, makes every piece at once, in parallel (for pieces nearly
    /// every file shows); a render of a few files makes only those they show.
    pub(super) fn made_ahead(self) -> Self {
        if self.whole {
            (0..self.site.pages.len())
                .into_par_iter()
                .for_each(|index| {
                    self.get(index);
                });
        }
        self
    }

    /// The piece of the page at `index`.
    pub(super) fn get(&self, index: usize) -> &V {
        self.cells[index].get_or_init(|| {
            let page = &self.site.pages[index];
            let key = (page.version, self.made_with);
            piece(self.cache, key, self.whole, || (self.make)(page))
        })
    }
}

/// The file at `path`: from `cache` when what it is made from is unchanged (`made_from` says
/// what that is, and is only asked for with a cache), else made by `make`. The cache keeps
/// which page versions it was made from, for [`OutputCache::reached_by`].
pub(super) fn file<E>(
    cache: Option<&OutputCache>,
    path: &str,
    made_from: impl FnOnce() -> Fingerprint,
    make: impl FnOnce() -> Result<Made, E>,
) -> Result<Made, E> {
    match cache {
        None => make(),
        Some(cache) => {
            let made_from = Arc::new(made_from().into_made_from());
            cache
                .files
                .get_or_make(
                    path.to_string(),
                    // Only the files in the render's scope are asked for: keep each.
                    true,
                    |(old, _)| old.hash == made_from.hash,
                    || make().map(|made| (made_from.clone(), made)),
                )
                .map(|(_, bytes)| bytes)
        }
    }
}

/// What a file was made from: a hash of everything, and the versions of the pages it shows.
#[derive(Debug)]
struct MadeFrom {
    hash: u64,
    versions: Vec<u64>,
}

/// A fingerprint of hub.yaml as read and of the site's language, for files that depend on them
/// besides their pages (a feed's title and description, a calendar's name).
pub(super) fn of_settings(site: &Site) -> u64 {
    Fingerprint::default()
        .add(format!("{:?}{:?}", site.config, site.lang))
        .finish()
}

/// A hash of everything fed to it (hashable values, and serialised ones written to it), and
/// the versions of the pages among them.
#[derive(Default)]
pub(super) struct Fingerprint {
    hasher: DefaultHasher,
    versions: Vec<u64>,
}

impl Fingerprint {
    /// Feeds `value` in.
    pub(super) fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.hasher);
        self
    }

    /// Feeds in the versions of pages shown, in that order, as one list.
    pub(super) fn add_versions(&mut self, versions: impl IntoIterator<Item = u64>) -> &mut Self {
        for version in versions {
            self.add(version);
            self.versions.push(version);
        }
        self.add("end of list")
    }

    /// Feeds in the versions of the site's pages at `indices`, in that order, as one list.
    pub(super) fn add_pages<'a>(
        &mut self,
        site: &Site,
        indices: impl IntoIterator<Item = &'a usize>,
    ) -> &mut Self {
        self.add_versions(indices.into_iter().map(|index| site.pages[*index].version))
    }

    /// Feeds in `value` as JSON, for values that are not `Hash`.
    pub(super) fn add_serialised(&mut self, value: &impl serde::Serialize) -> &mut Self {
        let _ = serde_json::to_writer(&mut *self, value);
        self
    }

    /// The hash of everything fed in, and the versions of the pages among it.
    fn into_made_from(self) -> MadeFrom {
        MadeFrom {
            hash: self.hasher.finish(),
            versions: self.versions,
        }
    }

    /// The hash of everything fed in.
    pub(super) fn finish(&self) -> u64 {
        self.hasher.finish()
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.hasher.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
