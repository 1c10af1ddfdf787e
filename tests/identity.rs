//! The hub's own look and voice, from hub.yaml: its logo, its invitation to join and its
//! email address, its menu, its pages on other sites, the initials of members without a
//! picture, and the switch between light and dark colours.

mod common;

use common::Hub;

/// The basic fixture with `lines` added to its hub.yaml.
fn hub_with(lines: &str) -> Hub {
    let hub = Hub::fixture("basic");
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write("hub.yaml", format!("{config}{lines}"));
    hub
}

/// Builds `hub`, failing with every problem it reports.
fn build(hub: &Hub) {
    if let Err(problems) = hub.build() {
        panic!(
            "{}",
            problems.iter().map(|p| p.to_string()).collect::<String>()
        );
    }
}

/// The text of `html` from `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {html}"));
    let to = html[from..].find(end).map_or(html.len(), |at| from + at);
    &html[from..to]
}

#[test]
fn the_logo_stands_beside_the_title_with_its_size_and_a_square_one_is_the_tabs_icon() {
    let hub = hub_with("logo: static/brand/logo.svg\n");
    hub.write(
        "static/brand/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\"><circle cx=\"20\" cy=\"20\" r=\"18\"/></svg>",
    );
    build(&hub);
    for page in ["index.html", "about/index.html", "404.html"] {
        let html = hub.output(page);
        let title = between(&html, "<a class=\"site-title\"", "</a>");
        assert!(
            title.contains(
                "<img class=\"site-logo\" src=\"/hub/brand/logo.svg\" alt=\"\" width=\"40\" height=\"40\">Fixture Learning Network"
            ),
            "{page}: {title}"
        );
        assert!(
            html.contains(
                "<link rel=\"icon\" href=\"/hub/brand/logo.svg\" type=\"image/svg+xml\">"
            ),
            "{page}"
        );
    }
    assert!(hub.has_output("brand/logo.svg"));

    // A square PNG is the icon too; a wide logo is not, and the theme's icon stays.
    for (width, height, icon) in [
        (
            64,
            64,
            "<link rel=\"icon\" href=\"/hub/logo.png\" type=\"image/png\">",
        ),
        (
            120,
            40,
            "<link rel=\"icon\" href=\"/hub/favicon.svg\" type=\"image/svg+xml\">",
        ),
    ] {
        let hub = hub_with("logo: /logo.png\n");
        hub.write("static/logo.png", png_header(width, height));
        build(&hub);
        let html = hub.output("index.html");
        assert!(
            html.contains(&format!(
                "<img class=\"site-logo\" src=\"/hub/logo.png\" alt=\"\" width=\"{width}\" height=\"{height}\">"
            )),
            "{}",
            between(&html, "<header", "</header>")
        );
        assert!(html.contains(icon), "{width}×{height}: {icon}");
    }
}

