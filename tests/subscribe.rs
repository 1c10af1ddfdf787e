//! The ways a reader takes the hub's events into a calendar app: the subscription pages of the
//! hub's calendar and of each term's, the links that add one event (a repeating one as its
//! series where the service can take it), none for a cancelled event; and feeds and calendars
//! linked with names that say what they hold.

mod common;

use common::Hub;
use common::html::{StartTag, page_text, start_tags};
use url::Url;

/// Where the fixture hub is published.
const BASE: &str = "https://example.org/hub/";

/// The value of the attribute `name` of `tag`.
fn attribute<'a>(tag: &'a StartTag, name: &str) -> Option<&'a str> {
    tag.attributes
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}

/// Every link of `html`, in order.
fn links(html: &str) -> Vec<String> {
    start_tags(html)
        .iter()
        .filter(|tag| tag.name == "a")
        .filter_map(|tag| attribute(tag, "href").map(str::to_string))
        .collect()
}

/// The one link of `html` to `host` and `path`, parsed.
fn link_to(html: &str, host: &str, path: &str) -> Url {
    let found: Vec<Url> = links(html)
        .iter()
        .filter_map(|href| Url::parse(href).ok())
        .filter(|url| url.host_str() == Some(host) && url.path() == path)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one link to {host}{path} in {:?}",
        links(html)
    );
    found[0].clone()
}

/// The decoded query of `url`, field by field, in order.
fn query(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// The decoded value of the field `key` of `url`'s query.
fn field(url: &Url, key: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| panic!("{url} has no {key}"))
}

/// The output file at the absolute address `address` (https or webcal) of the hub.
fn file_at(hub: &Hub, address: &str) -> String {
    let https = address.replacen("webcal://", "https://", 1);
    let path = https
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{address} is not under {BASE}"));
    assert!(hub.has_output(path), "{address} is a file of the build");
    hub.output(path)
}

/// Checks the subscription page at `page` for the calendar at `calendar` (site path) named
/// `name`: each service's link carries the calendar's address, and each leads to the file.
fn check_subscription_page(hub: &Hub, page: &str, calendar: &str, name: &str) {
    let html = hub.output(page);
    let https = format!("{BASE}{calendar}");
    let webcal = https.replacen("https://", "webcal://", 1);

    let google = link_to(&html, "calendar.google.com", "/calendar/r");
    assert_eq!(query(&google), [("cid".to_string(), webcal.clone())]);
    assert!(
        google
            .as_str()
            .contains("cid=webcal%3A%2F%2Fexample.org%2Fhub%2F"),
        "the address is percent-encoded whole: {google}"
    );
    assert!(file_at(hub, &field(&google, "cid")).starts_with("BEGIN:VCALENDAR"));

    assert!(
        links(&html).contains(&webcal),
        "Apple Calendar's webcal link"
    );
    file_at(hub, &webcal);

    for host in ["outlook.live.com", "outlook.office.com"] {
        let outlook = link_to(&html, host, "/calendar/0/addfromweb");
        assert_eq!(
            query(&outlook),
            [
                ("url".to_string(), https.clone()),
                ("name".to_string(), name.to_string())
            ],
            "{host}"
        );
        file_at(hub, &field(&outlook, "url"));
    }

    // The address to copy, in a labelled read-only field; and the file to download once.
    let tags = start_tags(&html);
    let input = tags
        .iter()
        .find(|tag| tag.name == "input" && attribute(tag, "type") == Some("url"))
        .expect("the address to copy");
    assert_eq!(attribute(input, "value"), Some(https.as_str()));
    assert!(attribute(input, "readonly").is_some());
    let id = attribute(input, "id").unwrap();
    assert!(
        tags.iter()
            .any(|tag| tag.name == "label" && attribute(tag, "for") == Some(id)),
        "the field has a label"
    );
    assert!(links(&html).contains(&format!("/hub/{calendar}")));
    let text = page_text(&html);
    assert!(
        text.contains("Google Calendar can take a day or more") && text.contains("a few hours"),
        "says how long apps take to refresh: {text}"
    );
}

#[test]
fn every_calendar_has_a_page_that_subscribes_to_it_in_each_app() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    check_subscription_page(
        &hub,
        "events/subscribe/index.html",
        "events.ics",
        "Fixture Learning Network",
    );
    check_subscription_page(
        &hub,
        "subjects/science/subscribe/index.html",
        "subjects/science/events.ics",
        "Fixture Learning Network · science",
    );
    assert!(
        !hub.has_output("subjects/matematicas/subscribe/index.html"),
        "no subscription page for a term without events"
    );
    // The lists lead there, not to the raw calendar.
    assert!(
        links(&hub.output("events/index.html")).contains(&"/hub/events/subscribe/".to_string())
    );
    assert!(
        links(&hub.output("subjects/science/index.html"))
            .contains(&"/hub/subjects/science/subscribe/".to_string())
    );
}

