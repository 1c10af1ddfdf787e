//! RSS feeds as readers take them: bounded, with summaries where whole texts would make them too
//! big, and a `pubDate` on every item that has a date to give (from `date`, or from the commit
//! that added the file when the hub is kept in git). Read back with roxmltree.

mod common;

use std::process::Command;

use common::Hub;

/// The `<item>`s of the feed at `path`: (title, pubDate, has content:encoded).
fn items(hub: &Hub, path: &str) -> Vec<(String, Option<String>, bool)> {
    let xml = hub.output(path);
    let document = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
    document
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            let child = |name: &str| {
                item.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (
                child("title").unwrap_or_default(),
                child("pubDate"),
                child("encoded").is_some(),
            )
        })
        .collect()
}

#[test]
fn feeds_hold_the_newest_fifty_and_section_feeds_carry_summaries() {
    let hub = Hub::fixture("basic");
    for n in 0..60 {
        hub.write(
            &format!("content/posts/news-{n:02}.md"),
            format!(
                "---\ntitle: News {n:02}\ndate: 2026-{:02}-{:02}\n---\nThe whole text of news {n:02}.\n",
                1 + n / 28,
                1 + n % 28
            ),
        );
    }
    hub.build().unwrap();
    let site = items(&hub, "rss.xml");
    assert_eq!(site.len(), 50, "50 items unless hub.yaml says otherwise");
    assert!(
        site.iter().all(|(_, _, full)| *full),
        "the site feed carries whole texts"
    );
    let news = items(&hub, "posts/rss.xml");
    assert_eq!(news.len(), 50);
    assert_eq!(
        [news[0].0.as_str(), news[1].0.as_str(), news[49].0.as_str()],
        ["Hello, network", "News 59", "News 11"],
        "the newest first"
    );
    assert!(
        news.iter().all(|(_, _, full)| !full),
        "a section feed carries summaries"
    );
    assert!(!hub.output("posts/rss.xml").contains("xmlns:content"));

    for (limit, expected) in [("10", 10), ("all", 61), ("0", 61)] {
        let yaml = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
        let yaml: String = yaml
            .lines()
            .filter(|line| !line.starts_with("feed_limit"))
            .map(|line| format!("{line}\n"))
            .collect();
        hub.write("hub.yaml", format!("{yaml}feed_limit: {limit}\n"));
        hub.build().unwrap();
        assert_eq!(
            items(&hub, "posts/rss.xml").len(),
            expected,
            "feed_limit: {limit}"
        );
    }

    let yaml = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    hub.write(
        "hub.yaml",
        yaml.replace("feed_limit: 0", "feed_limit: some"),
    );
    let problems = hub.build_err();
    let problem = common::problem_for(&problems, "hub.yaml");
    assert!(
        problem
            .message
            .contains("`feed_limit` is a number of items, not `some`"),
        "{problem:?}"
    );
    assert!(problem.line > 0, "located at its line: {problem:?}");
}

