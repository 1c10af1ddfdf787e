//! The iCalendar files of a fixture hub, read back by independent parsers: the `icalendar`
//! crate for the syntax, the `rrule` crate for the occurrences, compared in UTC.

mod common;

use common::Hub;
use icalendar::parser::{Component, Property, read_calendar, unfold};

fn property<'a>(component: &'a Component, name: &str) -> Option<&'a str> {
    value(&component.properties, name)
}

fn value<'a>(properties: &'a [Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str())
}

fn parameter<'a>(component: &'a Component, name: &str, key: &str) -> Option<&'a str> {
    let property = component
        .properties
        .iter()
        .find(|p| p.name.as_str() == name)?;
    property
        .params
        .iter()
        .find(|p| p.key.as_str() == key)
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str())
}

fn events<'a>(components: &'a [Component<'a>]) -> Vec<&'a Component<'a>> {
    components
        .iter()
        .flat_map(|c| {
            if c.name.as_str() == "VEVENT" {
                vec![c]
            } else {
                events(&c.components)
            }
        })
        .collect()
}

fn check_lines(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
        assert!(!line.contains('\n'), "bare newline");
    }
}

#[test]
fn calendars_parse_and_carry_the_events() {
    let hub = Hub::fixture("basic");
    hub.write("content/events/conference.md", "---\ntitle: Spring conference, day one; day two\nstart: 2027-03-04\nend: 2027-03-05\nlocation: Convention Center, Hall B\nsubjects: [science]\n---\nTwo days of sessions.\n");
    hub.build().unwrap();

    let all = hub.output("events.ics");
    check_lines(&all);
    let unfolded = unfold(&all);
    let calendar = read_calendar(&unfolded).expect("events.ics parses");
    assert_eq!(value(&calendar.properties, "VERSION"), Some("2.0"));
    assert!(
        value(&calendar.properties, "PRODID")
            .unwrap()
            .contains("convene")
    );
    assert_eq!(
        value(&calendar.properties, "X-WR-CALNAME"),
        Some("Fixture Learning Network")
    );
    let vevents = events(&calendar.components);
    assert_eq!(
        vevents.len(),
        2,
        "the workshop ended 44 days before the build: it is in the archive only"
    );
    assert!(
        !vevents
            .iter()
            .any(|e| property(e, "SUMMARY") == Some("October workshop"))
    );
    let archive = unfold(&hub.output("events-archive.ics"));
    let archive = read_calendar(&archive).expect("events-archive.ics parses");
    let archived = events(&archive.components);
    assert_eq!(archived.len(), 3, "the archive holds every event");
    let timezone = calendar
        .components
        .iter()
        .find(|c| c.name.as_str() == "VTIMEZONE")
        .expect("a VTIMEZONE");
    assert_eq!(property(timezone, "TZID"), Some("America/Chicago"));
    assert!(
        timezone
            .components
            .iter()
            .any(|c| c.name.as_str() == "DAYLIGHT")
            && timezone
                .components
                .iter()
                .any(|c| c.name.as_str() == "STANDARD")
    );

    let meetup = vevents
        .iter()
        .find(|e| property(e, "SUMMARY") == Some("Saturday meetup"))
        .unwrap();
    assert_eq!(
        property(meetup, "UID"),
        Some("hub-events-meetup@example.org")
    );
    assert_eq!(
        property(meetup, "DTSTAMP"),
        Some("20261101T050000Z"),
        "DTSTAMP from `date`, not the clock"
    );
    assert_eq!(
        parameter(meetup, "DTSTART", "TZID"),
        Some("America/Chicago")
    );
    assert_eq!(property(meetup, "DTSTART"), Some("20261205T083000"));
    assert_eq!(property(meetup, "DTEND"), Some("20261205T100000"));
    assert_eq!(property(meetup, "LOCATION"), Some("Café Brazil, Dallas"));
    assert_eq!(
        property(meetup, "URL"),
        Some("https://example.org/hub/events/meetup/")
    );
    assert_eq!(property(meetup, "STATUS"), Some("CONFIRMED"));

    // The occurrences, expanded by the rrule crate from what we wrote, compared in UTC with
    // the first Saturday of each month at 08:30 in Chicago, 2 January 2027 skipped.
    let recurrence: Vec<String> = ["DTSTART", "RRULE", "EXDATE"]
        .iter()
        .map(|name| common::ical_line(meetup, name).unwrap())
        .collect();
    let set: rrule::RRuleSet = recurrence
        .join("\n")
        .parse()
        .expect("rrule reads our DTSTART, RRULE and EXDATE");
    let theirs: Vec<String> = set
        .all(100)
        .dates
        .iter()
        .map(|d| d.to_utc().format("%Y-%m-%dT%H:%MZ").to_string())
        .collect();
    let chicago = jiff::tz::TimeZone::get("America/Chicago").unwrap();
    let expected: Vec<String> = (0..12)
        .map(|k| {
            jiff::civil::date(2026, 12, 1)
                .checked_add(jiff::Span::new().months(k))
                .unwrap()
        })
        .map(|first| {
            first
                .nth_weekday_of_month(1, jiff::civil::Weekday::Saturday)
                .unwrap()
        })
        .filter(|d| *d != jiff::civil::date(2027, 1, 2))
        .map(|d| {
            d.at(8, 30, 0, 0)
                .to_zoned(chicago.clone())
                .unwrap()
                .timestamp()
                .strftime("%Y-%m-%dT%H:%MZ")
                .to_string()
        })
        .collect();
    assert_eq!(theirs, expected);
    assert!(
        expected.contains(&"2026-12-05T14:30Z".to_string())
            && expected.contains(&"2027-04-03T13:30Z".to_string()),
        "CST then CDT"
    );

    let cancelled = archived
        .iter()
        .find(|e| property(e, "SUMMARY") == Some("October workshop"))
        .unwrap();
    assert_eq!(property(cancelled, "STATUS"), Some("CANCELLED"));
    assert_eq!(
        property(cancelled, "LOCATION"),
        Some("https://meet.example.org/workshop")
    );

    let conference = vevents
        .iter()
        .find(|e| property(e, "SUMMARY") == Some("Spring conference, day one; day two"))
        .unwrap();
    assert_eq!(parameter(conference, "DTSTART", "VALUE"), Some("DATE"));
    assert_eq!(property(conference, "DTSTART"), Some("20270304"));
    assert_eq!(
        property(conference, "DTEND"),
        Some("20270306"),
        "all-day DTEND is exclusive"
    );

    let single = hub.output("events/meetup/event.ics");
    check_lines(&single);
    let unfolded = unfold(&single);
    let calendar = read_calendar(&unfolded).unwrap();
    assert_eq!(events(&calendar.components).len(), 1);
    assert_eq!(
        value(&calendar.properties, "X-WR-CALNAME"),
        None,
        "one event's file has no calendar name"
    );

    let science = hub.output("subjects/science/events.ics");
    let unfolded = unfold(&science);
    let calendar = read_calendar(&unfolded).unwrap();
    let titles: Vec<&str> = events(&calendar.components)
        .iter()
        .filter_map(|e| property(e, "SUMMARY"))
        .collect();
    assert_eq!(
        titles.len(),
        2,
        "the science calendar has the two science events: {titles:?}"
    );
    assert!(
        !hub.has_output("subjects/matematicas/events.ics"),
        "no calendar for a term without events"
    );
}

