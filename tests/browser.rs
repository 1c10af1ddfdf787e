//! Pages as a browser sees them: headless Chromium loads each kind of page of a built hub,
//! served under its sub-path on 127.0.0.1, and every file the page asks for must exist.

mod common;

use common::Hub;
use common::browser::{Driver, chromium, dom_after_scripts, serve, serve_holding};

#[test]
fn every_kind_of_page_loads_completely_in_chromium() {
    let Some(browser) = chromium() else { return };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let (port, log) = serve(hub.root.join("public"));
    for page in [
        "",
        "profiles/",
        "profiles/bob/",
        "events/",
        "events/meetup/",
        "toolkits/start/",
        "posts/hello/",
        "subjects/science/",
        "about/",
    ] {
        let url = format!("http://127.0.0.1:{port}/hub/{page}");
        let dom = dom_after_scripts(&browser, &url, "America/Chicago");
        assert!(dom.contains("<html lang=\"en\">"), "{url}: no lang");
        assert_eq!(dom.matches("<h1").count(), 1, "{url}: one h1");
        assert!(dom.contains("<main id=\"main\""), "{url}: main landmark");
        assert!(
            dom.contains("class=\"skip-link\" href=\"#main\""),
            "{url}: skip link"
        );
    }
    let requests = log.lock().unwrap().clone();
    for asset in [
        "/hub/style.css",
        "/hub/highlight.css",
        "/hub/profiles/bob/avatar.png",
    ] {
        assert!(
            requests.iter().any(|(path, _)| path == asset),
            "the browser asked for {asset}: {requests:?}"
        );
    }
    let failed: Vec<_> = requests
        .iter()
        .filter(|(_, status)| *status == 404)
        .collect();
    assert!(failed.is_empty(), "requests that found nothing: {failed:?}");
}

#[test]
fn lists_are_corrected_at_view_time_and_times_shown_in_the_readers_zone() {
    let Some(browser) = chromium() else { return };
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/far.md",
        "---\ntitle: Far future gathering\nstart: 2099-06-01T10:00:00\n---\n",
    );
    // Built long ago: the October workshop was still upcoming then.
    let options = convene::BuildOptions {
        now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        ..hub.options()
    };
    convene::build(&options).unwrap();
    let built = hub.output("events/index.html");
    let upcoming_at_build = &built[built.find("data-events=\"upcoming\"").unwrap()
        ..built.find("data-events=\"past\"").unwrap()];
    assert!(
        upcoming_at_build.contains("October workshop"),
        "the fallback is the build time"
    );

    let (port, _) = serve(hub.root.join("public"));
    let dom = dom_after_scripts(
        &browser,
        &format!("http://127.0.0.1:{port}/hub/events/"),
        "Asia/Kolkata",
    );
    let past_at = dom.find("data-events=\"past\"").expect("past list");
    let workshop_at = dom.find("October workshop").unwrap();
    let far_at = dom.find("Far future gathering").unwrap();
    assert!(
        workshop_at > past_at,
        "the ended workshop moved to the past list"
    );
    assert!(far_at < past_at, "a future event stays upcoming");

    let event = dom_after_scripts(
        &browser,
        &format!("http://127.0.0.1:{port}/hub/events/meetup/"),
        "Asia/Kolkata",
    );
    assert!(
        event.contains("class=\"local-time\""),
        "the reader's local time is added"
    );
    assert!(
        event.contains("GMT+5:30") || event.contains("IST"),
        "in the reader's zone: {}",
        &event[event.find("local-time").unwrap()..][..120]
    );
}

#[test]
fn the_readers_time_is_written_on_the_hubs_clock_and_only_where_it_reads_otherwise() {
    let Some(browser) = chromium() else { return };
    let hub = Hub::bilingual(&[]);
    // Saturday 5 December 2026, 8:30 in Chicago, also given in New York's time.
    let meetup = std::fs::read_to_string(hub.root.join("content/events/meetup.md")).unwrap();
    hub.write(
        "content/events/meetup.md",
        meetup.replace(
            "duration: 90m\n",
            "duration: 90m\nalso_timezone: America/New_York\n",
        ),
    );
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let (port, _) = serve(hub.root.join("public"));
    let hint = |page: &str, zone: &str| {
        let dom = dom_after_scripts(
            &browser,
            &format!("http://127.0.0.1:{port}/hub/{page}"),
            zone,
        );
        assert!(dom.contains("data-local"), "{zone}: {dom}");
        dom.split("<span class=\"local-time\">")
            .nth(1)
            .map(|rest| rest[..rest.find("</span>").unwrap()].to_string())
    };
    assert_eq!(
        hint("es/events/meetup/", "America/Los_Angeles").as_deref(),
        Some(" (tu hora: 6:30 a.&nbsp;m. PST)")
    );
    assert_eq!(
        hint("events/meetup/", "America/Los_Angeles").as_deref(),
        Some(" (your time: 6:30 AM PST)")
    );
    // On another day there: the day too, in the page's language.
    let far = hint("es/events/meetup/", "Pacific/Auckland").unwrap();
    assert!(
        far.contains("6 dic") && far.ends_with("3:30 a.&nbsp;m. GMT+13)"),
        "{far}"
    );
    // The page gives the time in Chicago and New York already; Detroit reads New York's clock.
    for zone in ["America/Chicago", "America/New_York", "America/Detroit"] {
        assert_eq!(hint("es/events/meetup/", zone), None, "{zone}");
    }
}

