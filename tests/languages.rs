//! A hub in Spanish: `language: es` puts the theme's words, dates, times and repeating events
//! in Spanish; the hub's own `i18n/es.yaml` changes any of them; mistakes in it are located.

mod common;

use common::Hub;

/// The basic fixture hub with `language` set to `language`.
fn hub_in(language: &str) -> Hub {
    let hub = Hub::fixture("basic");
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        config.replace("language: en", &format!("language: {language}")),
    );
    hub
}

#[test]
fn a_spanish_hub_reads_in_spanish() {
    let hub = hub_in("es");
    hub.build().unwrap();
    let event = hub.output("events/meetup/index.html");
    for spanish in [
        "<html lang=\"es\">",
        "Saltar al contenido",
        // The next date, written out, on a 12-hour clock.
        "sábado 5 de diciembre de 2026, 8:30–10:00 a.\u{a0}m. CST",
        "El primer sábado de cada mes, 12 fechas (1 sin encuentro)",
        "Agregar al calendario",
        // A taxonomy's heading.
        "<dt>Materias</dt>",
    ] {
        assert!(event.contains(spanish), "the event page has {spanish:?}");
    }
    for english in ["Skip to content", "Add to calendar", "AM", "every month"] {
        assert!(!event.contains(english), "no {english:?} left");
    }
    let home = hub.output("index.html");
    assert!(home.contains("Próximamente"), "home");
    let post = hub.output("posts/hello/index.html");
    assert!(post.contains("Publicado"), "a post's date");
    let rss = hub.output("rss.xml");
    assert!(rss.contains("<language>es</language>"));
}

#[test]
fn a_hub_changes_the_theme_words_it_names_and_keeps_the_rest() {
    let hub = hub_in("es-MX");
    hub.write(
        "i18n/es.yaml",
        "# Our words\ncoming_up: Lo que viene\nrecurrence_times_skipped: \"{rule} ({n} encuentros, {skipped} suspendido)\"\n",
    );
    let report = hub.build().unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = hub.output("index.html");
    assert!(home.contains("Lo que viene"), "the hub's word");
    assert!(home.contains("<html lang=\"es-MX\">"));
    let event = hub.output("events/meetup/index.html");
    assert!(
        event.contains("El primer sábado de cada mes (12 encuentros, 1 suspendido)"),
        "the hub's pattern"
    );
    assert!(
        event.contains("Agregar al calendario"),
        "the theme's Spanish"
    );
}

#[test]
fn mistakes_in_a_translation_file_are_reported_where_they_are() {
    let hub = hub_in("es");
    hub.write(
        "i18n/es.yaml",
        "coming_up: Lo que viene\ndates_weekdays: lunes\ncomming_up: x\n",
    );
    let problems = hub.build().unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let weekdays = common::problem_for(&problems, "i18n/es.yaml");
    assert_eq!(weekdays.line, 2, "{shown:?}");
    assert!(
        shown
            .iter()
            .any(|p| p.contains("`dates_weekdays` is a list of names")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.contains("unknown key `comming_up`") && p.contains("`coming_up`")),
        "{shown:?}"
    );
}

#[test]
fn a_language_the_theme_lacks_builds_in_english_with_a_warning() {
    let hub = hub_in("fr");
    let report = hub.build().unwrap();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.to_string().contains("no words in the language `fr`")),
        "{:?}",
        report.warnings
    );
    assert!(hub.output("index.html").contains("Coming up"));
}

/// The basic fixture hub in English and Spanish, with the meetup and the about page translated.
fn bilingual_hub() -> Hub {
    let hub = Hub::bilingual(&[]);
    let meetup = std::fs::read_to_string(hub.root.join("content/events/meetup.md")).unwrap();
    hub.write(
        "content/events/meetup.es.md",
        meetup
            .replace("title: Saturday meetup", "title: Encuentro de los sábados")
            .replace("Bring a question.", "Trae una pregunta."),
    );
    hub.write(
        "content/about.es.md",
        "---\ntitle: Quiénes somos\n---\nNos vemos en [el encuentro](@/events/meetup.md).\n",
    );
    hub.write(
        "content/_index.es.md",
        "---\ntitle: Bienvenida a la red\n---\nDocentes que se reúnen los sábados.\n",
    );
    hub.write(
        "content/events/_index.es.md",
        "---\ntitle: Encuentros\n---\n",
    );
    hub
}

