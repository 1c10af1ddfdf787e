//! Series that change: a date moved, a date cancelled, a new time of day from a date on, and an
//! extra date, across a daylight saving change. The calendar file is read back with the
//! `icalendar` parser and each of its series expanded with the `rrule` crate, overrides put in
//! place by their RECURRENCE-ID, as calendar apps do; the page, its JSON-LD and the feed say
//! what changed. (The khal test reads the example hub's calendar, whose monthly coffee has the
//! same kinds of change.)

mod common;

use std::collections::BTreeMap;

use common::Hub;
use icalendar::parser::{Component, read_calendar, unfold};

const SERIES: &str = "---
title: Saturday meetup
date: 2026-11-01
start: 2027-01-02T08:30:00
duration: 90m
location: Café Brazil, Dallas
hosts: [coffee-club, ann]
recurrence: FREQ=MONTHLY;BYDAY=1SA;COUNT=8
changes:
  - date: 2027-02-06
    start: 2027-02-13T10:00:00
    location: Denton Public Library, Room B
    note: A week later because of the district's PD day.
  - date: 2027-04-03
    status: cancelled
    note: Spring break.
  - from: 2027-03-06
    start_time: \"09:00\"
    duration: 2h
additional_dates: [2027-07-17]
---
Bring a question.
";

fn hub() -> Hub {
    let hub = Hub::fixture("basic");
    hub.write("content/events/meetup.md", SERIES);
    hub.build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    hub
}

fn property<'a>(event: &'a Component, name: &str) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str())
}

