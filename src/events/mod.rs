//! Time: dates of pages and the start and end of events, in IANA time zones.

pub mod ical;
pub mod recurrence;
pub mod view;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Disambiguation, TimeZone};
use jiff::{SignedDuration, Timestamp, Zoned};

use crate::content::Source;
use crate::diagnostic::Diagnostic;
use crate::i18n::Words;

/// A moment as written in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// `2026-12-05`: a whole day.
    Day(Date),
    /// `2026-12-05T08:30:00`: a local time, in the page's or event's time zone.
    Local(DateTime),
    /// `2026-12-05T08:30:00-06:00`: an exact instant.
    Exact(Timestamp),
}

const MOMENT_HELP: &str =
    "write a date as 2026-12-05, or a date and time as 2026-12-05T08:30:00 (24-hour clock)";

/// Reads `2026-12-05`, `2026-12-05T08:30[:00]`, `2026-12-05 08:30` or one with an offset.
pub fn parse_moment(text: &str) -> Result<Moment, String> {
    let text = text.trim();
    if text.len() <= 10
        && let Ok(date) = text.parse::<Date>()
    {
        return Ok(Moment::Day(date));
    }
    let has_offset =
        text.ends_with(['Z', 'z']) || text.get(10..).is_some_and(|time| time.contains(['+', '-']));
    if has_offset && let Ok(timestamp) = text.parse::<Timestamp>() {
        return Ok(Moment::Exact(timestamp));
    }
    if let Ok(datetime) = text.parse::<DateTime>() {
        return Ok(Moment::Local(datetime));
    }
    Err(format!("`{text}` is not a date or a date and time"))
}

impl Moment {
    /// This moment in `zone`; a whole day starts at midnight. Local times that a daylight saving
    /// change repeats or skips follow RFC 5545: the first of the two, or the offset before the gap.
    pub fn in_zone(&self, zone: &TimeZone) -> Result<Zoned, jiff::Error> {
        match self {
            Moment::Day(date) => zone
                .to_ambiguous_zoned(date.to_datetime(jiff::civil::Time::midnight()))
                .disambiguate(Disambiguation::Compatible),
            Moment::Local(datetime) => zone
                .to_ambiguous_zoned(*datetime)
                .disambiguate(Disambiguation::Compatible),
            Moment::Exact(timestamp) => Ok(timestamp.to_zoned(zone.clone())),
        }
    }
}

/// Parses a front matter date of `source` (such as `date` or `updated`) in `zone`.
pub fn page_date(
    source: &Source,
    value: &serde_saphyr::Spanned<String>,
    zone: &TimeZone,
) -> Result<Zoned, Diagnostic> {
    parse_moment(&value.value)
        .and_then(|moment| moment.in_zone(zone).map_err(|e| e.to_string()))
        .map_err(|message| {
            source
                .error_at(&value.referenced, message)
                .with_help(MOMENT_HELP)
        })
}

/// When an event takes place.
#[derive(Debug, Clone)]
pub struct EventTime {
    /// The first moment of the event, in its zone.
    pub start: Zoned,
    /// The end (exclusive for timed events; the start of the day after the last for all-day).
    pub end: Zoned,
    /// Dates without times.
    pub all_day: bool,
    /// The IANA name of the event's zone.
    pub zone_name: String,
}

