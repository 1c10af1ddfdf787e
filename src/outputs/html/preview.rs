//! What a link to a page shows where it is shared (group chats, Facebook, Mastodon, X): the
//! values of the Open Graph and Twitter tags in the head of every page the theme renders
//! (`preview` in templates).

use serde::Serialize;

use super::{Target, subscribe_view};
use crate::content::Kind;
use crate::content::front_matter::ProfileKind;
use crate::languages::open_graph_locale;
use crate::outputs::cards::{self, EventCard};
use crate::site::PreviewPicture;
use crate::site::{Page, Site};

/// The narrowest picture shown as a wide card (`twitter:card` `summary_large_image`): Facebook
/// shows smaller ones as a thumbnail.
const WIDE_MIN_WIDTH: u32 = 600;

/// The Open Graph and Twitter values of one page.
#[derive(Debug, Serialize)]
pub(super) struct Preview {
    /// `og:title`: the page's title, or the list's, without the hub's name.
    title: String,
    /// `og:description`: the page's summary (an event's time before it), else the hub's
    /// description in the site's language; empty when there is neither.
    description: String,
    /// `og:url`: the page's absolute address.
    url: String,
    /// `og:type`: see [`open_graph_type`].
    #[serde(rename = "type")]
    kind: &'static str,
    /// `og:locale`: the language of the page's text, as `language_TERRITORY`.
    locale: String,
    /// `og:locale:alternate`: the hub's other languages, each of whose sites has the page.
    alternate_locales: Vec<String>,
    /// `og:site_name`: the hub's name in the site's language.
    site_name: String,
    /// `og:image` and its size and description: see [`image`].
    image: Option<PreviewImage>,
    /// `twitter:card`: `summary_large_image` when the picture is wide enough, else `summary`.
    card: &'static str,
}

/// The picture of a preview, at an absolute address of a file the build publishes.
#[derive(Debug, Serialize)]
struct PreviewImage {
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

impl PreviewImage {
    /// True when the picture is wide enough to be shown across the preview: at least
    /// [`WIDE_MIN_WIDTH`] pixels wide and half as wide again as it is tall (wide previews crop
    /// to about 2:1, which would cut most of a squarer picture).
    fn is_wide(&self) -> bool {
        self.width >= WIDE_MIN_WIDTH && u64::from(self.width) * 2 >= u64::from(self.height) * 3
    }
}

/// The preview of `target`, rendered at `path` in the output.
pub(super) fn of(site: &Site, target: Target, path: &str) -> Preview {
    let lang = &site.lang;
    let words = &lang.words;
    let page = match target {
        Target::Page(page) => Some(page),
        _ => None,
    };
    let title = match target {
        Target::Page(page) => page.title.clone(),
        Target::Home => lang.title.clone(),
        Target::List(list) => list.title(site),
        Target::Taxonomy(taxonomy) => taxonomy.title.clone(),
        Target::Subscribe(term) => subscribe_view(site, term).title,
        Target::Search => words.text("search_title").to_string(),
        Target::NotFound => words.text("not_found_title").to_string(),
    };
    let summary = page.map_or("", |page| page.summary.as_str());
    let about = if summary.trim().is_empty() {
        &lang.description
    } else {
        summary
    };
    let description = match page.and_then(|page| page.event.as_ref()) {
        Some(event) if !about.trim().is_empty() => format!("{}. {about}", event.when),
        Some(event) => event.when.clone(),
        None => about.to_string(),
    };
    let locale = match page {
        Some(page) => site
            .languages
            .iter()
            .find(|other| other.code == page.language)
            .map_or_else(|| open_graph_locale(&page.language), |l| l.locale.clone()),
        None => lang.locale.clone(),
    };
    let mut alternate_locales: Vec<String> = Vec::new();
    for other in site.languages.iter() {
        if other.locale != locale && !alternate_locales.contains(&other.locale) {
            alternate_locales.push(other.locale.clone());
        }
    }
    let image = image(site, page);
    let card = match &image {
        Some(image) if image.is_wide() => "summary_large_image",
        _ => "summary",
    };
    let within = path.strip_suffix("index.html").unwrap_or(path);
    Preview {
        title,
        description: description.split_whitespace().collect::<Vec<_>>().join(" "),
        url: lang.absolute(within),
        kind: open_graph_type(page),
        locale,
        alternate_locales,
        site_name: lang.title.clone(),
        image,
        card,
    }
}

/// `og:type`, from the types the Open Graph protocol defines. A person's profile is `profile`
/// (whose properties are a person's: names, username). Posts, toolkits and plain pages are
/// `article`s: written pieces with a date and authors. The protocol has no type for an
/// event: its page is `website`, the type for any page that is none of the others (an
/// `article` would claim a written piece published at a time). A group's profile, the home
/// page, lists and the theme's other pages are `website`s too.
fn open_graph_type(page: Option<&Page>) -> &'static str {
    let Some(page) = page else {
        return "website";
    };
    match page.kind {
        Kind::Profile => match page.profile.as_ref().map(|profile| profile.kind) {
            Some(ProfileKind::Group) => "website",
            _ => "profile",
        },
        Kind::Post | Kind::Toolkit | Kind::Page => "article",
        Kind::Event | Kind::Home | Kind::Section => "website",
    }
}

/// The picture of a preview: the page's own ([`Page::picture`], a profile's avatar or the
/// first picture of its body), else an event's card, else hub.yaml's `image`; none when the
/// hub names none.
fn image(site: &Site, page: Option<&Page>) -> Option<PreviewImage> {
    let own = page
        .and_then(|page| page.picture.as_ref())
        .map(|picture: &PreviewPicture| PreviewImage {
            url: absolute(site, &picture.url),
            width: picture.width,
            height: picture.height,
            alt: picture.alt.clone(),
        });
    let card = || {
        let page = page?;
        let card = EventCard::of(page, site)?;
        Some(PreviewImage {
            url: site_address(site, &EventCard::path(page)),
            width: cards::WIDTH,
            height: cards::HEIGHT,
            alt: card.alt_text(),
        })
    };
    let hub = || {
        let image = site.config.image.as_ref()?;
        Some(PreviewImage {
            url: site_address(site, &image.site_path),
            width: image.width,
            height: image.height,
            alt: site.lang.title.clone(),
        })
    };
    own.or_else(card).or_else(hub)
}

/// The absolute address of `url`, an address on the site from its root (`/hub/a.jpg`), with
/// what a URL cannot carry as it is (spaces, accents) percent-encoded.
fn absolute(site: &Site, url: &str) -> String {
    site.lang.base_url.join(url).map_or_else(
        |_| format!("{}{url}", site.lang.base_url.origin().ascii_serialization()),
        String::from,
    )
}

/// The absolute address of `site_path`, a path within the language's site (`events/x/card.png`).
fn site_address(site: &Site, site_path: &str) -> String {
    absolute(site, &format!("{}{site_path}", site.lang.base_path()))
}
