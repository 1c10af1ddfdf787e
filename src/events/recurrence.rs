//! The RRULE subset convene expands itself: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL,
//! COUNT, UNTIL, BYDAY (with ordinals such as `1SA` and `-1FR`), BYMONTHDAY, BYMONTH and
//! BYSETPOS. Occurrences are computed in civil (wall-clock) time, so an 08:30 meetup stays at
//! 08:30 local time across daylight saving changes.

use jiff::civil::{Date, DateTime, Weekday};
use jiff::{Timestamp, ToSpan};

use crate::i18n::Words;

/// How often the rule repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every INTERVAL days.
    Daily,
    /// Every INTERVAL weeks (weeks start on Monday).
    Weekly,
    /// Every INTERVAL months.
    Monthly,
    /// Every INTERVAL years.
    Yearly,
}

/// A weekday, with an ordinal inside the month or year when one is given (`-1FR`: the last Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByDay {
    /// 1 for the first, -1 for the last, `None` for every such weekday.
    pub ordinal: Option<i8>,
    /// The weekday.
    pub weekday: Weekday,
}

/// When a rule stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// The last local date or date-time an occurrence may start at.
    Local(DateTime),
    /// The last instant an occurrence may start at (`UNTIL=...Z`).
    Exact(Timestamp),
}

/// A parsed recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// FREQ.
    pub frequency: Frequency,
    /// INTERVAL (1 when absent).
    pub interval: i32,
    /// COUNT: the number of occurrences, counted before exceptions are removed.
    pub count: Option<u32>,
    /// UNTIL.
    pub until: Option<Until>,
    /// BYDAY.
    pub by_day: Vec<ByDay>,
    /// BYMONTHDAY (1..=31 or -31..=-1).
    pub by_month_day: Vec<i8>,
    /// BYMONTH (1..=12).
    pub by_month: Vec<i8>,
    /// BYSETPOS.
    pub by_set_pos: Vec<i32>,
}

/// A problem in a rule: what is wrong and which part of the text says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// What is wrong, in plain words.
    pub message: String,
    /// Byte offset of the offending part within the rule text.
    pub offset: usize,
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => return None,
    })
}

/// The rule a recurrence written in words means, for the common phrases of English and
/// Spanish ("first Saturday of every month", "every other Tuesday", "monthly", "cada lunes"),
/// to offer in place of the words; `None` for anything else.
pub fn from_words(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |options: &[&str]| words.iter().any(|w| options.contains(w));
    let weekday_of = |word: &str| -> Option<&'static str> {
        Some(match word.trim_end_matches('s') {
            "monday" | "mon" | "lune" => "MO",
            "tuesday" | "tue" | "marte" => "TU",
            "wednesday" | "wed" | "miércole" | "miercole" => "WE",
            "thursday" | "thu" | "thur" | "jueve" => "TH",
            "friday" | "fri" | "vierne" => "FR",
            "saturday" | "sat" | "sábado" | "sabado" => "SA",
            "sunday" | "sun" | "domingo" => "SU",
            _ => return None,
        })
    };
    let ordinal_of = |word: &str| -> Option<i8> {
        Some(match word {
            "first" | "1st" | "primer" | "primero" | "primera" => 1,
            "second" | "2nd" | "segundo" | "segunda" => 2,
            "third" | "3rd" | "tercer" | "tercero" | "tercera" => 3,
            "fourth" | "4th" | "cuarto" | "cuarta" => 4,
            "fifth" | "5th" | "quinto" | "quinta" => 5,
            "last" | "último" | "ultimo" | "última" | "ultima" => -1,
            _ => return None,
        })
    };
    let days: Vec<&str> = words.iter().filter_map(|w| weekday_of(w)).collect();
    let ordinals: Vec<i8> = words.iter().filter_map(|w| ordinal_of(w)).collect();
    let every_other = has(&["other", "alternate", "biweekly", "fortnightly", "two", "2"])
        || lower.contains("cada dos")
        || lower.contains("cada 2");
    if !days.is_empty() && !ordinals.is_empty() {
        let by_day: Vec<String> = ordinals
            .iter()
            .flat_map(|n| days.iter().map(move |d| format!("{n}{d}")))
            .collect();
        return Some(format!("FREQ=MONTHLY;BYDAY={}", by_day.join(",")));
    }
    if !days.is_empty() {
        let interval = if every_other { ";INTERVAL=2" } else { "" };
        return Some(format!("FREQ=WEEKLY{interval};BYDAY={}", days.join(",")));
    }
    let frequency = if every_other && has(&["week", "weeks", "biweekly", "fortnightly", "semanas"])
    {
        "WEEKLY;INTERVAL=2"
    } else if has(&["daily", "day", "días", "día", "diario", "diaria"]) {
        "DAILY"
    } else if has(&["weekly", "week", "semana", "semanal"]) {
        "WEEKLY"
    } else if has(&["monthly", "month", "mes", "mensual"]) {
        "MONTHLY"
    } else if has(&["yearly", "annually", "annual", "year", "año", "anual"]) {
        "YEARLY"
    } else {
        return None;
    };
    Some(format!("FREQ={frequency}"))
}

