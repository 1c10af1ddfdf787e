//! The dates of an event as they take place: its rule expanded, the dates it skips left out,
//! its `changes` applied (one date moved, cancelled or held elsewhere; from a date on, another
//! time of day, length or place) and its additional dates added. A series that changes `from`
//! a date is cut into parts there, each with its own first date and rule, so that calendars
//! can carry it as one series per part.

use jiff::civil::{Date, DateTime, Time};
use jiff::{SignedDuration, Timestamp, Zoned};

use super::recurrence::{Rule, Until};
use super::{Event, EventStatus, EventTime};

/// The most dates a series is expanded to.
pub const MAX_OCCURRENCES: usize = 5000;

/// Which dates of a series a change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeScope {
    /// One date of the series, as its rule gives it.
    Date(Date),
    /// This date of the series and every later one.
    From(Date),
}

impl ChangeScope {
    /// The date the change names.
    pub fn date(self) -> Date {
        match self {
            ChangeScope::Date(date) | ChangeScope::From(date) => date,
        }
    }
}

/// How long a changed date lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// Until this local date-time (the last day, for an all-day event).
    End(DateTime),
    /// This long.
    Duration(SignedDuration),
}

/// One entry of an event's `changes`, read and checked when the page was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesChange {
    /// The date, or the first of the dates, it changes.
    pub scope: ChangeScope,
    /// Where a single date moves to (local, in the event's zone).
    pub start: Option<DateTime>,
    /// A new time of day.
    pub start_time: Option<Time>,
    /// A new length.
    pub length: Option<Length>,
    /// Another place.
    pub location: Option<String>,
    /// Another join link.
    pub online: Option<String>,
    /// Another registration link.
    pub registration: Option<String>,
    /// Whether a single date takes place.
    pub status: Option<EventStatus>,
    /// Why, shown beside the date.
    pub note: Option<String>,
}

/// One date of an event, as it takes place.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// When.
    pub time: EventTime,
    /// The start its part of the series gives this date, where a calendar's RECURRENCE-ID
    /// points; `None` for an additional date.
    pub original: Option<Zoned>,
    /// The part of the series it belongs to (0 before the first `from` change).
    pub part: usize,
    /// The place.
    pub location: Option<String>,
    /// The join link.
    pub online: Option<String>,
    /// The registration link.
    pub registration: Option<String>,
    /// Whether it takes place.
    pub status: EventStatus,
    /// What its change says about it.
    pub note: Option<String>,
    /// Whether a change of its own makes it differ from its part of the series.
    pub changed: bool,
    /// When it was before a change moved it.
    pub moved_from: Option<EventTime>,
}

impl Occurrence {
    /// Whether it is one of the series' additional dates.
    pub fn is_additional(&self) -> bool {
        self.original.is_none()
    }
}

/// A stretch of a series between two `from` changes: its first date at its time, its rule
/// (ending where the next part begins), the dates it skips, and its place.
#[derive(Debug, Clone)]
pub struct SeriesPart {
    /// Its first date, at its time of day.
    pub first: EventTime,
    /// Its rule: COUNT or UNTIL end it where the next part begins.
    pub rule: Rule,
    /// The dates of it the series skips.
    pub exceptions: Vec<Date>,
    /// Its place.
    pub location: Option<String>,
    /// Its join link.
    pub online: Option<String>,
    /// Its registration link.
    pub registration: Option<String>,
    /// The change it begins with (`None` for the first part).
    pub from: Option<SeriesChange>,
}

/// An event's dates: as written, its rule, its parts, and every occurrence up to a horizon
/// (two years after the build, or the rule's end), in order of their start.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The event as written (`start`, `end`).
    pub first: EventTime,
    /// The recurrence rule as written, if the event repeats.
    pub rule: Option<Rule>,
    /// Dates the series skips.
    pub exceptions: Vec<Date>,
    /// The parts of a repeating series, one unless it changes `from` a date; none for an event
    /// that does not repeat.
    pub parts: Vec<SeriesPart>,
    /// Occurrences in order of their start, cancelled dates included, skipped dates not.
    pub occurrences: Vec<Occurrence>,
}

impl Schedule {
    /// The first occurrence that has not ended at `now` and is not cancelled (or, when every
    /// coming date is cancelled, the first coming one), else the last.
    pub fn next_after(&self, now: Timestamp) -> &Occurrence {
        let coming = || {
            self.occurrences
                .iter()
                .filter(|o| o.time.end.timestamp() > now)
        };
        coming()
            .find(|o| o.status != EventStatus::Cancelled)
            .or_else(|| coming().next())
            .or(self.occurrences.last())
            .expect("a schedule has at least one occurrence")
    }

