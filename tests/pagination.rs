//! Long lists split into pages: the directory (sorted by `sort_name`, with its A–Z list), the
//! events list, section lists and term pages, on hubs generated big enough to need it.

mod common;

use std::collections::BTreeSet;

use common::Hub;

const HUB: &str = "title: Hub\nbase_url: https://example.org/hub/\ntimezone: America/Chicago\n";

const FIRST_NAMES: [&str; 16] = [
    "Ana", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hiro", "Inés", "Jamal", "Kira",
    "Luis", "Mai", "Noah", "Olga", "Priya",
];
const FAMILY_NAMES: [&str; 13] = [
    "Adams", "Brown", "Castillo", "Dubois", "Evans", "Fischer", "García", "Hughes", "Ibáñez",
    "Jones", "Kim", "López", "Nguyen",
];
const TAXONOMIES: [&str; 5] = ["roles", "subjects", "regions", "grade-levels", "tags"];
const SUBJECTS: [&str; 6] = ["math", "science", "reading", "history", "art", "music"];

/// A sentence long enough to make cards the size real summaries make them.
const SUMMARY: &str = "Teaches, coaches and organises the Saturday meetups of the region; writes about problem solving, \
student voice and feedback, and helps new teachers find a mentor and a community of practice near them in their first year.";

/// Writes `profiles` profiles (every other with a `sort_name`), `events` events (spread over
/// three years around the tests' now) and `posts` posts into `hub`, all with roles and
/// subjects so that the term pages are long too.
fn generate(hub: &Hub, profiles: usize, events: usize, posts: usize) {
    let subjects = |i: usize| {
        (0..4)
            .map(|k| SUBJECTS[(i + k) % SUBJECTS.len()])
            .collect::<Vec<_>>()
            .join(", ")
    };
    for i in 0..profiles {
        let (first, family) = (
            FIRST_NAMES[i % FIRST_NAMES.len()],
            FAMILY_NAMES[(i / FIRST_NAMES.len()) % FAMILY_NAMES.len()],
        );
        let sort_name = if i % 2 == 0 {
            format!("sort_name: \"{family}, {first} {i}\"\n")
        } else {
            String::new()
        };
        hub.write(
            &format!("content/profiles/p{i:04}.md"),
            format!(
                "---\ntitle: {first} {family} {i}\n{sort_name}roles: [teacher, instructional coach, librarian]\n\
                 subjects: [{}]\nregions: [North Texas]\ngrade_levels: [middle school, high school]\n\
                 location: Denton, TX\nsummary: \"{SUMMARY}\"\n---\nHello.\n",
                subjects(i)
            ),
        );
    }
    for i in 0..events {
        let start = format!(
            "{}-{:02}-{:02}T{:02}:00:00",
            2025 + i % 3,
            1 + i % 12,
            1 + (i * 7) % 28,
            8 + i % 10
        );
        hub.write(
            &format!("content/events/e{i:04}.md"),
            format!(
                "---\ntitle: Meetup number {i}\nstart: {start}\nlocation: Café Brazil, 2221 Abrams Rd, Dallas, TX\n\
                 subjects: [{}]\nroles: [teacher]\nsummary: \"{SUMMARY}\"\n---\nCome along.\n",
                subjects(i)
            ),
        );
    }
    for i in 0..posts {
        hub.write(
            &format!("content/posts/n{i:04}.md"),
            format!(
                "---\ntitle: News number {i}\ndate: {}-{:02}-{:02}\nsubjects: [{}]\ntags: [news]\nsummary: \"{SUMMARY}\"\n---\nNews.\n",
                2024 + i % 3,
                1 + i % 12,
                1 + i % 28,
                subjects(i)
            ),
        );
    }
}

/// Every `href` of a page, in order.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The addresses of the cards of a page, in order.
fn cards(html: &str) -> Vec<String> {
    html.split("<h3 class=\"card-title\"")
        .skip(1)
        .filter_map(|card| links(card).into_iter().next())
        .collect()
}

