//! RSS 2.0 feeds (the whole hub, each section, each taxonomy term) and the OPML list of the
//! members' own blogs. Each feed holds the newest `feed_limit` pages (50 unless hub.yaml says
//! otherwise); the site feed carries each page's whole text, section and term feeds its
//! summary, so that feed readers never meet a feed too big to read. A page's `<item>` is
//! written once and shared by every feed that carries it.

use std::convert::Infallible;
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;

use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::escape::{escape_html, escape_xml, xml_can_carry};
use crate::events::EventStatus;
use crate::outputs::cache::{self, Fingerprint, PerPage};
use crate::outputs::{Made, Output, Render, Sink, put_all};
use crate::site::{Page, Site};

/// Kinds of page the hub's main feed and term feeds carry.
const FEED_KINDS: [Kind; 3] = [Kind::Post, Kind::Toolkit, Kind::Event];

/// The most bytes a feed should take: common feed readers refuse feeds of 1 MB and more.
pub const MAX_BYTES: usize = 1_000_000;

/// One feed to write: where, its channel's title and link, and its pages by index.
struct Feed {
    path: String,
    title: String,
    html_path: String,
    pages: Vec<usize>,
    /// Items carry the page's whole text (the site feed), not only its summary.
    full_text: bool,
}

/// Writes `rss.xml`, `SECTION/rss.xml`, `TAXONOMY/TERM/rss.xml` and `opml.xml` into `sink`, as
/// far as they are in `scope`; returns the problems the sink had.
/// With a `cache`, a feed whose pages are unchanged is taken from it.
pub fn render(render: &Render, sink: &dyn Sink) -> Vec<Diagnostic> {
    let &Render {
        site, cache, scope, ..
    } = render;
    let config = &site.config;
    let in_feeds = |i: &usize| FEED_KINDS.contains(&site.pages[*i].kind);
    let mut feeds = Vec::new();
    // The pages of a feed are gathered only when the feed is in scope.
    let mut add = |path: String, title: String, html_path: &str, pages: &dyn Fn() -> Vec<usize>| {
        if scope.wants(&path) {
            let (html_path, pages) = (html_path.to_string(), pages());
            feeds.push(Feed {
                full_text: path == "rss.xml",
                path,
                title,
                html_path,
                pages,
            });
        }
    };
    add("rss.xml".into(), site.lang.title.clone(), "", &|| {
        (0..site.pages.len()).filter(in_feeds).collect()
    });
    for section in site.sections.values() {
        let title = format!("{} · {}", section.title, site.lang.title);
        add(
            format!("{}rss.xml", section.path),
            title,
            &section.path,
            &|| section.pages.clone(),
        );
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let title = format!("{}: {} · {}", taxonomy.title, term.name, site.lang.title);
            add(format!("{}rss.xml", term.path), title, &term.path, &|| {
                term.pages.iter().copied().filter(in_feeds).collect()
            });
        }
    }
    // An item also reads hub.yaml (its links are made absolute with `base_url`), which needs no
    // `made_with`: a changed hub.yaml rebuilds every page, and with it every page's version.
    let make_item = |page: &Page| Arc::new(item(site, page, true));
    let make_brief = |page: &Page| Arc::new(item(site, page, false));
    let items = PerPage::new(site, cache.map(|c| &c.feed_items), 0, &make_item, scope);
    let briefs = PerPage::new(site, cache.map(|c| &c.feed_briefs), 0, &make_brief, scope);
    let config_fingerprint = cache.map(|_| cache::of_settings(site));
    let mut problems = put_all(
        sink,
        feeds.into_par_iter().map(|mut feed| {
            feed.pages
                .sort_by(|a, b| Page::newest_first(&site.pages[*a], &site.pages[*b]));
            if let Some(limit) = config.feed_limit {
                feed.pages.truncate(limit);
            }
            let made_from = || {
                let mut made_from = Fingerprint::default();
                made_from
                    .add(config_fingerprint)
                    .add(&feed.title)
                    .add(&feed.html_path)
                    .add_pages(site, &feed.pages);
                made_from
            };
            let Ok(made) = cache::file(cache, &feed.path, made_from, || {
                let chosen = chosen_items(&feed, &items, &briefs);
                Ok::<_, Infallible>(channel(site, &feed, chosen))
            });
            Output::made(feed.path, made)
        }),
    );
    if scope.wants("opml.xml") {
        problems.extend(sink.put(Output::bytes("opml.xml", opml(site))).err());
    }
    problems
}

