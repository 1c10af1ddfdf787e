//! Content discovery: walks `content/`, splits front matter from Markdown, and types the front
//! matter of each kind of page. Every problem in every file is collected.

pub mod checked;
pub mod front_matter;
pub mod history;
pub mod translation;
pub mod typed;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::slug::slugify;
use crate::yaml::YamlSource;
pub use front_matter::FrontMatter;

/// The kind of a page, decided by the section folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/_index.md`: the home page.
    Home,
    /// `content/SECTION/_index.md`: a section's title and introduction.
    Section,
    /// A person or group under `content/profiles/`.
    Profile,
    /// A meetup, chat or conference under `content/events/`.
    Event,
    /// A curated list of resources under `content/toolkits/`.
    Toolkit,
    /// A news item under `content/posts/`.
    Post,
    /// Any other page, such as `content/about.md`.
    Page,
}

impl Kind {
    /// The kind of the pages of a section folder.
    pub fn of_section(section: &str) -> Kind {
        match section {
            "profiles" => Kind::Profile,
            "events" => Kind::Event,
            "toolkits" => Kind::Toolkit,
            "posts" => Kind::Post,
            _ => Kind::Page,
        }
    }
}

/// One Markdown file of the hub, split and typed.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file, relative to the hub folder (`content/events/coffee.md`).
    pub file: PathBuf,
    /// The whole text of the file, for error messages that quote a line.
    pub text: String,
    /// What kind of page this is.
    pub kind: Kind,
    /// The section folder (`events`), or empty for pages at the top of `content/`.
    pub section: String,
    /// The last segment of the page's URL.
    pub slug: String,
    /// The file's name without `.md` (a bundle's folder name): how other pages name this one
    /// in `hosts`, `curators` and `members`, besides its slug.
    pub name: String,
    /// The page's site path, such as `events/coffee/` (empty for the home page).
    pub path: String,
    /// Typed front matter.
    pub front: FrontMatter,
    /// Where the Markdown body starts in `text` (a byte offset).
    pub body_start: usize,
    /// The line of the file on which the body starts.
    pub body_line: usize,
    /// Files that sit beside a page bundle's `index.md`, relative to the hub folder.
    pub assets: Vec<PathBuf>,
    /// The language of a translation (`es` for `about.es.md`); `None` for a page in the
    /// hub's default language.
    pub language: Option<String>,
    /// The front matter's addresses, checked ([`checked::check`]).
    pub checked: checked::Checked,
    /// When the file was first committed, if the hub is kept in git ([`history`]).
    pub added: Option<jiff::Timestamp>,
    /// For a translation, the facts it takes from its original ([`translation::inherit`]).
    pub inherited: Option<Arc<translation::Inherited>>,
    /// Whether `text` was cut to the front matter once the page was built
    /// ([`Source::release_body`]).
    body_released: bool,
}

impl Source {
    /// The file other pages link to this page by: the original's (`about.md`) for a
    /// translation (`about.es.md`), else its own.
    pub fn original_file(&self) -> PathBuf {
        match &self.language {
            Some(code) => original_of(&self.file, code),
            None => self.file.clone(),
        }
    }

    /// The Markdown body: the text after the front matter.
    pub fn body(&self) -> &str {
        debug_assert!(
            !self.body_released,
            "the body of {} was read after it was let go of",
            self.file.display()
        );
        &self.text[self.body_start..]
    }

    /// Lets go of the Markdown body of `source` once its page is built, when nothing else holds
    /// the source (a one-off build; `convene serve` keeps its sources to build pages again).
    /// What is kept is the front matter, which the problems found after the build quote.
    pub fn release_body(source: &mut Arc<Source>) {
        if let Some(source) = Arc::get_mut(source) {
            source.text.truncate(source.body_start);
            source.text.shrink_to_fit();
            source.body_released = true;
        }
    }

    /// A diagnostic at a location reported for a front matter value of this page.
    pub fn error_at(
        &self,
        location: &serde_saphyr::Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        let line = location.line() as usize;
        let column = location.column() as usize;
        match self.inherited.as_ref().and_then(|taken| taken.locate(line)) {
            Some((file, text, line)) => Diagnostic::at(file, text, line, column, message),
            None => Diagnostic::at(&self.file, &self.text, line + 1, column, message),
        }
    }
}

