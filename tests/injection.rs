//! The injection test. Every text field of `tests/fixtures/injection/` carries markup, an
//! attribute break-out, script and data URLs as text, the end of a script element, the end of a
//! CDATA section, calendar line breaks and separators, and control characters; every URL field
//! carries the same in its query. Built, nothing of it may run or break out anywhere: each page
//! holds only the theme's own scripts, and JSON-LD, RSS, OPML, the sitemap and the calendars all
//! parse and give the text back as written, less what the format cannot carry. URLs that would
//! run a script are refused, each at its line.

mod common;

use common::html::{page_text, script_openings, start_tags};
use common::{Hub, tree};
use icalendar::parser::{Component, Property, read_calendar, unfold};

/// What the fixture writes after the label of every text field (in the same escapes as its
/// YAML).
const PAYLOAD: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> </script><script>alert(3)</script> javascript:alert(4) data:text/html,<script>alert(5)</script> ]]> <![CDATA[ x\r\nATTACH:https://evil.example/x.exe\r\nBEGIN:VEVENT;,\\ \x07\x1b\x0b\tend";

/// How every URL field of the fixture starts; each ends with `&FIELD=NAME`.
const URL: &str = "https://example.org/?q=\"><script>alert(6)</script>&r='onmouseover=alert(7)//&next=javascript:alert(8)";

/// Where the fixture is published.
const BASE_URL: &str = "https://example.org/hub/";

/// The path part of [`BASE_URL`].
const BASE_PATH: &str = "/hub/";

/// A text field as the fixture writes it: its label, then the payload.
fn written(label: &str) -> String {
    format!("{label} {PAYLOAD}")
}

/// A URL field as the fixture writes it.
fn written_url(field: &str) -> String {
    format!("{URL}&{field}")
}

/// `text` as an HTML parser gives it back: a line break written as CRLF reads as LF.
fn as_html(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// `text` as an XML parser gives it back. XML 1.0 cannot carry control characters other than
/// tab, line feed and carriage return, so convene leaves them out; and a parser reads a line
/// break written as CRLF as LF (compare with [`read_xml`]).
fn as_xml(text: &str) -> String {
    read_xml(
        &text
            .chars()
            .filter(|c| *c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>(),
    )
}

/// Text read from XML, with its line breaks as LF: convene writes a carriage return as a
/// character reference where it can (so the parser keeps it) and as itself inside CDATA (where
/// the parser reads CRLF as LF).
fn read_xml(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// `text` as the iCalendar files give it back: TEXT cannot carry control characters other than
/// tab and line feed, so convene leaves them out, carriage returns among them.
fn as_ical(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect()
}

/// The fixture built, with every file of its output as text (but Pagefind's index and the
/// events' preview cards, which are binary: each card must still be a whole PNG), sorted by path.
fn built() -> (Hub, Vec<(String, String)>) {
    let hub = Hub::fixture("injection");
    if let Err(problems) = hub.build() {
        panic!("the injection fixture builds: {problems:#?}");
    }
    let files = tree(&hub.root.join("public"))
        .into_iter()
        .filter(|(path, _)| !path.starts_with("pagefind/"))
        .filter(|(path, bytes)| {
            let card = path.ends_with("/card.png");
            assert!(
                !card || image::load_from_memory(bytes).is_ok_and(|card| card.width() == 1200),
                "{path} is a whole PNG"
            );
            !card
        })
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is UTF-8"));
            (path, text)
        })
        .collect();
    (hub, files)
}

/// The files of `files` whose path ends with `end`.
fn files_ending<'a>(files: &'a [(String, String)], end: &str) -> Vec<&'a (String, String)> {
    let found: Vec<_> = files
        .iter()
        .filter(|(path, _)| path.ends_with(end))
        .collect();
    assert!(!found.is_empty(), "no {end} file in the output");
    found
}

/// The `content` of the `<meta name="description">` of `html`, decoded.
fn meta_description(html: &str) -> String {
    let description = ("name".to_string(), "description".to_string());
    start_tags(html)
        .into_iter()
        .find(|t| t.name == "meta" && t.attributes.contains(&description))
        .and_then(|t| t.attributes.into_iter().find(|(name, _)| name == "content"))
        .map(|(_, content)| content)
        .expect("a meta description")
}

/// True when `html` has a link to `href` (decoded).
fn links_to(html: &str, href: &str) -> bool {
    start_tags(html)
        .iter()
        .any(|t| t.name == "a" && t.attributes.contains(&("href".into(), href.into())))
}

/// Pages whose text must show fields, by the labels of those fields.
const PAGE_TEXTS: &[(&str, &[&str])] = &[
    (
        "index.html",
        &["Home", "Meetup summary", "Toolkit summary", "Post summary"],
    ),
    (
        "profiles/ann/index.html",
        &["Ann", "Ann's town", "Teacher", "Ann's tag", "Coffee club"],
    ),
    (
        "profiles/coffee-club/index.html",
        &["Coffee club", "Club's town", "Group role", "Ann"],
    ),
    ("profiles/index.html", &["Ann's summary"]),
    (
        "events/meetup/index.html",
        &["Meetup", "Meetup place", "Event tag", "Ann", "Coffee club"],
    ),
    (
        "toolkits/start/index.html",
        &[
            "Toolkit",
            "Toolkit tag",
            "Resource",
            "Author",
            "Source",
            "Note",
            "Resource tag",
        ],
    ),
    ("posts/hello/index.html", &["Post", "Post tag"]),
    ("about/index.html", &["About"]),
];

#[test]
fn no_page_runs_a_script_the_theme_did_not_put_there() {
    let (_hub, files) = built();
    // Exactly what the theme writes: theme.js and convene.js on every page, search.js on the
    // search page.
    let every_page = script_openings(&format!(
        "<script src=\"{BASE_PATH}theme.js\"></script><script src=\"{BASE_PATH}convene.js\" defer></script>"
    ));
    let search = script_openings(&format!(
        "<script type=\"module\" src=\"{BASE_PATH}search.js\"></script>"
    ));
    let pages = files_ending(&files, ".html");
    assert!(pages.len() > 20, "{} pages", pages.len());
    for (path, html) in pages {
        let mut allowed = every_page.clone();
        if path == "search/index.html" {
            allowed.extend(search.clone());
        }
        let mut found = script_openings(html);
        found.sort();
        allowed.sort();
        assert_eq!(found, allowed, "{path}");
    }
}

#[test]
fn pages_show_the_text_as_written() {
    let (hub, _files) = built();
    for (path, labels) in PAGE_TEXTS {
        let html = hub.output(path);
        let text = page_text(&html);
        for label in ["Hub", "Description"].iter().chain(labels.iter()) {
            assert!(
                text.contains(&as_html(&written(label))),
                "{path} shows {label:?} as written: {text:?}"
            );
        }
    }
    let ann = hub.output("profiles/ann/index.html");
    assert!(page_text(&ann).contains("<script>alert(1)</script>"));
    assert_eq!(meta_description(&ann), as_html(&written("Ann's summary")));
    let about = hub.output("about/index.html");
    assert_eq!(meta_description(&about), as_html(&written("About summary")));
    let toolkit = hub.output("toolkits/start/index.html");
    let meetup = hub.output("events/meetup/index.html");
    for (html, field) in [
        (&ann, "website=ann"),
        (&ann, "mastodon=ann"),
        (&toolkit, "resource=1"),
        (&meetup, "online=meetup"),
        (&meetup, "registration=meetup"),
    ] {
        assert!(links_to(html, &written_url(field)), "a link ending {field}");
    }
    // The links that open a web calendar's form carry the title and place in their query.
    for (site, title_key) in [
        ("https://calendar.google.com/", "text"),
        ("https://outlook.live.com/", "subject"),
    ] {
        let link = start_tags(&meetup)
            .into_iter()
            .flat_map(|t| t.attributes)
            .find(|(name, value)| name == "href" && value.starts_with(site))
            .map(|(_, value)| url::Url::parse(&value).unwrap())
            .unwrap_or_else(|| panic!("a link to {site}"));
        let query: Vec<(String, String)> = link.query_pairs().into_owned().collect();
        assert!(
            query.contains(&(title_key.into(), written("Meetup"))),
            "{link}"
        );
        assert!(
            query.contains(&("location".into(), written("Meetup place"))),
            "{link}"
        );
    }
}

/// The JSON-LD data of `html`, parsed; the raw text must be one whole JSON value.
fn json_ld(path: &str, html: &str) -> serde_json::Value {
    let scripts: Vec<String> = start_tags(html)
        .into_iter()
        .filter(|t| {
            t.name == "script"
                && t.attributes
                    .contains(&("type".into(), "application/ld+json".into()))
        })
        .map(|t| t.raw_text)
        .collect();
    assert_eq!(scripts.len(), 1, "{path} has one JSON-LD script");
    serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("{path}: {e}: {}", scripts[0]))
}