/// The output file of the page at `url` (`/hub/profiles/page/2/#letter-a`).
fn file_of(url: &str) -> String {
    let path = url.split('#').next().unwrap();
    format!("{}index.html", path.strip_prefix("/hub/").unwrap())
}

/// The `<link rel="…">` of the head of a page, by `rel`.
fn head_link(html: &str, rel: &str) -> Option<String> {
    let head = html.split("</head>").next().unwrap();
    let start = head.find(&format!("<link rel=\"{rel}\" href=\""))?;
    links(&head[start..]).into_iter().next()
}

/// The visible link marked `rel` in the page navigation.
fn nav_link(html: &str, rel: &str) -> Option<String> {
    let nav = html.split("class=\"pagination\"").nth(1)?;
    let nav = nav.split("</nav>").next().unwrap();
    nav.split("<a ")
        .find(|a| a.contains(&format!("rel=\"{rel}\"")))
        .and_then(|a| links(a).into_iter().next())
}

#[test]
fn every_profile_is_reached_from_the_directory_by_its_page_links() {
    let hub = Hub::with_config(HUB);
    generate(&hub, 150, 0, 0);
    hub.build().unwrap();
    // Follow every link to a page of the directory, from the first one.
    let mut to_visit = vec!["/hub/profiles/".to_string()];
    let mut visited = BTreeSet::new();
    let mut found = Vec::new();
    while let Some(url) = to_visit.pop() {
        let file = file_of(&url);
        if !visited.insert(file.clone()) {
            continue;
        }
        let html = hub.output(&file);
        let shown = cards(&html);
        assert!(shown.len() <= 48, "{file} shows {} cards", shown.len());
        found.extend(shown);
        to_visit.extend(
            links(&html)
                .into_iter()
                .filter(|link| link.starts_with("/hub/profiles/page/")),
        );
    }
    assert_eq!(
        visited.len(),
        4,
        "150 profiles take 4 pages of 48: {visited:?}"
    );
    let expected: BTreeSet<String> = (0..150)
        .map(|i| format!("/hub/profiles/p{i:04}/"))
        .collect();
    assert_eq!(found.len(), 150, "each profile is on one page");
    assert_eq!(found.into_iter().collect::<BTreeSet<_>>(), expected);
    // The sitemap lists every page of the list.
    let sitemap = hub.output("sitemap.xml");
    for n in 2..=4 {
        assert!(sitemap.contains(&format!(
            "<loc>https://example.org/hub/profiles/page/{n}/</loc>"
        )));
    }
    assert!(!hub.has_output("profiles/page/5/index.html"));
    assert!(!hub.has_output("profiles/page/1/index.html"));
}

#[test]
fn prev_and_next_lead_to_the_neighbouring_pages_and_the_first_holds_the_facets() {
    let hub = Hub::with_config(HUB);
    generate(&hub, 150, 0, 0);
    hub.build().unwrap();
    let first = hub.output("profiles/index.html");
    let middle = hub.output("profiles/page/2/index.html");
    let last = hub.output("profiles/page/4/index.html");
    for (html, prev, next) in [
        (&first, None, Some("/hub/profiles/page/2/")),
        (
            &middle,
            Some("/hub/profiles/"),
            Some("/hub/profiles/page/3/"),
        ),
        (&last, Some("/hub/profiles/page/3/"), None),
    ] {
        assert_eq!(head_link(html, "prev").as_deref(), prev);
        assert_eq!(head_link(html, "next").as_deref(), next);
        assert_eq!(nav_link(html, "prev").as_deref(), prev);
        assert_eq!(nav_link(html, "next").as_deref(), next);
    }
    assert!(middle.contains("<nav class=\"pagination\" aria-label=\"Pages\">"));
    assert!(middle.contains(
        "<a href=\"/hub/profiles/page/2/\" aria-current=\"page\"><span class=\"visually-hidden\">Page </span>2</a>"
    ));
    assert!(middle.contains("<title>People and groups, page 2 of 4 · Hub</title>"));
    assert!(
        middle
            .contains("<link rel=\"canonical\" href=\"https://example.org/hub/profiles/page/2/\">")
    );
    // The facets, with their counts, are on the first page; the others link to them.
    assert!(first.contains("class=\"facets\""));
    assert!(first.contains("math <span class=\"count\">(100)</span>"));
    for html in [&middle, &last] {
        assert!(!html.contains("class=\"facets\""));
        assert!(html.contains("<a href=\"/hub/profiles/#browse\">"));
    }
    assert!(first.contains("Everyone (150)") && last.contains("Everyone (150)"));
}

