//! Publication of the output folder: every file is written into a spare folder beside it as
//! soon as it is rendered, and the two folders are then swapped. A failed or killed build leaves
//! the previous output as it was; files whose bytes did not change keep their old copy.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::outputs::{Body, Output, Sink};

/// The file that marks a folder as convene's output, so that it may be replaced.
pub const MARKER: &str = ".convene-output";
const MARKER_TEXT: &str = "This folder is made by `convene build` and replaced on every build.\n";

/// What publishing did.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteReport {
    /// Files whose bytes are new or changed.
    pub written: usize,
    /// Files kept as they were.
    pub unchanged: usize,
}

/// Refuses output folders that would put the hub's own files at risk.
pub fn check_output_folder(source: &Path, output: &Path) -> Result<(), Diagnostic> {
    let source = absolute(source);
    let output = absolute(output);
    let shown = output.display().to_string();
    if source.starts_with(&output) {
        return Err(Diagnostic::file_error(
            shown,
            "the output folder contains the hub itself; building there would replace your files",
        )
        .with_help("choose an output folder inside or beside the hub, such as `public`"));
    }
    for own in ["content", "static", "templates", "themes"] {
        if output.starts_with(source.join(own)) {
            return Err(Diagnostic::file_error(
                shown,
                format!("the output folder is inside the hub's `{own}` folder"),
            )
            .with_help("choose an output folder outside it, such as `public`"));
        }
    }
    let is_ours = output.join(MARKER).is_file();
    let is_empty = fs::read_dir(&output)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(true);
    if output.exists() && !is_ours && !is_empty {
        return Err(Diagnostic::file_error(shown, "this folder already holds files that convene did not make, so it will not replace them")
            .with_help("choose a new or empty output folder, or move those files away"));
    }
    Ok(())
}

/// The next output, written into a spare folder beside the live one while the live one stays
/// as it is; `publish` then swaps the two folders by renaming them. The spare folder holds the
/// output of the build before, so a build writes only the files that changed: a file whose
/// bytes equal the live copy becomes a hard link to it, and a file equal to the spare copy is
/// left alone. Files are added from any thread as soon as they are rendered.
///
/// A failed or killed build never touches the live folder. An interrupted swap is finished or
/// undone by the next build.
#[derive(Debug)]
pub struct Staging {
    live: PathBuf,
    spare: PathBuf,
    swap: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    claimed: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Readies the spare folder of `output_dir`.
    pub fn begin(output_dir: &Path) -> Result<Staging, Diagnostic> {
        let live = absolute(output_dir);
        let parent = live
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = live
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let beside = |what: &str| parent.join(format!(".{name}.convene-{what}"));
        let staging = Staging {
            spare: beside("spare"),
            swap: beside("swap"),
            live,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            claimed: Mutex::default(),
        };
        // Finish a swap an earlier build was stopped in.
        if staging.swap.exists() {
            let back_to = if staging.live.exists() {
                &staging.spare
            } else {
                &staging.live
            };
            fs::rename(&staging.swap, back_to)
                .map_err(|e| fail("finish an interrupted build", &staging.swap, e))?;
        }
        if staging.spare.exists() && !staging.spare.join(MARKER).is_file() {
            fs::remove_dir_all(&staging.spare)
                .map_err(|e| fail("clear the spare output folder", &staging.spare, e))?;
        }
        fs::create_dir_all(&staging.spare)
            .map_err(|e| fail("create the spare output folder", &staging.spare, e))?;
        fs::write(staging.spare.join(MARKER), MARKER_TEXT)
            .map_err(|e| fail("write", &staging.spare, e))?;
        Ok(staging)
    }

