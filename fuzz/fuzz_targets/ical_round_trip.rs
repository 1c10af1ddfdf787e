//! Any title, description, place and calendar name written into an iCalendar file: the file
//! parses with the `icalendar` crate, and each text reads back as written (the parser undoes the
//! escapes) less what iCalendar cannot carry: carriage returns and other control characters.
#![no_main]

use convene::events::EventTime;
use convene::events::ical::{CALENDAR_END, Calendar, CalendarEvent};
use icalendar::parser::{read_calendar, unfold};
use libfuzzer_sys::fuzz_target;

/// What a text becomes in a calendar file.
fn carried(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fuzz_target!(|texts: (String, String, String, String)| {
    let (summary, description, location, name) = texts;
    let zone = jiff::tz::TimeZone::get("Europe/Madrid").unwrap();
    let start = jiff::civil::datetime(2026, 3, 29, 1, 30, 0, 0)
        .to_zoned(zone.clone())
        .unwrap();
    let time = EventTime {
        end: start
            .checked_add(jiff::SignedDuration::from_hours(2))
            .unwrap(),
        start,
        all_day: false,
        zone_name: "Europe/Madrid".into(),
    };
    let event = CalendarEvent {
        uid: "events-fuzz@example.org".into(),
        stamp: jiff::Timestamp::UNIX_EPOCH,
        first: time.clone(),
        rule: Some("FREQ=WEEKLY;COUNT=3".into()),
        exceptions: Vec::new(),
        occurrences: vec![time],
        summary: summary.clone(),
        description: description.clone(),
        location: Some(location.clone()),
        url: "https://example.org/events/fuzz/".into(),
        status: "CONFIRMED",
    };
    let calendar = Calendar {
        name: Some(name.clone()),
        events: vec![&event],
    };
    let text = format!("{}{}{CALENDAR_END}", calendar.head(), event.to_vevent());
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
    }
    let unfolded = unfold(&text);
    let calendar = match read_calendar(&unfolded) {
        Ok(calendar) => calendar,
        Err(error) => panic!("{error}\n{text}"),
    };
    let value = |properties: &[icalendar::parser::Property], key: &str| {
        properties
            .iter()
            .find(|p| p.name.as_str() == key)
            .map(|p| p.val.as_str().to_string())
    };
    assert_eq!(
        value(&calendar.properties, "X-WR-CALNAME"),
        Some(carried(&name))
    );
    let vevent = calendar
        .components
        .iter()
        .find(|c| c.name.as_str() == "VEVENT")
        .expect("a VEVENT");
    assert_eq!(
        value(&vevent.properties, "SUMMARY"),
        Some(carried(&summary))
    );
    assert_eq!(
        value(&vevent.properties, "LOCATION"),
        Some(carried(&location))
    );
    let description = carried(&description);
    let read = value(&vevent.properties, "DESCRIPTION");
    assert_eq!(read.unwrap_or_default(), description, "{text}");
});
