//! One page of a site: built in the site's language from its source's typed values (checked in
//! `content`), with its body rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use jiff::Timestamp;
use serde::Serialize;

use super::contribute::{self, PageContribute};
use super::view::{
    DateView, LinkView, PageRef, PreviewPicture, ProfileView, ResourceView, TermLink,
};
use super::{Assembly, initials};
use crate::content::{self, Asset, Kind, Source};
use crate::diagnostic::Diagnostic;
use crate::events;
use crate::events::view::EventView;
use crate::markdown::{FragmentLink, LinkTargets};
use crate::slug::slugify;

/// A published page with everything its template shows.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// What kind of page it is.
    pub kind: Kind,
    /// The language the page is written in: its `lang`, its translation's, or the hub's default language
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
    /// When the page was published: `date`, else when its file was first committed to the
    /// hub's git repository; what feeds give as `pubDate`.
    pub published: Option<DateView>,
    /// Taxonomy terms by taxonomy name (shared with the page's [`PageRef`], as are `profile`
    /// and `event`).
    pub terms: Arc<BTreeMap<String, Vec<TermLink>>>,
    /// Free-form data from front matter.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Marked as draft (only built with `--drafts`).
    pub draft: bool,
    /// Template chosen in front matter.
    pub template: Option<String>,
    /// Profile details.
    pub profile: Option<Arc<ProfileView>>,
    /// Event details.
    pub event: Option<Arc<EventView>>,
    /// The picture link previews show for the page: a profile's avatar, else the first
    /// picture of its body that is a file of the hub, in a format they take.
    #[serde(skip)]
    pub picture: Option<PreviewPicture>,
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
    /// The links to the hub's issue forms about this page (a correction; for a toolkit, a new
    /// resource), when hub.yaml names the hub's `repository`.
    pub contribute: Option<PageContribute>,
    /// The Markdown file, relative to the hub.
    #[serde(skip)]
    pub file: PathBuf,
    /// Old site paths that redirect here.
    #[serde(skip)]
    pub aliases: Vec<String>,
    /// Files of a page bundle and where they are published.
    #[serde(skip)]
    pub assets: Vec<Asset>,
    /// The resized variants of its pictures, to publish.
    #[serde(skip)]
    pub variants: Vec<crate::pictures::Variant>,
    /// An event as calendars show it.
    #[serde(skip)]
    pub calendar: Option<events::ical::CalendarEvent>,
    /// Links in the body to a part of a page, checked against the rendered pages.
    #[serde(skip)]
    pub fragment_links: Vec<FragmentLink>,
    /// Warnings about the page's own values, given by `convene check` ([`crate::check::advice::for_page`]).
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

/// Hands out [`Page::version`]s: each call a number no other build of a page by the same
/// pipeline has had. Owned by the pipeline, so that nothing is shared between runs that do not
/// share caches.
#[derive(Debug, Default)]
pub struct Versions(AtomicU64);

impl Versions {
    /// A version not handed out before.
    pub fn next(&self) -> u64 {
        self.0.fetch_add(1, Ordering::Relaxed) + 1
    }
}

impl Page {
    /// What lists and relations show of this page, made once and shared.
    pub fn to_ref(&self) -> Arc<PageRef> {
        self.list_entry
            .get_or_init(|| Arc::new(self.make_ref()))
            .clone()
    }

    /// What lists show of this page, made anew.
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
    pub(super) fn relations_mut(&mut self) -> [&mut Vec<Arc<PageRef>>; 6] {
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
    pub(super) fn clear_relations(&mut self) {
        for list in self.relations_mut() {
            list.clear();
        }
    }

    /// What the directory sorts the page by: a profile's `sort_name`, else the title, as a
    /// slug (`Ibáñez, César` sorts as `ibanez-cesar`).
    pub fn sort_key(&self) -> String {
        let name = self.profile.as_ref().and_then(|p| p.sort_name.as_deref());
        slugify(name.unwrap_or(&self.title))
    }

    /// The letter the directory files the page under: the first of its sort key, `A` to `Z`,
    /// or `#` for a key that starts with a digit or is empty.
    pub fn initial(&self) -> char {
        match self.sort_key().chars().next() {
            Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => '#',
        }
    }

    /// Feed and list order: newest [`Page::published`] (else `updated`) first, then by title.
    pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
        b.sort_timestamp()
            .cmp(&a.sort_timestamp())
            .then_with(|| a.title.cmp(&b.title))
    }

    /// The moment that orders this page in feeds and lists: when it was published, else
    /// `updated`.
    pub fn sort_timestamp(&self) -> i64 {
        self.published
            .as_ref()
            .or(self.updated.as_ref())
            .map(|d| d.timestamp)
            .unwrap_or(i64::MIN)
    }
}

/// A page as [`build_page`] made it, with what a cache must know to reuse it.
pub(super) struct Built {
    pub(super) page: Result<Box<Page>, Vec<Diagnostic>>,
    pub(super) depends: Depends,
}

