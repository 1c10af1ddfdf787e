//! The values of a page's front matter that need hub.yaml or the page's bundle to read: its
//! dates in the hub's zone, an event's times and series, its terms in the configured
//! taxonomies, and a profile's picture. Read once per page build, each problem at its line;
//! `site` and `events` take the typed values and never go back to the text.

use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Zoned};
use serde_saphyr::Spanned;

use super::{Kind, Source, front_matter};
use crate::config::{Config, taxonomy_title};
use crate::diagnostic::Diagnostic;
use crate::events::{
    self, ChangeScope, Event, EventTime, Moment, SeriesChange, parse_duration, parse_moment,
    recurrence,
};
use crate::slug::slugify;
use crate::urls;

/// How to write a moment, shown under every problem with one.
const MOMENT_HELP: &str =
    "write a date as 2026-12-05, or a date and time as 2026-12-05T08:30:00 (24-hour clock)";

/// A page's front matter values that depend on the hub, read and checked.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// `date`, in the hub's zone.
    pub date: Option<Zoned>,
    /// `updated`, in the hub's zone.
    pub updated: Option<Zoned>,
    /// An event's times, series, place and links.
    pub event: Option<Event>,
    /// The terms of each configured taxonomy the page names, in hub.yaml's order.
    pub terms: Vec<(String, Vec<Term>)>,
    /// A profile's picture: its path on the site, such as `profiles/ana/photo.jpg`.
    pub avatar: Option<String>,
    /// The language the page is written in (BCP 47): its `lang`, or the language its file
    /// name ends in; `None` for a page in the hub's default language.
    pub language: Option<String>,
}

/// One term of a taxonomy as a page names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As written.
    pub name: String,
    /// The last segment of the term's address.
    pub slug: String,
}

/// Reads the values of `source` that depend on hub.yaml (`config`) or on its bundle; every
/// problem is returned at once.
pub fn read(source: &Source, config: &Config) -> Result<Typed, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let front = &source.front;
    let mut date_of = |value: &Option<Spanned<String>>| {
        let value = value.as_ref()?;
        page_date(source, value, &config.timezone)
            .map_err(|problem| problems.push(problem))
            .ok()
    };
    let date = date_of(&front.date);
    let updated = date_of(&front.updated);
    if source.kind == Kind::Post && front.date.is_none() {
        problems.push(
            Diagnostic::at(&source.file, &source.text, 1, 1, "a post needs a `date`")
                .with_help("add a line such as `date: 2026-11-23`"),
        );
    }
    let event = if source.kind == Kind::Event {
        event(source, config)
            .map_err(|mut errors| problems.append(&mut errors))
            .ok()
    } else {
        None
    };
    let avatar = match (&front.avatar, source.kind) {
        (Some(value), Kind::Profile) => match picture_path(source, &value.value) {
            Ok(path) => Some(path),
            Err(message) => {
                problems.push(source.error_at(&value.referenced, message).with_help(
                    "put the picture beside the profile (a page bundle: profiles/NAME/index.md and profiles/NAME/photo.jpg) or in static/, and write its file name",
                ));
                None
            }
        },
        _ => None,
    };
    let terms = terms(source, config, &mut problems);
    let language = language(source)
        .map_err(|problem| problems.push(problem))
        .ok()
        .flatten();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Typed {
        date,
        updated,
        event,
        terms,
        avatar,
        language,
    })
}

/// The language `source` is written in: its `lang` (as BCP 47 writes it), else the language
/// its file name ends in (`about.es.md`). A `lang` that names another language than the file
/// name is an error at its line.
fn language(source: &Source) -> Result<Option<String>, Diagnostic> {
    let Some(lang) = &source.front.lang else {
        return Ok(source.language.clone());
    };
    let code = crate::config::language_code(&lang.value).map_err(|(message, help)| {
        let help = match crate::config::meant_code(&lang.value) {
            Some(meant) => format!("write `lang: {meant}`"),
            None => help,
        };
        source.error_at(&lang.referenced, message).with_help(help)
    })?;
    match &source.language {
        Some(named) if *named != code => Err(source
            .error_at(
                &lang.referenced,
                format!("this file's name says it is in `{named}`, but its `lang` says `{code}`"),
            )
            .with_help(
                "a translation's language is the end of its file name: remove `lang` from this file",
            )),
        _ => Ok(Some(code)),
    }
}