#[test]
fn a_repeating_event_is_added_as_its_series_where_the_service_can_take_it() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let html = hub.output("events/meetup/index.html");
    let details = format!("Bring a question.\n\n{BASE}events/meetup/");

    let google = link_to(&html, "calendar.google.com", "/calendar/render");
    let ics = hub.output("events/meetup/event.ics");
    let rrule = ics
        .lines()
        .find(|line| line.starts_with("RRULE:"))
        .expect("the .ics has the rule");
    assert_eq!(
        query(&google),
        [
            ("action", "TEMPLATE"),
            ("text", "Saturday meetup"),
            ("dates", "20261205T083000/20261205T100000"),
            ("ctz", "America/Chicago"),
            ("recur", rrule),
            ("details", &details),
            ("location", "Café Brazil, Dallas"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert!(field(&google, "recur").starts_with("RRULE:FREQ=MONTHLY"));

    for host in ["outlook.live.com", "outlook.office.com"] {
        let outlook = link_to(&html, host, "/calendar/0/deeplink/compose");
        assert_eq!(
            query(&outlook),
            [
                ("path", "/calendar/action/compose"),
                ("rru", "addevent"),
                ("subject", "Saturday meetup"),
                ("startdt", "2026-12-05T14:30:00Z"),
                ("enddt", "2026-12-05T16:00:00Z"),
                ("body", &details),
                ("location", "Café Brazil, Dallas"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
            "{host}"
        );
    }
    let text = page_text(&html);
    for said in [
        "Adds every date of the series.",
        "Google cannot leave out the dates this series skips",
        "Adds the next date only.",
        "cannot take a repeating series from a link",
    ] {
        assert!(text.contains(said), "the page says {said:?}: {text}");
    }
    for href in ["/hub/events/meetup/event.ics", "/hub/events/subscribe/"] {
        assert!(links(&html).contains(&href.to_string()), "{href}");
        assert!(hub.has_output(&format!(
            "{}index.html",
            href.trim_start_matches("/hub/").trim_end_matches("event.ics")
        )));
    }
}

#[test]
fn a_single_event_is_added_at_its_date_without_notes_about_series() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/once.md",
        "---\ntitle: \"Q&A: fractions = fun?\"\ndate: 2026-11-01\nstart: 2026-12-10T18:00:00\nduration: 1h\nonline: https://meet.example.org/q?a=1&b=2\nsummary: \"Ask #anything & more\"\n---\nText.\n",
    );
    hub.build().unwrap();
    let html = hub.output("events/once/index.html");
    let details = format!("Ask #anything & more\n\n{BASE}events/once/");
    let google = link_to(&html, "calendar.google.com", "/calendar/render");
    assert_eq!(
        query(&google),
        [
            ("action", "TEMPLATE"),
            ("text", "Q&A: fractions = fun?"),
            ("dates", "20261211T000000Z/20261211T010000Z"),
            ("details", &details),
            ("location", "https://meet.example.org/q?a=1&b=2"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    let office = link_to(&html, "outlook.office.com", "/calendar/0/deeplink/compose");
    assert_eq!(field(&office, "subject"), "Q&A: fractions = fun?");
    assert_eq!(field(&office, "body"), details);
    assert!(!page_text(&html).contains("next date only"));
}

#[test]
fn a_cancelled_event_offers_no_way_to_add_it() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let html = hub.output("events/past/index.html");
    for href in links(&html) {
        assert!(
            !href.contains("calendar.google.com")
                && !href.contains("outlook.")
                && !href.contains(".ics")
                && !href.starts_with("webcal:")
                && !href.contains("subscribe/"),
            "a cancelled event links {href}"
        );
    }
    assert!(!html.contains("id=\"add-to-calendar\""));
}

#[test]
fn a_page_cannot_take_the_address_of_the_subscription_page() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/events/subscribe.md",
        "---\ntitle: Subscribe\nstart: 2026-12-10T18:00:00\n---\n",
    );
    let problems = hub.build_err();
    let problem = common::problem_for(&problems, "content/events/subscribe.md");
    assert!(
        problem.message.contains("a page convene makes itself"),
        "{problem:?}"
    );
}

/// The `<link rel="alternate">` feeds in the head of `html`: (title, address).
fn head_feeds(html: &str) -> Vec<(String, String)> {
    start_tags(html)
        .iter()
        .filter(|tag| {
            tag.name == "link"
                && attribute(tag, "rel") == Some("alternate")
                && attribute(tag, "type") == Some("application/rss+xml")
        })
        .map(|tag| {
            (
                attribute(tag, "title").unwrap_or_default().to_string(),
                attribute(tag, "href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn lists_link_their_own_feed_named_for_what_it_holds() {
    let hub = Hub::fixture("basic");
    hub.build().unwrap();
    let site_feed = (
        "Fixture Learning Network: everything new (events, toolkits and news)".to_string(),
        "/hub/rss.xml".to_string(),
    );
    for (page, title, feed) in [
        ("events/index.html", "Events", "/hub/events/rss.xml"),
        ("posts/index.html", "News", "/hub/posts/rss.xml"),
        ("toolkits/index.html", "Toolkits", "/hub/toolkits/rss.xml"),
    ] {
        let html = hub.output(page);
        let name = format!("{title} from Fixture Learning Network (RSS)");
        assert_eq!(
            head_feeds(&html),
            [(name.clone(), feed.to_string()), site_feed.clone()],
            "{page}"
        );
        assert!(page_text(&html).contains(&name), "{page} names its feed");
        assert!(
            links(&html).contains(&feed.to_string()),
            "{page} links {feed}"
        );
        assert!(hub.has_output(feed.trim_start_matches("/hub/")));
    }
    let term = hub.output("subjects/science/index.html");
    assert_eq!(
        head_feeds(&term)[0],
        (
            "science: new events, toolkits and news (RSS)".to_string(),
            "/hub/subjects/science/rss.xml".to_string()
        )
    );
    assert!(page_text(&term).contains("Calendar of science events"));
    let home = hub.output("index.html");
    assert_eq!(head_feeds(&home), [site_feed]);
    assert!(page_text(&home).contains("Everything new (RSS): events, toolkits and news"));
}
