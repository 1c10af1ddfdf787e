//! An event's page says its time as people write it in the hub's language: its day written
//! out, on the language's clock, with the zone named, and in a second zone the organiser names
//! (`also_timezone`), right for each date across daylight saving; cards keep the short form. A
//! second zone convene does not know is an error at its line.

mod common;

use common::Hub;

/// A monthly call in Puerto Rico, second Wednesday at 7 PM: its first five dates run from
/// December, when New York is an hour behind, to April, when New York keeps daylight saving
/// and reads the same clock.
const CALL: &str = "---
title: Evening call
start: 2026-12-09T19:00:00
duration: 90m
timezone: America/Puerto_Rico
also_timezone: America/New_York
recurrence: FREQ=MONTHLY;BYDAY=2WE;COUNT=6
online: https://meet.example.org/call
---
Bring a question.
";

/// The text of every `<time>` element of `html`, in order.
fn times(html: &str) -> Vec<String> {
    html.split("<time ")
        .skip(1)
        .filter_map(|rest| {
            let text = &rest[rest.find('>')? + 1..];
            Some(text[..text.find("</time>")?].to_string())
        })
        .collect()
}

#[test]
fn the_spanish_page_writes_the_day_in_full_on_a_12_hour_clock_in_both_zones() {
    let hub = Hub::bilingual(&[("content/events/call.md", CALL)]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let page = hub.output("es/events/call/index.html");
    let shown = times(&page);
    assert_eq!(
        shown[0],
        "miércoles 9 de diciembre de 2026, 7:00–8:30 p.\u{a0}m. AST (6:00–7:30 p.\u{a0}m. EST)",
        "{page}"
    );
    // The coming dates, each with New York's clock on that date.
    assert_eq!(
        shown[1..],
        [
            "miércoles 9 de diciembre de 2026, 7:00–8:30 p.\u{a0}m. AST (6:00–7:30 p.\u{a0}m. EST)",
            "miércoles 13 de enero de 2027, 7:00–8:30 p.\u{a0}m. AST (6:00–7:30 p.\u{a0}m. EST)",
            "miércoles 10 de febrero de 2027, 7:00–8:30 p.\u{a0}m. AST (6:00–7:30 p.\u{a0}m. EST)",
            "miércoles 10 de marzo de 2027, 7:00–8:30 p.\u{a0}m. AST (6:00–7:30 p.\u{a0}m. EST)",
            "miércoles 14 de abril de 2027, 7:00–8:30 p.\u{a0}m. AST (7:00–8:30 p.\u{a0}m. EDT)",
        ]
    );
    // The reader's-time script gets the zones and the clock.
    assert!(
        page.contains(r#"data-timezone="America/Puerto_Rico" data-also-timezone="America/New_York" data-your-time="tu hora: {time}" data-clock="12h" data-am-pm="a. m.|p. m.""#),
        "{page}"
    );
    let english = hub.output("events/call/index.html");
    assert_eq!(
        times(&english)[0],
        "Wednesday, December 9, 2026, 7:00–8:30 PM AST (6:00–7:30 PM EST)"
    );
    // Cards keep the short form, in the event's zone only.
    let list = hub.output("es/events/index.html");
    assert!(
        list.contains(">mié 9 dic 2026, 7:00–8:30 p.\u{a0}m. AST</time>"),
        "{list}"
    );
}

#[test]
fn a_hub_that_writes_spanish_on_a_24_hour_clock_keeps_it() {
    let hub = Hub::bilingual(&[
        ("content/events/call.md", CALL),
        ("i18n/es.yaml", "dates_clock: 24h\n"),
    ]);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    let page = hub.output("es/events/call/index.html");
    assert_eq!(
        times(&page)[0],
        "miércoles 9 de diciembre de 2026, 19:00–20:30 AST (18:00–19:30 EST)"
    );
    assert!(page.contains(r#"data-clock="24h""#), "{page}");
    // English keeps its own clock.
    assert_eq!(
        times(&hub.output("events/call/index.html"))[0],
        "Wednesday, December 9, 2026, 7:00–8:30 PM AST (6:00–7:30 PM EST)"
    );
}

#[test]
fn hub_yaml_names_the_second_zone_of_every_event_and_an_event_its_own() {
    let hub = Hub::bilingual(&[
        (
            "content/events/call.md",
            &CALL.replace("also_timezone: America/New_York\n", ""),
        ),
        (
            "content/events/west.md",
            &CALL.replace("America/New_York", "America/Los_Angeles"),
        ),
    ]);
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        format!("{config}also_timezone: America/New_York\n"),
    );
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert_eq!(
        times(&hub.output("events/call/index.html"))[0],
        "Wednesday, December 9, 2026, 7:00–8:30 PM AST (6:00–7:30 PM EST)"
    );
    assert_eq!(
        times(&hub.output("events/west/index.html"))[0],
        "Wednesday, December 9, 2026, 7:00–8:30 PM AST (3:00–4:30 PM PST)"
    );
    // The fixture's meetup is in the hub's zone, Chicago: New York's time follows.
    assert_eq!(
        times(&hub.output("es/events/meetup/index.html"))[0],
        "sábado 5 de diciembre de 2026, 8:30–10:00 a.\u{a0}m. CST (9:30–11:00 a.\u{a0}m. EST)"
    );
}

#[test]
fn a_second_zone_convene_does_not_know_is_an_error_at_its_line() {
    let hub = Hub::bilingual(&[(
        "content/events/call.md",
        &CALL.replace("also_timezone: America/New_York", "also_timezone: Eastern"),
    )]);
    let errors = hub.build_err();
    let problem = common::problem_for(&errors, "content/events/call.md");
    assert_eq!((problem.line, problem.column), (6, 16), "{problem}");
    assert!(
        problem
            .message
            .contains("`Eastern` is a name people use for a time zone"),
        "{problem}"
    );
    assert!(
        problem
            .help
            .as_deref()
            .is_some_and(|help| help.contains("write `America/New_York`")),
        "{problem}"
    );

    // In hub.yaml too, at its line.
    let hub = Hub::bilingual(&[("content/events/call.md", CALL)]);
    let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    let line = config.lines().count() + 1;
    hub.write(
        "hub.yaml",
        format!("{config}also_timezone: America/Nueva_York\n"),
    );
    let errors = hub.build_err();
    let problem = common::problem_for(&errors, "hub.yaml");
    assert_eq!((problem.line, problem.column), (line, 16), "{problem}");
    assert!(
        problem
            .message
            .contains("`America/Nueva_York` is not a known time zone"),
        "{problem}"
    );

    // A misspelt key is asked about.
    let hub = Hub::bilingual(&[(
        "content/events/call.md",
        &CALL.replace("also_timezone:", "second_timezone:"),
    )]);
    let errors = hub.build_err();
    let problem = common::problem_for(&errors, "content/events/call.md");
    assert_eq!(
        problem.help.as_deref(),
        Some("did you mean `also_timezone`?"),
        "{problem}"
    );
}