/// The two letters RFC 5545 names a weekday by.
pub(crate) fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

fn numbers<T: std::str::FromStr + PartialOrd + Copy>(
    value: &str,
    valid: impl Fn(T) -> bool,
) -> Option<Vec<T>> {
    value
        .split(',')
        .map(|n| n.trim().parse::<T>().ok().filter(|n| valid(*n)))
        .collect()
}

impl Rule {
    /// Parses `FREQ=MONTHLY;BYDAY=1SA;COUNT=12`. Parts outside the subset are errors that name
    /// the part.
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        // Offsets count from the start of the text as written.
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        let (text, lead) = match trimmed.get(..6) {
            Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => (&trimmed[6..], lead + 6),
            _ => (trimmed, lead),
        };
        let mut rule = Rule {
            frequency: Frequency::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
        };
        let mut frequency = None;
        let mut offset = lead;
        for part in text.split(';') {
            let here = offset;
            offset += part.len() + 1;
            if part.trim().is_empty() {
                continue;
            }
            let error = |message: String| RuleError {
                message,
                offset: here,
            };
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| error(format!("`{part}` should be written NAME=VALUE")))?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim().to_ascii_uppercase();
            match key.as_str() {
                "FREQ" => {
                    frequency = Some(match value.as_str() {
                        "DAILY" => Frequency::Daily,
                        "WEEKLY" => Frequency::Weekly,
                        "MONTHLY" => Frequency::Monthly,
                        "YEARLY" => Frequency::Yearly,
                        other => return Err(error(format!("FREQ={other} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY"))),
                    })
                }
                "INTERVAL" => {
                    rule.interval = value.parse().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| error(format!("INTERVAL={value} must be a whole number from 1 to 1000")))?
                }
                "COUNT" => rule.count = Some(value.parse().ok().filter(|n| (1..=10_000).contains(n)).ok_or_else(|| error(format!("COUNT={value} must be a whole number from 1 to 10000")))?),
                // `2027-06-30` and `2027-06-30T18:00:00Z` as people write dates, too.
                "UNTIL" => rule.until = Some(parse_until(&value.replace(['-', ':'], "")).ok_or_else(|| error(format!("UNTIL={value} must be a date such as 20271231 or a time such as 20271231T235959Z")))?),
                "BYDAY" => {
                    rule.by_day = value
                        .split(',')
                        .map(|item| {
                            let item = item.trim();
                            let split = item.len().saturating_sub(2);
                            // `get`, because a stray letter outside ASCII may straddle the split.
                            let day = weekday(item.get(split..)?)?;
                            let ordinal = match item.get(..split)? {
                                "" => None,
                                n => Some(n.trim_start_matches('+').parse::<i8>().ok().filter(|n| *n != 0 && (-53..=53).contains(n))?),
                            };
                            Some(ByDay { ordinal, weekday: day })
                        })
                        .collect::<Option<_>>()
                        .ok_or_else(|| error(format!("BYDAY={value} should list days such as MO,WE or 1SA or -1FR")))?
                }
                "BYMONTHDAY" => rule.by_month_day = numbers(&value, |n: i8| n != 0 && (-31..=31).contains(&n)).ok_or_else(|| error(format!("BYMONTHDAY={value} should list days of the month from 1 to 31 (or -1 for the last)")))?,
                "BYMONTH" => rule.by_month = numbers(&value, |n: i8| (1..=12).contains(&n)).ok_or_else(|| error(format!("BYMONTH={value} should list months from 1 to 12")))?,
                "BYSETPOS" => rule.by_set_pos = numbers(&value, |n: i32| n != 0 && (-366..=366).contains(&n)).ok_or_else(|| error(format!("BYSETPOS={value} should list positions such as 1 or -1")))?,
                "WKST" if value == "MO" => {}
                other => return Err(error(format!("{other} is not supported by convene; it understands FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH and BYSETPOS"))),
            }
        }
        rule.frequency = frequency.ok_or(RuleError {
            message: "the rule needs a FREQ, such as FREQ=MONTHLY".into(),
            offset: 0,
        })?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err(RuleError {
                message: "a rule takes COUNT or UNTIL, not both".into(),
                offset: 0,
            });
        }
        let ordinal_allowed = matches!(rule.frequency, Frequency::Monthly | Frequency::Yearly);
        if !ordinal_allowed && rule.by_day.iter().any(|d| d.ordinal.is_some()) {
            return Err(RuleError {
                message: "numbered days such as 1SA only work with FREQ=MONTHLY or FREQ=YEARLY"
                    .into(),
                offset: 0,
            });
        }
        // BYSETPOS picks among the dates one period yields, and needs another BY part to yield
        // them (RFC 5545 3.3.10).
        if !rule.by_set_pos.is_empty() {
            if rule.by_day.is_empty() && rule.by_month_day.is_empty() && rule.by_month.is_empty() {
                return Err(RuleError {
                    message: "BYSETPOS picks among the days another part lists; add BYDAY, BYMONTHDAY or BYMONTH".into(),
                    offset: 0,
                });
            }
            let (unit, most) = match rule.frequency {
                Frequency::Daily => ("day", 1),
                Frequency::Weekly => ("week", 7),
                Frequency::Monthly => ("month", 31),
                Frequency::Yearly => ("year", 366),
            };
            if let Some(position) = rule.by_set_pos.iter().find(|n| n.abs() > most) {
                return Err(RuleError {
                    message: format!(
                        "BYSETPOS={position} asks for a date a {unit} never has that many of; use 1 to {most}, or -1 (the last) to -{most}"
                    ),
                    offset: 0,
                });
            }
        }
        // Within a month there are at most five of a weekday: `6SA` would never happen.
        let within_month = rule.frequency == Frequency::Monthly || !rule.by_month.is_empty();
        if within_month
            && let Some(day) = rule
                .by_day
                .iter()
                .find(|d| d.ordinal.is_some_and(|n| !(-5..=5).contains(&n)))
        {
            return Err(RuleError {
                message: format!(
                    "{}{} asks for a weekday a month does not have that many of; numbered days within a month go from 1 to 5, or -1 (the last) to -5",
                    day.ordinal.unwrap_or_default(),
                    weekday_code(day.weekday)
                ),
                offset: 0,
            });
        }
        // RFC 5545 reads `BYDAY=MO,1WE` as every Monday and the first Wednesday, but common
        // calendar libraries (python-dateutil, the rrule crate) show no date at all for it.
        let numbered = rule.by_day.iter().filter(|d| d.ordinal.is_some()).count();
        if numbered > 0 && numbered < rule.by_day.len() {
            return Err(RuleError {
                message: "BYDAY mixes numbered days (such as 1WE) with plain ones (such as MO), which calendar apps read differently; number them all, or make two events".into(),
                offset: 0,
            });
        }
        if rule.frequency == Frequency::Weekly && !rule.by_month_day.is_empty() {
            return Err(RuleError {
                message: "BYMONTHDAY does not go with FREQ=WEEKLY".into(),
                offset: 0,
            });
        }
        Ok(rule)
    }

    /// The start dates-times of the series that begins at `start`, in civil time, in order:
    /// at most `limit` of them, none after `horizon` (for rules without an end).
    pub fn expand(
        &self,
        start: DateTime,
        horizon: Date,
        limit: usize,
        zone: &jiff::tz::TimeZone,
    ) -> Vec<DateTime> {
        let mut out = Vec::new();
        let max = self.count.map(|c| c as usize).unwrap_or(limit).min(limit);
        let mut period = 0i64;
        // Periods without any occurrence are possible (BYMONTHDAY=31 in short months); stop
        // after many empty periods in a row so that impossible rules end.
        let mut empty_run = 0;
        while out.len() < max && empty_run < 2000 {
            let candidates = self.period_dates(start.date(), period);
            period += 1;
            let Some(candidates) = candidates else { break };
            let mut any = false;
            for date in candidates {
                let occurrence = date.to_datetime(start.time());
                if occurrence < start {
                    continue;
                }
                if date > horizon && self.count.is_none() {
                    return out;
                }
                if let Some(until) = self.until {
                    let past = match until {
                        Until::Local(limit) => occurrence > limit,
                        Until::Exact(limit) => zone
                            .to_ambiguous_zoned(occurrence)
                            .compatible()
                            .map(|z| z.timestamp() > limit)
                            .unwrap_or(true),
                    };
                    if past {
                        return out;
                    }
                }
                any = true;
                out.push(occurrence);
                if out.len() >= max {
                    return out;
                }
            }
            empty_run = if any { 0 } else { empty_run + 1 };
        }
        out
    }

    /// The dates of the `index`-th period after `start`'s period, sorted, after BYSETPOS.
    /// `None` when the period is beyond the calendar jiff can represent.
    fn period_dates(&self, start: Date, index: i64) -> Option<Vec<Date>> {
        let step = index.checked_mul(self.interval as i64)?;
        let mut dates: Vec<Date> = match self.frequency {
            Frequency::Daily => {
                let day = start.checked_add(step.days()).ok()?;
                vec![day]
            }
            Frequency::Weekly => {
                let monday = start
                    .checked_sub((start.weekday().to_monday_zero_offset() as i64).days())
                    .ok()?;
                let monday = monday.checked_add((step * 7).days()).ok()?;
                let days: Vec<Weekday> = if self.by_day.is_empty() {
                    vec![start.weekday()]
                } else {
                    self.by_day.iter().map(|d| d.weekday).collect()
                };
                (0..7)
                    .filter_map(|i| monday.checked_add(i.days()).ok())
                    .filter(|d| days.contains(&d.weekday()))
                    .collect()
            }
            Frequency::Monthly => {
                let first = start.first_of_month().checked_add(step.months()).ok()?;
                self.dates_in_month(first, start)
            }
            Frequency::Yearly => {
                let year = start.year() as i64 + step;
                let year = i16::try_from(year)
                    .ok()
                    .filter(|y| (1..=9998).contains(y))?;
                if self.by_month.is_empty()
                    && !self.by_day.is_empty()
                    && self.by_month_day.is_empty()
                {
                    self.weekdays_in_range(
                        Date::new(year, 1, 1).ok()?,
                        Date::new(year, 12, 31).ok()?,
                    )
                } else {
                    // Without BYMONTH, BYMONTHDAY expands over every month of the year.
                    let months: Vec<i8> =
                        match (self.by_month.is_empty(), self.by_month_day.is_empty()) {
                            (false, _) => self.by_month.clone(),
                            (true, true) => vec![start.month()],
                            (true, false) => (1..=12).collect(),
                        };
                    months
                        .iter()
                        .filter_map(|m| Date::new(year, *m, 1).ok())
                        .flat_map(|first| self.dates_in_month(first, start))
                        .collect()
                }
            }
        };
        if !self.by_month.is_empty() {
            dates.retain(|d| self.by_month.contains(&d.month()));
        }
        if self.frequency == Frequency::Daily {
            if !self.by_month_day.is_empty() {
                dates.retain(|d| self.by_month_day.iter().any(|n| month_day_matches(*d, *n)));
            }
            if !self.by_day.is_empty() {
                dates.retain(|d| self.by_day.iter().any(|b| b.weekday == d.weekday()));
            }
        }
        dates.sort();
        dates.dedup();
        if !self.by_set_pos.is_empty() {
            let count = dates.len() as i32;
            let mut picked: Vec<Date> = self
                .by_set_pos
                .iter()
                .filter_map(|pos| {
                    let index = if *pos > 0 { pos - 1 } else { count + pos };
                    (0..count).contains(&index).then(|| dates[index as usize])
                })
                .collect();
            picked.sort();
            picked.dedup();
            dates = picked;
        }
        Some(dates)
    }

    /// Candidate dates in the month starting at `first`, by BYMONTHDAY and/or BYDAY, or the
    /// start's day of the month.
    fn dates_in_month(&self, first: Date, start: Date) -> Vec<Date> {
        let last = first.last_of_month();
        let by_month_day: Vec<Date> = self
            .by_month_day
            .iter()
            .filter_map(|n| {
                let day = if *n > 0 { *n } else { last.day() + 1 + *n };
                (day >= 1)
                    .then(|| Date::new(first.year(), first.month(), day).ok())
                    .flatten()
            })
            .collect();
        match (self.by_month_day.is_empty(), self.by_day.is_empty()) {
            (true, true) => Date::new(first.year(), first.month(), start.day())
                .ok()
                .into_iter()
                .collect(),
            (false, true) => by_month_day,
            (true, false) => self.weekdays_in_range(first, last),
            (false, false) => self
                .weekdays_in_range(first, last)
                .into_iter()
                .filter(|d| by_month_day.contains(d))
                .collect(),
        }
    }

    /// The dates from `first` to `last` that BYDAY names, ordinals counted within the range.
    fn weekdays_in_range(&self, first: Date, last: Date) -> Vec<Date> {
        let mut dates = Vec::new();
        for by_day in &self.by_day {
            let all: Vec<Date> = first
                .series(1.day())
                .take_while(|d| *d <= last)
                .filter(|d| d.weekday() == by_day.weekday)
                .collect();
            match by_day.ordinal {
                None => dates.extend(all),
                Some(n) if n > 0 => dates.extend(all.get(n as usize - 1)),
                Some(n) => dates.extend(
                    all.len()
                        .checked_sub(n.unsigned_abs() as usize)
                        .and_then(|i| all.get(i)),
                ),
            }
        }
        dates
    }

    /// True when the rule's UNTIL falls before a first occurrence at `start` in `zone`: a
    /// series that ends before it begins.
    pub fn ends_before(&self, start: DateTime, zone: &jiff::tz::TimeZone) -> bool {
        match self.until {
            None => false,
            Some(Until::Local(limit)) => limit < start,
            Some(Until::Exact(limit)) => zone
                .to_ambiguous_zoned(start)
                .compatible()
                .is_ok_and(|first| limit < first.timestamp()),
        }
    }

    /// The rule as a calendar file writes it. UNTIL is a date for an all-day event and a UTC
    /// time otherwise, as RFC 5545 (3.3.10) requires when the start is in a time zone; `zone`
    /// is the event's.
    pub fn to_rrule(&self, all_day: bool, zone: &jiff::tz::TimeZone) -> String {
        let frequency = match self.frequency {
            Frequency::Daily => "DAILY",
            Frequency::Weekly => "WEEKLY",
            Frequency::Monthly => "MONTHLY",
            Frequency::Yearly => "YEARLY",
        };
        let mut parts = vec![format!("FREQ={frequency}")];
        if self.interval != 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        if let Some(count) = self.count {
            parts.push(format!("COUNT={count}"));
        }
        if let Some(until) = self.until {
            let utc = |exact: Timestamp| exact.strftime("%Y%m%dT%H%M%SZ").to_string();
            let text = match until {
                Until::Local(local) if all_day => local.strftime("%Y%m%d").to_string(),
                Until::Exact(exact) if all_day => {
                    exact.to_zoned(zone.clone()).strftime("%Y%m%d").to_string()
                }
                Until::Exact(exact) => utc(exact),
                // A local time outside the zone's range is left as written.
                Until::Local(local) => match zone.to_ambiguous_zoned(local).compatible() {
                    Ok(zoned) => utc(zoned.timestamp()),
                    Err(_) => local.strftime("%Y%m%dT%H%M%S").to_string(),
                },
            };
            parts.push(format!("UNTIL={text}"));
        }
        let list = |items: Vec<String>| items.join(",");
        if !self.by_day.is_empty() {
            let days = self.by_day.iter().map(|day| {
                let ordinal = day.ordinal.map(|n| n.to_string()).unwrap_or_default();
                format!("{ordinal}{}", weekday_code(day.weekday))
            });
            parts.push(format!("BYDAY={}", list(days.collect())));
        }
        let numbers = |values: Vec<i32>| list(values.iter().map(i32::to_string).collect());
        if !self.by_month_day.is_empty() {
            let days = self.by_month_day.iter().map(|&n| i32::from(n)).collect();
            parts.push(format!("BYMONTHDAY={}", numbers(days)));
        }
        if !self.by_month.is_empty() {
            let months = self.by_month.iter().map(|&n| i32::from(n)).collect();
            parts.push(format!("BYMONTH={}", numbers(months)));
        }
        if !self.by_set_pos.is_empty() {
            parts.push(format!("BYSETPOS={}", numbers(self.by_set_pos.clone())));
        }
        parts.join(";")
    }

    /// The rule in words, in the hub's language: "First Saturday of every month, 12 times"
    /// ("El primer sábado de cada mes, 12 veces"); with `skipped` dates of a counted series
    /// skipped or cancelled, "12 dates, 1 skipped", so that the count is not read as meetings.
    pub fn describe(&self, start: DateTime, words: &Words, skipped: usize) -> String {
        let unit = match self.frequency {
            Frequency::Daily => "day",
            Frequency::Weekly => "week",
            Frequency::Monthly => "month",
            Frequency::Yearly => "year",
        };
        let every = words.every(unit, self.interval);
        let and = words.text("recurrence_and");
        let days = |list: &[ByDay]| {
            list.iter()
                .map(|d| match d.ordinal {
                    None => words.fill(
                        "recurrence_weekday",
                        &[("weekday", words.weekday(d.weekday))],
                    ),
                    Some(n) => words.fill(
                        "recurrence_nth_weekday",
                        &[
                            ("ordinal", &words.ordinal(n.into())),
                            ("weekday", words.weekday(d.weekday)),
                        ],
                    ),
                })
                .collect::<Vec<_>>()
                .join(and)
        };
        let month_days = || {
            self.by_month_day
                .iter()
                .map(|n| {
                    if *n == -1 {
                        words.text("recurrence_last_day").to_string()
                    } else {
                        words.fill("recurrence_month_day", &[("n", &n.to_string())])
                    }
                })
                .collect::<Vec<_>>()
                .join(and)
        };
        let with_every =
            |key: &str, days: &str| words.fill(key, &[("days", days), ("every", &every)]);
        let day_of_every = || {
            words.fill(
                "recurrence_day_of_every",
                &[("day", &start.date().day().to_string()), ("every", &every)],
            )
        };
        let mut text = match self.frequency {
            Frequency::Daily | Frequency::Weekly if !self.by_day.is_empty() => {
                with_every("recurrence_days_every", &days(&self.by_day))
            }
            Frequency::Daily => every.clone(),
            Frequency::Weekly => with_every(
                "recurrence_days_every",
                &words.fill(
                    "recurrence_weekday",
                    &[("weekday", words.weekday(start.date().weekday()))],
                ),
            ),
            Frequency::Monthly | Frequency::Yearly if !self.by_day.is_empty() => {
                with_every("recurrence_days_of_every", &days(&self.by_day))
            }
            Frequency::Monthly | Frequency::Yearly if !self.by_month_day.is_empty() => {
                with_every("recurrence_days_of_every", &month_days())
            }
            Frequency::Monthly => day_of_every(),
            Frequency::Yearly if !self.by_month.is_empty() => day_of_every(),
            Frequency::Yearly => words.fill(
                "recurrence_date_every",
                &[
                    ("day", &start.date().day().to_string()),
                    ("month", words.month(start.date().month())),
                    ("every", &every),
                ],
            ),
        };
        if self.by_set_pos.len() == 1 {
            text = words.fill(
                "recurrence_position_of",
                &[
                    ("ordinal", &words.ordinal(self.by_set_pos[0])),
                    ("rule", &text),
                ],
            );
        }
        if !self.by_month.is_empty() {
            let months: Vec<&str> = self.by_month.iter().map(|m| words.month(*m)).collect();
            text = words.fill(
                "recurrence_in_months",
                &[("rule", &text), ("months", &months.join(and))],
            );
        }
        let text = match (self.count, self.until) {
            (Some(n), _) if skipped > 0 => words.fill(
                "recurrence_times_skipped",
                &[
                    ("rule", &text),
                    ("n", &n.to_string()),
                    ("skipped", &skipped.to_string()),
                ],
            ),
            (Some(1), _) => words.fill("recurrence_once", &[("rule", &text)]),
            (Some(n), _) => words.fill(
                "recurrence_times",
                &[("rule", &text), ("n", &n.to_string())],
            ),
            (None, Some(Until::Local(until))) => words.fill(
                "recurrence_until",
                &[("rule", &text), ("date", &words.long_date(until.date()))],
            ),
            (None, Some(Until::Exact(until))) => words.fill(
                "recurrence_until",
                &[
                    ("rule", &text),
                    (
                        "date",
                        &words.long_date(until.to_zoned(jiff::tz::TimeZone::UTC).date()),
                    ),
                ],
            ),
            (None, None) => text,
        };
        capitalise(&text)
    }
}

