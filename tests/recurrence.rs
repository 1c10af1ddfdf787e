//! The recurrence engine against the `rrule` crate as an independent oracle, on many generated
//! rules and zones, plus fixed cases across daylight saving changes.

use convene::events::recurrence::Rule;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// A small deterministic generator, so every run tests the same rules.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len() as u64) as usize]
    }
}

fn expand(rule: &str, start: &str, zone: &str) -> Vec<String> {
    let start: DateTime = start.parse().unwrap();
    let zone = TimeZone::get(zone).unwrap();
    Rule::parse(rule)
        .unwrap()
        .expand(start, Date::constant(2040, 1, 1), 10_000, &zone)
        .iter()
        .map(|d| d.strftime("%Y-%m-%dT%H:%M").to_string())
        .collect()
}

fn oracle(rule: &str, start: &str, zone: &str) -> Option<Vec<String>> {
    let compact = format!("{}00", start.replace(['-', ':'], ""));
    let text = format!("DTSTART;TZID={zone}:{compact}\nRRULE:{rule}");
    let set: rrule::RRuleSet = text.parse().ok()?;
    let result = set.all(10_000);
    Some(
        result
            .dates
            .iter()
            .map(|d| d.format("%Y-%m-%dT%H:%M").to_string())
            .collect(),
    )
}