#[test]
fn json_ld_parses_and_carries_the_text() {
    let (hub, files) = built();
    for (path, html) in files_ending(&files, ".html") {
        if html.contains("application/ld+json") {
            json_ld(path, html);
        }
    }
    // JSON carries every character: the text comes back exactly as written.
    let meetup = json_ld("meetup", &hub.output("events/meetup/index.html"));
    assert_eq!(meetup["name"], written("Meetup"));
    assert_eq!(meetup["description"], written("Meetup summary"));
    assert_eq!(meetup["location"][0]["name"], written("Meetup place"));
    assert_eq!(meetup["location"][1]["url"], written_url("online=meetup"));
    assert_eq!(meetup["organizer"][0]["name"], written("Coffee club"));
    assert_eq!(meetup["organizer"][1]["name"], written("Ann"));
    let ann = json_ld("ann", &hub.output("profiles/ann/index.html"));
    assert_eq!(ann["mainEntity"]["name"], written("Ann"));
    assert_eq!(ann["mainEntity"]["description"], written("Ann's summary"));
    assert_eq!(
        ann["mainEntity"]["sameAs"],
        serde_json::json!([written_url("mastodon=ann"), written_url("website=ann")])
    );
    let club = json_ld("club", &hub.output("profiles/coffee-club/index.html"));
    assert_eq!(club["mainEntity"]["name"], written("Coffee club"));
}

