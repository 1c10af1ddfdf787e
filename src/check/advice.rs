//! The warnings `convene check` gives and a build does not stop for: titles too long to show
//! whole, toolkit resources that name no author or source, events that are over but still ask
//! people to register, pictures without alternative text (found while rendering the body), terms
//! written with commas outside a list, and calendars too big for calendar apps.

use crate::content::Source;
use crate::diagnostic::Diagnostic;
use crate::events::view::EventView;
use crate::outputs::calendars;
use crate::site::Site;

/// Titles longer than this many characters are hard to take in at a glance in lists, feeds,
/// calendars and search results (and search engines cut them there).
const LONG_TITLE: usize = 70;

/// The warnings `convene check` gives about a page's own values: a title too long to show
/// whole, toolkit resources that name no author or source, an event that is over but still
/// asks people to register, and `advice` already found in its body (pictures without
/// alternative text).
pub fn for_page(
    source: &Source,
    mut advice: Vec<Diagnostic>,
    event: Option<&EventView>,
    today: Option<jiff::civil::Date>,
) -> Vec<Diagnostic> {
    let front = &source.front;
    // A repeating event written with an offset and no zone: its dates follow the zone's
    // daylight saving, not the offset.
    if let (Some(view), Some(start), Some(_), None) =
        (event, &front.start, &front.recurrence, &front.timezone)
        && let Ok(crate::events::Moment::Exact(instant)) = crate::events::parse_moment(&start.value)
        && let Ok(zone) = jiff::tz::TimeZone::get(&view.timezone)
    {
        let local = instant.to_zoned(zone);
        advice.push(
            source
                .error_at(
                    &start.referenced,
                    format!(
                        "this `start` gives an offset but no time zone: convene reads it as {} in {}, the hub's zone, and every later date at {} there, whatever the offset does at daylight saving",
                        local.strftime("%H:%M"),
                        view.timezone,
                        local.strftime("%H:%M")
                    ),
                )
                .with_help(format!(
                    "write the local time without the offset (`start: {}`) and, for an event in another zone, its `timezone` (such as America/New_York)",
                    local.strftime("%Y-%m-%dT%H:%M:%S")
                ))
                .warning(),
        );
    }
    for spanned in &front.changes {
        let change = &spanned.value;
        let Some(named) = change.date.as_ref().or(change.from.as_ref()) else {
            continue;
        };
        let changes_something = change.start.is_some()
            || change.start_time.is_some()
            || change.end.is_some()
            || change.duration.is_some()
            || change.location.is_some()
            || change.online.is_some()
            || change.registration.is_some()
            || change.status.is_some()
            || change.note.is_some();
        if !changes_something {
            advice.push(
                source
                    .error_at(&named.referenced, format!("this change of {} changes nothing", named.value.trim()))
                    .with_help("write what is different (`start`, `start_time`, `location`, `status: cancelled`…) and a `note` saying why, or remove the change")
                    .warning(),
            );
        }
        if let (Some(value), Some(today)) = (&change.date, today)
            && let Ok(date) = value.value.trim().parse::<jiff::civil::Date>()
            && date < today
        {
            advice.push(
                source
                    .error_at(
                        &value.referenced,
                        format!("{date} is already past, so this change reaches nobody"),
                    )
                    .with_help(
                        "check the year of the date; once the date is past, the change can go",
                    )
                    .warning(),
            );
        }
    }
    let length = front.title.chars().count();
    if length > LONG_TITLE {
        let line = crate::yaml::key_line(&source.text[..source.body_start], "title").unwrap_or(1);
        advice.push(
            Diagnostic::at(
                &source.file,
                &source.text,
                line,
                1,
                format!(
                    "this title is {length} characters long; in lists, calendars and search results, titles over {LONG_TITLE} are hard to take in at a glance"
                ),
            )
            .with_help("shorten the title and say the rest in `summary`")
            .warning(),
        );
    }
    for spanned in &front.resources {
        let resource = &spanned.value;
        let missing: Vec<&str> = [("author", &resource.author), ("source", &resource.source)]
            .into_iter()
            .filter(|(_, value)| value.as_deref().is_none_or(|v| v.trim().is_empty()))
            .map(|(key, _)| key)
            .collect();
        if !missing.is_empty() {
            advice.push(
                source
                    .error_at(
                        resource
                            .url
                            .as_ref()
                            .map_or(&spanned.referenced, |url| &url.referenced),
                        format!(
                            "the resource \"{}\" names no {}",
                            resource.title,
                            missing.join(" and no ")
                        ),
                    )
                    .with_help("add `author:` (who made it) and `source:` (where it was published), so that readers can judge it before they follow the link")
                    .warning(),
            );
        }
    }
    if let Some(text) = crate::scaffold::PLACEHOLDER_TEXTS
        .iter()
        .find(|text| source.body().contains(*text))
    {
        let line = source.body_line
            + source.body()[..source.body().find(text).unwrap_or(0)]
                .matches('\n')
                .count();
        advice.push(
            Diagnostic::at(
                &source.file,
                &source.text,
                line,
                1,
                format!("this page still has the text `convene new` wrote: \"{text}\""),
            )
            .with_help("replace it with your own words; until then readers see it as it is")
            .warning(),
        );
    }
    for spanned in &front.resources {
        if let Some(url) = &spanned.value.url
            && url.value.trim() == crate::scaffold::PLACEHOLDER_RESOURCE_URL
        {
            advice.push(
                source
                    .error_at(
                        &url.referenced,
                        format!(
                            "the resource \"{}\" still has the address `convene new` wrote",
                            spanned.value.title
                        ),
                    )
                    .with_help(
                        "write the address of the article, video or tool, or remove the resource",
                    )
                    .warning(),
            );
        }
    }
    for (taxonomy, terms) in &front.terms {
        if let ([written], Some(location)) = (&terms.values[..], &terms.location)
            && written.contains(',')
        {
            let parts: Vec<&str> = written.split(',').map(str::trim).collect();
            advice.push(
                source
                    .error_at(
                        location,
                        format!("`{written}` is one {taxonomy} term, commas and all"),
                    )
                    .with_help(format!(
                        "for several terms, write them in brackets: {taxonomy}: [{}]; for one term with a comma, put it in quotes",
                        parts.join(", ")
                    ))
                    .warning(),
            );
        }
    }
    if let (Some(view), Some(registration)) = (event, &front.registration)
        && !view.upcoming
    {
        advice.push(
            source
                .error_at(
                    &registration.referenced,
                    "this event is over, but its page still asks people to register",
                )
                .with_help("remove `registration`; the page stays, among the past events")
                .warning(),
        );
    }
    advice
}

