//! The linked model of a hub: pages with their rendered bodies, sections, taxonomies, and the
//! relations between profiles, events and toolkits. Built once, then read by every output.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, taxonomy_title};
use crate::content::{Asset, Content, Kind, Source};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::i18n::Words;
use crate::languages::Lang;
use crate::markdown::{FragmentLink, LinkTargets, MarkdownRenderer};
use crate::slug::slugify;

mod cache;
pub mod contribute;
mod initials;
mod menu;
mod page;
mod patch;
mod view;

pub use crate::events::view::{EventView, OccurrenceView};
use cache::CachedPage;
pub use cache::PageCache;
pub use menu::MenuItem;
use page::{Built, build_page};
pub use page::{Page, Versions};
pub use patch::{Patched, patch};
pub use view::{DateView, LinkView, PageRef, PreviewPicture, ProfileView, ResourceView, TermLink};

/// What one language's site is assembled with: the hub's settings, the language, and what
/// every page is built with.
#[derive(Clone, Copy)]
pub struct Assembly<'a> {
    /// hub.yaml, shared by every language.
    pub config: &'a Arc<Config>,
    /// Every language of the hub, the default first.
    pub languages: &'a Arc<[Lang]>,
    /// The language of this site.
    pub lang: &'a Lang,
    /// Whether the site has a search page and index.
    pub search: bool,
    /// Markdown to HTML, with the hub's options.
    pub renderer: &'a MarkdownRenderer,
    /// The moment that splits upcoming from past events.
    pub now: Timestamp,
    /// Where each page's version comes from.
    pub versions: &'a Versions,
}

/// A section folder and its pages, in list order.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Folder name (`events`).
    pub name: String,
    /// Title from `_index.md`, or a default.
    pub title: String,
    /// Site path (`events/`).
    pub path: String,
    /// URL path.
    pub url: String,
    /// Introduction from `_index.md`, as HTML.
    pub content: String,
    /// Links in the introduction to a part of a page.
    #[serde(skip)]
    pub fragment_links: Vec<FragmentLink>,
    /// Warnings about `_index.md`, given by `convene check`.
    #[serde(skip)]
    pub advice: Vec<Diagnostic>,
    /// Indices into `Site::pages`, in list order.
    #[serde(skip)]
    pub pages: Vec<usize>,
}

/// Where the page that offers the hub's calendar to calendar apps goes (a term's is under the
/// term's own path).
pub const SUBSCRIBE_PATH: &str = "events/subscribe/";

/// One term of a taxonomy with its pages.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as first written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Site path (`subjects/math/`).
    pub path: String,
    /// URL path.
    pub url: String,
    /// Number of pages with this term.
    pub count: usize,
    /// Indices into `Site::pages`: profiles first, then events, toolkits, posts, pages.
    #[serde(skip)]
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms, sorted by slug.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    /// Front matter key (`grade_levels`).
    pub name: String,
    /// Heading (`Grade levels`).
    pub title: String,
    /// Site path (`grade-levels/`).
    pub path: String,
    /// URL path.
    pub url: String,
    /// The terms.
    pub terms: Vec<Term>,
}

/// The whole hub, linked and rendered, shared by every output.
#[derive(Debug)]
pub struct Site {
    /// hub.yaml, as it says (the same for every language).
    pub config: Arc<Config>,
    /// The language of this site.
    pub lang: Lang,
    /// Every language of the hub, the default first.
    pub languages: Arc<[Lang]>,
    /// Whether the site has a search page and index.
    pub search: bool,
    /// The moment the site was built for (`--now`, else the clock): what is upcoming and what
    /// the calendars hold depend on it.
    pub now: Timestamp,
    /// Published pages (not the home page or section indexes), sorted by path. Boxed, because
    /// `convene serve` moves them between its cache and each new site.
    #[allow(clippy::vec_box)]
    pub pages: Vec<Box<Page>>,
    /// Home page text from `content/_index.md`.
    pub home: Option<Box<Page>>,
    /// Sections by name.
    pub sections: BTreeMap<String, Section>,
    /// Taxonomies in hub.yaml's order.
    pub taxonomies: Vec<Taxonomy>,
    /// The menu every page shows, in this language.
    pub menu: Vec<MenuItem>,
    /// Where the "Join us" button leads and its words in this language, when hub.yaml names
    /// a `join` link.
    pub join: Option<MenuItem>,
    /// The links of hub.yaml's `menu` and `join` to a part of a page, checked against the
    /// rendered pages as links in the text are.
    pub fragment_links: Vec<FragmentLink>,
    /// Files under `content/` outside page bundles.
    pub assets: Vec<Asset>,
    /// The site paths of pages marked draft and left out of this build: a link to one is no
    /// mistake, it leads where the page will be published.
    pub draft_paths: std::collections::HashSet<String>,
}

