//! The linked model of a hub: pages with their rendered bodies, sections, taxonomies, and the
//! relations between profiles, events and toolkits. Built once, then read by every output.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use jiff::{Timestamp, Zoned};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::front_matter::{EventStatus, ProfileKind, ResourceKind, Terms};
use crate::content::{Asset, Content, Kind, Source};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::events;
use crate::i18n::Words;
use crate::markdown::{FragmentLink, LinkTargets, MarkdownRenderer, is_script_url};
use crate::slug::slugify;

mod patch;
pub use patch::{Patched, patch};

/// A date shown on a page, in the forms templates and feeds need.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2026-11-01`, for `<time datetime>`.
    pub iso: String,
    /// `1 Nov 2026`, for people, in the hub's language.
    pub display: String,
    /// RFC 2822, for RSS.
    pub rfc2822: String,
    /// Seconds since 1970, for sorting.
    pub timestamp: i64,
}

impl DateView {
    fn new(zoned: &Zoned, words: &Words) -> DateView {
        DateView {
            iso: zoned.strftime("%Y-%m-%d").to_string(),
            display: words.date(zoned.date()),
            rfc2822: jiff::fmt::rfc2822::to_string(zoned).unwrap_or_default(),
            timestamp: zoned.timestamp().as_second(),
        }
    }
}

/// An event's time and place, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST`.
    pub when: String,
    /// `datetime` attribute of the start.
    pub start_iso: String,
    /// `datetime` attribute of the end (last day for all-day events).
    pub end_iso: String,
    /// Seconds since 1970 of the start, for sorting and the view-time script.
    pub start_timestamp: i64,
    /// Seconds since 1970 of the end.
    pub end_timestamp: i64,
    /// Dates without times.
    pub all_day: bool,
    /// IANA zone name.
    pub timezone: String,
    /// Whether the event has not ended at build time.
    pub upcoming: bool,
    /// Whether it repeats.
    pub recurring: bool,
    /// The rule in words ("First Saturday of every month, 12 times").
    pub recurrence: Option<String>,
    /// The next (at most five) occurrences that have not ended at build time.
    pub next_dates: Vec<OccurrenceView>,
    /// Up to 24 coming occurrences as JSON `[[start, end, start_iso, when], ...]`, for the
    /// script that corrects lists at view time.
    pub next_dates_json: String,
    /// Adds the next occurrence to a Google calendar.
    pub google_calendar_url: String,
    /// Adds the next occurrence to an Outlook.com calendar.
    pub outlook_calendar_url: String,
    /// The place.
    pub location: Option<String>,
    /// The place on OpenStreetMap's search: a link, so that no map is loaded from another host.
    pub map_url: Option<String>,
    /// Join link.
    pub online: Option<String>,
    /// Registration link.
    pub registration: Option<String>,
    /// confirmed, tentative or cancelled.
    pub status: EventStatus,
}

/// One date of a repeating event.
#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceView {
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST`.
    pub when: String,
    /// `datetime` attribute of its start.
    pub start_iso: String,
    /// Seconds since 1970 of its start.
    pub start_timestamp: i64,
    /// Seconds since 1970 of its end.
    pub end_timestamp: i64,
}

/// A profile's picture, place and links, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// person or group.
    pub kind: ProfileKind,
    /// Where the person or group is.
    pub location: Option<String>,
    /// URL of the picture.
    pub avatar: Option<String>,
    /// Links by label, sorted by label; `feed` included.
    pub links: Vec<LinkView>,
    /// The blog feed, if the profile lists one (`links.feed`).
    pub feed: Option<String>,
}

/// A labelled link of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// `website`, `mastodon`, ...
    pub label: String,
    /// The address.
    pub url: String,
}

/// One entry of a toolkit, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceView {
    /// Anchor on the toolkit page (`#building-your-pln`).
    pub id: String,
    /// Title, linked to `url`.
    pub title: String,
    /// Where to find it.
    pub url: String,
    /// Who made it.
    pub author: Option<String>,
    /// Where it was published.
    pub source: Option<String>,
    /// article, video, podcast, book, tool or community.
    pub kind: ResourceKind,
    /// Why it is here.
    pub note: Option<String>,
    /// Topics.
    pub tags: Vec<String>,
}

/// A link to a taxonomy term.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    /// The term as written.
    pub name: String,
    /// Its URL segment.
    #[serde(skip)]
    pub slug: String,
    /// The term's site path (`subjects/math/`).
    #[serde(skip)]
    pub path: String,
    /// Its URL.
    pub url: String,
}

