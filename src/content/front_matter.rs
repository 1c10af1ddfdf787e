//! The front matter of every kind of page: the keys each kind takes and their types.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::Kind;
use crate::events::EventStatus;

/// Keys every page takes.
const COMMON_KEYS: &[&str] = &[
    "title",
    "slug",
    "date",
    "updated",
    "summary",
    "draft",
    "tags",
    "roles",
    "subjects",
    "regions",
    "grade_levels",
    "aliases",
    "extra",
    "template",
    "lang",
];
const PROFILE_KEYS: &[&str] = &[
    "kind",
    "sort_name",
    "location",
    "avatar",
    "links",
    "members",
];
const EVENT_KEYS: &[&str] = &[
    "start",
    "end",
    "duration",
    "timezone",
    "also_timezone",
    "recurrence",
    "exceptions",
    "location",
    "online",
    "registration",
    "hosts",
    "status",
    "changes",
    "additional_dates",
];
const TOOLKIT_KEYS: &[&str] = &["curators", "resources"];

/// The keys a page of `kind` may use.
pub fn allowed_keys(kind: Kind) -> Vec<&'static str> {
    let specific: &[&str] = match kind {
        Kind::Profile => PROFILE_KEYS,
        Kind::Event => EVENT_KEYS,
        Kind::Toolkit => TOOLKIT_KEYS,
        Kind::Post | Kind::Page | Kind::Section | Kind::Home => &[],
    };
    COMMON_KEYS.iter().chain(specific).copied().collect()
}

/// A single string or a list of strings; a single string is read as a list of one.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `tags: math`
    One(String),
    /// `tags: [math, science]`
    Many(Vec<String>),
}

/// A list of terms with where it was written, for error messages.
#[derive(Debug, Clone)]
pub struct Terms {
    /// The terms as written.
    pub values: Vec<String>,
    /// Where the value starts in the front matter.
    pub location: Option<Location>,
}

impl Terms {
    fn from(spanned: Option<Spanned<OneOrMany>>) -> Terms {
        match spanned {
            None => Terms {
                values: Vec::new(),
                location: None,
            },
            Some(spanned) => Terms {
                values: match spanned.value {
                    OneOrMany::One(one) => vec![one],
                    OneOrMany::Many(many) => many,
                },
                location: Some(spanned.referenced),
            },
        }
    }
}

/// Whether a profile is one person or a group of people.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileKind {
    /// A member of the network.
    #[default]
    Person,
    /// A meetup, affiliate, mastermind or other community.
    Group,
}

impl ProfileKind {
    /// Every kind of profile, in the order forms offer them.
    pub const ALL: [ProfileKind; 2] = [ProfileKind::Person, ProfileKind::Group];
}

/// What a toolkit resource is.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    /// Something to read (the default).
    #[default]
    Article,
    /// Something to watch.
    Video,
    /// Something to listen to.
    Podcast,
    /// A book.
    Book,
    /// An app, template or website to use.
    Tool,
    /// A community to join.
    Community,
}

impl ResourceKind {
    /// Every kind, the default first.
    pub const ALL: [ResourceKind; 6] = [
        ResourceKind::Article,
        ResourceKind::Video,
        ResourceKind::Podcast,
        ResourceKind::Book,
        ResourceKind::Tool,
        ResourceKind::Community,
    ];

    /// The kind as front matter writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Article => "article",
            ResourceKind::Video => "video",
            ResourceKind::Podcast => "podcast",
            ResourceKind::Book => "book",
            ResourceKind::Tool => "tool",
            ResourceKind::Community => "community",
        }
    }
}

/// One entry of a toolkit's `resources`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// The resource's title.
    pub title: String,
    /// Where to find it (required: a resource without one is reported at its title).
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// Who wrote or made it.
    #[serde(default)]
    pub author: Option<String>,
    /// Where it was published (a magazine, a blog, a channel).
    #[serde(default)]
    pub source: Option<String>,
    /// What it is.
    #[serde(default)]
    pub kind: ResourceKind,
    /// Why it is in the toolkit.
    #[serde(default)]
    pub note: Option<String>,
    /// Topics, shown beside the entry.
    #[serde(default)]
    pub tags: Option<OneOrMany>,
}

/// One entry of an event's `changes`: one date of the series (`date`), or every date from one
/// on (`from`), that differs from what the rule and the page's own keys say.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateChange {
    /// The date of the series it changes, as the rule gives it.
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// The first date of the series from which on it applies.
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    /// Where the date moves to (a date and time, or a date for an all-day event); `date` only.
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    /// A new time of day (`09:00`).
    #[serde(default)]
    pub start_time: Option<Spanned<String>>,
    /// A new end (`date` only).
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    /// A new length.
    #[serde(default)]
    pub duration: Option<Spanned<String>>,
    /// Another place.
    #[serde(default)]
    pub location: Option<String>,
    /// Another join link.
    #[serde(default)]
    pub online: Option<Spanned<String>>,
    /// Another registration link.
    #[serde(default)]
    pub registration: Option<Spanned<String>>,
    /// Whether that date takes place (`cancelled`, `tentative`); `date` only.
    #[serde(default)]
    pub status: Option<Spanned<EventStatus>>,
    /// Why, in a sentence, shown beside the date.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    slug: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    updated: Option<Spanned<String>>,
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    tags: Option<Spanned<OneOrMany>>,
    roles: Option<Spanned<OneOrMany>>,
    subjects: Option<Spanned<OneOrMany>>,
    regions: Option<Spanned<OneOrMany>>,
    grade_levels: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    template: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    kind: Option<ProfileKind>,
    sort_name: Option<Spanned<String>>,
    location: Option<String>,
    avatar: Option<Spanned<String>>,
    #[serde(default)]
    links: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    members: Vec<Spanned<String>>,
    start: Option<Spanned<String>>,
    end: Option<Spanned<String>>,
    duration: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    also_timezone: Option<Spanned<String>>,
    recurrence: Option<Spanned<String>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    online: Option<Spanned<String>>,
    registration: Option<Spanned<String>>,
    #[serde(default)]
    hosts: Vec<Spanned<String>>,
    #[serde(default)]
    status: EventStatus,
    #[serde(default)]
    changes: Vec<Spanned<DateChange>>,
    #[serde(default)]
    additional_dates: Vec<Spanned<String>>,
    #[serde(default)]
    curators: Vec<Spanned<String>>,
    #[serde(default)]
    resources: Vec<Spanned<Resource>>,
}