/// The item of each page of `feed`, in order: briefs for a section or term feed; for the site
/// feed, whole texts as long as the rest still fits in [`MAX_BYTES`] as briefs, so that a few
/// long posts never make the feed too big for readers (what does not fit has its summary).
fn chosen_items(
    feed: &Feed,
    items: &PerPage<Arc<String>>,
    briefs: &PerPage<Arc<String>>,
) -> Vec<Arc<String>> {
    let briefs: Vec<&Arc<String>> = feed.pages.iter().map(|i| briefs.get(*i)).collect();
    if !feed.full_text {
        return briefs.into_iter().cloned().collect();
    }
    // Room for the channel's head and tail.
    let mut room = MAX_BYTES.saturating_sub(2_000);
    let mut rest: usize = briefs.iter().map(|brief| brief.len()).sum();
    feed.pages
        .iter()
        .zip(briefs)
        .map(|(index, brief)| {
            rest -= brief.len();
            let full = items.get(*index);
            let chosen = if full.len() + rest <= room {
                full
            } else {
                brief
            };
            room = room.saturating_sub(chosen.len());
            chosen.clone()
        })
        .collect()
}

/// One RSS channel of the feed's pages, in the order given: its head, the items it shares
/// with other feeds (`items`, one for each page), and its tail.
fn channel(site: &Site, feed: &Feed, items: Vec<Arc<String>>) -> Made {
    let pages = || feed.pages.iter().map(|i| &site.pages[*i]);
    let description = if site.lang.description.is_empty() {
        &feed.title
    } else {
        &site.lang.description
    };
    let mut xml = String::with_capacity(1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"");
    if feed.full_text && pages().any(|page| !page.content.is_empty()) {
        xml.push_str(" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"");
    }
    xml.push_str("><channel>");
    push_text(&mut xml, "title", &feed.title);
    push_text(&mut xml, "link", &site.lang.absolute(&feed.html_path));
    push_text(&mut xml, "description", description);
    push_text(&mut xml, "language", &site.lang.code);
    let last_build = pages()
        .filter_map(|p| p.updated.as_ref().or(p.date.as_ref()))
        .max_by_key(|d| d.timestamp);
    if let Some(date) = last_build {
        push_text(&mut xml, "lastBuildDate", &date.rfc2822);
    }
    push_text(&mut xml, "generator", "convene");
    xml.push_str(&format!(
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape_xml(&site.lang.absolute(&feed.path))
    ));
    let mut parts = Vec::with_capacity(items.len() + 2);
    parts.push(Arc::new(xml));
    parts.extend(items);
    parts.push(TAIL.clone());
    Made::Parts(parts.into())
}

/// The end of every channel.
static TAIL: LazyLock<Arc<String>> = LazyLock::new(|| Arc::new("</channel></rss>".into()));

/// The `<item>` of one page, with its whole text as `content:encoded` when `full_text`.
fn item(site: &Site, page: &Page, full_text: bool) -> String {
    let mut xml = String::from("<item>");
    push_text(&mut xml, "title", &page.title);
    push_text(&mut xml, "link", &page.permalink);
    let description = match &page.event {
        Some(event) => {
            let words = &site.lang.words;
            let place = event.location.clone().or_else(|| {
                event
                    .online
                    .as_ref()
                    .map(|_| words.text("online").to_string())
            });
            // In the feed's language: "CANCELLED. ", "CANCELADO. ".
            let status = if event.status == EventStatus::Cancelled {
                format!("{}. ", words.text("badge_cancelled").to_uppercase())
            } else {
                String::new()
            };
            let text = match place {
                Some(place) => format!("{status}{} · {place}. {}", event.when, page.summary),
                None => format!("{status}{}. {}", event.when, page.summary),
            };
            // The coming dates a change makes different, so that a change made after the
            // event was announced reaches those who follow the feed.
            let changed: Vec<String> = event
                .next_dates
                .iter()
                .filter_map(|date| Some(format!("{} — {}.", date.when, date.change.as_ref()?)))
                .collect();
            if changed.is_empty() {
                text
            } else {
                format!("{text} {}", changed.join(" "))
            }
        }
        None => page.summary.clone(),
    };
    // Feed readers read a description as HTML, and this one is plain text: escaped, so that
    // markup written in a summary or a place shows as text instead of running in the reader.
    push_cdata(&mut xml, "description", &escape_html(&description));
    for term in page.terms.values().flatten() {
        push_text(&mut xml, "category", &term.name);
    }
    push_text(&mut xml, "guid", &page.permalink);
    if let Some(date) = &page.published {
        push_text(&mut xml, "pubDate", &date.rfc2822);
    }
    if full_text && !page.content.is_empty() {
        push_cdata(
            &mut xml,
            "content:encoded",
            &absolute_links(&page.content, site),
        );
    }
    xml.push_str("</item>");
    // Items are kept until every feed is written: give back what growing the string overshot.
    xml.shrink_to_fit();
    xml
}

/// `<name>text</name>`, the text escaped.
fn push_text(xml: &mut String, name: &str, text: &str) {
    xml.push_str(&format!("<{name}>{}</{name}>", escape_xml(text)));
}

/// `<name><![CDATA[text]]></name>`; a `]]>` in the text is split across two sections, and
/// characters XML cannot carry (a control character from a title, or from `&#7;` in
/// Markdown) are left out, or the whole feed would not parse.
fn push_cdata(xml: &mut String, name: &str, text: &str) {
    xml.push_str(&format!("<{name}><![CDATA["));
    let text: String = text.chars().filter(|c| xml_can_carry(*c)).collect();
    xml.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
    xml.push_str(&format!("]]></{name}>"));
}

/// Makes site-relative links in `html` absolute, for feed readers.
fn absolute_links(html: &str, site: &Site) -> String {
    let base_path = site.lang.base_path();
    let origin = site.lang.base_url.as_str();
    html.replace(&format!("href=\"{base_path}"), &format!("href=\"{origin}"))
        .replace(&format!("src=\"{base_path}"), &format!("src=\"{origin}"))
}

/// OPML 2.0 list of the blog feeds members list on their profiles.
fn opml(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n",
    );
    xml.push_str(&format!(
        "    <title>{}</title>\n",
        escape_xml(
            &site
                .lang
                .words
                .fill("opml_title", &[("site", &site.lang.title)])
        )
    ));
    xml.push_str(
        "    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
",
    );
    let mut feeds: Vec<(&str, &str, &str)> = site
        .pages
        .iter()
        .filter_map(|page| {
            let profile = page.profile.as_ref()?;
            let feed = profile.feed.as_deref()?;
            let website = profile
                .links
                .iter()
                .find(|l| l.label == "website")
                .map(|l| l.url.as_str())
                .unwrap_or(&page.permalink);
            Some((page.title.as_str(), feed, website))
        })
        .collect();
    feeds.sort();
    for (title, feed, website) in feeds {
        xml.push_str(&format!(
            "    <outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\" htmlUrl=\"{2}\"/>\n",
            escape_xml(title),
            escape_xml(feed),
            escape_xml(website)
        ));
    }
    xml.push_str("  </body>\n</opml>\n");
    xml
}
