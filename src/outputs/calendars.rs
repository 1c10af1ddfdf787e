//! iCalendar files: `/events.ics` (every event), `/events/SLUG/event.ics` (one event) and
//! `/TAXONOMY/TERM/events.ics` (the events of one term, to subscribe to one subject only).
//! Each event's VEVENT is written once and shared by every calendar that holds it.

use std::convert::Infallible;
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::events::ical::{CALENDAR_END, Calendar};
use crate::outputs::cache::{self, Fingerprint, PerPage};
use crate::outputs::{Made, Output, Render, Sink, put_all};

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
                .map(|event| Arc::new(event.to_vevent()))
        },
        scope,
    );
    let with_events = |indices: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        indices
            .filter(|i| site.pages[*i].calendar.is_some())
            .collect()
    };
    // Each calendar in scope: its path, its name, and its events by page index.
    let mut calendars: Vec<(String, Option<String>, Vec<usize>)> = Vec::new();
    let mut add = |path: String, name: Option<String>, events: &dyn Fn() -> Vec<usize>| {
        if scope.wants(&path) {
            let events = events();
            calendars.push((path, name, events));
        }
    };
    add(
        "events.ics".into(),
        Some(site.config.title.clone()),
        &|| with_events(&mut (0..site.pages.len())),
    );
    for (index, page) in site.pages.iter().enumerate() {
        if page.calendar.is_some() {
            add(format!("{}event.ics", page.path), None, &|| vec![index]);
        }
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let name = format!("{} · {}", site.config.title, term.name);
            let events = || with_events(&mut term.pages.iter().copied());
            if term.pages.iter().any(|i| site.pages[*i].calendar.is_some()) {
                add(format!("{}events.ics", term.path), Some(name), &events);
            }
        }
    }
    let config_fingerprint = cache.map(|_| cache::of_settings(site));
    put_all(
        sink,
        calendars.into_par_iter().map(|(path, name, indices)| {
            let made_from = || {
                let mut made_from = Fingerprint::default();
                made_from
                    .add(config_fingerprint)
                    .add(&name)
                    .add_pages(site, &indices);
                made_from
            };
            let Ok(bytes) = cache::file(cache, &path, made_from, || {
                let events = indices
                    .iter()
                    .filter_map(|i| site.pages[*i].calendar.as_ref())
                    .collect();
                let name = name.clone();
                let mut parts = vec![Arc::new(Calendar { name, events }.head())];
                parts.extend(indices.iter().filter_map(|i| vevents.get(*i).clone()));
                parts.push(END.clone());
                Ok::<_, Infallible>(Made::Parts(parts.into()))
            });
            Output::made(path, bytes)
        }),
    )
}

/// The end of every calendar, shared.
static END: LazyLock<Arc<String>> = LazyLock::new(|| Arc::new(CALENDAR_END.into()));