/// The front matter of one page, typed. Values that later stages check against the rest of
/// the hub keep their location.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Page title (required).
    pub title: String,
    /// URL segment instead of the file name.
    pub slug: Option<Spanned<String>>,
    /// Publication date.
    pub date: Option<Spanned<String>>,
    /// Date of the last update.
    pub updated: Option<Spanned<String>>,
    /// Short text for lists, feeds and search.
    pub summary: Option<String>,
    /// Left out of the build unless drafts are asked for.
    pub draft: bool,
    /// Terms of each taxonomy, by taxonomy name.
    pub terms: BTreeMap<&'static str, Terms>,
    /// Old URLs that redirect here.
    pub aliases: Vec<Spanned<String>>,
    /// Free-form data for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// A template of the theme to render this page with instead of the kind's own.
    pub template: Option<Spanned<String>>,
    /// The language the page is written in, when it is not the hub's default language and the
    /// page is no translation (an English-only profile in a Spanish hub).
    pub lang: Option<Spanned<String>>,
    /// Person or group (profiles).
    pub profile_kind: ProfileKind,
    /// What the directory sorts a profile by (`Nguyen, Mai`) instead of its title.
    pub sort_name: Option<Spanned<String>>,
    /// Where a profile or an event is.
    pub location: Option<String>,
    /// Picture of a profile.
    pub avatar: Option<Spanned<String>>,
    /// A profile's links, by label (`website`, `mastodon`, `feed`, ...).
    pub links: BTreeMap<String, Spanned<String>>,
    /// Profile slugs of a group's members.
    pub members: Vec<Spanned<String>>,
    /// When an event starts.
    pub start: Option<Spanned<String>>,
    /// When an event ends.
    pub end: Option<Spanned<String>>,
    /// How long an event lasts, instead of `end`.
    pub duration: Option<Spanned<String>>,
    /// The event's IANA time zone.
    pub timezone: Option<Spanned<String>>,
    /// A second IANA time zone the event's page also gives its time in.
    pub also_timezone: Option<Spanned<String>>,
    /// RFC 5545 RRULE of a recurring event.
    pub recurrence: Option<Spanned<String>>,
    /// Dates a recurring event skips.
    pub exceptions: Vec<Spanned<String>>,
    /// Join link of an online event.
    pub online: Option<Spanned<String>>,
    /// Where to register.
    pub registration: Option<Spanned<String>>,
    /// Profile slugs of an event's hosts.
    pub hosts: Vec<Spanned<String>>,
    /// Whether the event takes place.
    pub status: EventStatus,
    /// Dates of a repeating event that differ from its rule.
    pub changes: Vec<Spanned<DateChange>>,
    /// Dates a repeating event also meets on, outside its rule.
    pub additional_dates: Vec<Spanned<String>>,
    /// Profile slugs of a toolkit's curators.
    pub curators: Vec<Spanned<String>>,
    /// A toolkit's entries.
    pub resources: Vec<Spanned<Resource>>,
}

impl FrontMatter {
    /// Parses front matter YAML; `title` is checked by the caller, which knows the file.
    pub fn parse(
        source: &crate::yaml::YamlSource,
    ) -> Result<(FrontMatter, bool), crate::diagnostic::Diagnostic> {
        let empty = crate::yaml::YamlSource {
            yaml: "{}",
            ..*source
        };
        let source = if source.yaml.trim().is_empty() {
            &empty
        } else {
            source
        };
        let raw: RawFrontMatter = source.parse()?;
        let has_title = raw.title.is_some();
        let mut terms = BTreeMap::new();
        terms.insert("tags", Terms::from(raw.tags));
        terms.insert("roles", Terms::from(raw.roles));
        terms.insert("subjects", Terms::from(raw.subjects));
        terms.insert("regions", Terms::from(raw.regions));
        terms.insert("grade_levels", Terms::from(raw.grade_levels));
        Ok((
            FrontMatter {
                title: raw.title.unwrap_or_default(),
                slug: raw.slug,
                date: raw.date,
                updated: raw.updated,
                summary: raw.summary,
                draft: raw.draft,
                terms,
                aliases: raw.aliases,
                extra: raw.extra,
                template: raw.template,
                lang: raw.lang,
                profile_kind: raw.kind.unwrap_or_default(),
                sort_name: raw.sort_name,
                location: raw.location,
                avatar: raw.avatar,
                links: raw.links,
                members: raw.members,
                start: raw.start,
                end: raw.end,
                duration: raw.duration,
                timezone: raw.timezone,
                also_timezone: raw.also_timezone,
                recurrence: raw.recurrence,
                exceptions: raw.exceptions,
                online: raw.online,
                registration: raw.registration,
                hosts: raw.hosts,
                status: raw.status,
                changes: raw.changes,
                additional_dates: raw.additional_dates,
                curators: raw.curators,
                resources: raw.resources,
            },
            has_title,
        ))
    }
}