#[test]
fn a_bilingual_hub_publishes_each_language_and_falls_back_to_the_default() {
    let hub = bilingual_hub();
    hub.build().unwrap();
    // The translation, under /es/, in Spanish words and dates.
    let meetup = hub.output("es/events/meetup/index.html");
    for spanish in [
        "<html lang=\"es\">",
        "Encuentro de los sábados",
        "Trae una pregunta.",
        "El primer sábado de cada mes, 12 fechas (1 sin encuentro)",
    ] {
        assert!(
            meetup.contains(spanish),
            "the Spanish meetup has {spanish:?}"
        );
    }
    // The original stays in English at its address.
    let original = hub.output("events/meetup/index.html");
    assert!(original.contains("<html lang=\"en\">") && original.contains("Saturday meetup"));
    // A link in a translation goes to the translation of the page it names.
    let about = hub.output("es/about/index.html");
    assert!(about.contains("href=\"/hub/es/events/meetup/\""), "{about}");
    // A page with no translation is published in every language, marked as English.
    let ann = hub.output("es/profiles/ann/index.html");
    assert!(
        ann.contains("<html lang=\"es\">") && ann.contains("<h1 lang=\"en\">Ann Teacher</h1>"),
        "{ann}"
    );
    assert!(
        ann.contains("Saltar al contenido"),
        "the theme's words are Spanish"
    );
    // The home page and a section's introduction are translated the same way.
    assert!(hub.output("es/index.html").contains("Bienvenida a la red"));
    assert!(
        hub.output("index.html")
            .contains("Welcome to the fixture hub")
    );
    assert!(
        hub.output("es/events/index.html")
            .contains("<h1>Encuentros</h1>")
    );
    // Lists of the Spanish site hold the translations and the rest.
    let events = hub.output("es/events/index.html");
    assert!(events.contains("Encuentro de los sábados") && !events.contains(">Saturday meetup<"));
    // Each language has its own feeds, calendars, sitemap and search index.
    for file in [
        "rss.xml",
        "events.ics",
        "sitemap.xml",
        "pagefind/pagefind.js",
    ] {
        assert!(hub.has_output(file), "{file}");
        assert!(hub.has_output(&format!("es/{file}")), "es/{file}");
    }
    // One robots.txt, at the top, names every language's sitemap.
    assert!(!hub.has_output("es/robots.txt"));
    let robots = hub.output("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/hub/sitemap.xml\nSitemap: https://example.org/hub/es/sitemap.xml\n"),
        "{robots}"
    );
    // An old address of a translated page says where it went, in Spanish.
    hub.write(
        "content/about.es.md",
        "---\ntitle: Quiénes somos\naliases: [/sobre/]\n---\nHola.\n",
    );
    hub.build().unwrap();
    let moved = hub.output("es/sobre/index.html");
    assert!(
        moved.contains("<html lang=\"es\">") && moved.contains("Esta página se mudó a"),
        "{moved}"
    );
    let calendar = hub.output("es/events.ics");
    assert!(
        calendar.contains("SUMMARY:Encuentro de los sábados"),
        "{calendar}"
    );
    assert!(
        hub.output("es/rss.xml")
            .contains("<link>https://example.org/hub/es/</link>"),
        "the Spanish feed links to the Spanish site"
    );
}

#[test]
fn every_page_names_its_other_languages_and_offers_a_switch() {
    let hub = bilingual_hub();
    hub.build().unwrap();
    for (file, path) in [
        ("events/meetup/index.html", "events/meetup/"),
        ("es/events/meetup/index.html", "events/meetup/"),
        ("es/profiles/ann/index.html", "profiles/ann/"),
        ("index.html", ""),
        ("es/index.html", ""),
    ] {
        let html = hub.output(file);
        for (code, base) in [("en", "/hub/"), ("es", "/hub/es/"), ("x-default", "/hub/")] {
            let link = format!(
                "<link rel=\"alternate\" hreflang=\"{code}\" href=\"https://example.org{base}{path}\">"
            );
            assert!(html.contains(&link), "{file} has {link}");
        }
        assert!(
            html.contains(&format!(
                "href=\"/hub/es/{path}\" hreflang=\"es\" lang=\"es\""
            )) && html.contains(&format!("href=\"/hub/{path}\" hreflang=\"en\" lang=\"en\"")),
            "{file}: the switcher links to the same page in each language"
        );
    }
    let english = hub.output("index.html");
    assert!(english.contains(">English</a>") && english.contains(">Español</a>"));
}

#[test]
fn a_hub_in_one_language_has_no_switch_and_language_and_languages_do_not_mix() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let home = hub.output("index.html");
    assert!(!home.contains("hreflang") && !home.contains("language-switcher"));
    assert!(!hub.has_output("es/index.html"));
    // There, a translated introduction is left out, as files starting with `_` always were.
    hub.write("content/_index.es.md", "---\ntitle: Bienvenida\n---\n");
    hub.build().unwrap();
    assert!(!hub.output("index.html").contains("Bienvenida"));
    let hub = bilingual_hub();
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        config.replace("languages: [en, es]", "language: en\nlanguages: [en, es]"),
    );
    let problems = hub.build_err();
    assert!(
        problems[0]
            .to_string()
            .contains("hub.yaml has both `language` and `languages`"),
        "{}",
        problems[0]
    );
}

