//! `convene cms`: the configuration of an editor in the browser (Sveltia CMS) for members who
//! do not use git. It is written to `static/admin/`, which the build publishes as it is, so that
//! the published hub serves the editor at `/admin/`; the editor reads and commits the hub's
//! Markdown files through GitHub's API, with no server of the hub's own.
//!
//! The configuration follows the content format: one collection per kind of page, a field for
//! every front matter key that kind takes, each with the widget that writes what convene reads
//! (a date as `2026-12-05`, an event's start as the local `2026-12-05T08:30:00`, the profiles an
//! event names by their file name), and, in a hub of several languages, translations as
//! `NAME.CODE.md` files beside their original.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{Config, taxonomy_title};
use crate::content::Kind;
use crate::content::front_matter::{ProfileKind, ResourceKind};
use crate::diagnostic::Diagnostic;
use crate::events::EventStatus;
use crate::slug::slugify;

/// The editor's configuration, relative to the hub.
pub const CONFIG_FILE: &str = "static/admin/config.yml";

/// The page that loads the editor, relative to the hub.
pub const INDEX_FILE: &str = "static/admin/index.html";

/// The first words of every file `convene cms` writes: a file that starts otherwise is the
/// organiser's own and is never overwritten.
pub const HEADER: &str = "# Written by convene cms";

/// The same mark in the editor's HTML page, on the line after the doctype.
pub const HTML_HEADER: &str = "<!-- Written by convene cms";

/// Where the editor's script is published.
pub const SCRIPT_URL: &str = "https://unpkg.com/@sveltia/cms/dist/sveltia-cms.js";

/// The repository written when none is known, for the organiser to replace.
pub const PLACEHOLDER_REPOSITORY: &str = "OWNER/REPO";

/// The branch the editor commits to: the one the publishing workflow builds.
pub const BRANCH: &str = "main";

/// Where pictures uploaded in the editor are stored in the hub (copied to the site as they are).
pub const MEDIA_FOLDER: &str = "static/uploads";

/// The address the editor writes for an uploaded picture: a path from the hub's root, which
/// convene reads as a file of `static/` (`avatar: /uploads/ana.jpg`).
pub const PUBLIC_FOLDER: &str = "/uploads";

/// How many terms of a taxonomy the hint under its field names at most.
const TERMS_IN_HINT: usize = 40;

/// One collection of the editor: the pages of one kind, in one folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collection {
    /// The collection's name in the configuration.
    pub name: &'static str,
    /// The folder of its pages, relative to the hub.
    pub folder: &'static str,
    /// The kind of its pages.
    pub kind: Kind,
    /// What the editor calls the collection.
    label: &'static str,
    /// What the editor calls one of its pages.
    singular: &'static str,
    /// A Material Symbols icon.
    icon: &'static str,
    /// One sentence under the collection's name.
    description: &'static str,
}

/// The editor's collections, in the order its menu lists them.
pub const COLLECTIONS: [Collection; 5] = [
    Collection {
        name: "profiles",
        folder: "content/profiles",
        kind: Kind::Profile,
        label: "People and groups",
        singular: "Profile",
        icon: "groups",
        description: "The members of the network and the groups they run: one page each.",
    },
    Collection {
        name: "events",
        folder: "content/events",
        kind: Kind::Event,
        label: "Events",
        singular: "Event",
        icon: "event",
        description: "Meetups, chats, workshops and conferences.",
    },
    Collection {
        name: "toolkits",
        folder: "content/toolkits",
        kind: Kind::Toolkit,
        label: "Toolkits",
        singular: "Toolkit",
        icon: "handyman",
        description: "Lists of articles, videos and other resources, with a note on each.",
    },
    Collection {
        name: "posts",
        folder: "content/posts",
        kind: Kind::Post,
        label: "News",
        singular: "Post",
        icon: "newspaper",
        description: "News and announcements, newest first on the site and in its feed.",
    },
    Collection {
        name: "pages",
        folder: "content",
        kind: Kind::Page,
        label: "Pages",
        singular: "Page",
        icon: "description",
        description: "Pages such as About, and the text of the home page.",
    },
];

