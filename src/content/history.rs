//! When each page first appeared: the date of the commit that added its file, when the hub is
//! kept in git. Feeds give it as the `pubDate` of pages that have no `date` of their own, so
//! that readers do not take them for new on every fetch. Read from git's own log, so two
//! builds of one commit agree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::Timestamp;

/// The commit time at which each file under `content/` was added, by path relative to `root`
/// (the newest addition, for a file deleted and added again); empty when `root` is not in a
/// git repository or git is not installed. Files not committed yet have no entry.
pub fn added_dates(root: &Path) -> HashMap<PathBuf, Timestamp> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--no-renames",
            "--diff-filter=A",
            "--format=%x00%ct",
            "--name-only",
            "--relative",
            "--",
            "content",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            parse_log(&String::from_utf8_lossy(&output.stdout))
        }
        _ => HashMap::new(),
    }
}

/// Reads `git log --format=%x00%ct --name-only`: a line of NUL and a commit time, then the
/// files the commit added. The log is newest first, so a file's first mention wins.
fn parse_log(log: &str) -> HashMap<PathBuf, Timestamp> {
    let mut added = HashMap::new();
    let mut time = None;
    for line in log.lines() {
        if let Some(seconds) = line.strip_prefix('\0') {
            time = seconds
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|s| Timestamp::from_second(s).ok());
        } else if let Some(time) = time
            && !line.is_empty()
        {
            added.entry(PathBuf::from(line)).or_insert(time);
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_addition_of_a_file_wins() {
        let log = "\u{0}1767225600\n\ncontent/events/a.md\n\u{0}1735689600\n\ncontent/events/a.md\ncontent/posts/b.md\n";
        let added = parse_log(log);
        assert_eq!(
            added[Path::new("content/events/a.md")].as_second(),
            1767225600
        );
        assert_eq!(
            added[Path::new("content/posts/b.md")].as_second(),
            1735689600
        );
    }
}