/// What lists and relations show of a page.
#[derive(Debug, Clone, Serialize)]
pub struct PageRef {
    /// Page title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Page kind.
    pub kind: Kind,
    /// Short text.
    pub summary: String,
    /// Publication date.
    pub date: Option<DateView>,
    /// Time and place, for events.
    pub event: Option<EventView>,
    /// Picture, place and person-or-group, for profiles.
    pub profile: Option<ProfileView>,
    /// Taxonomy terms by taxonomy name.
    pub terms: BTreeMap<String, Vec<TermLink>>,
    /// The language the page is written in.
    pub language: String,
    /// The page's [`Page::version`].
    #[serde(skip)]
    pub version: u64,
}

/// A published page with everything its template shows.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// What kind of page it is.
    pub kind: Kind,
    /// The language the page is written in: its translation's, or the hub's default language
    /// (a page with no translation shows in the default language in every language's site).
    pub language: String,
    /// Section folder, empty at the top.
    pub section: String,
    /// Last URL segment.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Site path, such as `events/coffee/`.
    pub path: String,
    /// URL path including the base path, such as `/hub/events/coffee/`.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Short plain text.
    pub summary: String,
    /// The body as HTML.
    pub content: String,
    /// Publication date.
    pub date: Option<DateView>,
    /// Last update.
    pub updated: Option<DateView>,
    /// Taxonomy terms by taxonomy name.
    pub terms: BTreeMap<String, Vec<TermLink>>,
    /// Free-form data from front matter.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Marked as draft (only built with `--drafts`).
    pub draft: bool,
    /// Template chosen in front matter.
    pub template: Option<String>,
    /// Profile details.
    pub profile: Option<ProfileView>,
    /// Event details.
    pub event: Option<EventView>,
    /// Toolkit entries.
    pub resources: Vec<ResourceView>,
    /// An event's hosts.
    pub hosts: Vec<Arc<PageRef>>,
    /// A toolkit's curators.
    pub curators: Vec<Arc<PageRef>>,
    /// A group's members.
    pub members: Vec<Arc<PageRef>>,
    /// Events a profile hosts.
    pub hosted_events: Vec<Arc<PageRef>>,
    /// Toolkits a profile curates.
    pub curated_toolkits: Vec<Arc<PageRef>>,
    /// Groups a profile belongs to.
    pub groups: Vec<Arc<PageRef>>,
    /// The Markdown file, relative to the hub.
    #[serde(skip)]
    pub file: PathBuf,
    /// Old site paths that redirect here.
    #[serde(skip)]
    pub aliases: Vec<String>,
    /// Files of a page bundle and where they are published.
    #[serde(skip)]
    pub assets: Vec<Asset>,
    /// An event as calendars show it.
    #[serde(skip)]
    pub calendar: Option<events::ical::CalendarEvent>,
    /// Links in the body to a part of a page, checked against the rendered pages.
    #[serde(skip)]
    pub fragment_links: Vec<FragmentLink>,
    /// Warnings about the page's own values, given by `convene check` ([`advice_for`]).
    #[serde(skip)]
    pub advice: Vec<Diagnostic>,
    /// What lists show of the page, made when first asked for.
    #[serde(skip)]
    list_entry: OnceLock<Arc<PageRef>>,
    /// A number no other build of a page has had: everything but the relations is the same
    /// while it is. Outputs made from unchanged versions need not be made again.
    #[serde(skip)]
    pub version: u64,
}

/// The next [`Page::version`].
static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);

impl Page {
    /// What lists and relations show of this page, made once and shared.
    pub fn to_ref(&self) -> Arc<PageRef> {
        self.list_entry
            .get_or_init(|| Arc::new(self.make_ref()))
            .clone()
    }

    fn make_ref(&self) -> PageRef {
        PageRef {
            title: self.title.clone(),
            url: self.url.clone(),
            kind: self.kind,
            summary: self.summary.clone(),
            date: self.date.clone(),
            event: self.event.clone(),
            profile: self.profile.clone(),
            terms: self.terms.clone(),
            language: self.language.clone(),
            version: self.version,
        }
    }

    /// The lists `link_relations` fills.
    fn relations_mut(&mut self) -> [&mut Vec<Arc<PageRef>>; 6] {
        [
            &mut self.hosts,
            &mut self.curators,
            &mut self.members,
            &mut self.hosted_events,
            &mut self.curated_toolkits,
            &mut self.groups,
        ]
    }

