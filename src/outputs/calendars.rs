//! iCalendar files: `/events.ics` (the hub's events), `/TAXONOMY/TERM/events.ics` (the events
//! of one term, to subscribe to one subject only), `/events-archive.ics` (every event ever
//! published) and `/events/SLUG/event.ics` (one event, with its whole text).
//!
//! The calendars people subscribe to stay small enough for every calendar app: they hold the
//! events that are still to come or ended at most `calendar_past_days` ago (a repeating series
//! with a date in that window is kept whole), with their summary as text, and at most
//! [`MAX_EVENTS`] events in [`MAX_BYTES`] (the nearest dates first). Each VEVENT is written once
//! and shared by every calendar that holds it.

use std::convert::Infallible;
use std::sync::{Arc, LazyLock};

use jiff::Timestamp;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::events::ical::{CALENDAR_END, Calendar, CalendarEvent};
use crate::outputs::cache::{self, Fingerprint, PerPage};
use crate::outputs::{Made, Output, Render, Sink, put_all};
use crate::site::Site;

/// The most events a subscribed calendar holds: Google Calendar stops reading a subscription
/// near a thousand events.
pub const MAX_EVENTS: usize = 1000;

/// The most bytes a subscribed calendar takes: Google Calendar stops reading a subscription
/// near 1 MB.
pub const MAX_BYTES: usize = 1_000_000;

/// The hub's calendar of every event, past ones included, for those who want them all.
pub const ARCHIVE: &str = "events-archive.ics";

/// One calendar to write: where, its name, and its events by page index.
struct CalendarFile {
    path: String,
    name: Option<String>,
    events: Vec<usize>,
    /// One event's own file, with the event's whole text.
    full_text: bool,
}

/// Writes the calendars of the site in `scope` into `sink`; returns the problems the sink had.
/// With a `cache`, a calendar whose events are unchanged is taken from it.
pub fn render(render: &Render, sink: &dyn Sink) -> Vec<Diagnostic> {
    let &Render {
        site, cache, scope, ..
    } = render;
    let vevents = PerPage::new(
        site,
        cache.map(|c| &c.vevents),
        0,
        &|page| {
            page.calendar
                .as_ref()
                .map(|event| Arc::new(event.to_vevent(&event.description)))
        },
        scope,
    )
    .made_ahead();
    let vevent_len = |index: usize| vevents.get(index).as_ref().map_or(0, |v| v.len());
    let mut calendars: Vec<CalendarFile> = Vec::new();
    for subscription in subscriptions(site) {
        if scope.wants(&subscription.path) {
            let events = subscribed(site, &subscription, &vevent_len).kept;
            calendars.push(CalendarFile {
                path: subscription.path,
                name: subscription.name,
                events,
                full_text: false,
            });
        }
    }
    if site.config.calendar_archive && scope.wants(ARCHIVE) {
        calendars.push(CalendarFile {
            path: ARCHIVE.into(),
            name: Some(site.lang.title.clone()),
            events: events_of(site, 0..site.pages.len()),
            full_text: false,
        });
    }
    for (index, page) in site.pages.iter().enumerate() {
        // An event's own file is made from its page, so it is in scope only with the page.
        if page.calendar.is_none() || !scope.wants_page(&page.path) {
            continue;
        }
        let path = format!("{}event.ics", page.path);
        if scope.wants(&path) {
            calendars.push(CalendarFile {
                path,
                name: None,
                events: vec![index],
                full_text: true,
            });
        }
    }
    let config_fingerprint = cache.map(|_| cache::of_settings(site));
    put_all(
        sink,
        calendars.into_par_iter().map(|calendar| {
            let made_from = || {
                let mut made_from = Fingerprint::default();
                made_from
                    .add(config_fingerprint)
                    .add(&calendar.name)
                    .add_pages(site, &calendar.events);
                made_from
            };
            let Ok(bytes) = cache::file(cache, &calendar.path, made_from, || {
                let events: Vec<&CalendarEvent> = calendar
                    .events
                    .iter()
                    .filter_map(|i| site.pages[*i].calendar.as_ref())
                    .collect();
                let head = Calendar {
                    name: calendar.name.clone(),
                    events: events.clone(),
                }
                .head();
                let mut parts = vec![Arc::new(head)];
                if calendar.full_text {
                    parts.extend(
                        events
                            .iter()
                            .map(|event| Arc::new(event.to_vevent(&event.full_description))),
                    );
                } else {
                    parts.extend(
                        calendar
                            .events
                            .iter()
                            .filter_map(|i| vevents.get(*i).clone()),
                    );
                }
                parts.push(END.clone());
                Ok::<_, Infallible>(Made::Parts(parts.into()))
            });
            Output::made(calendar.path, bytes)
        }),
    )
}

