//! Path arithmetic shared by the stages, done on names only (the file system is not asked).

use std::path::{Component, Path, PathBuf};

/// Resolves `.` and `..` in `path`: `content/a/../b.md` -> `content/b.md`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
