//! Builds the fixture hub and checks the files it produces.

mod common;

use common::{Hub, tree};

fn built() -> Hub {
    let hub = Hub::fixture("basic");
    hub.build()
        .unwrap_or_else(|e| panic!("{}", e.iter().map(|d| d.to_string()).collect::<String>()));
    hub
}

#[test]
fn every_kind_of_page_is_published() {
    let hub = built();
    for path in [
        "index.html",
        "about/index.html",
        "profiles/index.html",
        "profiles/ann/index.html",
        "profiles/bob/index.html",
        "profiles/bob/avatar.png",
        "profiles/coffee-club/index.html",
        "events/index.html",
        "events/meetup/index.html",
        "events/past/index.html",
        "toolkits/index.html",
        "toolkits/start/index.html",
        "posts/index.html",
        "posts/hello/index.html",
        "404.html",
        "rss.xml",
        "posts/rss.xml",
        "subjects/science/rss.xml",
        "opml.xml",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "highlight.css",
        "notes.txt",
        "about-us/index.html",
    ] {
        assert!(hub.has_output(path), "missing {path}");
    }
    let ann = hub.output("profiles/ann/index.html");
    assert!(ann.contains("<h1>Ann Teacher</h1>"));
    assert!(ann.contains("<html lang=\"en\">"));
    assert_eq!(ann.matches("<h1").count(), 1, "one h1 per page");
    assert!(ann.contains("href=\"#main\""), "skip link");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let hub = built();
    assert!(!hub.has_output("posts/secret/index.html"));
    assert!(!hub.output("rss.xml").contains("Not ready yet"));
    let options = convene::BuildOptions {
        drafts: true,
        ..hub.options()
    };
    convene::build(&options).unwrap();
    assert!(hub.has_output("posts/secret/index.html"));
}

#[test]
fn relations_are_linked_both_ways() {
    let hub = built();
    let event = hub.output("events/meetup/index.html");
    assert!(
        event.contains("href=\"/hub/profiles/coffee-club/\""),
        "event links to its host group"
    );
    assert!(
        event.contains("href=\"/hub/profiles/ann/\""),
        "event links to its host person"
    );
    let ann = hub.output("profiles/ann/index.html");
    assert!(
        ann.contains("href=\"/hub/events/meetup/\""),
        "host's profile lists the event"
    );
    assert!(
        ann.contains("Member of") && ann.contains("href=\"/hub/profiles/coffee-club/\""),
        "member's profile lists the group"
    );
    let bob = hub.output("profiles/bob/index.html");
    assert!(
        bob.contains("href=\"/hub/toolkits/start/\""),
        "curator's profile lists the toolkit"
    );
    assert!(
        bob.contains("src=\"/hub/profiles/bob/avatar.png\""),
        "bundle picture"
    );
    let group = hub.output("profiles/coffee-club/index.html");
    assert!(
        group.contains("href=\"/hub/profiles/ann/\"")
            && group.contains("href=\"/hub/profiles/bob/\""),
        "group lists its members"
    );
    let toolkit = hub.output("toolkits/start/index.html");
    assert!(
        toolkit.contains("href=\"/hub/profiles/bob/\""),
        "toolkit links to its curator"
    );
}

#[test]
fn taxonomies_have_index_and_term_pages_with_folded_slugs() {
    let hub = built();
    let subjects = hub.output("subjects/index.html");
    assert!(
        subjects.contains("href=\"/hub/subjects/matematicas/\""),
        "accents folded in term slugs"
    );
    let math = hub.output("subjects/matematicas/index.html");
    assert!(math.contains("Matemáticas") && math.contains("/hub/profiles/ann/"));
    let region = hub.output("regions/north-texas/index.html");
    for slug in ["ann", "bob", "coffee-club"] {
        assert!(
            region.contains(&format!("/hub/profiles/{slug}/")),
            "a single string counts as a one-term list: {slug}"
        );
    }
    let directory = hub.output("profiles/index.html");
    assert!(
        directory.contains("href=\"/hub/roles/teacher/\""),
        "directory facets are plain links"
    );
}

