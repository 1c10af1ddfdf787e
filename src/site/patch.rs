//! Edits applied to a built site in place, for `convene serve`. Most edits change what a page
//! says but not where it stands: its address, title, dates, terms and relations stay the same.
//! Then the site's sections, taxonomies and relations are still right, and only the edited pages
//! and the pages that show them change. Anything else is left to a full [`assemble`](super::assemble).

use std::path::Path;
use std::sync::Arc;

use super::{Assembly, Page, PageCache, Site, build_page};
use crate::content::front_matter::ProfileKind;
use crate::content::{Kind, Source};

/// What a patch replaced: the versions the replaced pages had. Every output made from one of
/// them (the page itself, the pages and lists that show it) must be made again.
#[derive(Debug, Default)]
pub struct Patched {
    /// The versions the replaced pages had.
    pub old_versions: Vec<u64>,
}

/// Replaces the pages of `sources` (files read again, each a page of `site`) with new builds,
/// if every one of them keeps its shape and builds without a problem, and time has not changed
/// any page since the site was built. Otherwise returns `None` and leaves `site` as it was.
/// The cache learns the new sources and what the new pages depend on.
pub fn patch(
    site: &mut Site,
    cache: &mut PageCache,
    sources: &[Arc<Source>],
    with: &Assembly,
) -> Option<Patched> {
    if cache.valid_until.is_some_and(|until| with.now >= until) {
        return None;
    }
    let mut builds = Vec::with_capacity(sources.len());
    for source in sources {
        if matches!(source.kind, Kind::Home | Kind::Section) || source.front.draft {
            return None;
        }
        let index = site
            .pages
            .iter()
            .position(|page| page.file == source.file)?;
        let old_source = &cache.entries.get(&source.file)?.source;
        if !same_relations(old_source, source) {
            return None;
        }
        let built = build_page(source, with, &cache.targets);
        let page = built.page.ok()?;
        if shape(&page) != shape(&site.pages[index]) {
            return None;
        }
        builds.push((index, page, built.depends));
    }

    site.now = with.now;
    let mut patched = Patched::default();
    let mut swapped = Vec::with_capacity(builds.len());
    for ((index, mut page, depends), source) in builds.into_iter().zip(sources) {
        let old = &mut site.pages[index];
        for (new, old) in page.relations_mut().into_iter().zip(old.relations_mut()) {
            *new = std::mem::take(old);
        }
        swapped.push((old.to_ref(), page.to_ref()));
        patched.old_versions.push(old.version);
        *old = page;
        cache.changes_by(depends.valid_until);
        if let Some(entry) = cache.entries.get_mut(&source.file) {
            entry.source = source.clone();
            entry.depends = depends;
        }
    }
    // Pages that show a replaced page in their relations now show its new build.
    for page in &mut site.pages {
        for list in page.relations_mut() {
            for shown in list.iter_mut() {
                if let Some((_, new)) = swapped.iter().find(|(old, _)| Arc::ptr_eq(old, shown)) {
                    *shown = new.clone();
                }
            }
        }
    }
    Some(patched)
}

/// True when both name the same hosts, curators and members.
fn same_relations(a: &Source, b: &Source) -> bool {
    let names = |source: &Source| {
        [
            &source.front.hosts,
            &source.front.curators,
            &source.front.members,
        ]
        .map(|list| {
            list.iter()
                .map(|name| name.value.clone())
                .collect::<Vec<_>>()
        })
    };
    names(a) == names(b)
}

/// What the rest of the site sees of a page besides its list entry: its address, title, dates,
/// terms, event times and profile kind, which decide where every list holds it, and what the
/// sitemap, navigation, OPML list and relations show of it.
#[derive(PartialEq)]
struct Shape<'a> {
    file: &'a Path,
    kind: Kind,
    section: &'a str,
    path: &'a str,
    url: &'a str,
    permalink: &'a str,
    title: &'a str,
    aliases: &'a [String],
    in_calendars: bool,
    /// `date` and `updated`.
    dates: [Option<(i64, &'a str)>; 2],
    /// Start, and whether it is upcoming.
    event: Option<(i64, bool)>,
    /// Person or group; blog feed, website and the name the directory sorts by.
    profile: Option<(ProfileKind, [Option<&'a str>; 3])>,
    /// Taxonomy, name and slug of every term.
    terms: Vec<(&'a str, &'a str, &'a str)>,
    /// Files of a bundle and where they are published.
    assets: Vec<(&'a Path, &'a str)>,
}

fn shape(page: &Page) -> Shape<'_> {
    Shape {
        file: &page.file,
        kind: page.kind,
        section: &page.section,
        path: &page.path,
        url: &page.url,
        permalink: &page.permalink,
        title: &page.title,
        aliases: &page.aliases,
        in_calendars: page.calendar.is_some(),
        dates: [&page.date, &page.updated].map(|d| d.as_ref().map(|d| (d.timestamp, &*d.iso))),
        event: page.event.as_ref().map(|e| (e.start_timestamp, e.upcoming)),
        profile: page.profile.as_ref().map(|p| {
            let website = p.links.iter().find(|l| l.label == "website");
            let website = website.map(|l| l.url.as_str());
            (p.kind, [p.feed.as_deref(), website, p.sort_name.as_deref()])
        }),
        terms: page
            .terms
            .iter()
            .flat_map(|(taxonomy, links)| {
                links
                    .iter()
                    .map(move |l| (taxonomy.as_str(), l.name.as_str(), l.slug.as_str()))
            })
            .collect(),
        assets: page
            .assets
            .iter()
            .map(|a| (a.file.as_path(), a.output_path.as_str()))
            .collect(),
    }
}