/// Links everything `content` holds into a `Site`; all problems are returned together. With a
/// `cache`, pages it holds that are still good are taken from it instead of being built again,
/// and it is left knowing how this build made each page.
pub fn assemble(
    with: &Assembly,
    mut content: Content,
    mut cache: Option<&mut PageCache>,
) -> Result<Site, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let config = &**with.config;
    let base_path = with.lang.base_path().to_string();
    // A translation is linked to by its original's file, and by its own.
    let mut targets: LinkTargets = content
        .sources
        .iter()
        .flat_map(|s| {
            let url = format!("{base_path}{}", s.path);
            [(s.original_file(), url.clone()), (s.file.clone(), url)]
        })
        .collect();
    // A translation into another language is linked to in that language's site.
    for (file, code, path) in &content.elsewhere {
        if let Some(other) = with.languages.iter().find(|l| l.code == *code) {
            targets.insert(file.clone(), format!("{}{path}", other.base_path()));
        }
    }
    // A section's list exists whether or not the section has an `_index.md`: it is linked to
    // as `SECTION/_index.md` (or `@/SECTION/`) all the same.
    let sections: Vec<String> = content
        .sources
        .iter()
        .filter(|s| !s.section.is_empty())
        .map(|s| s.section.clone())
        .collect();
    for section in sections {
        targets
            .entry(Path::new("content").join(&section).join("_index.md"))
            .or_insert_with(|| format!("{base_path}{}/", slugify(&section)));
    }
    targets.extend(
        content
            .failed
            .iter()
            .map(|file| (file.clone(), "#".to_string())),
    );
    targets.extend(
        content
            .drafts
            .iter()
            .map(|s| (s.file.clone(), format!("{base_path}{}", s.path))),
    );
    // Profiles that exist but are not published here: drafts, and files that failed to load
    // (already reported). Naming one is not an error; the relation is left out.
    let unpublished_profiles: Vec<String> = content
        .failed
        .iter()
        .filter(|file| file.starts_with("content/profiles"))
        .map(|file| slugify(&crate::content::page_name(file)))
        .chain(
            content
                .drafts
                .iter()
                .filter(|s| s.kind == Kind::Profile)
                .flat_map(|s| [s.name.clone(), s.slug.clone()]),
        )
        .collect();

    let (links, mut link_problems) = menu::Addressed::new(config, &targets);
    problems.append(&mut link_problems);

    let mut valid = match cache.as_deref_mut() {
        Some(cache) => cache.take_valid(config, with.lang, &targets, with.now),
        None => HashMap::new(),
    };
    let reused: Vec<Option<Built>> = content
        .sources
        .iter()
        .map(|source| {
            let entry = valid
                .remove(&source.file)
                .filter(|entry| Arc::ptr_eq(&entry.source, source))?;
            let mut page = entry.page?;
            page.clear_relations();
            Some(Built {
                page: Ok(page),
                depends: entry.depends,
            })
        })
        .collect();
    // What follows the build quotes only the pages' front matter, so that each page's Markdown
    // can go once the page is built, where nothing else holds it.
    let built: Vec<Built> = content
        .sources
        .par_iter_mut()
        .zip(reused)
        .map(|(source, reused)| {
            let built = reused.unwrap_or_else(|| build_page(source, with, &targets));
            Source::release_body(source);
            built
        })
        .collect();
    if let Some(cache) = cache.as_deref_mut() {
        cache.targets = targets;
        cache.valid_until = None;
    }
    let mut home = None;
    let mut section_indexes = BTreeMap::new();
    let mut pages = Vec::new();
    // A profile with a mistake of its own is still a profile: pages that name it are not
    // told otherwise (its own error says what to fix).
    let mut unpublished_profiles = unpublished_profiles;
    for (source, built) in content.sources.iter().zip(built) {
        let mut kept = None;
        match built.page {
            Err(mut errors) => {
                if source.kind == Kind::Profile {
                    unpublished_profiles.extend([source.name.clone(), source.slug.clone()]);
                }
                problems.append(&mut errors)
            }
            Ok(page) => match source.kind {
                Kind::Home => home = Some(page),
                Kind::Section => {
                    // Section pages become part of their section; the cache keeps a copy.
                    kept = Some(page.clone());
                    section_indexes.insert(source.section.clone(), page);
                }
                _ => pages.push((&**source, page)),
            },
        }
        if let Some(cache) = cache.as_deref_mut() {
            cache.changes_by(built.depends.valid_until);
            cache.entries.insert(
                source.file.clone(),
                CachedPage {
                    source: source.clone(),
                    depends: built.depends,
                    page: kept,
                },
            );
        }
    }
    pages.sort_by(|a, b| {
        a.1.path
            .cmp(&b.1.path)
            .then_with(|| a.1.file.cmp(&b.1.file))
    });

    problems.extend(check_collisions(&pages, config));
    problems.extend(link_relations(&mut pages, &unpublished_profiles));
    let pages: Vec<Box<Page>> = pages.into_iter().map(|(_, page)| page).collect();
    if !problems.is_empty() {
        if let Some(cache) = cache {
            cache.keep_pages(pages.into_iter().chain(home));
        }
        return Err(problems);
    }
    let taxonomies = collect_taxonomies(&pages, config, with.lang);
    let sections = collect_sections(&pages, section_indexes, &base_path, with.lang);
    let (menu, join, fragment_links) = links.titled(with.lang, &pages, &sections, home.as_deref());
    Ok(Site {
        config: with.config.clone(),
        lang: with.lang.clone(),
        languages: with.languages.clone(),
        search: with.search,
        now: with.now,
        pages,
        home,
        sections,
        taxonomies,
        menu,
        join,
        fragment_links,
        draft_paths: content.drafts.iter().map(|s| s.path.clone()).collect(),
        assets: content.assets,
    })
}

