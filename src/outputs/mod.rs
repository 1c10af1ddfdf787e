//! Outputs: one module per kind of file a build writes. Each reads the `Site` and returns the
//! files it makes; nothing here touches the output folder (that is `write`'s job).

mod anchors;
pub mod cache;
pub mod calendars;
pub mod cards;
pub mod feeds;
mod highlight;
pub mod html;
pub mod json_ld;
pub mod paging;
pub mod redirects;
pub mod search;
pub mod sitemap;

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::theme::{StaticFile, Theme};

/// Bytes a build made: in one piece, or joined from parts that other files share (a feed is its
/// head, the items it has in common with other feeds, and its tail), so that a feed costs
/// pointers to its items instead of a copy of them.
#[derive(Debug, Clone)]
pub enum Made {
    /// One piece.
    Whole(Arc<Vec<u8>>),
    /// The parts, in order.
    Parts(Arc<[Arc<String>]>),
}

impl Made {
    /// The bytes, part by part.
    pub fn chunks(&self) -> impl Iterator<Item = &[u8]> {
        let (whole, parts) = match self {
            Made::Whole(bytes) => (Some(bytes.as_slice()), &[][..]),
            Made::Parts(parts) => (None, &parts[..]),
        };
        whole
            .into_iter()
            .chain(parts.iter().map(|part| part.as_bytes()))
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.chunks().map(<[u8]>::len).sum()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.chunks().all(<[u8]>::is_empty)
    }

    /// The bytes in one piece.
    pub fn to_vec(&self) -> Vec<u8> {
        match self {
            Made::Whole(bytes) => bytes.to_vec(),
            Made::Parts(_) => self.chunks().collect::<Vec<_>>().concat(),
        }
    }
}

/// Equal bytes. Parts both share are compared by pointer, so that a feed whose items are the
/// same costs no byte comparison.
impl PartialEq for Made {
    fn eq(&self, other: &Made) -> bool {
        let shared = match (self, other) {
            (Made::Whole(a), Made::Whole(b)) => Arc::ptr_eq(a, b),
            (Made::Parts(a), Made::Parts(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| Arc::ptr_eq(a, b))
            }
            _ => false,
        };
        shared || self.len() == other.len() && same_bytes(self.chunks(), other.chunks())
    }
}

/// True when two sequences of chunks join into the same bytes (of equal length).
pub(crate) fn same_bytes<'a>(
    mut a: impl Iterator<Item = &'a [u8]>,
    mut b: impl Iterator<Item = &'a [u8]>,
) -> bool {
    let (mut left, mut right): (&[u8], &[u8]) = (&[], &[]);
    loop {
        while left.is_empty() {
            match a.next() {
                Some(chunk) => left = chunk,
                None => return right.is_empty() && b.all(<[u8]>::is_empty),
            }
        }
        while right.is_empty() {
            match b.next() {
                Some(chunk) => right = chunk,
                None => return false,
            }
        }
        let n = left.len().min(right.len());
        if left[..n] != right[..n] {
            return false;
        }
        (left, right) = (&left[n..], &right[n..]);
    }
}

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Body {
    /// Bytes made by the build (shared with the output cache of `convene serve`).
    Made(Made),
    /// Bytes embedded in the binary (the default theme's static files).
    Embedded(&'static [u8]),
    /// A file of the hub copied as it is (absolute path).
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path inside the output folder, with forward slashes (`events/coffee/index.html`).
    pub path: String,
    /// Its content.
    pub body: Body,
}

impl Output {
    /// A file made by the build.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Output {
        Output::shared(path, Arc::new(bytes.into()))
    }

    /// A file made by an earlier render, shared.
    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> Output {
        Output::made(path, Made::Whole(bytes))
    }

    /// A file made by this render or an earlier one.
    pub fn made(path: impl Into<String>, made: Made) -> Output {
        Output {
            path: path.into(),
            body: Body::Made(made),
        }
    }
}

/// Which files a render makes.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every file of the site.
    All,
    /// Only the pages, feeds and calendars an edit applied in place reaches.
    Only(&'a Reach),
}

