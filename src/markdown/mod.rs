//! Markdown to HTML: pulldown-cmark with tables, footnotes, strikethrough and task lists,
//! heading anchors, code highlighted by syntect as CSS classes, internal links resolved to page
//! URLs, and member-written HTML sanitised.

mod sanitised;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::content::Source;
use crate::diagnostic::Diagnostic;
use crate::escape::{escape_html, unescape_html};
use crate::pictures;
use crate::slug::slugify;
use crate::urls::is_script_url;

/// The class prefix of highlighted code: `hl-keyword`, `hl-string`, ...
pub const HIGHLIGHT_CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The page URL of every Markdown file, by its path relative to the hub (`content/a.md`).
pub type LinkTargets = HashMap<PathBuf, String>;

/// The HTML of a page body and what was learnt while rendering it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The first paragraph as plain text, for summaries.
    pub first_paragraph: String,
    /// The links to a part of a page (`coffee.md#agenda`, `#agenda`), checked once every page
    /// is rendered.
    pub fragment_links: Vec<FragmentLink>,
    /// Warnings for `convene check`: pictures without alternative text.
    pub advice: Vec<Diagnostic>,
    /// The resized variants of the body's pictures, to publish.
    pub variants: Vec<pictures::Variant>,
    /// The first picture of the body that link previews can show: a file of the hub, measured,
    /// in a format they take (its fallback variant when it is offered resized).
    pub first_picture: Option<BodyPicture>,
}

/// A picture of a page body that is a file of the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyPicture {
    /// Its address on the site, from the root (`/hub/posts/meetup/team.jpg`).
    pub url: String,
    /// Its width and height in pixels.
    pub size: (u32, u32),
    /// Its alternative text.
    pub alt: String,
}

/// A link to a part of a page, which must name an `id` the page has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentLink {
    /// The URL of the page linked to, or empty for the page the link is on.
    pub page_url: String,
    /// The part, percent-decoded (`agenda`).
    pub fragment: String,
    /// The link as written.
    pub written: String,
    /// Where the link is: a problem with no message yet, given one if the part is missing.
    pub place: Diagnostic,
    /// A link written as an address that names no page of the hub's files (`/subjects/math/`,
    /// `../rss.xml`): `page_url` is then the site path it leads to, which the build must
    /// publish (checked against its files), and `fragment` may be empty.
    pub address: bool,
}

/// A link as it is published, and the part of a page it names, if any.
struct ResolvedLink<'a> {
    href: CowStr<'a>,
    /// The page URL (empty for this page) and the decoded fragment.
    fragment: Option<(String, String)>,
    /// For an address that names no page of the hub's files: the site path to check.
    address: Option<(String, String)>,
}

/// The page a link is written on: its file, its site path and the hub's path in its language,
/// and the hub's addresses.
struct LinkFrom<'a> {
    file: &'a Path,
    path: &'a str,
    base_path: &'a str,
    hub: &'a HubAddresses,
}

/// A heading being read: its level, the id written in `{#id}`, its text and its inner events.
struct OpenHeading<'a> {
    level: HeadingLevel,
    given_id: Option<String>,
    text: Vec<String>,
    inner: Vec<Event<'a>>,
}

/// The Markdown convene reads: CommonMark with tables, footnotes, strikethrough, task lists,
/// heading ids and smart punctuation.
const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// A problem with `message` at a byte offset of `source`'s body: its line, column and the
/// line's text, found without reading the file from its start.
fn body_places(source: &Source) -> impl Fn(usize, String) -> Diagnostic + '_ {
    let body = source.body();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    move |offset: usize, message: String| {
        let index = line_starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1);
        let start = line_starts[index];
        let end = line_starts
            .get(index + 1)
            .map_or(body.len(), |next| next - 1);
        Diagnostic {
            line: source.body_line + index,
            column: body[start..offset].chars().count() + 1,
            source_line: Some(body[start..end].to_string()),
            ..Diagnostic::file_error(&source.file, message)
        }
    }
}

/// Every link to the web (`http:` and `https:`) in `source`'s body, with its place (a problem
/// with no message yet).
pub fn web_links(source: &Source) -> Vec<(String, Diagnostic)> {
    let place = body_places(source);
    Parser::new_ext(source.body(), MARKDOWN_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") =>
            {
                Some((dest_url.to_string(), place(range.start, String::new())))
            }
            _ => None,
        })
        .collect()
}

/// A picture of a page that is a file of the hub, as published.
struct Picture {
    /// What its `<img>` says (within a bundle, relative to the page).
    src: String,
    /// Its address on the site, from the root.
    url: String,
    /// Its width and height, when measured.
    size: Option<(u32, u32)>,
    /// The resized variants offered, when the file is larger than the text shows it.
    offer: Option<pictures::Offer>,
}