/// Where in `source` the address `path` of its `page` is written: its `slug`, or the
/// `aliases` entry that names it; `None` when the address comes from the file's name.
fn claim_line<'a>(
    source: &'a Source,
    page: &Page,
    path: &str,
) -> Option<&'a serde_saphyr::Location> {
    if page.path != path {
        return source
            .front
            .aliases
            .iter()
            .find(|alias| crate::urls::alias_path(&alias.value).as_deref() == Some(path))
            .map(|alias| &alias.referenced);
    }
    source.front.slug.as_ref().map(|slug| &slug.referenced)
}

/// Whether `written` names the title `title`, letters and digits compared without case or
/// accents ("coffeeedu denton" names "CoffeeEDU Denton").
fn titles_match(title: &str, written: &str) -> bool {
    let key = slugify(written);
    !key.is_empty() && slugify(title) == key
}

/// Two pages (or a page and an alias) that would be written to the same address.
fn check_collisions(pages: &[(&Source, Box<Page>)], config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut claimed: HashMap<String, (&Source, &Page)> = HashMap::new();
    let reserved: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}/", slugify(t)))
        .chain(["search/", "404.html", SUBSCRIBE_PATH].map(String::from))
        .collect();
    // The sites of the other languages go under `/CODE/`.
    let language_folders: Vec<String> = config.languages[1..]
        .iter()
        .map(|code| format!("{code}/"))
        .collect();
    for (source, page) in pages {
        let paths = std::iter::once(&page.path).chain(page.aliases.iter());
        for path in paths {
            if let Some(folder) = language_folders
                .iter()
                .find(|f| path.starts_with(f.as_str()))
            {
                problems.push(
                    Diagnostic::at(
                        &source.file,
                        &source.text,
                        1,
                        1,
                        format!("`/{path}` is inside /{folder}, where the hub's site in another language goes"),
                    )
                    .with_help("give this page another `slug` or folder, or remove the `aliases` entry; translate a page with a file such as `about.es.md` beside it"),
                );
            } else if reserved.contains(path) {
                problems.push(
                    Diagnostic::at(
                        &source.file,
                        &source.text,
                        1,
                        1,
                        format!("`/{path}` is a page convene makes itself"),
                    )
                    .with_help("give this page another `slug`"),
                );
            } else if let Some(other) = claimed.get(path.as_str()) {
                // Told at the line that makes the address (a `slug` or an `aliases` entry),
                // in whichever of the two files has one.
                let (here, there) = match (
                    claim_line(source, page, path),
                    claim_line(other.0, other.1, path),
                ) {
                    (None, Some(_)) => (*other, (*source, &**page)),
                    _ => ((*source, &**page), *other),
                };
                let problem = match claim_line(here.0, here.1, path) {
                    Some(location) => here.0.error_at(location, ""),
                    None => Diagnostic::at(&here.0.file, &here.0.text, 1, 1, ""),
                };
                problems.push(
                    Diagnostic {
                        message: format!(
                            "this page and {} both claim the address /{path}",
                            crate::diagnostic::display_path(&there.0.file)
                        ),
                        ..problem
                    }
                    .with_help("give one of them another `slug`, or remove the `aliases` entry"),
                );
            } else {
                claimed.insert(path.clone(), (*source, &**page));
            }
        }
    }
    problems
}