#[test]
fn markdown_features_and_internal_links() {
    let hub = built();
    let about = hub.output("about/index.html");
    assert!(
        about.contains("href=\"/hub/events/meetup/\""),
        "@/ link resolved"
    );
    assert!(
        about.contains("href=\"/hub/toolkits/start/#why\""),
        "relative link with anchor resolved"
    );
    let post = hub.output("posts/hello/index.html");
    assert!(
        post.contains("href=\"/hub/profiles/ann/\""),
        "../ link resolved"
    );
    assert!(post.contains("<table>"), "tables");
    assert!(post.contains("type=\"checkbox\""), "task lists");
    assert!(post.contains("<del>old</del>"), "strikethrough");
    assert!(post.contains("footnote"), "footnotes");
    assert!(
        post.contains("class=\"hl-"),
        "highlighted code uses hl- classes"
    );
    assert!(!post.contains("<script>alert"), "raw script removed");
    assert!(
        !post.contains("onclick") && post.contains("<span>raw</span>"),
        "event handlers removed"
    );
    let toolkit = hub.output("toolkits/start/index.html");
    assert!(toolkit.contains("<h2 id=\"why\">"), "heading ids");
    assert!(toolkit.contains("href=\"#why\""), "heading anchor links");
    let css = hub.output("highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn toolkit_resources_are_a_structured_list() {
    let hub = built();
    let toolkit = hub.output("toolkits/start/index.html");
    assert!(toolkit.contains("<h2 class=\"resource-title\" id=\"building-your-network\">"));
    assert!(toolkit.contains("href=\"https://articles.example.org/network\""));
    for text in [
        "Dana Writer",
        "<cite>Teaching Monthly</cite>",
        "Where to begin.",
        "getting started",
        "Podcast",
    ] {
        assert!(toolkit.contains(text), "toolkit shows {text}");
    }
}

#[test]
fn events_show_time_place_status_and_split_upcoming_from_past() {
    let hub = built();
    let meetup = hub.output("events/meetup/index.html");
    assert!(meetup.contains("Sat 5 Dec 2026, 8:30–10:00 AM CST"));
    assert!(meetup.contains("datetime=\"2026-12-05T08:30:00-06:00\""));
    assert!(meetup.contains("Café Brazil, Dallas"));
    let past = hub.output("events/past/index.html");
    assert!(past.contains("banner-cancelled"));
    assert!(past.contains("href=\"https://meet.example.org/workshop\""));
    let list = hub.output("events/index.html");
    let upcoming = list.find("id=\"upcoming\"").unwrap();
    let past_heading = list.find("id=\"past\"").unwrap();
    let meetup_at = list.find("/hub/events/meetup/").unwrap();
    let workshop_at = list.find("/hub/events/past/").unwrap();
    assert!(upcoming < meetup_at && meetup_at < past_heading && past_heading < workshop_at);
    assert!(
        hub.output("index.html").contains("/hub/events/meetup/"),
        "home lists the next event"
    );
}

#[test]
fn rss_feeds_parse_and_carry_every_field() {
    let hub = built();
    let xml = hub.output("rss.xml");
    let doc = roxmltree::Document::parse(&xml).expect("rss.xml is well-formed XML");
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
    let text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(
        text(channel, "title").as_deref(),
        Some("Fixture Learning Network")
    );
    assert_eq!(
        text(channel, "link").as_deref(),
        Some("https://example.org/hub/")
    );
    let self_link = channel
        .children()
        .find(|n| {
            n.tag_name().name() == "link"
                && n.tag_name().namespace() == Some("http://www.w3.org/2005/Atom")
        })
        .expect("atom:link");
    assert_eq!(self_link.attribute("rel"), Some("self"));
    assert_eq!(
        self_link.attribute("href"),
        Some("https://example.org/hub/rss.xml")
    );

    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    let titles: Vec<String> = items.iter().map(|i| text(*i, "title").unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Hello, network",
            "Saturday meetup",
            "Starter kit",
            "October workshop"
        ],
        "posts, events, toolkits, newest first"
    );
    let meetup = items[1];
    assert_eq!(
        text(meetup, "link").as_deref(),
        Some("https://example.org/hub/events/meetup/")
    );
    assert_eq!(
        text(meetup, "guid").as_deref(),
        Some("https://example.org/hub/events/meetup/")
    );
    assert_eq!(
        text(meetup, "pubDate").as_deref(),
        Some("Sun, 1 Nov 2026 00:00:00 -0500"),
        "an event's pubDate is its announcement date"
    );
    assert!(
        text(meetup, "description")
            .unwrap()
            .contains("Sat 5 Dec 2026")
    );
    let encoded = meetup
        .children()
        .find(|n| {
            n.tag_name().name() == "encoded"
                && n.tag_name().namespace() == Some("http://purl.org/rss/1.0/modules/content/")
        })
        .and_then(|n| n.text())
        .unwrap();
    assert!(encoded.contains("Bring a question."));
    let hello = items[0];
    let hello_html = hello
        .children()
        .find(|n| n.tag_name().name() == "encoded")
        .and_then(|n| n.text())
        .unwrap();
    assert!(
        hello_html.contains("href=\"https://example.org/hub/profiles/ann/\""),
        "links made absolute in feeds"
    );
    for date in items.iter().filter_map(|i| text(*i, "pubDate")) {
        assert!(
            jiff::fmt::rfc2822::parse(&date).is_ok(),
            "RFC 822 date: {date}"
        );
    }
    let science = roxmltree::Document::parse(&hub.output("subjects/science/rss.xml"))
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .count();
    assert_eq!(science, 1, "term feed has the one event tagged science");
}

