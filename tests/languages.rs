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
        // The next date, on a 24-hour clock.
        "sáb 5 dic 2026, 8:30–10:00 CST",
        "El primer sábado de cada mes, 12 veces",
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
        "# Our words\ncoming_up: Lo que viene\nrecurrence_times: \"{rule} ({n} encuentros)\"\n",
    );
    let report = hub.build().unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = hub.output("index.html");
    assert!(home.contains("Lo que viene"), "the hub's word");
    assert!(home.contains("<html lang=\"es-MX\">"));
    let event = hub.output("events/meetup/index.html");
    assert!(
        event.contains("El primer sábado de cada mes (12 encuentros)"),
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