impl Scope<'_> {
    /// True when the render makes the file at `path`.
    fn wants(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(reach) => reach.paths.contains(path),
        }
    }

    /// True when the render makes the page of the site at `path` (`events/coffee/`), which
    /// saves formatting the file path of every page to ask [`Scope::wants`].
    fn wants_page(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(reach) => reach.pages.contains(path),
        }
    }
}

/// The files an edit applied in place reaches ([`cache::OutputCache::reached_by`]): every file
/// made from a page version it replaced. Everything else is as the last render made it.
#[derive(Debug, Default)]
pub struct Reach {
    /// Every render asks about each file it could make, tens of thousands of paths for an
    /// edit: they are hashed with rustc-hash's hasher, several times faster than the standard
    /// one on short strings (nothing here comes from outside the hub).
    paths: FxHashSet<String>,
    /// The site paths of the pages among `paths`.
    pages: FxHashSet<String>,
    replaced_versions: Vec<u64>,
}

/// One render of a site: what every output kind reads besides the site itself.
#[derive(Clone, Copy)]
pub struct Render<'a> {
    /// The linked site.
    pub site: &'a Site,
    /// Templates and static files.
    pub theme: &'a Theme,
    /// The hub's folder, for files copied as they are.
    pub root: &'a Path,
    /// The files of the last render, in `convene serve`; `None` in a one-off build, which then
    /// computes no fingerprints.
    pub cache: Option<&'a cache::OutputCache>,
    /// Which files to make.
    pub scope: Scope<'a>,
}

/// Where the files of a render go, each as soon as it is made, from any thread.
pub trait Sink: Sync {
    /// Takes one file of the site.
    fn put(&self, output: Output) -> Result<(), Diagnostic>;
}

/// A sink that puts every file under a folder of another sink: the site of a second language
/// under `es/`.
pub struct Prefixed<'a> {
    /// The folder, with its trailing slash (`es/`).
    pub prefix: String,
    /// Where the files go.
    pub inner: &'a dyn Sink,
}

impl Sink for Prefixed<'_> {
    fn put(&self, mut output: Output) -> Result<(), Diagnostic> {
        output.path = format!("{}{}", self.prefix, output.path);
        self.inner.put(output)
    }
}

/// Puts every output into `sink`, in parallel; returns the problems the sink had.
pub fn put_all(
    sink: &dyn Sink,
    outputs: impl IntoParallelIterator<Item = Output>,
) -> Vec<Diagnostic> {
    outputs
        .into_par_iter()
        .filter_map(|output| sink.put(output).err())
        .collect()
}

/// What a file of the hub is published as: a raster picture without its metadata (a phone's
/// GPS position above all, [`crate::pictures::metadata`]), anything else as it is.
fn asset_body(root: &Path, file: &Path) -> Body {
    let path = root.join(file);
    if crate::pictures::is_raster(file)
        && let Ok(bytes) = std::fs::read(&path)
        && let Ok(Some(clean)) = crate::pictures::metadata::without_metadata(&bytes)
    {
        return Body::Made(Made::Whole(Arc::new(clean)));
    }
    Body::Copy(path)
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(Mutex<Vec<Output>>);

impl Collect {
    /// The files, sorted by path.
    pub fn into_sorted(self) -> Vec<Output> {
        let mut outputs = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        outputs.par_sort_by(|a, b| a.path.cmp(&b.path));
        outputs
    }
}

impl Sink for Collect {
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(output);
        Ok(())
    }
}

/// Passes files on to `inner`, and with a `writer` reads each HTML page for its search index on
/// the way (on the thread that rendered it).
struct KeepPages<'a> {
    inner: &'a dyn Sink,
    writer: Option<&'a search::Writer>,
    pages: Mutex<Vec<(String, search::Page)>>,
}

impl Sink for KeepPages<'_> {
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        if let Some(writer) = self.writer
            && let Some(page) = search::read(writer, &output)
        {
            self.pages
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((output.path.clone(), page));
        }
        self.inner.put(output)
    }
}

/// Passes files on to `inner` and notes the path each claims and where it comes from, so that
/// two files claiming one path are reported.
struct Claims<'a> {
    inner: &'a dyn Sink,
    claims: Mutex<Vec<(String, Option<PathBuf>)>>,
}

