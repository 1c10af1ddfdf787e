//! iCalendar files: `/events.ics` (every event), `/events/SLUG/event.ics` (one event) and
//! `/TAXONOMY/TERM/events.ics` (the events of one term, to subscribe to one subject only).

use crate::events::ical::{CalendarEvent, calendar};
use crate::outputs::Output;
use crate::site::Site;

/// Every calendar of the site.
pub fn render(site: &Site) -> Vec<Output> {
    let mut outputs = Vec::new();
    let all: Vec<&CalendarEvent> = site
        .pages
        .iter()
        .filter_map(|p| p.calendar.as_ref())
        .collect();
    outputs.push(Output::bytes(
        "events.ics",
        calendar(Some(&site.config.title), &all),
    ));
    for page in &site.pages {
        if let Some(event) = &page.calendar {
            outputs.push(Output::bytes(
                format!("{}event.ics", page.path),
                calendar(None, &[event]),
            ));
        }
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let events: Vec<&CalendarEvent> = term
                .pages
                .iter()
                .filter_map(|i| site.pages[*i].calendar.as_ref())
                .collect();
            if !events.is_empty() {
                let name = format!("{} · {}", site.config.title, term.name);
                outputs.push(Output::bytes(
                    format!("{}events.ics", term.path),
                    calendar(Some(&name), &events),
                ));
            }
        }
    }
    outputs
}
