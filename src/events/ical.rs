//! A small iCalendar (RFC 5545) writer: CRLF lines folded at 75 octets without splitting a
//! character, TEXT escaping, VTIMEZONE from the zone's own transitions, and VEVENTs with
//! RRULE and EXDATE. Nothing in it reads the clock: the same events give the same bytes.

use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

use super::EventTime;
use crate::escape::ical_text;

/// One event as a calendar shows it: the page's text and address, and its VEVENTs.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    /// Unique and stable across builds and machines; the series' later parts and its
    /// additional dates have UIDs made from it.
    pub uid: String,
    /// When the event was last changed (`updated`, else `date`), for DTSTAMP.
    pub stamp: Timestamp,
    /// The first occurrence, as written.
    pub first: EventTime,
    /// Every occurrence computed (skipped dates left out); time zone rules cover all of them.
    pub occurrences: Vec<EventTime>,
    /// Title.
    pub summary: String,
    /// The summary as plain text: what the hub's calendars carry.
    pub description: String,
    /// The whole text of the page: what the event's own calendar carries.
    pub full_description: String,
    /// The event's page.
    pub url: String,
    /// Its VEVENTs: one per part of the series, one per changed date, one per additional date.
    pub entries: Vec<Entry>,
}

/// One VEVENT of an event.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What its UID adds to the event's (empty for the series itself).
    pub uid_suffix: String,
    /// Its first (or only) date.
    pub time: EventTime,
    /// For a changed date of a series: the start the series gives it (RECURRENCE-ID).
    pub recurrence_id: Option<Zoned>,
    /// The RRULE as calendar files carry it ([`crate::events::recurrence::Rule::to_rrule`]).
    pub rule: Option<String>,
    /// Local start times of the dates the series skips.
    pub exceptions: Vec<Zoned>,
    /// Place, or the join link for online events.
    pub location: Option<String>,
    /// The join link (RFC 7986 CONFERENCE), so that calendar apps offer to join.
    pub conference: Option<String>,
    /// A line with the join link for an event that also has a place, for the text.
    pub join: Option<String>,
    /// What the change of a date says, first in its text.
    pub note: Option<String>,
    /// CONFIRMED, TENTATIVE or CANCELLED.
    pub status: &'static str,
}

/// Appends one content line, folded so that no line is longer than 75 octets and no UTF-8
/// character is split, ending in CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn local(zoned: &Zoned) -> String {
    zoned.strftime("%Y%m%dT%H%M%S").to_string()
}

fn utc(timestamp: Timestamp) -> String {
    timestamp.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// A VTIMEZONE for `name` with every transition from a year before `from` to a year after `to`.
pub fn push_timezone(
    out: &mut String,
    name: &str,
    zone: &TimeZone,
    from: Timestamp,
    to: Timestamp,
) {
    let year = jiff::SignedDuration::from_hours(24 * 366);
    let start = from.checked_sub(year).unwrap_or(from);
    let end = to.checked_add(year).unwrap_or(to);
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{name}"));
    let mut before = zone.to_offset(start);
    let mut wrote = false;
    for transition in zone.following(start).take_while(|t| t.timestamp() <= end) {
        let after = transition.offset();
        let kind = if transition.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // The onset is written in the local time that was in force before it.
        let onset = transition.timestamp().to_zoned(TimeZone::fixed(before));
        push_line(out, &format!("BEGIN:{kind}"));
        push_line(out, &format!("DTSTART:{}", local(&onset)));
        push_line(out, &format!("TZOFFSETFROM:{}", offset_text(before)));
        push_line(out, &format!("TZOFFSETTO:{}", offset_text(after)));
        push_line(
            out,
            &format!("TZNAME:{}", ical_text(transition.abbreviation())),
        );
        push_line(out, &format!("END:{kind}"));
        before = after;
        wrote = true;
    }
    if !wrote {
        let info = zone.to_offset_info(start);
        push_line(out, "BEGIN:STANDARD");
        push_line(out, "DTSTART:19700101T000000");
        push_line(out, &format!("TZOFFSETFROM:{}", offset_text(before)));
        push_line(out, &format!("TZOFFSETTO:{}", offset_text(before)));
        push_line(out, &format!("TZNAME:{}", ical_text(info.abbreviation())));
        push_line(out, "END:STANDARD");
    }
    push_line(out, "END:VTIMEZONE");
}

/// The parts of an iCalendar file around its events: [`Calendar::head`], then each event's
/// VEVENT ([`CalendarEvent::to_vevent`]), then [`CALENDAR_END`]. Kept apart so that the
/// calendars of a hub share each VEVENT instead of copying it.
pub struct Calendar<'a> {
    /// Set for feeds (X-WR-CALNAME and NAME), not for one event's file.
    pub name: Option<String>,
    /// The events the calendar holds.
    pub events: Vec<&'a CalendarEvent>,
}