/// Connects hosts, curators and members to profiles, both ways. A slug naming no profile is
/// an error at the line that names it, unless it names a profile that exists but is not
/// published in this build (`unpublished_profiles`: drafts, and files that failed to load).
fn link_relations(
    pages: &mut [(&Source, Box<Page>)],
    unpublished_profiles: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // A profile is named by its file name, or by its `slug` where no file has that name.
    let mut profiles: HashMap<String, usize> = HashMap::new();
    let profile_indices = || {
        pages
            .iter()
            .enumerate()
            .filter(|(_, (_, p))| p.kind == Kind::Profile)
    };
    for (index, (source, _)) in profile_indices() {
        profiles.insert(source.name.clone(), index);
    }
    for (index, (source, _)) in profile_indices() {
        profiles.entry(source.slug.clone()).or_insert(index);
    }
    let profile_slugs: Vec<&str> = {
        let mut slugs: Vec<&str> = profiles.keys().map(String::as_str).collect();
        slugs.sort_unstable();
        slugs
    };

    // (from page, to profile, relation)
    let mut edges: Vec<(usize, usize, Relation)> = Vec::new();
    for (index, (source, _)) in pages.iter().enumerate() {
        let lists = [
            (&source.front.hosts, Relation::Host, "hosts"),
            (&source.front.curators, Relation::Curator, "curators"),
            (&source.front.members, Relation::Member, "members"),
        ];
        for (list, relation, key) in lists {
            for slug in list {
                match profiles.get(slug.value.trim()) {
                    Some(profile) => edges.push((index, *profile, relation)),
                    None if unpublished_profiles.iter().any(|f| f == slug.value.trim()) => {}
                    None => {
                        let problem = source.error_at(
                            &slug.referenced,
                            format!("`{}` in `{key}` is not the name of any profile", slug.value),
                        );
                        // A display name ("CoffeeEDU Denton") is matched by the profile's title.
                        let by_title = pages
                            .iter()
                            .filter(|(_, page)| page.kind == Kind::Profile)
                            .find(|(_, page)| titles_match(&page.title, &slug.value))
                            .map(|(profile, _)| profile.slug.as_str());
                        problems.push(match (by_title, did_you_mean(slug.value.trim(), &profile_slugs)) {
                            (Some(named), _) => problem.with_help(format!("did you mean `{named}`? A profile is named by its file name (without `.md`), not by its title")),
                            (None, Some(close)) => problem.with_help(format!("did you mean `{close}`?")),
                            (None, None) => problem.with_help("write the file name of a profile in content/profiles/, without `.md`"),
                        });
                    }
                }
            }
        }
    }
    for (from, to, relation) in edges {
        let (forward, backward) = (pages[to].1.to_ref(), pages[from].1.to_ref());
        match relation {
            Relation::Host => {
                pages[from].1.hosts.push(forward);
                pages[to].1.hosted_events.push(backward);
            }
            Relation::Curator => {
                pages[from].1.curators.push(forward);
                pages[to].1.curated_toolkits.push(backward);
            }
            Relation::Member => {
                pages[from].1.members.push(forward);
                pages[to].1.groups.push(backward);
            }
        }
    }
    for (_, page) in pages.iter_mut() {
        page.hosted_events
            .sort_by_key(|r| std::cmp::Reverse(r.event.as_ref().map(|e| e.start_timestamp)));
        page.curated_toolkits.sort_by(|a, b| a.title.cmp(&b.title));
        page.groups.sort_by(|a, b| a.title.cmp(&b.title));
    }
    problems
}

