//! An event as people see it: its time and next dates in the hub's words, the links that add
//! it to a web calendar (made in `links`), its entry in calendars, and when time alone changes
//! its page.

use jiff::Timestamp;
use serde::Serialize;

use super::ical::CalendarEvent;
use super::links::{self, About, Outlook};
use super::{Event, EventStatus, Schedule};
use crate::i18n::Words;
use crate::languages::Lang;

/// An event's time and place, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST`.
    pub when: String,
    /// `datetime` attribute of the start.
    pub start_iso: String,
    /// `datetime` attribute of the end (last day for all-day events).
    pub end_iso: String,
    /// Seconds since 1970 of the start, for sorting and the view-time script.
    pub start_timestamp: i64,
    /// Seconds since 1970 of the end.
    pub end_timestamp: i64,
    /// Dates without times.
    pub all_day: bool,
    /// IANA zone name.
    pub timezone: String,
    /// Whether the event has not ended at build time.
    pub upcoming: bool,
    /// Whether it repeats.
    pub recurring: bool,
    /// The rule in words ("First Saturday of every month, 12 times").
    pub recurrence: Option<String>,
    /// The next (at most five) occurrences that have not ended at build time.
    pub next_dates: Vec<OccurrenceView>,
    /// Up to 24 coming occurrences as JSON `[[start, end, start_iso, when], ...]`, for the
    /// script that corrects lists at view time.
    pub next_dates_json: String,
    /// Adds the event to a Google calendar: the whole series of a repeating event (without the
    /// dates it skips), else its next occurrence.
    pub google_calendar_url: String,
    /// Adds the next occurrence to an Outlook.com calendar.
    pub outlook_calendar_url: String,
    /// Adds the next occurrence to a Microsoft 365 calendar.
    pub office_calendar_url: String,
    /// Whether the series skips dates (`exceptions`), which Google's link cannot carry.
    pub skips_dates: bool,
    /// The place.
    pub location: Option<String>,
    /// The place on OpenStreetMap's search: a link, so that no map is loaded from another host.
    pub map_url: Option<String>,
    /// Join link.
    pub online: Option<String>,
    /// Registration link.
    pub registration: Option<String>,
    /// confirmed, tentative or cancelled.
    pub status: EventStatus,
}

/// One date of a repeating event.
#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceView {
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST`.
    pub when: String,
    /// `datetime` attribute of its start.
    pub start_iso: String,
    /// Seconds since 1970 of its start.
    pub start_timestamp: i64,
    /// Seconds since 1970 of its end.
    pub end_timestamp: i64,
}

/// When an event's page changes by time alone: at the end of its next date, and for a
/// repeating event also at the next midnight of its zone, when the dates it lists reach a day
/// further.
pub fn changes_at(schedule: &Schedule, view: &EventView, now: Timestamp) -> Option<Timestamp> {
    let next_end = view
        .next_dates
        .first()
        .and_then(|o| Timestamp::from_second(o.end_timestamp).ok());
    let midnight = schedule.rule.as_ref().and_then(|_| {
        let zone = schedule.first.start.time_zone();
        let today = now.to_zoned(zone.clone()).date();
        Some(
            today
                .tomorrow()
                .ok()?
                .to_zoned(zone.clone())
                .ok()?
                .timestamp(),
        )
    });
    next_end.into_iter().chain(midnight).min()
}

/// An event as calendars show it. Its UID is made of the page's address, so it is the same on
/// every build and machine; DTSTAMP comes from `updated` or `date`, else the start.
/// `path` is the page's site path, `summary` its short plain text and `html` its body.
pub fn calendar_event(
    event: &Event,
    schedule: Schedule,
    summary: &str,
    html: &str,
    path: &str,
    lang: &Lang,
    stamp: Option<Timestamp>,
) -> CalendarEvent {
    let url = lang.absolute(path);
    // An event with a place has it in LOCATION: its join link goes into the text.
    let join = event
        .location
        .as_ref()
        .and(event.online.as_ref())
        .map(|link| format!("{}: {link}", lang.words.text("event_join_online")));
    let with_links = |text: String| {
        [
            Some(text).filter(|t| !t.is_empty()),
            join.clone(),
            Some(url.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n")
    };
    let first = &schedule.first;
    let host = lang.base_url.host_str().unwrap_or("convene");
    let site_path = format!("{}{path}", lang.base_path().trim_start_matches('/'));
    CalendarEvent {
        uid: format!(
            "{}@{host}",
            site_path.trim_end_matches('/').replace('/', "-")
        ),
        stamp: stamp.unwrap_or_else(|| first.start.timestamp()),
        rule: schedule
            .rule
            .as_ref()
            .map(|rule| rule.to_rrule(first.all_day, first.start.time_zone())),
        exceptions: schedule
            .exceptions
            .iter()
            .filter_map(|date| {
                first
                    .moved_to(date.to_datetime(first.start.time()))
                    .ok()
                    .map(|o| o.start)
            })
            .collect(),
        occurrences: schedule.occurrences,
        first: first.clone(),
        summary: event.title.clone(),
        description: with_links(summary.to_string()),
        full_description: with_links(crate::markdown::html_to_text(html)),
        location: event.location.clone().or_else(|| event.online.clone()),
        conference: event.online.clone(),
        url,
        status: match event.status {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Cancelled => "CANCELLED",
        },
    }
}

/// An event's time, place and links as its page and lists show them; the links that add it to
/// a calendar say `about` too.
pub fn event_view(
    event: &Event,
    schedule: &Schedule,
    now: Timestamp,
    words: &Words,
    about: &About,
) -> EventView {
    let time = schedule.next_after(now);
    // Up to 24 coming dates for the view-time script; the page lists the first five.
    let coming: Vec<OccurrenceView> = schedule
        .occurrences
        .iter()
        .filter(|o| o.end.timestamp() > now)
        .take(24)
        .map(|o| OccurrenceView {
            when: o.display(words),
            start_iso: o.start_attribute(),
            start_timestamp: o.start.timestamp().as_second(),
            end_timestamp: o.end.timestamp().as_second(),
        })
        .collect();
    EventView {
        when: time.display(words),
        start_iso: time.start_attribute(),
        end_iso: time.end_attribute(),
        start_timestamp: time.start.timestamp().as_second(),
        end_timestamp: time.end.timestamp().as_second(),
        all_day: time.all_day,
        timezone: time.zone_name.clone(),
        upcoming: time.end.timestamp() > now,
        recurring: schedule.rule.is_some(),
        recurrence: schedule
            .rule
            .as_ref()
            .map(|rule| rule.describe(schedule.first.start.datetime(), words)),
        next_dates_json: serde_json::to_string(
            &coming
                .iter()
                .map(|o| (o.start_timestamp, o.end_timestamp, &o.start_iso, &o.when))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        next_dates: coming.into_iter().take(5).collect(),
        google_calendar_url: links::google(event, schedule, time, about),
        outlook_calendar_url: links::outlook(Outlook::Personal, event, time, about),
        office_calendar_url: links::outlook(Outlook::Work, event, time, about),
        skips_dates: !schedule.exceptions.is_empty(),
        location: event.location.clone(),
        map_url: event.location.as_ref().map(|place| {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("query", place)
                .finish();
            format!("https://www.openstreetmap.org/search?{query}")
        }),
        online: event.online.clone(),
        registration: event.registration.clone(),
        status: event.status,
    }
}