    /// Empties the lists `link_relations` fills.
    fn clear_relations(&mut self) {
        for list in self.relations_mut() {
            list.clear();
        }
    }

    /// Feed and list order: newest `date` (else `updated`) first, then by title.
    pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
        b.sort_timestamp()
            .cmp(&a.sort_timestamp())
            .then_with(|| a.title.cmp(&b.title))
    }

    /// The moment that orders this page in feeds and lists: `date`, else `updated`.
    pub fn sort_timestamp(&self) -> i64 {
        self.date
            .as_ref()
            .or(self.updated.as_ref())
            .map(|d| d.timestamp)
            .unwrap_or(i64::MIN)
    }
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
    /// hub.yaml.
    pub config: Config,
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
    /// Files under `content/` outside page bundles.
    pub assets: Vec<Asset>,
}

/// A taxonomy's heading: `grade_levels` -> `Grade levels`.
pub fn taxonomy_title(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Pages built by earlier runs of [`assemble`], kept by `convene serve` so that an edit
/// rebuilds only the pages it reaches. A page is built again when its file changed, when a file
/// its links name appeared, moved or went, when hub.yaml changed, or when time passed the end of
/// its next date.
#[derive(Debug, Default)]
pub struct PageCache {
    /// What the pages were built with.
    config: Option<Config>,
    targets: LinkTargets,
    /// By Markdown file.
    entries: HashMap<PathBuf, CachedPage>,
    /// The earliest moment time changes one of the pages ([`Depends::valid_until`]).
    valid_until: Option<Timestamp>,
}

/// One page as an earlier build made it.
#[derive(Debug)]
struct CachedPage {
    source: Arc<Source>,
    depends: Depends,
    /// The page, once the site it was lent to gives it back ([`PageCache::keep`]).
    page: Option<Box<Page>>,
}

impl PageCache {
    /// Takes back the pages of a site made by [`assemble`] with this cache.
    pub fn keep(&mut self, site: Site) {
        self.keep_pages(site.pages.into_iter().chain(site.home));
    }

    fn keep_pages(&mut self, pages: impl IntoIterator<Item = Box<Page>>) {
        for page in pages {
            if let Some(entry) = self.entries.get_mut(&page.file) {
                entry.page = Some(page);
            }
        }
    }

    /// Notes that time changes a page at `until` (if ever).
    fn changes_by(&mut self, until: Option<Timestamp>) {
        self.valid_until = self.valid_until.into_iter().chain(until).min();
    }

    /// The cached pages still good for a build with `config`, `targets` and `now`, by file;
    /// the cache is left empty, to be filled by this build (which also leaves its `targets`).
    fn take_valid(
        &mut self,
        config: &Config,
        targets: &LinkTargets,
        now: Timestamp,
    ) -> HashMap<PathBuf, CachedPage> {
        let mut entries = std::mem::take(&mut self.entries);
        if self.config.as_ref() != Some(config) {
            entries.clear();
            self.config = Some(config.clone());
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

/// Links everything `content` holds into a `Site`; all problems are returned together. With a
/// `cache`, pages it holds that are still good are taken from it instead of being built again,
/// and it is left knowing how this build made each page.
pub fn assemble(
    config: Config,
    content: Content,
    renderer: &MarkdownRenderer,
    now: Timestamp,
    mut cache: Option<&mut PageCache>,
) -> Result<Site, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let base_path = config.base_path().to_string();
    // A translation is linked to by its original's file, and by its own.
    let mut targets: LinkTargets = content
        .sources
        .iter()
        .flat_map(|s| {
            let url = format!("{base_path}{}", s.path);
            [(s.original_file(), url.clone()), (s.file.clone(), url)]
        })
        .collect();
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

    let mut valid = match cache.as_deref_mut() {
        Some(cache) => cache.take_valid(&config, &targets, now),
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
    let built: Vec<Built> = content
        .sources
        .par_iter()
        .zip(reused)
        .map(|(source, reused)| {
            reused.unwrap_or_else(|| build_page(source, &config, renderer, &targets, now))
        })
        .collect();
    if let Some(cache) = cache.as_deref_mut() {
        cache.targets = targets;
        cache.valid_until = None;
    }
    let mut home = None;
    let mut section_indexes = BTreeMap::new();
    let mut pages = Vec::new();
    for (source, built) in content.sources.iter().zip(built) {
        let mut kept = None;
        match built.page {
            Err(mut errors) => problems.append(&mut errors),
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

    problems.extend(check_collisions(&pages, &config));
    problems.extend(link_relations(&mut pages, &unpublished_profiles));
    let pages: Vec<Box<Page>> = pages.into_iter().map(|(_, page)| page).collect();
    if !problems.is_empty() {
        if let Some(cache) = cache {
            cache.keep_pages(pages.into_iter().chain(home));
        }
        return Err(problems);
    }
    let taxonomies = collect_taxonomies(&pages, &config);
    let sections = collect_sections(&pages, section_indexes, &base_path, &config.words);
    Ok(Site {
        config,
        pages,
        home,
        sections,
        taxonomies,
        assets: content.assets,
    })
}

/// A page as [`build_page`] made it, with what a cache must know to reuse it.
struct Built {
    page: Result<Box<Page>, Vec<Diagnostic>>,
    depends: Depends,
}

/// What a page depends on besides its own file and hub.yaml.
#[derive(Debug, Default)]
struct Depends {
    /// The files its links were looked up at.
    linked: Vec<PathBuf>,
    /// When its upcoming dates change by time alone; `None` if they never do.
    valid_until: Option<Timestamp>,
}

/// When an event's page changes by time alone: at the end of its next date, and for a
/// repeating event also at the next midnight of its zone, when the dates it lists reach a day
/// further.
fn changes_at(schedule: &events::Schedule, view: &EventView, now: Timestamp) -> Option<Timestamp> {
    let next_end = view
        .next_dates
        .first()
        .and_then(|o| Timestamp::from_second(o.end_timestamp).ok());
    let midnight = schedule.rule.as_ref().and_then(|_| {
        let zone = schedule.first.start.time_zone();
        let today = now.to_zoned(zone.clone()).date();
        Some(
            today
                .tomorrow()
                .ok()?
                .to_zoned(zone.clone())
                .ok()?
                .timestamp(),
        )
    });
    next_end.into_iter().chain(midnight).min()
}

/// Renders one page and checks its own values (dates, links, pictures).
fn build_page(
    source: &Source,
    config: &Config,
    renderer: &MarkdownRenderer,
    targets: &LinkTargets,
    now: Timestamp,
) -> Built {
    let mut depends = Depends::default();
    let page = page_of(source, config, renderer, targets, now, &mut depends).map(Box::new);
    Built { page, depends }
}

/// [`build_page`]'s work: the page, or every problem with it; what it depends on besides its
/// file goes into `depends`.
fn page_of(
    source: &Source,
    config: &Config,
    renderer: &MarkdownRenderer,
    targets: &LinkTargets,
    now: Timestamp,
    depends: &mut Depends,
) -> Result<Page, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let rendered = renderer.render(source, targets, &mut depends.linked);
    let front = &source.front;
    let mut date_of = |value: &Option<serde_saphyr::Spanned<String>>| match value {
        None => None,
        Some(value) => match events::page_date(source, value, &config.timezone) {
            Ok(zoned) => Some(DateView::new(&zoned, &config.words)),
            Err(problem) => {
                problems.push(problem);
                None
            }
        },
    };
    let date = date_of(&front.date);
    let updated = date_of(&front.updated);
    let base_path = config.base_path();
    let url = format!("{base_path}{}", source.path);

    let event = if source.kind == Kind::Event {
        let online = front
            .online
            .as_ref()
            .and_then(|v| checked_url(source, v, "`online`", &mut problems));
        let registration = front
            .registration
            .as_ref()
            .and_then(|v| checked_url(source, v, "`registration`", &mut problems));
        match events::schedule(source, (&config.timezone_name, &config.timezone), now) {
            Ok(schedule) => {
                let view = event_view(&schedule, source, online, registration, now, &config.words);
                depends.valid_until = changes_at(&schedule, &view, now);
                Some((view, schedule))
            }
            Err(mut errors) => {
                problems.append(&mut errors);
                None
            }
        }
    } else {
        None
    };

    let profile = if source.kind == Kind::Profile {
        let links: Vec<LinkView> = front
            .links
            .iter()
            .filter_map(|(label, value)| {
                checked_url(source, value, &format!("the link `{label}`"), &mut problems).map(
                    |url| LinkView {
                        label: label.clone(),
                        url,
                    },
                )
            })
            .collect();
        let feed = links
            .iter()
            .find(|l| l.label == "feed")
            .map(|l| l.url.clone());
        let avatar = match &front.avatar {
            None => None,
            Some(value) => match resolve_picture(source, &value.value, base_path, &url) {
                Ok(url) => Some(url),
                Err(message) => {
                    problems.push(source.error_at(&value.referenced, message).with_help(
                        "put the picture beside the profile (a page bundle: profiles/NAME/index.md and profiles/NAME/photo.jpg) or in static/, and write its file name",
                    ));
                    None
                }
            },
        };
        Some(ProfileView {
            kind: front.profile_kind,
            location: front.location.clone(),
            avatar,
            links,
            feed,
        })
    } else {
        None
    };

    let mut resources = Vec::new();
    let mut resource_ids = std::collections::HashSet::new();
    for resource in &front.resources {
        let Some(resource_url) =
            checked_url(source, &resource.url, "the resource's `url`", &mut problems)
        else {
            continue;
        };
        let base_id = slugify(&resource.title);
        let mut id = if base_id.is_empty() {
            "resource".to_string()
        } else {
            base_id.clone()
        };
        let mut n = 1;
        while !resource_ids.insert(id.clone()) {
            id = format!("{base_id}-{n}");
            n += 1;
        }
        resources.push(ResourceView {
            id,
            title: resource.title.clone(),
            url: resource_url,
            author: resource.author.clone(),
            source: resource.source.clone(),
            kind: resource.kind,
            note: resource.note.clone(),
            tags: match &resource.tags {
                None => Vec::new(),
                Some(crate::content::front_matter::OneOrMany::One(one)) => vec![one.clone()],
                Some(crate::content::front_matter::OneOrMany::Many(many)) => many.clone(),
            },
        });
    }

    let mut terms = BTreeMap::new();
    for taxonomy in &config.taxonomies {
        let Some(Terms { values, location }) = front.terms.get(taxonomy.as_str()) else {
            continue;
        };
        let mut links: Vec<TermLink> = Vec::with_capacity(values.len());
        for name in values {
            let slug = slugify(name);
            if slug.is_empty() {
                let message = format!(
                    "the {} term `{name}` has no letters or digits to make an address from",
                    taxonomy_title(taxonomy).to_lowercase()
                );
                let problem = match location {
                    Some(location) => source.error_at(location, message),
                    None => Diagnostic::file_error(&source.file, message),
                };
                problems
                    .push(problem.with_help("write the term with letters or digits, or remove it"));
                continue;
            }
            let path = format!("{}/{slug}/", slugify(taxonomy));
            links.push(TermLink {
                name: config
                    .words
                    .term(&slug)
                    .map_or_else(|| name.clone(), str::to_string),
                url: format!("{base_path}{path}"),
                path,
                slug,
            });
        }
        if !links.is_empty() {
            terms.insert(taxonomy.clone(), links);
        }
    }

    let aliases = front
        .aliases
        .iter()
        .filter_map(|alias| match alias_path(&alias.value) {
            Some(path) => Some(path),
            None => {
                problems.push(
                    source
                        .error_at(
                            &alias.referenced,
                            format!("`{}` is not a path on this site", alias.value),
                        )
                        .with_help("write the old address as a path, such as /events/old-name/"),
                );
                None
            }
        })
        .collect();

    let template = front.template.as_ref().map(|t| t.value.clone());
    let mut rendered = match rendered {
        Ok(rendered) => rendered,
        Err(mut errors) => {
            problems.append(&mut errors);
            Default::default()
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let summary = front
        .summary
        .clone()
        .unwrap_or_else(|| shorten(&rendered.first_paragraph, 300));
    let advice = advice_for(
        source,
        std::mem::take(&mut rendered.advice),
        event.as_ref().map(|(view, _)| view),
    );
    let permalink = config.absolute(&source.path);
    let (event, calendar) = match event {
        Some((view, schedule)) => {
            let stamp = updated
                .as_ref()
                .or(date.as_ref())
                .and_then(|d| Timestamp::from_second(d.timestamp).ok());
            let entry = calendar_event(source, schedule, &rendered.html, &permalink, config, stamp);
            (Some(view), Some(entry))
        }
        None => (None, None),
    };
    let assets = source
        .assets
        .iter()
        .map(|file| {
            let bundle_dir = source.file.parent().unwrap_or(Path::new(""));
            let inner = file
                .strip_prefix(bundle_dir)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            Asset {
                file: file.clone(),
                output_path: format!("{}{inner}", source.path),
            }
        })
        .collect();
    Ok(Page {
        kind: source.kind,
        language: source
            .language
            .clone()
            .unwrap_or_else(|| config.languages[0].clone()),
        section: source.section.clone(),
        slug: source.slug.clone(),
        title: front.title.clone(),
        path: source.path.clone(),
        permalink,
        url,
        summary,
        content: rendered.html,
        date,
        updated,
        terms,
        extra: front.extra.clone(),
        draft: front.draft,
        template,
        profile,
        event,
        resources,
        hosts: Vec::new(),
        curators: Vec::new(),
        members: Vec::new(),
        hosted_events: Vec::new(),
        curated_toolkits: Vec::new(),
        groups: Vec::new(),
        file: source.file.clone(),
        aliases,
        assets,
        calendar,
        fragment_links: rendered.fragment_links,
        advice,
        list_entry: OnceLock::new(),
        version: NEXT_VERSION.fetch_add(1, Ordering::Relaxed),
    })
}

/// Titles longer than this many characters are hard to take in at a glance in lists, feeds,
/// calendars and search results (and search engines cut them there).
const LONG_TITLE: usize = 70;

/// The warnings `convene check` gives about a page's own values: a title too long to show
/// whole, toolkit resources that name no author or source, an event that is over but still
/// asks people to register, and `advice` already found in its body (pictures without
/// alternative text).
fn advice_for(
    source: &Source,
    mut advice: Vec<Diagnostic>,
    event: Option<&EventView>,
) -> Vec<Diagnostic> {
    let front = &source.front;
    let length = front.title.chars().count();
    if length > LONG_TITLE {
        let line = source
            .text
            .lines()
            .take(source.body_line)
            .position(|line| line.starts_with("title:"))
            .map_or(1, |index| index + 1);
        advice.push(
            Diagnostic::at(
                &source.file,
                &source.text,
                line,
                1,
                format!(
                    "this title is {length} characters long; in lists, calendars and search results, titles over {LONG_TITLE} are hard to take in at a glance"
                ),
            )
            .with_help("shorten the title and say the rest in `summary`")
            .warning(),
        );
    }
    for resource in &front.resources {
        let missing: Vec<&str> = [("author", &resource.author), ("source", &resource.source)]
            .into_iter()
            .filter(|(_, value)| value.as_deref().is_none_or(|v| v.trim().is_empty()))
            .map(|(key, _)| key)
            .collect();
        if !missing.is_empty() {
            advice.push(
                source
                    .error_at(
                        &resource.url.referenced,
                        format!(
                            "the resource \"{}\" names no {}",
                            resource.title,
                            missing.join(" and no ")
                        ),
                    )
                    .with_help("add `author:` (who made it) and `source:` (where it was published), so that readers can judge it before they follow the link")
                    .warning(),
            );
        }
    }
    if let (Some(view), Some(registration)) = (event, &front.registration)
        && !view.upcoming
    {
        advice.push(
            source
                .error_at(
                    &registration.referenced,
                    "this event is over, but its page still asks people to register",
                )
                .with_help("remove `registration`; the page stays, among the past events")
                .warning(),
        );
    }
    advice
}

/// An event as calendars show it. Its UID is made of the page's address, so it is the same on
/// every build and machine; DTSTAMP comes from `updated` or `date`, else the start.
fn calendar_event(
    source: &Source,
    schedule: events::Schedule,
    html: &str,
    permalink: &str,
    config: &Config,
    stamp: Option<Timestamp>,
) -> events::ical::CalendarEvent {
    let first = &schedule.first;
    let host = config.base_url.host_str().unwrap_or("convene");
    let site_path = format!(
        "{}{}",
        config.base_path().trim_start_matches('/'),
        source.path
    );
    let front = &source.front;
    events::ical::CalendarEvent {
        uid: format!(
            "{}@{host}",
            site_path.trim_end_matches('/').replace('/', "-")
        ),
        stamp: stamp.unwrap_or_else(|| first.start.timestamp()),
        rule: schedule
            .rule
            .as_ref()
            .map(|rule| rule.to_rrule(first.all_day, first.start.time_zone())),
        exceptions: schedule
            .exceptions
            .iter()
            .filter_map(|date| {
                first
                    .moved_to(date.to_datetime(first.start.time()))
                    .ok()
                    .map(|o| o.start)
            })
            .collect(),
        occurrences: schedule.occurrences,
        first: first.clone(),
        summary: front.title.clone(),
        description: crate::markdown::html_to_text(html),
        location: front
            .location
            .clone()
            .or_else(|| front.online.as_ref().map(|o| o.value.clone())),
        url: permalink.to_string(),
        status: match front.status {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Cancelled => "CANCELLED",
        },
    }
}

fn event_view(
    schedule: &events::Schedule,
    source: &Source,
    online: Option<String>,
    registration: Option<String>,
    now: Timestamp,
    words: &Words,
) -> EventView {
    let time = schedule.next_after(now);
    // Up to 24 coming dates for the view-time script; the page lists the first five.
    let coming: Vec<OccurrenceView> = schedule
        .occurrences
        .iter()
        .filter(|o| o.end.timestamp() > now)
        .take(24)
        .map(|o| OccurrenceView {
            when: o.display(words),
            start_iso: o.start_attribute(),
            start_timestamp: o.start.timestamp().as_second(),
            end_timestamp: o.end.timestamp().as_second(),
        })
        .collect();
    EventView {
        when: time.display(words),
        start_iso: time.start_attribute(),
        end_iso: time.end_attribute(),
        start_timestamp: time.start.timestamp().as_second(),
        end_timestamp: time.end.timestamp().as_second(),
        all_day: time.all_day,
        timezone: time.zone_name.clone(),
        upcoming: time.end.timestamp() > now,
        recurring: schedule.rule.is_some(),
        recurrence: schedule
            .rule
            .as_ref()
            .map(|rule| rule.describe(schedule.first.start.datetime(), words)),
        next_dates_json: serde_json::to_string(
            &coming
                .iter()
                .map(|o| (o.start_timestamp, o.end_timestamp, &o.start_iso, &o.when))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        next_dates: coming.into_iter().take(5).collect(),
        google_calendar_url: calendar_link(CalendarSite::Google, time, source),
        outlook_calendar_url: calendar_link(CalendarSite::Outlook, time, source),
        location: source.front.location.clone(),
        map_url: source.front.location.as_ref().map(|place| {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("query", place)
                .finish();
            format!("https://www.openstreetmap.org/search?{query}")
        }),
        online,
        registration,
        status: source.front.status,
    }
}

/// Web calendars that take a new event from a link.
enum CalendarSite {
    Google,
    Outlook,
}

/// A link that opens `site`'s "new event" form filled with this occurrence.
fn calendar_link(site: CalendarSite, time: &events::EventTime, source: &Source) -> String {
    let front = &source.front;
    let place = front
        .location
        .clone()
        .or_else(|| front.online.as_ref().map(|o| o.value.clone()))
        .unwrap_or_default();
    let utc = |z: &jiff::Zoned, format: &str| {
        z.with_time_zone(jiff::tz::TimeZone::UTC)
            .strftime(format)
            .to_string()
    };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    match site {
        CalendarSite::Google => {
            let dates = if time.all_day {
                format!(
                    "{}/{}",
                    time.start.strftime("%Y%m%d"),
                    time.end.strftime("%Y%m%d")
                )
            } else {
                format!(
                    "{}/{}",
                    utc(&time.start, "%Y%m%dT%H%M%SZ"),
                    utc(&time.end, "%Y%m%dT%H%M%SZ")
                )
            };
            query
                .append_pair("action", "TEMPLATE")
                .append_pair("text", &front.title)
                .append_pair("dates", &dates)
                .append_pair("location", &place);
            format!(
                "https://calendar.google.com/calendar/render?{}",
                query.finish()
            )
        }
        CalendarSite::Outlook => {
            let (start, end) = if time.all_day {
                (
                    time.start.strftime("%Y-%m-%d").to_string(),
                    time.end.strftime("%Y-%m-%d").to_string(),
                )
            } else {
                (
                    utc(&time.start, "%Y-%m-%dT%H:%M:%SZ"),
                    utc(&time.end, "%Y-%m-%dT%H:%M:%SZ"),
                )
            };
            query
                .append_pair("path", "/calendar/action/compose")
                .append_pair("rru", "addevent")
                .append_pair("subject", &front.title)
                .append_pair("startdt", &start)
                .append_pair("enddt", &end)
                .append_pair("location", &place);
            if time.all_day {
                query.append_pair("allday", "true");
            }
            format!(
                "https://outlook.live.com/calendar/0/deeplink/compose?{}",
                query.finish()
            )
        }
    }
}

/// The address in `value` if it is a full web, mail or phone address; otherwise a problem.
fn checked_url(
    source: &Source,
    value: &serde_saphyr::Spanned<String>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match check_external_url(&value.value) {
        Ok(()) => Some(value.value.trim().to_string()),
        Err(message) => {
            problems.push(
                source
                    .error_at(&value.referenced, format!("{what}: {message}"))
                    .with_help("write a full web address starting with https://"),
            );
            None
        }
    }
}

/// Accepts web, mail and phone addresses; refuses script URLs and relative paths.
fn check_external_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    if is_script_url(url) {
        return Err(format!("`{url}` would run a script and is not published"));
    }
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            Ok(())
        }
        Ok(parsed) if matches!(parsed.scheme(), "mailto" | "tel") => Ok(()),
        _ => Err(format!("`{url}` is not a full web address")),
    }
}

/// The URL of a profile picture: beside the page (bundle) or a path under `static/`.
fn resolve_picture(
    source: &Source,
    picture: &str,
    base_path: &str,
    page_url: &str,
) -> Result<String, String> {
    if picture.contains("://") || picture.starts_with("//") {
        return Err(format!(
            "`{picture}` is on another site; convene loads nothing from other sites, to keep readers private"
        ));
    }
    if let Some(site_path) = picture.strip_prefix('/') {
        return Ok(format!("{base_path}{site_path}"));
    }
    let beside = source.file.parent().unwrap_or(Path::new("")).join(picture);
    if source.assets.contains(&beside) {
        return Ok(format!("{page_url}{picture}"));
    }
    Err(format!(
        "there is no picture `{picture}` beside {}",
        crate::diagnostic::display_path(&source.file)
    ))
}

/// `/events/old/` -> `events/old/`; `None` for addresses that are not site paths.
fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if alias.contains("://") || trimmed.is_empty() || trimmed.split('/').any(|s| s == "..") {
        return None;
    }
    Some(if trimmed.ends_with(".html") || trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    })
}

/// The first `limit` characters of `text`, cut at a word, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// Two pages (or a page and an alias) that would be written to the same address.
fn check_collisions(pages: &[(&Source, Box<Page>)], config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut claimed: HashMap<String, &Path> = HashMap::new();
    let reserved: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}/", slugify(t)))
        .chain(["search/".to_string(), "404.html".to_string()])
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
                problems.push(
                    Diagnostic::at(
                        &source.file,
                        &source.text,
                        1,
                        1,
                        format!(
                            "this page and {} both claim the address /{path}",
                            crate::diagnostic::display_path(other)
                        ),
                    )
                    .with_help("give one of them another `slug`, or remove the `aliases` entry"),
                );
            } else {
                claimed.insert(path.clone(), &source.file);
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
                        problems.push(match did_you_mean(slug.value.trim(), &profile_slugs) {
                            Some(close) => problem.with_help(format!("did you mean `{close}`?")),
                            None => problem.with_help("write the file name of a profile in content/profiles/, without `.md`"),
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
fn collect_taxonomies(pages: &[Box<Page>], config: &Config) -> Vec<Taxonomy> {
    let base_path = config.base_path();
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
            title: config
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
    words: &Words,
) -> BTreeMap<String, Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.section.is_empty() {
            continue;
        }
        let section = sections.entry(page.section.clone()).or_insert_with(|| {
            let intro = indexes.remove(&page.section);
            let title = intro
                .as_ref()
                .map(|p| p.title.clone())
                .unwrap_or_else(|| default_section_title(&page.section, words));
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
                title: intro.title,
                content: intro.content,
                fragment_links: intro.fragment_links,
                advice: intro.advice,
                name,
                pages: Vec::new(),
            },
        );
    }
    for section in sections.values_mut() {
        // A section holds one kind of page: events by start, profiles and plain pages by title,
        // the others newest first.
        let by_title = section.pages.first().is_some_and(|first| {
            let page = &pages[*first];
            page.event.is_none() && matches!(page.kind, Kind::Profile | Kind::Page)
        });
        if by_title {
            section
                .pages
                .sort_by_cached_key(|index| pages[*index].title.to_lowercase());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_site_paths() {
        assert_eq!(alias_path("/events/old"), Some("events/old/".into()));
        assert_eq!(alias_path("old.html"), Some("old.html".into()));
        assert_eq!(alias_path("https://elsewhere.example/"), None);
        assert_eq!(alias_path("/../etc/"), None);
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("one two three", 8), "one two…");
        assert_eq!(shorten("short", 8), "short");
    }

    #[test]
    fn external_urls_must_be_full_addresses() {
        assert!(check_external_url("https://example.org/a").is_ok());
        assert!(check_external_url("mailto:a@example.org").is_ok());
        assert!(check_external_url("javascript:alert(1)").is_err());
        assert!(check_external_url("example.org").is_err());
    }
}
