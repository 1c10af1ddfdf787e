//! `hub.yaml`: the site's configuration, loaded and validated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use crate::diagnostic::{Diagnostic, Place};
use crate::yaml::YamlSource;

/// The taxonomies a hub can use; each is a front matter key of the same name.
pub const TAXONOMIES: [&str; 5] = ["roles", "subjects", "regions", "grade_levels", "tags"];

/// How many pages each page of a long list shows when hub.yaml says nothing.
pub const DEFAULT_PER_PAGE: usize = 48;

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "timezone",
    "also_timezone",
    "taxonomies",
    "per_page",
    "theme",
    "allow_raw_html",
    "feed_limit",
    "calendar_past_days",
    "calendar_archive",
    "search",
    "repository",
    "image",
    "logo",
    "join",
    "contact",
    "menu",
    "social",
    "extra",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: serde_saphyr::Spanned<RawWording>,
    #[serde(default)]
    description: Option<serde_saphyr::Spanned<RawWording>>,
    base_url: serde_saphyr::Spanned<String>,
    #[serde(default)]
    language: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    languages: Option<serde_saphyr::Spanned<Vec<serde_saphyr::Spanned<String>>>>,
    #[serde(default)]
    timezone: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    also_timezone: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    taxonomies: Option<Vec<serde_saphyr::Spanned<String>>>,
    #[serde(default)]
    per_page: Option<serde_saphyr::Spanned<usize>>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    allow_raw_html: bool,
    #[serde(default)]
    feed_limit: Option<serde_saphyr::Spanned<FeedLimit>>,
    #[serde(default = "thirty")]
    calendar_past_days: u32,
    #[serde(default = "yes")]
    calendar_archive: bool,
    #[serde(default = "yes")]
    search: bool,
    #[serde(default)]
    repository: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    image: Option<serde_saphyr::Spanned<String>>,
    logo: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    join: Option<serde_saphyr::Spanned<RawLink>>,
    #[serde(default)]
    contact: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    menu: Option<Vec<serde_saphyr::Spanned<RawLink>>>,
    #[serde(default)]
    social: Option<InOrder<serde_saphyr::Spanned<String>>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A link of hub.yaml as written (`join`, an entry of `menu`): where it leads alone
/// (`events`, `@/about.md`, `https://…`), or that with its words, `{label: …, url: …}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawLink {
    To(String),
    Labelled(BTreeMap<String, RawWording>),
}

/// A mapping of hub.yaml in the order it is written (`social`), which a sorted map would lose.
struct InOrder<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for InOrder<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
            type Value = InOrder<V>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a mapping of labels to addresses")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(InOrder(entries))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// A text of hub.yaml as written: one for every language, or one per language code.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawWording {
    One(String),
    ByLanguage(BTreeMap<String, String>),
}

/// A text of hub.yaml (`title`, `description`) for every language, or given per language:
/// `title: {es: Red Bilingüe, en: Bilingual Network}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wording {
    /// The text in the default language, and in any language not given its own.
    pub default: String,
    /// The text in each other language hub.yaml gives one for, by code.
    pub by_language: BTreeMap<String, String>,
}

impl Wording {
    /// The text in the language `code`.
    pub fn get(&self, code: &str) -> &str {
        self.by_language.get(code).unwrap_or(&self.default)
    }
}

fn yes() -> bool {
    true
}

fn thirty() -> u32 {
    30
}

/// How many items a feed may hold when hub.yaml does not say.
pub const DEFAULT_FEED_LIMIT: usize = 50;

/// `feed_limit` as written: a number, or a word (`all`).
#[derive(Deserialize)]
#[serde(untagged)]
enum FeedLimit {
    Count(usize),
    Word(String),
}

/// The validated configuration of a hub.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The site's name, in each language.
    pub title: Wording,
    /// One sentence about the hub, for the home page, feeds and search engines, in each
    /// language.
    pub description: Wording,
    /// Absolute URL the site is published under, always ending in `/`.
    pub base_url: Url,
    /// Every language of the hub, the default first, each code as BCP 47 writes it (`es`,
    /// `es-MX`, whatever the case or separator hub.yaml used); pages of the others are
    /// published under `/CODE/`, and translated by files named `NAME.CODE.md`. One entry for a
    /// hub in one language (`language`, or `en`).
    pub languages: Vec<String>,
    /// Where hub.yaml names each of `languages` (line 0 for the `en` a hub gets by default),
    /// for a problem found once the theme is loaded.
    pub language_places: Vec<Place>,
    /// IANA name of the default time zone for events.
    pub timezone_name: String,
    /// The default time zone for events.
    pub timezone: jiff::tz::TimeZone,
    /// A second zone every event's page also gives its time in, unless the event names its
    /// own (`also_timezone`).
    pub also_timezone: Option<jiff::tz::TimeZone>,
    /// The taxonomies to build term pages for, in the order given.
    pub taxonomies: Vec<String>,
    /// How many pages each page of a long list shows (the directory, events, sections, terms).
    pub per_page: usize,
    /// A theme from `themes/NAME/`, or `None` for the built-in default.
    pub theme: Option<String>,
    /// When true, raw HTML in Markdown is published as written instead of sanitised.
    pub allow_raw_html: bool,
    /// At most this many items in each RSS feed (50 unless hub.yaml says otherwise); `None`
    /// means no cap (`feed_limit: all` or `0`).
    pub feed_limit: Option<usize>,
    /// How many days after their end past events stay in the calendars people subscribe to.
    pub calendar_past_days: u32,
    /// Whether `/events-archive.ics`, with every event ever published, is written.
    pub calendar_archive: bool,
    /// Whether hub.yaml asks for the search index and the search page.
    pub search: bool,
    /// The hub's repository on GitHub, whose issue forms members contribute through; `None`
    /// when hub.yaml names none (the theme then shows no links to the forms).
    pub repository: Option<Repository>,
    /// The picture link previews show for a page without one of its own (`image`), measured.
    pub image: Option<HubImage>,
    /// The hub's logo, a picture of its `static/` folder shown in every page's header.
    pub logo: Option<Logo>,
    /// Where the theme's "Join us" button leads, and its words if hub.yaml gives them.
    pub join: Option<HubLink>,
    /// The email address every page's footer gives to write to the hub.
    pub contact: Option<String>,
    /// The entries of the menu in the order written; `None` for the menu every hub has (the
    /// sections, then the pages at the top of `content/`).
    pub menu: Option<Vec<HubLink>>,
    /// The hub's pages elsewhere (Mastodon, a blog), in the order written.
    pub social: Vec<SocialLink>,
    /// Free-form values passed to templates as `site.extra`.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The hub's logo: a picture of its `static/` folder, named in hub.yaml as
/// `logo: static/logo.svg`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logo {
    /// Where it is published, relative to the site (`logo.svg`).
    pub path: String,
    /// Its width in pixels, when the file says.
    pub width: Option<u32>,
    /// Its height in pixels, when the file says.
    pub height: Option<u32>,
    /// The media type browsers take it as the tab's icon in (`image/svg+xml`, `image/png`),
    /// for a square SVG or PNG; `None` for any other logo, which leaves the theme's icon.
    pub icon_type: Option<&'static str>,
}