/// A file under `content/` that is not Markdown: copied to the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The file, relative to the hub folder.
    pub file: PathBuf,
    /// Where it goes, relative to the output folder.
    pub output_path: String,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// The Markdown pages, sorted by file.
    pub sources: Vec<Arc<Source>>,
    /// Other files outside page bundles.
    pub assets: Vec<Asset>,
    /// Problems that did not stop the walk (warnings) and errors of single files.
    pub diagnostics: Vec<Diagnostic>,
    /// Markdown files that could not be read: they still count as pages when other files link
    /// to them, so that one mistake is reported once.
    pub failed: Vec<PathBuf>,
    /// Pages marked `draft` and left out of this build. Links to them resolve to where they
    /// will be published; relations naming a draft profile are left out without an error.
    pub drafts: Vec<Arc<Source>>,
    /// For the pages of one language ([`Content::in_language`]): the translations into each
    /// other language, which links may name, as (file, language, site path).
    pub elsewhere: Vec<(PathBuf, String, String)>,
}

/// The Markdown files of a hub as last read, kept by `convene serve` between edits: a file is
/// read again only when the watcher named it as changed, and `content/` is walked again only
/// when a change may have added or removed a file.
#[derive(Debug, Default)]
pub struct SourceCache {
    files: HashMap<PathBuf, Result<Arc<Source>, Vec<Diagnostic>>>,
    /// The last walk, while no file is known to have come or gone since.
    listing: Option<Arc<Listing>>,
    /// Paths under `content/` named as changed since the last walk.
    changed: Vec<PathBuf>,
}

impl SourceCache {
    /// The file at `file` as last read, if it was read without problems.
    pub fn get(&self, file: &Path) -> Option<Arc<Source>> {
        self.files.get(file)?.as_ref().ok().cloned()
    }

    /// Forgets the files at or under `changed` (paths relative to the hub; the empty path
    /// forgets all), so that they are read again.
    pub fn forget(&mut self, changed: &[PathBuf]) {
        for path in changed.iter().filter(|path| within_content(path)) {
            // A file is forgotten by its name; a folder, by every file under it.
            if self.files.remove(path).is_none() {
                self.files.retain(|file, _| !file.starts_with(path));
            }
            self.changed.push(path.clone());
        }
    }

    /// Reads `file` (relative to the hub) again, for an edit that may be applied to the built
    /// site on its own ([`crate::site::patch`]): only a Markdown file of the last walk that read
    /// without problems then and now. A bundle's `index.md` keeps the files beside it.
    pub fn reread(&mut self, root: &Path, file: &Path) -> Option<Arc<Source>> {
        let Some(Ok(old)) = self.files.get(file) else {
            return None;
        };
        if !std::fs::symlink_metadata(root.join(file)).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let mut source = read_source(root, file).ok()?;
        source.assets = old.assets.clone();
        source.added = old.added;
        let source = Arc::new(source);
        self.files.insert(file.to_path_buf(), Ok(source.clone()));
        Some(source)
    }

    /// The last walk, if every file changed since was already in it and is still a file:
    /// then no file came or went.
    fn unchanged_listing(&mut self, root: &Path) -> Option<Arc<Listing>> {
        let changed = std::mem::take(&mut self.changed);
        let listing = self.listing.take()?;
        let known = |path: &PathBuf| {
            listing.markdown.contains(path) || listing.assets.iter().any(|a| &a.file == path)
        };
        let still_there = changed.iter().all(|path| {
            known(path) && std::fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.is_file())
        });
        still_there.then_some(listing)
    }
}

/// True for paths (relative to the hub) that can change what `content/` holds: those inside it,
/// `content/` itself, and the hub folder (the empty path).
fn within_content(path: &Path) -> bool {
    path.starts_with("content") || Path::new("content").starts_with(path)
}