#[test]
fn the_preview_serves_every_language_and_follows_a_translation_as_it_is_saved() {
    let hub = bilingual_hub();
    let server = common::Server::start(&hub.root);
    let (status, page) = server.get("/es/events/meetup/");
    assert_eq!(status, 200);
    assert!(page.contains("Encuentro de los sábados"), "{page}");
    let file = hub.root.join("content/events/meetup.es.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Encuentro de los sábados", "Encuentro sabatino"),
    )
    .unwrap();
    let mut seen = String::new();
    for _ in 0..100 {
        seen = server.get("/es/events/meetup/").1;
        if seen.contains("Encuentro sabatino") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(seen.contains("Encuentro sabatino"), "the edit is served");
    assert!(server.get("/events/meetup/").1.contains("Saturday meetup"));
    // The index is made on its own thread after each rebuild.
    let mut found = (0, 0);
    for _ in 0..100 {
        found = (
            server.get("/pagefind/pagefind.js").0,
            server.get("/es/pagefind/pagefind.js").0,
        );
        if found == (200, 200) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(found, (200, 200), "a search index per language");
}

#[test]
fn terms_show_the_names_the_hub_gives_them_in_each_language() {
    let hub = bilingual_hub();
    hub.write(
        "i18n/es.yaml",
        "term_teacher: docente\nterm_science: ciencias\n",
    );
    let report = hub.build().unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let ann = hub.output("es/profiles/ann/index.html");
    assert!(
        ann.contains(
            "<a href=\"/hub/es/roles/teacher/\" data-pagefind-filter=\"roles\">docente</a>"
        ),
        "the term keeps its address and shows its Spanish name: {ann}"
    );
    assert!(
        hub.output("es/roles/teacher/index.html")
            .contains("<h1>docente</h1>")
    );
    assert!(
        hub.output("roles/teacher/index.html")
            .contains("<h1>teacher</h1>")
    );
}

#[test]
fn the_other_languages_folders_belong_to_them_and_stray_introductions_are_left_out() {
    let hub = bilingual_hub();
    // A page whose address falls inside /es/ would be overwritten by the Spanish site.
    hub.write("content/es.md", "---\ntitle: Español\n---\n");
    let problems = hub.build_err();
    assert!(
        problems[0].to_string().contains("`/es/` is inside /es/"),
        "{}",
        problems[0]
    );
    std::fs::remove_file(hub.root.join("content/es.md")).unwrap();
    // `_index.old.md` is no translation: left out, even when it does not parse.
    hub.write("content/_index.old.md", "---\ntitle: [broken\n---\n");
    hub.build().unwrap();
    assert!(
        hub.output("index.html")
            .contains("Welcome to the fixture hub")
    );
    // A language the theme has no words for is named by its code in the switch.
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write("hub.yaml", config.replace("[en, es]", "[en, fr]"));
    hub.build().unwrap();
    assert!(hub.output("index.html").contains(">fr</a>"));
}

#[test]
fn languages_in_capitals_are_the_same_languages_spanish_at_the_root() {
    let hub = Hub::fixture("basic");
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        config.replace("language: en", "languages: [ES, EN]"),
    );
    hub.write(
        "content/about.en.md",
        "---\ntitle: About us, in English\n---\nWe meet on Saturdays.\n",
    );
    let report = hub.build().unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // Spanish is the default, at the hub's address.
    let home = hub.output("index.html");
    assert!(
        home.contains("<html lang=\"es\">") && home.contains("Saltar al contenido"),
        "the root is Spanish"
    );
    // English under /en/, never /EN/.
    assert!(!hub.has_output("EN/index.html") && !hub.has_output("es/index.html"));
    let english = hub.output("en/index.html");
    assert!(english.contains("<html lang=\"en\">") && english.contains("Skip to content"));
    assert!(
        english.contains("hreflang=\"es\" href=\"https://example.org/hub/\"")
            && english.contains(">Español</a>")
    );
    // `about.en.md` is the English translation of `about.md`, at its address.
    assert!(
        hub.output("en/about/index.html")
            .contains("About us, in English")
    );
    assert!(!hub.has_output("about-en/index.html"));
}

#[test]
fn a_regional_code_is_written_as_bcp_47_writes_it_with_its_language_words() {
    let hub = Hub::fixture("basic");
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        config.replace("language: en", "languages: [en_us, ES-mx]"),
    );
    hub.write(
        "content/about.es-MX.md",
        "---\ntitle: Quiénes somos\n---\nNos vemos los sábados.\n",
    );
    let report = hub.build().unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = hub.output("index.html");
    assert!(home.contains("<html lang=\"en-US\">"));
    // Each language is named in itself, the region read as its language.
    assert!(
        home.contains(">English</a>") && home.contains(">Español</a>"),
        "{home}"
    );
    assert!(home.contains("hreflang=\"es-MX\" href=\"https://example.org/hub/es-MX/\""));
    let about = hub.output("es-MX/about/index.html");
    assert!(
        about.contains("<html lang=\"es-MX\">")
            && about.contains("Quiénes somos")
            && about.contains("Saltar al contenido")
    );
    assert!(
        hub.output("es-MX/rss.xml")
            .contains("<language>es-MX</language>")
    );
}
