//! `convene init` and `convene new`: starting files for a hub and its pages. Existing files are
//! never overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use crate::slug::slugify;

/// The kinds of page `convene new` can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A person or group in `content/profiles/`.
    Profile,
    /// An event in `content/events/`.
    Event,
    /// A toolkit in `content/toolkits/`.
    Toolkit,
    /// A news post in `content/posts/`.
    Post,
}

/// A problem that stops `init` or `new`.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The file is there already and is left as it is.
    #[error("{0} already exists; convene does not overwrite it")]
    Exists(PathBuf),
    /// The title has no letters or digits to name a file after.
    #[error("the title `{0}` has no letters or digits to make a file name from")]
    EmptyTitle(String),
    /// The issue forms could not be made from the new hub.
    #[error("cannot write the issue forms: {0}")]
    Forms(String),
    /// Writing failed.
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => ScaffoldError::Io(path.to_path_buf(), e),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| ScaffoldError::Io(path.to_path_buf(), e))
}

/// The texts `convene new` writes for a profile, an event, a toolkit and a post to be replaced:
/// `convene check` warns of a page that still has one.
pub const PLACEHOLDER_TEXTS: [&str; 4] = [
    "A few sentences about who you are, what you teach, and what you would like to talk about.",
    "What will happen, who it is for, and what to bring.",
    "Who this toolkit is for and how to use it.",
    "Write your news here.",
];

/// The address `convene new` writes for a toolkit's first resource, to be replaced.
pub const PLACEHOLDER_RESOURCE_URL: &str = "https://example.org/article";

/// Front matter and a starting text for a new page of `kind` titled `title`, dated `today`.
pub fn page_template(kind: NewKind, title: &str, today: jiff::civil::Date) -> String {
    let title = title.replace('"', "\\\"");
    match kind {
        NewKind::Profile => format!(
            "---\ntitle: \"{title}\"\nkind: person            # person | group\nroles: []\nsubjects: []\nregions: []\ngrade_levels: []\nlocation: \"\"\nlinks:\n  website: https://example.org\n---\n{body}\n",
            body = PLACEHOLDER_TEXTS[0]
        ),
        NewKind::Event => {
            let start = today
                .checked_add(jiff::Span::new().days(14))
                .unwrap_or(today);
            format!(
                "---\ntitle: \"{title}\"\ndate: {today}\nstart: {start}T09:00:00\nduration: 90m\nlocation: \"\"\nhosts: []\nstatus: confirmed       # confirmed | tentative | cancelled\n---\n{body}\n",
                body = PLACEHOLDER_TEXTS[1]
            )
        }
        NewKind::Toolkit => format!(
            "---\ntitle: \"{title}\"\ndate: {today}\ncurators: []\nresources:\n  - title: A first resource\n    url: {url}\n    author: \"\"\n    source: \"\"\n    kind: article         # article | video | podcast | book | tool | community\n    note: Why this one is worth your time.\n---\n{body}\n",
            body = PLACEHOLDER_TEXTS[2],
            url = PLACEHOLDER_RESOURCE_URL
        ),
        NewKind::Post => format!(
            "---\ntitle: \"{title}\"\ndate: {today}\ntags: []\n---\n{body}\n",
            body = PLACEHOLDER_TEXTS[3]
        ),
    }
}

/// Writes a new page of `kind` into the hub at `root`; returns its path.
pub fn new_page(
    root: &Path,
    kind: NewKind,
    title: &str,
    today: jiff::civil::Date,
) -> Result<PathBuf, ScaffoldError> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptyTitle(title.to_string()));
    }
    let section = match kind {
        NewKind::Profile => "profiles",
        NewKind::Event => "events",
        NewKind::Toolkit => "toolkits",
        NewKind::Post => "posts",
    };
    let path = root
        .join("content")
        .join(section)
        .join(format!("{slug}.md"));
    write_new(&path, &page_template(kind, title, today))?;
    Ok(path)
}

/// The GitHub Actions workflow that builds a hub and publishes it on GitHub Pages, the same as
/// the example hub's.
/// The workflow that publishes a hub on GitHub Pages (the example hub's).
pub const PUBLISH_WORKFLOW: &str = include_str!("../example-site/.github/workflows/publish.yml");