impl Sink for Claims<'_> {
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        let origin = match &output.body {
            Body::Copy(path) => Some(path.clone()),
            _ => None,
        };
        self.claims
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((output.path.clone(), origin));
        self.inner.put(output)
    }
}

impl Claims<'_> {
    /// An error for every path claimed twice.
    fn collisions(self) -> Vec<Diagnostic> {
        let mut claims = self
            .claims
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        claims.par_sort();
        let origin = |o: &Option<PathBuf>| match o {
            Some(path) => path.display().to_string(),
            None => "a page convene makes".to_string(),
        };
        claims
            .windows(2)
            .filter(|pair| pair[0].0 == pair[1].0)
            .map(|pair| {
                Diagnostic::file_error(
                    pair[1].0.clone(),
                    format!(
                        "two files would be published at /{}: {} and {}",
                        pair[0].0,
                        origin(&pair[0].1),
                        origin(&pair[1].1)
                    ),
                )
                .with_help("rename or move one of them")
            })
            .collect()
    }
}

/// Renders the files of one language's site in `render.scope` (the search index aside) into
/// `sink`. With `index_with`, each HTML page is also read for that writer's search index as it
/// is rendered, on the thread that rendered it, and the pages read come back in path order. Two
/// files claiming one path are an error, and so is a link to a part of a page that the page
/// does not have.
pub fn render_site(
    render: Render,
    sink: &dyn Sink,
    index_with: Option<&search::Writer>,
) -> Result<Vec<search::Page>, Vec<Diagnostic>> {
    let Render {
        site,
        theme,
        root,
        cache,
        scope,
    } = render;
    let keep = KeepPages {
        inner: sink,
        writer: index_with,
        pages: Mutex::default(),
    };
    let anchors = anchors::Anchors::new(site, &keep);
    let claims = Claims {
        inner: &anchors,
        claims: Mutex::default(),
    };
    let sink = &claims;
    let (html, others) = rayon::join(
        || html::render(&render, sink),
        || {
            let ((feeds, calendars), cards) = rayon::join(
                || {
                    rayon::join(
                        || feeds::render(&render, sink),
                        || calendars::render(&render, sink),
                    )
                },
                || cards::render(&render, sink),
            );
            let mut problems: Vec<Diagnostic> =
                feeds.into_iter().chain(calendars).chain(cards).collect();
            // The resized pictures of the pages made (each from the cache when made before).
            let variants: Vec<crate::pictures::Variant> = site
                .pages
                .iter()
                .chain(&site.home)
                .filter(|page| scope.wants_page(&page.path))
                .flat_map(|page| page.variants.iter().cloned())
                .collect();
            let (pictures, mut unreadable) = crate::pictures::make(root, variants);
            problems.append(&mut unreadable);
            problems.extend(put_all(sink, pictures));
            if let Scope::Only(_) = scope {
                return problems;
            }
            let mut small = redirects::render(site);
            small.extend(sitemap::render(site));
            small.push(Output::shared(
                "highlight.css",
                highlight::HIGHLIGHT_CSS.clone(),
            ));
            for (path, file) in &theme.static_files {
                let body = match file {
                    StaticFile::Embedded(bytes) => Body::Embedded(bytes),
                    StaticFile::OnDisk(file) => Body::Copy(root.join(file)),
                };
                small.push(Output {
                    path: path.clone(),
                    body,
                });
            }
            let assets = site
                .assets
                .iter()
                .chain(site.pages.iter().flat_map(|p| p.assets.iter()));
            small.extend(assets.map(|asset| Output {
                path: asset.output_path.clone(),
                body: asset_body(root, &asset.file),
            }));
            problems.extend(put_all(sink, small));
            problems
        },
    );
    let mut problems = html.err().unwrap_or_default();
    problems.extend(others);
    problems.extend(claims.collisions());
    problems.extend(anchors.broken(site, cache));
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut pages = keep
        .pages
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    pages.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(pages.into_iter().map(|(_, page)| page).collect())
}
