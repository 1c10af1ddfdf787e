//! A real calendar client reads the example hub's calendar: khal imports `/events.ics` into a
//! temporary calendar, lists a year, and must list exactly the occurrences the hub computes.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-23T18:00:00Z";

#[test]
fn khal_lists_the_occurrences_the_hub_computes() {
    if !common::required_program("/usr/bin/khal", "khal", "calendar client test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let options = convene::BuildOptions {
        source: Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        output: Some(dir.path().join("public")),
        now: Some(NOW.parse().unwrap()),
        ..Default::default()
    };
    convene::build(&options).unwrap();
    let site = convene::load(&options).unwrap().sites.remove(0);

    let (from, to) = ("2026-06-01", "2027-11-01");
    let window = (
        jiff::civil::date(2026, 6, 1),
        jiff::civil::date(2027, 11, 1),
    );
    let mut expected = BTreeSet::new();
    for event in site.pages.iter().filter_map(|p| p.calendar.as_ref()) {
        for occurrence in &event.occurrences {
            let (start, end) = (
                occurrence.start.with_time_zone(jiff::tz::TimeZone::UTC),
                occurrence.end.with_time_zone(jiff::tz::TimeZone::UTC),
            );
            if start.date() >= window.1 || end.date() < window.0 {
                continue;
            }
            let line = if occurrence.all_day {
                let last = occurrence.end.yesterday().unwrap();
                format!(
                    "{} {} {}",
                    occurrence.start.strftime("%Y-%m-%d"),
                    last.strftime("%Y-%m-%d"),
                    event.summary
                )
            } else {
                format!(
                    "{} {} {}",
                    start.strftime("%Y-%m-%d %H:%M"),
                    end.strftime("%Y-%m-%d %H:%M"),
                    event.summary
                )
            };
            expected.insert(line);
        }
    }
    assert!(
        expected.len() > 10,
        "the example hub has events in the window: {expected:?}"
    );

    let home = dir.path().join("khal");
    std::fs::create_dir_all(home.join("calendar")).unwrap();
    let config = home.join("config");
    std::fs::write(
        &config,
        format!(
            "[calendars]\n[[hub]]\npath = {}\ntype = calendar\n\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\nlocal_timezone = UTC\ndefault_timezone = UTC\n\n[default]\ndefault_calendar = hub\n",
            home.join("calendar").display()
        ),
    )
    .unwrap();
    let khal = |args: &[&str]| {
        let out = Command::new("khal")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config-home"))
            .arg("-c")
            .arg(&config)
            .args(args)
            .output()
            .expect("khal runs");
        assert!(
            out.status.success(),
            "khal {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The archive holds every event; `events.ics` only those of its window.
    let calendar = dir.path().join("public/events-archive.ics");
    khal(&["import", "--batch", "-a", "hub", calendar.to_str().unwrap()]);
    let listed = khal(&[
        "list",
        "--format",
        "{start} {end} {title}",
        "--day-format",
        "",
        from,
        to,
    ]);
    let listed: BTreeSet<String> = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(listed, expected, "khal (left) and the hub (right) disagree");
}
