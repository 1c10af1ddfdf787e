//! Link previews: every page's Open Graph and Twitter tags, and the preview card of every event.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Hub, html::start_tags};

/// The most bytes a preview card may take.
const CARD_BUDGET: usize = 80 * 1024;

/// The Open Graph and Twitter tags of a page: each property (or name) with its values, in order.
fn preview_tags(html: &str) -> BTreeMap<String, Vec<String>> {
    let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for tag in start_tags(html).into_iter().filter(|t| t.name == "meta") {
        let value = |name: &str| {
            tag.attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        let (Some(key), Some(content)) = (value("property").or(value("name")), value("content"))
        else {
            continue;
        };
        if key.starts_with("og:") || key.starts_with("twitter:") {
            tags.entry(key).or_default().push(content);
        }
    }
    tags
}

/// The one value of `key` among `tags`, or `None`; a second value is a mistake.
fn one<'a>(tags: &'a BTreeMap<String, Vec<String>>, key: &str, page: &str) -> Option<&'a str> {
    let values = tags.get(key)?;
    assert_eq!(
        values.len(),
        1,
        "{page}: {key} given {} times",
        values.len()
    );
    Some(&values[0])
}

/// The width and height a PNG's header gives, checking that it is a PNG.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG's signature");
    assert_eq!(&bytes[12..16], b"IHDR", "a PNG starts with its header");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

/// What a site's HTML pages were checked to have.
#[derive(Debug, Default)]
struct Seen {
    pages: usize,
    with_image: usize,
    types: BTreeMap<String, usize>,
}

/// Checks the preview tags of every HTML page under `public`, a site published at `base_url`
/// with the hub's names `titles` by language folder ("" for the default language's site) and
/// its languages' locales `locales`. Redirect pages only name where the page went.
fn check_every_page(
    public: &Path,
    base_url: &str,
    titles: &[(&str, &str)],
    locales: &[&str],
) -> Seen {
    let mut seen = Seen::default();
    for file in common::walk(public) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = file
            .strip_prefix(public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let html = fs::read_to_string(&file).unwrap();
        let tags = preview_tags(&html);
        if html.contains("http-equiv=\"refresh\"") {
            let url = one(&tags, "og:url", &name).expect("a redirect names its page");
            assert!(url.starts_with(base_url), "{name}: {url}");
            continue;
        }
        seen.pages += 1;
        let page = name.as_str();
        let value = |key: &str| {
            one(&tags, key, page)
                .unwrap_or_else(|| panic!("{page} has no {key}: {tags:#?}"))
                .to_string()
        };
        assert!(!value("og:title").trim().is_empty(), "{page}");
        assert!(!value("og:description").trim().is_empty(), "{page}");
        // The address of the page itself: its folder, or the file for 404.html.
        let within = page.strip_suffix("index.html").unwrap_or(page);
        assert_eq!(value("og:url"), format!("{base_url}{within}"), "{page}");
        let kind = value("og:type");
        assert!(
            ["website", "article", "profile"].contains(&kind.as_str()),
            "{page}: {kind}"
        );
        *seen.types.entry(kind).or_default() += 1;
        let folder = titles
            .iter()
            .filter(|(folder, _)| page.starts_with(folder))
            .max_by_key(|(folder, _)| folder.len())
            .unwrap();
        assert_eq!(value("og:site_name"), folder.1, "{page}");
        let locale = value("og:locale");
        assert!(locales.contains(&locale.as_str()), "{page}: {locale}");
        let mut all: Vec<String> = tags.get("og:locale:alternate").cloned().unwrap_or_default();
        all.push(locale);
        all.sort();
        let mut expected: Vec<String> = locales.iter().map(|l| l.to_string()).collect();
        expected.sort();
        assert_eq!(all, expected, "{page}: the locale and its alternates");
        let card = value("twitter:card");
        let Some(image) = one(&tags, "og:image", page) else {
            assert_eq!(card, "summary", "{page}");
            continue;
        };
        seen.with_image += 1;
        let within = image
            .strip_prefix(base_url)
            .unwrap_or_else(|| panic!("{page}: og:image {image} is not on the site"));
        let within = percent_encoding::percent_decode_str(within)
            .decode_utf8()
            .unwrap()
            .into_owned();
        let file = public.join(&within);
        let bytes =
            fs::read(&file).unwrap_or_else(|e| panic!("{page}: og:image {image} is missing: {e}"));
        let size = imagesize::blob_size(&bytes).expect("og:image is a picture");
        let (width, height): (u32, u32) = (
            value("og:image:width").parse().unwrap(),
            value("og:image:height").parse().unwrap(),
        );
        assert_eq!(
            (size.width as u32, size.height as u32),
            (width, height),
            "{page}: the size of {image}"
        );
        assert!(!value("og:image:alt").trim().is_empty(), "{page}");
        let wide = width >= 600 && width * 2 >= height * 3;
        let expected = if wide {
            "summary_large_image"
        } else {
            "summary"
        };
        assert_eq!(card, expected, "{page}: {width}×{height}");
    }
    seen
}

