//! Watching the hub: `hub.yaml`, `content/`, `i18n/`, `static/`, `templates/` and `themes/`, with editor
//! temporary files and everything else (such as `public/` and `.git/`) left out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

/// The folders of a hub whose files make the site.
const WATCHED_FOLDERS: [&str; 5] = ["content", "i18n", "static", "templates", "themes"];

/// How long the files must be quiet before a rebuild: an editor's save is several events.
const QUIET: Duration = Duration::from_millis(20);

/// The watcher, native or polling.
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// Watches a hub and sends the changed paths that matter, in batches.
pub struct HubWatcher {
    root: PathBuf,
    backend: Backend,
    watched: Vec<PathBuf>,
}

impl HubWatcher {
    /// Starts watching `root`; `poll` checks the files every half second instead of asking the
    /// system to tell (for network drives and WSL).
    pub fn start(
        root: &Path,
        poll: bool,
        send: impl Fn(Vec<PathBuf>) + Send + 'static,
    ) -> notify::Result<HubWatcher> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let filter_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else {
                // Notices were lost (too many changes at once): everything is read again.
                send(vec![filter_root.clone()]);
                return;
            };
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|event| changes_content(&event.kind))
                .flat_map(|event| event.paths.iter())
                .filter(|path| matters(&filter_root, path))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                send(paths);
            }
        };
        let backend = if poll {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
            Backend::Poll(notify_debouncer_full::new_debouncer_opt(
                QUIET,
                None,
                handler,
                RecommendedCache::new(),
                config,
            )?)
        } else {
            Backend::Native(notify_debouncer_full::new_debouncer(QUIET, None, handler)?)
        };
        let mut watcher = HubWatcher {
            root: root.clone(),
            backend,
            watched: Vec::new(),
        };
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        watcher.watch_new_folders()?;
        Ok(watcher)
    }

    /// Watches the hub's folders that exist and are not watched yet (a `static/` made while
    /// serving, for instance).
    pub fn watch_new_folders(&mut self) -> notify::Result<()> {
        for name in WATCHED_FOLDERS {
            let folder = self.root.join(name);
            if folder.is_dir() && !self.watched.contains(&folder) {
                self.watch(folder, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    fn watch(&mut self, path: PathBuf, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(debouncer) => debouncer.watch(&path, mode)?,
            Backend::Poll(debouncer) => debouncer.watch(&path, mode)?,
        }
        self.watched.push(path);
        Ok(())
    }
}

/// True for events that can change what a file holds: reading a file (which every rebuild
/// does) or touching its times does not.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(metadata)) => {
            !matches!(metadata, MetadataKind::AccessTime | MetadataKind::WriteTime)
        }
        _ => true,
    }
}

/// True for a path whose change can change the site: `hub.yaml`, or a file in one of the
/// watched folders that is not an editor's temporary or backup file.
pub fn matters(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.components();
    let first = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let in_folder = match first.as_deref() {
        Some("hub.yaml") => parts.next().is_none(),
        Some(name) => WATCHED_FOLDERS.contains(&name),
        None => false,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".crswap", ".part"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || name == "4913"
        || name == ".DS_Store";
    in_folder && !temporary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_that_make_the_site_matter() {
        let root = Path::new("/hub");
        for path in [
            "hub.yaml",
            "content/events/a.md",
            "static/style.css",
            "templates/base.html",
            "i18n/es.yaml",
            "themes/x/templates/page.html",
            "content/profiles/bob/avatar.png",
        ] {
            assert!(matters(root, &root.join(path)), "{path}");
        }
        for path in [
            "public/index.html",
            ".git/index",
            "README.md",
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/.#a.md",
            "content/#a.md#",
            "hub.yaml/x",
            "/elsewhere/hub.yaml",
        ] {
            assert!(!matters(root, &root.join(path)), "{path}");
        }
    }
}