/// The last line of every calendar.
pub const CALENDAR_END: &str = "END:VCALENDAR\r\n";

impl Calendar<'_> {
    /// The start of the file: the calendar's properties, and a VTIMEZONE for every zone its
    /// events use.
    pub fn head(&self) -> String {
        let mut out = String::with_capacity(1024);
        push_line(&mut out, "BEGIN:VCALENDAR");
        push_line(&mut out, "VERSION:2.0");
        push_line(
            &mut out,
            &format!(
                "PRODID:-//convene//convene {}//EN",
                env!("CARGO_PKG_VERSION")
            ),
        );
        push_line(&mut out, "CALSCALE:GREGORIAN");
        if let Some(name) = &self.name {
            push_line(&mut out, &format!("NAME:{}", ical_text(name)));
            push_line(&mut out, &format!("X-WR-CALNAME:{}", ical_text(name)));
        }
        let mut zones: std::collections::BTreeMap<&str, (&TimeZone, Timestamp, Timestamp)> =
            std::collections::BTreeMap::new();
        for event in self.events.iter().filter(|e| !e.first.all_day) {
            let last = event.occurrences.last().unwrap_or(&event.first);
            let (from, to) = (event.first.start.timestamp(), last.start.timestamp());
            let entry = zones.entry(event.first.zone_name.as_str()).or_insert((
                event.first.start.time_zone(),
                from,
                to,
            ));
            entry.1 = entry.1.min(from);
            entry.2 = entry.2.max(to);
        }
        for (name, (zone, from, to)) in zones {
            push_timezone(&mut out, name, zone, from, to);
        }
        out
    }
}

impl CalendarEvent {
    /// The event's VEVENTs, folded lines ending in CRLF, with `description` (the short
    /// [`CalendarEvent::description`] or the [`CalendarEvent::full_description`]) in each.
    pub fn to_vevent(&self, description: &str) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            self.push_entry(&mut out, entry, description);
        }
        out
    }

    fn push_entry(&self, out: &mut String, entry: &Entry, description: &str) {
        let time = &entry.time;
        let moment = |name: &str, zoned: &Zoned| {
            if time.all_day {
                format!("{name};VALUE=DATE:{}", zoned.strftime("%Y%m%d"))
            } else {
                format!("{name};TZID={}:{}", time.zone_name, local(zoned))
            }
        };
        push_line(out, "BEGIN:VEVENT");
        // A later part's or an extra date's UID is the series' with a suffix before its host.
        let uid = match self.uid.split_once('@') {
            Some((local, host)) => format!("{local}{}@{host}", entry.uid_suffix),
            None => format!("{}{}", self.uid, entry.uid_suffix),
        };
        push_line(out, &format!("UID:{}", ical_text(&uid)));
        push_line(out, &format!("DTSTAMP:{}", utc(self.stamp)));
        if let Some(original) = &entry.recurrence_id {
            push_line(out, &moment("RECURRENCE-ID", original));
        }
        push_line(out, &moment("DTSTART", &time.start));
        push_line(out, &moment("DTEND", &time.end));
        if let Some(rule) = &entry.rule {
            push_line(out, &format!("RRULE:{rule}"));
        }
        for exception in &entry.exceptions {
            push_line(out, &moment("EXDATE", exception));
        }
        push_line(out, &format!("SUMMARY:{}", ical_text(&self.summary)));
        let text = [
            entry.note.as_deref(),
            Some(description).filter(|t| !t.is_empty()),
            entry.join.as_deref(),
            Some(self.url.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
        push_line(out, &format!("DESCRIPTION:{}", ical_text(&text)));
        if let Some(location) = &entry.location {
            push_line(out, &format!("LOCATION:{}", ical_text(location)));
        }
        if let Some(link) = &entry.conference {
            push_line(out, &format!("CONFERENCE;VALUE=URI;FEATURE=VIDEO:{link}"));
        }
        push_line(out, &format!("URL:{}", self.url));
        push_line(out, &format!("STATUS:{}", entry.status));
        push_line(out, "END:VEVENT");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end_matches("\r\n"), line);
    }

    #[test]
    fn escapes_text_and_round_trips() {
        let text = "Coffee; tea, and\\or\nmore";
        let escaped = ical_text(text);
        assert_eq!(escaped, "Coffee\\; tea\\, and\\\\or\\nmore");
        let unescaped = escaped
            .replace("\\n", "\n")
            .replace("\\;", ";")
            .replace("\\,", ",")
            .replace("\\\\", "\\");
        assert_eq!(unescaped, text);
    }
}