/// What a walk of `content/` found.
#[derive(Debug, Default)]
struct Listing {
    /// Markdown files, in walk order.
    markdown: Vec<PathBuf>,
    /// Other files.
    assets: Vec<Asset>,
    /// Links not followed and folders that could not be read.
    diagnostics: Vec<Diagnostic>,
}

/// True for names convene passes over: hidden files and `_`-prefixed files other than `_index.md`.
fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') || name.starts_with('_'))
        && name != "_index.md"
        && !is_index_translation(name)
}

/// True for the translation of a section's or the home page's `_index.md`: `_index.es.md`.
fn is_index_translation(name: &str) -> bool {
    name.strip_prefix("_index.")
        .and_then(|rest| rest.strip_suffix(".md"))
        .is_some_and(|code| {
            !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Walks `root/content`, reading every Markdown file; `drafts` keeps pages marked `draft`.
/// With a `cache`, files it holds unchanged are taken from it, and it is left holding this walk.
pub fn load(root: &Path, drafts: bool, mut cache: Option<&mut SourceCache>) -> Content {
    let content_dir = root.join("content");
    let mut content = Content::default();
    if !content_dir.is_dir() {
        content.diagnostics.push(
            Diagnostic::file_error("content", "the hub has no `content` folder")
                .with_help("create `content/` and put your pages in it (see `convene init`)")
                .warning(),
        );
        return content;
    }
    let listing = match cache.as_deref_mut() {
        Some(cache) => {
            let listing = cache
                .unchanged_listing(root)
                .unwrap_or_else(|| Arc::new(walk(root, &content_dir)));
            cache.listing = Some(listing.clone());
            listing
        }
        None => Arc::new(walk(root, &content_dir)),
    };
    content.assets = listing.assets.clone();
    content
        .diagnostics
        .extend(listing.diagnostics.iter().cloned());

    let mut known = cache.map(|cache| (std::mem::take(&mut cache.files), cache));
    let results: Vec<Result<Arc<Source>, Vec<Diagnostic>>> = listing
        .markdown
        .par_iter()
        .map(
            |file| match known.as_ref().and_then(|(files, _)| files.get(file)) {
                Some(result) => result.clone(),
                None => read_source(root, file).map(Arc::new),
            },
        )
        .collect();
    for (file, result) in listing.markdown.iter().zip(results) {
        match result {
            Ok(source) if source.front.draft && !drafts => content.drafts.push(source),
            Ok(source) => content.sources.push(source),
            Err(problems) => {
                if let Some((_, cache)) = &mut known {
                    cache.files.insert(file.clone(), Err(problems.clone()));
                }
                content.diagnostics.extend(problems);
                content.failed.push(file.clone());
            }
        }
    }
    attach_bundle_assets(&mut content);
    let added = history::added_dates(root);
    for source in content.sources.iter_mut().chain(content.drafts.iter_mut()) {
        let date = added.get(&source.file).copied();
        if source.added != date {
            Arc::make_mut(source).added = date;
        }
    }
    // Kept after the bundles' files are attached, so that an unchanged bundle stays the same.
    if let Some((_, cache)) = known {
        for source in content.sources.iter().chain(&content.drafts) {
            cache.files.insert(source.file.clone(), Ok(source.clone()));
        }
    }
    content
}

/// The file that `file`, a translation into `code`, translates: `about.md` for `about.es.md`
/// (`file` itself when its name does not end in `.CODE.md`).
fn original_of(file: &Path, code: &str) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem
        .strip_suffix(code)
        .and_then(|rest| rest.strip_suffix('.'))
    {
        Some(original) => file.with_file_name(format!("{original}.md")),
        None => file.to_path_buf(),
    }
}

/// The language `file` is a translation into, among `languages` (the hub's, the default
/// first): `es` for `about.es.md`, `profiles/x/index.es.md` or `events/_index.es.md`.
fn translation_language<'a>(file: &Path, languages: &'a [String]) -> Option<&'a str> {
    let stem = file.file_stem()?.to_str()?;
    languages[1..]
        .iter()
        .find(|code| {
            stem.strip_suffix(code.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
        })
        .map(String::as_str)
}

/// `source` as the site in `language` (one of `languages`, the hub's, the default first) reads
/// it: a translation into `language` is read again as if it were its original, so that it is
/// published where the original is, marked with its language; a translation into another
/// language is not in that site (`None`), unless it has no original (and is no section's
/// `_index.CODE.md`): then it is a page of its own in its language, in every site; any other
/// file is as it is. (An original that has a
/// translation into `language` is in that site as its translation, which [`Content::in_language`]
/// picks.)
///
/// `original` is the file a translation translates, when there is one: the translation takes
/// the facts it leaves out from it, and a fact it states otherwise is a problem of the
/// translation ([`translation::contradictions`]).
pub fn as_read_in(
    source: &Arc<Source>,
    original: Option<&Source>,
    languages: &[String],
    language: &str,
) -> Option<Arc<Source>> {
    match translation_language(&source.file, languages) {
        None => Some(source.clone()),
        // A section's `_index.es.md` translates its list, which is there without `_index.md`.
        Some(code)
            if code == language
                || (original.is_none()
                    && !source
                        .file
                        .file_name()
                        .is_some_and(|name| is_index_translation(&name.to_string_lossy()))) =>
        {
            let original_file = original_of(&source.file, code);
            // Facts it leaves out are taken from the original; should that fail, it is read
            // as it is (its own problems were told when it was read).
            let mut page = original
                .and_then(|original| {
                    parse_text(&original_file, source.text.clone(), Some(original)).ok()
                })
                .or_else(|| parse_text(&original_file, source.text.clone(), None).ok())?;
            page.file = source.file.clone();
            page.language = Some(code.to_string());
            // Problems are told in the translation's file, where they are.
            page.checked = checked::check(&page);
            if let Some(original) = original {
                let mut found = translation::contradictions(&page, original);
                page.checked.problems.append(&mut found);
            }
            Some(Arc::new(page))
        }
        Some(_) => None,
    }
}

/// The file `file` translates, when it is a translation into one of `languages` (the hub's,
/// the default first): `about.md` for `about.es.md`.
pub fn original_file_of(file: &Path, languages: &[String]) -> Option<PathBuf> {
    translation_language(file, languages).map(|code| original_of(file, code))
}

impl Content {
    /// The pages of the hub in `language`, one of `languages` (the hub's, the default first):
    /// each page in its translation into `language` (`about.es.md` for `about.md`) where it has
    /// one, else as it is; and the translations that have no original, each a page of its own
    /// in its language. A translation is published where its original is.
    pub fn in_language(&self, languages: &[String], language: &str) -> Content {
        let is_translation =
            |source: &Source| translation_language(&source.file, languages).is_some();
        // `_index.pt.md` in a hub without `pt` (or `_index.old.md`) is left out, as every file
        // whose name starts with `_` is: it is no translation, and its problems are not reported.
        let stray = |file: &Path| {
            file.file_name()
                .is_some_and(|name| is_index_translation(&name.to_string_lossy()))
                && translation_language(file, languages).is_none()
        };
        let originals: HashMap<&Path, &Arc<Source>> = self
            .sources
            .iter()
            .chain(&self.drafts)
            .map(|source| (source.file.as_path(), source))
            .collect();
        let pick = |sources: &[Arc<Source>]| -> Vec<Arc<Source>> {
            let sources: Vec<Arc<Source>> = sources
                .iter()
                .filter(|s| !stray(&s.file))
                .cloned()
                .collect();
            if languages.len() < 2 {
                return sources;
            }
            let left_out: std::collections::HashSet<&Path> =
                self.drafts.iter().map(|s| s.file.as_path()).collect();
            let mut translated: HashMap<PathBuf, Arc<Source>> = HashMap::new();
            for source in &sources {
                let Some(code) = translation_language(&source.file, languages) else {
                    continue;
                };
                let original_file = original_of(&source.file, code);
                let original = originals.get(original_file.as_path()).map(|s| &***s);
                // The translation of a draft left out of the build waits for its original, and
                // that of a file that failed to load for it to be fixed.
                if left_out.contains(original_file.as_path())
                    || self.failed.contains(&original_file)
                {
                    continue;
                }
                let Some(page) = as_read_in(source, original, languages, language) else {
                    continue;
                };
                // Of two pages of their own for one name (`about.en.md` and `about.fr.md`
                // with no `about.md`), the one in this site's language, else the first.
                if code == language {
                    translated.insert(original_file, page);
                } else {
                    translated.entry(original_file).or_insert(page);
                }
            }
            let mut out: Vec<Arc<Source>> = Vec::new();
            for source in sources.iter().filter(|s| !is_translation(s)) {
                match translated.remove(&source.file) {
                    Some(mut page) => {
                        Arc::make_mut(&mut page).assets = source.assets.clone();
                        out.push(page);
                    }
                    None => out.push(source.clone()),
                }
            }
            out.extend(translated.into_values());
            out.sort_by(|a, b| a.file.cmp(&b.file));
            out
        };
        let elsewhere = self
            .sources
            .iter()
            .filter_map(|source| {
                let code = translation_language(&source.file, languages)?;
                let original_file = original_of(&source.file, code);
                let original = originals.get(original_file.as_path())?;
                (code != language)
                    .then(|| (source.file.clone(), code.to_string(), original.path.clone()))
            })
            .collect();
        Content {
            elsewhere,
            sources: pick(&self.sources),
            assets: self.assets.clone(),
            diagnostics: self
                .diagnostics
                .iter()
                .filter(|d| !stray(&d.path))
                .cloned()
                .collect(),
            failed: self.failed.iter().filter(|f| !stray(f)).cloned().collect(),
            drafts: pick(&self.drafts),
        }
    }
}

/// Lists the Markdown and other files under `content_dir`, in name order, leaving out ignored
/// names and symbolic links (with a warning).
fn walk(root: &Path, content_dir: &Path) -> Listing {
    let mut listing = Listing::default();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"))
                    .to_path_buf();
                listing
                    .diagnostics
                    .push(crate::diagnostic::cannot_walk(path, &error));
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() {
            listing.diagnostics.push(
                Diagnostic::file_error(
                    relative,
                    "symbolic links are not followed; this one is left out",
                )
                .with_help("copy the file into the hub instead of linking to it")
                .warning(),
            );
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            listing.diagnostics.push(
                Diagnostic::file_error(
                    relative,
                    "this is not a regular file (a pipe, socket or device); it is left out",
                )
                .with_help("remove it from the hub; only files and folders are published")
                .warning(),
            );
            continue;
        }
        if relative.extension().is_some_and(|e| e == "md") {
            listing.markdown.push(relative);
        } else if let Some(problem) = crate::diagnostic::unreadable(entry.path(), &relative) {
            listing.diagnostics.push(problem);
        } else {
            // Published under its name in composed form, as links and pictures write it.
            let output_path = crate::paths::composed(
                &relative
                    .strip_prefix("content")
                    .unwrap_or(&relative)
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
            listing.assets.push(Asset {
                file: relative,
                output_path,
            });
        }
    }

    listing
}

/// Moves the assets that sit in a page bundle's folder to that page, to be published beside it.
fn attach_bundle_assets(content: &mut Content) {
    let bundles: HashMap<PathBuf, usize> = content
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.file.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|(i, s)| s.file.parent().map(|p| (p.to_path_buf(), i)))
        .collect();
    let mut remaining = Vec::new();
    let mut attached: Vec<Vec<PathBuf>> = vec![Vec::new(); content.sources.len()];
    for asset in std::mem::take(&mut content.assets) {
        // The nearest folder above the file that holds an index.md.
        match asset
            .file
            .ancestors()
            .skip(1)
            .find_map(|dir| bundles.get(dir))
        {
            Some(index) => attached[*index].push(asset.file),
            None => remaining.push(asset),
        }
    }
    content.assets = remaining;
    for (source, assets) in content.sources.iter_mut().zip(attached) {
        // A source taken from the cache with the same files beside it is left shared.
        if source.assets != assets {
            Arc::make_mut(source).assets = assets;
        }
    }
}

