//! A translation translates the words of its original and shows the same facts: each fact a
//! translation states otherwise is an error at its line that says what the original says; a
//! fact it leaves out is taken from the original (a mistake in it is told once, at the
//! original's line); the translation of a draft waits for it.

mod common;

use common::Hub;

const EVENT: &str = "---
title: Saturday meetup
start: 2026-12-05T08:30:00
duration: 90m
timezone: America/Chicago
also_timezone: America/New_York
recurrence: FREQ=MONTHLY;BYDAY=1SA;COUNT=6
exceptions: [2027-01-02]
additional_dates: [2027-01-16]
changes:
  - date: 2027-02-06
    location: Denton Library
    note: Another room.
location: Café Brazil, Dallas
online: https://meet.example.org/sat
registration: https://example.org/rsvp
hosts: [coffee-club, ann]
status: tentative
subjects: [science]
---
Bring a question.
";

/// Each fact of an event, with another value a translation might give it.
const OTHER_VALUES: [(&str, &str); 16] = [
    ("slug", "encuentro-sabatino"),
    ("start", "2026-12-05T09:30:00"),
    ("duration", "2h"),
    ("timezone", "America/New_York"),
    ("also_timezone", "America/Denver"),
    ("recurrence", "FREQ=MONTHLY;BYDAY=1SA;COUNT=7"),
    ("exceptions", "[2027-03-06]"),
    ("additional_dates", "[2027-01-23]"),
    (
        "changes",
        "[{date: 2027-02-06, location: Biblioteca de Denton, note: Otra sala.}]",
    ),
    ("location", "Café Brasil, Dallas"),
    ("online", "https://meet.example.org/sab"),
    ("registration", "https://example.org/inscripcion"),
    ("hosts", "[coffee-club]"),
    ("status", "cancelled"),
    ("subjects", "[ciencias]"),
    ("end", "2026-12-05T10:00:00"),
];

/// `text` with the line of `key` replaced by `key: value` (added after the title if absent).
fn with(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(at) => lines[at] = format!("{key}: {value}"),
        None => lines.insert(2, format!("{key}: {value}")),
    }
    // A change written on one line replaces the block under `changes:`.
    if key == "changes" {
        lines.retain(|l| !l.starts_with("  ") || l.starts_with("  - date: 2027-02-06, "));
        lines.retain(|l| !l.starts_with("    "));
        lines.retain(|l| !l.starts_with("  - date"));
    }
    if key == "end" {
        lines.retain(|l| !l.starts_with("duration:"));
    }
    lines.join("\n") + "\n"
}

#[test]
fn a_translation_cannot_change_a_fact() {
    let translated = EVENT.replace("title: Saturday meetup", "title: Encuentro de los sábados");
    for (key, value) in OTHER_VALUES {
        let text = with(&translated, key, value);
        let line = text
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .unwrap()
            + 1;
        let hub = Hub::bilingual(&[
            ("content/events/meetup.md", EVENT),
            ("content/events/meetup.es.md", &text),
        ]);
        let errors: Vec<(usize, String)> = hub
            .build_err()
            .into_iter()
            .filter(|p| p.path.ends_with("meetup.es.md"))
            .map(|p| (p.line, p.message))
            .collect();
        let expected_key = if key == "end" { "end" } else { key };
        assert!(
            errors.iter().any(|(at, message)| *at == line
                && message.starts_with(&format!("`{expected_key}` is"))
                && message.contains("in the original, content/events/meetup.md")),
            "{key}: {errors:?}\n{text}"
        );
    }
}