#[test]
fn opml_lists_member_feeds_and_sitemap_lists_pages() {
    let hub = built();
    let opml = hub.output("opml.xml");
    let doc = roxmltree::Document::parse(&opml).unwrap();
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    let outlines: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .collect();
    assert_eq!(outlines.len(), 1);
    assert_eq!(
        outlines[0].attribute("xmlUrl"),
        Some("https://ann.example.org/feed.xml")
    );
    assert_eq!(outlines[0].attribute("text"), Some("Ann Teacher"));
    assert!(hub.output("index.html").contains("rel=\"blogroll\""));

    let sitemap = hub.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/hub/events/meetup/"));
    assert!(locs.contains(&"https://example.org/hub/subjects/matematicas/"));
    assert!(!locs.iter().any(|l| l.contains("secret")));
    assert!(
        hub.output("robots.txt")
            .contains("Sitemap: https://example.org/hub/sitemap.xml")
    );
    let alias = hub.output("about-us/index.html");
    assert!(alias.contains("url=/hub/about/"));
}

#[test]
fn templates_and_static_files_can_be_overridden() {
    let hub = Hub::fixture("basic");
    hub.write("templates/post.html", "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}");
    hub.write("static/style.css", "body { color: rebeccapurple; }");
    hub.build().unwrap();
    assert!(
        hub.output("posts/hello/index.html")
            .contains("<p class=\"custom\">Hello, network</p>")
    );
    assert!(
        hub.output("profiles/ann/index.html")
            .contains("<h1>Ann Teacher</h1>"),
        "other templates stay the theme's"
    );
    assert_eq!(hub.output("style.css"), "body { color: rebeccapurple; }");
}

#[test]
fn an_overridden_card_shows_in_every_list() {
    let hub = Hub::fixture("basic");
    hub.write(
        "templates/partials/card.html",
        "<p class=\"mine\">{{ item.title }} ({{ item.kind }})</p>",
    );
    hub.build().unwrap();
    for list in ["events/index.html", "index.html", "profiles/ann/index.html"] {
        assert!(
            hub.output(list)
                .contains("<p class=\"mine\">Saturday meetup (event)</p>"),
            "{list} shows the hub's card"
        );
    }
}

