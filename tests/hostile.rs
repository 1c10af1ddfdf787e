//! Hostile and unusual files in a hub: links that lead out of it or around in circles, pipes,
//! a very large page and very deep nesting. None may crash a build, hang it, or change a file of
//! the hub.

mod common;

use std::fs;
use std::path::Path;

use common::{Hub, problem_for as warning_for};

/// Every regular file of the hub outside the output, with its bytes, sorted by path. Links are
/// not followed.
fn hub_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    fn visit(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().unwrap();
            // The output, and `.convene/`, where convene keeps what it made for the next build.
            if relative == "public"
                || relative.starts_with(".public.convene-")
                || relative == ".convene"
            {
                continue;
            }
            if kind.is_dir() {
                visit(root, &path, files);
            } else if kind.is_file() {
                files.push((relative, fs::read(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    visit(root, root, &mut files);
    files.sort();
    files
}

#[cfg(unix)]
#[test]
fn links_out_of_the_hub_and_in_circles_are_left_out_with_a_warning() {
    use std::os::unix::fs::symlink;
    let hub = Hub::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Not ours\n---\nPrivate.\n",
    )
    .unwrap();
    symlink("..", hub.root.join("content/loop")).unwrap();
    symlink(outside.path(), hub.root.join("content/outside")).unwrap();
    symlink(
        outside.path().join("secret.md"),
        hub.root.join("content/posts/linked.md"),
    )
    .unwrap();
    let before = hub_files(&hub.root);

    let report = hub.build().expect("links do not stop a build");

    for link in ["content/loop", "content/outside", "content/posts/linked.md"] {
        let warning = warning_for(&report.warnings, link);
        assert!(
            warning.message.contains("not followed"),
            "{link}: {warning}"
        );
    }
    assert!(!hub.has_output("posts/linked/index.html"));
    assert!(!hub.has_output("outside/secret/index.html"));
    assert!(!hub.has_output("loop/content/posts/hello/index.html"));
    assert_eq!(
        before,
        hub_files(&hub.root),
        "the hub's files are unchanged"
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_hub_is_left_out_with_a_warning_instead_of_hanging_the_build() {
    let hub = Hub::fixture("basic");
    let pipe = hub.root.join("content/posts/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo (coreutils) runs");
    assert!(made.success());
    let report = hub.build().expect("a pipe does not stop a build");
    let warning = warning_for(&report.warnings, "content/posts/pipe.md");
    assert!(warning.message.contains("not a regular file"), "{warning}");
}

#[test]
fn a_20_mb_page_builds_in_bounded_memory() {
    let hub = Hub::fixture("basic");
    let paragraph = "Coaches and teachers meet monthly to share what worked in class, \
                     what did not, and what they will try next. "
        .repeat(8);
    let count = 20 * 1024 * 1024 / paragraph.len() + 1;
    let mut text = String::from("---\ntitle: The whole archive\ndate: 2026-11-01\n---\n");
    for number in 0..count {
        text.push_str(&format!("{number}. {paragraph}\n\n"));
    }
    text.push_str("The last paragraph.\n");
    hub.write("content/posts/archive.md", &text);

    hub.build().expect("a large page builds");

    let page = hub.output("posts/archive/index.html");
    assert!(page.len() > 20 * 1024 * 1024);
    assert!(page.contains("The last paragraph."));
    #[cfg(target_os = "linux")]
    {
        // The peak of this test process, which holds the page's text, its HTML, the feeds that
        // carry it and its search entry (its text and the place of every word): a fixed
        // multiple of the page, not a growing one. A release build peaks at about 170 MB
        // without search and 330 MB with it.
        let status = fs::read_to_string("/proc/self/status").unwrap();
        let peak_kib: usize = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches(" kB").trim().parse().ok())
            .expect("VmHWM in /proc/self/status");
        assert!(
            peak_kib < 40 * 20 * 1024,
            "peak memory {peak_kib} KiB for a 20 MB page"
        );
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let hub = Hub::fixture("basic");
    let mut text = String::from("---\ntitle: Deep\ndate: 2026-11-01\n---\n");
    text.push_str(&">".repeat(50_000));
    text.push_str(" a quote inside quotes\n\n");
    for depth in 0..5_000 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- a list inside lists\n");
    }
    text.push('\n');
    text.push_str(&"[".repeat(20_000));
    text.push_str("brackets");
    text.push_str(&"]".repeat(20_000));
    text.push('\n');
    text.push_str(&"*".repeat(20_000));
    text.push_str("stars\n");
    hub.write("content/posts/deep.md", &text);

    hub.build().expect("deep nesting builds");
    assert!(
        hub.output("posts/deep/index.html")
            .contains("a list inside lists")
    );
}

#[test]
fn files_convene_may_not_read_are_named_with_what_to_do() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let hub = Hub::fixture("basic");
    let mode = |path: &str, mode: u32| {
        fs::set_permissions(hub.root.join(path), fs::Permissions::from_mode(mode)).unwrap();
    };
    // Root reads every file whatever its mode: the build then runs as the user `nobody`,
    // who may enter the hub and write its output, but not read what is closed below.
    let as_root = fs::metadata("/proc/self").unwrap().uid() == 0;
    if as_root
        && !common::required_program("/usr/bin/setpriv", "util-linux", "unreadable-files test")
    {
        return;
    }
    fs::set_permissions(
        hub.root.parent().unwrap(),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    mode("", 0o777);
    mode("content/posts/hello.md", 0o000);
    mode("content/events", 0o000);
    mode("static/notes.txt", 0o000);
    let binary = env!("CARGO_BIN_EXE_convene");
    let mut command = std::process::Command::new(if as_root { "/usr/bin/setpriv" } else { binary });
    if as_root {
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(binary);
    }
    let output = command
        .args(["build", "--now", common::NOW, "--source"])
        .arg(&hub.root)
        .output()
        .unwrap();
    mode("content/events", 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    for (path, fix) in [
        ("content/posts/hello.md", "chmod a+r content/posts/hello.md"),
        ("content/events", "chmod a+rx content/events"),
        ("static/notes.txt", "chmod a+r static/notes.txt"),
    ] {
        let at = stderr
            .find(&format!("--> {path}\n"))
            .unwrap_or_else(|| panic!("{path} is named: {stderr}"));
        let (before, after) = stderr.split_at(at);
        assert!(
            before
                .trim_end()
                .lines()
                .last()
                .is_some_and(|l| l.contains("not allowed to read this")),
            "{path}: {stderr}"
        );
        assert!(
            after.lines().nth(1).is_some_and(|l| l.contains(fix)),
            "{path}: {stderr}"
        );
    }
    assert!(!hub.root.join("public").exists(), "nothing was published");
}
