//! Outputs: one module per kind of file a build writes. Each reads the `Site` and returns the
//! files it makes; nothing here touches the output folder (that is `write`'s job).

mod anchors;
pub mod cache;
pub mod calendars;
pub mod feeds;
mod highlight;
pub mod html;
pub mod json_ld;
pub mod search;
pub mod sitemap;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::content::Kind;
use crate::content::front_matter::ProfileKind;
use crate::diagnostic::Diagnostic;
use crate::site::{Patched, Site};
use crate::theme::{StaticFile, Theme};
use crate::timings::Timings;

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
    fn len(&self) -> usize {
        self.chunks().map(<[u8]>::len).sum()
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

/// The files that show the pages an edit replaced in place ([`crate::site::patch`]): each
/// replaced page and the pages related to it, and the lists, feeds and calendars that hold a
/// replaced page. Everything else is as the last render made it.
#[derive(Debug, Default)]
pub struct Reach {
    paths: HashSet<String>,
    /// The site paths of the pages among `paths`.
    pages: HashSet<String>,
    replaced_versions: Vec<u64>,
}

impl Reach {
    /// The files that show what `patched` replaced in `site`.
    pub fn of(site: &Site, patched: &Patched) -> Reach {
        let mut paths = HashSet::new();
        let mut pages = HashSet::new();
        for index in patched.replaced.iter().chain(&patched.related) {
            let path = &site.pages[*index].path;
            paths.insert(format!("{path}index.html"));
            pages.insert(path.clone());
        }
        for index in &patched.replaced {
            let page = &site.pages[*index];
            let shows_on_home = matches!(page.kind, Kind::Event | Kind::Toolkit | Kind::Post)
                || page
                    .profile
                    .as_ref()
                    .is_some_and(|p| p.kind == ProfileKind::Group);
            if shows_on_home {
                paths.insert("index.html".into());
            }
            paths.insert("rss.xml".into());
            if page.calendar.is_some() {
                paths.insert("events.ics".into());
                paths.insert(format!("{}event.ics", page.path));
            }
            if let Some(section) = site.sections.get(&page.section) {
                paths.insert(format!("{}index.html", section.path));
                paths.insert(format!("{}rss.xml", section.path));
            }
            for link in page.terms.values().flatten() {
                for file in ["index.html", "rss.xml", "events.ics"] {
                    paths.insert(format!("{}{file}", link.path));
                }
            }
        }
        Reach {
            paths,
            pages,
            replaced_versions: patched.old_versions.clone(),
        }
    }
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

/// Passes files on to `inner`, and when `pages` is set reads each HTML page for `writer`'s search
/// index on the way (on the thread that rendered it).
struct KeepPages<'a> {
    inner: &'a dyn Sink,
    writer: &'a search::Writer,
    pages: Option<Mutex<Vec<(String, search::Page)>>>,
}

impl Sink for KeepPages<'_> {
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        if let Some(pages) = &self.pages
            && let Some(page) = search::read(self.writer, &output)
        {
            pages
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

/// Renders every file of the site into `sink`, the search index included.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &dyn Sink,
    timings: &mut Timings,
) -> Result<(), Vec<Diagnostic>> {
    let writer = search::Writer::new();
    let keep = KeepPages {
        inner: sink,
        writer: &writer,
        pages: site.config.search.then(Mutex::default),
    };
    render_site(site, theme, root, None, &keep, Scope::All)?;
    timings.lap("render");
    if let Some(pages) = keep.pages {
        let mut pages = pages.into_inner().unwrap_or_else(PoisonError::into_inner);
        pages.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let pages = pages.into_iter().map(|(_, page)| page).collect();
        let index = search::render(&writer, pages).map_err(|problem| vec![problem])?;
        let problems = put_all(sink, index);
        if !problems.is_empty() {
            return Err(problems);
        }
        timings.lap("search");
    }
    Ok(())
}

/// Renders the files of the site in `scope` (the search index aside) into `sink`. With a
/// `cache`, the files made from the same values as in the render it holds are taken from it,
/// and it is left holding this render. Two files claiming one path are an error, and so is a
/// link to a part of a page that the page does not have.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    root: &Path,
    cache: Option<&mut cache::OutputCache>,
    sink: &dyn Sink,
    scope: Scope,
) -> Result<(), Vec<Diagnostic>> {
    let anchors = anchors::Anchors::new(site, sink);
    let claims = Claims {
        inner: &anchors,
        claims: Mutex::default(),
    };
    let sink = &claims;
    let shared = cache.as_deref();
    let (html, others) = rayon::join(
        || html::render(site, theme, shared, sink, scope),
        || {
            let (feeds, calendars) = rayon::join(
                || feeds::render(site, shared, sink, scope),
                || calendars::render(site, shared, sink, scope),
            );
            let mut problems: Vec<Diagnostic> = feeds.into_iter().chain(calendars).collect();
            if let Scope::Only(_) = scope {
                return problems;
            }
            let mut small = sitemap::render(site);
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
                body: Body::Copy(root.join(&asset.file)),
            }));
            problems.extend(put_all(sink, small));
            problems
        },
    );
    let mut problems = html.err().unwrap_or_default();
    problems.extend(others);
    problems.extend(claims.collisions());
    problems.extend(anchors.broken(site, shared));
    if let Some(cache) = cache {
        cache.finish(problems.is_empty(), scope);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
