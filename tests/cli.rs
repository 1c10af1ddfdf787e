//! The `convene` command as a person runs it: exit codes and what it prints.

mod common;

use std::process::Command;

use common::Hub;

fn convene() -> Command {
    Command::new(env!("CARGO_BIN_EXE_convene"))
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let hub = Hub::fixture("basic");
    let out = convene()
        .args(["build", "--now", common::NOW, "--source"])
        .arg(&hub.root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Built 8 pages"));
}

#[test]
fn a_failed_build_exits_one_and_shows_file_line_and_fix() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/posts/hello.md",
        "---\ntitel: Hello\ndate: 2026-11-10\n---\n",
    );
    let out = convene()
        .args(["build", "--source"])
        .arg(&hub.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: unknown key `titel` in a post"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/posts/hello.md:2:1"),
        "{stderr}"
    );
    assert!(stderr.contains("2 | titel: Hello"), "{stderr}");
    assert!(stderr.contains("help: did you mean `title`?"), "{stderr}");
    assert!(stderr.contains("Build failed with 1 error"), "{stderr}");
}

#[test]
fn init_and_new_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hub");
    assert!(convene().arg("init").arg(&root).status().unwrap().success());
    let new = |title: &str| {
        convene()
            .args(["new", "event", title, "--source"])
            .arg(&root)
            .output()
            .unwrap()
    };
    assert!(new("Spring Gathering").status.success());
    assert!(root.join("content/events/spring-gathering.md").is_file());
    let again = new("Spring Gathering");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert!(
        convene()
            .args(["build", "--source"])
            .arg(&root)
            .status()
            .unwrap()
            .success()
    );
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = convene().arg("--version").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = format!("convene {} (", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&expected), "{text}");
    let in_git = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".git")
        .exists();
    if in_git {
        let commit = Command::new("git")
            .args(["log", "-1", "--format=%h"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
        assert!(text.contains(&format!("(commit {commit} ")), "{text}");
    }
}