/// The syntaxes code is highlighted with, loaded once.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Renders Markdown; built once per build and shared by all pages.
pub struct MarkdownRenderer {
    syntaxes: &'static SyntaxSet,
    sanitizer: Option<ammonia::Builder<'static>>,
    /// The hub folder, where the pictures of page bundles are measured; `None` leaves
    /// pictures without a size.
    pictures_in: Option<PathBuf>,
    /// What screen readers say for the `#` link beside each heading, escaped for HTML.
    anchor_label: String,
    /// The path of the site (`/` or `/hub/es/`), before which root-relative links are put.
    base_path: String,
    /// The hub's address and its languages' sites, for links to them.
    hub: HubAddresses,
}

/// The hub's address and where each language's site is, for links written as addresses of
/// the hub (`https://example.org/hub/about/`) or into a language's site (`/en/about/`).
#[derive(Debug, Clone, Default)]
pub struct HubAddresses {
    /// The hub's address (its default language's site), ending in `/`.
    pub base_url: String,
    /// Each language's code and the path its site is published under, the default first.
    pub sites: Vec<(String, String)>,
}

impl MarkdownRenderer {
    /// A renderer that sanitises raw HTML unless `allow_raw_html`.
    pub fn new(allow_raw_html: bool) -> Self {
        let sanitizer = (!allow_raw_html).then(|| {
            let mut builder = ammonia::Builder::default();
            builder
                .add_generic_attributes(["class", "id", "aria-label", "aria-hidden"])
                .add_tags(["input", "picture", "source"])
                .add_tag_attributes("input", ["type", "checked", "disabled"])
                // A picture's resized variants (`<picture>` and `srcset`, made by convene).
                .add_tag_attributes("source", ["type", "srcset", "sizes"])
                .add_tag_attributes("img", ["loading", "decoding"])
                .add_tag_attributes("div", ["tabindex"])
                // What wraps a heading's `#` anchor, kept out of the search index.
                .add_tag_attributes("span", ["data-pagefind-ignore"])
                .link_rel(Some(LINK_REL))
                .url_schemes(URL_SCHEMES.into_iter().collect());
            builder
        });
        MarkdownRenderer {
            syntaxes: &SYNTAXES,
            sanitizer,
            pictures_in: None,
            anchor_label: "Link to this section".to_string(),
            base_path: "/".to_string(),
            hub: HubAddresses::default(),
        }
    }

    /// This renderer, for a hub at `hub`: links to its address and into its languages' sites
    /// are checked as links to its pages.
    pub fn with_hub(self, hub: HubAddresses) -> Self {
        MarkdownRenderer { hub, ..self }
    }

    /// This renderer, with the `#` link beside each heading named `label` for screen readers
    /// (the hub's language's words).
    pub fn with_anchor_label(self, label: &str) -> Self {
        MarkdownRenderer {
            anchor_label: escape_html(label),
            ..self
        }
    }

    /// This renderer, for a site published at `base_path` (`/hub/`): root-relative links that
    /// name no page (`/subjects/math/`) are published under it.
    pub fn with_base_path(self, base_path: &str) -> Self {
        MarkdownRenderer {
            base_path: base_path.to_string(),
            ..self
        }
    }

    /// This renderer, giving each picture of a page bundle the `width` and `height` of its
    /// file in the hub folder `root`, so that the page does not jump as it loads.
    pub fn with_pictures_in(self, root: &Path) -> Self {
        MarkdownRenderer {
            pictures_in: Some(root.to_path_buf()),
            ..self
        }
    }

    /// The width and height of the picture `file` (relative to the hub), when this renderer
    /// measures pictures ([`MarkdownRenderer::with_pictures_in`]) and can read that file.
    pub fn picture_size(&self, file: &Path) -> Option<(u32, u32)> {
        measure_picture(&self.pictures_in.as_ref()?.join(file))
    }

