//! Publication of the output folder: every file is written into a staging folder beside it,
//! which then replaces the old folder in one step. A failed or killed build leaves the previous
//! output as it was; files whose bytes did not change keep their old copy (hard-linked).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::outputs::{Body, Output};

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

/// Writes `outputs` as the new content of `output_dir`, replacing the old content at the end.
pub fn publish(outputs: &[Output], output_dir: &Path) -> Result<WriteReport, Diagnostic> {
    let output_dir = absolute(output_dir);
    let parent = output_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = output_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.convene-staging"));
    let retired = parent.join(format!(".{name}.convene-old"));
    let fail = |what: &str, path: &Path, error: io::Error| {
        Diagnostic::file_error(path.display().to_string(), format!("cannot {what}: {error}"))
            .with_help("check that the folder is writable and the disk is not full; the previous output is unchanged")
    };

    for leftover in [&staging, &retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)
                .map_err(|e| fail("remove the leftover of an earlier build", leftover, e))?;
        }
    }
    fs::create_dir_all(&staging).map_err(|e| fail("create the staging folder", &staging, e))?;
    let mut report = WriteReport::default();
    let result = (|| -> Result<(), Diagnostic> {
        fs::write(staging.join(MARKER), MARKER_TEXT).map_err(|e| fail("write", &staging, e))?;
        for output in outputs {
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
            let target = staging.join(relative);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| fail("create the folder", dir, e))?;
            }
            let previous = output_dir.join(relative);
            if unchanged(&output.body, &previous) && fs::hard_link(&previous, &target).is_ok() {
                report.unchanged += 1;
                continue;
            }
            match &output.body {
                Body::Bytes(bytes) => fs::write(&target, bytes.as_slice()),
                Body::Embedded(bytes) => fs::write(&target, bytes),
                Body::Copy(file) => fs::copy(file, &target).map(|_| ()),
            }
            .map_err(|e| fail("write", &target, e))?;
            report.written += 1;
        }
        Ok(())
    })();
    if let Err(problem) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(problem);
    }

    if output_dir.exists() {
        fs::rename(&output_dir, &retired)
            .map_err(|e| fail("move the previous output aside", &output_dir, e))?;
    }
    if let Err(error) = fs::rename(&staging, &output_dir) {
        let _ = fs::rename(&retired, &output_dir);
        return Err(fail("put the new output in place", &output_dir, error));
    }
    if retired.exists() {
        fs::remove_dir_all(&retired)
            .map_err(|e| fail("remove the previous output", &retired, e))?;
    }
    Ok(report)
}

/// True when `previous` holds exactly the bytes of `body`.
fn unchanged(body: &Body, previous: &Path) -> bool {
    let Ok(metadata) = fs::metadata(previous) else {
        return false;
    };
    let same = |bytes: &[u8]| {
        metadata.len() == bytes.len() as u64 && fs::read(previous).is_ok_and(|old| old == bytes)
    };
    match body {
        Body::Bytes(bytes) => same(bytes),
        Body::Embedded(bytes) => same(bytes),
        Body::Copy(file) => {
            fs::metadata(file).is_ok_and(|m| m.len() == metadata.len())
                && fs::read(file).is_ok_and(|new| same(&new))
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    crate::paths::normalize(&std::env::current_dir().unwrap_or_default().join(path))
}
