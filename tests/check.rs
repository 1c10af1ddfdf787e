//! `convene check`: what a build would stop for, and the warnings it would not, in text for
//! people and JSON for tools, with the exit codes each case gives.

mod common;

use std::process::{Command, Output};

use common::Hub;

/// `convene check` on the hub at `hub` with `extra` arguments.
fn check(hub: &Hub, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["check", "--now", common::NOW, "--source"])
        .arg(&hub.root)
        .args(extra)
        .output()
        .unwrap()
}

/// The basic fixture with one page of every warning `check` gives.
fn hub_with_every_warning() -> Hub {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/posts/long.md",
        "---\ntitle: A very long title about what our network learnt in its first year of monthly meetups\ndate: 2026-11-01\n---\nSee ![](chart.png) and ![a chart of attendance](chart.png).\n",
    );
    hub.write(
        "content/events/over.md",
        "---\ntitle: Summer camp\nstart: 2026-07-01\nregistration: https://forms.example.org/camp\n---\nDone.\n",
    );
    hub.write(
        "content/posts/_index.md",
        "---\ntitle: News\n---\n![](banner.png)\n",
    );
    for picture in ["content/posts/chart.png", "content/posts/banner.png"] {
        hub.write(picture, b"\x89PNG\r\n\x1a\n");
    }
    hub.write(
        "content/profiles/cy.md",
        "---\ntitle: Cy Newcomer\nkind: person\ntags: unconference, coffee\n---\nNew here.\n",
    );
    // A copy of a profile, and a post `convene new` wrote and nobody filled in.
    hub.write(
        "content/profiles/ann-copy.md",
        std::fs::read(hub.root.join("content/profiles/ann.md")).unwrap(),
    );
    hub.write(
        "content/posts/our-news.md",
        convene::scaffold::page_template(
            convene::scaffold::NewKind::Post,
            "Our news",
            jiff::civil::date(2026, 11, 20),
        ),
    );
    hub
}

#[test]
fn warnings_are_listed_with_their_place_and_do_not_fail_unless_strict() {
    let hub = hub_with_every_warning();
    let out = check(&hub, &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (found, problems) = common::json_problems(&out.stdout);
    assert_eq!(
        found,
        [
            "warning content/events/over.md:4:15: this event is over, but its page still asks people to register",
            "warning content/posts/_index.md:4:1: this picture has no alternative text for readers who cannot see it",
            "warning content/posts/hello.md:25:1: this `<script>` is removed: a script in a page would run in every reader's browser, which convene does not allow, for members' safety",
            "warning content/posts/hello.md:26:7: the attribute `onclick` is removed: it would run a script in every reader's browser, which convene does not allow, for members' safety",
            "warning content/posts/long.md:2:1: this title is 84 characters long; in lists, calendars and search results, titles over 70 are hard to take in at a glance",
            "warning content/posts/long.md:5:5: this picture has no alternative text for readers who cannot see it",
            "warning content/posts/our-news.md:6:1: this page still has the text `convene new` wrote: \"Write your news here.\"",
            "warning content/profiles/ann.md:0:0: this page and content/profiles/ann-copy.md have the same title: \"Ann Teacher\"",
            "warning content/profiles/cy.md:4:7: `unconference, coffee` is one tags term, commas and all",
            "warning content/toolkits/start.md:15:10: the resource \"A podcast about coaching\" names no author and no source",
        ],
        "{problems:#}"
    );
    assert!(
        problems
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["help"].is_string()),
        "every warning says what to do"
    );
    // Text for people: each with its line quoted and a summary; `--strict` fails on warnings.
    let out = check(&hub, &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("warning: this event is over"), "{text}");
    assert!(
        text.contains("4 | registration: https://forms.example.org/camp"),
        "{text}"
    );
    assert!(
        text.contains("Checked the hub: 0 errors, 10 warnings."),
        "{text}"
    );
    assert!(
        text.contains("error: --strict fails on warnings too, and the hub has 10"),
        "{text}"
    );
    assert!(!hub.root.join("public").exists(), "a check writes nothing");
}

#[test]
fn errors_fail_the_check_and_come_with_the_warnings() {
    let hub = hub_with_every_warning();
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nRead [the kit](toolkits/start.md#nowhere).\n",
    );
    let out = check(&hub, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = problems.as_array().unwrap();
    assert_eq!(problems[0]["severity"], "error", "errors come first");
    assert_eq!(problems[0]["file"], "content/about.md");
    assert_eq!(
        (problems[0]["line"].as_u64(), problems[0]["column"].as_u64()),
        (Some(4), Some(6))
    );
    assert_eq!(problems.len(), 11, "{problems:#?}");
    // A hub that does not load at all reports why.
    hub.write("hub.yaml", "title: [unclosed\n");
    let out = check(&hub, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hub.yaml:"));
}

#[test]
fn the_example_hub_and_a_new_hub_pass_a_strict_check() {
    let example = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["check", "--strict", "--source"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"))
        .output()
        .unwrap();
    assert!(
        example.status.success(),
        "{}",
        String::from_utf8_lossy(&example.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let new_hub = dir.path().join("hub");
    let init = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("init")
        .arg(&new_hub)
        .output()
        .unwrap();
    assert!(init.status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["check", "--strict", "--source"])
        .arg(&new_hub)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn raw_html_the_sanitiser_removes_is_told_at_its_line() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nOur welcome video:\n\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n\nSign up:\n\n<iframe src=\"https://docs.google.com/forms/d/e/x/viewform?embedded=true\"></iframe>\n\nIdeas: <iframe src=\"https://padlet.com/embed/wall\"></iframe> and <b style=\"color:red\">more</b>.\n",
    );
    let out = check(&hub, &["--format", "json"]);
    let (found, problems) = common::json_problems(&out.stdout);
    let about: Vec<&String> = found
        .iter()
        .filter(|p| p.contains("content/about.md"))
        .collect();
    assert_eq!(
        about,
        [
            "warning content/about.md:6:1: this `<iframe>` is removed: it would load a video player from another site into the page, which lets that site follow every reader",
            "warning content/about.md:10:1: this `<iframe>` is removed: it would load a form from another site into the page, which lets that site follow every reader",
            "warning content/about.md:12:8: this `<iframe>` is removed: it would load a Padlet wall from another site into the page, which lets that site follow every reader",
            "warning content/about.md:12:69: the attribute `style` is removed: colours and layout come from the theme, so that every page stays readable in light and dark mode",
        ],
        "{problems:#}"
    );
    // The build keeps working, without them.
    hub.build().unwrap();
    assert!(!hub.output("about/index.html").contains("<iframe"));
}
