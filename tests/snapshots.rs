//! Whole files of the example hub, as a build makes them: one page of each kind in both
//! languages, the lists, and the main feeds and calendars. A change to what convene publishes
//! shows here as a diff, so that a refactoring that should change nothing is seen to change
//! nothing, and a change that is meant is read before it is accepted.
//!
//! The expected files are in `tests/snapshots/`, named by their output path with `/` written
//! as `__`. With `CONVENE_BLESS=1` the test writes what the build made into them instead of
//! comparing; read every change (`git diff tests/snapshots`) before committing it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use convene::BuildOptions;

/// The files compared, by output path.
const SNAPSHOTS: &[&str] = &[
    "index.html",
    "es/index.html",
    "about/index.html",
    "es/about/index.html",
    "profiles/index.html",
    "profiles/page/2/index.html",
    "profiles/cesar-ibanez/index.html",
    "profiles/saturday-coffee-ntx/index.html",
    "es/profiles/lorena-vega/index.html",
    "events/index.html",
    "events/subscribe/index.html",
    "es/subjects/math/subscribe/index.html",
    "events/page/2/index.html",
    "events/coffee-first-saturday/index.html",
    "es/events/coffee-first-saturday/index.html",
    "toolkits/pln-getting-started/index.html",
    "posts/welcome-to-the-new-hub/index.html",
    "roles/index.html",
    "subjects/math/index.html",
    "subjects/math/page/2/index.html",
    "search/index.html",
    "404.html",
    "rss.xml",
    "es/rss.xml",
    "events/rss.xml",
    "events.ics",
    "events/coffee-first-saturday/event.ics",
    "subjects/math/events.ics",
    "opml.xml",
    "sitemap.xml",
    "es/sitemap.xml",
    "robots.txt",
];

/// Where the expected files are.
fn snapshot_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

#[test]
fn the_example_hub_publishes_the_files_it_published_before() {
    let scratch = tempfile::tempdir().unwrap();
    let hub = scratch.path().join("hub");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        &hub,
    );
    let output = scratch.path().join("public");
    convene::build(&BuildOptions {
        source: hub,
        output: Some(output.clone()),
        now: Some(common::NOW.parse().unwrap()),
        ..Default::default()
    })
    .expect("the example hub builds");

    let bless = std::env::var_os("CONVENE_BLESS").is_some();
    let folder = snapshot_folder();
    fs::create_dir_all(&folder).unwrap();
    let mut differences = Vec::new();
    for path in SNAPSHOTS {
        let made = fs::read_to_string(output.join(path))
            .unwrap_or_else(|error| panic!("the build made no {path}: {error}"));
        let expected_file = folder.join(path.replace('/', "__"));
        if bless {
            fs::write(&expected_file, &made).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_file).unwrap_or_default();
        if expected != made {
            differences.push(first_difference(path, &expected, &made));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} files differ from tests/snapshots/ (run with CONVENE_BLESS=1 to accept \
         a change that is meant, then read `git diff tests/snapshots`):\n\n{}",
        differences.len(),
        SNAPSHOTS.len(),
        differences.join("\n\n")
    );
}

/// The first line where `made` differs from `expected`, with a line on each side.
fn first_difference(path: &str, expected: &str, made: &str) -> String {
    let (expected_lines, made_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), made.lines().collect());
    let line = expected_lines
        .iter()
        .zip(&made_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(expected_lines.len().min(made_lines.len()));
    let around = |lines: &[&str]| {
        lines[line.saturating_sub(1)..(line + 2).min(lines.len())]
            .iter()
            .map(|l| format!("    {}", truncate(l)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "{path}, line {}:\n  expected:\n{}\n  made:\n{}",
        line + 1,
        around(&expected_lines),
        around(&made_lines)
    )
}

/// A line cut to a length that a terminal shows.
fn truncate(line: &str) -> String {
    if line.chars().count() > 300 {
        format!("{}…", line.chars().take(300).collect::<String>())
    } else {
        line.to_string()
    }
}