/// The warnings about the linked site: each page's own ([`for_page`], kept in `Page::advice`),
/// each section introduction's, and the calendars that had to leave events out.
pub fn for_site(site: &Site) -> Vec<Diagnostic> {
    let mut advice: Vec<Diagnostic> = site
        .pages
        .iter()
        .chain(&site.home)
        .flat_map(|page| page.advice.iter().cloned())
        .chain(
            site.sections
                .values()
                .flat_map(|s| s.advice.iter().cloned()),
        )
        .collect();
    advice.extend(calendars_cut(site));
    advice.extend(copies(site));
    advice
}

/// A warning for each picture of the hub (a page bundle's or another file under `content/`)
/// whose file carries the GPS position where it was taken. convene publishes it without, but
/// the file in the hub's repository, which anyone may read, still has it.
pub fn pictures_with_gps(site: &Site, root: &std::path::Path) -> Vec<Diagnostic> {
    let files: std::collections::BTreeSet<&std::path::PathBuf> = site
        .assets
        .iter()
        .chain(site.pages.iter().flat_map(|page| page.assets.iter()))
        .map(|asset| &asset.file)
        // A picture offered resized may not be published at its own size, but it is in the hub.
        .chain(
            site.pages
                .iter()
                .flat_map(|page| page.variants.iter().map(|v| &v.source)),
        )
        .collect();
    files
        .into_iter()
        .filter(|file| crate::pictures::is_raster(file))
        .filter(|file| {
            std::fs::read(root.join(file))
                .is_ok_and(|bytes| crate::pictures::metadata::has_gps_position(&bytes))
        })
        .map(|file| {
            Diagnostic::file_error(
                file,
                "this picture carries the GPS position where it was taken (often a home or a classroom): the site publishes it without, but the file in the hub's folder and its repository still has it",
            )
            .with_help("remove the location from the file before committing it (on a phone, turn off location for the camera; on a computer, most photo tools can remove it when exporting)")
            .warning()
        })
        .collect()
}

/// A warning for each profile with the title of another (a file copied and not yet changed,
/// or one person twice) and each event with the title and start of another.
fn copies(site: &Site) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<(crate::content::Kind, String, i64), &std::path::Path> =
        std::collections::HashMap::new();
    let mut advice = Vec::new();
    for page in &site.pages {
        let start = match (&page.profile, &page.event) {
            (Some(_), _) => 0,
            (_, Some(event)) => event.start_timestamp,
            _ => continue,
        };
        let key = (page.kind, crate::slug::slugify(&page.title), start);
        match seen.get(&key) {
            None => {
                seen.insert(key, &page.file);
            }
            Some(first) => {
                let what = if page.event.is_some() {
                    "the same title and start"
                } else {
                    "the same title"
                };
                advice.push(
                    Diagnostic::file_error(
                        &page.file,
                        format!(
                            "this page and {} have {what}: \"{}\"",
                            crate::diagnostic::display_path(first),
                            page.title
                        ),
                    )
                    .with_help("if one file is a copy of the other, change or remove it; if they are two, give them titles readers can tell apart")
                    .warning(),
                );
            }
        }
    }
    advice
}

/// A warning for each calendar people subscribe to that holds fewer events than its window,
/// because calendar apps stop reading bigger calendars.
fn calendars_cut(site: &Site) -> Vec<Diagnostic> {
    let lengths: Vec<usize> = site
        .pages
        .iter()
        .map(|page| {
            page.calendar
                .as_ref()
                .map_or(0, |event| event.to_vevent(&event.description).len())
        })
        .collect();
    let vevent_len = |index: usize| lengths[index];
    calendars::subscriptions(site)
        .into_iter()
        .filter(|calendar| {
            calendar.events.len() > calendars::MAX_EVENTS
                || calendar.events.iter().map(|i| lengths[*i]).sum::<usize>() > calendars::MAX_BYTES
        })
        .filter_map(|calendar| {
            let held = calendars::subscribed(site, &calendar, &vevent_len);
            (held.kept.len() < held.in_window).then(|| {
                let folder = site.lang.folder();
                Diagnostic::file_error(
                    "hub.yaml",
                    format!(
                        "the calendar /{folder}{} holds the {} nearest of the {} events from {} days ago on: calendar apps stop reading bigger calendars",
                        calendar.path,
                        held.kept.len(),
                        held.in_window,
                        site.config.calendar_past_days
                    ),
                )
                .with_help(format!("nothing to fix: the furthest events join the calendar as the nearest pass, and every event stays on its page and in /{folder}events-archive.ics (a smaller `calendar_past_days` in hub.yaml leaves more room for events to come)"))
                .warning()
            })
        })
        .collect()
}