/// The pages of `indices` that are events.
fn events_of(site: &Site, indices: impl Iterator<Item = usize>) -> Vec<usize> {
    indices
        .filter(|i| site.pages[*i].calendar.is_some())
        .collect()
}

/// A calendar people subscribe to: the hub's, or a term's.
pub struct Subscription {
    /// Where it is published (`events.ics`, `subjects/math/events.ics`).
    pub path: String,
    /// Its name in calendar apps.
    pub name: Option<String>,
    /// Every event it could hold, by page index.
    pub events: Vec<usize>,
}

/// The calendars of `site` people subscribe to: the hub's, and one for each term with events.
pub fn subscriptions(site: &Site) -> Vec<Subscription> {
    let mut subscriptions = vec![Subscription {
        path: "events.ics".into(),
        name: Some(site.lang.title.clone()),
        events: events_of(site, 0..site.pages.len()),
    }];
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let events = events_of(site, term.pages.iter().copied());
            if !events.is_empty() {
                subscriptions.push(Subscription {
                    path: format!("{}events.ics", term.path),
                    name: Some(format!("{} · {}", site.lang.title, term.name)),
                    events,
                });
            }
        }
    }
    subscriptions
}

/// What a calendar people subscribe to holds.
pub struct Subscribed {
    /// The events it holds, by page index, in page order.
    pub kept: Vec<usize>,
    /// How many events are in its window: more than it holds when the budget cut some.
    pub in_window: usize,
}

/// The events of `subscription` it holds: those with a date that ends after the window's start
/// (`calendar_past_days` before the build), the nearest dates first, as many as fit in
/// [`MAX_EVENTS`] and [`MAX_BYTES`]; `vevent_len` gives the size of an event's VEVENT.
pub fn subscribed(
    site: &Site,
    subscription: &Subscription,
    vevent_len: &dyn Fn(usize) -> usize,
) -> Subscribed {
    let window_start = site
        .now
        .checked_sub(jiff::SignedDuration::from_hours(
            24 * i64::from(site.config.calendar_past_days),
        ))
        .unwrap_or(Timestamp::MIN);
    let mut nearest: Vec<(Timestamp, usize)> = subscription
        .events
        .iter()
        .filter_map(|&index| {
            let event = site.pages[index].calendar.as_ref()?;
            let next = first_date_ending_after(event, window_start)?;
            Some((next, index))
        })
        .collect();
    let in_window = nearest.len();
    nearest.sort();
    let mut kept: Vec<usize> = nearest.into_iter().map(|(_, index)| index).collect();
    kept.truncate(MAX_EVENTS);
    // The time zones the calendar's head describes depend on the events kept: cut by the
    // bytes of the events until the head and the events fit together.
    let mut head_len = 0;
    loop {
        let room = MAX_BYTES.saturating_sub(head_len + CALENDAR_END.len());
        let mut used = 0;
        let fit = kept
            .iter()
            .take_while(|index| {
                used += vevent_len(**index);
                used <= room
            })
            .count();
        kept.truncate(fit);
        let head = Calendar {
            name: subscription.name.clone(),
            events: kept
                .iter()
                .filter_map(|i| site.pages[*i].calendar.as_ref())
                .collect(),
        }
        .head()
        .len();
        if head <= head_len {
            break;
        }
        head_len = head;
    }
    kept.sort_unstable();
    Subscribed { kept, in_window }
}

/// The start of the first date of `event` that ends after `moment`, if any.
fn first_date_ending_after(event: &CalendarEvent, moment: Timestamp) -> Option<Timestamp> {
    let dates = if event.occurrences.is_empty() {
        std::slice::from_ref(&event.first)
    } else {
        &event.occurrences[..]
    };
    dates
        .iter()
        .find(|date| date.end.timestamp() > moment)
        .map(|date| date.start.timestamp())
}

/// The end of every calendar, shared.
static END: LazyLock<Arc<String>> = LazyLock::new(|| Arc::new(CALENDAR_END.into()));