#[test]
fn generated_rules_agree_with_the_rrule_crate() {
    let mut random = Lcg(7);
    let zones = [
        "America/Chicago",
        "Europe/London",
        "Asia/Kolkata",
        "Australia/Sydney",
    ];
    let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let mut compared = 0;
    for _ in 0..600 {
        let frequency = random.pick(&["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
        let mut parts = vec![format!("FREQ={frequency}")];
        if random.next(3) == 0 {
            parts.push(format!("INTERVAL={}", 1 + random.next(3)));
        }
        match (frequency, random.next(4)) {
            ("MONTHLY" | "YEARLY", 0) => {
                let ordinal = random.pick(&["1", "2", "3", "4", "-1", "-2"]);
                parts.push(format!("BYDAY={ordinal}{}", random.pick(&days)));
            }
            ("MONTHLY" | "YEARLY", 1) => parts.push(format!(
                "BYMONTHDAY={}",
                random.pick(&["1", "15", "28", "31", "-1"])
            )),
            ("MONTHLY", 2) => parts.push(format!(
                "BYDAY=MO,TU,WE,TH,FR;BYSETPOS={}",
                random.pick(&["1", "-1", "2"])
            )),
            ("DAILY" | "WEEKLY", 0 | 1) => parts.push(format!(
                "BYDAY={},{}",
                random.pick(&days),
                random.pick(&days)
            )),
            _ => {}
        }
        if frequency != "YEARLY" && random.next(5) == 0 {
            parts.push(format!(
                "BYMONTH={},{}",
                1 + random.next(6),
                7 + random.next(6)
            ));
        }
        if random.next(3) == 0 {
            parts.push(format!("UNTIL=2028{:02}15T120000Z", 1 + random.next(12)));
        } else {
            parts.push(format!("COUNT={}", 1 + random.next(40)));
        }
        let rule = parts.join(";");
        let zone = random.pick(&zones);
        let time = random.pick(&["08:30", "19:00", "00:15", "12:00"]);
        let start = format!(
            "2026-{:02}-{:02}T{time}",
            1 + random.next(12),
            1 + random.next(28)
        );
        let Some(expected) = oracle(&rule, &start, zone) else {
            continue;
        };
        let ours = expand(&rule, &start, zone);
        assert_eq!(ours, expected, "rule {rule} from {start} in {zone}");
        compared += 1;
    }
    assert!(compared > 400, "only {compared} rules could be compared");
}

#[test]
fn a_morning_meetup_stays_at_its_local_time_across_dst() {
    let dates = expand(
        "FREQ=MONTHLY;BYDAY=1SA;COUNT=6",
        "2026-10-03T08:30",
        "America/Chicago",
    );
    assert_eq!(
        dates,
        [
            "2026-10-03T08:30",
            "2026-11-07T08:30",
            "2026-12-05T08:30",
            "2027-01-02T08:30",
            "2027-02-06T08:30",
            "2027-03-06T08:30"
        ]
    );
    let chicago = TimeZone::get("America/Chicago").unwrap();
    let offsets: Vec<String> = ["2026-10-03T08:30", "2026-11-07T08:30"]
        .iter()
        .map(|d| {
            d.parse::<DateTime>()
                .unwrap()
                .to_zoned(chicago.clone())
                .unwrap()
                .strftime("%:z")
                .to_string()
        })
        .collect();
    assert_eq!(
        offsets,
        ["-05:00", "-06:00"],
        "the UTC offset changes, the local time does not"
    );
}

#[test]
fn london_and_kolkata() {
    assert_eq!(
        expand("FREQ=WEEKLY;COUNT=3", "2027-03-21T18:00", "Europe/London"),
        ["2027-03-21T18:00", "2027-03-28T18:00", "2027-04-04T18:00"]
    );
    assert_eq!(
        expand(
            "FREQ=DAILY;INTERVAL=10;COUNT=3",
            "2026-12-25T09:00",
            "Asia/Kolkata"
        ),
        ["2026-12-25T09:00", "2027-01-04T09:00", "2027-01-14T09:00"]
    );
}

#[test]
fn ordinals_until_and_setpos() {
    assert_eq!(
        expand(
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
            "2026-11-27T16:00",
            "America/Chicago"
        ),
        ["2026-11-27T16:00", "2026-12-25T16:00", "2027-01-29T16:00"]
    );
    assert_eq!(
        expand(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=2",
            "2026-11-30T15:00",
            "America/Chicago"
        ),
        ["2026-11-30T15:00", "2026-12-31T15:00"]
    );
    assert_eq!(
        expand(
            "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261210",
            "2026-12-01T19:00",
            "America/Chicago"
        ),
        [
            "2026-12-01T19:00",
            "2026-12-03T19:00",
            "2026-12-08T19:00",
            "2026-12-10T19:00"
        ]
    );
    assert_eq!(
        expand(
            "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
            "2027-01-31T10:00",
            "America/Chicago"
        ),
        ["2027-01-31T10:00", "2027-03-31T10:00", "2027-05-31T10:00"]
    );
}

#[test]
fn rules_outside_the_subset_are_named() {
    let error = Rule::parse("FREQ=MONTHLY;BYHOUR=9;COUNT=3").unwrap_err();
    assert!(
        error.message.contains("BYHOUR is not supported"),
        "{}",
        error.message
    );
    assert_eq!(error.offset, 13);
    let error = Rule::parse(" RRULE:FREQ=MONTHLY;BYHOUR=9").unwrap_err();
    assert_eq!(error.offset, 20, "counted from the text as written");
    assert!(
        Rule::parse("FREQ=HOURLY")
            .unwrap_err()
            .message
            .contains("FREQ=HOURLY is not supported")
    );
    assert!(
        Rule::parse("FREQ=WEEKLY;BYDAY=1SA")
            .unwrap_err()
            .message
            .contains("only work with FREQ=MONTHLY")
    );
    // Found by fuzzing: calendar libraries show nothing for a mix the standard allows.
    assert!(
        Rule::parse("FREQ=MONTHLY;BYDAY=MO,TU,1WE")
            .unwrap_err()
            .message
            .contains("mixes numbered days")
    );
    assert!(Rule::parse("FREQ=MONTHLY;BYDAY=1MO,-1FR").is_ok());
    assert!(
        Rule::parse("COUNT=3")
            .unwrap_err()
            .message
            .contains("needs a FREQ")
    );
    assert!(Rule::parse("FREQ=DAILY;COUNT=3;UNTIL=20270101").is_err());
    // Found by fuzzing: a letter outside ASCII where a weekday goes once split a character.
    assert!(Rule::parse("FREQ=WEEKLY;BYDAY=M\u{52b}O").is_err());
    // Found by fuzzing: a sixth Saturday of a month never comes.
    assert!(Rule::parse("FREQ=MONTHLY;BYDAY=6SA").is_err());
    assert!(Rule::parse("FREQ=YEARLY;BYMONTH=3;BYDAY=-6SU").is_err());
    assert!(Rule::parse("FREQ=YEARLY;BYDAY=20MO").is_ok());
    // And a 40th from the end of a month's weekdays, or a position among nothing.
    assert!(Rule::parse("FREQ=MONTHLY;BYDAY=MO,WE,TH,FR;BYSETPOS=-40").is_err());
    assert!(Rule::parse("FREQ=MONTHLY;BYSETPOS=1").is_err());
}

#[test]
fn calendar_files_carry_the_rule_in_the_form_rfc_5545_asks() {
    let chicago = TimeZone::get("America/Chicago").unwrap();
    let rule = |text: &str| Rule::parse(text).unwrap();
    // With a start in a time zone, UNTIL must be UTC: the end of the local day, in UTC.
    assert_eq!(
        rule("rrule:freq=weekly;until=20270301;byday=tu,th;interval=2").to_rrule(false, &chicago),
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270302T055959Z;BYDAY=TU,TH"
    );
    // An all-day event's UNTIL is a date.
    assert_eq!(
        rule("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270301T055959Z").to_rrule(true, &chicago),
        "FREQ=MONTHLY;UNTIL=20270228;BYDAY=-1FR"
    );
    assert_eq!(
        rule("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1,-1;BYSETPOS=1;COUNT=4").to_rrule(false, &chicago),
        "FREQ=YEARLY;COUNT=4;BYMONTHDAY=1,-1;BYMONTH=3;BYSETPOS=1"
    );
    // Found by fuzzing: a series that ends before its start is reported, not published.
    let start: DateTime = "2026-01-31T18:30".parse().unwrap();
    assert!(rule("FREQ=DAILY;UNTIL=20260130").ends_before(start, &chicago));
    assert!(rule("FREQ=DAILY;UNTIL=20260201T002959Z").ends_before(start, &chicago));
    assert!(!rule("FREQ=DAILY;UNTIL=20260201T003000Z").ends_before(start, &chicago));
    assert!(!rule("FREQ=DAILY;UNTIL=20260131").ends_before(start, &chicago));
}

#[test]
fn rules_in_words() {
    let start: DateTime = "2026-12-05T08:30".parse().unwrap();
    let words = |rule: &str| {
        Rule::parse(rule)
            .unwrap()
            .describe(start, &convene::i18n::Words::english(), 0)
    };
    assert_eq!(
        words("FREQ=MONTHLY;BYDAY=1SA;COUNT=12"),
        "First Saturday of every month, 12 times"
    );
    assert_eq!(words("FREQ=WEEKLY;INTERVAL=2"), "Saturday every other week");
    assert_eq!(
        words("FREQ=MONTHLY;BYDAY=-1FR"),
        "Last Friday of every month"
    );
    assert_eq!(
        words("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270601"),
        "Tuesday and Thursday every week, until 1 June 2027"
    );
    assert_eq!(words("FREQ=YEARLY"), "5 December every year");
}

#[test]
fn yearly_rules_with_months_in_words() {
    let start: DateTime = "2027-03-05T09:00".parse().unwrap();
    let rule = Rule::parse("FREQ=YEARLY;BYMONTH=3,6;COUNT=4").unwrap();
    assert_eq!(
        rule.describe(start, &convene::i18n::Words::english(), 0),
        "Day 5 of every year, in March and June, 4 times"
    );
}