    /// The dates the series skips or cancels, counted among the dates its rule gives.
    pub fn dates_off(&self) -> usize {
        self.exceptions.len()
            + self
                .occurrences
                .iter()
                .filter(|o| o.changed && o.status == EventStatus::Cancelled)
                .count()
    }
}

/// What a part of the series is like: its time of day, length and place.
#[derive(Debug, Clone)]
struct Setting {
    time: Time,
    length: SignedDuration,
    days: jiff::Span,
    location: Option<String>,
    online: Option<String>,
    registration: Option<String>,
}

impl Setting {
    /// The date `date` at this setting's time, in the event's zone.
    fn at(&self, first: &EventTime, date: Date) -> Option<EventTime> {
        let zone = first.start.time_zone();
        let start = zone
            .to_ambiguous_zoned(date.to_datetime(if first.all_day {
                Time::midnight()
            } else {
                self.time
            }))
            .compatible()
            .ok()?;
        let end = if first.all_day {
            zone.to_ambiguous_zoned(
                date.checked_add(self.days)
                    .ok()?
                    .to_datetime(Time::midnight()),
            )
            .compatible()
            .ok()?
        } else {
            start.checked_add(self.length).ok()?
        };
        Some(EventTime {
            start,
            end,
            all_day: first.all_day,
            zone_name: first.zone_name.clone(),
        })
    }

    /// This setting with what a `from` change says.
    fn changed_by(&self, change: &SeriesChange) -> Setting {
        Setting {
            time: change.start_time.unwrap_or(self.time),
            length: match change.length {
                Some(Length::Duration(length)) => length,
                _ => self.length,
            },
            days: self.days,
            location: change.location.clone().or_else(|| self.location.clone()),
            online: change.online.clone().or_else(|| self.online.clone()),
            registration: change
                .registration
                .clone()
                .or_else(|| self.registration.clone()),
        }
    }
}