#[test]
fn a_card_that_reads_the_list_page_is_rendered_in_the_list() {
    // A card cannot be made once per page when it reads a value of the page that lists it;
    // each list then renders it itself.
    let hub = Hub::fixture("basic");
    hub.write(
        "templates/partials/card.html",
        "<p class=\"mine\">{{ item.title }} on {{ current_url }}</p>",
    );
    hub.build().unwrap();
    assert!(
        hub.output("events/index.html")
            .contains("<p class=\"mine\">Saturday meetup on /hub/events/</p>")
    );
    assert!(
        hub.output("profiles/ann/index.html")
            .contains("<p class=\"mine\">Saturday meetup on /hub/profiles/ann/</p>")
    );
}

#[test]
fn a_named_theme_overrides_the_default_templates() {
    let hub = Hub::fixture("basic");
    hub.write(
        "themes/plain/templates/base.html",
        "<!doctype html><html lang=\"{{ site.language }}\"><head><title>{% block title %}{% endblock title %}</title>{% block description %}{% endblock description %}{% block head %}{% endblock head %}</head><body class=\"plain\">{% block main %}{% endblock main %}</body></html>",
    );
    let yaml = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write("hub.yaml", format!("{yaml}theme: plain\n"));
    hub.build().unwrap();
    assert!(
        hub.output("profiles/ann/index.html")
            .contains("<body class=\"plain\">")
    );
}

#[test]
fn two_builds_are_byte_identical_and_the_second_rewrites_nothing() {
    let hub = built();
    let first = tree(&hub.root.join("public"));
    let report = hub.build().unwrap();
    assert_eq!(report.written, 0, "unchanged files are not rewritten");
    assert_eq!(first, tree(&hub.root.join("public")));

    let other = Hub::fixture("basic");
    other.build().unwrap();
    assert_eq!(
        first,
        tree(&other.root.join("public")),
        "a fresh copy builds to the same bytes"
    );
}

#[test]
fn rebuilds_write_only_what_changed_and_drop_what_is_gone() {
    let hub = built();
    let public = hub.root.join("public");
    let modified = |path: &str| {
        std::fs::metadata(public.join(path))
            .unwrap()
            .modified()
            .unwrap()
    };
    let about_before = modified("about/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));

    // Three builds, so that the spare folder beside the output has held every earlier state.
    let post = std::fs::read_to_string(hub.root.join("content/posts/hello.md")).unwrap();
    hub.write(
        "content/posts/hello.md",
        post.replace("title:", "title: Renamed"),
    );
    hub.build().unwrap();
    std::fs::remove_file(hub.root.join("content/events/past.md")).unwrap();
    hub.build().unwrap();
    hub.build().unwrap();

    assert!(hub.output("posts/hello/index.html").contains("Renamed"));
    assert!(
        !hub.has_output("events/past/index.html"),
        "a deleted page is unpublished"
    );
    assert!(!hub.has_output("events/past/event.ics"));
    assert_eq!(
        about_before,
        modified("about/index.html"),
        "an unchanged page keeps its file, so uploads can skip it"
    );
    let spare = hub.root.join(".public.convene-spare");
    assert!(
        spare.join(".convene-output").is_file(),
        "the spare folder is marked as ours"
    );

    // The output equals a fresh build of the same hub.
    let fresh = tempfile::tempdir().unwrap();
    convene::build(&convene::BuildOptions {
        output: Some(fresh.path().join("public")),
        ..hub.options()
    })
    .unwrap();
    assert_eq!(tree(&public), tree(&fresh.path().join("public")));
}

#[test]
fn a_template_error_leaves_the_live_output_as_it_was() {
    let hub = built();
    let before = tree(&hub.root.join("public"));
    hub.write(
        "content/about.md",
        "---\ntitle: About us, again\n---\nNew words.\n",
    );
    hub.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}{{ page.title | no_such_filter }}{% endblock main %}");
    let errors = hub.build_err();
    assert!(
        errors.iter().any(|e| e.message.contains("template")),
        "{errors:?}"
    );
    assert_eq!(before, tree(&hub.root.join("public")));
}

