//! The example hub as a disabled reader meets it, and as a private one: headless Chromium loads
//! every page; axe-core (npm package, installed into `tests/axe` by `.ci/run`) audits each kind of
//! page in light and dark mode (as the system asks, and as the header's switch chooses) against
//! WCAG 2.0, 2.1 and 2.2 levels A and AA, and no page may ask any host but the local server for
//! anything. Every kind of page reflows at 320 CSS pixels without scrolling sideways, and what
//! lists say of an event or a person reaches screen readers.

mod common;

use std::path::Path;

use common::browser::{Driver, serve};

/// The rule sets the audit applies: every success criterion of WCAG 2.0, 2.1 and 2.2 at A and AA
/// that axe-core can test.
const WCAG_TAGS: [&str; 6] = [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
];

/// axe-core's script, or `None` where `npm ci --prefix tests/axe` has not been run (an error
/// under CI).
fn axe_script() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(_) if std::env::var_os("CI").is_some() => panic!(
            "the accessibility test needs axe-core: run `npm ci --prefix tests/axe` (Debian package `npm`)"
        ),
        Err(_) => {
            eprintln!("skipping the accessibility test: run `npm ci --prefix tests/axe`");
            None
        }
    }
}

/// The address under `/hub/` of every page of the built site, the error page included.
fn every_page(public: &Path) -> Vec<String> {
    let mut pages: Vec<String> = common::walk(public)
        .into_iter()
        .filter(|file| file.extension().is_some_and(|e| e == "html"))
        .map(|file| {
            let name = file
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            match name.strip_suffix("index.html") {
                Some(folder) => folder.to_string(),
                None => name,
            }
        })
        .collect();
    pages.sort();
    pages
}

/// One page of each kind: the first address of each distinct shape (`profiles/NAME/`,
/// `subjects/`, `subjects/TERM/`, `subjects/TERM/subscribe/`, `profiles/page/N/`,
/// `subjects/TERM/page/N/`, ...), the hub calendar's subscription page, and the search page
/// with results shown; each in English and in Spanish (under `es/`).
fn one_page_of_each_kind(pages: &[String]) -> Vec<String> {
    let mut shapes = std::collections::BTreeMap::new();
    for page in pages.iter().filter(|page| !page.starts_with("es/")) {
        let parts: Vec<&str> = page.trim_end_matches('/').split('/').collect();
        let shape = match parts.as_slice() {
            [""] => "home".to_string(),
            // A later page of a long list: one of each section's and of each taxonomy's terms.
            [first, .., "page", _] => format!("{first}/page"),
            [section] => section.to_string(),
            [section, _] => format!("{section}/item"),
            // A term's subscription page stands for all of them.
            [taxonomy, _, "subscribe"] => format!("{taxonomy}/term/subscribe"),
            _ => page.clone(),
        };
        shapes.entry(shape).or_insert_with(|| page.clone());
    }
    let mut chosen: Vec<String> = shapes.into_values().collect();
    // A group as well as a person, a person who writes in Spanish only (`lang: es`, a page in
    // another language than its English site), the hub calendar's subscription page, and
    // search with its results and filters on screen.
    chosen.push("profiles/saturday-coffee-ntx/".to_string());
    chosen.push("profiles/marisol-ortiz/".to_string());
    chosen.push("events/subscribe/".to_string());
    chosen.push("search/?q=coffee".to_string());
    let spanish: Vec<String> = chosen.iter().map(|page| format!("es/{page}")).collect();
    chosen.extend(spanish);
    chosen
}

/// Runs axe-core on the page open in `driver` and returns its violations, one line each:
/// rule, impact, the elements and what axe says to fix.
fn violations(driver: &Driver, axe: &str) -> Vec<String> {
    let run = format!(
        "{axe}\nconst done = arguments[arguments.length - 1]; \
         axe.run(document, {{runOnly: {{type: 'tag', values: {tags:?}}}, resultTypes: ['violations']}}) \
           .then(r => done(JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + \
              v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '))))) \
           .catch(e => done(JSON.stringify(['axe failed: ' + e])));",
        tags = WCAG_TAGS
    );
    let found = driver.script_async(&run);
    serde_json::from_str(&found).unwrap_or_else(|_| vec![format!("no answer from axe: {found}")])
}

/// Opens `url` in `driver` and waits until the page that stays has loaded: a moved page's
/// redirect (`<meta http-equiv="refresh">`) has been followed and its styles applied.
fn open(driver: &Driver, url: &str) {
    driver.goto(url);
    let loaded = driver.wait_for(
        "return document.readyState === 'complete' \
           && !document.querySelector('meta[http-equiv=refresh]') ? ['loaded'] : [];",
    );
    assert_eq!(loaded, ["loaded"], "{url} loads");
}