/// The links of the search results once the status line says `done`, or an empty list.
fn results_when(done: &str) -> String {
    format!(
        "const status = document.getElementById('search-status').textContent; \
         if (!status.includes({done:?})) return []; \
         return Array.from(document.querySelectorAll('#search-results a')) \
           .map(a => a.textContent.trim() + ' -> ' + a.getAttribute('href'));"
    )
}

#[test]
fn search_finds_people_and_resources_with_or_without_accents() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.write(
        "content/profiles/cesar.md",
        "---\ntitle: César Ibáñez\nsubjects: [math]\n---\nI teach in a dual-language program.\n",
    );
    hub.write(
        "content/profiles/jose.md",
        "---\ntitle: Jose Matematicas Ruiz\n---\nWrites his name without accents.\n",
    );
    hub.build().unwrap();
    let (port, log) = serve(hub.root.join("public"));
    let search_page = format!("http://127.0.0.1:{port}/hub/search/");
    let results = |query: &str, done: &str| {
        driver.goto(&format!("{search_page}?{query}"));
        driver.wait_for(&results_when(done))
    };
    let has = |found: &[String], text: &str| found.iter().any(|r| r.contains(text));

    let found = results("q=cesar", "for “cesar”");
    assert!(
        has(&found, "César Ibáñez -> /hub/profiles/cesar/"),
        "`cesar` finds `César`: {found:?}"
    );
    let found = results("q=C%C3%A9sar", "for “César”");
    assert!(
        has(&found, "César Ibáñez"),
        "`César` finds `César`: {found:?}"
    );
    let found = results("q=matem%C3%A1ticas", "for “matemáticas”");
    assert!(
        has(&found, "Jose Matematicas Ruiz"),
        "`matemáticas` finds `Matematicas`: {found:?}"
    );
    assert!(has(&found, "Ann Teacher"), "and `Matemáticas`: {found:?}");
    let found = results("q=podcast", "for “podcast”");
    assert!(
        has(&found, "/hub/toolkits/start/#a-podcast-about-coaching"),
        "a toolkit resource leads to its entry: {found:?}"
    );

    // A filter narrows the results to pages with that term.
    let everyone = results("q=coach", "for “coach”.");
    for page in ["Bob Coach", "Coffee Club", "Starter kit"] {
        assert!(has(&everyone, page), "`coach` finds {page}: {everyone:?}");
    }
    let teachers = results("q=coach&roles=teacher", "for “coach” in teacher");
    assert_eq!(
        teachers,
        ["Coffee Club -> /hub/profiles/coffee-club/"],
        "only the coach page with the role teacher"
    );
    // No query: the filter alone lists every page with the term.
    let mut technology = results("subjects=technology", "in technology");
    technology.sort();
    assert_eq!(
        technology,
        [
            "Bob Coach -> /hub/profiles/bob/",
            "Starter kit -> /hub/toolkits/start/"
        ],
        "browsing by a filter alone"
    );

    // By keyboard alone: Tab reaches the search box, Enter searches, Space ticks a filter; the
    // address follows, and Back returns to the previous search.
    driver.goto(&search_page);
    driver.wait_for("return document.getElementById('search').hidden ? [] : ['ready'];");
    let mut reached = false;
    for _ in 0..40 {
        driver.press(&["\u{E004}"]);
        if driver.script("return document.activeElement.id;") == "search-q" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the search box");
    driver.press(&["c", "o", "a", "c", "h", "\u{E007}"]);
    let typed = driver.wait_for(&results_when("for “coach”."));
    assert_eq!(typed.len(), everyone.len(), "Enter searches: {typed:?}");
    assert_eq!(driver.script("return location.search;"), "?q=coach");
    // Past the button and the group's heading (a summary one can fold) to the first filter.
    driver.press(&["\u{E004}", "\u{E004}", "\u{E004}"]);
    assert_eq!(
        driver.script("return document.activeElement.name + '=' + document.activeElement.value;"),
        "kind=person",
        "Tab reaches the first filter"
    );
    driver.press(&["\u{E00D}"]);
    let people = driver.wait_for(&results_when("in Person"));
    assert!(
        !people.is_empty() && people.len() < everyone.len() && !has(&people, "Starter kit"),
        "the kind filter narrows: {people:?}"
    );
    assert_eq!(
        driver.script("return location.search;"),
        "?q=coach&kind=person"
    );
    driver.script("history.back(); return '';");
    let back = driver.wait_for(&results_when("for “coach”."));
    assert_eq!(
        back.len(),
        everyone.len(),
        "Back restores the search: {back:?}"
    );
    assert_eq!(
        driver.script("return String(document.querySelector('input[value=person]').checked);"),
        "false"
    );

    // Nothing was asked of any other host, and nothing was missing.
    let elsewhere = driver.script(&format!(
        "return performance.getEntriesByType('resource').map(e => e.name) \
           .filter(url => !url.startsWith('http://127.0.0.1:{port}/')).join(' ');"
    ));
    assert_eq!(elsewhere, "", "requests to other hosts");
    let requests = log.lock().unwrap().clone();
    assert!(
        requests
            .iter()
            .any(|(path, _)| path.starts_with("/hub/pagefind/")),
        "the index is loaded from the sub-path"
    );
    let failed: Vec<_> = requests
        .iter()
        .filter(|(_, status)| *status == 404)
        .collect();
    assert!(failed.is_empty(), "requests that found nothing: {failed:?}");
}