/// The workflow that turns members' issues into pull requests (the example hub's).
pub const CONTRIBUTIONS_WORKFLOW: &str =
    include_str!("../example-site/.github/workflows/contributions.yml");

/// Starts a hub in `dir`: hub.yaml, a home page, an about page, one page of each kind that
/// link to each other, the workflows that publish it on GitHub Pages and take in members'
/// contributions, and the issue forms members contribute with. Refuses to touch a folder that already has a hub.yaml.
pub fn init(dir: &Path, today: jiff::civil::Date) -> Result<Vec<PathBuf>, ScaffoldError> {
    let hub = dir.join("hub.yaml");
    if hub.exists() {
        return Err(ScaffoldError::Exists(hub));
    }
    let start = today
        .checked_add(jiff::Span::new().days(14))
        .unwrap_or(today);
    let files: Vec<(&str, String)> = vec![
        ("hub.yaml", "title: Our Learning Network\ndescription: Educators who meet, share and learn together.\nbase_url: https://example.org/\nlanguage: en\ntimezone: America/Chicago\ntaxonomies: [roles, subjects, regions, grade_levels, tags]\n# repository: https://github.com/OWNER/REPO   # turns on the \"Suggest a correction\" links\n# logo: static/logo.svg           # your logo, beside the title in every page's header\n# contact: hello@example.org      # \"Contact: …\" in every page's footer\n# join: \"@/about.md\"              # where the \"Join us\" button leads\n# image: static/preview.png       # what a shared link shows for a page without a picture (1200 x 630)\n".to_string()),
        ("content/_index.md", "---\ntitle: Welcome to our learning network\n---\nWe are teachers, coaches and librarians who meet once a month to trade ideas. Come to a meetup, add your profile, and borrow from our toolkits.\n".to_string()),
        ("content/about.md", "---\ntitle: About\n---\nThis hub is kept in a git repository. To add your profile, copy `content/profiles/first-member.md`, change it, and open a pull request.\n\nOur next meetup is [the monthly coffee](events/monthly-coffee.md).\n".to_string()),
        ("content/profiles/first-member.md", "---\ntitle: First Member\nkind: person\nroles: [teacher]\nsubjects: [science]\nregions: [Our Region]\ngrade_levels: [middle school]\nlinks:\n  website: https://example.org\n---\nI teach seventh-grade science and host our monthly coffee.\n".to_string()),
        ("content/profiles/coffee-group.md", "---\ntitle: Monthly Coffee\nkind: group\nroles: [teacher, instructional coach]\nregions: [Our Region]\nmembers: [first-member]\n---\nAn hour of coffee and conversation on the first Saturday of the month.\n".to_string()),
        ("content/events/monthly-coffee.md", format!("---\ntitle: Monthly coffee\ndate: {today}\nstart: {start}T08:30:00\nduration: 90m\nlocation: The corner café\nhosts: [coffee-group, first-member]\nsubjects: [science]\n---\nBring a question you are working on this month.\n")),
        ("content/toolkits/getting-started.md", format!("---\ntitle: Getting started\ndate: {today}\ncurators: [first-member]\nresources:\n  - title: Start a learning network at your school\n    url: https://example.org/start\n    author: First Member\n    source: Our blog\n    kind: article\n    note: A short guide to the first three meetings.\n---\nResources we share with new members.\n")),
        ("content/posts/welcome.md", format!("---\ntitle: Our hub is open\ndate: {today}\ntags: [news]\n---\nThe network has a home on the web. Add your profile and come to [the next coffee](../events/monthly-coffee.md).\n")),
        ("static/.gitkeep", String::new()),
        (".gitignore", "/public\n/.public.convene-*\n/.convene/\n".to_string()),
        (".github/workflows/publish.yml", PUBLISH_WORKFLOW.to_string()),
        (
            ".github/workflows/contributions.yml",
            CONTRIBUTIONS_WORKFLOW.to_string(),
        ),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        let path = dir.join(path);
        write_new(&path, &text)?;
        written.push(path);
    }
    let options = crate::BuildOptions {
        source: dir.to_path_buf(),
        ..Default::default()
    };
    let forms = crate::contribute::write_forms(&options).map_err(ScaffoldError::Forms)?;
    written.extend(forms.into_iter().map(|form| dir.join(form)));
    Ok(written)
}