    /// Renders the body of `source`. Links to pages that do not exist are errors at their line.
    /// `linked` receives every file the links were looked up at, found or not: what the body
    /// depends on besides its own file.
    pub fn render(
        &self,
        source: &Source,
        targets: &LinkTargets,
        linked: &mut Vec<PathBuf>,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let body = source.body();
        let place = body_places(source);
        let mut problems = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        let mut used_ids = HashSet::new();
        let mut heading: Option<OpenHeading> = None;
        let mut code: Option<(String, String)> = None;
        let mut first_paragraph = String::new();
        let mut fragment_links = Vec::new();
        let mut advice = Vec::new();
        let mut variants = Vec::new();
        let mut first_picture: Option<BodyPicture> = None;
        // The picture being read: where it starts, and whether it has alternative text yet.
        let mut picture: Option<(usize, bool)> = None;
        // The picture being written: its `<img>` is made once its alternative text is read.
        let mut image: Option<OpenImage> = None;
        let mut paragraph_state = 0; // 0: before the first paragraph, 1: inside it, 2: after it
        // Set by what the sanitiser would change: raw HTML, footnotes, aligned tables and URLs
        // of other schemes. Without them, the HTML written here is already what it would keep.
        let mut needs_sanitizer = false;

        for (event, range) in Parser::new_ext(body, MARKDOWN_OPTIONS).into_offset_iter() {
            match (&event, &mut picture) {
                (Event::Start(Tag::Image { .. }), _) => picture = Some((range.start, false)),
                (Event::Text(text) | Event::Code(text), Some((_, described))) => {
                    *described |= !text.trim().is_empty()
                }
                (Event::End(TagEnd::Image), Some((start, false))) => {
                    advice.push(
                        place(*start, "this picture has no alternative text for readers who cannot see it".into())
                            .with_help("describe it between the brackets, such as `![Members around a table at the spring meetup](meetup.jpg)`")
                            .warning(),
                    );
                    picture = None;
                }
                (Event::End(TagEnd::Image), _) => picture = None,
                _ => {}
            }
            // Everything inside a picture is its alternative text, as plain text.
            if let Some(open) = &mut image {
                match &event {
                    Event::End(TagEnd::Image) => {}
                    Event::Text(text)
                    | Event::Code(text)
                    | Event::Html(text)
                    | Event::InlineHtml(text) => {
                        open.alt.push_str(text);
                        continue;
                    }
                    Event::SoftBreak | Event::HardBreak => {
                        open.alt.push(' ');
                        continue;
                    }
                    _ => continue,
                }
            }
            let event = match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id: _,
                }) => {
                    let page = LinkFrom {
                        file: &source.file,
                        path: &source.path,
                        base_path: &self.base_path,
                        hub: &self.hub,
                    };
                    let dest_url = match resolve_link(&page, &dest_url, targets, linked) {
                        Ok(ResolvedLink {
                            href,
                            fragment,
                            address,
                        }) => {
                            let checks = fragment
                                .map(|part| (part, false))
                                .into_iter()
                                .chain(address.map(|path| (path, true)));
                            for ((page_url, fragment), address) in checks {
                                fragment_links.push(FragmentLink {
                                    page_url,
                                    fragment,
                                    written: dest_url.to_string(),
                                    place: place(range.start, String::new()),
                                    address,
                                });
                            }
                            href
                        }
                        Err(message) => {
                            problems.push(
                                place(range.start, message)
                                    .with_help("link to a page by its file, such as `../events/coffee.md` or `@/events/coffee.md`, and check the file exists"),
                            );
                            CowStr::from("#")
                        }
                    };
                    needs_sanitizer |= !allowed_url(&dest_url);
                    Event::Html(link_tag(link_type, &dest_url, &title).into())
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let (dest_url, size, srcset, preview) = if is_script_url(&dest_url) {
                        (CowStr::from("#"), None, None, None)
                    } else {
                        match self.picture(source, &dest_url) {
                            Ok(Some(Picture {
                                src,
                                url,
                                size,
                                offer: None,
                            })) => (CowStr::from(src), size, None, size.map(|size| (url, size))),
                            Ok(Some(Picture {
                                offer: Some(offer), ..
                            })) => {
                                variants.extend(offer.variants);
                                let preview = Some((offer.src.clone(), offer.size));
                                (
                                    CowStr::from(offer.src),
                                    Some(offer.size),
                                    Some(offer.srcset),
                                    preview,
                                )
                            }
                            Ok(None) => {
                                (under_base_path(dest_url, &self.base_path), None, None, None)
                            }
                            Err((message, help)) => {
                                problems.push(place(range.start, message).with_help(help));
                                (dest_url, None, None, None)
                            }
                        }
                    };
                    needs_sanitizer |= !allowed_url(&dest_url);
                    image = Some(OpenImage {
                        src: dest_url.to_string(),
                        title: title.to_string(),
                        alt: String::new(),
                        size,
                        srcset,
                        preview,
                    });
                    continue;
                }
                Event::End(TagEnd::Image) => match image.take() {
                    Some(open) => {
                        if first_picture.is_none() {
                            first_picture = open.for_previews();
                        }
                        Event::Html(open.tag().into())
                    }
                    None => continue,
                },
                Event::Html(ref html) | Event::InlineHtml(ref html) => {
                    needs_sanitizer = true;
                    if self.sanitizer.is_some() {
                        for removed in sanitised::removed(html) {
                            advice.push(
                                place(range.start + removed.offset, removed.message)
                                    .with_help(removed.help)
                                    .warning(),
                            );
                        }
                    }
                    event
                }
                Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                    needs_sanitizer = true;
                    event
                }
                Event::Start(Tag::Table(ref alignments))
                    if alignments.iter().any(|a| *a != Alignment::None) =>
                {
                    // Alignment is written as a `style` attribute, which the sanitiser removes.
                    needs_sanitizer = true;
                    event
                }
                other => other,
            };

            match (&mut heading, &mut code, event) {
                (Some(_), _, Event::End(TagEnd::Heading(_))) => {
                    let Some(OpenHeading {
                        level,
                        given_id,
                        text,
                        inner,
                    }) = heading.take()
                    else {
                        continue;
                    };
                    let id = unique_id(
                        given_id.unwrap_or_else(|| slugify(&text.concat())),
                        &mut used_ids,
                    );
                    let tag = level_tag(level);
                    events.push(Event::Html(format!("<{tag} id=\"{id}\">").into()));
                    events.extend(inner);
                    events.push(Event::Html(
                        format!("<span data-pagefind-ignore=\"all\"> <a class=\"anchor\" href=\"#{id}\" aria-label=\"{}\" rel=\"{LINK_REL}\">#</a></span></{tag}>\n", self.anchor_label).into(),
                    ));
                }
                (Some(OpenHeading { text, inner, .. }), _, event) => {
                    if let Event::Text(t) | Event::Code(t) = &event {
                        text.push(t.to_string());
                    }
                    inner.push(event);
                }
                (None, Some(_), Event::End(TagEnd::CodeBlock)) => {
                    let (language, text) = code.take().unwrap_or_default();
                    events.push(Event::Html(self.highlight(&language, &text).into()));
                }
                (None, Some((_, text)), Event::Text(t)) => text.push_str(&t),
                (None, Some(_), _) => {}
                (None, None, Event::Start(Tag::Heading { level, id, .. })) => {
                    heading = Some(OpenHeading {
                        level,
                        given_id: id.map(|i| slugify(&i)).filter(|i| !i.is_empty()),
                        text: Vec::new(),
                        inner: Vec::new(),
                    });
                }
                (None, None, Event::Start(Tag::CodeBlock(kind))) => {
                    let language = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((language, String::new()));
                }
                (None, None, event) => {
                    match &event {
                        Event::Start(Tag::Paragraph) if paragraph_state == 0 => paragraph_state = 1,
                        Event::End(TagEnd::Paragraph) if paragraph_state == 1 => {
                            paragraph_state = 2
                        }
                        Event::Text(t) | Event::Code(t) if paragraph_state == 1 => {
                            first_paragraph.push_str(t)
                        }
                        Event::SoftBreak | Event::HardBreak if paragraph_state == 1 => {
                            first_paragraph.push(' ')
                        }
                        _ => {}
                    }
                    // A wide table scrolls on its own instead of squeezing its words on a phone;
                    // the scrolling box can be reached by keyboard.
                    let table = match &event {
                        Event::Start(Tag::Table(_)) => Some(true),
                        Event::End(TagEnd::Table) => Some(false),
                        _ => None,
                    };
                    if table == Some(true) {
                        events.push(Event::Html(
                            "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                        ));
                    }
                    events.push(event);
                    if table == Some(false) {
                        events.push(Event::Html("</div>\n".into()));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if let Some(sanitizer) = self.sanitizer.as_ref().filter(|_| needs_sanitizer) {
            html = sanitizer.clean(&html).to_string();
        }
        // The page keeps its HTML for the whole build: give back what the guess overshot.
        html.shrink_to_fit();
        Ok(Rendered {
            html,
            first_paragraph: first_paragraph.trim().to_string(),
            fragment_links,
            advice,
            variants,
            first_picture,
        })
    }

    /// The picture at `url` in `source`'s body, when it names a file relative to the page: its
    /// address as published and its size, when measured. A page bundle's picture is a file of
    /// the bundle (`team.jpg`, `photos/team.jpg`), published beside the page; another page's is
    /// a file beside its Markdown file, published where that file is under `content/`. Names
    /// are compared in Unicode's composed form (a Mac writes `ñ` as `n` and a tilde). A file
    /// that is not there is an error (message and help). `None` for any other address.
    fn picture(&self, source: &Source, url: &str) -> Result<Option<Picture>, (String, String)> {
        let Some(root) = self.pictures_in.as_ref() else {
            return Ok(None);
        };
        if url.contains(':') || url.starts_with(['/', '#', '?']) {
            return Ok(None);
        }
        let (path, rest) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
        let Ok(name) = percent_encoding::percent_decode_str(path).decode_utf8() else {
            return Ok(None);
        };
        let folder = source.file.parent().unwrap_or(Path::new(""));
        let wanted = crate::paths::composed(
            &crate::paths::normalize(&folder.join(name.as_ref())).to_string_lossy(),
        );
        // A bundle's translation (`index.es.md`) shares the bundle's pictures.
        let is_bundle = source
            .original_file()
            .file_name()
            .is_some_and(|name| name == "index.md");
        // The file on disk whose name is `wanted` in composed form.
        let on_disk = || {
            let file = PathBuf::from(&wanted);
            let parent = file.parent()?;
            std::fs::read_dir(root.join(parent))
                .ok()?
                .flatten()
                .map(|entry| parent.join(entry.file_name()))
                .find(|other| crate::paths::composed(&other.to_string_lossy()) == wanted)
                .filter(|_| file.starts_with("content"))
        };
        let in_bundle = || {
            source
                .assets
                .iter()
                .find(|file| crate::paths::composed(&file.to_string_lossy()) == wanted)
                .cloned()
        };
        let found = match is_bundle {
            true => match in_bundle() {
                Some(file) => Some(file),
                // A file outside the bundle, linked relative to the page's address.
                None if on_disk().is_some() => return Ok(None),
                None => None,
            },
            false => on_disk(),
        };
        let Some(file) = found else {
            let names: Vec<String> = if is_bundle {
                source
                    .assets
                    .iter()
                    .filter_map(|file| file.strip_prefix(folder).ok())
                    .map(|file| file.to_string_lossy().into_owned())
                    .collect()
            } else {
                Vec::new()
            };
            let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
            let help = match crate::diagnostic::did_you_mean(&name, &candidates) {
                Some(close) => format!("did you mean `{close}`?"),
                None if is_bundle => format!(
                    "put the picture in {} beside index.md, or write the name of a file that is there",
                    crate::diagnostic::display_path(folder)
                ),
                None => format!(
                    "put the picture in {} beside this file (or make the page a bundle: a folder with index.md and its pictures)",
                    crate::diagnostic::display_path(folder)
                ),
            };
            return Err((
                format!("there is no picture `{name}` beside this page"),
                help,
            ));
        };
        let size = measure_picture(&root.join(&file));
        let composed = crate::paths::composed(&file.to_string_lossy()).replace('\\', "/");
        // Where the file is published: beside a bundle's page (where the `<img>` names it by its
        // path in the bundle), or where it is under `content/`.
        let in_bundle = is_bundle.then(|| {
            composed
                .strip_prefix(&format!("{}/", folder.to_string_lossy().replace('\\', "/")))
                .unwrap_or(&composed)
                .to_string()
        });
        let published = match &in_bundle {
            Some(inner) => format!("{}{inner}", source.path),
            None => composed
                .strip_prefix("content/")
                .unwrap_or(&composed)
                .to_string(),
        };
        let published_folder = &published[..published.rfind('/').map_or(0, |at| at + 1)];
        let offer = size
            .filter(|_| pictures::is_raster(&file))
            .and_then(|size| {
                pictures::offer(
                    &file,
                    published_folder,
                    &format!("{}{published_folder}", self.base_path),
                    size,
                    pictures::Use::Text,
                )
            });
        let url = format!("{}{published}", self.base_path);
        let src = match in_bundle {
            Some(inner) => format!("{inner}{rest}"),
            None => format!("{url}{rest}"),
        };
        Ok(Some(Picture {
            src,
            url,
            size,
            offer,
        }))
    }

    /// What a page offers for its avatar `file` (relative to the hub folder), published in the
    /// output folder under `folder` (`profiles/ana/`): resized square variants, when the file is
    /// larger than the theme shows avatars.
    pub fn offer_avatar(&self, file: &Path, folder: &str) -> Option<pictures::Offer> {
        let root = self.pictures_in.as_ref()?;
        if !pictures::is_raster(file) {
            return None;
        }
        let size = measure_picture(&root.join(file))?;
        let address = format!("{}{folder}", self.base_path);
        pictures::offer(file, folder, &address, size, pictures::Use::Avatar)
    }

    /// A code block as `<pre>` with `hl-` classes, or plain when the language is unknown.
    fn highlight(&self, language: &str, code: &str) -> String {
        let syntax = (!language.is_empty())
            .then(|| self.syntaxes.find_syntax_by_token(language))
            .flatten();
        let Some(syntax) = syntax else {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>\n",
                escape_html(code)
            );
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            self.syntaxes,
            HIGHLIGHT_CLASS_STYLE,
        );
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return format!(
                    "<pre class=\"code\"><code>{}</code></pre>\n",
                    escape_html(code)
                );
            }
        }
        format!(
            "<pre class=\"code hl-code\"><code>{}</code></pre>\n",
            generator.finalize()
        )
    }
}