/// Where a link hub.yaml names leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTo {
    /// A section's list, by its folder's name (`events`).
    Section(String),
    /// A page of the hub, by its file (`content/about.md`, written `@/about.md`), and the part
    /// of it the link goes to, if any (`how-to-join` of `@/about.md#how-to-join`).
    Page {
        /// The page's file, relative to the hub.
        file: PathBuf,
        /// The `id` of the part, without its `#`.
        part: Option<String>,
    },
    /// A full address: a page of another site, or `mailto:`.
    Address(String),
}

/// A link hub.yaml names (`join`, each entry of `menu`): where it leads, its words when given,
/// and where it is written, for a problem found once the hub's pages are known.
#[derive(Debug, Clone, PartialEq)]
pub struct HubLink {
    /// Where it leads.
    pub to: LinkTo,
    /// Its words, when hub.yaml gives them (else the section's or page's title, or the
    /// theme's).
    pub label: Option<Wording>,
    /// Where hub.yaml names it.
    pub place: Place,
}

/// One of the hub's pages elsewhere: `Mastodon: https://mastodon.social/@ntxeducators`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SocialLink {
    /// The name it is shown by, as written.
    pub label: String,
    /// The full address.
    pub url: String,
}

/// Reads and validates `hub.yaml` in `root`. `base_url_override` replaces its `base_url`
/// (for preview deployments). Every problem found is returned at once.
pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = Path::new("hub.yaml");
    let text = match std::fs::read(root.join(path)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return Err(vec![
                    Diagnostic::file_error(path, "hub.yaml is not UTF-8 text")
                        .with_help("save the file with UTF-8 encoding"),
                ]);
            }
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![
                Diagnostic::file_error(
                    path,
                    format!("no hub.yaml in {}", root.display()),
                )
                .with_help("run `convene build` in your hub's folder, pass `--source DIR`, or create one with `convene init DIR`"),
            ]);
        }
        Err(error) => {
            return Err(vec![crate::diagnostic::cannot_read(path, &error)]);
        }
    };
    parse(&text, base_url_override, Some(root))
}