#[test]
fn the_directory_sorts_by_sort_name_and_jumps_to_each_letter() {
    let hub = Hub::with_config(&format!("{HUB}per_page: 2\n"));
    for (file, front) in [
        ("mai", "title: Mai Nguyen\nsort_name: Nguyen, Mai"),
        ("zoe", "title: Zoe Adams\nsort_name: \"  Adams, Zoe \""),
        ("alvaro", "title: Álvaro Vargas"),
        ("club", "title: Coffee Club\nkind: group"),
        ("bea", "title: Bea Zhang\nsort_name: Zhang, Bea"),
    ] {
        hub.write(
            &format!("content/profiles/{file}.md"),
            format!("---\n{front}\n---\n"),
        );
    }
    hub.build().unwrap();
    let pages = [
        hub.output("profiles/index.html"),
        hub.output("profiles/page/2/index.html"),
        hub.output("profiles/page/3/index.html"),
    ];
    let order: Vec<Vec<String>> = pages.iter().map(|html| cards(html)).collect();
    assert_eq!(
        order,
        [
            vec!["/hub/profiles/zoe/", "/hub/profiles/alvaro/"],
            vec!["/hub/profiles/club/", "/hub/profiles/mai/"],
            vec!["/hub/profiles/bea/"],
        ]
    );
    assert!(!hub.has_output("profiles/page/4/index.html"));
    // Every page has the A–Z list: letters with profiles link to where they start.
    for html in &pages {
        for (letter, url) in [
            ("A", "/hub/profiles/#letter-a"),
            ("C", "/hub/profiles/page/2/#letter-c"),
            ("N", "/hub/profiles/page/2/#letter-n"),
            ("Z", "/hub/profiles/page/3/#letter-z"),
        ] {
            assert!(
                html.contains(&format!("<a href=\"{url}\">{letter}</a>")),
                "{letter}"
            );
        }
        assert!(html.contains("<span>B</span>") && !html.contains("letter-b"));
        assert!(html.contains("<nav class=\"letters\" aria-label=\"Jump to a letter\">"));
    }
    assert!(pages[0].contains("<h3 class=\"letter\" id=\"letter-a\">A</h3>"));
    assert!(pages[1].contains("<h3 class=\"letter\" id=\"letter-c\">C</h3>"));
    assert!(pages[1].contains("<h3 class=\"letter\" id=\"letter-n\">N</h3>"));
    assert!(pages[2].contains("<h3 class=\"letter\" id=\"letter-z\">Z</h3>"));
}

