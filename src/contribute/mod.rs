//! Contributions from members who do not use git: the GitHub issue forms a hub offers, and
//! the names the theme's "Suggest a correction" and "Add your profile" links point at.

/// The forms a hub offers its members, one per thing they can contribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// A new profile, of a person or a group.
    Profile,
    /// A new event.
    Event,
    /// A new entry of an existing toolkit.
    Resource,
    /// A correction to any page.
    Correction,
}

impl FormKind {
    /// Every form, in the order GitHub lists them.
    pub const ALL: [FormKind; 4] = [
        FormKind::Profile,
        FormKind::Event,
        FormKind::Resource,
        FormKind::Correction,
    ];

    /// The form's name in file names and labels.
    pub fn name(self) -> &'static str {
        match self {
            FormKind::Profile => "profile",
            FormKind::Event => "event",
            FormKind::Resource => "resource",
            FormKind::Correction => "correction",
        }
    }

    /// The file name of the form in `.github/ISSUE_TEMPLATE/` for a language: `profile.yml`
    /// in the hub's default language, `profile-es.yml` in another.
    pub fn file_name(self, language: &str, is_default: bool) -> String {
        if is_default {
            format!("{}.yml", self.name())
        } else {
            format!("{}-{language}.yml", self.name())
        }
    }
}

/// The id of the correction form's field that names the page to correct (the theme's
/// "Suggest a correction" link fills it with the page's address).
pub const CORRECTION_PAGE_FIELD: &str = "page";

/// The id of the resource form's field that names the toolkit (the theme's "Suggest a
/// resource" link fills it with the toolkit's title).
pub const RESOURCE_TOOLKIT_FIELD: &str = "toolkit";

pub mod forms;
pub mod intake;

use std::path::{Path, PathBuf};

/// Where a hub's issue forms are, relative to the hub.
pub const FORMS_FOLDER: &str = ".github/ISSUE_TEMPLATE";

/// Writes the hub's issue forms, one set per language, into `.github/ISSUE_TEMPLATE/`, and
/// removes forms it wrote before that the hub no longer has (a language taken out). A file
/// there that `convene forms` did not write is never replaced: the forms are not written and
/// the error names it. Returns the files written, relative to the hub.
pub fn write_forms(options: &crate::BuildOptions) -> Result<Vec<PathBuf>, String> {
    let linked = load(options, "its forms are made from its pages")?;
    let folder = options.source.join(FORMS_FOLDER);
    let ours = |path: &Path| {
        std::fs::read_to_string(path).is_ok_and(|text| text.starts_with(forms::HEADER))
    };
    let mut files = Vec::new();
    for site in &linked.sites {
        for form in forms::of_site(site) {
            let file = Path::new(FORMS_FOLDER).join(&form.file_name);
            let path = options.source.join(&file);
            if path.exists() && !ours(&path) {
                return Err(format!(
                    "{} was not written by `convene forms`, and is left as it is; rename it, or delete it to have the form written",
                    file.display()
                ));
            }
            files.push((file, forms::to_yaml(&form, &site.lang.words)));
        }
    }
    std::fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = Path::new(FORMS_FOLDER).join(entry.file_name());
            if ours(&path) && !files.iter().any(|(file, _)| *file == name) {
                std::fs::remove_file(&path)
                    .map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
            }
        }
    }
    for (file, text) in &files {
        let path = options.source.join(file);
        std::fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    Ok(files.into_iter().map(|(file, _)| file).collect())
}

/// The hub, read and linked, for a command that needs it whole; its errors, if any, as one
/// message for the organiser that says `why` they stop the command.
fn load(options: &crate::BuildOptions, why: &str) -> Result<crate::Linked, String> {
    crate::load(options).map_err(|problems| {
        let errors: Vec<String> = problems
            .iter()
            .filter(|p| p.is_error())
            .map(ToString::to_string)
            .collect();
        format!(
            "the hub has errors, and {why}; fix them first (`convene check` lists them):\n{}",
            errors.join("\n")
        )
    })
}