/// Checks the text of a hub.yaml (`load` reads it from the hub); `base_url_override` as for
/// [`load`]. The files it names (the `logo`) are looked for and measured in the hub at `root`;
/// without one, only what is written is checked. Every problem found is returned at once.
pub fn parse(
    text: &str,
    base_url_override: Option<&str>,
    root: Option<&Path>,
) -> Result<Config, Vec<Diagnostic>> {
    let path = Path::new("hub.yaml");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = YamlSource {
        path,
        file_text: text,
        yaml: text,
        line_offset: 0,
        inherited: None,
    };
    let cut = source.comments_that_cut();
    if !cut.is_empty() {
        return Err(cut);
    }
    let mut problems = source.check_keys(KEYS, "hub.yaml");
    if !problems.is_empty() {
        return Err(problems);
    }
    let raw: RawConfig = source.parse().map_err(|d| vec![d])?;

    let base_url_text = base_url_override.unwrap_or(&raw.base_url.value);
    let base_url = match Url::parse(base_url_text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            let mut url = url;
            if !url.path().ends_with('/') {
                let path = format!("{}/", url.path());
                url.set_path(&path);
            }
            url.set_query(None);
            url.set_fragment(None);
            Some(url)
        }
        _ => {
            let message = format!("`base_url` must be an absolute URL, not `{base_url_text}`");
            let help = "write the full address the site is published under, such as https://ntxln.example.org/";
            problems.push(match base_url_override {
                Some(_) => Diagnostic::file_error("--base-url", message).with_help(help),
                None => source
                    .error_at_location(&raw.base_url.referenced, message)
                    .with_help(help),
            });
            None
        }
    };

    // `timezone` and `also_timezone`, each checked at its line.
    let mut zone_at = |name: &serde_saphyr::Spanned<String>| match time_zone(&name.value) {
        Ok(zone) => Some(zone),
        Err((message, help)) => {
            problems.push(
                source
                    .error_at_location(&name.referenced, message)
                    .with_help(help),
            );
            None
        }
    };
    let (timezone_name, timezone) = match &raw.timezone {
        None => ("UTC".to_string(), Some(jiff::tz::TimeZone::UTC)),
        Some(name) => (name.value.trim().to_string(), zone_at(name)),
    };
    let also_timezone = raw.also_timezone.as_ref().and_then(zone_at);

    let mut taxonomies = Vec::new();
    match &raw.taxonomies {
        None => taxonomies.extend(TAXONOMIES.iter().map(|t| t.to_string())),
        Some(list) => {
            for name in list {
                if TAXONOMIES.contains(&name.value.as_str()) {
                    if !taxonomies.contains(&name.value) {
                        taxonomies.push(name.value.clone());
                    }
                } else {
                    let diagnostic = source.error_at_location(
                        &name.referenced,
                        format!("`{}` is not a taxonomy convene knows", name.value),
                    );
                    problems.push(
                        match crate::diagnostic::did_you_mean(&name.value, &TAXONOMIES) {
                            Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                            None => diagnostic
                                .with_help(format!("choose from: {}", TAXONOMIES.join(", "))),
                        },
                    );
                }
            }
        }
    }

    let per_page = match &raw.per_page {
        None => DEFAULT_PER_PAGE,
        Some(n) if n.value > 0 => n.value,
        Some(n) => {
            problems.push(
                source
                    .error_at_location(&n.referenced, "`per_page` must be at least 1")
                    .with_help(format!("write how many pages each page of a list shows, such as `per_page: {DEFAULT_PER_PAGE}`")),
            );
            DEFAULT_PER_PAGE
        }
    };

    let place = |location: &serde_saphyr::Location| {
        Place::new(
            path,
            text,
            location.line() as usize,
            location.column() as usize,
        )
    };
    let (languages, language_places): (Vec<String>, Vec<Place>) = match (
        &raw.language,
        &raw.languages,
    ) {
        (None, None) => (vec!["en".to_string()], vec![Place::new(path, text, 0, 0)]),
        (Some(code), None) => match language_code(&code.value) {
            Ok(normal) => (vec![normal], vec![place(&code.referenced)]),
            Err((message, help)) => {
                let help = match meant_code(&code.value) {
                    Some(meant) => format!("{help}, as in `language: {meant}`"),
                    None => help,
                };
                problems.push(
                    source
                        .error_at_location(&code.referenced, message)
                        .with_help(help),
                );
                (vec!["en".to_string()], vec![Place::new(path, text, 0, 0)])
            }
        },
        (Some(_), Some(list)) => {
            problems.push(
                source
                    .error_at_location(&list.referenced, "hub.yaml has both `language` and `languages`")
                    .with_help("keep `languages` and delete the `language` line: the first language listed is the default"),
            );
            (vec!["en".to_string()], vec![Place::new(path, text, 0, 0)])
        }
        (None, Some(list)) => {
            let mut seen: Vec<String> = Vec::new();
            let mut places = Vec::new();
            // The list as it should be written, for the help of each mistake in it.
            let meant: Option<Vec<String>> = list
                .value
                .iter()
                .map(|code| meant_code(&code.value))
                .collect();
            let rewritten = meant.map(|mut codes| {
                let mut kept: Vec<String> = Vec::new();
                codes.retain(|code| {
                    let first = !kept.contains(code);
                    kept.push(code.clone());
                    first
                });
                format!("`languages: [{}]`", codes.join(", "))
            });
            let with_list = |help: &str| match &rewritten {
                Some(list) => format!("{help}, as in {list}"),
                None => help.to_string(),
            };
            for code in &list.value {
                match language_code(&code.value) {
                    Ok(normal) if seen.contains(&normal) => problems.push(
                        source
                            .error_at_location(
                                &code.referenced,
                                if normal == code.value.trim() {
                                    format!("`{normal}` is listed twice in `languages`")
                                } else {
                                    format!(
                                        "`{}` is `{normal}`, which `languages` lists already",
                                        code.value.trim()
                                    )
                                },
                            )
                            .with_help(with_list("list each language once, the default first")),
                    ),
                    Ok(normal) => {
                        seen.push(normal);
                        places.push(place(&code.referenced));
                    }
                    Err((message, help)) => problems.push(
                        source
                            .error_at_location(&code.referenced, message)
                            .with_help(with_list(&help)),
                    ),
                }
            }
            if list.value.is_empty() {
                problems.push(
                    source
                        .error_at_location(&list.referenced, "`languages` lists no language")
                        .with_help("list the hub's languages, the default first, such as `languages: [en, es]`"),
                );
            }
            if seen.is_empty() {
                seen.push("en".to_string());
                places.push(Place::new(path, text, 0, 0));
            }
            (seen, places)
        }
    };

    let feed_limit = match &raw.feed_limit {
        None => Some(DEFAULT_FEED_LIMIT),
        Some(limit) => match &limit.value {
            FeedLimit::Count(0) => None,
            FeedLimit::Count(count) => Some(*count),
            FeedLimit::Word(word) if word.trim().eq_ignore_ascii_case("all") => None,
            FeedLimit::Word(word) => {
                problems.push(
                    source
                        .error_at_location(
                            &limit.referenced,
                            format!("`feed_limit` is a number of items, not `{word}`"),
                        )
                        .with_help("write a number such as `feed_limit: 50`, or `feed_limit: all` for feeds without a limit"),
                );
                None
            }
        },
    };

    let repository = match &raw.repository {
        None => None,
        Some(text) => match Repository::parse(&text.value) {
            Ok(repository) => Some(repository),
            Err((message, help)) => {
                problems.push(
                    source
                        .error_at_location(&text.referenced, message)
                        .with_help(help),
                );
                None
            }
        },
    };

    let image = raw.image.as_ref().and_then(|written| {
        let root = root?;
        checked(
            &source,
            written,
            |text| HubImage::find(text, root),
            &mut problems,
        )
    });

    let title = wording(
        &source,
        &languages,
        "title",
        &raw.title.value,
        &raw.title.referenced,
        &mut problems,
    );
    let description = raw
        .description
        .as_ref()
        .map(|written| {
            wording(
                &source,
                &languages,
                "description",
                &written.value,
                &written.referenced,
                &mut problems,
            )
        })
        .unwrap_or_default();

    let logo = raw
        .logo
        .as_ref()
        .and_then(|written| checked(&source, written, |text| logo(text, root), &mut problems));
    let contact = raw
        .contact
        .as_ref()
        .and_then(|written| checked(&source, written, email_address, &mut problems));
    let mut social = Vec::new();
    for (label, address) in raw.social.map(|written| written.0).unwrap_or_default() {
        let check = |text: &str| social_address(&label, text);
        if let Some(url) = checked(&source, &address, check, &mut problems) {
            social.push(SocialLink { label, url });
        }
    }
    let join = raw
        .join
        .as_ref()
        .and_then(|written| hub_link(&source, &languages, "join", written, &mut problems));
    let menu = raw.menu.as_ref().map(|entries| {
        if entries.is_empty() {
            let line = crate::yaml::key_line(text, "menu").unwrap_or(0);
            problems.push(
                source
                    .error_at(line, 1, "`menu` lists no entry, so the header would have no menu")
                    .with_help("list the sections and pages it leads to, such as `menu: [profiles, events, \"@/about.md\"]`, or delete the line for the menu every hub has"),
            );
        }
        let mut menu = Vec::new();
        for written in entries {
            let Some(link) = hub_link(&source, &languages, "menu", written, &mut problems) else {
                continue;
            };
            if matches!(link.to, LinkTo::Address(_)) && link.label.is_none() {
                problems.push(
                    source
                        .error_at_location(&written.referenced, "an entry of `menu` that leads out of the hub needs a `label`, the words the menu shows")
                        .with_help("write it with its words, such as `- {label: Our forum, url: https://forum.example.org/}`"),
                );
                continue;
            }
            menu.push(link);
        }
        menu
    });

    match (base_url, timezone) {
        (Some(base_url), Some(timezone)) if problems.is_empty() => Ok(Config {
            title,
            description,
            base_url,
            languages,
            language_places,
            timezone_name,
            timezone,
            also_timezone,
            taxonomies,
            per_page,
            theme: raw.theme,
            allow_raw_html: raw.allow_raw_html,
            feed_limit,
            calendar_past_days: raw.calendar_past_days,
            calendar_archive: raw.calendar_archive,
            search: raw.search,
            repository,
            image,
            logo,
            join,
            contact,
            menu,
            social,
            extra: raw.extra,
        }),
        _ => Err(problems),
    }
}

/// The picture hub.yaml names as `image`: what link previews show for a page that has no
/// picture of its own (nor, for an event, a card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubImage {
    /// Where it is published in each language's site (`preview.png`).
    pub site_path: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// The kinds of picture link previews show (Facebook, X and Mastodon take these, not SVG).
const PREVIEW_FORMATS: [&str; 5] = ["png", "jpg", "jpeg", "gif", "webp"];

/// True when the picture at `path` (a file or an address) is of a kind link previews show,
/// by its extension.
pub fn shows_in_previews(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PREVIEW_FORMATS.contains(&e.to_ascii_lowercase().as_str()))
}