/// The text of every excerpt and entry title of the search results, once the status line
/// says `done`.
fn excerpts_when(done: &str) -> String {
    format!(
        "const status = document.getElementById('search-status').textContent; \
         if (!status.includes({done:?})) return []; \
         return Array.from(document.querySelectorAll('.search-excerpt, .search-entries a, .search-entries p')) \
           .map(e => e.textContent);"
    )
}

#[test]
fn search_excerpts_read_as_sentences() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    // With raw HTML in it, the page goes through the sanitiser, which keeps the anchor's
    // `data-pagefind-ignore`.
    hub.write(
        "content/conduct.md",
        "---\ntitle: How we meet\n---\n## Code of conduct\n\nBe <b>kind</b> and patient with one another.\n",
    );
    hub.write(
        "content/events/online.md",
        "---\ntitle: Evening call\nstart: 2026-12-10T19:00:00\nonline: https://meet.example.org/call\nregistration: https://forms.example.org/call\nhosts: [bob]\n---\nA call for coaches.\n",
    );
    hub.build().unwrap();
    let (port, _) = serve(hub.root.join("public"));
    let mut seen = Vec::new();
    for (query, done) in [
        ("q=brazil", "for “brazil”"),
        ("q=saturday", "for “saturday”"),
        ("q=meetup", "for “meetup”"),
        ("q=evening", "for “evening”"),
        ("q=conduct", "for “conduct”"),
        ("q=kind", "for “kind”"),
    ] {
        driver.goto(&format!("http://127.0.0.1:{port}/hub/search/?{query}"));
        let excerpts = driver.wait_for(&excerpts_when(done));
        assert!(!excerpts.is_empty(), "{query} finds excerpts");
        seen.extend(excerpts);
    }
    // The labels of an event's facts (Next, Where, Repeats, ...) are not glued to their values,
    // nor is any heading's anchor `#` in the text.
    for excerpt in &seen {
        for label in [
            "When",
            "Next",
            "Last",
            "Repeats",
            "Where",
            "Online",
            "Register",
            "Hosted by",
        ] {
            let glued = excerpt.match_indices(label).any(|(at, _)| {
                excerpt[at + label.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric())
            });
            assert!(!glued, "`{label}` glued to its value: {excerpt:?}");
        }
        assert!(!excerpt.contains('#'), "an anchor character: {excerpt:?}");
    }
    let all = seen.join(" | ");
    assert!(all.contains("Café Brazil, Dallas."), "{all}");
    assert!(all.contains("Code of conduct. Be kind"), "{all}");
}