#[test]
fn every_kind_of_page_passes_wcag_aa_in_light_and_dark_mode_as_asked_or_chosen() {
    let Some(axe) = axe_script() else { return };
    let Some(driver) = Driver::start("America/Chicago") else {
        return;
    };
    let (_dir, public) = common::built_example(Some("https://example.org/hub/"));
    let (port, _) = serve(public.clone());
    let mut problems = Vec::new();
    let pages = one_page_of_each_kind(&every_page(&public));
    assert!(pages.len() >= 30, "every kind of page: {pages:?}");
    assert!(
        pages
            .iter()
            .any(|page| page.starts_with("es/subjects/") && page.ends_with("/subscribe/")),
        "a term's subscription page: {pages:?}"
    );
    // Light and dark as the reader's system asks, then dark as chosen with the header's switch
    // while the system asks for light: the theme's rules for a choice are written apart.
    for (scheme, system, chosen) in [
        ("light", "light", None),
        ("dark", "dark", None),
        ("dark by the switch", "light", Some("dark")),
    ] {
        driver.devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": system}]}),
        );
        if let Some(theme) = chosen {
            open(&driver, &format!("http://127.0.0.1:{port}/hub/"));
            driver.script(&format!(
                "localStorage.setItem('convene-theme', '{theme}'); return '';"
            ));
        }
        for page in &pages {
            open(&driver, &format!("http://127.0.0.1:{port}/hub/{page}"));
            if let Some(theme) = chosen {
                assert_eq!(
                    driver.script("return document.documentElement.dataset.theme || 'none';"),
                    theme,
                    "{page}: the choice is kept"
                );
            }
            if page.contains("?q=") {
                let shown = driver.wait_for(
                    "return document.querySelectorAll('#search-results li').length ? ['shown'] : [];",
                );
                assert_eq!(
                    shown,
                    ["shown"],
                    "search results appear: {}",
                    driver.script("return document.getElementById('search-status').textContent;")
                );
            }
            for violation in violations(&driver, &axe) {
                problems.push(format!("{page} ({scheme}): {violation}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "accessibility violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_page_asks_another_host_for_anything() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let (_dir, public) = common::built_example(Some("https://example.org/hub/"));
    let (port, _) = serve(public.clone());
    let local = format!("http://127.0.0.1:{port}/");
    let mut pages = every_page(&public);
    pages.push("search/?q=coffee".to_string());
    // What the browser loaded for its own start page (from `chrome://`, which may still be
    // arriving) is not the site's: only requests that go over the network count.
    let over_the_network = |url: &str| {
        ["http://", "https://", "ws://", "wss://", "ftp://"]
            .iter()
            .any(|scheme| url.starts_with(scheme))
    };
    let mut elsewhere = Vec::new();
    let mut asked = 0;
    for page in &pages {
        driver.goto(&format!("{local}hub/{page}"));
        if page.contains("?q=") {
            driver.wait_for(
                "return document.querySelectorAll('#search-results li').length ? ['shown'] : [];",
            );
        }
        for url in driver.requests_made() {
            asked += 1;
            if over_the_network(&url) && !url.starts_with(&local) {
                elsewhere.push(format!("{page}: {url}"));
            }
        }
    }
    assert!(
        asked > pages.len() * 3,
        "the browser's requests were seen: {asked} for {} pages",
        pages.len()
    );
    assert!(
        elsewhere.is_empty(),
        "requests to other hosts:\n{}",
        elsewhere.join("\n")
    );
}

/// What `script` tells of the page open in `driver` at 320 CSS pixels: how wide it scrolls, how
/// wide the window is, and the element that reaches furthest past its right edge (tag, classes,
/// where it ends and how its text starts). Elements inside a box that scrolls or clips on its own
/// (a wide table's) do not count: the page does not scroll for them.
const WIDEST_ELEMENT: &str = "\
    const width = window.innerWidth; \
    const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) \
        { if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; }; \
    let widest = null, right = width; \
    for (const e of document.body.querySelectorAll('*')) { \
        const r = e.getBoundingClientRect(); \
        if (r.width > 0 && r.right > right && !clipped(e)) { widest = e; right = r.right; } } \
    const name = widest && (widest.tagName.toLowerCase() + \
        (widest.id ? '#' + widest.id : '') + \
        (typeof widest.className === 'string' && widest.className.trim() ? '.' + widest.className.trim().split(/\\s+/).join('.') : '') + \
        ' ends at ' + Math.round(right) + 'px: \"' + (widest.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + '\"'); \
    return JSON.stringify({scroll: document.documentElement.scrollWidth, width, widest: name});";

#[test]
fn every_kind_of_page_reflows_at_320_css_pixels_without_scrolling_sideways() {
    let Some(driver) = Driver::start("America/Chicago") else {
        return;
    };
    let (_dir, public) = common::built_example(Some("https://example.org/hub/"));
    let (port, _) = serve(public.clone());
    let pages = one_page_of_each_kind(&every_page(&public));
    for page in [
        "",
        "profiles/page/2/",
        "events/subscribe/",
        "search/?q=coffee",
        "404.html",
    ] {
        for page in [page.to_string(), format!("es/{page}")] {
            assert!(pages.contains(&page), "{page} is among {pages:?}");
        }
    }
    // WCAG 2.1's reflow: a phone 320 CSS pixels wide (1280 pixels at 400%, or a phone at 200%),
    // with scroll bars that take no room, as on a phone.
    driver.devtools(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": false}),
    );
    driver.devtools(
        "Emulation.setScrollbarsHidden",
        serde_json::json!({"hidden": true}),
    );
    let mut too_wide = Vec::new();
    for page in &pages {
        open(&driver, &format!("http://127.0.0.1:{port}/hub/{page}"));
        if page.contains("?q=") {
            driver.wait_for(
                "return document.querySelectorAll('#search-results li').length ? ['shown'] : [];",
            );
        }
        let measured: serde_json::Value =
            serde_json::from_str(&driver.script(WIDEST_ELEMENT)).expect("the page answers");
        assert_eq!(
            measured["width"], 320,
            "{page}: the window is 320 pixels wide"
        );
        if measured["scroll"].as_u64() > measured["width"].as_u64() {
            too_wide.push(format!(
                "{page}: {} pixels wide, widest {}",
                measured["scroll"],
                measured["widest"].as_str().unwrap_or("none")
            ));
        }
    }
    assert!(
        too_wide.is_empty(),
        "pages that scroll sideways at 320 CSS pixels:\n{}",
        too_wide.join("\n")
    );
}

/// The cards of `html`, each as its classes (`card-event is-cancelled`) and the inner HTML of
/// the link in its title.
fn card_links(html: &str) -> Vec<(&str, &str)> {
    html.split("<article class=\"card ")
        .skip(1)
        .filter_map(|card| {
            let classes = card.split('"').next()?;
            let title = &card[card.find("<h3 class=\"card-title\"")?..];
            let link = &title[title.find("<a ")?..title.find("</a>")?];
            Some((classes, &link[link.find('>')? + 1..]))
        })
        .collect()
}

#[test]
fn a_cancelled_event_in_a_list_is_named_cancelled_and_people_cards_show_their_terms() {
    let (_dir, public) = common::built_example(Some("https://example.org/hub/"));
    let read = |page: &str| std::fs::read_to_string(public.join(page)).unwrap();
    for (page, word) in [
        ("index.html", "(cancelled)"),
        ("events/index.html", "(cancelled)"),
        ("es/events/index.html", "(cancelado)"),
        ("subjects/math/page/2/index.html", "(cancelled)"),
        (
            "profiles/crosstimbers-math-online/index.html",
            "(cancelled)",
        ),
    ] {
        let html = read(page);
        let events: Vec<_> = card_links(&html)
            .into_iter()
            .filter(|(classes, _)| classes.starts_with("card-event"))
            .collect();
        assert!(
            events
                .iter()
                .any(|(classes, _)| classes.contains("is-cancelled")),
            "{page} lists a cancelled event"
        );
        for (classes, link) in events {
            // The link's accessible name is its text: nothing in it is hidden from screen readers.
            assert!(!link.contains("aria-hidden"), "{page}: {link}");
            let name = common::html::page_text(link);
            assert_eq!(
                name.ends_with(word),
                classes.contains("is-cancelled"),
                "{page}: the link of a card of {classes} is named {name:?}"
            );
        }
    }
    // Marcus Bell's card, in the directory (in both languages) and on a term's page: the terms he
    // has, as text, by taxonomy.
    for (page, expected) in [
        (
            "profiles/index.html",
            "Roles instructional coach Subjects math, science Regions North Texas, Fort Worth Grade levels middle school, high school",
        ),
        (
            "es/profiles/index.html",
            "Funciones coach pedagógico Materias matemáticas, ciencias Regiones norte de Texas, Fort Worth Niveles escolares secundaria, preparatoria",
        ),
        (
            "subjects/science/index.html",
            "Roles instructional coach Subjects math, science",
        ),
    ] {
        let html = read(page);
        let card = html
            .split("<article class=\"card ")
            .find(|card| card.contains(">Marcus Bell</a>"))
            .unwrap_or_else(|| panic!("{page} has Marcus Bell's card"));
        let terms = &card[card.find("<dl class=\"card-terms\">").expect("terms")..];
        let text = common::html::page_text(&terms[..terms.find("</dl>").unwrap()]);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.starts_with(expected), "{page}: {text}");
    }
}
