//! An event as people see it: its time and next dates in the hub's words, the links that add
//! it to a web calendar (made in `links`), its entry in calendars, and when time alone changes
//! its page.

use jiff::Timestamp;
use serde::Serialize;

use super::ical::{CalendarEvent, Entry};
use super::links::{self, About, Outlook};
use super::{Event, EventStatus, Occurrence, Schedule};
use crate::i18n::Words;
use crate::languages::Lang;

/// An event's time and place, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST`, as cards and lists show it.
    pub when: String,
    /// `Saturday, December 5, 2026, 8:30–10:00 AM CST`, as the event's page shows it, with
    /// the time in `also_timezone` after it.
    pub when_in_full: String,
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
    /// IANA name of the second zone the page also gives the time in, if any.
    pub also_timezone: Option<String>,
    /// Whether the event has not ended at build time.
    pub upcoming: bool,
    /// Whether it repeats.
    pub recurring: bool,
    /// The rule in words ("First Saturday of every month, 12 times").
    pub recurrence: Option<String>,
    /// The next (at most five) occurrences that have not ended at build time.
    pub next_dates: Vec<OccurrenceView>,
    /// What follows the dates listed, when more do: "7 more dates follow, the last on Sat 6
    /// Nov 2027" (or "More dates follow" for a series without an end).
    pub more_dates: Option<String>,
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
    /// Whether the series has dates that differ from its rule (`changes`, `additional_dates`),
    /// which Google's link cannot carry either.
    pub changes_dates: bool,
    /// What changes from a date on, in words: "From Sat 6 Mar 2027: 9:00–10:30 AM CST, Denton
    /// Public Library".
    pub changes_from: Vec<String>,
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
    /// `Saturday, December 5, 2026, 8:30–10:00 AM CST`, with the time in the event's second
    /// zone after it, as the event's page lists it.
    pub when_in_full: String,
    /// Whether it takes place (a cancelled date is listed, marked).
    pub status: EventStatus,
    /// `datetime` attribute of its end.
    pub end_iso: String,
    /// What a change makes different about it, in words: "moved from Sat 6 Feb 2027: a week
    /// later because of the PD day", "cancelled: Spring break".
    pub change: Option<String>,
    /// The start it had before it moved, as `datetime` and schema.org want it.
    pub moved_from_iso: Option<String>,
    /// Its place, where it differs from the event's own.
    pub location: Option<String>,
    /// What the change of this date says.
    pub note: Option<String>,
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
    schedule: &Schedule,
    summary: &str,
    html: &str,
    path: &str,
    lang: &Lang,
    stamp: Option<Timestamp>,
) -> CalendarEvent {
    let url = lang.absolute(path);
    let first = &schedule.first;
    let host = lang.base_url.host_str().unwrap_or("convene");
    let site_path = format!("{}{path}", lang.base_path().trim_start_matches('/'));
    let zone = first.start.time_zone();
    let status = |status: EventStatus| match status {
        EventStatus::Confirmed => "CONFIRMED",
        EventStatus::Tentative => "TENTATIVE",
        EventStatus::Cancelled => "CANCELLED",
    };
    // A date with a place has it in LOCATION: its join link goes into the text.
    let entry = |time: &super::EventTime,
                 location: &Option<String>,
                 online: &Option<String>,
                 status: &'static str| Entry {
        uid_suffix: String::new(),
        time: time.clone(),
        recurrence_id: None,
        rule: None,
        exceptions: Vec::new(),
        location: location.clone().or_else(|| online.clone()),
        conference: online.clone(),
        join: location
            .as_ref()
            .and(online.as_ref())
            .map(|link| format!("{}: {link}", lang.words.text("event_join_online"))),
        note: None,
        status,
    };
    let day = |zoned: &jiff::Zoned| zoned.strftime("%Y%m%d").to_string();
    let mut entries: Vec<Entry> = Vec::new();
    if schedule.parts.is_empty() {
        entries.push(entry(
            first,
            &event.location,
            &event.online,
            status(event.status),
        ));
    }
    for (index, part) in schedule.parts.iter().enumerate() {
        let mut series = entry(
            &part.first,
            &part.location,
            &part.online,
            status(event.status),
        );
        if index > 0 {
            series.uid_suffix = format!("-from-{}", day(&part.first.start));
        }
        series.rule = Some(part.rule.to_rrule(first.all_day, zone));
        series.exceptions = part
            .exceptions
            .iter()
            .filter_map(|date| {
                zone.to_ambiguous_zoned(date.to_datetime(part.first.start.time()))
                    .compatible()
                    .ok()
            })
            .collect();
        entries.push(series);
    }
    for occurrence in &schedule.occurrences {
        let mut own = entry(
            &occurrence.time,
            &occurrence.location,
            &occurrence.online,
            status(occurrence.status),
        );
        own.note = occurrence.note.clone();
        match &occurrence.original {
            None => own.uid_suffix = format!("-extra-{}", day(&occurrence.time.start)),
            Some(original) if occurrence.changed => {
                own.recurrence_id = Some(original.clone());
                if let Some(part) = schedule
                    .parts
                    .get(occurrence.part)
                    .filter(|_| occurrence.part > 0)
                {
                    own.uid_suffix = format!("-from-{}", day(&part.first.start));
                }
            }
            Some(_) => continue,
        }
        entries.push(own);
    }
    CalendarEvent {
        uid: format!(
            "{}@{host}",
            site_path.trim_end_matches('/').replace('/', "-")
        ),
        stamp: stamp.unwrap_or_else(|| first.start.timestamp()),
        occurrences: schedule
            .occurrences
            .iter()
            .map(|o| o.time.clone())
            .collect(),
        first: first.clone(),
        summary: event.title.clone(),
        description: summary.to_string(),
        full_description: crate::markdown::html_to_text(html),
        url,
        entries,
    }
}