/// What a page depends on besides its own file and hub.yaml.
#[derive(Debug, Default)]
pub(super) struct Depends {
    /// The files its links were looked up at.
    pub(super) linked: Vec<PathBuf>,
    /// When its upcoming dates change by time alone; `None` if they never do.
    pub(super) valid_until: Option<Timestamp>,
}

/// Renders one page from its typed values; a problem with any of them (or its body) fails it.
pub(super) fn build_page(source: &Source, with: &Assembly, targets: &LinkTargets) -> Built {
    let mut depends = Depends::default();
    let page = page_of(source, with, targets, &mut depends).map(Box::new);
    Built { page, depends }
}

/// [`build_page`]'s work: the page, or every problem with it; what it depends on besides its
/// file goes into `depends`.
fn page_of(
    source: &Source,
    with: &Assembly,
    targets: &LinkTargets,
    depends: &mut Depends,
) -> Result<Page, Vec<Diagnostic>> {
    let Assembly {
        config,
        lang,
        renderer,
        now,
        versions,
        ..
    } = *with;
    let mut problems = Vec::new();
    let rendered = renderer.render(source, targets, &mut depends.linked);
    let front = &source.front;
    let checked = &source.checked;
    problems.extend(checked.problems.iter().cloned());
    let typed = content::typed::read(source, config)
        .map_err(|mut errors| problems.append(&mut errors))
        .unwrap_or_default();
    let date_view = |zoned: &Option<jiff::Zoned>| {
        zoned
            .as_ref()
            .map(|zoned| DateView::new(zoned, &lang.words))
    };
    let date = date_view(&typed.date);
    let updated = date_view(&typed.updated);
    let added = source
        .added
        .map(|moment| moment.to_zoned(config.timezone.clone()));
    let published = date.clone().or_else(|| date_view(&added));
    let base_path = lang.base_path();
    let url = format!("{base_path}{}", source.path);

    let assets: Vec<Asset> = source
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
                output_path: crate::paths::composed(&format!("{}{inner}", source.path)),
            }
        })
        .collect();
    // A picture of the bundle larger than the theme shows avatars is offered resized.
    let avatar_offer = typed.avatar.as_ref().and_then(|path| {
        let asset = assets.iter().find(|asset| asset.output_path == *path)?;
        let folder = &path[..path.rfind('/').map_or(0, |at| at + 1)];
        renderer.offer_avatar(&asset.file, folder)
    });
    let profile = (source.kind == Kind::Profile).then(|| {
        let links: Vec<LinkView> = checked
            .links
            .iter()
            .map(|(label, url)| LinkView {
                label: label.clone(),
                url: url.clone(),
            })
            .collect();
        let feed = links
            .iter()
            .find(|l| l.label == "feed")
            .map(|l| l.url.clone());
        ProfileView {
            kind: front.profile_kind,
            sort_name: checked.sort_name.clone(),
            location: front.location.clone(),
            avatar: match &avatar_offer {
                Some(offer) => Some(offer.src.clone()),
                None => typed
                    .avatar
                    .as_ref()
                    .map(|path| format!("{base_path}{path}")),
            },
            avatar_srcset: avatar_offer.as_ref().map(|offer| offer.srcset.clone()),
            initials: initials::initials(&front.title),
            tone: initials::tone(&front.title),
            links,
            feed,
        }
    });

    let mut resources = Vec::new();
    let mut resource_ids = std::collections::HashSet::new();
    for (resource, url) in front
        .resources
        .iter()
        .map(|resource| &resource.value)
        .zip(&checked.resource_urls)
    {
        let Some(resource_url) = url.clone() else {
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

    let terms = typed
        .terms
        .iter()
        .map(|(taxonomy, named)| {
            let links = named
                .iter()
                .map(|term| {
                    let path = format!("{}/{}/", slugify(taxonomy), term.slug);
                    TermLink {
                        name: lang
                            .words
                            .term(&term.slug)
                            .map_or_else(|| term.name.clone(), str::to_string),
                        url: format!("{base_path}{path}"),
                        path,
                        slug: term.slug.clone(),
                    }
                })
                .collect();
            (taxonomy.clone(), links)
        })
        .collect::<BTreeMap<_, _>>();

    let aliases = checked.aliases.clone();

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
    let picture = preview_picture(
        source,
        renderer,
        profile.as_ref(),
        avatar_offer.as_ref(),
        &rendered,
    );
    let summary = front
        .summary
        .clone()
        .unwrap_or_else(|| shorten(&rendered.first_paragraph, 300));
    let permalink = lang.absolute(&source.path);
    let event = typed.event.map(|event| {
        let schedule = events::schedule(&event, now);
        let about = events::links::About {
            summary: &summary,
            permalink: &permalink,
        };
        let view = events::view::event_view(&event, &schedule, now, &lang.words, &about);
        depends.valid_until = events::view::changes_at(&schedule, &view, now)
            .into_iter()
            .chain(calendar_exit(&schedule, config, now))
            .min();
        (view, schedule, event)
    });
    let advice = crate::check::advice::for_page(
        source,
        std::mem::take(&mut rendered.advice),
        event.as_ref().map(|(view, _, _)| view),
        event.as_ref().map(|(_, schedule, _)| {
            now.to_zoned(schedule.first.start.time_zone().clone())
                .date()
        }),
    );
    let (event, calendar) = match event {
        Some((view, schedule, event)) => {
            let stamp = updated
                .as_ref()
                .or(date.as_ref())
                .and_then(|d| Timestamp::from_second(d.timestamp).ok());
            let entry = events::view::calendar_event(
                &event,
                &schedule,
                &shorten(
                    &summary.split_whitespace().collect::<Vec<_>>().join(" "),
                    300,
                ),
                &rendered.html,
                &source.path,
                lang,
                stamp,
            );
            (Some(view), Some(entry))
        }
        None => (None, None),
    };
    let contribute = config.repository.as_ref().map(|repository| {
        contribute::for_page(
            repository,
            lang,
            &front.title,
            &permalink,
            source.kind == Kind::Toolkit,
        )
    });
    let variants: Vec<crate::pictures::Variant> = std::mem::take(&mut rendered.variants)
        .into_iter()
        .chain(avatar_offer.into_iter().flat_map(|offer| offer.variants))
        .collect();
    // A picture offered resized is published at its own size only when the page links to it.
    let composed = |file: &Path| crate::paths::composed(&file.to_string_lossy());
    let linked: std::collections::HashSet<String> =
        depends.linked.iter().map(|file| composed(file)).collect();
    let assets: Vec<Asset> = assets
        .into_iter()
        .filter(|asset| {
            !variants.iter().any(|variant| variant.source == asset.file)
                || linked.contains(&composed(&asset.file))
        })
        .collect();
    Ok(Page {
        kind: source.kind,
        language: typed
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
        published,
        terms: Arc::new(terms),
        extra: front.extra.clone(),
        draft: front.draft,
        template,
        profile: profile.map(Arc::new),
        event: event.map(Arc::new),
        picture,
        resources,
        hosts: Vec::new(),
        curators: Vec::new(),
        members: Vec::new(),
        hosted_events: Vec::new(),
        curated_toolkits: Vec::new(),
        groups: Vec::new(),
        contribute,
        file: source.file.clone(),
        aliases,
        assets,
        variants,
        calendar,
        fragment_links: rendered.fragment_links,
        advice,
        list_entry: OnceLock::new(),
        version: versions.next(),
    })
}

/// The picture link previews show for `source`: its `avatar` as its profile view publishes it
/// (the fallback of `avatar_offer` when it is offered resized, else the file, measured where it
/// is: beside the profile, or for an address on the site under `static/` or `content/`), else
/// the first picture of its body `rendered` found.
fn preview_picture(
    source: &Source,
    renderer: &crate::markdown::MarkdownRenderer,
    profile: Option<&ProfileView>,
    avatar_offer: Option<&crate::pictures::Offer>,
    rendered: &crate::markdown::Rendered,
) -> Option<PreviewPicture> {
    let resized = avatar_offer
        .filter(|_| profile.is_some())
        .map(|offer| PreviewPicture {
            url: offer.src.clone(),
            width: offer.size.0,
            height: offer.size.1,
            alt: source.front.title.clone(),
        });
    // Measured only when the avatar is not offered resized.
    let avatar = || {
        let url = profile?.avatar.as_ref()?;
        let written = source.front.avatar.as_ref()?.value.trim();
        if !crate::config::shows_in_previews(written) {
            return None;
        }
        let files = match written.strip_prefix('/') {
            Some(site_path) => vec![
                Path::new("static").join(site_path),
                Path::new("content").join(site_path),
            ],
            None => vec![source.file.parent().unwrap_or(Path::new("")).join(written)],
        };
        let (width, height) = files.iter().find_map(|file| renderer.picture_size(file))?;
        Some(PreviewPicture {
            url: url.clone(),
            width,
            height,
            alt: source.front.title.clone(),
        })
    };
    resized.or_else(avatar).or_else(|| {
        let first = rendered.first_picture.as_ref()?;
        Some(PreviewPicture {
            url: first.url.clone(),
            width: first.size.0,
            height: first.size.1,
            alt: if first.alt.is_empty() {
                source.front.title.clone()
            } else {
                first.alt.clone()
            },
        })
    })
}

/// When an event leaves the calendars people subscribe to: `calendar_past_days` after the end
/// of its last date, if that is still to come.
fn calendar_exit(
    schedule: &events::Schedule,
    config: &crate::config::Config,
    now: Timestamp,
) -> Option<Timestamp> {
    let last = schedule
        .occurrences
        .last()
        .map_or(&schedule.first, |o| &o.time);
    let exit = last
        .end
        .checked_add(jiff::Span::new().days(config.calendar_past_days))
        .ok()?
        .timestamp();
    (exit > now).then_some(exit)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("one two three", 8), "one two…");
        assert_eq!(shorten("short", 8), "short");
    }
}
