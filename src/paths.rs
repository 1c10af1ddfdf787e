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

/// `name` in Unicode's composed form (NFC): a name typed as `foto-begoña.jpg` and one a Mac
/// wrote with `n` and a combining tilde are the same name, and published as the first.
pub fn composed(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect()
}
