//! A build killed at any moment (`kill -9`, a power cut, a closed laptop) never leaves a broken
//! site behind: the output folder holds either the whole previous site or the whole new one, and
//! the next build finishes the job.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Hub, NOW, tree};

/// A hub of a few thousand pages, so that a build takes long enough to be interrupted.
fn large_hub() -> Hub {
    let hub = Hub::fixture("basic");
    for number in 0..3000 {
        hub.write(
            &format!("content/posts/note-{number}.md"),
            format!(
                "---\ntitle: Note {number}\ndate: 2026-10-{:02}\ntags: [notes, batch {}]\n---\nWhat we learned at meeting {number}.\n",
                number % 28 + 1,
                number % 7
            ),
        );
    }
    hub
}

/// Runs `convene build` on the hub; stops it with SIGKILL after `after`, unless it ended first.
/// Returns true when it was killed.
fn build_killed_after(hub: &Hub, after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["build", "--no-search", "--now", NOW, "--source"])
        .arg(&hub.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    true
}

/// The site in `folder`, or the one an interrupted swap left beside it.
fn published(hub: &Hub) -> Vec<(String, Vec<u8>)> {
    let live = hub.root.join("public");
    if live.is_dir() {
        return tree(&live);
    }
    // Killed between the two renames of the swap: the previous site waits beside the output,
    // and the next build puts it back or finishes the swap.
    let aside = hub.root.join(".public.convene-swap");
    assert!(
        aside.is_dir(),
        "neither the output nor the previous output aside exists"
    );
    tree(&aside)
}

#[test]
fn a_killed_build_leaves_a_whole_site_and_the_next_build_finishes() {
    let hub = large_hub();
    // The builds here leave search out, like the command line builds below.
    let options = convene::BuildOptions {
        no_search: true,
        ..hub.options()
    };
    let timed = Instant::now();
    convene::build(&options).expect("the hub builds");
    let duration = timed.elapsed();
    let mut sites = vec![tree(&hub.root.join("public"))];
    let mut killed = 0;
    // Kill points spread over the whole build, from its first moments to its last.
    for round in 1..=6u32 {
        // Change one page, so that every build has something new to write.
        hub.write(
            "content/posts/note-0.md",
            format!("---\ntitle: Note 0\ndate: 2026-10-01\n---\nRevision {round}.\n"),
        );
        let expected_new = {
            let copy = tempfile::tempdir().unwrap();
            let elsewhere = convene::BuildOptions {
                output: Some(copy.path().join("site")),
                ..options.clone()
            };
            convene::build(&elsewhere).expect("the edited hub builds");
            tree(&copy.path().join("site"))
        };
        let after = duration.mul_f64(f64::from(round) / 5.0);
        if build_killed_after(&hub, after) {
            killed += 1;
        }
        let now = published(&hub);
        assert!(
            sites.contains(&now) || now == expected_new,
            "round {round}: the output after a kill at {after:?} is neither a previous site nor the new one"
        );
        sites.push(expected_new);
    }
    assert!(killed >= 3, "only {killed} of 6 builds were interrupted");

    // The next build repairs whatever the kills left and publishes the latest site.
    convene::build(&options).expect("the build after the kills succeeds");
    assert_eq!(
        tree(&hub.root.join("public")),
        *sites.last().unwrap(),
        "the build after the kills publishes the whole new site"
    );
    assert!(!Path::new(&hub.root.join(".public.convene-swap")).exists());
}
