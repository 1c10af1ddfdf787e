//! iCalendar files: `/events.ics` (every event), `/events/SLUG/event.ics` (one event) and
//! `/TAXONOMY/TERM/events.ics` (the events of one term, to subscribe to one subject only).
//! Each event's VEVENT is written once and shared by every calendar that holds it.

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::events::ical::{Calendar, CalendarEvent};
use crate::outputs::{Output, Sink, put_all};
use crate::site::Site;

/// Writes every calendar of the site into `sink`; returns the problems the sink had.
pub fn render(site: &Site, sink: &dyn Sink) -> Vec<Diagnostic> {
    let events: Vec<Option<(&CalendarEvent, String)>> = site
        .pages
        .par_iter()
        .map(|page| {
            page.calendar
                .as_ref()
                .map(|event| (event, event.to_vevent()))
        })
        .collect();
    let of = |indices: &mut dyn Iterator<Item = usize>| -> Vec<(&CalendarEvent, &str)> {
        indices
            .filter_map(|i| events[i].as_ref())
            .map(|(event, text)| (*event, text.as_str()))
            .collect()
    };
    let mut calendars: Vec<(String, Calendar)> = vec![(
        "events.ics".into(),
        Calendar {
            name: Some(site.config.title.clone()),
            events: of(&mut (0..site.pages.len())),
        },
    )];
    for (index, page) in site.pages.iter().enumerate() {
        if page.calendar.is_some() {
            calendars.push((
                format!("{}event.ics", page.path),
                Calendar {
                    name: None,
                    events: of(&mut std::iter::once(index)),
                },
            ));
        }
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let events = of(&mut term.pages.iter().copied());
            if !events.is_empty() {
                calendars.push((
                    format!("{}events.ics", term.path),
                    Calendar {
                        name: Some(format!("{} · {}", site.config.title, term.name)),
                        events,
                    },
                ));
            }
        }
    }
    put_all(
        sink,
        calendars
            .into_par_iter()
            .map(|(path, calendar)| Output::bytes(path, calendar.to_ics())),
    )
}
