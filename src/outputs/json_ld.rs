//! schema.org structured data for event and profile pages, as JSON-LD safe to place inside a
//! `<script>` element.

use serde_json::{Value, json};

use crate::content::front_matter::ProfileKind;
use crate::escape::json_in_script;
use crate::events::EventStatus;
use crate::site::{Page, PageRef};

/// JSON-LD for `page`, or `None` for kinds that have none. `origin` (`https://example.org`)
/// makes the site's links absolute.
pub fn for_page(page: &Page, origin: &str) -> Option<String> {
    let value = if let Some(event) = &page.event {
        let mut locations = Vec::new();
        if let Some(place) = &event.location {
            locations.push(json!({"@type": "Place", "name": place, "address": place}));
        }
        if let Some(online) = &event.online {
            locations.push(json!({"@type": "VirtualLocation", "url": online}));
        }
        let mode = match (event.location.is_some(), event.online.is_some()) {
            (true, true) => "MixedEventAttendanceMode",
            (false, true) => "OnlineEventAttendanceMode",
            _ => "OfflineEventAttendanceMode",
        };
        let status = match event.status {
            EventStatus::Cancelled => "EventCancelled",
            EventStatus::Confirmed | EventStatus::Tentative => "EventScheduled",
        };
        let main = json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": page.title,
            "url": page.permalink,
            "description": page.summary,
            "startDate": event.start_iso,
            "endDate": event.end_iso,
            "eventStatus": format!("https://schema.org/{status}"),
            "eventAttendanceMode": format!("https://schema.org/{mode}"),
            "location": locations,
            "organizer": page.hosts.iter().map(|host| agent(host, origin)).collect::<Vec<_>>(),
        });
        // Each coming date a change makes different is an Event of its own: moved (with the
        // start it had), cancelled, or held elsewhere.
        let changed: Vec<Value> = event
            .next_dates
            .iter()
            .filter(|date| date.change.is_some())
            .map(|date| {
                let status = match (date.status, &date.moved_from_iso) {
                    (EventStatus::Cancelled, _) => "EventCancelled",
                    (_, Some(_)) => "EventRescheduled",
                    _ => "EventScheduled",
                };
                let mut one = json!({
                    "@context": "https://schema.org",
                    "@type": "Event",
                    "name": page.title,
                    "url": page.permalink,
                    "description": date.note.clone().unwrap_or_else(|| page.summary.clone()),
                    "startDate": date.start_iso,
                    "endDate": date.end_iso,
                    "eventStatus": format!("https://schema.org/{status}"),
                    "eventAttendanceMode": format!("https://schema.org/{mode}"),
                    "location": match &date.location {
                        Some(place) => vec![json!({"@type": "Place", "name": place, "address": place})],
                        None => locations.clone(),
                    },
                });
                if let Some(previous) = &date.moved_from_iso {
                    one["previousStartDate"] = json!(previous);
                }
                one
            })
            .collect();
        if changed.is_empty() {
            main
        } else {
            Value::Array(std::iter::once(main).chain(changed).collect())
        }
    } else if let Some(profile) = &page.profile {
        json!({
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": page.permalink,
            "mainEntity": {
                "@type": if profile.kind == ProfileKind::Group { "Organization" } else { "Person" },
                "name": page.title,
                "description": page.summary,
                "sameAs": profile.links.iter().filter(|l| l.label != "feed").map(|l| l.url.clone()).collect::<Vec<_>>(),
            },
        })
    } else {
        return None;
    };
    Some(json_in_script(&value))
}

/// A host as a schema.org Person or Organization.
fn agent(host: &PageRef, origin: &str) -> Value {
    let kind = match host.profile.as_ref().map(|p| p.kind) {
        Some(ProfileKind::Group) => "Organization",
        _ => "Person",
    };
    json!({"@type": kind, "name": host.title, "url": format!("{origin}{}", host.url)})
}