#[test]
fn what_is_typed_while_search_loads_is_kept_and_searched() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let (port, released) = serve_holding(hub.root.join("public"), "/hub/pagefind/pagefind.js");
    driver.goto(&format!("http://127.0.0.1:{port}/hub/search/"));
    let loading = driver.wait_for(
        "const status = document.getElementById('search-status'); \
         return document.getElementById('search').hidden ? [] : [status.textContent];",
    );
    assert_eq!(
        loading,
        ["Loading search…"],
        "the page says search is loading"
    );
    driver.script("document.getElementById('search-q').focus(); return '';");
    driver.press(&["c", "o", "a", "c", "h"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        driver.script("return document.getElementById('search-q').value;"),
        "coach"
    );
    released.store(true, std::sync::atomic::Ordering::SeqCst);
    let found = driver.wait_for(&results_when("for “coach”."));
    assert!(
        found.iter().any(|r| r.contains("Bob Coach")),
        "what was typed is searched once search is ready: {found:?}"
    );
    assert_eq!(
        driver.script("return document.getElementById('search-q').value + ' ' + location.search;"),
        "coach ?q=coach"
    );
}

#[test]
fn when_search_cannot_load_the_page_says_so_and_links_to_browse() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    std::fs::remove_file(hub.root.join("public/pagefind/pagefind.js")).unwrap();
    let (port, _) = serve(hub.root.join("public"));
    driver.goto(&format!("http://127.0.0.1:{port}/hub/search/?q=coach"));
    let message = driver.wait_for(
        "const failed = document.getElementById('search-failed'); \
         return failed.hidden ? [] : [failed.textContent.trim(), \
           ...Array.from(failed.querySelectorAll('a'), a => a.getAttribute('href'))];",
    );
    assert!(
        message
            .first()
            .is_some_and(|text| text.starts_with("Search could not load")),
        "{message:?}"
    );
    for link in ["/hub/profiles/", "/hub/roles/", "/hub/subjects/"] {
        assert!(
            message.iter().any(|m| m == link),
            "links to {link}: {message:?}"
        );
    }
    assert_eq!(
        driver.script("return String(document.getElementById('search').hidden);"),
        "true",
        "no form that cannot search"
    );
}

#[test]
fn a_search_with_no_results_offers_a_next_step() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let (port, _) = serve(hub.root.join("public"));
    let next_steps = "const next = document.getElementById('search-next'); \
         if (next.hidden) return []; \
         return Array.from(next.querySelectorAll('a')) \
           .filter(a => !a.closest('[hidden]')).map(a => a.getAttribute('href'));";
    driver.goto(&format!(
        "http://127.0.0.1:{port}/hub/search/?q=podcast&roles=teacher"
    ));
    let offered = driver.wait_for(next_steps);
    assert_eq!(
        offered.first().map(String::as_str),
        Some("/hub/search/?q=podcast"),
        "first, the same words without the filters: {offered:?}"
    );
    for link in ["/hub/profiles/", "/hub/roles/", "/hub/subjects/"] {
        assert!(
            offered.iter().any(|m| m == link),
            "links to {link}: {offered:?}"
        );
    }
    driver.script("document.querySelector('#search-unfilter a').click(); return '';");
    let found = driver.wait_for(&results_when("for “podcast”."));
    assert!(
        found
            .iter()
            .any(|r| r.contains("#a-podcast-about-coaching")),
        "without the filters: {found:?}"
    );
    assert_eq!(driver.script("return location.search;"), "?q=podcast");
    assert_eq!(
        driver.script("return String(document.getElementById('search-next').hidden);"),
        "true"
    );

    driver.goto(&format!("http://127.0.0.1:{port}/hub/search/?q=xylophone"));
    let offered = driver.wait_for(next_steps);
    assert!(
        offered.iter().any(|m| m == "/hub/profiles/")
            && !offered.iter().any(|m| m.contains("/search/")),
        "no filters to drop, the directory and term pages: {offered:?}"
    );
}

#[test]
fn on_a_phone_the_search_filters_fold_but_those_in_use() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let (port, _) = serve(hub.root.join("public"));
    driver.window_size(390, 844);
    driver.goto(&format!(
        "http://127.0.0.1:{port}/hub/search/?q=coach&roles=teacher"
    ));
    let found = driver.wait_for(&results_when("in teacher"));
    assert!(!found.is_empty(), "the search ran");
    let open = driver.script(
        "return Array.from(document.querySelectorAll('.filter-group')) \
           .filter(g => !g.hidden).map(g => g.dataset.filter + '=' + g.open).join(' ');",
    );
    assert!(open.contains("kind=false"), "{open}");
    assert!(
        open.contains("roles=true"),
        "the filter in use stays open: {open}"
    );
}