impl HubImage {
    /// The picture `written` names in the hub at `root`: a file under `static/` (published at
    /// its path below `static/`) or under `content/` (published at its path below `content/`),
    /// written as its path in the hub (`static/preview.png`), or as its address on the site
    /// (`/preview.png`, looked for under `static/`, then `content/`). Anything else, a file that
    /// is not there, or one no link preview shows, is refused with a message and what to write.
    pub fn find(written: &str, root: &Path) -> Result<HubImage, (String, String)> {
        let text = written.trim();
        let example = "write the path of a picture in the hub, such as `image: static/preview.png`";
        if text.is_empty() {
            return Err((
                "`image` is empty".into(),
                format!("{example}, or delete the line"),
            ));
        }
        if crate::urls::is_on_another_site(text) {
            return Err((
                format!(
                    "`image` must be a file of the hub, not an address on another site (`{text}`)"
                ),
                format!("save the picture in the hub's `static/` folder and {example}"),
            ));
        }
        let candidates: Vec<String> = match text.strip_prefix('/') {
            Some(site_path) => vec![
                format!("static/{site_path}"),
                format!("content/{site_path}"),
            ],
            None if text.starts_with("static/") || text.starts_with("content/") => {
                vec![text.to_string()]
            }
            None => {
                return Err((
                    format!("`image` must be a file under `static/` or `content/`, not `{text}`"),
                    format!(
                        "write `image: static/{text}` for a file in the hub's `static/` folder"
                    ),
                ));
            }
        };
        let parts: Vec<&str> = candidates[0].split('/').collect();
        if parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..")
        {
            return Err((
                format!("`image` must name a file, not `{text}`"),
                example.into(),
            ));
        }
        if parts[1..].iter().any(|p| p.starts_with(['.', '_'])) {
            return Err((
                format!("`{text}` is not published: names that start with `.` or `_` are left out"),
                "rename the picture or its folder so that no part starts with `.` or `_`".into(),
            ));
        }
        if !shows_in_previews(text) {
            return Err((
                format!(
                    "link previews cannot show `{text}`: they show PNG, JPEG, GIF or WebP pictures"
                ),
                "save the picture as PNG or JPEG (1200 × 630 pixels shows best) and name that file"
                    .into(),
            ));
        }
        let Some(file) = candidates.iter().find(|c| root.join(c).is_file()) else {
            return Err((
                format!("there is no picture `{}` in the hub", candidates[0]),
                format!("put the picture there, or {example}"),
            ));
        };
        let Some((width, height)) = crate::markdown::measure_picture(&root.join(file)) else {
            return Err((
                format!("`{file}` is not a picture convene can read"),
                "save it again as PNG or JPEG".into(),
            ));
        };
        let site_path = file
            .split_once('/')
            .map_or(file.as_str(), |(_, inner)| inner);
        Ok(HubImage {
            site_path: crate::paths::composed(site_path),
            width,
            height,
        })
    }
}

/// A text of hub.yaml given once or per language (`title`, `description`, a link's `label`),
/// checked against the hub's `languages`: each code one of them, and the first one given.
fn wording(
    source: &YamlSource,
    languages: &[String],
    key: &str,
    written: &RawWording,
    at: &serde_saphyr::Location,
    problems: &mut Vec<Diagnostic>,
) -> Wording {
    let by_code = match written {
        RawWording::One(text) => {
            return Wording {
                default: text.clone(),
                by_language: BTreeMap::new(),
            };
        }
        RawWording::ByLanguage(by_code) => by_code,
    };
    let mut out = Wording::default();
    for (code, words) in by_code {
        let named = language_code(code).ok().filter(|c| languages.contains(c));
        match named {
            Some(code) if code == languages[0] => out.default = words.clone(),
            Some(code) => {
                out.by_language.insert(code, words.clone());
            }
            // Told at the line of the code, which YAML does not report for a value that
            // may be one of two shapes.
            None => {
                let message = format!(
                    "`{key}` is given in `{code}`, which is not one of the hub's languages ({})",
                    languages.join(", ")
                );
                let problem = match crate::yaml::nested_key_line(source.yaml, key, code) {
                    Some((line, column)) => source.error_at(line, column, message),
                    None => source.error_at_location(at, message),
                };
                problems.push(problem.with_help(format!(
                    "give `{key}` in the languages of `languages`, each under its code"
                )));
            }
        }
    }
    if out.default.is_empty() {
        problems.push(
            source
                .error_at_location(
                    at,
                    format!(
                        "`{key}` is given per language but not in `{}`, the hub's first language",
                        languages[0]
                    ),
                )
                .with_help(format!("add a line `{}: ...` under `{key}`", languages[0])),
        );
    }
    out
}

/// What `check` makes of the text `written`, or `None` with its problem added to `problems`,
/// told at its place.
fn checked<T>(
    source: &YamlSource,
    written: &serde_saphyr::Spanned<String>,
    check: impl FnOnce(&str) -> Result<T, (String, String)>,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    check(&written.value)
        .map_err(|(message, help)| {
            problems.push(
                source
                    .error_at_location(&written.referenced, message)
                    .with_help(help),
            )
        })
        .ok()
}

/// The picture formats a logo may be in, by the file's extension.
const LOGO_FORMATS: [&str; 7] = ["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

/// What to write for a logo hub.yaml names wrongly.
const LOGO_EXAMPLE: &str = "save the picture in the hub's static/ folder and write its path, such as `logo: static/logo.svg`";

/// The logo `written` names: a picture of the hub's `static/` folder (`static/logo.svg`, or
/// `/logo.svg`, the address it is published at), looked for and measured in the hub at `root`
/// when given; or why not, with what to write instead.
fn logo(written: &str, root: Option<&Path>) -> Result<Logo, (String, String)> {
    let written = written.trim();
    if crate::urls::is_on_another_site(written) {
        return Err((
            format!(
                "the logo must be a file of the hub, not `{written}`: pictures load only from the hub itself, so that readers are not tracked"
            ),
            LOGO_EXAMPLE.to_string(),
        ));
    }
    let file = crate::paths::normalize(&match written.strip_prefix('/') {
        Some(published) => Path::new("static").join(published),
        None => PathBuf::from(written),
    });
    let published = file
        .strip_prefix("static")
        .ok()
        .filter(|published| !published.as_os_str().is_empty());
    let Some(published) = published else {
        let in_static = Path::new("static").join(&file);
        let help = match root {
            Some(root) if root.join(&in_static).is_file() => {
                format!("write `logo: {}`", in_static.display())
            }
            _ => LOGO_EXAMPLE.to_string(),
        };
        return Err((
            format!("`logo` must be a picture of the hub's static/ folder, not `{written}`"),
            help,
        ));
    };
    let extension = published
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !LOGO_FORMATS.contains(&extension.as_str()) {
        return Err((
            format!("`{written}` is not a picture browsers show"),
            "use an SVG, PNG, JPEG, GIF, WebP or AVIF file".to_string(),
        ));
    }
    let size = match root {
        None => None,
        Some(root) if root.join(&file).is_file() => {
            crate::markdown::measure_picture(&root.join(&file))
        }
        Some(root) => {
            let shown = file.to_string_lossy().replace('\\', "/");
            let pictures: Vec<String> = walkdir::WalkDir::new(root.join("static"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file())
                .filter_map(|entry| {
                    let path = entry.path().strip_prefix(root).ok()?;
                    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
                    LOGO_FORMATS
                        .contains(&extension.as_str())
                        .then(|| path.to_string_lossy().replace('\\', "/"))
                })
                .collect();
            let names: Vec<&str> = pictures.iter().map(String::as_str).collect();
            return Err((
                format!("the logo `{shown}` is not a file of the hub"),
                match crate::diagnostic::did_you_mean(&shown, &names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => LOGO_EXAMPLE.to_string(),
                },
            ));
        }
    };
    let icon_type = match (extension.as_str(), size) {
        ("svg", Some((width, height))) if width == height => Some("image/svg+xml"),
        ("png", Some((width, height))) if width == height => Some("image/png"),
        _ => None,
    };
    Ok(Logo {
        path: published.to_string_lossy().replace('\\', "/"),
        width: size.map(|(width, _)| width),
        height: size.map(|(_, height)| height),
        icon_type,
    })
}

/// The address `written` for `contact` (`mailto:` before it is fine), or why it is not an
/// email address, with what to write instead.
fn email_address(written: &str) -> Result<String, (String, String)> {
    let written = written.trim();
    let address = written.strip_prefix("mailto:").unwrap_or(written);
    let example =
        "write the address people write to the hub at, such as `contact: hello@ntxln.example.org`";
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:\"@".contains(c))
    };
    match address.split_once('@') {
        Some((name, domain))
            if plain(name)
                && plain(domain)
                && domain.split('.').count() > 1
                && domain.split('.').all(|part| !part.is_empty()) =>
        {
            Ok(address.to_string())
        }
        _ if crate::urls::is_on_another_site(address) => Err((
            format!("`contact` is an email address, not a web address (`{written}`)"),
            format!("{example}; to lead readers to a page, name it in `join`"),
        )),
        _ => Err((
            format!("`{written}` is not an email address"),
            example.to_string(),
        )),
    }
}