/// The `rel` of every link in a page body: followed pages get no handle on the hub's page.
const LINK_REL: &str = "noopener noreferrer";

/// The URL schemes a page body may link to; relative URLs are always allowed.
const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// True for relative URLs and URLs of the allowed schemes.
fn allowed_url(url: &str) -> bool {
    match url::Url::parse(url) {
        Ok(parsed) => URL_SCHEMES.contains(&parsed.scheme()),
        Err(_) => true,
    }
}

/// The opening `<a>` of a link, as pulldown-cmark writes it, with our `rel`.
fn link_tag(link_type: LinkType, dest: &str, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    if link_type == LinkType::Email {
        tag.push_str("mailto:");
    }
    let _ = pulldown_cmark_escape::escape_href(&mut tag, dest);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
    }
    tag.push_str(&format!("\" rel=\"{LINK_REL}\">"));
    tag
}

/// How wide a picture of a page's text is shown, for the browser to choose among its variants:
/// the text column of the default theme, or the screen's width on a phone.
const TEXT_PICTURE_SIZES: &str = "(min-width: 48rem) 44rem, 100vw";

/// A picture of a page body whose alternative text is being read.
struct OpenImage {
    src: String,
    title: String,
    alt: String,
    /// Width and height in pixels, when the file could be measured.
    size: Option<(u32, u32)>,
    /// The WebP variants, offered before the `<img>` in a `<picture>`.
    srcset: Option<String>,
    /// The published file link previews would show for it (address and size), if it is one.
    preview: Option<(String, (u32, u32))>,
}