/// Reads, splits and types one Markdown file.
pub(crate) fn read_source(root: &Path, file: &Path) -> Result<Source, Vec<Diagnostic>> {
    let bytes = std::fs::read(root.join(file))
        .map_err(|error| vec![crate::diagnostic::cannot_read(file, &error)])?;
    parse_source(file, bytes)
}

/// Splits and types the bytes of the Markdown file at `file` (relative to the hub folder, such
/// as `content/events/coffee.md`, which decides the kind of page).
pub fn parse_source(file: &Path, bytes: Vec<u8>) -> Result<Source, Vec<Diagnostic>> {
    let text = decode(file, bytes)?;
    parse_text(file, text, None)
}

/// [`parse_source`] for a text already decoded; `original`, for a translation, is the page
/// it translates, whose facts it takes where it leaves them out ([`translation::inherit`]).
fn parse_text(
    file: &Path,
    text: String,
    original: Option<&Source>,
) -> Result<Source, Vec<Diagnostic>> {
    let (own_yaml, body, body_line) = split_front_matter(file, &text)?;
    let (yaml, inherited) = match original {
        Some(original) => translation::inherit(own_yaml, original),
        None => (own_yaml.to_string(), None),
    };
    let yaml = yaml.as_str();

    let within_content = file.strip_prefix("content").unwrap_or(file);
    let components: Vec<String> = within_content
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let file_name = components.last().cloned().unwrap_or_default();
    // `_index.es.md` translates `_index.md`, and is the same kind of page.
    let is_index = file_name == "_index.md" || is_index_translation(&file_name);
    let is_bundle = file_name == "index.md" && components.len() >= 2;
    let section = if components.len() >= 2 {
        components[0].clone()
    } else {
        String::new()
    };
    let kind = match (is_index, section.is_empty()) {
        (true, true) => Kind::Home,
        (true, false) => Kind::Section,
        (false, _) => Kind::of_section(&section),
    };
    let stem = page_name(file);

    let source = YamlSource {
        path: file,
        file_text: &text,
        yaml,
        line_offset: 1,
        inherited: inherited.as_ref(),
    };
    // A value cut by a `#` explains any other problem YAML then finds (a missing title, a
    // list never closed): it is reported alone.
    let cut = source.comments_that_cut();
    if !cut.is_empty() {
        return Err(cut);
    }
    let mut problems = source.check_keys(&front_matter::allowed_keys(kind), &describe(kind));
    let parsed = FrontMatter::parse(&source);
    let (front, has_title) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => {
            // Unknown keys were already reported, each with a suggestion.
            if problems.is_empty() || !problem.message.starts_with("unknown key `") {
                problems.push(problem);
            }
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    if !has_title {
        problems.push(
            Diagnostic::at(file, &text, 1, 1, "the required key `title` is missing")
                .with_help("add a line `title: ...` between the `---` lines"),
        );
    }
    // An event's `start` and a post's `date` are checked with the page's other typed values
    // (a translation takes them from its original).
    if !problems.is_empty() {
        return Err(problems);
    }

    let slug = match &front.slug {
        Some(slug) => {
            let cleaned = slugify(&slug.value);
            if cleaned.is_empty() {
                let problem = source
                    .error_at_location(
                        &slug.referenced,
                        format!(
                            "the slug `{}` has no letters or digits to make a URL from",
                            slug.value
                        ),
                    )
                    .with_help("write a slug with letters or digits, such as `spring-meetup`");
                return Err(vec![problem]);
            }
            cleaned
        }
        None => slugify(&stem),
    };
    let path = match kind {
        Kind::Home => String::new(),
        Kind::Section => format!("{}/", slugify(&section)),
        _ if section.is_empty() => format!("{slug}/"),
        _ => {
            let parents = &components[..components.len() - if is_bundle { 2 } else { 1 }];
            let mut segments: Vec<String> = parents.iter().map(|p| slugify(p)).collect();
            segments.push(slug.clone());
            format!("{}/", segments.join("/"))
        }
    };
    let body_start = text.len() - body.len();
    let mut source = Source {
        file: file.to_path_buf(),
        body_start,
        body_line,
        text,
        kind,
        section,
        slug,
        name: stem,
        path,
        front,
        assets: Vec::new(),
        added: None,
        language: None,
        checked: checked::Checked::default(),
        inherited: inherited.map(Arc::new),
        body_released: false,
    };
    source.checked = checked::check(&source);
    Ok(source)
}

/// The name a Markdown file gives its page: the file name without `.md`, or the folder's
/// name for a bundle's `index.md`.
pub fn page_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file.parent().and_then(Path::file_name) {
        Some(folder) if stem == "index" => folder.to_string_lossy().into_owned(),
        _ => stem,
    }
}

