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