/// Reads an event's `start`, `end` or `duration` and `timezone`; `default_zone` is hub.yaml's.
pub fn event_time(
    source: &Source,
    default_zone: (&str, &TimeZone),
) -> Result<EventTime, Vec<Diagnostic>> {
    let front = &source.front;
    let (zone_name, zone) = match &front.timezone {
        None => (default_zone.0.to_string(), default_zone.1.clone()),
        Some(name) => match TimeZone::get(&name.value) {
            Ok(zone) => (name.value.clone(), zone),
            Err(_) => {
                return Err(vec![
                    source
                        .error_at(
                            &name.referenced,
                            format!("`{}` is not a known time zone", name.value),
                        )
                        .with_help("write an IANA time zone name, such as America/Chicago"),
                ]);
            }
        },
    };
    let Some(start_value) = &front.start else {
        return Err(vec![Diagnostic::at(
            &source.file,
            &source.text,
            1,
            1,
            "an event needs a `start`",
        )]);
    };
    let located = |value: &serde_saphyr::Spanned<String>, message: String| {
        source.error_at(&value.referenced, message)
    };
    let start_moment = parse_moment(&start_value.value)
        .map_err(|m| vec![located(start_value, m).with_help(MOMENT_HELP)])?;
    let all_day = matches!(start_moment, Moment::Day(_));
    let start = start_moment
        .in_zone(&zone)
        .map_err(|e| vec![located(start_value, e.to_string())])?;

    let end = match (&front.end, &front.duration) {
        (Some(_), Some(duration)) => {
            return Err(vec![
                located(
                    duration,
                    "an event takes `end` or `duration`, not both".into(),
                )
                .with_help("remove one of the two lines"),
            ]);
        }
        (Some(end_value), None) => {
            let moment = parse_moment(&end_value.value)
                .map_err(|m| vec![located(end_value, m).with_help(MOMENT_HELP)])?;
            if matches!(moment, Moment::Day(_)) != all_day {
                return Err(vec![
                    located(
                        end_value,
                        "`start` and `end` must both be dates, or both dates with times".into(),
                    )
                    .with_help(
                        "for an all-day event write dates only; otherwise add a time to both",
                    ),
                ]);
            }
            let end = moment
                .in_zone(&zone)
                .map_err(|e| vec![located(end_value, e.to_string())])?;
            if all_day {
                end.tomorrow()
                    .map_err(|e| vec![located(end_value, e.to_string())])?
            } else {
                end
            }
        }
        (None, Some(duration_value)) => {
            let duration = parse_duration(&duration_value.value).map_err(|m| {
                vec![
                    located(duration_value, m)
                        .with_help("write a duration such as 90m, 2h, 1h30m or PT1H30M"),
                ]
            })?;
            start
                .checked_add(duration)
                .map_err(|e| vec![located(duration_value, e.to_string())])?
        }
        (None, None) if all_day => start
            .tomorrow()
            .map_err(|e| vec![located(start_value, e.to_string())])?,
        (None, None) => start
            .checked_add(SignedDuration::from_hours(1))
            .map_err(|e| vec![located(start_value, e.to_string())])?,
    };
    if end < start || (end == start && !all_day) {
        let value = front
            .end
            .as_ref()
            .or(front.duration.as_ref())
            .unwrap_or(start_value);
        return Err(vec![
            located(value, "the event ends before it starts".into())
                .with_help("check the dates and times of `start` and `end`"),
        ]);
    }
    Ok(EventTime {
        start,
        end,
        all_day,
        zone_name,
    })
}

/// An event's dates: the first occurrence, the rule it repeats by, and every occurrence up to a
/// horizon (two years after the build, or the rule's end), exceptions removed.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The event as written (`start`, `end`).
    pub first: EventTime,
    /// The recurrence rule, if the event repeats.
    pub rule: Option<recurrence::Rule>,
    /// Dates the series skips.
    pub exceptions: Vec<Date>,
    /// Occurrences in order, exceptions removed.
    pub occurrences: Vec<EventTime>,
}

impl Schedule {
    /// The first occurrence that has not ended at `now`, or the last one when all have.
    pub fn next_after(&self, now: Timestamp) -> &EventTime {
        self.occurrences
            .iter()
            .find(|o| o.end.timestamp() > now)
            .or(self.occurrences.last())
            .unwrap_or(&self.first)
    }
}