#[test]
fn a_build_stopped_while_swapping_folders_is_undone_by_the_next() {
    let hub = built();
    let public = hub.root.join("public");
    let before = tree(&public);
    // As if the process died between moving the live folder aside and moving the new one in.
    std::fs::rename(&public, hub.root.join(".public.convene-swap")).unwrap();
    hub.build().unwrap();
    assert_eq!(before, tree(&public));
    assert!(!hub.root.join(".public.convene-swap").exists());
}

#[test]
fn base_url_override_changes_every_link() {
    let hub = Hub::fixture("basic");
    let options = convene::BuildOptions {
        base_url: Some("https://preview.example.net/pr-7/".into()),
        ..hub.options()
    };
    convene::build(&options).unwrap();
    assert!(
        hub.output("events/meetup/index.html")
            .contains("href=\"/pr-7/profiles/ann/\"")
    );
    assert!(
        hub.output("rss.xml")
            .contains("https://preview.example.net/pr-7/events/meetup/")
    );
}

#[test]
fn init_makes_a_hub_that_builds_and_new_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-hub");
    let today = jiff::civil::date(2026, 11, 23);
    convene::scaffold::init(&root, today).unwrap();
    let options = convene::BuildOptions {
        source: root.clone(),
        now: Some(common::NOW.parse().unwrap()),
        ..Default::default()
    };
    let report = convene::build(&options).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(
        root.join("public/events/monthly-coffee/index.html")
            .is_file()
    );
    assert!(
        convene::scaffold::init(&root, today).is_err(),
        "init refuses an existing hub"
    );

    for kind in [
        convene::scaffold::NewKind::Profile,
        convene::scaffold::NewKind::Event,
        convene::scaffold::NewKind::Toolkit,
        convene::scaffold::NewKind::Post,
    ] {
        let path = convene::scaffold::new_page(&root, kind, "Spring Gathering", today).unwrap();
        assert!(
            convene::scaffold::new_page(&root, kind, "Spring Gathering", today).is_err(),
            "new refuses to overwrite {}",
            path.display()
        );
    }
    convene::build(&options).unwrap_or_else(|e| {
        panic!(
            "new pages build: {}",
            e.iter().map(|d| d.to_string()).collect::<String>()
        )
    });
}

#[test]
fn naming_or_linking_a_draft_is_not_an_error() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/profiles/cleo.md",
        "---\ntitle: Cleo\ndraft: true\n---\n",
    );
    let group = std::fs::read_to_string(hub.root.join("content/profiles/coffee-club.md")).unwrap();
    hub.write(
        "content/profiles/coffee-club.md",
        group.replace("  - bob\n", "  - bob\n  - cleo\n"),
    );
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nSoon: [our plans](posts/secret.md).\n",
    );
    hub.build().unwrap();
    assert!(
        !hub.output("profiles/coffee-club/index.html")
            .contains("Cleo"),
        "a draft member is not shown"
    );
    assert!(
        hub.output("about/index.html")
            .contains("href=\"/hub/posts/secret/\""),
        "a link to a draft points where it will be published"
    );
    let options = convene::BuildOptions {
        drafts: true,
        ..hub.options()
    };
    convene::build(&options).unwrap();
    assert!(
        hub.output("profiles/coffee-club/index.html")
            .contains("/hub/profiles/cleo/")
    );
}