/// The address `written` for the hub's page `label` in `social`, or why it is not a full web
/// address, with what to write instead.
fn social_address(label: &str, written: &str) -> Result<String, (String, String)> {
    let written = written.trim();
    match Url::parse(written) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(written.to_string())
        }
        _ => Err((
            format!(
                "`{label}` in `social` must be the full address of a web page, not `{written}`"
            ),
            format!(
                "write the address of the hub's page there as the browser shows it, such as `{label}: https://mastodon.social/@ntxeducators`"
            ),
        )),
    }
}

/// Where the link `text` of hub.yaml leads: a section's folder name (`events`), a page's file
/// after `@/` (`@/about.md`), or a full address; or why it is none, with what to write instead.
fn link_to(text: &str) -> Result<LinkTo, (String, String)> {
    let text = text.trim();
    let forms = "write a section's folder name (`events`), a page's file after `@/`, in quotes (`\"@/about.md\"`), or a full address (`https://…`)";
    if let Some(page) = text.strip_prefix("@/") {
        let (file, part) = match page.split_once('#') {
            Some((file, part)) => (file, Some(part).filter(|part| !part.is_empty())),
            None => (page, None),
        };
        let file = crate::paths::normalize(&Path::new("content").join(file));
        return match file.strip_prefix("content") {
            Ok(rest) if !rest.as_os_str().is_empty() => Ok(LinkTo::Page {
                file,
                part: part.map(str::to_string),
            }),
            _ => Err((
                format!("`{text}` names no page of the hub"),
                forms.to_string(),
            )),
        };
    }
    if text.contains(':') || text.starts_with("//") {
        return crate::urls::check_external(text)
            .map(|()| LinkTo::Address(text.to_string()))
            .map_err(|message| (message, forms.to_string()));
    }
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
    {
        return Ok(LinkTo::Section(text.to_string()));
    }
    let help = if text.ends_with(".md") {
        let file = text.trim_start_matches('/');
        format!(
            "write a page's file after `@/`, in quotes: `\"@/{}\"`",
            file.strip_prefix("content/").unwrap_or(file)
        )
    } else if text.contains('.') && !text.contains(' ') && !text.starts_with('/') {
        format!("write the full address: `https://{text}`")
    } else {
        forms.to_string()
    };
    let message = if text.is_empty() {
        "a link is empty".to_string()
    } else {
        format!("`{text}` is not a section, a page or an address")
    };
    Err((message, help))
}

/// A link of hub.yaml (`join`, an entry of `menu`; `key` names which) read: where it leads
/// and its words. Its problems are added to `problems`, and `None` returned.
fn hub_link(
    source: &YamlSource,
    languages: &[String],
    key: &str,
    written: &serde_saphyr::Spanned<RawLink>,
    problems: &mut Vec<Diagnostic>,
) -> Option<HubLink> {
    let at = &written.referenced;
    let (target, label) = match &written.value {
        RawLink::To(target) => (target.as_str(), None),
        RawLink::Labelled(fields) => {
            let mut known = true;
            for name in fields
                .keys()
                .filter(|name| !matches!(name.as_str(), "url" | "label"))
            {
                known = false;
                let problem = source
                    .error_at_location(at, format!("unknown key `{name}` in a link of `{key}`"));
                problems.push(
                    match crate::diagnostic::did_you_mean(name, &["url", "label"]) {
                        Some(close) => problem.with_help(format!("did you mean `{close}`?")),
                        None => problem.with_help(
                            "a link takes `url`, where it leads, and `label`, its words",
                        ),
                    },
                );
            }
            let label = fields
                .get("label")
                .map(|label| wording(source, languages, "label", label, at, problems));
            let target = match fields.get("url") {
                Some(RawWording::One(target)) => target.as_str(),
                Some(RawWording::ByLanguage(_)) => {
                    problems.push(
                        source
                            .error_at_location(at, format!("the `url` of a link of `{key}` is given per language"))
                            .with_help("a link leads to one place in every language (a page of the hub leads to its translation): write one `url`, and give `label` per language"),
                    );
                    return None;
                }
                None => {
                    problems.push(
                        source
                            .error_at_location(at, format!("a link of `{key}` has no `url`"))
                            .with_help("write where it leads beside its `label`, such as `url: \"@/about.md\"`"),
                    );
                    return None;
                }
            };
            if !known {
                return None;
            }
            (target, label)
        }
    };
    match link_to(target) {
        Ok(to) => Some(HubLink {
            to,
            label,
            place: Place::new(
                source.path,
                source.file_text,
                at.line() as usize,
                at.column() as usize,
            ),
        }),
        Err((message, help)) => {
            problems.push(source.error_at_location(at, message).with_help(help));
            None
        }
    }
}

/// A repository on GitHub, named in hub.yaml as `repository: https://github.com/OWNER/NAME`:
/// where the hub is kept, and where the issue forms its members contribute through are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// The account or organisation that owns it (`ntx-educators`).
    pub owner: String,
    /// Its name (`hub`).
    pub name: String,
}