/// The start of a PNG file `width` by `height` pixels: as far as its size is written.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn the_invitation_to_join_and_the_contact_address_are_on_every_page() {
    let hub = hub_with("join: \"@/about.md\"\ncontact: mailto:hello@fixture.example.org\n");
    build(&hub);
    let home = hub.output("index.html");
    assert!(
        between(&home, "<section class=\"hero\"", "</section>")
            .contains("<a class=\"button\" href=\"/hub/about/\">Join us</a>"),
        "the home page's hero invites to join in the theme's words"
    );
    for page in [
        "index.html",
        "events/meetup/index.html",
        "profiles/index.html",
    ] {
        let footer = between(&hub.output(page), "<footer", "</footer>").to_string();
        assert!(
            footer.contains("<a class=\"button\" href=\"/hub/about/\">Join us</a>"),
            "{page}: {footer}"
        );
        assert!(
            footer.contains("Contact: <a href=\"mailto:hello@fixture.example.org\">hello@fixture.example.org</a>"),
            "{page}: {footer}"
        );
    }

    // Its own words in each language, to a part of a page in the reader's language.
    let hub = Hub::bilingual(&[
        (
            "content/about.md",
            "---\ntitle: About us\n---\n## How to join\n\nCome along.\n",
        ),
        (
            "content/about.es.md",
            "---\ntitle: Quiénes somos\n---\n## Cómo unirte {#how-to-join}\n\nVen.\n",
        ),
    ]);
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        format!("{config}join:\n  url: \"@/about.md#how-to-join\"\n  label: {{en: Become a member, es: Hazte socia}}\n"),
    );
    build(&hub);
    assert!(
        hub.output("index.html")
            .contains("<a class=\"button\" href=\"/hub/about/#how-to-join\">Become a member</a>")
    );
    assert!(
        hub.output("es/index.html")
            .contains("<a class=\"button\" href=\"/hub/es/about/#how-to-join\">Hazte socia</a>")
    );

    // No `join` and no `contact`: nothing of either.
    let hub = Hub::fixture("basic");
    build(&hub);
    let home = hub.output("index.html");
    assert!(!home.contains("class=\"button\"") && !home.contains("mailto:"));
}

#[test]
fn the_menu_is_as_written_in_each_language_and_without_one_every_section_and_top_page() {
    let nav = |html: &str| -> Vec<String> {
        between(html, "<nav class=\"site-nav\"", "</nav>")
            .split("<a href=\"")
            .skip(1)
            .map(|item| {
                let (url, rest) = item.split_once('"').unwrap();
                let title = rest.split_once('>').unwrap().1.split('<').next().unwrap();
                format!("{title} {url}")
            })
            .collect()
    };
    let hub = Hub::fixture("basic");
    build(&hub);
    assert_eq!(
        nav(&hub.output("index.html")),
        [
            "Directory /hub/profiles/",
            "Events /hub/events/",
            "Toolkits /hub/toolkits/",
            "News /hub/posts/",
            "About us /hub/about/",
        ],
        "without `menu`, every section, then the pages at the top"
    );

    let hub = Hub::bilingual(&[(
        "content/about.es.md",
        "---\ntitle: Quiénes somos\n---\nSomos docentes.\n",
    )]);
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        format!(
            "{config}menu:\n  - events\n  - \"@/about.md\"\n  - label: {{en: Join, es: Únete}}\n    url: https://forms.example.org/join\n  - {{label: {{en: Our kit, es: Nuestro kit}}, url: \"@/toolkits/start.md\"}}\n  - profiles\n"
        ),
    );
    build(&hub);
    let english = [
        "Events /hub/events/",
        "About us /hub/about/",
        "Join https://forms.example.org/join",
        "Our kit /hub/toolkits/start/",
        "Directory /hub/profiles/",
    ];
    for page in ["index.html", "events/meetup/index.html", "404.html"] {
        assert_eq!(nav(&hub.output(page)), english, "{page}");
    }
    assert_eq!(
        nav(&hub.output("es/index.html")),
        [
            "Eventos /hub/es/events/",
            "Quiénes somos /hub/es/about/",
            "Únete https://forms.example.org/join",
            "Nuestro kit /hub/es/toolkits/start/",
            "Personas y grupos /hub/es/profiles/",
        ]
    );
    let events = hub.output("events/index.html");
    assert!(
        events.contains("<a href=\"/hub/events/\" aria-current=\"page\">Events</a>"),
        "the entry of the page shown is marked"
    );
}

#[test]
fn the_menu_leaves_out_a_draft_until_it_is_published() {
    let hub = hub_with("menu: [events, \"@/posts/secret.md\"]\n");
    build(&hub);
    assert!(!hub.output("index.html").contains("/hub/posts/secret/"));
    let options = convene::BuildOptions {
        drafts: true,
        ..hub.options()
    };
    convene::build(&options).unwrap();
    assert!(hub.output("index.html").contains("/hub/posts/secret/"));
}