impl OpenImage {
    /// The picture as link previews would show it: when it is a file of the hub, measured, in
    /// a format they take.
    fn for_previews(&self) -> Option<BodyPicture> {
        let (url, size) = self.preview.as_ref()?;
        crate::config::shows_in_previews(url).then(|| BodyPicture {
            url: url.clone(),
            size: *size,
            alt: self.alt.trim().to_string(),
        })
    }

    /// The `<img>`, as pulldown-cmark writes it, with the picture's size when known.
    fn tag(&self) -> String {
        let mut tag = String::new();
        if let Some(srcset) = &self.srcset {
            tag.push_str("<picture><source type=\"image/webp\" srcset=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut tag, srcset);
            tag.push_str(&format!("\" sizes=\"{TEXT_PICTURE_SIZES}\">"));
        }
        tag.push_str("<img src=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut tag, &self.src);
        tag.push_str("\" alt=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, &self.alt);
        if !self.title.is_empty() {
            tag.push_str("\" title=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut tag, &self.title);
        }
        tag.push('"');
        if let Some((width, height)) = self.size {
            tag.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        if self.srcset.is_some() {
            tag.push_str(" loading=\"lazy\" decoding=\"async\" /></picture>");
        } else {
            tag.push_str(" />");
        }
        tag
    }
}

/// The width and height of a picture file: PNG, JPEG, GIF, WebP and the other formats the
/// `imagesize` crate reads, or an SVG with a `width` and `height` or a `viewBox`.
pub(crate) fn measure_picture(file: &Path) -> Option<(u32, u32)> {
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return svg_size(&std::fs::read_to_string(file).ok()?);
    }
    let size = imagesize::size(file).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

/// The size an SVG's root element gives: `width` and `height` in pixels (or plain numbers),
/// else the last two numbers of its `viewBox`.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let attribute = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let pixels = |value: &str| {
        value
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| *n >= 1.0 && *n < 100_000.0)
            .map(|n| n.round() as u32)
    };
    if let (Some(width), Some(height)) = (
        attribute("width").and_then(pixels),
        attribute("height").and_then(pixels),
    ) {
        return Some((width, height));
    }
    let numbers: Vec<u32> = attribute("viewBox")?
        .split([' ', ','])
        .filter(|part| !part.is_empty())
        .filter_map(pixels)
        .collect();
    match numbers.as_slice() {
        [.., width, height] => Some((*width, *height)),
        _ => None,
    }
}

fn level_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The text of rendered HTML, as a calendar's DESCRIPTION wants it: tags removed, the lines of
/// a paragraph joined (Markdown's soft breaks and the HTML's own line breaks become spaces),
/// paragraphs, headings and other blocks apart by a blank line, list items and `<br>` on lines
/// of their own, heading anchors (`<a class="anchor">#</a>`) left out, entities decoded.
pub fn html_to_text(html: &str) -> String {
    /// What ends the text before the next word.
    #[derive(PartialEq, PartialOrd)]
    enum Gap {
        None,
        Space,
        Line,
        Paragraph,
    }
    let mut text = String::with_capacity(html.len());
    let mut gap = Gap::None;
    let mut rest = html;
    // Inside a heading anchor: its text is not part of the page's words.
    let mut in_anchor = false;
    while !rest.is_empty() {
        let (words, after) = match rest.find('<') {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        if !in_anchor {
            if words.starts_with(char::is_whitespace) && gap < Gap::Space {
                gap = Gap::Space;
            }
            for (index, word) in words.split_whitespace().enumerate() {
                if index > 0 {
                    gap = Gap::Space;
                }
                if !text.is_empty() {
                    text.push_str(match gap {
                        Gap::None => "",
                        Gap::Space => " ",
                        Gap::Line => "\n",
                        Gap::Paragraph => "\n\n",
                    });
                }
                text.push_str(word);
                gap = Gap::None;
            }
            if words.ends_with(char::is_whitespace) && gap < Gap::Space {
                gap = Gap::Space;
            }
        }
        let Some(end) = after.find('>') else { break };
        let tag = &after[1..end];
        rest = &after[end + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match name.as_str() {
            "a" if !closing && tag.contains("class=\"anchor\"") => in_anchor = true,
            "a" if closing && in_anchor => in_anchor = false,
            "br" | "li" | "tr" | "dt" | "dd" if gap < Gap::Line => gap = Gap::Line,
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "blockquote" | "ul" | "ol"
            | "table" | "dl" | "hr" | "figure" | "div"
                if gap < Gap::Paragraph =>
            {
                gap = Gap::Paragraph
            }
            _ => {}
        }
    }
    unescape_html(&text)
}

/// A root-relative address (`/uploads/photo.jpg`, a file of `static/`) as it is published
/// under the hub's path (`/hub/uploads/photo.jpg`); an address already under it, and any other
/// address, as it is.
fn under_base_path<'a>(dest: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    let within = base_path.trim_start_matches('/');
    match dest.strip_prefix('/') {
        Some(rooted)
            if base_path != "/" && !rooted.starts_with('/') && !rooted.starts_with(within) =>
        {
            format!("{base_path}{rooted}").into()
        }
        _ => dest,
    }
}

/// Resolves a link written in `file`: `@/section/page.md` and relative `.md` paths become page
/// URLs; other links pass through, except script URLs, which are refused. A fragment of an
/// internal link or of a link within the page (`#agenda`) is returned for checking.
fn resolve_link<'a>(
    from: &LinkFrom,
    dest: &CowStr<'a>,
    targets: &LinkTargets,
    linked: &mut Vec<PathBuf>,
) -> Result<ResolvedLink<'a>, String> {
    let file = from.file;
    if is_script_url(dest) {
        return Err(format!(
            "the link `{dest}` would run a script; convene does not publish such links"
        ));
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest.as_ref(), None),
    };
    let decoded = |fragment: &str| {
        percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned()
    };
    if path_part.is_empty() {
        return Ok(ResolvedLink {
            href: dest.clone(),
            fragment: fragment.map(|f| (String::new(), decoded(f))),
            address: None,
        });
    }
    if let Some(resolved) = into_a_site(from, dest, path_part, fragment, targets, linked) {
        return resolved;
    }
    let local = !path_part.contains(':') && !path_part.starts_with("//");
    let is_internal = path_part.starts_with("@/") || (local && path_part.ends_with(".md"));
    // A page written as an address (`events/coffee`, `/events/coffee/`): taken for the page
    // when there is one, so that it is published at the page's address, under the hub's path.
    let last_segment = path_part
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let maybe_page = local && !is_internal && !last_segment.contains('.');
    if !is_internal && !maybe_page {
        // A file beside the page (`flyer.pdf`, `photo.jpg`): published because it is linked.
        if local && !path_part.starts_with('/') {
            let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
            let beside = file
                .parent()
                .unwrap_or(Path::new(""))
                .join(decoded.as_ref());
            linked.push(crate::paths::normalize(&beside));
        }
        return Ok(ResolvedLink {
            href: under_base_path(dest.clone(), from.base_path),
            fragment: None,
            address: None,
        });
    }
    let target = match path_part.strip_prefix("@/") {
        Some(rest) => Path::new("content").join(rest),
        None if path_part.starts_with('/') => {
            Path::new("content").join(path_part.trim_start_matches('/'))
        }
        None => file.parent().unwrap_or(Path::new("")).join(path_part),
    };
    let target = crate::paths::normalize(&target);
    let candidates = if maybe_page {
        vec![
            target.with_extension("md"),
            target.join("index.md"),
            target.join("_index.md"),
        ]
    } else {
        page_files(&target)
    };
    let found = candidates
        .iter()
        .find_map(|candidate| targets.get(candidate));
    linked.extend(candidates);
    if maybe_page && found.is_none() {
        // No page of the hub's files: an address the build makes itself (a list, a term page,
        // a feed, a file of `static/`), checked once the site is rendered. A root-relative one
        // is published under the hub's path.
        let (site_path, href) = match path_part.strip_prefix('/') {
            Some(rooted) => {
                let within = rooted
                    .strip_prefix(from.base_path.trim_start_matches('/'))
                    .filter(|_| from.base_path != "/")
                    .unwrap_or(rooted);
                let href = match fragment {
                    Some(fragment) => format!("{}{within}#{fragment}", from.base_path),
                    None => format!("{}{within}", from.base_path),
                };
                (within.to_string(), CowStr::from(href))
            }
            None => {
                let joined = crate::paths::normalize(&Path::new(from.path).join(path_part));
                let mut site_path = joined.to_string_lossy().replace('\\', "/");
                if path_part.ends_with('/') && !site_path.ends_with('/') {
                    site_path.push('/');
                }
                (site_path, dest.clone())
            }
        };
        return Ok(ResolvedLink {
            href,
            fragment: None,
            address: Some((site_path, fragment.map(decoded).unwrap_or_default())),
        });
    }
    match found {
        Some(url) => Ok(match fragment {
            Some(fragment) => ResolvedLink {
                href: format!("{url}#{fragment}").into(),
                fragment: Some((url.clone(), decoded(fragment))),
                address: None,
            },
            None => ResolvedLink {
                href: url.clone().into(),
                fragment: None,
                address: None,
            },
        }),
        None => Err(format!(
            "the link `{dest}` points to `{}`, which is not a page of this hub",
            crate::diagnostic::display_path(&target)
        )),
    }
}