#[test]
fn a_translation_that_repeats_the_facts_builds_and_one_that_leaves_them_out_takes_them() {
    let same = EVENT
        .replace("title: Saturday meetup", "title: Encuentro de los sábados")
        .replace("note: Another room.", "note: Otra sala.");
    let hub = Hub::bilingual(&[
        ("content/events/meetup.md", EVENT),
        ("content/events/meetup.es.md", &same),
    ]);
    let report = hub
        .build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.path.ends_with("meetup.es.md")),
        "{:?}",
        report.warnings
    );
    let repeated = hub.output("es/events/meetup/index.html");

    // Only the words: every fact comes from the original.
    let words_only = "---\ntitle: Encuentro de los sábados\n---\nTrae una pregunta.\n";
    let hub = Hub::bilingual(&[
        ("content/events/meetup.md", EVENT),
        ("content/events/meetup.es.md", words_only),
    ]);
    let report = hub
        .build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.path.ends_with("meetup.es.md")),
        "{:?}",
        report.warnings
    );
    let page = hub.output("es/events/meetup/index.html");
    for fact in [
        "Café Brazil, Dallas",
        "https://meet.example.org/sat",
        "https://example.org/rsvp",
        "Denton Library",
        "/es/subjects/science/",
        "/es/profiles/ann/",
    ] {
        assert!(page.contains(fact), "{fact} missing:\n{page}");
    }
    // The dates are those of the page that repeats every fact.
    let dates = |html: &str| -> Vec<String> {
        html.match_indices("<time datetime=\"")
            .map(|(at, _)| html[at..].split('"').nth(1).unwrap().to_string())
            .collect()
    };
    assert_eq!(dates(&page), dates(&repeated));
    let calendar = hub.output("es/events/meetup/event.ics");
    for line in [
        "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=1SA",
        "EXDATE;TZID=America/Chicago:20270102T083000",
        "DTSTART;TZID=America/Chicago:20261205T083000",
    ] {
        assert!(calendar.contains(line), "{line}:\n{calendar}");
    }
}