#[test]
fn the_hubs_pages_elsewhere_are_in_the_footer_and_the_head_with_rel_me_in_order() {
    let hub = hub_with(
        "social:\n  Mastodon: https://mastodon.social/@fixture\n  Blog: https://blog.example.org/\n",
    );
    build(&hub);
    let html = hub.output("about/index.html");
    let head = between(&html, "<head>", "</head>");
    let me = "<link rel=\"me\" href=\"https://mastodon.social/@fixture\">\n<link rel=\"me\" href=\"https://blog.example.org/\">";
    assert!(head.contains(me), "{head}");
    let footer = between(&html, "<footer", "</footer>");
    assert!(
        footer.contains("<ul class=\"footer-links\" aria-label=\"The network elsewhere\"><li><a href=\"https://mastodon.social/@fixture\" rel=\"me noopener\">Mastodon</a></li><li><a href=\"https://blog.example.org/\" rel=\"me noopener\">Blog</a></li></ul>"),
        "{footer}"
    );
}

#[test]
fn a_profile_without_a_picture_shows_its_initials_on_a_tone_of_its_name() {
    let hub = Hub::fixture("basic");
    build(&hub);
    let directory = hub.output("profiles/index.html");
    let card = |title: &str| {
        let at = directory
            .find(&format!(">{title}</a>"))
            .unwrap_or_else(|| panic!("{title}"));
        let start = directory[..at].rfind("<article").unwrap();
        directory[start..at].to_string()
    };
    let ann = card("Ann Teacher");
    let tone = ann
        .split("tone-")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        ann.contains(&format!(
            "<span class=\"card-avatar avatar-initials tone-{tone}\" aria-hidden=\"true\">AT</span>"
        )),
        "{ann}"
    );
    assert!(tone.parse::<usize>().unwrap() < 6);
    assert!(card("Bob Coach").contains("<img class=\"card-avatar\""));
    assert!(!card("Bob Coach").contains("avatar-initials"));
    let page = hub.output("profiles/ann/index.html");
    assert!(page.contains(&format!(
        "<span class=\"profile-avatar avatar-initials tone-{tone}\" aria-hidden=\"true\">AT</span>"
    )));
    // The same name has the same tone in every build.
    let again = Hub::fixture("basic");
    build(&again);
    assert!(
        again
            .output("profiles/ann/index.html")
            .contains(&format!("tone-{tone}"))
    );
}

#[test]
fn every_page_has_the_light_and_dark_switch_set_before_the_page_is_drawn() {
    let hub = Hub::bilingual(&[]);
    build(&hub);
    for (page, site, name) in [
        ("index.html", "/hub/", "Dark mode"),
        ("es/about/index.html", "/hub/es/", "Modo oscuro"),
    ] {
        let html = hub.output(page);
        let head = between(&html, "<head>", "</head>");
        let script = format!("<script src=\"{site}theme.js\"></script>");
        assert!(
            head.contains(&script) && head.find(&script) > head.find("style.css"),
            "{page}: theme.js is read in the head, without `defer`, after the styles"
        );
        let button = between(
            &html,
            "<button type=\"button\" class=\"theme-switch\"",
            "</button>",
        );
        assert!(
            button.contains("data-theme-switch aria-pressed=\"false\" hidden>"),
            "{button}"
        );
        assert!(
            button.contains(&format!("<span class=\"visually-hidden\">{name}</span>")),
            "{page}: {button}"
        );
    }
    let script = hub.output("theme.js");
    assert!(script.contains("localStorage") && !script.contains("document.cookie"));
    let css = hub.output("style.css");
    for rule in [
        ":root:not([data-theme=\"light\"]) { --light: 0%;",
        ":root[data-theme=\"dark\"] { --light: 0%;",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    let code = hub.output("highlight.css");
    assert!(code.contains(":root[data-theme=\"dark\"] .hl-code {"));
}