#[test]
fn term_pages_and_the_events_list_show_upcoming_events_first() {
    let hub = Hub::with_config(&format!("{HUB}per_page: 2\n"));
    // The tests' now is 2026-11-23.
    for (file, start) in [
        ("long-ago", "2026-10-01T10:00:00"),
        ("last-month", "2026-11-01T10:00:00"),
        ("later", "2026-12-10T10:00:00"),
        ("soon", "2026-11-30T10:00:00"),
    ] {
        hub.write(
            &format!("content/events/{file}.md"),
            format!("---\ntitle: Event {file}\nstart: {start}\nsubjects: [math]\n---\n"),
        );
    }
    hub.write(
        "content/profiles/ann.md",
        "---\ntitle: Ann\nsubjects: [math]\n---\n",
    );
    hub.write(
        "content/posts/news.md",
        "---\ntitle: News\ndate: 2026-11-02\nsubjects: [math]\n---\n",
    );
    hub.build().unwrap();
    let events = [
        hub.output("events/index.html"),
        hub.output("events/page/2/index.html"),
    ];
    assert_eq!(
        events.iter().map(|html| cards(html)).collect::<Vec<_>>(),
        [
            vec!["/hub/events/soon/", "/hub/events/later/"],
            vec!["/hub/events/last-month/", "/hub/events/long-ago/"],
        ]
    );
    assert!(events[0].contains("data-events=\"upcoming\"") && !events[0].contains("id=\"past\""));
    assert!(events[1].contains("data-events=\"past\"") && !events[1].contains("id=\"upcoming\""));

    // Six pages with math: the profile, upcoming and past events, then the post.
    let math: Vec<String> = ["", "page/2/", "page/3/"]
        .iter()
        .map(|page| hub.output(&format!("subjects/math/{page}index.html")))
        .collect();
    assert_eq!(
        math.iter().map(|html| cards(html)).collect::<Vec<_>>(),
        [
            vec!["/hub/profiles/ann/", "/hub/events/soon/"],
            vec!["/hub/events/later/", "/hub/events/last-month/"],
            vec!["/hub/events/long-ago/", "/hub/posts/news/"],
        ]
    );
    assert!(math[0].contains("<h2 id=\"group-event-upcoming\">Upcoming events</h2>"));
    assert!(math[1].contains("<h2 id=\"group-event-upcoming\">Upcoming events</h2>"));
    assert!(math[1].contains("<h2 id=\"group-event-past\">Past events</h2>"));
    assert!(math[2].contains("<h2 id=\"group-post\">News</h2>"));
    // Every page of the term offers its calendar and counts all its pages.
    for html in &math {
        assert!(html.contains("subjects/math/subscribe/") && html.contains("6 pages"));
    }
}

#[test]
fn pages_a_list_no_longer_needs_are_removed() {
    let hub = Hub::with_config(&format!("{HUB}per_page: 2\n"));
    for name in ["a", "b", "c", "d", "e"] {
        hub.write(
            &format!("content/posts/{name}.md"),
            format!("---\ntitle: Post {name}\ndate: 2026-01-01\n---\n"),
        );
    }
    hub.build().unwrap();
    assert!(hub.has_output("posts/page/3/index.html"));
    for name in ["d", "e"] {
        std::fs::remove_file(hub.root.join(format!("content/posts/{name}.md"))).unwrap();
    }
    hub.build().unwrap();
    assert!(hub.has_output("posts/page/2/index.html"));
    assert!(!hub.has_output("posts/page/3/index.html"));
    assert!(!hub.output("sitemap.xml").contains("posts/page/3/"));
    // Without `per_page`, 48 make a page.
    hub.write("hub.yaml", HUB);
    hub.build().unwrap();
    assert!(!hub.has_output("posts/page/2/index.html"));
}

#[test]
fn no_list_page_is_over_200_kb_on_a_large_hub() {
    let hub = Hub::with_config(HUB);
    generate(&hub, 600, 400, 400);
    hub.build().unwrap();
    let public = hub.root.join("public");
    let mut lists = 0;
    let mut largest = (0, String::new());
    for file in common::walk(&public) {
        let name = file
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = name.split('/').collect();
        // List pages: sections and taxonomies, terms, and the later pages of each.
        let is_list = match parts.as_slice() {
            [_, "index.html"] => true,
            [taxonomy, _, "index.html"] => TAXONOMIES.contains(taxonomy),
            _ => name.contains("/page/"),
        };
        if !is_list {
            continue;
        }
        lists += 1;
        let size = std::fs::metadata(&file).unwrap().len() as usize;
        if size > largest.0 {
            largest = (size, name);
        }
    }
    assert!(lists > 100, "the generated hub has long lists: {lists}");
    assert!(largest.0 < 200_000, "{} is {} bytes", largest.1, largest.0);
    // Unsplit, the directory alone would be several times that.
    assert!(hub.has_output("profiles/page/13/index.html"));
    assert!(hub.has_output("subjects/math/page/2/index.html"));
}