#[derive(Clone, Copy)]
enum Relation {
    Host,
    Curator,
    Member,
}

/// Gathers the terms of every taxonomy from the pages' term links.
fn collect_taxonomies(pages: &[Box<Page>], config: &Config, lang: &Lang) -> Vec<Taxonomy> {
    let base_path = lang.base_path();
    // Each page's place in the order term lists show (by kind, then newest first), so that every
    // term's list sorts by a number.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|a, b| {
        let (a, b) = (&pages[*a], &pages[*b]);
        a.kind.cmp(&b.kind).then_with(|| Page::newest_first(a, b))
    });
    let mut rank = vec![0; pages.len()];
    for (place, index) in order.into_iter().enumerate() {
        rank[index] = place;
    }
    let mut taxonomies = Vec::with_capacity(config.taxonomies.len());
    for name in &config.taxonomies {
        let taxonomy_slug = slugify(name);
        let mut terms: HashMap<&str, Term> = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            for link in page.terms.get(name.as_str()).into_iter().flatten() {
                let term = terms.entry(&link.slug).or_insert_with(|| Term {
                    name: link.name.clone(),
                    path: link.path.clone(),
                    url: link.url.clone(),
                    slug: link.slug.clone(),
                    count: 0,
                    pages: Vec::new(),
                });
                // Pages come in order: a term written twice on one page is the last one.
                if term.pages.last() != Some(&index) {
                    term.pages.push(index);
                }
            }
        }
        let mut terms: Vec<Term> = terms
            .into_values()
            .map(|mut term| {
                term.pages.sort_unstable_by_key(|index| rank[*index]);
                term.count = term.pages.len();
                term
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        taxonomies.push(Taxonomy {
            title: lang
                .words
                .optional(&format!("taxonomy_{name}"))
                .map_or_else(|| taxonomy_title(name), str::to_string),
            path: format!("{taxonomy_slug}/"),
            url: format!("{base_path}{taxonomy_slug}/"),
            name: name.clone(),
            terms,
        });
    }
    taxonomies
}

/// Groups pages into their sections and orders each list the way its readers expect.
fn collect_sections(
    pages: &[Box<Page>],
    mut indexes: BTreeMap<String, Box<Page>>,
    base_path: &str,
    lang: &Lang,
) -> BTreeMap<String, Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.section.is_empty() {
            continue;
        }
        let section = sections.entry(page.section.clone()).or_insert_with(|| {
            let intro = indexes.remove(&page.section);
            let title = section_title(&page.section, intro.as_deref(), lang);
            let (content, fragment_links, advice) = intro
                .map(|p| (p.content, p.fragment_links, p.advice))
                .unwrap_or_default();
            Section {
                name: page.section.clone(),
                title,
                path: format!("{}/", slugify(&page.section)),
                url: format!("{base_path}{}/", slugify(&page.section)),
                content,
                fragment_links,
                advice,
                pages: Vec::new(),
            }
        });
        section.pages.push(index);
    }
    for (name, intro) in indexes {
        sections.insert(
            name.clone(),
            Section {
                path: format!("{}/", slugify(&name)),
                url: format!("{base_path}{}/", slugify(&name)),
                title: section_title(&name, Some(&intro), lang),
                content: intro.content,
                fragment_links: intro.fragment_links,
                advice: intro.advice,
                name,
                pages: Vec::new(),
            },
        );
    }
    for section in sections.values_mut() {
        // A section holds one kind of page: events by start, profiles and plain pages by name
        // (a profile's `sort_name`, else its title), the others newest first.
        let by_title = section.pages.first().is_some_and(|first| {
            let page = &pages[*first];
            page.event.is_none() && matches!(page.kind, Kind::Profile | Kind::Page)
        });
        if by_title {
            // By letter first, so that each letter of the directory's A–Z list is one run.
            section.pages.sort_by_cached_key(|index| {
                let page = &pages[*index];
                (page.initial(), page.sort_key(), page.title.clone())
            });
            continue;
        }
        section.pages.sort_by(|a, b| {
            let (a, b) = (&pages[*a], &pages[*b]);
            match (&a.event, &b.event) {
                (Some(x), Some(y)) => x
                    .start_timestamp
                    .cmp(&y.start_timestamp)
                    .then_with(|| a.title.cmp(&b.title)),
                _ => Page::newest_first(a, b),
            }
        });
    }
    sections
}