/// Lists the occurrences of `event` up to a horizon two years after `now` (or after its start,
/// or the last date it names, when later), with its changes applied. The event was checked when
/// it was read (every date it names is a date of its series), so this cannot fail.
pub fn schedule(event: &Event, now: Timestamp) -> Schedule {
    let first = event.first.clone();
    let one = |time: EventTime| Occurrence {
        original: Some(time.start.clone()),
        time,
        part: 0,
        location: event.location.clone(),
        online: event.online.clone(),
        registration: event.registration.clone(),
        status: event.status,
        note: None,
        changed: false,
        moved_from: None,
    };
    let Some(rule) = &event.rule else {
        return Schedule {
            occurrences: vec![one(first.clone())],
            first,
            rule: None,
            exceptions: Vec::new(),
            parts: Vec::new(),
        };
    };
    let zone = first.start.time_zone();
    let horizon = [now.to_zoned(zone.clone()).date(), first.start.date()]
        .into_iter()
        .chain(event.exceptions.iter().copied())
        .chain(event.changes.iter().map(|c| c.scope.date()))
        .chain(event.additional_dates.iter().copied())
        .max()
        .unwrap_or(first.start.date())
        .checked_add(jiff::Span::new().years(2))
        .unwrap_or(Date::MAX);
    let dates: Vec<Date> = rule
        .expand(first.start.datetime(), horizon, MAX_OCCURRENCES, zone)
        .into_iter()
        .map(|start| start.date())
        .collect();

    // The settings of each part: the page's own, then each `from` change on top of the last.
    let mut froms: Vec<&SeriesChange> = event
        .changes
        .iter()
        .filter(|c| matches!(c.scope, ChangeScope::From(_)))
        .collect();
    froms.sort_by_key(|c| c.scope.date());
    let mut settings = vec![Setting {
        time: first.start.time(),
        length: first.start.duration_until(&first.end),
        days: first
            .start
            .date()
            .until(first.end.date())
            .unwrap_or(jiff::Span::new().days(1)),
        location: event.location.clone(),
        online: event.online.clone(),
        registration: event.registration.clone(),
    }];
    for change in &froms {
        let last = settings.last().expect("the page's own setting");
        settings.push(last.changed_by(change));
    }
    let part_of = |date: Date| froms.iter().filter(|c| c.scope.date() <= date).count();

    let mut parts = Vec::new();
    for (index, setting) in settings.iter().enumerate() {
        let begins = if index == 0 {
            first.start.date()
        } else {
            froms[index - 1].scope.date()
        };
        let ends = froms.get(index).map(|c| c.scope.date());
        let in_part: Vec<Date> = dates
            .iter()
            .copied()
            .filter(|d| *d >= begins && ends.is_none_or(|end| *d < end))
            .collect();
        let Some(part_first) = in_part.first().and_then(|d| setting.at(&first, *d)) else {
            continue;
        };
        let mut part_rule = rule.clone();
        if let Some(count) = rule.count {
            // COUNT counts the dates of the whole series: each part counts its own, the last
            // the rest (which may reach past the horizon).
            let before = dates.iter().filter(|d| **d < begins).count() as u32;
            part_rule.count = Some(match ends {
                Some(_) => in_part.len() as u32,
                None => count.saturating_sub(before),
            });
        } else if ends.is_some() {
            let last = in_part.last().copied().unwrap_or(begins);
            let time = if first.all_day {
                Time::midnight()
            } else {
                setting.time
            };
            part_rule.until = Some(Until::Local(last.to_datetime(time)));
        }
        parts.push(SeriesPart {
            first: part_first,
            rule: part_rule,
            exceptions: event
                .exceptions
                .iter()
                .copied()
                .filter(|d| in_part.contains(d))
                .collect(),
            location: setting.location.clone(),
            online: setting.online.clone(),
            registration: setting.registration.clone(),
            from: (index > 0).then(|| froms[index - 1].clone()),
        });
    }

    let mut occurrences: Vec<Occurrence> = Vec::new();
    for date in &dates {
        if event.exceptions.contains(date) {
            continue;
        }
        let part = part_of(*date);
        let setting = &settings[part];
        let Some(time) = setting.at(&first, *date) else {
            continue;
        };
        let mut occurrence = Occurrence {
            original: Some(time.start.clone()),
            time,
            part,
            location: setting.location.clone(),
            online: setting.online.clone(),
            registration: setting.registration.clone(),
            status: event.status,
            note: None,
            changed: false,
            moved_from: None,
        };
        if let Some(change) = event
            .changes
            .iter()
            .find(|c| c.scope == ChangeScope::Date(*date))
        {
            apply(&mut occurrence, change);
        }
        occurrences.push(occurrence);
    }
    for date in &event.additional_dates {
        let part = part_of(*date);
        let setting = &settings[part];
        if let Some(time) = setting.at(&first, *date) {
            occurrences.push(Occurrence {
                original: None,
                part,
                location: setting.location.clone(),
                online: setting.online.clone(),
                registration: setting.registration.clone(),
                status: event.status,
                note: None,
                changed: false,
                moved_from: None,
                time,
            });
        }
    }
    occurrences.sort_by(|a, b| a.time.start.cmp(&b.time.start));
    Schedule {
        first,
        rule: Some(rule.clone()),
        exceptions: event.exceptions.clone(),
        parts,
        occurrences,
    }
}

/// Applies a change of one date to its occurrence.
fn apply(occurrence: &mut Occurrence, change: &SeriesChange) {
    let before = occurrence.time.clone();
    let zone = before.start.time_zone().clone();
    let local = |datetime: DateTime| zone.to_ambiguous_zoned(datetime).compatible().ok();
    let start = match (change.start, change.start_time) {
        (Some(start), _) => local(start),
        (None, Some(time)) => local(before.start.date().to_datetime(time)),
        (None, None) => None,
    };
    let start = start.unwrap_or_else(|| before.start.clone());
    let end = match change.length {
        Some(Length::End(end)) if before.all_day => local(end).and_then(|end| end.tomorrow().ok()),
        Some(Length::End(end)) => local(end),
        Some(Length::Duration(length)) => start.checked_add(length).ok(),
        // A moved date keeps its length.
        None => start
            .checked_add(before.start.duration_until(&before.end))
            .ok(),
    };
    if let Some(end) = end {
        occurrence.time = EventTime {
            start,
            end,
            all_day: before.all_day,
            zone_name: before.zone_name.clone(),
        };
    }
    if occurrence.time.start != before.start {
        occurrence.moved_from = Some(before);
    }
    if let Some(location) = &change.location {
        occurrence.location = Some(location.clone());
    }
    if let Some(online) = &change.online {
        occurrence.online = Some(online.clone());
    }
    if let Some(registration) = &change.registration {
        occurrence.registration = Some(registration.clone());
    }
    if let Some(status) = change.status {
        occurrence.status = status;
    }
    occurrence.note = change.note.clone();
    occurrence.changed = true;
}