/// The text of the child element `name` of `node`, CDATA sections joined.
fn child_text<'n, 'm>(
    node: roxmltree::Node,
    name: impl Into<roxmltree::ExpandedName<'n, 'm>>,
) -> Option<String> {
    let name = name.into();
    let child = node.children().find(|c| c.has_tag_name(name))?;
    Some(
        child
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect(),
    )
}

/// The fixture's pages in feeds: their address and the labels of their title and summary.
const FEED_PAGES: [(&str, &str, &str); 5] = [
    ("profiles/ann/", "Ann", "Ann's summary"),
    ("profiles/coffee-club/", "Coffee club", "Club's summary"),
    ("events/meetup/", "Meetup", "Meetup summary"),
    ("toolkits/start/", "Toolkit", "Toolkit summary"),
    ("posts/hello/", "Post", "Post summary"),
];

/// The taxonomy terms of the pages in feeds.
const FEED_TERMS: [&str; 6] = [
    "Teacher",
    "Ann's tag",
    "Group role",
    "Event tag",
    "Toolkit tag",
    "Post tag",
];

#[test]
fn feeds_parse_and_carry_the_text() {
    let (_hub, files) = built();
    let hub_title = as_xml(&written("Hub"));
    let content = "http://purl.org/rss/1.0/modules/content/";
    let mut items = 0;
    for (path, xml) in files_ending(&files, "rss.xml") {
        let document = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        let channel = document
            .descendants()
            .find(|n| n.has_tag_name("channel"))
            .unwrap();
        let title = read_xml(&child_text(channel, "title").unwrap());
        assert!(
            title == hub_title || title.ends_with(&format!(" · {hub_title}")),
            "{path}: {title:?}"
        );
        assert_eq!(
            read_xml(&child_text(channel, "description").unwrap()),
            as_xml(&written("Description")),
            "{path}"
        );
        for item in channel.children().filter(|n| n.has_tag_name("item")) {
            items += 1;
            let link = child_text(item, "link").unwrap();
            let (_, title, summary) = FEED_PAGES
                .iter()
                .find(|(page, _, _)| link == format!("{BASE_URL}{page}"))
                .unwrap_or_else(|| panic!("{path}: an item for {link}"));
            assert_eq!(
                read_xml(&child_text(item, "title").unwrap()),
                as_xml(&written(title)),
                "{path}: {link}"
            );
            for category in item.children().filter(|n| n.has_tag_name("category")) {
                let category = read_xml(category.text().unwrap_or_default());
                assert!(
                    FEED_TERMS.iter().any(|t| category == as_xml(&written(t))),
                    "{path}: {link}: category {category:?}"
                );
            }
            // Feed readers read the description and the content as HTML.
            let description = child_text(item, "description").unwrap();
            assert_eq!(
                script_openings(&description),
                Vec::<String>::new(),
                "{path}"
            );
            assert!(
                page_text(&description).contains(&as_html(&as_xml(&written(summary)))),
                "{path}: {link}: {description:?}"
            );
            if let Some(html) = child_text(item, (content, "encoded")) {
                assert_eq!(script_openings(&html), Vec::<String>::new(), "{path}");
            }
        }
    }
    assert!(items >= 6, "{items} items");
}