/// The files a link to the file `target` (`content/about.md`) may name: the file itself, or the
/// page bundle or the section of that name (`content/about/index.md`, `content/about/_index.md`).
pub fn page_files(target: &Path) -> Vec<PathBuf> {
    vec![
        target.to_path_buf(),
        target.with_extension("").join("index.md"),
        target.with_extension("").join("_index.md"),
    ]
}

/// A link written as an address of the hub (`https://example.org/hub/about/`) or into one
/// of its languages' sites (`/en/about/`, `/hub/en/about/`), resolved and checked like a link
/// to a page; `None` for any other link. The site of the hub's first language is at its root:
/// a link into `/CODE/` of that language is an error that says what to write.
fn into_a_site<'a>(
    from: &LinkFrom,
    dest: &CowStr<'a>,
    path_part: &str,
    fragment: Option<&str>,
    targets: &LinkTargets,
    linked: &mut Vec<PathBuf>,
) -> Option<Result<ResolvedLink<'a>, String>> {
    let hub = from.hub;
    let root = hub.sites.first().map_or("/", |(_, path)| path.as_str());
    let (rest, absolute) = match path_part.strip_prefix(hub.base_url.as_str()) {
        Some(rest) if !hub.base_url.is_empty() => (rest, true),
        _ => {
            let rooted = path_part
                .strip_prefix('/')
                .filter(|_| !path_part.starts_with("//"))?;
            let within = rooted
                .strip_prefix(root.trim_start_matches('/'))
                .filter(|_| root != "/")
                .unwrap_or(rooted);
            (within, false)
        }
    };
    let (first, after) = rest.split_once('/').unwrap_or((rest, ""));
    let with_fragment = |href: String| match fragment {
        Some(fragment) => format!("{href}#{fragment}"),
        None => href,
    };
    match hub.sites.iter().position(|(code, _)| code == first) {
        Some(0) => Some(Err(format!(
            "the link `{dest}` goes into /{first}/, but the site in `{first}`, the hub's first language, is at the hub's root: write `/{after}`"
        ))),
        Some(index) => {
            let site_base = &hub.sites[index].1;
            let target = crate::paths::normalize(&Path::new("content").join(after));
            let candidates = [
                target.with_extension("md"),
                target.join("index.md"),
                target.join("_index.md"),
            ];
            let found = candidates
                .iter()
                .find_map(|candidate| targets.get(candidate));
            linked.extend(candidates.iter().cloned());
            Some(Ok(match found {
                Some(url) => ResolvedLink {
                    href: with_fragment(format!(
                        "{site_base}{}",
                        url.strip_prefix(from.base_path).unwrap_or(url)
                    ))
                    .into(),
                    fragment: None,
                    address: None,
                },
                // Checked once the site is made: its addresses are those of this one.
                None => ResolvedLink {
                    href: with_fragment(format!("{site_base}{after}")).into(),
                    fragment: None,
                    address: Some((after.to_string(), String::new())),
                },
            }))
        }
        None if absolute => Some(Ok(ResolvedLink {
            href: dest.clone(),
            fragment: None,
            address: Some((rest.to_string(), String::new())),
        })),
        None => None,
    }
}

#[cfg(test)]
mod tests;