/// What makes a date of `event` differ from the rest of its series, in words, if anything.
fn change_in_words(occurrence: &Occurrence, event: &Event, words: &Words) -> Option<String> {
    let mut marks: Vec<String> = Vec::new();
    match occurrence.status {
        EventStatus::Cancelled if event.status != EventStatus::Cancelled => {
            marks.push(words.text("date_cancelled").to_string());
        }
        EventStatus::Tentative if event.status != EventStatus::Tentative => {
            marks.push(words.text("date_tentative").to_string());
        }
        _ => {}
    }
    if let Some(before) = &occurrence.moved_from {
        marks.push(words.fill(
            "date_moved_from",
            &[("date", &words.day(before.start.date()))],
        ));
    }
    if occurrence.is_additional() {
        marks.push(words.text("date_additional").to_string());
    }
    if occurrence.changed
        && let Some(place) = occurrence
            .location
            .as_ref()
            .filter(|l| Some(*l) != event.location.as_ref())
    {
        marks.push(place.clone());
    }
    let marks = marks.join(", ");
    match (&occurrence.note, marks.is_empty()) {
        (Some(note), true) => Some(note.clone()),
        (Some(note), false) => Some(format!("{marks}: {note}")),
        (None, false) => Some(marks),
        (None, true) => None,
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
    let next = schedule.next_after(now);
    let time = &next.time;
    // Up to 24 coming dates for the view-time script (which skips cancelled ones); the page
    // lists the first five.
    let all_coming: Vec<&Occurrence> = schedule
        .occurrences
        .iter()
        .filter(|o| o.time.end.timestamp() > now)
        .collect();
    let coming = &all_coming[..all_coming.len().min(24)];
    let last = all_coming.last();
    let bounded = schedule
        .rule
        .as_ref()
        .is_some_and(|rule| rule.count.is_some() || rule.until.is_some());
    let more_dates = match (all_coming.len().saturating_sub(5), last) {
        (0, _) | (_, None) => None,
        (_, Some(_)) if !bounded => Some(words.text("dates_more_open").to_string()),
        (1, Some(last)) => Some(words.fill(
            "dates_more_one",
            &[("date", &words.day(last.time.start.date()))],
        )),
        (count, Some(last)) => Some(words.fill(
            "dates_more_other",
            &[
                ("count", &count.to_string()),
                ("date", &words.day(last.time.start.date())),
            ],
        )),
    };
    let occurrence_view = |o: &Occurrence| OccurrenceView {
        when: o.time.display(words),
        when_in_full: o.time.display_in_full(words, event.also_zone.as_ref()),
        start_iso: o.time.start_attribute(),
        start_timestamp: o.time.start.timestamp().as_second(),
        end_timestamp: o.time.end.timestamp().as_second(),
        end_iso: o.time.end_attribute(),
        status: o.status,
        change: change_in_words(o, event, words),
        moved_from_iso: o.moved_from.as_ref().map(|m| m.start_attribute()),
        location: o
            .location
            .clone()
            .filter(|l| Some(l) != event.location.as_ref()),
        note: o.note.clone(),
    };
    let changes_from = schedule
        .parts
        .iter()
        .filter_map(|part| {
            let change = part.from.as_ref()?;
            let what: Vec<String> = [
                Some(part.first.hours(words)).filter(|h| !h.is_empty()),
                part.location.clone().filter(|_| change.location.is_some()),
                part.online
                    .as_ref()
                    .filter(|_| change.online.is_some())
                    .map(|_| words.text("online").to_string()),
            ]
            .into_iter()
            .flatten()
            .collect();
            let line = words.fill(
                "series_from",
                &[
                    ("date", &words.day(part.first.start.date())),
                    ("what", &what.join(", ")),
                ],
            );
            Some(match &change.note {
                Some(note) => format!("{line}. {note}"),
                None => line,
            })
        })
        .collect();
    EventView {
        when: time.display(words),
        when_in_full: time.display_in_full(words, event.also_zone.as_ref()),
        start_iso: time.start_attribute(),
        end_iso: time.end_attribute(),
        start_timestamp: time.start.timestamp().as_second(),
        end_timestamp: time.end.timestamp().as_second(),
        all_day: time.all_day,
        timezone: time.zone_name.clone(),
        also_timezone: event
            .also_zone
            .as_ref()
            .and_then(|zone| zone.iana_name())
            .map(str::to_string),
        upcoming: time.end.timestamp() > now,
        recurring: schedule.rule.is_some(),
        recurrence: schedule.rule.as_ref().map(|rule| {
            rule.describe(schedule.first.start.datetime(), words, schedule.dates_off())
        }),
        next_dates_json: serde_json::to_string(
            &coming
                .iter()
                .filter(|o| !(o.changed && o.status == EventStatus::Cancelled))
                .map(|o| {
                    (
                        o.time.start.timestamp().as_second(),
                        o.time.end.timestamp().as_second(),
                        o.time.start_attribute(),
                        o.time.display(words),
                    )
                })
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        next_dates: coming.iter().take(5).map(|o| occurrence_view(o)).collect(),
        more_dates,
        google_calendar_url: links::google(event, schedule, next, about),
        outlook_calendar_url: links::outlook(Outlook::Personal, event, next, about),
        office_calendar_url: links::outlook(Outlook::Work, event, next, about),
        skips_dates: !schedule.exceptions.is_empty(),
        changes_dates: schedule
            .occurrences
            .iter()
            .any(|o| o.changed || o.is_additional())
            || schedule.parts.len() > 1,
        changes_from,
        location: next.location.clone(),
        map_url: next.location.as_ref().map(|place| {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("query", place)
                .finish();
            format!("https://www.openstreetmap.org/search?{query}")
        }),
        online: next.online.clone(),
        registration: next.registration.clone(),
        status: next.status,
    }
}
