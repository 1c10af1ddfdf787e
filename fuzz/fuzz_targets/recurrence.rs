//! Any text as an event's `recurrence`: parsed without a panic; a rule convene accepts is
//! expanded and described, and gives the same dates as the `rrule` crate reading it from a
//! calendar file, as a calendar application would.
#![no_main]

use convene::events::recurrence::Rule;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;

/// How many dates are compared.
const LIMIT: usize = 60;

fuzz_target!(|text: &str| {
    let Ok(rule) = Rule::parse(text) else {
        return;
    };
    let start = DateTime::constant(2026, 1, 31, 18, 30, 0, 0);
    let zone = TimeZone::get("America/Chicago").unwrap();
    let horizon = Date::constant(2029, 12, 31);
    // A counted series is expanded past the horizon; both sides are compared up to it.
    let ours: Vec<String> = rule
        .expand(start, horizon, LIMIT, &zone)
        .iter()
        .map(|d| d.strftime("%Y-%m-%dT%H:%M").to_string())
        .filter(|d| d.as_str() <= "2029-12-31T23:59")
        .collect();
    let _ = rule.describe(start, &convene::i18n::Words::english());
    // convene reports such a rule instead of publishing it.
    if rule.ends_before(start, &zone) {
        return;
    }
    // The rule as a calendar file carries it.
    let written = rule.to_rrule(false, &zone);
    // The rrule crate refuses a fifth weekday from the end in a month (`BYDAY=-5SA`), which
    // RFC 5545 allows (-53 to 53 in a year, -5 to 5 in a month); it is not compared.
    let fifth_from_end = written
        .split(';')
        .filter_map(|part| part.strip_prefix("BYDAY="))
        .flat_map(|days| days.split(','))
        .any(|day| day.starts_with("-5"));
    if fifth_from_end {
        return;
    }
    let calendar = format!("DTSTART;TZID=America/Chicago:20260131T183000\nRRULE:{written}");
    let set: rrule::RRuleSet = match calendar.parse() {
        Ok(set) => set,
        Err(error) => panic!("convene accepts `{written}` but the rrule crate does not: {error}"),
    };
    let theirs: Vec<String> = set
        .all(LIMIT as u16)
        .dates
        .iter()
        .map(|d| d.format("%Y-%m-%dT%H:%M").to_string())
        .filter(|d| d.as_str() <= "2029-12-31T23:59")
        .collect();
    assert_eq!(ours, theirs, "dates of `{written}`");
});
