//! Build script: rebuilds when the default theme changes (it is embedded in the binary), and
//! records the git commit the binary is built from, for `convene --version`.

use std::path::Path;
use std::process::Command;

/// What `git` prints for `args` in this package's folder, if it succeeds.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-changed=themes");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    // Only this package's own repository counts, not one that happens to hold its folder.
    let own_repository = git(&["rev-parse", "--show-toplevel"])
        .is_some_and(|top| Path::new(&top) == Path::new(&manifest_dir));
    let commit = own_repository
        .then(|| git(&["log", "-1", "--format=%h %cs"]))
        .flatten();
    let Some(commit) = commit else {
        println!("cargo:rustc-env=CONVENE_COMMIT=built outside a git checkout");
        return;
    };
    println!("cargo:rustc-env=CONVENE_COMMIT=commit {commit}");
    // A new commit moves HEAD or the branch it names. Cargo reruns this script on every build
    // when a watched path does not exist, so only paths that exist are watched.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name])
            && Path::new(&path).exists()
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
