//! Build script: rebuilds when the default theme changes (it is embedded in the binary), and
//! records the git commit the binary is built from, for `convene --version`.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes");
    let commit = Command::new("git")
        .args(["log", "-1", "--format=%h %cs"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|commit| !commit.is_empty());
    match commit {
        Some(commit) => {
            println!("cargo:rustc-env=CONVENE_COMMIT=commit {commit}");
            // A new commit moves the branch HEAD names (or HEAD itself, when detached).
            println!("cargo:rerun-if-changed=.git/HEAD");
            if let Ok(head) = std::fs::read_to_string(".git/HEAD")
                && let Some(branch) = head.trim().strip_prefix("ref: ")
            {
                println!("cargo:rerun-if-changed=.git/{branch}");
                println!("cargo:rerun-if-changed=.git/packed-refs");
            }
        }
        None => println!("cargo:rustc-env=CONVENE_COMMIT=built outside a git checkout"),
    }
}
