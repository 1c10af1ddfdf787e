//! Themes: the built-in default theme (embedded in the binary), an optional `themes/NAME/`
//! of the hub, and the hub's own `templates/` and `static/`, each overriding the one before,
//! file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The template's text.
    pub text: String,
    /// The file it was read from, or `None` for the built-in theme.
    pub origin: Option<PathBuf>,
}

/// A file of a theme or the hub's `static/`, copied to the output as it is.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Bytes embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of the hub, relative to the hub folder.
    OnDisk(PathBuf),
}

/// A translation file (`i18n/es.yaml`) of the built-in theme, a theme of the hub or the hub.
#[derive(Debug, Clone)]
pub struct TranslationFile {
    /// The file's name (`es.yaml`).
    pub name: String,
    /// Its text.
    pub text: String,
    /// The file it was read from, relative to the hub, or `None` for the built-in theme.
    pub origin: Option<PathBuf>,
}

/// The templates, static files and translations of a build, after overrides.
#[derive(Debug, Default)]
pub struct Theme {
    /// Templates by name (`page.html`, `partials/card.html`).
    pub templates: BTreeMap<String, TemplateFile>,
    /// Static files by output path (`style.css`).
    pub static_files: BTreeMap<String, StaticFile>,
    /// Translation files by language (`es`), the built-in theme's first; later ones change
    /// the keys they name ([`crate::i18n`]).
    pub translations: BTreeMap<String, Vec<TranslationFile>>,
}

/// The text of the built-in theme's translation for `language`, if it ships one.
pub fn built_in_translation(language: &str) -> Option<&'static str> {
    DEFAULT_THEME
        .get_file(format!("i18n/{language}.yaml"))
        .and_then(|file| file.contents_utf8())
}

/// Loads the default theme, then `themes/NAME/` if `theme` names one, then the hub's
/// `templates/` and `static/`. Problems (errors and warnings) are returned beside the theme.
pub fn load(root: &Path, theme: Option<&str>) -> (Theme, Vec<Diagnostic>) {
    let mut loaded = Theme::default();
    let mut problems = Vec::new();
    for file in embedded_files(&DEFAULT_THEME) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            loaded
                .templates
                .insert(name.to_string(), TemplateFile { text, origin: None });
        } else if let Some(name) = path.strip_prefix("static/") {
            loaded
                .static_files
                .insert(name.to_string(), StaticFile::Embedded(file.contents()));
        } else if let Some(name) = path.strip_prefix("i18n/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            add_translation(&mut loaded, name, text, None);
        }
    }
    let mut layers = Vec::new();
    if let Some(name) = theme.filter(|name| *name != "default") {
        let dir = Path::new("themes").join(name);
        if !root.join(&dir).is_dir() {
            problems.push(
                Diagnostic::file_error(
                    "hub.yaml",
                    format!("the theme `{name}` was not found in themes/{name}/"),
                )
                .with_help(
                    "remove the `theme` line to use the built-in theme, or add the theme's folder",
                ),
            );
        }
        layers.push(dir);
    }
    layers.push(PathBuf::new());
    for layer in layers {
        overlay_templates(root, &layer.join("templates"), &mut loaded, &mut problems);
        for (name, file) in files_under(root, &layer.join("i18n"), &mut problems) {
            match std::fs::read_to_string(root.join(&file)) {
                Ok(text) => add_translation(&mut loaded, &name, text, Some(file)),
                Err(error) => problems.push(crate::diagnostic::cannot_read(&file, &error)),
            }
        }
        for (name, file) in files_under(root, &layer.join("static"), &mut problems) {
            let name = crate::paths::composed(&name);
            loaded.static_files.insert(name, StaticFile::OnDisk(file));
        }
    }
    (loaded, problems)
}

/// Adds the translation file `name` (`es.yaml`; other names are not translations) to `theme`,
/// under the language's code as hub.yaml's are read (`ES.yaml` and `es_mx.yaml` are the words
/// of `es` and `es-MX`).
fn add_translation(theme: &mut Theme, name: &str, text: String, origin: Option<PathBuf>) {
    let Some(language) = name.strip_suffix(".yaml").filter(|l| !l.contains('/')) else {
        return;
    };
    let language = crate::config::language_code(language).unwrap_or_else(|_| language.to_string());
    theme
        .translations
        .entry(language)
        .or_default()
        .push(TranslationFile {
            name: name.to_string(),
            text,
            origin,
        });
}

/// Every file of an embedded folder, depth first.
fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files
}

fn overlay_templates(root: &Path, dir: &Path, theme: &mut Theme, problems: &mut Vec<Diagnostic>) {
    for (name, file) in files_under(root, dir, problems) {
        match std::fs::read_to_string(root.join(&file)) {
            Ok(text) => {
                theme.templates.insert(
                    name,
                    TemplateFile {
                        text,
                        origin: Some(file),
                    },
                );
            }
            Err(error) => problems.push(crate::diagnostic::cannot_read(&file, &error)),
        }
    }
}

/// Files under `root/dir` (hidden ones left out), by their path inside `dir`, sorted.
fn files_under(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&full)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.path_is_symlink() => problems.push(
                Diagnostic::file_error(
                    entry.path().strip_prefix(root).unwrap_or(entry.path()),
                    "symbolic links are not followed; this one is left out",
                )
                .warning(),
            ),
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                let name = entry
                    .path()
                    .strip_prefix(&full)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                match crate::diagnostic::unreadable(entry.path(), &relative) {
                    Some(problem) => problems.push(problem),
                    None => files.push((name, relative)),
                }
            }
            Ok(_) => {}
            Err(error) => problems.push(crate::diagnostic::cannot_walk(
                error
                    .path()
                    .map_or(Path::new(dir), |p| p.strip_prefix(root).unwrap_or(p)),
                &error,
            )),
        }
    }
    files
}