/// A front matter date of `source` (such as `date` or `updated`) in `zone`.
fn page_date(
    source: &Source,
    value: &Spanned<String>,
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

/// The terms `source` names in each taxonomy of hub.yaml; terms with nothing to make an
/// address from are problems.
fn terms(
    source: &Source,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<Term>)> {
    let mut terms = Vec::new();
    for taxonomy in &config.taxonomies {
        let Some(given) = source.front.terms.get(taxonomy.as_str()) else {
            continue;
        };
        let mut named = Vec::with_capacity(given.values.len());
        for name in &given.values {
            let slug = slugify(name);
            if slug.is_empty() {
                let message = format!(
                    "the {} term `{name}` has no letters or digits to make an address from",
                    taxonomy_title(taxonomy).to_lowercase()
                );
                let problem = match &given.location {
                    Some(location) => source.error_at(location, message),
                    None => Diagnostic::file_error(&source.file, message),
                };
                problems
                    .push(problem.with_help("write the term with letters or digits, or remove it"));
                continue;
            }
            named.push(Term {
                name: name.clone(),
                slug,
            });
        }
        if !named.is_empty() {
            terms.push((taxonomy.clone(), named));
        }
    }
    terms
}

/// The site path of a profile picture: beside the page (bundle) or a path under `static/`.
fn picture_path(source: &Source, picture: &str) -> Result<String, String> {
    if urls::is_on_another_site(picture) {
        return Err(format!(
            "`{picture}` is on another site; convene loads nothing from other sites, to keep readers private"
        ));
    }
    if let Some(site_path) = picture.strip_prefix('/') {
        return Ok(site_path.to_string());
    }
    let composed = crate::paths::composed;
    let beside = source.file.parent().unwrap_or(Path::new("")).join(picture);
    let wanted = composed(&beside.to_string_lossy());
    if source
        .assets
        .iter()
        .any(|file| composed(&file.to_string_lossy()) == wanted)
    {
        return Ok(format!("{}{}", source.path, composed(picture)));
    }
    Err(format!(
        "there is no picture `{picture}` beside {}",
        crate::diagnostic::display_path(&source.file)
    ))
}

/// An event's times, recurrence, exceptions, place and links; its zones default to hub.yaml's
/// (`config`).
fn event(source: &Source, config: &Config) -> Result<Event, Vec<Diagnostic>> {
    let front = &source.front;
    let also_zone = match &front.also_timezone {
        None => Ok(config.also_timezone.clone()),
        Some(name) => zone_named(source, name).map(|(_, zone)| Some(zone)),
    };
    let (first, also_zone) = match (
        event_time(source, (&config.timezone_name, &config.timezone)),
        also_zone,
    ) {
        (Ok(first), Ok(also_zone)) => (first, also_zone),
        (first, also_zone) => {
            return Err(first
                .err()
                .unwrap_or_default()
                .into_iter()
                .chain(also_zone.err())
                .collect());
        }
    };
    let checked = &source.checked;
    let (rule, exceptions) = series(source, &first)?;
    let (changes, additional_dates) = changes(source, &first, rule.as_ref(), &exceptions)?;
    Ok(Event {
        title: front.title.clone(),
        first,
        rule,
        exceptions,
        location: front.location.clone(),
        online: checked.online.clone(),
        registration: checked.registration.clone(),
        status: front.status,
        changes,
        additional_dates,
        also_zone,
    })
}

/// The time zone a front matter value names (`timezone`, `also_timezone`), as written and
/// checked, or the problem at its line.
fn zone_named(source: &Source, name: &Spanned<String>) -> Result<(String, TimeZone), Diagnostic> {
    crate::config::time_zone(&name.value)
        .map(|zone| (name.value.trim().to_string(), zone))
        .map_err(|(message, help)| source.error_at(&name.referenced, message).with_help(help))
}

/// An event's `changes` and `additional_dates`, each date checked against its series: a change
/// names a date the rule gives (not one `exceptions` skips), a moved date does not land on
/// another, and an additional date is not one of the series already.
fn changes(
    source: &Source,
    first: &EventTime,
    rule: Option<&recurrence::Rule>,
    exceptions: &[Date],
) -> Result<(Vec<SeriesChange>, Vec<Date>), Vec<Diagnostic>> {
    let front = &source.front;
    let Some(rule) = rule else {
        let named = front
            .changes
            .first()
            .map(|c| (&c.referenced, "changes"))
            .or(front
                .additional_dates
                .first()
                .map(|d| (&d.referenced, "additional_dates")));
        return match named {
            Some((at, key)) => Err(vec![
                source
                    .error_at(
                        at,
                        format!("`{key}` only apply to an event with a `recurrence`"),
                    )
                    .with_help(format!("remove `{key}`, or add a `recurrence` rule")),
            ]),
            None => Ok((Vec::new(), Vec::new())),
        };
    };
    let mut problems = Vec::new();
    let date_of = |value: &Spanned<String>, problems: &mut Vec<Diagnostic>| match value
        .value
        .trim()
        .parse::<Date>()
    {
        Ok(date) => Some(date),
        Err(_) => {
            problems.push(
                source
                    .error_at(
                        &value.referenced,
                        format!("`{}` is not a date", value.value),
                    )
                    .with_help("write the date as 2027-02-06"),
            );
            None
        }
    };
    let additional: Vec<(Date, &Spanned<String>)> = front
        .additional_dates
        .iter()
        .filter_map(|value| date_of(value, &mut problems).map(|date| (date, value)))
        .collect();
    let named = front
        .changes
        .iter()
        .filter_map(|c| c.value.date.as_ref().or(c.value.from.as_ref()))
        .filter_map(|value| value.value.trim().parse::<Date>().ok())
        .chain(additional.iter().map(|(date, _)| *date))
        .max();
    let dates: Vec<jiff::civil::DateTime> = match named {
        Some(last) => rule.expand(
            first.start.datetime(),
            last.saturating_add(jiff::Span::new().months(2)),
            events::MAX_OCCURRENCES,
            first.start.time_zone(),
        ),
        None => Vec::new(),
    };
    let in_series = |date: Date| dates.iter().any(|d| d.date() == date);
    let not_in_series = |date: Date, value: &Spanned<String>| {
        let help = match nearest(&dates, date) {
            Some(near) => format!(
                "the nearest date of the series is {near} ({}); a change names a date as the rule gives it, and `start` says where it moves",
                near.strftime("%A")
            ),
            None => "check the date against the recurrence".to_string(),
        };
        source
            .error_at(
                &value.referenced,
                format!("{date} is not one of the dates this event repeats on"),
            )
            .with_help(help)
    };
    let mut changes = Vec::new();
    for spanned in &front.changes {
        let change = &spanned.value;
        fn at<'a>(
            value: &'a Option<Spanned<String>>,
            change: &'a Spanned<front_matter::DateChange>,
        ) -> &'a serde_saphyr::Location {
            value.as_ref().map_or(&change.referenced, |v| &v.referenced)
        }
        let scope = match (&change.date, &change.from) {
            (Some(value), None) => {
                date_of(value, &mut problems).map(|d| (ChangeScope::Date(d), value))
            }
            (None, Some(value)) => {
                date_of(value, &mut problems).map(|d| (ChangeScope::From(d), value))
            }
            (Some(_), Some(from)) => {
                problems.push(
                    source
                        .error_at(&from.referenced, "a change takes `date` (one date) or `from` (this date and every later one), not both")
                        .with_help("write two changes, one with each"),
                );
                None
            }
            (None, None) => {
                problems.push(
                    source
                        .error_at(&spanned.referenced, "this change names no date")
                        .with_help("add `date: 2027-02-06` for one date of the series, or `from: 2027-03-06` for that date and every later one"),
                );
                None
            }
        };
        let Some((scope, value)) = scope else {
            continue;
        };
        let date = scope.date();
        if !in_series(date) {
            problems.push(not_in_series(date, value));
            continue;
        }
        if exceptions.contains(&date) {
            problems.push(
                source
                    .error_at(
                        &value.referenced,
                        format!("{date} is skipped by `exceptions`, so there is no meeting to change"),
                    )
                    .with_help(format!(
                        "to say why it is off, remove {date} from `exceptions` and write `status: cancelled` and a `note` here; to move it, remove it from `exceptions`"
                    )),
            );
            continue;
        }
        let wrong = |key: &Option<Spanned<String>>,
                     message: &str,
                     help: &str,
                     problems: &mut Vec<Diagnostic>| {
            if key.is_some() {
                problems.push(
                    source
                        .error_at(at(key, spanned), message.to_string())
                        .with_help(help.to_string()),
                );
            }
        };
        if let ChangeScope::From(_) = scope {
            wrong(
                &change.start,
                "a change `from` a date cannot move the dates: it applies to every later one",
                "write `start_time: \"09:00\"` for a new time of day; to move one date, write a change with `date`",
                &mut problems,
            );
            wrong(
                &change.end,
                "a change `from` a date takes `duration`, not `end`",
                "write `duration: 90m`",
                &mut problems,
            );
            if let Some(status) = &change.status {
                problems.push(
                    source
                        .error_at(&status.referenced, "a change `from` a date cannot cancel every later date")
                        .with_help("to end the series, add UNTIL to the rule (FREQ=MONTHLY;BYDAY=1SA;UNTIL=2027-06-30); to cancel one date, write a change with `date`"),
                );
            }
        }
        if change.start.is_some() {
            wrong(
                &change.start_time,
                "a change takes `start` or `start_time`, not both",
                "keep `start` to move the date, with its new time",
                &mut problems,
            );
        }
        if change.end.is_some() {
            wrong(
                &change.duration,
                "a change takes `end` or `duration`, not both",
                "remove one of the two lines",
                &mut problems,
            );
        }
        if first.all_day {
            wrong(
                &change.start_time,
                "an all-day event has no time of day to change",
                "remove `start_time`, or give the event's `start` a time",
                &mut problems,
            );
        }
        let start = change.start.as_ref().and_then(|value| {
            match parse_moment(&value.value) {
                Ok(Moment::Day(day)) if first.all_day => Some(day.to_datetime(jiff::civil::Time::midnight())),
                Ok(Moment::Local(local)) if !first.all_day => Some(local),
                Ok(Moment::Exact(exact)) if !first.all_day => Some(exact.to_zoned(first.start.time_zone().clone()).datetime()),
                Ok(_) => {
                    problems.push(
                        source
                            .error_at(&value.referenced, "`start` and the event's own `start` must both be dates, or both dates with times")
                            .with_help(if first.all_day { "write a date, such as 2027-02-13" } else { "write a date and time, such as 2027-02-13T09:00:00" }),
                    );
                    None
                }
                Err(message) => {
                    problems.push(source.error_at(&value.referenced, message).with_help(MOMENT_HELP));
                    None
                }
            }
        });
        if let Some(start) = start
            && start.date() != date
            && in_series(start.date())
            && !exceptions.contains(&start.date())
        {
            problems.push(
                source
                    .error_at(
                        at(&change.start, spanned),
                        format!("{date} moves to {}, which is already a date of the series", start.date()),
                    )
                    .with_help(format!("move it to another day, or cancel {date} (`status: cancelled`) and keep {}", start.date())),
            );
        }
        let start_time = change.start_time.as_ref().and_then(|value| {
            match value.value.trim().parse::<jiff::civil::Time>() {
                Ok(time) => Some(time),
                Err(_) => {
                    problems.push(
                        source
                            .error_at(&value.referenced, format!("`{}` is not a time of day", value.value))
                            .with_help("write the time on a 24-hour clock, in quotes: start_time: \"09:00\""),
                    );
                    None
                }
            }
        });
        let length = match (&change.end, &change.duration) {
            (Some(value), _) => match parse_moment(&value.value) {
                Ok(Moment::Local(local)) if !first.all_day => Some(events::Length::End(local)),
                Ok(Moment::Day(day)) if first.all_day => Some(events::Length::End(
                    day.to_datetime(jiff::civil::Time::midnight()),
                )),
                Ok(_) | Err(_) => {
                    problems.push(
                        source
                            .error_at(
                                &value.referenced,
                                format!("`{}` is not an end like the event's own", value.value),
                            )
                            .with_help(MOMENT_HELP),
                    );
                    None
                }
            },
            (None, Some(value)) => match parse_duration(&value.value) {
                Ok(length) => Some(events::Length::Duration(length)),
                Err(message) => {
                    problems.push(
                        source
                            .error_at(&value.referenced, message)
                            .with_help("write a duration such as 90m, 2h, 1h30m or PT1H30M"),
                    );
                    None
                }
            },
            (None, None) => None,
        };
        let link = |value: &Option<Spanned<String>>, what: &str, problems: &mut Vec<Diagnostic>| {
            super::checked::external(source, value.as_ref()?, what, problems)
        };
        let online = link(&change.online, "`online`", &mut problems);
        let registration = link(&change.registration, "`registration`", &mut problems);
        changes.push(SeriesChange {
            scope,
            start,
            start_time,
            length,
            location: change.location.clone(),
            online,
            registration,
            status: change.status.as_ref().map(|s| s.value),
            note: change
                .note
                .as_ref()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
        });
    }
    let mut seen: Vec<ChangeScope> = Vec::new();
    for (change, spanned) in changes.iter().zip(&front.changes) {
        if seen.contains(&change.scope) {
            let value = spanned
                .value
                .date
                .as_ref()
                .or(spanned.value.from.as_ref())
                .expect("a change names its date");
            problems.push(
                source
                    .error_at(
                        &value.referenced,
                        format!("{} is changed twice", change.scope.date()),
                    )
                    .with_help("put everything that changes on that date in one change"),
            );
        }
        seen.push(change.scope);
    }
    for (date, value) in &additional {
        if in_series(*date) && !exceptions.contains(date) {
            problems.push(
                source
                    .error_at(&value.referenced, format!("{date} is already a date of the series"))
                    .with_help("an additional date is a meeting outside the rule; remove it from `additional_dates`"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((
        changes,
        additional.into_iter().map(|(date, _)| date).collect(),
    ))
}

/// An event's `start`, `end` or `duration` and `timezone`.
fn event_time(
    source: &Source,
    default_zone: (&str, &TimeZone),
) -> Result<EventTime, Vec<Diagnostic>> {
    let front = &source.front;
    let (zone_name, zone) = match &front.timezone {
        None => (default_zone.0.to_string(), default_zone.1.clone()),
        Some(name) => zone_named(source, name).map_err(|problem| vec![problem])?,
    };
    let Some(start_value) = &front.start else {
        return Err(vec![
            Diagnostic::at(&source.file, &source.text, 1, 1, "an event needs a `start`")
                .with_help("add a line such as `start: 2026-12-05T08:30:00`"),
        ]);
    };
    let located =
        |value: &Spanned<String>, message: String| source.error_at(&value.referenced, message);
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
    if end <= start {
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

/// The date of `dates` nearest to `date` (the earlier of two as near).
fn nearest(dates: &[jiff::civil::DateTime], date: Date) -> Option<Date> {
    dates.iter().map(|d| d.date()).min_by_key(|d| {
        (
            d.since(date)
                .map_or(i64::MAX, |span| i64::from(span.get_days().abs())),
            *d,
        )
    })
}

/// An event's `recurrence` and `exceptions`, each exception checked to be a date of the series.
fn series(
    source: &Source,
    first: &EventTime,
) -> Result<(Option<recurrence::Rule>, Vec<Date>), Vec<Diagnostic>> {
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
        return Ok((None, Vec::new()));
    };
    let rule = recurrence::Rule::parse(&rule_text.value).map_err(|error| {
        if !rule_text.value.contains('=')
            && let Some(rule) = recurrence::from_words(&rule_text.value)
        {
            return vec![
                source
                    .error_at(
                        &rule_text.referenced,
                        format!(
                            "`{}` is written in words; `recurrence` takes a rule",
                            rule_text.value.trim()
                        ),
                    )
                    .with_help(format!(
                        "write `recurrence: {rule}` (add ;COUNT=12 for twelve dates, or ;UNTIL=2027-06-30 to end on a date)"
                    )),
            ];
        }
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
    // RFC 5545 leaves a DTSTART that is not a date of its own rule undefined: calendar apps
    // show it differently.
    let start = first.start.datetime();
    let zone = first.start.time_zone();
    let next = rule
        .expand(
            start,
            start.date().saturating_add(jiff::Span::new().years(5)),
            1,
            zone,
        )
        .first()
        .copied();
    if next.is_none_or(|next| next.date() != start.date()) {
        // The rule's last date before `start`, as the rule would give it from a month earlier.
        let earlier = start.saturating_sub(jiff::Span::new().days(40));
        let before = rule
            .expand(earlier, start.date(), events::MAX_OCCURRENCES, zone)
            .into_iter()
            .rfind(|date| *date < start);
        let nearest = [before, next].into_iter().flatten().min_by_key(|date| {
            date.date()
                .since(start.date())
                .map_or(i64::MAX, |span| i64::from(span.get_days().abs()))
        });
        let help = match nearest {
            Some(date) => format!(
                "start the series on one of its dates: the nearest is {} ({}), so write `start: {}`",
                date.date(),
                date.strftime("%A"),
                date.strftime(if first.all_day {
                    "%Y-%m-%d"
                } else {
                    "%Y-%m-%dT%H:%M:%S"
                })
            ),
            None => "start the series on one of the dates its rule gives".to_string(),
        };
        let start_value = front.start.as_ref().unwrap_or(rule_text);
        return Err(vec![
            source
                .error_at(
                    &start_value.referenced,
                    format!(
                        "`start` ({}, a {}) is not one of the dates the `recurrence` gives",
                        start.date(),
                        start.strftime("%A")
                    ),
                )
                .with_help(help),
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
    if let Some(last) = exceptions.iter().map(|(date, _)| *date).max() {
        let dates = rule.expand(
            first.start.datetime(),
            last.saturating_add(jiff::Span::new().months(2)),
            events::MAX_OCCURRENCES,
            first.start.time_zone(),
        );
        for (date, value) in &exceptions {
            if !dates.iter().any(|s| s.date() == *date) {
                let help = match nearest(&dates, *date) {
                    Some(near) => format!("the nearest date of the series is {near} ({}); an exception removes one date of the series", near.strftime("%A")),
                    None => "check the date against the recurrence; an exception removes one date of the series".to_string(),
                };
                problems.push(
                    source
                        .error_at(
                            &value.referenced,
                            format!("{date} is not one of the dates this event repeats on"),
                        )
                        .with_help(help),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((Some(rule), exceptions.into_iter().map(|(d, _)| d).collect()))
}

#[cfg(test)]
mod tests {
    //! Typed values read from text in memory, with a hub.yaml of a few lines.

    use super::*;
    use crate::content::parse_source;

    const HUB: &str = "title: North Texas Educators\nbase_url: https://example.org/\ntimezone: America/Chicago\ntaxonomies: [roles, subjects]\n";

    /// `text` read as the file `file` of a hub whose hub.yaml is [`HUB`].
    fn read_file(file: &str, text: &str) -> Result<Typed, Vec<Diagnostic>> {
        let config = crate::config::parse(HUB, None, None).expect("hub.yaml is valid");
        let source =
            parse_source(Path::new(file), text.as_bytes().to_vec()).expect("the file parses");
        read(&source, &config)
    }

    /// The first problem's line, column and message.
    fn first_problem(result: Result<Typed, Vec<Diagnostic>>) -> (usize, usize, String) {
        let problems = result.expect_err("the file has a problem");
        let first = &problems[0];
        (first.line, first.column, first.message.clone())
    }

    #[test]
    fn a_monthly_meetup_is_read_in_its_zone_with_its_skipped_date() {
        let typed = read_file(
            "content/events/coffee.md",
            "---\ntitle: Coffee\nstart: 2026-12-05T08:30:00\nduration: 90m\nrecurrence: FREQ=MONTHLY;BYDAY=1SA\nexceptions: [2027-01-02]\nonline: https://meet.example.org/coffee\n---\n",
        )
        .expect("the event is valid");
        let event = typed.event.expect("an event file has an event");
        assert_eq!(event.first.zone_name, "America/Chicago");
        assert_eq!(event.first.start.offset().seconds(), -6 * 3600);
        assert_eq!(event.first.end.time().minute(), 0);
        assert!(event.rule.is_some());
        assert_eq!(event.exceptions, vec![jiff::civil::date(2027, 1, 2)]);
        assert_eq!(
            event.online.as_deref(),
            Some("https://meet.example.org/coffee")
        );
    }

    #[test]
    fn a_skipped_date_that_is_no_date_of_the_series_is_told_at_its_line() {
        let (line, column, message) = first_problem(read_file(
            "content/events/coffee.md",
            "---\ntitle: Coffee\nstart: 2026-12-05T08:30:00\nrecurrence: FREQ=MONTHLY;BYDAY=1SA\nexceptions:\n  - 2027-01-02\n  - 2027-01-09\n---\n",
        ));
        assert_eq!((line, column), (7, 5));
        assert_eq!(
            message,
            "2027-01-09 is not one of the dates this event repeats on"
        );
    }

    #[test]
    fn an_end_before_the_start_is_told_at_the_end() {
        let (line, _, message) = first_problem(read_file(
            "content/events/chat.md",
            "---\ntitle: Chat\nstart: 2026-12-05T20:00:00\nend: 2026-12-05T19:00:00\n---\n",
        ));
        assert_eq!(line, 4);
        assert_eq!(message, "the event ends before it starts");
    }

    #[test]
    fn dates_take_the_hubs_zone_and_bad_dates_are_told_at_their_line() {
        let typed = read_file(
            "content/posts/news.md",
            "---\ntitle: News\ndate: 2026-11-20\n---\n",
        )
        .expect("the post is valid");
        let date = typed.date.expect("the date is read");
        assert_eq!(date.time_zone().iana_name(), Some("America/Chicago"));
        let (line, _, message) = first_problem(read_file(
            "content/posts/news.md",
            "---\ntitle: News\ndate: next Tuesday\n---\n",
        ));
        assert_eq!(line, 3);
        assert!(message.contains("is not a date"), "{message}");
    }

    #[test]
    fn terms_of_configured_taxonomies_get_slugs_and_empty_ones_are_refused() {
        let typed = read_file(
            "content/profiles/ana.md",
            "---\ntitle: Ana\nroles: [Instructional Coach]\nsubjects: Math\n---\n",
        )
        .expect("the profile is valid");
        assert_eq!(
            typed.terms,
            vec![
                (
                    "roles".to_string(),
                    vec![Term {
                        name: "Instructional Coach".into(),
                        slug: "instructional-coach".into()
                    }]
                ),
                (
                    "subjects".to_string(),
                    vec![Term {
                        name: "Math".into(),
                        slug: "math".into()
                    }]
                ),
            ]
        );
        let (line, _, message) = first_problem(read_file(
            "content/profiles/ana.md",
            "---\ntitle: Ana\nroles: [\"???\"]\n---\n",
        ));
        assert_eq!(line, 3);
        assert!(message.contains("no letters or digits"), "{message}");
    }

    #[test]
    fn a_picture_is_found_beside_the_profile_or_under_static() {
        let config = crate::config::parse(HUB, None, None).expect("hub.yaml is valid");
        let mut source = parse_source(
            Path::new("content/profiles/ana/index.md"),
            b"---\ntitle: Ana\navatar: photo.jpg\n---\n".to_vec(),
        )
        .expect("the file parses");
        let missing = read(&source, &config).expect_err("no picture is beside it yet");
        assert!(
            missing[0]
                .message
                .contains("there is no picture `photo.jpg`")
        );
        source.assets.push("content/profiles/ana/photo.jpg".into());
        let typed = read(&source, &config).expect("the picture is beside the profile");
        assert_eq!(typed.avatar.as_deref(), Some("profiles/ana/photo.jpg"));
        let elsewhere = parse_source(
            Path::new("content/profiles/bo.md"),
            b"---\ntitle: Bo\navatar: /avatars/bo.png\n---\n".to_vec(),
        )
        .expect("the file parses");
        let typed = read(&elsewhere, &config).expect("a site path is taken as it is");
        assert_eq!(typed.avatar.as_deref(), Some("avatars/bo.png"));
    }
}