impl Repository {
    /// The repository an address names: `https://github.com/OWNER/NAME`, with or without a
    /// trailing `/` or `.git`. Anything else is refused with a message and what to write
    /// instead.
    pub fn parse(text: &str) -> Result<Repository, (String, String)> {
        let text = text.trim();
        let example = REPOSITORY_EXAMPLE;
        if text.is_empty() {
            return Err((
                "`repository` is empty".to_string(),
                format!("{example}, or delete the line"),
            ));
        }
        let Some((scheme, rest)) = text.split_once("://") else {
            // The address without its beginning: `ntx-educators/hub`, `github.com/ntx-educators`.
            let on_github = text
                .strip_prefix("www.")
                .unwrap_or(text)
                .strip_prefix("github.com/");
            let message = format!(
                "`repository` must be the full address of a repository on GitHub, not `{text}`"
            );
            return Err((
                message,
                help(on_github.unwrap_or(text), on_github.is_some()),
            ));
        };
        let url = Url::parse(text).ok();
        let host = url
            .as_ref()
            .and_then(Url::host_str)
            .unwrap_or_else(|| rest.split('/').next().unwrap_or(rest))
            .to_ascii_lowercase();
        let Some(url) = url.filter(|_| matches!(host.as_str(), "github.com" | "www.github.com"))
        else {
            return Err((
                format!("`repository` must be a repository on github.com, not on `{host}`"),
                format!(
                    "members contribute through GitHub's issue forms, so the theme links to a repository on GitHub: {example}, or delete the line"
                ),
            ));
        };
        let segments: Vec<&str> = url
            .path_segments()
            .map(|segments| segments.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let path = segments.join("/");
        let plain = url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none()
            && url.port().is_none();
        if let (true, true, 2, Some((owner, name))) = (
            scheme.eq_ignore_ascii_case("https"),
            plain,
            segments.len(),
            owner_and_name(&path),
        ) {
            return Ok(Repository { owner, name });
        }
        let message = if !scheme.eq_ignore_ascii_case("https") {
            format!("`repository` must be an https address, not `{text}`")
        } else if segments.len() < 2 {
            format!(
                "`repository` must name an owner and a repository, as in https://github.com/OWNER/REPOSITORY; `{text}` names no repository"
            )
        } else {
            format!(
                "`repository` must be the address of the repository itself, https://github.com/OWNER/REPOSITORY, not `{text}`"
            )
        };
        Err((message, help(&path, true)))
    }

    /// The repository's address, `https://github.com/OWNER/NAME`.
    pub fn url(&self) -> Url {
        let mut url = Url::parse("https://github.com/").expect("a valid address");
        url.path_segments_mut()
            .expect("an https address has a path")
            .extend([self.owner.as_str(), self.name.as_str()]);
        url
    }

    /// The address of the page that opens an issue in the repository,
    /// `https://github.com/OWNER/NAME/issues/new`.
    pub fn new_issue(&self) -> Url {
        let mut url = self.url();
        url.path_segments_mut()
            .expect("an https address has a path")
            .extend(["issues", "new"]);
        url
    }
}

/// What to write for a `repository` whose path on GitHub is `path` (`OWNER/NAME/...`, or
/// `OWNER` alone when `on_github` says the address was GitHub's).
fn help(path: &str, on_github: bool) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [owner, name, ..] => match owner_and_name(&format!("{owner}/{name}")) {
            Some((owner, name)) => format!("write `repository: https://github.com/{owner}/{name}`"),
            None => REPOSITORY_EXAMPLE.to_string(),
        },
        [owner] if on_github && valid_owner(owner) => format!(
            "add the repository's name after its owner, as GitHub shows it: `repository: https://github.com/{owner}/REPOSITORY`"
        ),
        _ => REPOSITORY_EXAMPLE.to_string(),
    }
}

/// What to write for a `repository` that says nothing usable.
const REPOSITORY_EXAMPLE: &str = "write the address of the hub's repository as GitHub shows it, such as `repository: https://github.com/ntx-educators/hub`";

/// The owner and name `OWNER/NAME` names (a trailing `.git` removed), when both are names
/// GitHub allows: an owner as [`valid_owner`] says; a name of letters, digits, `-`, `_` and
/// `.`.
fn owner_and_name(path: &str) -> Option<(String, String)> {
    let path = path.trim_matches('/');
    let (owner, name) = path.split_once('/')?;
    let name = name.strip_suffix(".git").unwrap_or(name);
    let valid_name = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    (valid_owner(owner) && valid_name).then(|| (owner.to_string(), name.to_string()))
}

/// Whether `owner` is a name GitHub gives an account or organisation: letters, digits and
/// hyphens, not at either end, at most 39 characters.
fn valid_owner(owner: &str) -> bool {
    !owner.is_empty()
        && owner.len() <= 39
        && !owner.starts_with('-')
        && !owner.ends_with('-')
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The time zone `name` names (an IANA name such as America/Chicago), or why not: a message
/// and what to write instead. The names people use for a zone ("Eastern", "PST", "Hawaii") are
/// answered with the IANA name they mean; the old fixed zones `EST`, `MST` and `HST` too, which
/// would silently ignore daylight saving.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, (String, String)> {
    let key = name
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .replace(" standard", "")
        .replace(" daylight", "")
        .replace(" time", "");
    let meant = match key.trim_start_matches("us/").trim() {
        "pacific" | "pst" | "pdt" | "pt" | "pst8pdt" => {
            Some(("America/Los_Angeles", "US Pacific time"))
        }
        "mountain" | "mst" | "mdt" | "mt" | "mst7mdt" => Some((
            "America/Denver",
            "US Mountain time; Arizona, which keeps no daylight saving, is America/Phoenix",
        )),
        "arizona" => Some(("America/Phoenix", "Arizona time")),
        "central" | "cst" | "cdt" | "ct" | "cst6cdt" => {
            Some(("America/Chicago", "US Central time"))
        }
        "eastern" | "est" | "edt" | "et" | "est5edt" => {
            Some(("America/New_York", "US Eastern time"))
        }
        "alaska" | "akst" | "akdt" => Some(("America/Anchorage", "Alaska time")),
        "hawaii" | "hst" | "hawaii aleutian" => Some(("Pacific/Honolulu", "Hawaii time")),
        "atlantic" | "ast" | "puerto rico" => {
            Some(("America/Puerto_Rico", "Atlantic time, as in Puerto Rico"))
        }
        _ => None,
    };
    if let Some((zone, what)) = meant {
        return Err((
            format!(
                "`{}` is a name people use for a time zone, not the exact name convene needs",
                name.trim()
            ),
            format!(
                "write `{zone}` ({what}); an IANA name keeps each daylight saving change right"
            ),
        ));
    }
    jiff::tz::TimeZone::get(name.trim()).map_err(|_| {
        // The same name written with spaces or in other capitals (`America/Puerto Rico`,
        // `america/chicago`). A near name is not offered: a city that is no zone's name
        // (`America/Dallas`) is nearest to a zone far away.
        let spelled = |zone: &str| zone.to_lowercase().replace([' ', '-'], "_");
        let wanted = spelled(name.trim());
        let help = match jiff::tz::db()
            .available()
            .find(|zone| spelled(zone.as_str()) == wanted)
        {
            Some(zone) => format!("write `{}`, the time zone's exact name", zone.as_str()),
            None => {
                "write an IANA time zone name, such as America/Chicago or Europe/Madrid".to_string()
            }
        };
        (format!("`{name}` is not a known time zone"), help)
    })
}