/// A section's heading when it has no `_index.md`: the theme's words for the four sections
/// (`section_events`), or the folder's name.
fn default_section_title(section: &str, words: &Words) -> String {
    words.optional(&format!("section_{section}")).map_or_else(
        || taxonomy_title(&section.replace('-', "_")),
        str::to_string,
    )
}

/// The title of `section` in the site in `lang`: its introduction's (`_index.md`) when written
/// in that language; else the theme's word for the section in it, when it has one (a
/// Spanish-first hub's English menu says "Events", not "Eventos"); else the introduction's, or
/// the section's name.
fn section_title(section: &str, intro: Option<&Page>, lang: &Lang) -> String {
    match intro {
        Some(intro) if intro.language == lang.code => intro.title.clone(),
        Some(intro) => lang
            .words
            .optional(&format!("section_{section}"))
            .map_or_else(|| intro.title.clone(), str::to_string),
        None => default_section_title(section, &lang.words),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Site assembly in memory: sources parsed from text, no hub on disk.

    use super::*;
    use crate::theme;
    use std::path::Path;

    /// The sites of a hub whose hub.yaml is `config` and whose Markdown files are `files`, one
    /// per language, or every problem found in any language.
    pub(crate) fn assemble_hub(
        config: &str,
        files: &[(&str, &str)],
    ) -> Result<Vec<Site>, Vec<Diagnostic>> {
        let config = Arc::new(crate::config::parse(config, None, None).expect("hub.yaml is valid"));
        let (theme, _) = theme::load(Path::new("/nonexistent"), None);
        let (languages, _) = crate::languages::of_hub(&config, &theme);
        let mut content = Content::default();
        for (file, text) in files {
            let source = crate::content::parse_source(Path::new(file), text.as_bytes().to_vec())
                .expect("the file parses");
            content.sources.push(Arc::new(source));
        }
        let renderer = MarkdownRenderer::new(false);
        let versions = Versions::default();
        let mut sites = Vec::new();
        let mut problems = Vec::new();
        for lang in languages.iter() {
            let with = Assembly {
                config: &config,
                languages: &languages,
                lang,
                search: true,
                renderer: &renderer,
                now: "2026-11-23T18:00:00Z".parse().unwrap(),
                versions: &versions,
            };
            let content = content.in_language(&config.languages, &lang.code);
            match assemble(&with, content, None) {
                Ok(site) => sites.push(site),
                Err(mut found) => problems.append(&mut found),
            }
        }
        if problems.is_empty() {
            Ok(sites)
        } else {
            Err(problems)
        }
    }

    const HUB: &str = "title: Hub\nbase_url: https://example.org/hub/\ntimezone: America/Chicago\n";

    fn page<'a>(site: &'a Site, path: &str) -> &'a Page {
        site.pages.iter().find(|p| p.path == path).expect(path)
    }

    #[test]
    fn hosts_and_members_are_linked_both_ways() {
        let sites = assemble_hub(
            HUB,
            &[
                ("content/profiles/ann.md", "---\ntitle: Ann\n---\n"),
                (
                    "content/profiles/club.md",
                    "---\ntitle: Club\nkind: group\nmembers: [ann]\n---\n",
                ),
                (
                    "content/events/meetup.md",
                    "---\ntitle: Meetup\nstart: 2026-12-05T09:00:00\nhosts: [ann]\n---\n",
                ),
            ],
        )
        .unwrap();
        let site = &sites[0];
        let ann = page(site, "profiles/ann/");
        assert_eq!(ann.hosted_events[0].title, "Meetup");
        assert_eq!(ann.groups[0].title, "Club");
        assert_eq!(
            page(site, "events/meetup/").hosts[0].url,
            "/hub/profiles/ann/"
        );
        assert_eq!(page(site, "profiles/club/").members[0].title, "Ann");
    }

    #[test]
    fn a_host_that_is_no_profile_is_an_error_at_its_line() {
        let problems = assemble_hub(
            HUB,
            &[
                ("content/profiles/ann.md", "---\ntitle: Ann\n---\n"),
                (
                    "content/events/meetup.md",
                    "---\ntitle: Meetup\nstart: 2026-12-05T09:00:00\nhosts: [anne]\n---\n",
                ),
            ],
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (problems[0].line, problems[0].help.as_deref()),
            (4, Some("did you mean `ann`?"))
        );
    }

    #[test]
    fn terms_list_their_pages_by_kind_then_newest_first() {
        let sites = assemble_hub(
            HUB,
            &[
                (
                    "content/posts/old.md",
                    "---\ntitle: Old\ndate: 2026-01-01\nsubjects: [Math]\n---\n",
                ),
                (
                    "content/posts/new.md",
                    "---\ntitle: New\ndate: 2026-06-01\nsubjects: [math]\n---\n",
                ),
                (
                    "content/profiles/ann.md",
                    "---\ntitle: Ann\nsubjects: [Math, Science]\n---\n",
                ),
            ],
        )
        .unwrap();
        let site = &sites[0];
        let subjects = site
            .taxonomies
            .iter()
            .find(|t| t.name == "subjects")
            .unwrap();
        let math = &subjects.terms[0];
        assert_eq!(
            (math.slug.as_str(), math.url.as_str(), math.count),
            ("math", "/hub/subjects/math/", 3)
        );
        let titles: Vec<&str> = math
            .pages
            .iter()
            .map(|i| site.pages[*i].title.as_str())
            .collect();
        assert_eq!(titles, ["Ann", "New", "Old"]);
    }

    #[test]
    fn two_pages_cannot_claim_one_address() {
        let problems = assemble_hub(
            HUB,
            &[
                (
                    "content/posts/a.md",
                    "---\ntitle: A\ndate: 2026-01-01\nslug: same\n---\n",
                ),
                (
                    "content/posts/same.md",
                    "---\ntitle: B\ndate: 2026-01-02\n---\n",
                ),
            ],
        )
        .unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("both claim the address /posts/same/"),
            "{problems:?}"
        );
    }

    #[test]
    fn each_language_is_a_site_of_its_own_from_the_same_sources() {
        let hub = HUB.to_string() + "languages: [en, es]\n";
        let sites = assemble_hub(
            &hub,
            &[
                ("content/about.md", "---\ntitle: About\n---\nHello.\n"),
                ("content/about.es.md", "---\ntitle: Acerca\n---\nHola.\n"),
                (
                    "content/posts/news.md",
                    "---\ntitle: News\ndate: 2026-06-01\n---\n",
                ),
            ],
        )
        .unwrap();
        let (en, es) = (&sites[0], &sites[1]);
        assert_eq!((en.lang.code.as_str(), es.lang.code.as_str()), ("en", "es"));
        assert_eq!(page(en, "about/").title, "About");
        let about = page(es, "about/");
        assert_eq!(
            (
                about.title.as_str(),
                about.url.as_str(),
                about.language.as_str()
            ),
            ("Acerca", "/hub/es/about/", "es")
        );
        // A page with no translation shows in the default language, at the other's address.
        let news = page(es, "posts/news/");
        assert_eq!(
            (news.url.as_str(), news.language.as_str()),
            ("/hub/es/posts/news/", "en")
        );
        assert!(Arc::ptr_eq(&en.config, &es.config), "hub.yaml is read once");
    }

    #[test]
    fn an_address_is_checked_once_and_told_in_the_file_that_has_it() {
        let hub = HUB.to_string() + "languages: [en, es]\n";
        let problems = assemble_hub(
            &hub,
            &[
                ("content/posts/news.md", "---\ntitle: News\ndate: 2026-06-01\naliases: [\"https://old.example/news\"]\n---\n"),
                ("content/profiles/ann.md", "---\ntitle: Ann\n---\n"),
                ("content/profiles/ann.es.md", "---\ntitle: Ana\nlinks:\n  website: javascript:alert(1)\n---\n"),
            ],
        )
        .unwrap_err();
        let problems = crate::diagnostic::sorted(problems);
        let places: Vec<(String, usize)> = problems
            .iter()
            .map(|p| (p.path.display().to_string(), p.line))
            .collect();
        // The alias of the untranslated post is in both languages' sites, and told once; the
        // translation's link is told in the translation, with the link its original lacks.
        assert_eq!(
            places,
            [
                ("content/posts/news.md".to_string(), 4),
                ("content/profiles/ann.es.md".to_string(), 3),
                ("content/profiles/ann.es.md".to_string(), 4)
            ],
            "{problems:?}"
        );
    }
}