/// Reads an event's times, recurrence and exceptions, and lists its occurrences.
pub fn schedule(
    source: &Source,
    default_zone: (&str, &TimeZone),
    now: Timestamp,
) -> Result<Schedule, Vec<Diagnostic>> {
    let first = event_time(source, default_zone)?;
    let front = &source.front;
    let Some(rule_text) = &front.recurrence else {
        if let Some(exception) = front.exceptions.first() {
            return Err(vec![
                source
                    .error_at(
                        &exception.referenced,
                        "`exceptions` only apply to an event with a `recurrence`",
                    )
                    .with_help("remove `exceptions`, or add a `recurrence` rule"),
            ]);
        }
        return Ok(Schedule {
            occurrences: vec![first.clone()],
            first,
            rule: None,
            exceptions: Vec::new(),
        });
    };
    let rule = recurrence::Rule::parse(&rule_text.value).map_err(|error| {
        let mut problem = source.error_at(&rule_text.referenced, error.message);
        problem.column += error.offset;
        vec![problem.with_help("see the README for the recurrence rules convene understands, such as FREQ=MONTHLY;BYDAY=1SA;COUNT=12")]
    })?;
    if rule.ends_before(first.start.datetime(), first.start.time_zone()) {
        return Err(vec![
            source
                .error_at(
                    &rule_text.referenced,
                    format!(
                        "the rule's UNTIL is before the event's `start` ({}), so the series would end before it begins",
                        first.start.date()
                    ),
                )
                .with_help("write an UNTIL after the start, or leave out the `recurrence`"),
        ]);
    }
    let mut problems = Vec::new();
    let mut exceptions = Vec::new();
    for value in &front.exceptions {
        match value.value.trim().parse::<Date>() {
            Ok(date) => exceptions.push((date, value)),
            Err(_) => problems.push(
                source
                    .error_at(
                        &value.referenced,
                        format!("`{}` is not a date", value.value),
                    )
                    .with_help("write exceptions as dates, such as 2027-01-02"),
            ),
        }
    }
    let horizon = [
        now.to_zoned(first.start.time_zone().clone()).date(),
        first.start.date(),
    ]
    .into_iter()
    .chain(exceptions.iter().map(|(d, _)| *d))
    .max()
    .unwrap_or(first.start.date())
    .checked_add(jiff::Span::new().years(2))
    .unwrap_or(Date::MAX);
    let starts = rule.expand(
        first.start.datetime(),
        horizon,
        5000,
        first.start.time_zone(),
    );
    for (date, value) in &exceptions {
        if !starts.iter().any(|s| s.date() == *date) {
            problems.push(
                source
                    .error_at(&value.referenced, format!("{date} is not one of the dates this event repeats on"))
                    .with_help("check the date against the recurrence; an exception removes one date of the series"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let exception_dates: Vec<Date> = exceptions.iter().map(|(d, _)| *d).collect();
    let occurrences = starts
        .into_iter()
        .filter(|s| !exception_dates.contains(&s.date()))
        .filter_map(|start| first.moved_to(start).ok())
        .collect();
    Ok(Schedule {
        first,
        rule: Some(rule),
        exceptions: exception_dates,
        occurrences,
    })
}

/// `90m`, `2h`, `1h30m` or ISO 8601 `PT1H30M`, as elapsed time; must be positive.
pub fn parse_duration(text: &str) -> Result<SignedDuration, String> {
    let duration: SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration"))?;
    if duration.is_positive() {
        Ok(duration)
    } else {
        Err(format!("the duration `{text}` must be longer than zero"))
    }
}

impl EventTime {
    /// The same event starting at the local date-time `start`: timed events keep their
    /// elapsed duration, all-day events their number of days.
    pub fn moved_to(&self, start: DateTime) -> Result<EventTime, jiff::Error> {
        let zone = self.start.time_zone();
        let new_start = zone.to_ambiguous_zoned(start).compatible()?;
        let end = if self.all_day {
            let days = self.start.date().until(self.end.date())?;
            zone.to_ambiguous_zoned(
                start
                    .date()
                    .checked_add(days)?
                    .to_datetime(jiff::civil::Time::midnight()),
            )
            .compatible()?
        } else {
            new_start.checked_add(self.start.duration_until(&self.end))?
        };
        Ok(EventTime {
            start: new_start,
            end,
            all_day: self.all_day,
            zone_name: self.zone_name.clone(),
        })
    }

    /// The time as people read it, in the event's zone and in the words of the hub's language:
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST` (`sáb 5 dic 2026, 8:30–10:00 CST` in Spanish).
    pub fn display(&self, words: &Words) -> String {
        let day = |z: &Zoned| words.day(z.date());
        if self.all_day {
            let last = self.end.yesterday().unwrap_or_else(|_| self.end.clone());
            return if last.date() == self.start.date() {
                day(&self.start)
            } else {
                format!("{} – {}", day(&self.start), day(&last))
            };
        }
        // A time with its AM or PM (nothing on a 24-hour clock), and `end` after the dash.
        let time = |z: &Zoned| {
            let meridiem = words.meridiem(z);
            if meridiem.is_empty() {
                words.time(z)
            } else {
                format!("{} {meridiem}", words.time(z))
            }
        };
        let zone = self.end.strftime("%Z").to_string();
        if self.start.date() == self.end.date() {
            let start = if words.meridiem(&self.start) == words.meridiem(&self.end) {
                words.time(&self.start)
            } else {
                time(&self.start)
            };
            format!("{}, {start}–{} {zone}", day(&self.start), time(&self.end))
        } else {
            format!(
                "{}, {} – {}, {} {zone}",
                day(&self.start),
                time(&self.start),
                day(&self.end),
                time(&self.end)
            )
        }
    }

    /// The start for `<time datetime>`: a date for all-day events, else date, time and offset.
    pub fn start_attribute(&self) -> String {
        machine_time(&self.start, self.all_day)
    }

    /// The end for `<time datetime>` (the last day, for all-day events).
    pub fn end_attribute(&self) -> String {
        if self.all_day {
            machine_time(
                &self.end.yesterday().unwrap_or_else(|_| self.end.clone()),
                true,
            )
        } else {
            machine_time(&self.end, false)
        }
    }
}

/// A moment as HTML's `datetime` attribute and schema.org want it.
pub fn machine_time(zoned: &Zoned, date_only: bool) -> String {
    if date_only {
        zoned.strftime("%Y-%m-%d").to_string()
    } else {
        zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chicago() -> TimeZone {
        TimeZone::get("America/Chicago").unwrap()
    }

    #[test]
    fn reads_the_moments_front_matter_allows() {
        assert!(matches!(parse_moment("2026-12-05"), Ok(Moment::Day(_))));
        assert!(matches!(
            parse_moment("2026-12-05T08:30:00"),
            Ok(Moment::Local(_))
        ));
        assert!(matches!(
            parse_moment("2026-12-05 08:30"),
            Ok(Moment::Local(_))
        ));
        assert!(matches!(
            parse_moment("2026-12-05T08:30:00-06:00"),
            Ok(Moment::Exact(_))
        ));
        assert!(parse_moment("next tuesday").is_err());
    }

    #[test]
    fn formats_a_morning_meetup() {
        let start = Moment::Local("2026-12-05T08:30".parse().unwrap())
            .in_zone(&chicago())
            .unwrap();
        let time = EventTime {
            end: start.checked_add(SignedDuration::from_mins(90)).unwrap(),
            start,
            all_day: false,
            zone_name: "America/Chicago".into(),
        };
        assert_eq!(
            time.display(&Words::english()),
            "Sat 5 Dec 2026, 8:30–10:00 AM CST"
        );
        assert_eq!(time.start_attribute(), "2026-12-05T08:30:00-06:00");
    }

    #[test]
    fn reads_durations() {
        assert_eq!(
            parse_duration("90m").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert_eq!(
            parse_duration("1h30m").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert_eq!(
            parse_duration("PT1H30M").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert!(parse_duration("-1h").is_err());
        assert!(parse_duration("soon").is_err());
    }
}