#[test]
fn a_profile_is_named_by_its_file_name_or_its_slug() {
    let hub = Hub::fixture("basic");
    let ann = std::fs::read_to_string(hub.root.join("content/profiles/ann.md")).unwrap();
    hub.write(
        "content/profiles/ann.md",
        ann.replace("kind: person\n", "kind: person\nslug: ann-t\n"),
    );
    hub.write(
        "content/toolkits/more.md",
        "---\ntitle: More\ncurators: [ann-t]\n---\n",
    );
    hub.build().unwrap();
    let group = hub.output("profiles/coffee-club/index.html");
    assert!(
        group.contains("href=\"/hub/profiles/ann-t/\""),
        "`members: [ann]` still finds the file ann.md"
    );
    assert!(
        hub.output("toolkits/more/index.html")
            .contains("href=\"/hub/profiles/ann-t/\""),
        "the slug works too"
    );
}

#[test]
fn a_repeating_event_shows_its_rule_in_words_and_next_dates() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/club.md",
        "---\ntitle: Book club\nstart: 2026-09-09T19:00:00\nduration: 1h\nrecurrence: FREQ=MONTHLY;BYDAY=2WE\nexceptions: [2026-12-09]\n---\n",
    );
    hub.build().unwrap();
    let page = hub.output("events/club/index.html");
    assert!(
        page.contains("Second Wednesday of every month"),
        "rule in words"
    );
    let dates: Vec<&str> = page
        .match_indices("<li><time datetime=\"")
        .map(|(i, _)| &page[i + 20..i + 45])
        .collect();
    assert_eq!(
        dates,
        [
            "2027-01-13T19:00:00-06:00",
            "2027-02-10T19:00:00-06:00",
            "2027-03-10T19:00:00-06:00",
            "2027-04-14T19:00:00-05:00",
            "2027-05-12T19:00:00-05:00"
        ],
        "five dates after the build time, the exception skipped, 19:00 local across DST"
    );
    let list = hub.output("events/index.html");
    let upcoming = &list[list.find("id=\"upcoming\"").unwrap()..list.find("id=\"past\"").unwrap()];
    assert!(
        upcoming.contains("/hub/events/club/") && upcoming.contains("Wed 13 Jan 2027"),
        "listed at its next occurrence"
    );
}

#[test]
fn pictures_of_a_bundle_get_their_size_so_pages_do_not_jump() {
    let hub = Hub::fixture("basic");
    // The start of a PNG of 400 × 300 (no wider than the text shows it, so published as it
    // is): the signature and the header chunk are enough to measure.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(400u32.to_be_bytes());
    png.extend(300u32.to_be_bytes());
    png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    hub.write("content/profiles/bob/meetup photo.png", &png);
    hub.write(
        "content/profiles/bob/map.svg",
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 150\"></svg>\n",
    );
    hub.write("content/elsewhere.png", &png);
    let page = std::fs::read_to_string(hub.root.join("content/profiles/bob/index.md")).unwrap();
    hub.write(
        "content/profiles/bob/index.md",
        format!(
            "{page}\n![Bob and *five* teachers](meetup%20photo.png \"Spring\")\n\n![Where we meet](map.svg)\n\n![Outside the bundle](../../elsewhere.png)\n"
        ),
    );
    hub.build().unwrap();
    let html = hub.output("profiles/bob/index.html");
    assert!(
        html.contains("<img src=\"meetup%20photo.png\" alt=\"Bob and five teachers\" title=\"Spring\" width=\"400\" height=\"300\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"map.svg\" alt=\"Where we meet\" width=\"300\" height=\"150\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"../../elsewhere.png\" alt=\"Outside the bundle\" />"),
        "a file outside the bundle is not measured: {html}"
    );
}

