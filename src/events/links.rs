//! Links that hand an event or a whole calendar to calendar apps: the "add" links of one event
//! (Google Calendar's event template, Outlook's new-event form) and the subscription links of a
//! calendar file (Google, Apple, Outlook.com, Microsoft 365).

use jiff::Zoned;
use jiff::tz::TimeZone;
use serde::Serialize;
use url::form_urlencoded::Serializer;

use super::{Event, Occurrence, Schedule};

/// What an "add" link says about the event besides its time and place: the page's summary and
/// its address, so that the entry in the reader's calendar leads back to the page.
pub struct About<'a> {
    /// The page's summary.
    pub summary: &'a str,
    /// The page's absolute address.
    pub permalink: &'a str,
}

impl About<'_> {
    /// The summary, a blank line and the page's address.
    fn details(&self) -> String {
        if self.summary.is_empty() {
            self.permalink.to_string()
        } else {
            format!("{}\n\n{}", self.summary, self.permalink)
        }
    }
}

/// The place of a date for a calendar entry: its location, else its join link.
fn place(occurrence: &Occurrence) -> String {
    occurrence
        .location
        .clone()
        .or_else(|| occurrence.online.clone())
        .unwrap_or_default()
}

/// `zoned` in UTC, written with `format`.
fn utc(zoned: &Zoned, format: &str) -> String {
    zoned
        .with_time_zone(TimeZone::UTC)
        .strftime(format)
        .to_string()
}

/// A link that opens Google Calendar's new-event form filled with the event. A single event is
/// given at `next`; a repeating one as the part of its series `next` is in: its first date in
/// its own zone (`ctz`), so that the series keeps its local time across daylight saving
/// changes, and the RRULE of its `.ics` (`recur`). Google's form takes no EXDATE and no
/// changed dates: the dates the series skips or changes are not carried.
pub fn google(event: &Event, schedule: &Schedule, next: &Occurrence, about: &About) -> String {
    let mut query = Serializer::new(String::new());
    query
        .append_pair("action", "TEMPLATE")
        .append_pair("text", &event.title);
    match schedule.parts.get(next.part) {
        Some(part) => {
            let (first, rule) = (&part.first, &part.rule);
            let format = if first.all_day {
                "%Y%m%d"
            } else {
                "%Y%m%dT%H%M%S"
            };
            let dates = format!(
                "{}/{}",
                first.start.strftime(format),
                first.end.strftime(format)
            );
            let rrule = rule.to_rrule(first.all_day, first.start.time_zone());
            query
                .append_pair("dates", &dates)
                .append_pair("ctz", &first.zone_name)
                .append_pair("recur", &format!("RRULE:{rrule}"));
        }
        None => {
            let time = &next.time;
            let dates = if time.all_day {
                format!(
                    "{}/{}",
                    time.start.strftime("%Y%m%d"),
                    time.end.strftime("%Y%m%d")
                )
            } else {
                format!(
                    "{}/{}",
                    utc(&time.start, "%Y%m%dT%H%M%SZ"),
                    utc(&time.end, "%Y%m%dT%H%M%SZ")
                )
            };
            query.append_pair("dates", &dates);
        }
    }
    query
        .append_pair("details", &about.details())
        .append_pair("location", &place(next));
    format!(
        "https://calendar.google.com/calendar/render?{}",
        query.finish()
    )
}

/// Microsoft's web calendars: the one of personal accounts and the one of work and school
/// accounts.
#[derive(Clone, Copy)]
pub enum Outlook {
    /// Outlook.com (`outlook.live.com`).
    Personal,
    /// Microsoft 365 (`outlook.office.com`).
    Work,
}

impl Outlook {
    /// The host of its calendar.
    fn host(self) -> &'static str {
        match self {
            Outlook::Personal => "outlook.live.com",
            Outlook::Work => "outlook.office.com",
        }
    }
}

/// A link that opens Outlook's new-event form filled with the occurrence `next`, at its own
/// time and place. The form takes no repeat rule: for a repeating event it adds that one date.
pub fn outlook(outlook: Outlook, event: &Event, next: &Occurrence, about: &About) -> String {
    let next_time = &next.time;
    let (start, end) = if next_time.all_day {
        (
            next_time.start.strftime("%Y-%m-%d").to_string(),
            next_time.end.strftime("%Y-%m-%d").to_string(),
        )
    } else {
        (
            utc(&next_time.start, "%Y-%m-%dT%H:%M:%SZ"),
            utc(&next_time.end, "%Y-%m-%dT%H:%M:%SZ"),
        )
    };
    let mut query = Serializer::new(String::new());
    query
        .append_pair("path", "/calendar/action/compose")
        .append_pair("rru", "addevent")
        .append_pair("subject", &event.title)
        .append_pair("startdt", &start)
        .append_pair("enddt", &end)
        .append_pair("body", &about.details())
        .append_pair("location", &place(next));
    if next_time.all_day {
        query.append_pair("allday", "true");
    }
    format!(
        "https://{}/calendar/0/deeplink/compose?{}",
        outlook.host(),
        query.finish()
    )
}

/// The ways to subscribe to one calendar file, for its chooser page.
#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    /// The file's address, to copy into any app.
    pub https: String,
    /// The same address with the `webcal:` scheme, which Apple Calendar (and most desktop
    /// apps) open as a subscription.
    pub webcal: String,
    /// Google Calendar's "add this calendar" page for the `webcal:` address.
    pub google: String,
    /// Outlook.com's "subscribe from web" page.
    pub outlook: String,
    /// Microsoft 365's "subscribe from web" page.
    pub office: String,
}

/// The subscription links of the calendar at the absolute address `https`, named `name` in
/// Outlook.
pub fn subscription(https: &str, name: &str) -> Subscription {
    let rest = https
        .strip_prefix("https://")
        .or_else(|| https.strip_prefix("http://"))
        .unwrap_or(https);
    let webcal = format!("webcal://{rest}");
    let google = Serializer::new(String::new())
        .append_pair("cid", &webcal)
        .finish();
    let from_web = |outlook: Outlook| {
        let query = Serializer::new(String::new())
            .append_pair("url", https)
            .append_pair("name", name)
            .finish();
        format!("https://{}/calendar/0/addfromweb?{query}", outlook.host())
    };
    Subscription {
        google: format!("https://calendar.google.com/calendar/r?{google}"),
        outlook: from_web(Outlook::Personal),
        office: from_web(Outlook::Work),
        https: https.to_string(),
        webcal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoded query of `link`, in order.
    fn query(link: &str) -> Vec<(String, String)> {
        url::Url::parse(link)
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn subscription_links_carry_the_address_each_service_asks_for() {
        let links = subscription("https://example.org/hub/a b/events.ics", "Math & more");
        assert_eq!(links.webcal, "webcal://example.org/hub/a b/events.ics");
        assert_eq!(
            query(&links.google),
            [(
                "cid".into(),
                "webcal://example.org/hub/a b/events.ics".into()
            )]
        );
        assert!(links.google.contains("cid=webcal%3A%2F%2Fexample.org%2F"));
        for link in [&links.outlook, &links.office] {
            assert_eq!(
                query(link),
                [
                    (
                        "url".into(),
                        "https://example.org/hub/a b/events.ics".into()
                    ),
                    ("name".into(), "Math & more".into())
                ]
            );
        }
        assert!(
            links
                .office
                .starts_with("https://outlook.office.com/calendar/0/addfromweb?")
        );
        assert!(
            links
                .outlook
                .starts_with("https://outlook.live.com/calendar/0/addfromweb?")
        );
    }
}