/// Runs git in `hub` with a fixed author and the commit time `date`.
fn git(hub: &Hub, args: &[&str], date: &str) {
    let out = Command::new("git")
        .current_dir(&hub.root)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn items_without_a_date_take_the_day_their_file_was_committed() {
    if !common::required_program("/usr/bin/git", "git", "test of dates from git") {
        return;
    }
    let hub = Hub::fixture("basic");
    // Without git, an event without `date` has no pubDate.
    hub.build().unwrap();
    let workshop = |hub: &Hub| {
        items(hub, "rss.xml")
            .into_iter()
            .find(|(title, _, _)| title == "October workshop")
            .expect("the workshop is in the feed")
    };
    hub.write(
        "content/events/past.md",
        std::fs::read_to_string(hub.root.join("content/events/past.md"))
            .unwrap()
            .replace("date: 2026-09-01\n", ""),
    );
    hub.build().unwrap();
    assert_eq!(workshop(&hub).1, None);

    git(&hub, &["init", "--quiet"], "2026-08-01T12:00:00Z");
    git(&hub, &["add", "."], "2026-08-01T12:00:00Z");
    git(
        &hub,
        &["commit", "--quiet", "-m", "The hub"],
        "2026-08-01T12:00:00Z",
    );
    hub.write(
        "content/events/late.md",
        "---\ntitle: Added later\nstart: 2027-02-01T18:00:00\n---\nAn event added in October.\n",
    );
    git(&hub, &["add", "."], "2026-10-20T15:30:00Z");
    git(
        &hub,
        &["commit", "--quiet", "-m", "An event"],
        "2026-10-20T15:30:00Z",
    );
    hub.build().unwrap();
    assert_eq!(
        workshop(&hub).1.as_deref(),
        Some("Sat, 1 Aug 2026 07:00:00 -0500"),
        "the commit that added the file, in the hub's zone"
    );
    let feed = items(&hub, "rss.xml");
    let late = feed
        .iter()
        .find(|(title, _, _)| title == "Added later")
        .unwrap();
    assert_eq!(late.1.as_deref(), Some("Tue, 20 Oct 2026 10:30:00 -0500"));
    // A page's own `date` wins.
    let meetup = feed
        .iter()
        .find(|(title, _, _)| title == "Saturday meetup")
        .unwrap();
    assert_eq!(meetup.1.as_deref(), Some("Sun, 1 Nov 2026 00:00:00 -0500"));
    // Two builds of one commit are the same.
    let first = hub.output("rss.xml");
    hub.build().unwrap();
    assert_eq!(first, hub.output("rss.xml"));
}

/// The files of `hub`'s output whose path ends with `suffix`, with their text.
fn outputs_ending(hub: &Hub, suffix: &str) -> Vec<(String, String)> {
    common::tree(&hub.root.join("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(suffix))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn a_big_hub_stays_within_what_calendar_apps_and_feed_readers_read() {
    let hub = Hub::fixture("basic");
    let paragraph = "We meet to compare notes on what worked in our classrooms this month, what did not, and what we will try next; newcomers are welcome and nobody needs to prepare anything. ";
    for n in 0..1200 {
        hub.write(
            &format!("content/events/meetup-{n:04}.md"),
            format!(
                "---\ntitle: Meetup {n:04}\nstart: 2027-{:02}-{:02}T18:00:00\nduration: 1h\nlocation: Room {n}, Central Library\nsubjects: [math]\nsummary: {}\n---\n{}\n",
                1 + n / 112,
                1 + n % 28,
                paragraph.trim(),
                paragraph.repeat(12)
            ),
        );
    }
    for n in 0..60 {
        hub.write(
            &format!("content/posts/long-{n:02}.md"),
            format!(
                "---\ntitle: Long read {n:02}\ndate: 2026-11-{:02}\n---\n{}\n",
                1 + n % 20,
                format!("{paragraph}\n\n").repeat(150)
            ),
        );
    }
    hub.build().unwrap();
    for (path, text) in outputs_ending(&hub, ".ics") {
        let events = text.matches("BEGIN:VEVENT").count();
        if path == "events-archive.ics" {
            assert_eq!(events, 1202, "the archive holds every event");
            continue;
        }
        assert!(text.len() <= 1_000_000, "{path}: {} bytes", text.len());
        assert!(events <= 1000, "{path}: {events} events");
    }
    let hub_calendar = hub.output("events.ics");
    assert!(
        hub_calendar.contains("SUMMARY:Meetup 0000"),
        "the nearest dates are kept"
    );
    assert!(!hub_calendar.contains("SUMMARY:Meetup 1199"));
    for (path, text) in outputs_ending(&hub, "rss.xml") {
        assert!(text.len() <= 1_000_000, "{path}: {} bytes", text.len());
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let site_feed = items(&hub, "rss.xml");
    assert_eq!(site_feed.len(), 50);
    assert!(
        site_feed.iter().any(|(_, _, full)| *full) && site_feed.iter().any(|(_, _, full)| !full),
        "whole texts while they fit, summaries after"
    );

    let problems = convene::check::check(&hub.options(), None);
    let cut: Vec<&str> = problems
        .iter()
        .filter(|p| {
            p.message
                .contains("calendar apps stop reading bigger calendars")
        })
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(cut.len(), 2, "the hub's calendar and math's: {cut:?}");
    assert!(
        cut.iter()
            .any(|m| m.starts_with("the calendar /events.ics holds the ")),
        "{cut:?}"
    );
}
