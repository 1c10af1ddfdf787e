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
    /// A second zone its page also gives the time in (`also_timezone`, the event's or
    /// hub.yaml's).
    pub also_zone: Option<TimeZone>,
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
    /// `Sat 5 Dec 2026, 8:30–10:00 AM CST` (`sáb 5 dic 2026, 8:30–10:00 a. m. CST` in Spanish).
    pub fn display(&self, words: &Words) -> String {
        self.written(words, |date| words.day(date))
    }

    /// The time as the event's own page says it, its days written out: `Wednesday, December 9,
    /// 2026, 7:00–8:30 PM AST` (`miércoles 9 de diciembre de 2026, 7:00–8:30 p. m. AST`), then
    /// the same time in `also_zone`, the second zone the organiser names, where its clock
    /// reads otherwise: `… AST (6:00–7:30 PM EST)`.
    pub fn display_in_full(&self, words: &Words, also_zone: Option<&TimeZone>) -> String {
        let here = self.written(words, |date| words.day_in_full(date));
        match also_zone.and_then(|zone| self.elsewhere(words, zone)) {
            Some(there) => words.also_in_zone(&here, &there),
            None => here,
        }
    }

    /// The time with each of its days written by `day`.
    fn written(&self, words: &Words, day: impl Fn(Date) -> String) -> String {
        if self.all_day {
            let last = self.end.yesterday().unwrap_or_else(|_| self.end.clone());
            return if last.date() == self.start.date() {
                day(self.start.date())
            } else {
                format!("{} – {}", day(self.start.date()), day(last.date()))
            };
        }
        if self.start.date() == self.end.date() {
            words.day_and_time(&day(self.start.date()), &self.hours(words))
        } else {
            let zone = self.end.strftime("%Z").to_string();
            format!(
                "{} – {} {zone}",
                words.day_and_time(&day(self.start.date()), &clock(words, &self.start)),
                words.day_and_time(&day(self.end.date()), &clock(words, &self.end))
            )
        }
    }

    /// A timed event's time in another `zone`, to follow the time in its own: the hours when
    /// it starts and ends on the same day there, else the days written out too. `None` for an
    /// all-day event, and where that zone's clock and abbreviation read as the event's own do.
    fn elsewhere(&self, words: &Words, zone: &TimeZone) -> Option<String> {
        if self.all_day {
            return None;
        }
        let there = EventTime {
            start: self.start.with_time_zone(zone.clone()),
            end: self.end.with_time_zone(zone.clone()),
            all_day: false,
            zone_name: zone.iana_name().unwrap_or_default().to_string(),
        };
        let same_day =
            there.start.date() == self.start.date() && there.end.date() == there.start.date();
        let hours = there.hours(words);
        if same_day && hours == self.hours(words) {
            None
        } else if same_day {
            Some(hours)
        } else {
            Some(there.written(words, |date| words.day_in_full(date)))
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

    /// The words of `language`, with a hub's `i18n/LANGUAGE.yaml` of `text` over the theme's.
    fn words(language: &str, text: &str) -> std::sync::Arc<Words> {
        let (words, problems) = crate::i18n::tests::hub_words(language, text);
        assert!(problems.is_empty(), "{problems:?}");
        words
    }

    /// A timed event in `zone` from the local `start` to `end` (`2026-12-09T19:00`).
    fn timed(zone: &str, start: &str, end: &str) -> EventTime {
        let tz = TimeZone::get(zone).unwrap();
        let at = |text: &str| Moment::Local(text.parse().unwrap()).in_zone(&tz).unwrap();
        EventTime {
            start: at(start),
            end: at(end),
            all_day: false,
            zone_name: zone.into(),
        }
    }

    #[test]
    fn an_event_page_writes_its_day_in_full_on_the_language_s_clock() {
        let english = Words::english();
        let spanish = words("es", "");
        let english_24h = words("en", "dates_clock: 24h\n");
        let spanish_24h = words("es", "dates_clock: 24h\n");
        let evening = timed(
            "America/Puerto_Rico",
            "2026-12-09T19:00",
            "2026-12-09T20:30",
        );
        let in_full = |words: &Words, time: &EventTime| time.display_in_full(words, None);
        assert_eq!(
            in_full(&english, &evening),
            "Wednesday, December 9, 2026, 7:00–8:30 PM AST"
        );
        assert_eq!(
            in_full(&spanish, &evening),
            "miércoles 9 de diciembre de 2026, 7:00–8:30 p.\u{a0}m. AST"
        );
        assert_eq!(
            in_full(&english_24h, &evening),
            "Wednesday, December 9, 2026, 19:00–20:30 AST"
        );
        assert_eq!(
            in_full(&spanish_24h, &evening),
            "miércoles 9 de diciembre de 2026, 19:00–20:30 AST"
        );
        // Cards keep the short form.
        assert_eq!(
            evening.display(&spanish),
            "mié 9 dic 2026, 7:00–8:30 p.\u{a0}m. AST"
        );
        // Ends before and after noon each say theirs; ends on the same side of noon say it once.
        let late_morning = timed(
            "America/Puerto_Rico",
            "2026-12-09T10:30",
            "2026-12-09T12:00",
        );
        assert_eq!(
            late_morning.hours(&spanish),
            "10:30 a.\u{a0}m.–12:00 p.\u{a0}m. AST"
        );
        assert_eq!(late_morning.hours(&english), "10:30 AM–12:00 PM AST");
        assert_eq!(late_morning.hours(&spanish_24h), "10:30–12:00 AST");
        // Midnight and noon.
        let after_midnight = timed(
            "America/Puerto_Rico",
            "2026-12-09T00:00",
            "2026-12-09T01:00",
        );
        assert_eq!(after_midnight.hours(&english), "12:00–1:00 AM AST");
        assert_eq!(after_midnight.hours(&spanish), "12:00–1:00 a.\u{a0}m. AST");
        assert_eq!(after_midnight.hours(&spanish_24h), "0:00–1:00 AST");
        let lunch = timed(
            "America/Puerto_Rico",
            "2026-12-09T12:00",
            "2026-12-09T13:00",
        );
        assert_eq!(lunch.hours(&english), "12:00–1:00 PM AST");
        assert_eq!(lunch.hours(&spanish), "12:00–1:00 p.\u{a0}m. AST");
        assert_eq!(lunch.hours(&english_24h), "12:00–13:00 AST");
        // Into the next day: each day and time, the zone once.
        let night = timed(
            "America/Puerto_Rico",
            "2026-12-09T22:00",
            "2026-12-10T01:00",
        );
        assert_eq!(
            in_full(&spanish, &night),
            "miércoles 9 de diciembre de 2026, 10:00 p.\u{a0}m. – jueves 10 de diciembre de 2026, 1:00 a.\u{a0}m. AST"
        );
        // A whole day has no time.
        let day = EventTime {
            all_day: true,
            end: evening.start.tomorrow().unwrap(),
            ..evening.clone()
        };
        assert_eq!(in_full(&english, &day), "Wednesday, December 9, 2026");
    }

    #[test]
    fn a_language_writes_the_day_and_time_in_its_own_order() {
        let words = words(
            "en",
            "dates_day_in_full: \"{weekday} {day}.{month_short}\"\ndates_day_and_time: \"{time} on {date}\"\ndates_also_in_zone: \"{time} / {also}\"\n",
        );
        let evening = timed(
            "America/Puerto_Rico",
            "2026-12-09T19:00",
            "2026-12-09T20:30",
        );
        let new_york = TimeZone::get("America/New_York").unwrap();
        assert_eq!(
            evening.display_in_full(&words, Some(&new_york)),
            "7:00–8:30 PM AST on Wednesday 9.Dec / 6:00–7:30 PM EST"
        );
    }

    #[test]
    fn the_second_zone_follows_each_date_across_daylight_saving() {
        let spanish = words("es", "");
        let new_york = TimeZone::get("America/New_York").unwrap();
        let madrid = TimeZone::get("Europe/Madrid").unwrap();
        let puerto_rico = TimeZone::get("America/Puerto_Rico").unwrap();
        let december = timed(
            "America/Puerto_Rico",
            "2026-12-09T19:00",
            "2026-12-09T20:30",
        );
        assert_eq!(
            december.display_in_full(&spanish, Some(&new_york)),
            "miércoles 9 de diciembre de 2026, 7:00–8:30 p.\u{a0}m. AST (6:00–7:30 p.\u{a0}m. EST)"
        );
        // New York keeps daylight saving from 14 March 2027; Puerto Rico does not.
        let april = december
            .moved_to("2027-04-14T19:00".parse().unwrap())
            .unwrap();
        assert_eq!(
            april.display_in_full(&Words::english(), Some(&new_york)),
            "Wednesday, April 14, 2027, 7:00–8:30 PM AST (7:00–8:30 PM EDT)"
        );
        // Another day there: the day too.
        assert_eq!(
            december.display_in_full(&spanish, Some(&madrid)),
            "miércoles 9 de diciembre de 2026, 7:00–8:30 p.\u{a0}m. AST (jueves 10 de diciembre de 2026, 12:00–1:30 a.\u{a0}m. CET)"
        );
        // The event's own zone adds nothing.
        assert_eq!(
            december.display_in_full(&spanish, Some(&puerto_rico)),
            "miércoles 9 de diciembre de 2026, 7:00–8:30 p.\u{a0}m. AST"
        );
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