/// The code of a language as BCP 47 writes it, from what people write for it: the language in
/// small letters, a script in four letters with a capital, a region in capitals or three
/// digits, joined by hyphens (`ES` is `es`, `es_mx` is `es-MX`, `EN-us` is `en-US`, `zh-hant`
/// is `zh-Hant`). Anything else is refused with a message and what to write instead: a
/// language's name (`Spanish`, `español`) with its code.
pub fn language_code(text: &str) -> Result<String, (String, String)> {
    let text = text.trim();
    if let Some(code) = code_of_name(text) {
        return Err((
            format!("`{text}` is the name of a language; convene needs its code, `{code}`"),
            "write its code".to_string(),
        ));
    }
    let parts: Vec<&str> = text.split(['-', '_']).collect();
    let letters = |part: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphabetic())
    };
    let language = parts[0];
    if !letters(language, 2..=3) {
        return Err((
            if text.is_empty() {
                "a language code is empty".to_string()
            } else {
                format!("`{text}` is not a language code")
            },
            "write a language's two-letter code, such as `en` or `es`".to_string(),
        ));
    }
    let mut code = language.to_ascii_lowercase();
    let mut rest = &parts[1..];
    if let [script, after @ ..] = rest
        && letters(script, 4..=4)
    {
        code.push('-');
        code.push_str(&script[..1].to_ascii_uppercase());
        code.push_str(&script[1..].to_ascii_lowercase());
        rest = after;
    }
    match rest {
        [] => Ok(code),
        [region] if letters(region, 2..=2) => Ok(format!("{code}-{}", region.to_ascii_uppercase())),
        [region] if region.len() == 3 && region.chars().all(|c| c.is_ascii_digit()) => {
            Ok(format!("{code}-{region}"))
        }
        _ => Err((
            format!(
                "`{text}` is not a language code: after the language, convene takes a region's two letters (`{code}-MX`) or three digits (`{code}-419`)"
            ),
            format!("write `{code}` for the language alone, or add a region's two letters"),
        )),
    }
}

