//! What templates, feeds and calendars see of a page's parts: dates, event times, profiles,
//! resources, term links, and the entry lists show of a page.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Zoned;
use serde::Serialize;

use crate::content::Kind;
use crate::content::front_matter::{ProfileKind, ResourceKind};
use crate::events::view::EventView;
use crate::i18n::Words;

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
    /// The date of `zoned` in every form, in the words of the site's language.
    pub fn new(zoned: &Zoned, words: &Words) -> DateView {
        DateView {
            iso: zoned.strftime("%Y-%m-%d").to_string(),
            display: words.date(zoned.date()),
            rfc2822: jiff::fmt::rfc2822::to_string(zoned).unwrap_or_default(),
            timestamp: zoned.timestamp().as_second(),
        }
    }
}

/// A profile's picture, place and links, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// person or group.
    pub kind: ProfileKind,
    /// What the directory sorts the profile by instead of its title (`Nguyen, Mai`).
    pub sort_name: Option<String>,
    /// Where the person or group is.
    pub location: Option<String>,
    /// URL of the picture (of its JPEG or PNG variant, when it is offered resized).
    pub avatar: Option<String>,
    /// The picture's square WebP variants as `srcset` lists them, when it is offered resized.
    pub avatar_srcset: Option<String>,
    /// Up to two capital letters of the name (`MN`), which the theme shows in place of a
    /// missing picture.
    pub initials: String,
    /// The tone of the theme's palette the initials are shown on (`0` to `5`), from the name.
    pub tone: usize,
    /// Links by label, sorted by label; `feed` included.
    pub links: Vec<LinkView>,
    /// The blog feed, if the profile lists one (`links.feed`).
    pub feed: Option<String>,
}

/// The picture link previews show for a page: a profile's avatar, or the first picture of its
/// body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewPicture {
    /// Its address on the site, from the root (`/hub/profiles/ana/photo.jpg`).
    pub url: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// What it shows, for those who cannot see it.
    pub alt: String,
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
    pub event: Option<Arc<EventView>>,
    /// Picture, place and person-or-group, for profiles.
    pub profile: Option<Arc<ProfileView>>,
    /// Taxonomy terms by taxonomy name.
    pub terms: Arc<BTreeMap<String, Vec<TermLink>>>,
    /// The language the page is written in.
    pub language: String,
    /// The page's [`Page::version`].
    #[serde(skip)]
    pub version: u64,
}