#[test]
fn pages_link_to_their_calendars() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    assert!(
        hub.output("events/meetup/index.html")
            .contains("href=\"/hub/events/meetup/event.ics\"")
    );
    // Lists lead to the calendar's subscription page, which links the calendar itself.
    let list = hub.output("events/index.html");
    assert!(list.contains("href=\"/hub/events/subscribe/\""));
    assert!(
        hub.output("events/subscribe/index.html")
            .contains("href=\"webcal://example.org/hub/events.ics\"")
    );
    assert!(
        hub.output("subjects/science/index.html")
            .contains("href=\"/hub/subjects/science/subscribe/\"")
    );
    assert!(
        hub.output("subjects/science/subscribe/index.html")
            .contains("href=\"webcal://example.org/hub/subjects/science/events.ics\"")
    );
    assert!(
        !hub.output("subjects/matematicas/index.html")
            .contains("subscribe/")
    );
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD present")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn event_and_profile_pages_carry_schema_org_data() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let meetup = json_ld(&hub.output("events/meetup/index.html"));
    assert_eq!(meetup["@type"], "Event");
    assert_eq!(meetup["startDate"], "2026-12-05T08:30:00-06:00");
    assert_eq!(meetup["endDate"], "2026-12-05T10:00:00-06:00");
    assert_eq!(meetup["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        meetup["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(meetup["location"][0]["@type"], "Place");
    assert_eq!(meetup["organizer"][0]["@type"], "Organization");
    assert_eq!(
        meetup["organizer"][1]["url"],
        "https://example.org/hub/profiles/ann/"
    );
    let past = json_ld(&hub.output("events/past/index.html"));
    assert_eq!(past["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(past["location"][0]["@type"], "VirtualLocation");
    assert_eq!(
        past["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    let group = json_ld(&hub.output("profiles/coffee-club/index.html"));
    assert_eq!(group["@type"], "ProfilePage");
    assert_eq!(group["mainEntity"]["@type"], "Organization");

    let page = hub.output("events/meetup/index.html");
    // A series goes to Google whole, from its first date in its own zone (tests/subscribe.rs
    // reads every field of these links).
    assert!(page.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Saturday+meetup&amp;dates=20261205T083000%2F20261205T100000&amp;ctz=America%2FChicago&amp;recur=RRULE%3A"));
    assert!(page.contains("startdt=2026-12-05T14%3A30%3A00Z"));
}

#[test]
fn json_ld_cannot_close_its_script_element() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/x.md",
        "---\ntitle: \"</script><script>alert(1)</script>\"\nstart: 2027-01-01T10:00:00\n---\n",
    );
    hub.build().unwrap();
    let html = hub.output("events/x/index.html");
    assert!(!html.contains("<script>alert(1)"));
    assert_eq!(json_ld(&html)["name"], "</script><script>alert(1)</script>");
}

#[test]
fn every_calendar_of_the_hub_parses() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let calendars: Vec<(String, Vec<u8>)> = common::tree(&hub.root.join("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(".ics"))
        .collect();
    let names: Vec<&str> = calendars.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "events-archive.ics",
            "events.ics",
            "events/meetup/event.ics",
            "events/past/event.ics",
            "subjects/science/events.ics"
        ]
    );
    for (path, bytes) in calendars {
        let text = String::from_utf8(bytes).unwrap();
        check_lines(&text);
        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            !events(&calendar.components).is_empty(),
            "{path} has events"
        );
    }
}

/// What `look` finds in the VEVENTs of the calendar at `path` of `hub`'s output, unfolded and
/// parsed.
fn with_vevents<R>(hub: &Hub, path: &str, look: impl FnOnce(&[&Component]) -> R) -> R {
    let text = hub.output(path);
    check_lines(&text);
    let unfolded = unfold(&text);
    let calendar = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{path}: {e}"));
    look(&events(&calendar.components))
}

/// The SUMMARY of every VEVENT of the calendar at `path`.
fn summaries(hub: &Hub, path: &str) -> Vec<String> {
    with_vevents(hub, path, |events| {
        events
            .iter()
            .filter_map(|e| property(e, "SUMMARY").map(str::to_string))
            .collect()
    })
}

#[test]
fn subscribed_calendars_hold_the_window_and_keep_a_running_series_whole() {
    let hub = Hub::fixture("basic");
    // The build is on 2026-11-23: 40 days before is 2026-10-14.
    hub.write(
        "content/events/forty-days-ago.md",
        "---\ntitle: Forty days ago\nstart: 2026-10-14T09:00:00\nduration: 1h\nsubjects: [science]\n---\nDone.\n",
    );
    hub.write(
        "content/events/last-week.md",
        "---\ntitle: Last week\nstart: 2026-11-16T09:00:00\nduration: 1h\nsubjects: [science]\n---\nDone too.\n",
    );
    hub.write(
        "content/events/weekly-chat.md",
        "---\ntitle: Weekly chat\nstart: 2025-11-20T19:00:00\nduration: 1h\nrecurrence: FREQ=WEEKLY;BYDAY=TH\nsubjects: [science]\n---\nEvery Thursday since last year.\n",
    );
    hub.build().unwrap();
    for path in ["events.ics", "subjects/science/events.ics"] {
        let held = summaries(&hub, path);
        assert!(!held.contains(&"Forty days ago".into()), "{path}: {held:?}");
        assert!(held.contains(&"Last week".into()), "{path}: {held:?}");
        assert!(held.contains(&"Weekly chat".into()), "{path}: {held:?}");
    }
    with_vevents(&hub, "events.ics", |events| {
        let chat = events
            .iter()
            .find(|e| property(e, "SUMMARY") == Some("Weekly chat"))
            .unwrap();
        assert_eq!(
            property(chat, "DTSTART"),
            Some("20251120T190000"),
            "the series is kept whole, from its first date"
        );
        assert_eq!(property(chat, "RRULE"), Some("FREQ=WEEKLY;BYDAY=TH"));
    });
    assert!(summaries(&hub, "events-archive.ics").contains(&"Forty days ago".into()));
    assert!(
        hub.has_output("events/forty-days-ago/event.ics"),
        "its own calendar stays"
    );

    // The window and the archive follow hub.yaml.
    let yaml = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        format!("{yaml}calendar_past_days: 60\ncalendar_archive: false\n"),
    );
    hub.build().unwrap();
    assert!(summaries(&hub, "events.ics").contains(&"Forty days ago".into()));
    assert!(!hub.has_output("events-archive.ics"));
}

#[test]
fn descriptions_are_plain_sentences_and_a_hybrid_event_keeps_its_join_link() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/hybrid.md",
        "---\ntitle: Hybrid meetup\nstart: 2026-12-12T10:00:00\nduration: 2h\nlocation: Library, Room B\nonline: https://meet.example.org/hybrid\n---\nBring a question you are\nwrestling with this month,\nbig or small.\n\n## Agenda\n\nTables and talk,\nthen lunch.\n",
    );
    hub.build().unwrap();
    let page = "https://example.org/hub/events/hybrid/";
    for (path, full) in [("events.ics", false), ("events/hybrid/event.ics", true)] {
        with_vevents(&hub, path, |events| {
            let event = events
                .iter()
                .find(|e| property(e, "SUMMARY") == Some("Hybrid meetup"))
                .unwrap_or_else(|| panic!("{path} holds the event"));
            assert_eq!(property(event, "LOCATION"), Some("Library, Room B"));
            assert_eq!(
                property(event, "CONFERENCE"),
                Some("https://meet.example.org/hybrid"),
                "{path}"
            );
            assert_eq!(parameter(event, "CONFERENCE", "VALUE"), Some("URI"));
            let description = property(event, "DESCRIPTION").unwrap().replace("\\n", "\n");
            assert!(
                description.starts_with(
                    "Bring a question you are wrestling with this month, big or small."
                ),
                "{path}: the lines of a paragraph are joined: {description}"
            );
            assert!(
                description.contains("Join online: https://meet.example.org/hybrid"),
                "{path}: {description}"
            );
            assert!(description.ends_with(page), "{path}: {description}");
            assert!(
                !description.contains('#'),
                "{path}: no anchor: {description}"
            );
            assert_eq!(
                description.contains("Agenda\n\nTables and talk, then lunch."),
                full,
                "{path}: the whole text only in the event's own calendar: {description}"
            );
        });
    }
}