/// What `convene cms` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct CmsOptions {
    /// The hub's folder (the one with hub.yaml).
    pub source: PathBuf,
    /// The hub's GitHub repository, as `https://github.com/OWNER/REPO`, instead of hub.yaml's
    /// `repository`; when neither names one, [`PLACEHOLDER_REPOSITORY`] is written.
    pub repository: Option<String>,
}

/// What `convene cms` did.
#[derive(Debug, Clone)]
pub struct CmsReport {
    /// The files written, relative to the hub.
    pub written: Vec<PathBuf>,
    /// Files of the organiser's own that were left as they are, relative to the hub.
    pub kept: Vec<PathBuf>,
    /// The repository the editor commits to (`OWNER/REPO`), or `None` when the placeholder
    /// was written.
    pub repository: Option<String>,
}

/// A problem that stops `convene cms`.
#[derive(Debug, thiserror::Error)]
pub enum CmsError {
    /// hub.yaml could not be read or is wrong.
    #[error("hub.yaml has {} problem(s)", .0.len())]
    Hub(Vec<Diagnostic>),
    /// The file is the organiser's own: convene leaves it as it is.
    #[error(
        "{} was not written by convene (its first line is not `{HEADER}`), so convene leaves it as it is\n  = help: keep editing it by hand, or move it away and run `convene cms` again to have convene write it",
        .0.display()
    )]
    NotOurs(PathBuf),
    /// The repository given is not a GitHub repository's address: what is wrong, and what
    /// to write.
    #[error("{0}\n  = help: {1}")]
    Repository(String, String),
    /// Reading or writing failed.
    #[error("cannot write {path}: {error}", path = .0.display(), error = .1)]
    Io(PathBuf, std::io::Error),
}

/// Writes the editor's configuration and page into `static/admin/` of the hub in
/// `options.source`. A configuration of the organiser's own (one that does not start with
/// [`HEADER`]) is never overwritten: that is an error. The editor's page is written unless
/// the organiser has one of their own, which is kept.
pub fn write(options: &CmsOptions) -> Result<CmsReport, CmsError> {
    let given = options
        .repository
        .as_deref()
        .map(|url| {
            crate::config::Repository::parse(url)
                .map_err(|(message, help)| CmsError::Repository(message, help))
        })
        .transpose()?;
    let config = crate::config::load(&options.source, None).map_err(CmsError::Hub)?;
    let repository = given
        .or_else(|| config.repository.clone())
        .map(|repository| format!("{}/{}", repository.owner, repository.name));
    let config_path = options.source.join(CONFIG_FILE);
    let index_path = options.source.join(INDEX_FILE);
    if let Some(text) = read_if_present(&config_path)?
        && !text.starts_with(HEADER)
    {
        return Err(CmsError::NotOurs(PathBuf::from(CONFIG_FILE)));
    }
    let keep_index = read_if_present(&index_path)?.is_some_and(|text| !is_our_html(&text));
    let terms = terms_in_use(&options.source, &config.taxonomies);
    let yaml = config_yaml(&config, &terms, repository.as_deref());
    let mut written = vec![PathBuf::from(CONFIG_FILE)];
    write_file(&config_path, &yaml)?;
    let mut kept = Vec::new();
    if keep_index {
        kept.push(PathBuf::from(INDEX_FILE));
    } else {
        write_file(&index_path, &index_html(&config.title.default))?;
        written.push(PathBuf::from(INDEX_FILE));
    }
    Ok(CmsReport {
        written,
        kept,
        repository,
    })
}

/// The text of `path`, or `None` when there is no such file.
fn read_if_present(path: &Path) -> Result<Option<String>, CmsError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(CmsError::Io(path.to_path_buf(), error)),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), CmsError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| CmsError::Io(dir.to_path_buf(), e))?;
    }
    std::fs::write(path, text).map_err(|e| CmsError::Io(path.to_path_buf(), e))
}

/// Whether the HTML page `text` is one `convene cms` wrote.
fn is_our_html(text: &str) -> bool {
    text.lines()
        .take(2)
        .any(|line| line.trim_start().starts_with(HTML_HEADER))
}