/// A PNG of `width` × `height` pixels of one colour.
fn picture(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels = vec![120u8; (width * height * 3) as usize];
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    bytes
}

/// Every event card under `public`, by path, with its bytes.
fn cards(public: &Path) -> Vec<(String, Vec<u8>)> {
    common::tree(public)
        .into_iter()
        .filter(|(path, _)| path.ends_with("card.png"))
        .collect()
}

#[test]
fn every_page_of_the_example_hub_has_link_preview_tags() {
    let (_dir, public) = common::built_example(None);
    let base = "https://example.org/ntx-educators/";
    let seen = check_every_page(
        &public,
        base,
        &[
            ("", "North Texas Educators Network"),
            ("es/", "North Texas Educators Network"),
        ],
        &["en_US", "es_ES"],
    );
    assert!(seen.pages > 50, "{seen:?}");
    // The hub names a picture, so every page has one.
    assert_eq!(seen.with_image, seen.pages, "{seen:?}");
    for kind in ["website", "article", "profile"] {
        assert!(seen.types.contains_key(kind), "{seen:?}");
    }
    // An event without a picture of its own shows its card; other pages the hub's picture.
    let event = preview_tags(
        &fs::read_to_string(public.join("es/events/coffee-first-saturday/index.html")).unwrap(),
    );
    assert_eq!(
        event["og:image"],
        [format!("{base}es/events/coffee-first-saturday/card.png")]
    );
    assert_eq!(event["twitter:card"], ["summary_large_image"]);
    assert_eq!(event["og:locale"], ["es_ES"]);
    let post = preview_tags(&fs::read_to_string(public.join("about/index.html")).unwrap());
    assert_eq!(post["og:image"], [format!("{base}preview.png")]);
    assert_eq!(post["og:type"], ["article"]);
}

#[test]
fn every_page_of_the_basic_hub_has_link_preview_tags() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let public = hub.root.join("public");
    let seen = check_every_page(
        &public,
        "https://example.org/hub/",
        &[("", "Fixture Learning Network")],
        &["en_US"],
    );
    assert!(seen.pages > 10, "{seen:?}");
    // The hub names no picture: only its events (their cards) have one.
    let events = ["events/meetup/", "events/past/"];
    assert_eq!(seen.with_image, events.len(), "{seen:?}");
    for event in events {
        let tags = preview_tags(&hub.output(&format!("{event}index.html")));
        assert_eq!(
            tags["og:image"],
            [format!("https://example.org/hub/{event}card.png")]
        );
        assert_eq!(tags["og:type"], ["website"]);
    }
    let tags = preview_tags(&hub.output("posts/hello/index.html"));
    assert_eq!(tags["og:type"], ["article"]);
    assert_eq!(tags["twitter:card"], ["summary"]);
}