    /// Removes what the spare folder holds from earlier builds and no longer belongs to the
    /// site, then swaps the spare folder with the live one.
    pub fn publish(self) -> Result<WriteReport, Diagnostic> {
        let claimed = self
            .claimed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        // The folders that hold a file of this output stay; the others are emptied first (their
        // contents come before them in the walk) and then removed.
        let kept_folders: HashSet<&Path> = claimed
            .iter()
            .flat_map(|file| file.ancestors().skip(1))
            .collect();
        for entry in WalkDir::new(&self.spare).min_depth(1).contents_first(true) {
            let entry = entry.map_err(|e| fail("read", &self.spare, e.into()))?;
            let relative = entry
                .path()
                .strip_prefix(&self.spare)
                .unwrap_or(entry.path());
            if entry.file_type().is_dir() {
                if !kept_folders.contains(relative) {
                    fs::remove_dir(entry.path()).map_err(|e| fail("remove", entry.path(), e))?;
                }
            } else if !claimed.contains(relative) && relative != Path::new(MARKER) {
                fs::remove_file(entry.path()).map_err(|e| fail("remove", entry.path(), e))?;
            }
        }
        if self.live.exists() {
            fs::rename(&self.live, &self.swap)
                .map_err(|e| fail("move the previous output aside", &self.live, e))?;
        }
        if let Err(error) = fs::rename(&self.spare, &self.live) {
            let _ = fs::rename(&self.swap, &self.live);
            return Err(fail("put the new output in place", &self.live, error));
        }
        if self.swap.exists() {
            fs::rename(&self.swap, &self.spare)
                .map_err(|e| fail("keep the previous output as spare", &self.swap, e))?;
        }
        Ok(WriteReport {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

impl Sink for Staging {
    /// Writes one file of the next output.
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        let relative = Path::new(&output.path);
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Diagnostic::file_error(
                &output.path,
                "this output path leaves the output folder and is not written",
            ));
        }
        self.claimed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(relative.to_path_buf());
        let read;
        let bytes: Vec<&[u8]> = match &output.body {
            Body::Made(made) => made.chunks().collect(),
            Body::Embedded(bytes) => vec![bytes],
            Body::Copy(file) => {
                read = fs::read(file).map_err(|e| crate::diagnostic::cannot_read(file, &e))?;
                vec![&read]
            }
        };
        let target = self.spare.join(relative);
        let live = self.live.join(relative);
        let target_meta = fs::symlink_metadata(&target).ok();
        let live_meta = fs::metadata(&live).ok();
        let live_is_same = holds(&live, live_meta.as_ref(), &bytes);
        if live_is_same {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        let shares_live = match (&target_meta, &live_meta) {
            (Some(t), Some(l)) => same_file(t, l),
            _ => false,
        };
        if shares_live && live_is_same
            || !shares_live && holds(&target, target_meta.as_ref(), &bytes)
        {
            return Ok(());
        }
        // The spare copy is out of date: clear it (it may be shared with the live folder, which
        // must not change), then link to the live copy or write the bytes.
        match &target_meta {
            Some(meta) if meta.is_dir() => fs::remove_dir_all(&target),
            Some(_) => fs::remove_file(&target),
            None => Ok(()),
        }
        .map_err(|e| fail("replace", &target, e))?;
        if let Some(dir) = target.parent() {
            make_folder(dir, &self.spare)?;
        }
        if live_is_same && fs::hard_link(&live, &target).is_ok() {
            return Ok(());
        }
        write_chunks(&target, &bytes).map_err(|e| fail("write", &target, e))
    }
}

/// Writes `file` as the chunks joined.
fn write_chunks(file: &Path, chunks: &[&[u8]]) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, fs::File::create(file)?);
    for chunk in chunks {
        out.write_all(chunk)?;
    }
    out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// Creates `dir` and its parents inside `root`, replacing files that stand where a folder goes.
/// Other threads may be creating the same folders at the same time.
fn make_folder(dir: &Path, root: &Path) -> Result<(), Diagnostic> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => match fs::remove_file(dir) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(fail("replace", dir, e));
            }
            _ => {}
        },
        Err(_) => {}
    }
    if let Some(parent) = dir.parent().filter(|p| p.starts_with(root) && *p != root) {
        make_folder(parent, root)?;
    }
    match fs::create_dir(dir) {
        Err(e) if !(e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir()) => {
            Err(fail("create the folder", dir, e))
        }
        _ => Ok(()),
    }
}

/// True when `file`, whose metadata is `meta` (none if it does not exist), is a file holding
/// exactly the `chunks` joined. The file is read a block at a time, so that comparing a large
/// feed does not hold a second copy of it.
fn holds(file: &Path, meta: Option<&fs::Metadata>, chunks: &[&[u8]]) -> bool {
    const BLOCK: usize = 1 << 16;
    let length: usize = chunks.iter().map(|chunk| chunk.len()).sum();
    if !meta.is_some_and(|m| m.is_file() && m.len() == length as u64) {
        return false;
    }
    let Ok(old) = fs::File::open(file) else {
        return false;
    };
    let mut old = io::BufReader::with_capacity(BLOCK, old);
    let mut block = vec![0; BLOCK.min(length)];
    chunks
        .iter()
        .flat_map(|chunk| chunk.chunks(BLOCK))
        .all(|piece| {
            let read = &mut block[..piece.len()];
            old.read_exact(read).is_ok() && read == piece
        })
}

/// True when both are the same file on disk (hard links of one another).
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Elsewhere every spare copy counts as separate, which costs a comparison, never correctness.
#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// A problem with the output folder, which leaves the previous output unchanged.
fn fail(what: &str, path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::file_error(path.display().to_string(), format!("cannot {what}: {error}"))
        .with_help("check that the folder is writable and the disk is not full; the previous output is unchanged")
}

fn absolute(path: &Path) -> PathBuf {
    crate::paths::normalize(&std::env::current_dir().unwrap_or_default().join(path))
}