fn parse_until(value: &str) -> Option<Until> {
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let date = |s: &str| -> Option<Date> {
        (s.len() == 8 && digits(s))
            .then(|| {
                Date::new(
                    s[..4].parse().ok()?,
                    s[4..6].parse().ok()?,
                    s[6..8].parse().ok()?,
                )
                .ok()
            })
            .flatten()
    };
    if let Some(d) = date(value) {
        return Some(Until::Local(d.to_datetime(jiff::civil::Time::MAX)));
    }
    let (day, rest) = value.split_once('T')?;
    let exact = rest.ends_with('Z');
    let time = rest.trim_end_matches('Z');
    if time.len() != 6 || !digits(time) {
        return None;
    }
    let datetime = date(day)?.to_datetime(
        jiff::civil::Time::new(
            time[..2].parse().ok()?,
            time[2..4].parse().ok()?,
            time[4..].parse().ok()?,
            0,
        )
        .ok()?,
    );
    Some(if exact {
        Until::Exact(datetime.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp())
    } else {
        Until::Local(datetime)
    })
}

fn month_day_matches(date: Date, n: i8) -> bool {
    if n > 0 {
        date.day() == n
    } else {
        date.day() == date.last_of_month().day() + 1 + n
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_phrases_become_rules() {
        for (words, rule) in [
            ("first Saturday of every month", "FREQ=MONTHLY;BYDAY=1SA"),
            (
                "the 2nd and 4th Wednesday of the month",
                "FREQ=MONTHLY;BYDAY=2WE,4WE",
            ),
            ("last Friday of each month", "FREQ=MONTHLY;BYDAY=-1FR"),
            ("every other Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
            ("Tuesdays and Thursdays", "FREQ=WEEKLY;BYDAY=TU,TH"),
            ("monthly", "FREQ=MONTHLY"),
            ("every two weeks", "FREQ=WEEKLY;INTERVAL=2"),
            ("primer sábado de cada mes", "FREQ=MONTHLY;BYDAY=1SA"),
            ("cada martes", "FREQ=WEEKLY;BYDAY=TU"),
        ] {
            assert_eq!(from_words(words).as_deref(), Some(rule), "{words}");
            assert!(Rule::parse(rule).is_ok(), "{rule}");
        }
        assert_eq!(from_words("whenever we can"), None);
    }

    #[test]
    fn until_may_be_written_with_dashes() {
        let with = Rule::parse("FREQ=WEEKLY;UNTIL=2027-06-30").unwrap();
        let without = Rule::parse("FREQ=WEEKLY;UNTIL=20270630").unwrap();
        assert_eq!(format!("{:?}", with.until), format!("{:?}", without.until));
        assert!(Rule::parse("FREQ=WEEKLY;UNTIL=2027-06-30T18:00:00Z").is_ok());
    }
}