/// The code to suggest for what hub.yaml names as a language: its code, the code of a
/// language's name, or the language of a code with a region convene does not take. `None`
/// when nothing in `text` is a language.
pub fn meant_code(text: &str) -> Option<String> {
    if let Ok(code) = language_code(text) {
        return Some(code);
    }
    if let Some(code) = code_of_name(text.trim()) {
        return Some(code.to_string());
    }
    let language = text.trim().split(['-', '_']).next()?;
    ((2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| language.to_ascii_lowercase())
}

/// The codes of the languages a hub in the United States is most likely to publish in, told
/// apart from other words at the end of a file's name (`notes.old.md`).
pub const COMMON_LANGUAGES: [&str; 12] = [
    "en", "es", "fr", "pt", "de", "it", "zh", "vi", "ar", "ko", "ht", "ru",
];

/// The code of a language named in English or in itself (`Spanish`, `español`, `Español`), or
/// by its three-letter code (`spa`), for the languages a hub in the United States is most
/// likely to name.
fn code_of_name(name: &str) -> Option<&'static str> {
    let name = deunicode::deunicode(name).to_lowercase();
    let code = match name.trim() {
        "english" | "ingles" | "eng" => "en",
        "spanish" | "espanol" | "castellano" | "castilian" | "spa" => "es",
        "french" | "francais" | "frances" | "fra" | "fre" => "fr",
        "portuguese" | "portugues" | "por" => "pt",
        "german" | "deutsch" | "aleman" | "deu" | "ger" => "de",
        "italian" | "italiano" | "ita" => "it",
        "chinese" | "chino" | "zhong wen" | "zho" | "chi" => "zh",
        "vietnamese" | "tieng viet" | "vie" => "vi",
        "arabic" | "arabe" | "ara" => "ar",
        "korean" | "coreano" | "kor" => "ko",
        "haitian" | "haitian creole" | "kreyol" | "kreyol ayisyen" | "hat" => "ht",
        "russian" | "ruso" | "rus" => "ru",
        _ => return None,
    };
    Some(code)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str) -> (String, String) {
        let repository = Repository::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (repository.owner, repository.name)
    }

    #[test]
    fn language_codes_are_read_as_bcp_47_writes_them() {
        for (written, code) in [
            ("es", "es"),
            ("ES", "es"),
            (" En ", "en"),
            ("es_MX", "es-MX"),
            ("es-mx", "es-MX"),
            ("EN-us", "en-US"),
            ("es_419", "es-419"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("ZH_HANS", "zh-Hans"),
        ] {
            assert_eq!(language_code(written).as_deref(), Ok(code), "{written}");
        }
        for (written, help) in [
            ("Spanish", "write its code"),
            ("español", "write its code"),
            ("spa", "write its code"),
            ("es-Mexico", "write `es` for the language alone"),
            ("es-MX-x", "write `es` for the language alone"),
            ("", "two-letter code"),
            ("e", "two-letter code"),
            ("1", "two-letter code"),
            ("es/MX", "two-letter code"),
        ] {
            let (_, said) = language_code(written).unwrap_err();
            assert!(said.contains(help), "{written}: {said}");
        }
        assert_eq!(meant_code("Español").as_deref(), Some("es"));
        assert_eq!(meant_code("ES-Mexico").as_deref(), Some("es"));
        assert_eq!(meant_code("123"), None);
    }

    #[test]
    fn a_hub_names_its_languages_in_any_case_and_each_is_placed() {
        let hub = |languages: &str| {
            parse(
                &format!("title: T\nbase_url: https://example.org/\n{languages}\n"),
                None,
                None,
            )
        };
        let config = hub("languages: [ES, en_us]").unwrap();
        assert_eq!(config.languages, ["es", "en-US"]);
        let places: Vec<(usize, usize)> = config
            .language_places
            .iter()
            .map(|p| (p.line, p.column))
            .collect();
        assert_eq!(places, [(3, 13), (3, 17)]);
        assert_eq!(hub("language: es_mx").unwrap().languages, ["es-MX"]);
        let config = hub("").unwrap();
        assert_eq!(config.languages, ["en"]);
        assert_eq!(config.language_places[0].line, 0);
        let problems = hub("languages:\n  - es\n  - Inglés\n  - ES\n").unwrap_err();
        let shown: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{} {}",
                    p.line,
                    p.column,
                    p.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "5:5 write its code, as in `languages: [es, en]`",
                "6:5 list each language once, the default first, as in `languages: [es, en]`",
            ]
        );
    }

    #[test]
    fn the_hub_picture_is_a_file_of_the_hub_that_previews_show() {
        let hub = tempfile::tempdir().unwrap();
        let root = hub.path();
        std::fs::create_dir_all(root.join("static/pictures")).unwrap();
        std::fs::create_dir_all(root.join("content/images")).unwrap();
        let picture = |width: u32, height: u32| {
            let mut bytes = Vec::new();
            let mut encoder = png::Encoder::new(&mut bytes, width, height);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().unwrap();
            writer
                .write_image_data(&vec![0; (width * height) as usize])
                .unwrap();
            writer.finish().unwrap();
            bytes
        };
        std::fs::write(root.join("static/pictures/hub.png"), picture(40, 21)).unwrap();
        std::fs::write(root.join("content/images/hub.png"), picture(10, 5)).unwrap();
        std::fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
        let found = |written: &str| HubImage::find(written, root);
        let hub_gif = HubImage {
            site_path: "pictures/hub.png".into(),
            width: 40,
            height: 21,
        };
        assert_eq!(found("static/pictures/hub.png"), Ok(hub_gif.clone()));
        assert_eq!(found(" /pictures/hub.png "), Ok(hub_gif));
        assert_eq!(
            found("/images/hub.png").map(|i| i.site_path),
            Ok("images/hub.png".into())
        );
        assert_eq!(found("content/images/hub.png").map(|i| i.width), Ok(10));
        for (written, said) in [
            ("", "is empty"),
            ("https://example.org/a.png", "another site"),
            ("pictures/hub.png", "write `image: static/pictures/hub.png`"),
            ("static/../hub.png", "must name a file"),
            ("static/_drafts/a.png", "left out"),
            ("static/logo.svg", "PNG, JPEG, GIF or WebP"),
            ("static/missing.png", "no picture `static/missing.png`"),
        ] {
            let (message, help) = found(written).unwrap_err();
            assert!(
                format!("{message} {help}").contains(said),
                "{written}: {message} / {help}"
            );
        }
        let problems = parse(
            "title: T\nbase_url: https://example.org/\nimage: static/nothing.png\n",
            None,
            Some(root),
        )
        .unwrap_err();
        assert_eq!((problems[0].line, problems[0].column), (3, 8));
    }

    #[test]
    fn a_contact_is_an_email_address() {
        assert_eq!(
            email_address("hello@ntx.example.org").unwrap(),
            "hello@ntx.example.org"
        );
        assert_eq!(
            email_address(" mailto:a.b+c@x.org ").unwrap(),
            "a.b+c@x.org"
        );
        for written in [
            "hello",
            "hello@",
            "@x.org",
            "a@x",
            "a b@x.org",
            "a@x..org",
            "a@b@x.org",
            "<a@x.org>",
        ] {
            let (message, help) = email_address(written).unwrap_err();
            assert!(
                message.contains("not an email address"),
                "{written}: {message}"
            );
            assert!(help.contains("contact: hello@"), "{written}: {help}");
        }
        let (message, _) = email_address("https://x.org/contact").unwrap_err();
        assert!(message.contains("not a web address"), "{message}");
    }

    #[test]
    fn a_link_leads_to_a_section_a_page_or_an_address() {
        let page = |file: &str, part: Option<&str>| LinkTo::Page {
            file: PathBuf::from(file),
            part: part.map(str::to_string),
        };
        for (written, to) in [
            ("events", LinkTo::Section("events".into())),
            (" grade_levels ", LinkTo::Section("grade_levels".into())),
            ("@/about.md", page("content/about.md", None)),
            (
                "@/about.md#how-to-join",
                page("content/about.md", Some("how-to-join")),
            ),
            ("@/profiles/bob/", page("content/profiles/bob", None)),
            (
                "https://forum.example.org/",
                LinkTo::Address("https://forum.example.org/".into()),
            ),
            (
                "mailto:hello@x.org",
                LinkTo::Address("mailto:hello@x.org".into()),
            ),
        ] {
            assert_eq!(link_to(written), Ok(to), "{written}");
        }
        for (written, help) in [
            ("@/../hub.yaml", "a section's folder name"),
            ("/about/", "a section's folder name"),
            ("", "a section's folder name"),
            ("javascript:alert(1)", "a section's folder name"),
            ("forum.example.org", "`https://forum.example.org`"),
            ("content/about.md", "`\"@/about.md\"`"),
        ] {
            let (_, said) = link_to(written).unwrap_err();
            assert!(said.contains(help), "{written}: {said}");
        }
    }

    #[test]
    fn a_logo_is_a_picture_of_static() {
        let published = |written: &str| logo(written, None).map(|logo| logo.path);
        assert_eq!(published("static/logo.svg").as_deref(), Ok("logo.svg"));
        assert_eq!(
            published("/images/logo.png").as_deref(),
            Ok("images/logo.png")
        );
        for written in [
            "logo.svg",
            "static/../hub.yaml",
            "static/",
            "static/logo.txt",
        ] {
            assert!(published(written).is_err(), "{written}");
        }
        let hub = tempfile::tempdir().unwrap();
        std::fs::create_dir(hub.path().join("static")).unwrap();
        let square = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 48 48\"></svg>";
        std::fs::write(hub.path().join("static/logo.svg"), square).unwrap();
        std::fs::write(
            hub.path().join("static/wide.svg"),
            square.replace("48 48", "96 48"),
        )
        .unwrap();
        let square = logo("static/logo.svg", Some(hub.path())).unwrap();
        assert_eq!((square.width, square.height), (Some(48), Some(48)));
        assert_eq!(square.icon_type, Some("image/svg+xml"));
        assert_eq!(
            logo("static/wide.svg", Some(hub.path())).unwrap().icon_type,
            None
        );
        let (_, help) = logo("logo.svg", Some(hub.path())).unwrap_err();
        assert_eq!(help, "write `logo: static/logo.svg`");
    }

    #[test]
    fn a_repository_is_its_address_on_github() {
        let hub = ("ntx-educators".to_string(), "hub".to_string());
        for text in [
            "https://github.com/ntx-educators/hub",
            "https://github.com/ntx-educators/hub/",
            "https://github.com/ntx-educators/hub.git",
            " https://www.github.com/ntx-educators/hub ",
        ] {
            assert_eq!(named(text), hub);
        }
        assert_eq!(named("https://github.com/a-b/c.d_e").1, "c.d_e");
        let repository = Repository::parse("https://github.com/ntx-educators/hub").unwrap();
        assert_eq!(
            repository.new_issue().as_str(),
            "https://github.com/ntx-educators/hub/issues/new"
        );
    }

    #[test]
    fn anything_else_says_what_to_write() {
        let help = |text: &str| Repository::parse(text).unwrap_err().1;
        let exact = "write `repository: https://github.com/ntx-educators/hub`";
        for text in [
            "ntx-educators/hub",
            "github.com/ntx-educators/hub",
            "http://github.com/ntx-educators/hub",
            "https://github.com/ntx-educators/hub/issues",
            "https://github.com/ntx-educators/hub?tab=readme",
        ] {
            assert_eq!(help(text), exact, "{text}");
        }
        for text in [
            "github.com/a",
            "https://github.com/a",
            "https://github.com/a/",
        ] {
            assert!(
                help(text).contains("https://github.com/a/REPOSITORY"),
                "{text}"
            );
        }
        for text in [
            "https://gitlab.com/a/b",
            "https://github.com/",
            "https://github.com/-a/b",
            "",
            "hub",
        ] {
            assert!(
                help(text).contains("https://github.com/ntx-educators/hub"),
                "{text}"
            );
        }
        let (message, _) = Repository::parse("https://gitlab.com/a/b").unwrap_err();
        assert!(
            message.contains("github.com") && message.contains("gitlab.com"),
            "{message}"
        );
    }
}