/// Every date the calendar gives, as an app shows it: each series expanded by the rrule crate,
/// each override (by UID and RECURRENCE-ID) put in place of its date, and each single event;
/// as `(local start in Chicago, local end, status, location)`.
fn dates_in(calendar: &str) -> Vec<(String, String, String, String)> {
    let unfolded = unfold(calendar);
    let components = read_calendar(&unfolded).expect("the calendar parses");
    let events: Vec<&Component> = components
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    let chicago = jiff::tz::TimeZone::get("America/Chicago").unwrap();
    let local = |text: &str| -> jiff::Zoned {
        text.parse::<jiff::civil::DateTime>()
            .or_else(|_| jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", text))
            .unwrap()
            .to_zoned(chicago.clone())
            .unwrap()
    };
    let overrides: BTreeMap<(String, String), &Component> = events
        .iter()
        .filter_map(|e| {
            Some((
                (
                    property(e, "UID")?.to_string(),
                    property(e, "RECURRENCE-ID")?.to_string(),
                ),
                *e,
            ))
        })
        .collect();
    let shown = |e: &Component, start: jiff::Zoned| {
        let end = local(property(e, "DTEND").unwrap());
        let length = local(property(e, "DTSTART").unwrap()).duration_until(&end);
        (
            start.strftime("%Y-%m-%d %H:%M %Z").to_string(),
            start
                .checked_add(length)
                .unwrap()
                .strftime("%H:%M")
                .to_string(),
            property(e, "STATUS").unwrap_or("").to_string(),
            property(e, "LOCATION").unwrap_or("").replace("\\,", ","),
        )
    };
    let mut dates = Vec::new();
    for event in &events {
        if property(event, "RECURRENCE-ID").is_some() {
            continue;
        }
        if property(event, "RRULE").is_none() {
            dates.push(shown(event, local(property(event, "DTSTART").unwrap())));
            continue;
        }
        let text: Vec<String> = ["DTSTART", "RRULE", "EXDATE"]
            .iter()
            .filter_map(|name| common::ical_line(event, name))
            .collect();
        let set: rrule::RRuleSet = text.join("\n").parse().expect("rrule reads the series");
        for date in set.all(100).dates {
            let start = local(&date.format("%Y%m%dT%H%M%S").to_string());
            let key = (
                property(event, "UID").unwrap().to_string(),
                start.strftime("%Y%m%dT%H%M%S").to_string(),
            );
            match overrides.get(&key) {
                Some(changed) => {
                    dates.push(shown(changed, local(property(changed, "DTSTART").unwrap())))
                }
                None => dates.push(shown(event, start)),
            }
        }
    }
    dates.sort();
    dates
}

#[test]
fn calendar_apps_see_the_moved_cancelled_retimed_and_extra_dates() {
    let hub = hub();
    let calendar = hub.output("events/meetup/event.ics");
    let dates = dates_in(&calendar);
    let cafe = "Café Brazil, Dallas";
    let expected: Vec<(String, String, String, String)> = [
        ("2027-01-02 08:30 CST", "10:00", "CONFIRMED", cafe),
        // Moved a week, to another place; its length kept.
        (
            "2027-02-13 10:00 CST",
            "11:30",
            "CONFIRMED",
            "Denton Public Library, Room B",
        ),
        // From March on at nine for two hours, in local time across the change to CDT.
        ("2027-03-06 09:00 CST", "11:00", "CONFIRMED", cafe),
        ("2027-04-03 09:00 CDT", "11:00", "CANCELLED", cafe),
        ("2027-05-01 09:00 CDT", "11:00", "CONFIRMED", cafe),
        ("2027-06-05 09:00 CDT", "11:00", "CONFIRMED", cafe),
        ("2027-07-03 09:00 CDT", "11:00", "CONFIRMED", cafe),
        // The extra date, at the time of its part of the series.
        ("2027-07-17 09:00 CDT", "11:00", "CONFIRMED", cafe),
        ("2027-08-07 09:00 CDT", "11:00", "CONFIRMED", cafe),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect();
    assert_eq!(dates, expected, "{calendar}");

    // One series until March and one from March, the second's UID made from the first's;
    // the changed dates carry the UID of their part.
    let unfolded = unfold(&calendar);
    let components = read_calendar(&unfolded).unwrap();
    let uids: Vec<(String, Option<String>)> = components
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|e| {
            (
                property(e, "UID").unwrap().to_string(),
                property(e, "RECURRENCE-ID").map(str::to_string),
            )
        })
        .collect();
    let base = "hub-events-meetup@example.org";
    assert_eq!(
        uids,
        [
            (base.to_string(), None),
            (
                "hub-events-meetup-from-20270306@example.org".to_string(),
                None
            ),
            (base.to_string(), Some("20270206T083000".to_string())),
            (
                "hub-events-meetup-from-20270306@example.org".to_string(),
                Some("20270403T090000".to_string())
            ),
            (
                "hub-events-meetup-extra-20270717@example.org".to_string(),
                None
            ),
        ],
        "{calendar}"
    );
    assert!(calendar.contains("RRULE:FREQ=MONTHLY;COUNT=2;BYDAY=1SA\r\n"));
    assert!(calendar.contains("RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=1SA\r\n"));
    assert!(
        calendar.contains("DESCRIPTION:Spring break.\\n\\n"),
        "{calendar}"
    );
    // The hub's calendar carries the same dates.
    let subscribed = dates_in(&hub.output("events.ics"));
    for date in &expected {
        assert!(subscribed.contains(date), "{date:?} in events.ics");
    }
}

#[test]
fn the_page_its_structured_data_and_the_feed_say_what_changed() {
    let hub = hub();
    let page = hub.output("events/meetup/index.html");
    assert!(
        page.contains("Saturday, February 13, 2027, 10:00–11:30 AM CST</time> — moved from Sat 6 Feb 2027, Denton Public Library, Room B: A week later because of the district&#39;s PD day."),
        "{page}"
    );
    assert!(
        page.contains(
            "<s>Saturday, April 3, 2027, 9:00–11:00 AM CDT</s></time> — cancelled: Spring break."
        ),
        "{page}"
    );
    assert!(
        page.contains("First Saturday of every month, 8 dates, 1 skipped<span class=\"series-change\">From Sat 6 Mar 2027: 9:00–11:00 AM CST</span>"),
        "{page}"
    );
    let json_ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    let events = value.as_array().expect("the series and each changed date");
    let moved = events
        .iter()
        .find(|e| e["eventStatus"] == "https://schema.org/EventRescheduled")
        .unwrap();
    assert_eq!(moved["startDate"], "2027-02-13T10:00:00-06:00");
    assert_eq!(moved["previousStartDate"], "2027-02-06T08:30:00-06:00");
    assert!(
        events
            .iter()
            .any(|e| e["eventStatus"] == "https://schema.org/EventCancelled"
                && e["startDate"] == "2027-04-03T09:00:00-05:00")
    );
    let feed = hub.output("rss.xml");
    assert!(
        feed.contains("Sat 3 Apr 2027, 9:00–11:00 AM CDT — cancelled: Spring break."),
        "{feed}"
    );
}

#[test]
fn check_warns_of_a_change_that_changes_nothing_or_is_past() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/meetup.md",
        SERIES.replace(
            "additional_dates: [2027-07-17]\n",
            "  - date: 2027-05-01\n  - date: 2027-01-02\n    note: Late start.\nadditional_dates: [2027-07-17]\n",
        ),
    );
    let options = convene::BuildOptions {
        now: Some("2027-01-20T12:00:00Z".parse().unwrap()),
        ..hub.options()
    };
    let problems: Vec<String> = convene::check::check(&options, None)
        .iter()
        .filter(|p| p.path.ends_with("meetup.md"))
        .map(|p| {
            format!(
                "{}:{} {} ({})",
                p.line,
                p.column,
                p.message,
                p.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            "20:11 this change of 2027-05-01 changes nothing (write what is different (`start`, `start_time`, `location`, `status: cancelled`…) and a `note` saying why, or remove the change)",
            "21:11 2027-01-02 is already past, so this change reaches nobody (check the year of the date; once the date is past, the change can go)",
        ]
    );
}

#[test]
fn a_series_written_with_an_offset_and_no_zone_is_warned_of() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/meetup.md",
        "---\ntitle: Evening chat\nstart: 2027-01-06T19:00:00-05:00\nrecurrence: FREQ=WEEKLY\nonline: https://meet.example.org/chat\n---\nAn hour online.\n",
    );
    let problems: Vec<String> = convene::check::check(&hub.options(), None)
        .iter()
        .filter(|p| p.path.ends_with("meetup.md"))
        .map(|p| {
            format!(
                "{}:{} {} ({})",
                p.line,
                p.column,
                p.message,
                p.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            "3:8 this `start` gives an offset but no time zone: convene reads it as 18:00 in America/Chicago, the hub's zone, and every later date at 18:00 there, whatever the offset does at daylight saving (write the local time without the offset (`start: 2027-01-06T18:00:00`) and, for an event in another zone, its `timezone` (such as America/New_York))"
        ]
    );
}