/// The terms the hub's pages (drafts and translations included) use in each of `taxonomies`,
/// one spelling per term (the first written, in file order), sorted by their address.
pub fn terms_in_use(root: &Path, taxonomies: &[String]) -> BTreeMap<String, Vec<String>> {
    let content = crate::content::load(root, true, None);
    let mut terms: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for source in content.sources.iter().chain(&content.drafts) {
        for taxonomy in taxonomies {
            let Some(given) = source.front.terms.get(taxonomy.as_str()) else {
                continue;
            };
            let named = terms.entry(taxonomy.clone()).or_default();
            for name in &given.values {
                let slug = slugify(name);
                if !slug.is_empty() {
                    named.entry(slug).or_insert_with(|| name.trim().to_string());
                }
            }
        }
    }
    terms
        .into_iter()
        .map(|(taxonomy, named)| (taxonomy, named.into_values().collect()))
        .collect()
}

/// The editor's page: it loads the editor's script, which reads `config.yml` beside it.
pub fn index_html(hub_title: &str) -> String {
    let title = crate::escape::escape_html(hub_title);
    format!(
        "<!doctype html>\n{HTML_HEADER}: the editor of the hub (Sveltia CMS), which reads config.yml beside it. Delete this line to keep your own changes. -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Edit {title}</title>\n</head>\n<body>\n<script src=\"{SCRIPT_URL}\" type=\"module\"></script>\n</body>\n</html>\n"
    )
}

/// The editor's configuration for the hub `config`: `terms` are the terms in use in each
/// taxonomy (named in the hints), `repository` the GitHub repository as `OWNER/REPO` (the
/// placeholder when `None`). The text starts with [`HEADER`].
pub fn config_yaml(
    config: &Config,
    terms: &BTreeMap<String, Vec<String>>,
    repository: Option<&str>,
) -> String {
    let multilingual = config.languages.len() > 1;
    let mut collections: Vec<CmsCollection> = COLLECTIONS
        .iter()
        .map(|collection| cms_collection(collection, config, terms))
        .collect();
    if !multilingual {
        for collection in &mut collections {
            collection.i18n = None;
            strip_translation(&mut collection.fields);
            if let Some(index) = &mut collection.index_file {
                strip_translation(&mut index.fields);
            }
        }
    }
    let cms = CmsConfig {
        backend: Backend {
            name: "github",
            repo: repository.unwrap_or(PLACEHOLDER_REPOSITORY).to_string(),
            branch: BRANCH,
        },
        media_folder: MEDIA_FOLDER,
        public_folder: PUBLIC_FOLDER,
        slug: SlugOptions {
            encoding: "ascii",
            clean_accents: true,
            sanitize_replacement: "-",
        },
        output: OutputOptions {
            omit_empty_optional_fields: true,
        },
        i18n: multilingual.then(|| I18n {
            structure: "multiple_files",
            locales: config.languages.clone(),
            default_locale: config.languages[0].clone(),
            omit_default_locale_from_file_path: true,
            initial_locales: "default",
        }),
        collections,
    };
    let body = serde_saphyr::to_string(&cms).unwrap_or_default();
    format!(
        "{HEADER}: the configuration of the hub's editor at /admin/ (Sveltia CMS).\n# Run `convene cms` again after changing hub.yaml's languages or taxonomies: it rewrites\n# this file. To keep changes of your own, delete the first line; convene then leaves it alone.\n{body}"
    )
}

/// Removes every field's translation mode (for a hub in one language).
fn strip_translation(fields: &mut [Field]) {
    for field in fields {
        field.i18n = None;
        if let Some(field) = &mut field.field {
            field.i18n = None;
        }
        strip_translation(&mut field.fields);
    }
}

#[derive(Serialize)]
struct CmsConfig {
    backend: Backend,
    media_folder: &'static str,
    public_folder: &'static str,
    slug: SlugOptions,
    output: OutputOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    i18n: Option<I18n>,
    collections: Vec<CmsCollection>,
}

#[derive(Serialize)]
struct Backend {
    name: &'static str,
    repo: String,
    branch: &'static str,
}

#[derive(Serialize)]
struct SlugOptions {
    encoding: &'static str,
    clean_accents: bool,
    sanitize_replacement: &'static str,
}

#[derive(Serialize)]
struct OutputOptions {
    omit_empty_optional_fields: bool,
}