#[test]
fn pictures_named_on_a_mac_are_found_and_a_missing_one_is_told_at_its_line() {
    let hub = Hub::fixture("basic");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDRfake".to_vec();
    // `n` and a combining tilde, as a Mac names the file; the text writes `ñ`.
    hub.write("content/profiles/bob/foto-begon\u{303}a.png", &png);
    hub.write("content/equipo-espan\u{303}ol.png", &png);
    let page = std::fs::read_to_string(hub.root.join("content/profiles/bob/index.md")).unwrap();
    hub.write(
        "content/profiles/bob/index.md",
        format!("{page}\n![Begoña at the spring meetup](foto-begoña.png)\n")
            .replace("avatar: avatar.png", "avatar: foto-begoña.png"),
    );
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nOur team:\n\n![The team](equipo-español.png)\n",
    );
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(hub.has_output("profiles/bob/foto-begoña.png"));
    assert!(hub.has_output("equipo-español.png"));
    let profile = hub.output("profiles/bob/index.html");
    assert!(
        profile.contains("src=\"foto-bego%C3%B1a.png\"")
            || profile.contains("src=\"foto-begoña.png\""),
        "{profile}"
    );
    assert!(
        profile.contains("/hub/profiles/bob/foto-begoña.png"),
        "{profile}"
    );
    // A picture beside a page that is no bundle is published where its file is.
    let about = hub.output("about/index.html");
    assert!(about.contains("src=\"/hub/equipo-espa"), "{about}");

    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nOur team:\n\n![The team](equipo.png)\n",
    );
    let problem = common::problem_for(&hub.build_err(), "content/about.md").clone();
    assert_eq!((problem.line, problem.column), (6, 1));
    assert_eq!(
        problem.message,
        "there is no picture `equipo.png` beside this page"
    );
}

#[test]
fn a_section_list_is_a_link_target_without_an_index_file() {
    let hub = Hub::fixture("basic");
    assert!(!hub.root.join("content/events/_index.md").exists());
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nSee [the events](events/_index.md) and [all of them](@/events/).\n",
    );
    hub.build().unwrap();
    let about = hub.output("about/index.html");
    assert!(about.contains("See <a href=\"/hub/events/\""), "{about}");
    assert!(about.contains("and <a href=\"/hub/events/\""), "{about}");
}

#[test]
fn a_page_written_as_an_address_is_published_at_its_address() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nCome to [the meetup](events/meetup), read [the kit](/toolkits/start/#why) or [search](/search/).\n",
    );
    hub.build().unwrap();
    let about = hub.output("about/index.html");
    // The hub lives under /hub/: both are published under it, the second with its fragment.
    assert!(about.contains("<a href=\"/hub/events/meetup/\""), "{about}");
    assert!(
        about.contains("<a href=\"/hub/toolkits/start/#why\""),
        "{about}"
    );
    // An address the build makes itself is published under the hub's path too.
    assert!(about.contains("<a href=\"/hub/search/\""), "{about}");
}

#[test]
fn an_address_the_hub_does_not_publish_is_an_error_at_its_line() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nSee [the science page](/subjects/science/), [our feed](../rss.xml),\n[the coffee](events/meetup-saturday), [science](/subjects/sciense/) and [Ann](/profiles/an/).\n",
    );
    let problems = hub.build_err();
    let found: Vec<String> = problems
        .iter()
        .map(|p| {
            format!(
                "{}:{}: {} ({})",
                p.line,
                p.column,
                p.message,
                p.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "5:1: the link `events/meetup-saturday` leads to /about/events/meetup-saturday, which this hub does not publish (link to a page by its file, such as `@/events/coffee.md` (from `content/`), or check the address)",
            "5:39: the link `/subjects/sciense/` leads to an address this hub does not publish (did you mean /subjects/science/?)",
            "5:73: the link `/profiles/an/` leads to an address this hub does not publish (did you mean /profiles/ann/? Link to the page by its file, `@/profiles/ann.md`, and convene writes its address)",
        ],
        "{problems:?}"
    );
}

#[test]
fn an_address_of_a_draft_leads_where_it_will_be_published() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/posts/later.md",
        "---\ntitle: Later\ndate: 2026-11-20\ndraft: true\nslug: coming-soon\n---\nSoon.\n",
    );
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nSoon: [our next post](/posts/coming-soon/).\n",
    );
    hub.build().unwrap();
    assert!(
        hub.output("about/index.html")
            .contains("href=\"/hub/posts/coming-soon/\"")
    );
}