#[test]
fn opml_and_sitemap_parse_and_carry_the_text() {
    let (hub, _files) = built();
    let opml = hub.output("opml.xml");
    let document = roxmltree::Document::parse(&opml).expect("opml.xml parses");
    let title = document
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(
        read_xml(title),
        as_xml(&format!("Blogs of {}", written("Hub")))
    );
    let outlines: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .collect();
    assert_eq!(outlines.len(), 1);
    let ann = outlines[0];
    for name in ["text", "title"] {
        assert_eq!(
            read_xml(ann.attribute(name).unwrap()),
            as_xml(&written("Ann")),
            "{name}"
        );
    }
    assert_eq!(
        ann.attribute("xmlUrl"),
        Some(written_url("feed=ann").as_str())
    );
    assert_eq!(
        ann.attribute("htmlUrl"),
        Some(written_url("website=ann").as_str())
    );

    let sitemap = hub.output("sitemap.xml");
    let document = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses");
    let locations: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locations.len() > 20, "{locations:?}");
    for location in locations {
        let path = location
            .strip_prefix(BASE_URL)
            .unwrap_or_else(|| panic!("{location} is under {BASE_URL}"));
        assert!(
            hub.has_output(&format!("{path}index.html")),
            "{location} is a page of the output"
        );
    }
}

/// Every component of `components` and of those inside them.
fn all_components<'a>(components: &'a [Component<'a>]) -> Vec<&'a Component<'a>> {
    components
        .iter()
        .flat_map(|c| std::iter::once(c).chain(all_components(&c.components)))
        .collect()
}

/// The value of property `name` among `properties`, unescaped.
fn property<'a>(properties: &'a [Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str())
}