#[derive(Serialize)]
struct I18n {
    structure: &'static str,
    locales: Vec<String>,
    default_locale: String,
    omit_default_locale_from_file_path: bool,
    initial_locales: &'static str,
}

#[derive(Serialize)]
struct CmsCollection {
    name: &'static str,
    label: &'static str,
    label_singular: &'static str,
    description: &'static str,
    icon: &'static str,
    folder: &'static str,
    extension: &'static str,
    format: &'static str,
    create: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    i18n: Option<bool>,
    sortable_fields: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index_file: Option<IndexFile>,
    fields: Vec<Field>,
}

#[derive(Serialize)]
struct IndexFile {
    name: &'static str,
    label: &'static str,
    fields: Vec<Field>,
}

/// Whether a field is written in each language or copied from the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Translation {
    /// Each language has its own value (texts).
    Translate,
    /// The default language's value is copied to the others (what links pages together:
    /// dates, addresses, terms, profiles).
    Duplicate,
}

impl Serialize for Translation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Translation::Translate => serializer.serialize_bool(true),
            Translation::Duplicate => serializer.serialize_str("duplicate"),
        }
    }
}

#[derive(Serialize)]
struct SelectOption {
    label: String,
    value: String,
}

/// One field of the editor's form.
#[derive(Serialize, Default)]
struct Field {
    name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    label: String,
    widget: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    i18n: Option<Translation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    input_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_format: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<SelectOption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collection: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_field: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    search_fields: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    display_fields: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label_singular: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collapsed: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    choose_url: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<Box<Field>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<Field>,
}

impl Field {
    /// An optional field whose value is copied to every language.
    fn new(name: &str, label: &str, widget: &'static str) -> Field {
        Field {
            name: name.to_string(),
            label: label.to_string(),
            widget,
            required: Some(false),
            i18n: Some(Translation::Duplicate),
            ..Field::default()
        }
    }

    fn required(mut self) -> Field {
        self.required = Some(true);
        self
    }