/// How messages name a kind of page ("an event", "a profile").
pub fn describe(kind: Kind) -> String {
    match kind {
        Kind::Home => "the home page",
        Kind::Section => "a section's _index.md",
        Kind::Profile => "a profile",
        Kind::Event => "an event",
        Kind::Toolkit => "a toolkit",
        Kind::Post => "a post",
        Kind::Page => "a page",
    }
    .to_string()
}

/// UTF-8 text with a byte order mark removed and CRLF and CR line endings made LF.
fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Vec<Diagnostic>> {
    if bytes.contains(&0) {
        return Err(vec![
            Diagnostic::file_error(file, "this looks like a binary file, not Markdown text")
                .with_help("only text files may end in `.md`; rename or remove this file"),
        ]);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let mut problem = Diagnostic::file_error(file, "this file is not UTF-8 text")
                .with_help("save it with UTF-8 encoding (most editors offer this under \"Save with encoding\")");
            problem.line = line;
            problem.column = column;
            return Err(vec![problem]);
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    // A carriage return alone also ends a line (YAML and CommonMark agree): it becomes `\n`
    // too, so that line numbers mean the same everywhere.
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// The byte at which the body of a page's `text` starts, after its front matter (0 for a text
/// without front matter).
pub fn body_offset(text: &str) -> usize {
    split_front_matter(Path::new(""), text).map_or(0, |(_, body, _)| text.len() - body.len())
}

/// The front matter of a page's `text`: the YAML between its `---` lines (empty when it has
/// none).
fn front_matter_of(text: &str) -> &str {
    split_front_matter(Path::new(""), text).map_or("", |(yaml, _, _)| yaml)
}

/// Splits `---` front matter from the body: (yaml, body, line of the body's first line).
fn split_front_matter<'a>(
    file: &Path,
    text: &'a str,
) -> Result<(&'a str, &'a str, usize), Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::file_error(file, "this file is empty").with_help(
                "start it with front matter: a line `---`, a line `title: ...`, and another `---`",
            ),
        ]);
    }
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(vec![Diagnostic::at(file, text, 1, 1, "this file does not start with front matter")
            .with_help("make the first line `---`, then `title: ...`, then another line `---` before the text")]);
    };
    let mut offset = 0;
    for (index, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok((yaml, body, index + 3));
        }
        offset += line.len();
    }
    Err(vec![
        Diagnostic::at(
            file,
            text,
            1,
            1,
            "the front matter opened on line 1 is never closed",
        )
        .with_help("add a line with only `---` after the last front matter key"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let (yaml, body, line) =
            split_front_matter(Path::new("a.md"), "---\ntitle: A\n---\nHello\n").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn a_body_goes_only_when_nothing_else_holds_the_source() {
        let text = "---\ntitle: A\nslug: a\n---\nHello\n";
        let source = parse_source(Path::new("content/a.md"), text.as_bytes().to_vec()).unwrap();
        let mut only = Arc::new(source);
        let mut shared = only.clone();
        Source::release_body(&mut shared);
        assert_eq!(
            shared.body(),
            "Hello\n",
            "a source also held elsewhere keeps its body"
        );
        drop(shared);
        Source::release_body(&mut only);
        assert_eq!(only.text, "---\ntitle: A\nslug: a\n---\n");
        // The front matter is still there for a problem to quote.
        let slug = only.front.slug.as_ref().unwrap();
        let problem = only.error_at(&slug.referenced, "taken");
        assert_eq!(problem.line, 3);
        assert_eq!(problem.source_line.as_deref(), Some("slug: a"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let problems = split_front_matter(Path::new("a.md"), "---\ntitle: A\nHello\n").unwrap_err();
        assert!(problems[0].message.contains("never closed"));
    }
}