#[test]
fn calendars_parse_and_carry_the_text() {
    let (_hub, files) = built();
    let calendars = files_ending(&files, ".ics");
    assert_eq!(
        calendars.len(),
        4,
        "the hub's, its archive, the event's and its tag's"
    );
    for (path, text) in calendars {
        assert!(text.ends_with("\r\n"), "{path}");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{path}: a line of {} octets", line.len());
            assert!(
                !line.contains(['\r', '\n']),
                "{path}: a bare line break in {line:?}"
            );
        }
        let unfolded = unfold(text);
        let calendar = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{path}: {e}"));
        let components = all_components(&calendar.components);
        let kinds: Vec<&str> = components.iter().map(|c| c.name.as_str()).collect();
        assert!(
            kinds
                .iter()
                .all(|k| matches!(*k, "VTIMEZONE" | "STANDARD" | "DAYLIGHT" | "VEVENT")),
            "{path}: {kinds:?}"
        );
        if path != "events/meetup/event.ics" {
            let name = property(&calendar.properties, "X-WR-CALNAME").unwrap_or_default();
            assert!(
                name.starts_with(&as_ical(&written("Hub"))),
                "{path}: {name:?}"
            );
        }
        let events: Vec<_> = components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .collect();
        assert_eq!(events.len(), 1, "{path}");
        let event = events[0];
        // No text made a property of its own: the event has exactly the properties convene writes.
        let mut names: Vec<&str> = event.properties.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "CONFERENCE",
                "DESCRIPTION",
                "DTEND",
                "DTSTAMP",
                "DTSTART",
                "LOCATION",
                "STATUS",
                "SUMMARY",
                "UID",
                "URL"
            ],
            "{path}"
        );
        assert_eq!(
            property(&event.properties, "SUMMARY"),
            Some(as_ical(&written("Meetup")).as_str()),
            "{path}"
        );
        assert_eq!(
            property(&event.properties, "LOCATION"),
            Some(as_ical(&written("Meetup place")).as_str()),
            "{path}"
        );
    }
}

#[test]
fn script_urls_are_refused_at_their_lines() {
    let hub = Hub::fixture("basic");
    // Each file, with the lines of its URLs that would run a script.
    let files: [(&str, &str, &[usize]); 4] = [
        (
            "content/toolkits/bad.md",
            "---\ntitle: Bad kit\ndate: 2026-10-01\nresources:\n  - title: One\n    url: javascript:alert(1)\n  - title: Two\n    url: \"data:text/html,<script>alert(2)</script>\"\n---\nText.\n",
            &[6, 8],
        ),
        (
            "content/profiles/eve.md",
            "---\ntitle: Eve\nlinks:\n  website: \" JavaScript:alert(3)\"\n  feed: \"java\\tscript:alert(4)\"\n  mastodon: \"DATA:text/html;base64,PHNjcmlwdD4=\"\n---\nHello.\n",
            &[4, 5, 6],
        ),
        (
            "content/events/bad.md",
            "---\ntitle: Bad event\nstart: 2026-12-12T18:00:00\nonline: javascript:alert(5)\nregistration: \"data:text/html,<script>alert(6)</script>\"\n---\nCome.\n",
            &[4, 5],
        ),
        (
            "content/posts/bad.md",
            "---\ntitle: Bad post\ndate: 2026-11-01\n---\nFirst paragraph.\n\nA [link](javascript:alert(7)) and\nan [other](vbscript:msgbox(8)).\n",
            &[7, 8],
        ),
    ];
    for (path, text, _) in files {
        hub.write(path, text);
    }
    let errors = hub.build_err();
    let mut found: Vec<(String, usize)> = errors
        .iter()
        .map(|e| (e.path.to_string_lossy().replace('\\', "/"), e.line))
        .collect();
    found.sort();
    let mut expected: Vec<(String, usize)> = files
        .iter()
        .flat_map(|(path, _, lines)| lines.iter().map(|line| (path.to_string(), *line)))
        .collect();
    expected.sort();
    assert_eq!(found, expected, "{errors:#?}");
    for error in &errors {
        assert!(
            error.message.contains("would run a script"),
            "{}:{}: {}",
            error.path.display(),
            error.line,
            error.message
        );
    }
}