#[test]
fn under_convene_serve_search_works_and_errors_show_over_the_page() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.write(
        "content/profiles/cesar.md",
        "---\ntitle: César Ibáñez\n---\nI coach new teachers.\n",
    );
    let server = common::Server::start(&hub.root);
    // The search index is built after the site, on its own thread.
    server.wait_for_line("Search index ready");
    driver.goto(&format!("{}search/?q=cesar", server.url));
    let found = driver.wait_for(&results_when("for “cesar”"));
    assert!(
        found
            .iter()
            .any(|r| r == "César Ibáñez -> /profiles/cesar/"),
        "search works under serve: {found:?}"
    );

    driver.goto(&format!("{}profiles/ann/", server.url));
    let ann = hub.root.join("content/profiles/ann.md");
    let original = std::fs::read_to_string(&ann).unwrap();
    std::fs::write(
        &ann,
        original.replace("roles: [teacher]", "roles: [teacher"),
    )
    .unwrap();
    let overlay = driver.wait_for(
        "const panel = document.getElementById('convene-errors'); return panel ? [panel.textContent] : [];",
    );
    assert!(
        overlay
            .iter()
            .any(|text| text.contains("  --> content/profiles/ann.md:")),
        "the error is shown over the page with its file and line: {overlay:?}"
    );
    std::fs::write(&ann, original).unwrap();
    let recovered = driver.wait_for(
        "return document.getElementById('convene-errors') ? [] : [document.querySelector('h1').textContent];",
    );
    assert_eq!(
        recovered,
        ["Ann Teacher"],
        "fixed: the page reloads without the errors"
    );
}

#[test]
fn the_colour_switch_follows_the_system_until_used_then_keeps_the_choice_from_the_first_paint() {
    let Some(driver) = Driver::start("UTC") else {
        return;
    };
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let (port, _) = serve(hub.root.join("public"));
    let page = format!("http://127.0.0.1:{port}/hub/about/");
    let system = |scheme: &str| {
        driver.devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    };
    // Notes whether `data-theme` was set on <html> before there was a <body> to draw.
    driver.devtools(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({"source": "window.themeBeforeBody = 'never'; \
            new MutationObserver(function (records, observer) { \
              window.themeBeforeBody = String(document.body === null); observer.disconnect(); \
            }).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-theme']});"}),
    );
    // The theme chosen (`system` when none), whether the switch says it is pressed, and
    // whether the page's background is dark or light.
    let state = || {
        driver.script(
            "const button = document.querySelector('[data-theme-switch]'); \
             const colour = getComputedStyle(document.body).backgroundColor; \
             const parts = colour.match(/[\\d.]+/g).map(Number); \
             const channels = colour.startsWith('color(') ? parts : parts.map(p => p / 255); \
             const dark = channels.slice(0, 3).reduce((a, b) => a + b, 0) / 3 < 0.5; \
             return [document.documentElement.dataset.theme || 'system', \
                     button.hidden ? 'hidden' : 'pressed=' + button.getAttribute('aria-pressed'), \
                     dark ? 'dark' : 'light'].join(' ');",
        )
    };
    let press =
        || driver.script("document.querySelector('[data-theme-switch]').click(); return '';");
    // The state once it is `wanted`, or after five seconds: a change of the system's scheme
    // reaches the page a moment later.
    let settled = |wanted: &str| {
        for _ in 0..50 {
            if state() == wanted {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        state()
    };

    system("dark");
    driver.goto(&page);
    assert_eq!(
        state(),
        "system pressed=true dark",
        "the system chooses at first"
    );
    system("light");
    assert_eq!(
        settled("system pressed=false light"),
        "system pressed=false light",
        "and while it changes"
    );

    press();
    assert_eq!(state(), "dark pressed=true dark");
    driver.goto(&page);
    assert_eq!(state(), "dark pressed=true dark", "the choice is kept");
    assert_eq!(
        driver.script("return window.themeBeforeBody;"),
        "true",
        "the kept choice is set before the page is drawn"
    );
    assert_eq!(
        driver
            .script("return localStorage.getItem('convene-theme') + ' [' + document.cookie + ']';"),
        "dark []",
        "kept in this browser, in no cookie"
    );

    system("dark");
    press();
    driver.goto(&page);
    assert_eq!(
        state(),
        "light pressed=false light",
        "light, against the system"
    );
    // Pressing it with the keyboard, as a button.
    driver.script("document.querySelector('[data-theme-switch]').focus(); return '';");
    driver.press(&["\u{E00D}"]);
    assert_eq!(state(), "dark pressed=true dark");
}