    fn translated(mut self) -> Field {
        self.i18n = Some(Translation::Translate);
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    fn url(mut self) -> Field {
        self.input_type = Some("url");
        self
    }

    fn label_as(mut self, label: &str) -> Field {
        self.label = label.to_string();
        self
    }

    /// The same field, its value written in `translation` mode, inside a list.
    fn with_translation(mut self, translation: Option<Translation>) -> Field {
        self.i18n = translation;
        self
    }
}

/// A text field on one line.
fn string(name: &str, label: &str) -> Field {
    Field::new(name, label, "string")
}

/// A date picker that writes `2026-12-05`.
fn date(name: &str, label: &str) -> Field {
    Field {
        date_format: Some("YYYY-MM-DD"),
        time_format: Some(false),
        ..Field::new(name, label, "datetime")
    }
}

/// A date and time picker that writes the local `2026-12-05T08:30:00`, without an offset:
/// convene reads it in the event's time zone.
fn date_time(name: &str, label: &str) -> Field {
    Field {
        format: Some("YYYY-MM-DDTHH:mm:ss"),
        ..Field::new(name, label, "datetime")
    }
}

/// A list of texts, one input each.
fn text_list(name: &str, label: &str, item: &str) -> Field {
    Field {
        field: Some(Box::new(string("item", item).required())),
        ..Field::new(name, label, "list")
    }
}

/// A choice among `values` (the names of an enum as front matter writes them).
fn select(name: &str, label: &str, values: Vec<String>, default: &str) -> Field {
    Field {
        options: values
            .into_iter()
            .map(|value| SelectOption {
                label: capitalised(&value),
                value,
            })
            .collect(),
        default: Some(default.to_string()),
        ..Field::new(name, label, "select")
    }
}

/// Profiles picked by their title and written as their file name (the profile's slug).
fn profiles(name: &str, label: &str) -> Field {
    Field {
        collection: Some("profiles"),
        value_field: Some("{{slug}}"),
        search_fields: vec!["title"],
        display_fields: vec!["title"],
        multiple: Some(true),
        ..Field::new(name, label, "relation")
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The front matter names of `values` (`person`, `group`), as serde writes them.
pub fn value_names<T: Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|value| serde_json::to_value(value).ok())
        .filter_map(|value| value.as_str().map(str::to_string))
        .collect()
}

/// The collection of the editor for `collection` in the hub `config`.
fn cms_collection(
    collection: &Collection,
    config: &Config,
    terms: &BTreeMap<String, Vec<String>>,
) -> CmsCollection {
    let kind = collection.kind;
    let mut fields = vec![title(kind)];
    let dated_first = matches!(kind, Kind::Post | Kind::Toolkit);
    if dated_first {
        fields.push(publication_date(kind));
    }
    fields.extend(kind_fields(kind, config));
    fields.extend(
        config
            .taxonomies
            .iter()
            .map(|taxonomy| term_field(taxonomy, terms.get(taxonomy))),
    );
    fields.push(summary());
    if !dated_first {
        fields.push(publication_date(kind));
    }
    fields.extend([
        date("updated", "Last updated")
            .hint("The day the page last changed in a way readers should know about. Optional."),
        string("slug", "Address").hint(
            "The last part of the page's address. Leave it empty to use the file name, which is made from the title when the page is created.",
        ),
        text_list("aliases", "Old addresses", "Old address").hint(
            "Addresses this page had before, such as /events/old-name/, so that old links still lead here.",
        ),
        Field::new("draft", "Draft", "boolean").hint("A draft is kept out of the published site until this is switched off."),
        string("lang", "Written in")
            .hint("For a page written in another language than the hub's first, with no translation: its language's code, such as en or es. Leave it empty otherwise.")
            .with_translation(None),
        string("template", "Template").hint(
            "For organisers: another template of the theme to show this page with, such as page.html. Leave it empty.",
        ),
        hidden_extra(),
        body(kind),
    ]);
    let sortable_fields = match kind {
        Kind::Profile => vec!["title", "sort_name"],
        Kind::Event => vec!["start", "title"],
        Kind::Toolkit | Kind::Post => vec!["date", "title"],
        _ => vec!["title"],
    };
    CmsCollection {
        name: collection.name,
        label: collection.label,
        label_singular: collection.singular,
        description: collection.description,
        icon: collection.icon,
        folder: collection.folder,
        extension: "md",
        format: "yaml-frontmatter",
        create: true,
        i18n: Some(true),
        sortable_fields,
        index_file: Some(IndexFile {
            name: "_index",
            label: if kind == Kind::Page {
                "Home page"
            } else {
                "Introduction of the list"
            },
            fields: vec![
                Field::new("title", "Title", "string")
                    .required()
                    .translated()
                    .hint("The heading of the page."),
                summary(),
                hidden_extra(),
                Field::new("body", "Text", "markdown")
                    .translated()
                    .hint(if kind == Kind::Page {
                        "The text at the top of the home page."
                    } else {
                        "The text above the list."
                    }),
            ],
        }),
        fields,
    }
}

fn title(kind: Kind) -> Field {
    let (label, hint) = match kind {
        Kind::Profile => (
            "Name",
            "The person's or the group's name, as the directory shows it.",
        ),
        Kind::Event => (
            "Title",
            "The event's name, such as: Saturday coffee — December.",
        ),
        _ => (
            "Title",
            "The page's title, short enough to read at a glance.",
        ),
    };
    Field::new("title", label, "string")
        .required()
        .translated()
        .hint(hint)
}

fn publication_date(kind: Kind) -> Field {
    let field = date("date", "Date");
    match kind {
        Kind::Post => field
            .required()
            .hint("The day the news is published; news is listed newest first."),
        Kind::Toolkit => field.hint("The day the toolkit was published."),
        Kind::Event => field.label_as("Announced on").hint(
            "The day the event was announced (news feeds list it then). This is not the day it takes place.",
        ),
        _ => field.hint("The day the page was published. Optional."),
    }
}

fn summary() -> Field {
    Field::new("summary", "Summary", "text").translated().hint(
        "One or two sentences for lists, feeds and search results. Leave it empty to use the first paragraph of the text.",
    )
}

/// `extra`, free-form data for templates: kept as written, not shown in the form.
fn hidden_extra() -> Field {
    Field::new("extra", "", "hidden")
}

fn body(kind: Kind) -> Field {
    let hint = match kind {
        Kind::Profile => {
            "A few sentences about who you are, what you teach and what you would like to talk about."
        }
        Kind::Event => "What will happen, who it is for, and what to bring.",
        Kind::Toolkit => "Who this toolkit is for and how to use it.",
        Kind::Post => "The news itself.",
        _ => "The page's text.",
    };
    Field::new("body", "Text", "markdown")
        .translated()
        .hint(hint)
}

/// A taxonomy's terms: free text, so that a member can add a term, with the terms in use named.
fn term_field(taxonomy: &str, in_use: Option<&Vec<String>>) -> Field {
    let label = taxonomy_title(taxonomy);
    let singular = match taxonomy {
        "roles" => "Role",
        "subjects" => "Subject",
        "regions" => "Region",
        "grade_levels" => "Grade level",
        "tags" => "Tag",
        _ => "Term",
    };
    let mut hint = String::from("One term in each box. ");
    match in_use {
        Some(terms) if !terms.is_empty() => {
            let shown: Vec<&str> = terms
                .iter()
                .take(TERMS_IN_HINT)
                .map(String::as_str)
                .collect();
            hint.push_str(&format!("In use: {}", shown.join(", ")));
            if terms.len() > TERMS_IN_HINT {
                hint.push_str(&format!(
                    " and {} more (see /{taxonomy}/ on the site)",
                    terms.len() - TERMS_IN_HINT
                ));
            }
            hint.push_str(
                ". Write a term in use exactly as it is, so that pages meet on one page of the site; add a new one when none fits.",
            );
        }
        _ => hint.push_str("Pages with the same term are listed together on the site."),
    }
    text_list(taxonomy, &label, singular).hint(hint)
}

/// The fields only pages of `kind` take, in the order the form shows them.
fn kind_fields(kind: Kind, config: &Config) -> Vec<Field> {
    match kind {
        Kind::Profile => vec![
            select(
                "kind",
                "Person or group",
                value_names(&ProfileKind::ALL),
                "person",
            )
            .hint("A group is a meetup, mastermind, affiliate or other community."),
            string("sort_name", "Sort as").hint(
                "How the directory sorts a person: family name first, such as Nguyen, Mai. Leave it empty for a group.",
            ),
            string("location", "Location")
                .hint("Where the person or group is, such as Dallas, TX."),
            Field {
                choose_url: Some(false),
                ..Field::new("avatar", "Picture", "image")
            }
            .hint("A photo or logo, square if you can. It is stored with the hub's files."),
            Field {
                key_label: Some("Label"),
                value_label: Some("Address"),
                ..Field::new("links", "Links", "keyvalue")
            }
            .hint(
                "A label and a full address (https://…) for each: website, mastodon, bluesky, linkedin. Label a blog's feed \"feed\" and it goes into the hub's list of members' blogs (OPML).",
            ),
            profiles("members", "Members").hint("For a group: the profiles of its members."),
        ],
        Kind::Event => vec![
            date_time("start", "Starts").required().hint(
                "The date and time it starts, on the clock where it takes place. (An all-day event, written with dates only, is made in the files, not here.)",
            ),
            date_time("end", "Ends").hint(
                "When it ends. Leave it empty to give a duration below instead, or for an event of one hour.",
            ),
            string("duration", "Duration").hint(
                "Instead of an end: how long it lasts, such as 90m, 2h or 1h30m. Leave it empty when you give an end.",
            ),
            string("timezone", "Time zone").hint(format!(
                "Only for an event in another time zone than the hub's ({}): its name, such as America/New_York.",
                config.timezone_name
            )),
            string("also_timezone", "Second time zone").hint(
                "Optional: a second zone the event's page also gives the time in, for people who join from there, such as America/New_York.",
            ),
            string("recurrence", "Repeats").hint(
                "Only for an event that repeats: a rule such as FREQ=MONTHLY;BYDAY=1SA;COUNT=12 (the first Saturday of each month, 12 times). The start must be one of its dates.",
            ),
            Field {
                field: Some(Box::new(date("date", "Date").required())),
                ..Field::new("exceptions", "Skipped dates", "list")
            }
            .hint("Dates a repeating event skips; each must be one of its dates."),
            string("location", "Place")
                .hint("Where it takes place: the place's name and street address."),
            string("online", "Online link")
                .url()
                .hint("The link to join online, if people can."),
            string("registration", "Registration")
                .url()
                .hint("Where to sign up, if people must."),
            profiles("hosts", "Hosts").hint("The people and groups who host it."),
            select(
                "status",
                "Status",
                value_names(&EventStatus::ALL),
                "confirmed",
            )
            .hint(
                "Tentative while details may change. A cancelled event stays on the site, marked cancelled.",
            ),
            Field {
                label_singular: Some("Change"),
                summary: Some("{{fields.date}}{{fields.from}}"),
                collapsed: Some("auto"),
                fields: change_fields(),
                ..Field::new("changes", "Changed dates", "list")
            }
            .translated()
            .hint("Only for an event that repeats: a date that moves, is cancelled or is held elsewhere, or a change from a date on (a new time of day, length or place)."),
            Field {
                field: Some(Box::new(date("date", "Date").required())),
                ..Field::new("additional_dates", "Extra dates", "list")
            }
            .hint("Only for an event that repeats: dates it also meets on, outside its rule, at its usual time."),
        ],
        Kind::Toolkit => vec![
            profiles("curators", "Curators").hint("The people who chose the resources."),
            Field {
                label_singular: Some("Resource"),
                summary: Some("{{fields.title}}"),
                collapsed: Some("auto"),
                fields: resource_fields(),
                ..Field::new("resources", "Resources", "list")
            }
            .translated()
            .hint("The articles, videos and other resources of the toolkit, in the order to read them."),
        ],
        Kind::Post | Kind::Page | Kind::Section | Kind::Home => Vec::new(),
    }
}

/// The fields of one entry of an event's `changes` (`DateChange`); each translation has its
/// own list, as a toolkit's has its resources, for the notes and places in its words.
fn change_fields() -> Vec<Field> {
    let translated = Some(Translation::Translate);
    let fields = vec![
        date("date", "Date").hint("The date that changes, as the series gives it. Leave it empty for a change from a date on."),
        date("from", "From").hint("Instead of a date: the first date from which on the change applies to every date."),
        date_time("start", "Moves to").hint("For one date: its new date and time."),
        string("start_time", "New time of day").hint("From a date on: the new time, on a 24-hour clock, such as 09:00."),
        date_time("end", "Ends").hint("For one date: when it ends, if not after the usual length."),
        string("duration", "Duration").hint("A new length, such as 90m or 2h."),
        string("location", "Place").hint("Where it takes place instead."),
        string("online", "Online link").url().hint("Another link to join online."),
        string("registration", "Registration").url().hint("Another place to sign up."),
        Field {
            default: None,
            ..select("status", "Status", value_names(&EventStatus::ALL), "confirmed")
        }
        .hint("For one date: cancelled, or tentative."),
        Field::new("note", "Note", "text").hint("Why, in a sentence, shown beside the date."),
    ];
    fields
        .into_iter()
        .map(|field| field.with_translation(translated))
        .collect()
}

/// The fields of one toolkit resource (`Resource`).
fn resource_fields() -> Vec<Field> {
    let translated = Some(Translation::Translate);
    vec![
        string("title", "Title")
            .required()
            .hint("Its title, as its author wrote it."),
        string("url", "Address")
            .required()
            .url()
            .hint("The full address, starting with https://."),
        string("author", "Author").hint("Who wrote or made it."),
        string("source", "Published in").hint("A magazine, a blog, a channel."),
        select("kind", "Kind", value_names(&ResourceKind::ALL), "article"),
        Field::new("note", "Note", "text").hint("Why it is in the toolkit."),
        text_list("tags", "Tags", "Tag").hint("Topics, shown beside the resource."),
    ]
    .into_iter()
    .map(|field| {
        let mut field = field.with_translation(translated);
        if let Some(item) = &mut field.field {
            item.i18n = translated;
        }
        field
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_pages_are_recognised_by_their_mark() {
        assert!(is_our_html(&index_html("Hub <One>")));
        assert!(!is_our_html(
            "<!doctype html>\n<html><body>mine</body></html>\n"
        ));
        assert!(index_html("Hub <One>").contains("<title>Edit Hub &lt;One&gt;</title>"));
    }
}
