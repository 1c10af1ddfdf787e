//! Time: dates of pages and the start and end of events, in IANA time zones.

pub mod ical;
pub mod links;
pub mod recurrence;
pub mod series;
pub mod view;

pub use series::{
    ChangeScope, Length, MAX_OCCURRENCES, Occurrence, Schedule, SeriesChange, SeriesPart, schedule,
};

use jiff::civil::{Date, DateTime};
use jiff::tz::{Disambiguation, TimeZone};
use jiff::{SignedDuration, Timestamp, Zoned};

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

/// An event as its front matter describes it, every value read and checked when the page was
/// read (`content::typed`).
#[derive(Debug, Clone)]
pub struct Event {
    /// The event's name (the page's title).
    pub title: String,
    /// The event as written (`start`, `end` or `duration`, `timezone`).
    pub first: EventTime,
    /// The recurrence rule, if the event repeats.
    pub rule: Option<recurrence::Rule>,
    /// Dates of the series it skips, each one of its dates.
    pub exceptions: Vec<Date>,
    /// The place.
    pub location: Option<String>,
    /// The join link, checked.
    pub online: Option<String>,
    /// The registration link, checked.
    pub registration: Option<String>,
    /// Whether it takes place as announced.
    pub status: EventStatus,
    /// Dates of the series that differ from its rule, and changes from a date on.
    pub changes: Vec<SeriesChange>,
    /// Dates it also meets on, outside its rule, at the series' time.
    pub additional_dates: Vec<Date>,
}

/// Whether an event takes place as announced.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// It takes place.
    #[default]
    Confirmed,
    /// It may take place; details may change.
    Tentative,
    /// It will not take place; the page stays, clearly marked.
    #[serde(alias = "canceled")]
    Cancelled,
}

impl EventStatus {
    /// Every status, the default first.
    pub const ALL: [EventStatus; 3] = [
        EventStatus::Confirmed,
        EventStatus::Tentative,
        EventStatus::Cancelled,
    ];

    /// The status as front matter writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Confirmed => "confirmed",
            EventStatus::Tentative => "tentative",
            EventStatus::Cancelled => "cancelled",
        }
    }
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
        if self.start.date() == self.end.date() {
            format!("{}, {}", day(&self.start), self.hours(words))
        } else {
            let zone = self.end.strftime("%Z").to_string();
            format!(
                "{}, {} – {}, {} {zone}",
                day(&self.start),
                clock(words, &self.start),
                day(&self.end),
                clock(words, &self.end)
            )
        }
    }

    /// The hours of a timed event within its day, as people read them: `8:30–10:00 AM CST`
    /// (empty for an all-day event).
    pub fn hours(&self, words: &Words) -> String {
        if self.all_day {
            return String::new();
        }
        let zone = self.end.strftime("%Z").to_string();
        let start = if words.meridiem(&self.start) == words.meridiem(&self.end) {
            words.time(&self.start)
        } else {
            clock(words, &self.start)
        };
        format!("{start}–{} {zone}", clock(words, &self.end))
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

/// A time with its AM or PM (nothing on a 24-hour clock).
fn clock(words: &Words, zoned: &Zoned) -> String {
    let meridiem = words.meridiem(zoned);
    if meridiem.is_empty() {
        words.time(zoned)
    } else {
        format!("{} {meridiem}", words.time(zoned))
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