#[test]
fn a_cancelled_event_is_cancelled_in_every_language() {
    let cancelled = EVENT.replace("status: tentative", "status: cancelled");
    let translated = "---\ntitle: Encuentro\n---\nTrae una pregunta.\n";
    let hub = Hub::bilingual(&[
        ("content/events/meetup.md", &cancelled),
        ("content/events/meetup.es.md", translated),
    ]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let page = hub.output("es/events/meetup/index.html");
    assert!(page.contains("Cancelado"), "{page}");
    assert!(
        hub.output("es/events/meetup/event.ics")
            .contains("STATUS:CANCELLED")
    );
}

#[test]
fn a_mistake_in_a_fact_a_translation_takes_is_told_once_at_the_original() {
    // The original's registration is no address; the translation leaves it out.
    let original = EVENT.replace(
        "registration: https://example.org/rsvp",
        "registration: example.org/rsvp",
    );
    let line = original
        .lines()
        .position(|l| l.starts_with("registration:"))
        .unwrap()
        + 1;
    let hub = Hub::bilingual(&[
        ("content/events/meetup.md", &original),
        (
            "content/events/meetup.es.md",
            "---\ntitle: Encuentro\n---\nTrae una pregunta.\n",
        ),
    ]);
    let errors = hub.build_err();
    let about: Vec<(String, usize)> = errors
        .iter()
        .filter(|p| p.message.contains("example.org/rsvp"))
        .map(|p| (p.path.display().to_string(), p.line))
        .collect();
    assert_eq!(
        about,
        [("content/events/meetup.md".to_string(), line)],
        "{errors:#?}"
    );
}

#[test]
fn a_profile_translation_takes_the_picture_and_links() {
    let hub = Hub::bilingual(&[(
        "content/profiles/bob/index.es.md",
        "---\ntitle: Bob Coach\n---\nAcompaña a docentes con la tecnología del aula.\n",
    )]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let page = hub.output("es/profiles/bob/index.html");
    for fact in [
        "https://social.example.org/@bob",
        "/profiles/bob/avatar.png",
        "/es/subjects/technology/",
    ] {
        assert!(page.contains(fact), "{fact} missing:\n{page}");
    }
}

#[test]
fn the_translation_of_a_draft_waits_for_it() {
    let draft = EVENT.replace(
        "title: Saturday meetup",
        "title: Saturday meetup\ndraft: true",
    );
    let translated = EVENT.replace("title: Saturday meetup", "title: Encuentro");
    let hub = Hub::bilingual(&[
        ("content/events/meetup.md", &draft),
        ("content/events/meetup.es.md", &translated),
    ]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(!hub.has_output("events/meetup/index.html"));
    assert!(!hub.has_output("es/events/meetup/index.html"));
    assert!(!hub.output("es/rss.xml").contains("Encuentro"));
}

#[test]
fn each_language_names_terms_in_its_own_words() {
    let hub = Hub::fixture("basic");
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        config.replace("language: en", "languages: [es, en]"),
    );
    hub.write(
        "content/posts/robots.md",
        "---\ntitle: Robots\ndate: 2026-11-01\nsubjects: [robotics, Coding Club]\n---\nBuilding robots.\n",
    );
    // English names in the English file; a Spanish name keyed by the term as it is shown.
    hub.write("i18n/en.yaml", "term_robotics: Robotics and coding\n");
    hub.write("i18n/es.yaml", "term_Coding Club: Club de programación\n");
    let report = hub
        .build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let spanish = hub.output("posts/robots/index.html");
    assert!(spanish.contains(">robotics<"), "{spanish}");
    assert!(!spanish.contains("Robotics and coding"), "{spanish}");
    assert!(spanish.contains(">Club de programación<"), "{spanish}");
    let english = hub.output("en/posts/robots/index.html");
    assert!(english.contains(">Robotics and coding<"), "{english}");
}

/// The basic hub made Spanish-first.
fn spanish_first(files: &[(&str, &str)]) -> Hub {
    Hub::in_languages("[es, en]", files)
}

#[test]
fn a_page_in_its_own_language_is_marked_so_in_every_site() {
    // An English-only member in a Spanish-first hub, named by an event: once as a translation
    // with no original (a warning says what to write), once as the warning says.
    let named = |hub: &Hub| {
        let event = std::fs::read_to_string(hub.root.join("content/events/meetup.md")).unwrap();
        hub.write(
            "content/events/meetup.md",
            event.replace(
                "hosts: [coffee-club, ann]",
                "hosts: [coffee-club, ann, sarah-thompson]",
            ),
        );
    };
    let profile = "---\ntitle: Sarah Thompson\nkind: person\n---\nA science teacher in Orlando.\n";
    let hub = spanish_first(&[("content/profiles/sarah-thompson.en.md", profile)]);
    named(&hub);
    let report = hub
        .build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let warning = common::problem_for(&report.warnings, "content/profiles/sarah-thompson.en.md");
    assert!(
        warning
            .help
            .as_deref()
            .unwrap()
            .ends_with("rename it content/profiles/sarah-thompson.md and add the line `lang: en`"),
        "{warning:?}"
    );
    let as_translation = hub.output("profiles/sarah-thompson/index.html");

    let hub = spanish_first(&[(
        "content/profiles/sarah-thompson.md",
        &profile.replace("kind: person\n", "kind: person\nlang: en\n"),
    )]);
    named(&hub);
    let report = hub
        .build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    for page in [
        as_translation,
        hub.output("profiles/sarah-thompson/index.html"),
    ] {
        assert!(page.contains("<html lang=\"es\""), "{page}");
        assert!(page.contains("<h1 lang=\"en\">Sarah Thompson"), "{page}");
        assert!(page.contains("<div class=\"prose\" lang=\"en\">"), "{page}");
    }
    // In the English site, the page is in the site's language.
    let english = hub.output("en/profiles/sarah-thompson/index.html");
    assert!(english.contains("<h1>Sarah Thompson"), "{english}");
    assert!(
        hub.output("events/meetup/index.html")
            .contains("profiles/sarah-thompson/")
    );
}

#[test]
fn the_hub_title_and_description_can_be_given_per_language() {
    let hub = spanish_first(&[]);
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        config
            .replace(
                "title: Fixture Learning Network",
                "title:\n  es: Red de Aprendizaje\n  en: Fixture Learning Network",
            )
            .replace(
                "description: A small hub the tests build.",
                "description: {es: Una red pequeña., en: A small hub the tests build.}",
            ),
    );
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let spanish = hub.output("rss.xml");
    assert!(
        spanish.contains("<title>Red de Aprendizaje</title>"),
        "{spanish}"
    );
    assert!(spanish.contains("<description>Una red pequeña.</description>"));
    let english = hub.output("en/rss.xml");
    assert!(english.contains("<title>Fixture Learning Network</title>"));
    assert!(english.contains("<description>A small hub the tests build.</description>"));
    assert!(
        hub.output("en/index.html")
            .contains("<title>Fixture Learning Network</title>")
    );
    assert!(
        hub.output("index.html")
            .contains("<title>Red de Aprendizaje</title>")
    );
    assert!(
        hub.output("events.ics")
            .contains("X-WR-CALNAME:Red de Aprendizaje")
    );
}

#[test]
fn links_into_each_languages_site_and_to_the_hubs_own_address_are_checked() {
    let links = "---\ntitle: Enlaces\n---\n\
        [inglés](/en/about/) [archivo](about.en.md) [completa](https://example.org/hub/en/about/) \
        [con la ruta](/hub/en/about/) [canal](/en/rss.xml)\n";
    let hub = spanish_first(&[
        ("content/enlaces.md", links),
        (
            "content/about.en.md",
            "---\ntitle: About us\n---\nWe meet monthly.\n",
        ),
    ]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let page = hub.output("enlaces/index.html");
    assert_eq!(page.matches("href=\"/hub/en/about/\"").count(), 4, "{page}");
    assert!(page.contains("href=\"/hub/en/rss.xml\""), "{page}");

    let wrong = "---\ntitle: Enlaces\n---\n\
        [uno](/en/abuot/)\n\n[dos](https://example.org/hub/abuot/)\n";
    let hub = spanish_first(&[("content/enlaces.md", wrong)]);
    let problems: Vec<(usize, String)> = hub
        .build_err()
        .into_iter()
        .map(|p| (p.line, p.message))
        .collect();
    assert_eq!(
        problems,
        [
            (
                4,
                "the link `/en/abuot/` leads to an address this hub does not publish".to_string()
            ),
            (
                6,
                "the link `https://example.org/hub/abuot/` leads to an address this hub does not publish".to_string()
            ),
        ]
    );
    // The first language has no folder of its own.
    let hub = spanish_first(&[(
        "content/enlaces.md",
        "---\ntitle: Enlaces\n---\n[tres](/es/about/)\n",
    )]);
    let problem = &hub.build_err()[0];
    assert_eq!(
        (problem.line, problem.message.as_str()),
        (
            4,
            "the link `/es/about/` goes into /es/, but the site in `es`, the hub's first language, is at the hub's root: write `/about/`"
        )
    );
}

#[test]
fn each_languages_menu_names_the_sections_in_its_language() {
    let hub = spanish_first(&[(
        "content/profiles/_index.md",
        "---\ntitle: Directorio\n---\nToda la red.\n",
    )]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let menu = |page: &str| {
        let html = hub.output(page);
        let start = html.find("class=\"site-nav\"").unwrap();
        html[start..start + html[start..].find("</nav>").unwrap()].to_string()
    };
    assert!(menu("index.html").contains(">Directorio</a>"));
    // The introduction is Spanish: the English menu says the theme's English name.
    let english = menu("en/index.html");
    assert!(english.contains(">People and groups</a>"), "{english}");
    assert!(!english.contains("Directorio"), "{english}");
}