#[test]
fn a_page_shows_its_own_picture_before_the_hubs() {
    let hub = Hub::fixture("basic");
    let config = fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write("hub.yaml", format!("{config}image: /hub card.png\n"));
    hub.write("static/hub card.png", picture(1200, 630));
    hub.write("content/profiles/bob/avatar.png", picture(400, 400));
    hub.write(
        "content/posts/photos/index.md",
        "---\ntitle: Photos\ndate: 2026-11-02\n---\nThe day.\n\n![Everyone at the meetup](group.png)\n",
    );
    hub.write("content/posts/photos/group.png", picture(1000, 600));
    hub.write(
        "content/events/picnic/index.md",
        "---\ntitle: Picnic\nstart: 2026-12-12T12:00:00\n---\n![A park](park.png)\n",
    );
    hub.write("content/events/picnic/park.png", picture(300, 300));
    hub.build().unwrap();
    let tags = |page: &str| preview_tags(&hub.output(&format!("{page}index.html")));
    let base = "https://example.org/hub/";

    // A picture larger than the theme shows it is previewed as its largest JPEG or PNG variant
    // (the original is not published unless a page links to it).
    let bob = tags("profiles/bob/");
    assert_eq!(
        bob["og:image"],
        [format!("{base}profiles/bob/avatar-square-240.png")]
    );
    assert_eq!(bob["og:image:width"], ["240"]);
    assert_eq!(bob["og:image:alt"], ["Bob Coach"]);
    assert_eq!(bob["og:type"], ["profile"]);
    assert_eq!(bob["twitter:card"], ["summary"]);

    let photos = tags("posts/photos/");
    assert_eq!(
        photos["og:image"],
        [format!("{base}posts/photos/group-960.png")]
    );
    assert_eq!(photos["og:image:height"], ["576"]);
    assert_eq!(photos["og:image:alt"], ["Everyone at the meetup"]);
    assert_eq!(photos["twitter:card"], ["summary_large_image"]);

    // The event's own picture comes before its card.
    let picnic = tags("events/picnic/");
    assert_eq!(
        picnic["og:image"],
        [format!("{base}events/picnic/park.png")]
    );

    // A group is no person: its profile is a website.
    let club = tags("profiles/coffee-club/");
    assert_eq!(club["og:type"], ["website"]);
    assert_eq!(club["og:image"], [format!("{base}hub%20card.png")]);
    assert_eq!(club["twitter:card"], ["summary_large_image"]);
    assert_eq!(tags("")["og:image"], [format!("{base}hub%20card.png")]);

    check_every_page(
        &hub.root.join("public"),
        base,
        &[("", "Fixture Learning Network")],
        &["en_US"],
    );
}

#[test]
fn a_hub_picture_that_is_not_there_is_an_error_at_its_line() {
    let hub = Hub::fixture("basic");
    let config = fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write("hub.yaml", format!("{config}image: static/preview.png\n"));
    let problems = hub.build_err();
    let problem = common::problem_for(&problems, "hub.yaml");
    assert_eq!(problem.line, config.lines().count() + 1);
    assert!(
        problem.message.contains("no picture `static/preview.png`"),
        "{problem:?}"
    );
    hub.write("static/preview.svg", "<svg/>");
    hub.write("hub.yaml", format!("{config}image: static/preview.svg\n"));
    let problems = hub.build_err();
    let problem = common::problem_for(&problems, "hub.yaml");
    assert!(problem.message.contains("PNG, JPEG"), "{problem:?}");
}

#[test]
fn event_cards_are_small_pngs_the_same_on_every_build() {
    let (_first, public) = common::built_example(None);
    let (_second, again) = common::built_example(None);
    let cards = cards(&public);
    assert!(cards.len() >= 4, "{} cards", cards.len());
    assert!(cards.iter().any(|(path, _)| path.starts_with("es/")));
    for (path, bytes) in &cards {
        assert_eq!(png_size(bytes), (1200, 630), "{path}");
        assert!(bytes.len() <= CARD_BUDGET, "{path}: {} bytes", bytes.len());
    }
    assert_eq!(cards, self::cards(&again), "two builds give the same cards");
}

#[test]
fn a_card_is_drawn_once_until_what_it_says_changes() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let kept = || -> Vec<(PathBuf, std::time::SystemTime)> {
        let mut files: Vec<_> = common::walk(&hub.root.join(".convene/cards"))
            .into_iter()
            .map(|file| {
                let modified = fs::metadata(&file).unwrap().modified().unwrap();
                (file, modified)
            })
            .collect();
        files.sort();
        files
    };
    let first = kept();
    let published = cards(&hub.root.join("public"));
    assert_eq!(
        first.len(),
        published.len(),
        "one kept card for each published one"
    );
    for (file, _) in &first {
        let bytes = fs::read(file).unwrap();
        assert!(published.iter().any(|(_, card)| *card == bytes), "{file:?}");
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    hub.build().unwrap();
    assert_eq!(kept(), first, "a second build draws no card");
    assert_eq!(cards(&hub.root.join("public")), published);

    let event = common::walk(&hub.root.join("content/events"))
        .into_iter()
        .find(|file| file.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = fs::read_to_string(&event).unwrap();
    fs::write(&event, text.replacen("title: ", "title: Renamed ", 1)).unwrap();
    hub.build().unwrap();
    let after = kept();
    assert_eq!(
        after.len(),
        first.len() + 1,
        "the renamed event's card is drawn anew"
    );
    assert!(first.iter().all(|kept| after.contains(kept)));
}
