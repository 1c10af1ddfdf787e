//! A translation and its original. A translation translates the words of a page (its title,
//! summary, text, notes, the titles of resources); the facts (when and where an event is, its
//! repeats and changes, its links, its hosts, a profile's kind, picture, links and members, a
//! toolkit's curators and its resources' addresses, every page's terms and its `slug`) are the same in
//! every language, so that readers of one language are not sent an hour early or to another
//! room. A translation that states a fact otherwise than its original is an error at the line
//! of the key, which says what the original says. A fact a translation leaves out is taken
//! from its original ([`inherit`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Source;
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;

/// The keys that state facts, besides the page's terms: every language shows the same.
const FACT_KEYS: [&str; 21] = [
    "slug",
    "start",
    "end",
    "duration",
    "timezone",
    "also_timezone",
    "recurrence",
    "exceptions",
    "additional_dates",
    "location",
    "online",
    "registration",
    "hosts",
    "members",
    "curators",
    "avatar",
    "links",
    "resources",
    "changes",
    "status",
    "kind",
];

/// Keys a translation takes from its original when it leaves them out, though it may say
/// them otherwise: a post's date (a translation may be published later).
const TAKEN_KEYS: [&str; 1] = ["date"];

/// The lines of front matter a translation takes from its original, for the facts it leaves
/// out. They are read after its own lines; a problem on one is told at its line in the
/// original.
#[derive(Debug, Clone)]
pub struct Inherited {
    /// The original, relative to the hub folder.
    pub file: PathBuf,
    /// The original's whole text, to quote lines from.
    pub text: String,
    /// The keys taken.
    pub keys: Vec<String>,
    /// The first line of the front matter as read (counted in the YAML, from 1) that comes
    /// from the original.
    first_line: usize,
    /// For each line taken, in order, its line in the original file.
    lines: Vec<usize>,
}

impl Inherited {
    /// The original file, its text and its line for `line` of the front matter as read
    /// (counted in the YAML, from 1); `None` for one of the translation's own lines.
    pub fn locate(&self, line: usize) -> Option<(&Path, &str, usize)> {
        let taken = *self.lines.get(line.checked_sub(self.first_line)?)?;
        Some((&self.file, &self.text, taken))
    }
}

/// The front matter `yaml` of a translation as it is read: its own lines, then the lines of
/// each fact `original` states and it leaves out, with where they came from (`None` when it
/// takes nothing).
pub fn inherit(yaml: &str, original: &Source) -> (String, Option<Inherited>) {
    let original_yaml = super::front_matter_of(&original.text);
    let terms = original.front.terms.keys().copied();
    let mut merged = yaml.to_string();
    if !merged.is_empty() && !merged.ends_with('\n') {
        merged.push('\n');
    }
    let first_line = merged.lines().count() + 1;
    let (mut keys, mut lines) = (Vec::new(), Vec::new());
    let original_lines: Vec<&str> = original_yaml.lines().collect();
    for key in FACT_KEYS.into_iter().chain(TAKEN_KEYS).chain(terms) {
        if crate::yaml::key_line(yaml, key).is_some() {
            continue;
        }
        let Some(block) = crate::yaml::key_block(original_yaml, key) else {
            continue;
        };
        for index in block {
            merged.push_str(original_lines[index]);
            merged.push('\n');
            // The YAML starts on the line after the opening `---`.
            lines.push(index + 2);
        }
        keys.push(key.to_string());
    }
    if keys.is_empty() {
        return (yaml.to_string(), None);
    }
    let inherited = Inherited {
        file: original.file.clone(),
        text: original.text.clone(),
        keys,
        first_line,
        lines,
    };
    (merged, Some(inherited))
}

/// One fact as a page states it: its key and its value in words, or `None` where the page
/// leaves the key out.
type Fact = (&'static str, Option<String>);

/// The facts of `source`'s front matter, in a form two pages can be compared by.
fn facts(source: &Source) -> Vec<Fact> {
    let front = &source.front;
    let one = |value: &Option<serde_saphyr::Spanned<String>>| {
        value.as_ref().map(|v| v.value.trim().to_string())
    };
    // A list whose order does not matter, such as hosts or skipped dates.
    let set = |values: &[serde_saphyr::Spanned<String>]| {
        (!values.is_empty()).then(|| {
            let set: BTreeSet<String> = values.iter().map(|v| v.value.trim().to_string()).collect();
            set.into_iter().collect::<Vec<_>>().join(", ")
        })
    };
    let mut facts: Vec<Fact> = vec![
        // A translation is published at its original's address: the language switch leads
        // there.
        ("slug", one(&front.slug)),
        ("start", one(&front.start)),
        ("end", one(&front.end)),
        ("duration", one(&front.duration)),
        ("timezone", one(&front.timezone)),
        ("also_timezone", one(&front.also_timezone)),
        ("recurrence", one(&front.recurrence)),
        ("exceptions", set(&front.exceptions)),
        ("additional_dates", set(&front.additional_dates)),
        (
            "location",
            front.location.as_ref().map(|l| l.trim().to_string()),
        ),
        ("online", one(&front.online)),
        ("registration", one(&front.registration)),
        ("hosts", set(&front.hosts)),
        ("members", set(&front.members)),
        ("curators", set(&front.curators)),
        ("avatar", one(&front.avatar)),
        (
            "links",
            (!front.links.is_empty()).then(|| {
                front
                    .links
                    .iter()
                    .map(|(label, url)| format!("{label}: {}", url.value.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (
            "resources",
            (!front.resources.is_empty()).then(|| {
                front
                    .resources
                    .iter()
                    .map(|r| {
                        r.value
                            .url
                            .as_ref()
                            .map_or("", |u| u.value.trim())
                            .to_string()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (
            "changes",
            (!front.changes.is_empty()).then(|| {
                // Every value of a change but its note, which is words.
                front
                    .changes
                    .iter()
                    .map(|c| {
                        let c = &c.value;
                        [
                            ("date", one(&c.date)),
                            ("from", one(&c.from)),
                            ("start", one(&c.start)),
                            ("start_time", one(&c.start_time)),
                            ("end", one(&c.end)),
                            ("duration", one(&c.duration)),
                            ("location", c.location.clone()),
                            ("online", one(&c.online)),
                            ("registration", one(&c.registration)),
                            (
                                "status",
                                c.status.as_ref().map(|s| s.value.as_str().to_string()),
                            ),
                        ]
                        .into_iter()
                        .filter_map(|(key, value)| Some(format!("{key} {}", value?)))
                        .collect::<Vec<_>>()
                        .join(", ")
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        ),
    ];
    // Keys whose value a page always has: stated only when the file says them.
    let kind = match front.profile_kind {
        super::front_matter::ProfileKind::Person => "person",
        super::front_matter::ProfileKind::Group => "group",
    };
    facts.push((
        "status",
        has_key(source, "status").then(|| front.status.as_str().to_string()),
    ));
    facts.push(("kind", has_key(source, "kind").then(|| kind.to_string())));
    for (taxonomy, terms) in &front.terms {
        let slugs: BTreeSet<String> = terms.values.iter().map(|t| slugify(t)).collect();
        facts.push((
            taxonomy,
            (!slugs.is_empty()).then(|| slugs.into_iter().collect::<Vec<_>>().join(", ")),
        ));
    }
    facts
}

/// Whether the front matter of `source` writes `key` (at the start of a line) or takes it
/// from its original.
fn has_key(source: &Source, key: &str) -> bool {
    key_line(source, key).is_some()
        || source
            .inherited
            .as_ref()
            .is_some_and(|inherited| inherited.keys.iter().any(|k| k == key))
}

/// The line of the front matter of `source` on which `key` is written.
fn key_line(source: &Source, key: &str) -> Option<usize> {
    crate::yaml::key_line(&source.text[..source.body_start], key)
}

/// The facts `translation` states otherwise than `original`, each an error at its key's line
/// (a fact it leaves out is taken from the original, [`inherit`]).
pub fn contradictions(translation: &Source, original: &Source) -> Vec<Diagnostic> {
    let theirs = facts(original);
    let original_file = crate::diagnostic::display_path(&original.file);
    facts(translation)
        .into_iter()
        .zip(theirs)
        .filter_map(|((key, ours), (_, said))| {
            // A key every page has says its default when left out.
            let default = [("status", "confirmed"), ("kind", "person")]
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, value)| value.to_string());
            let ours = ours.or_else(|| default.clone().filter(|_| !has_key(translation, key)).filter(|_| said.is_none()));
            let said = said.or_else(|| default.clone().filter(|_| ours.is_some()));
            let at = |line: usize, message: String, help: String| {
                Diagnostic::at(&translation.file, &translation.text, line, 1, message)
                    .with_help(help)
            };
            let line = key_line(translation, key).unwrap_or(1);
            match (ours, said) {
                (Some(ours), Some(said)) if ours == said => None,
                // Resources are told by count and the first address that differs.
                (Some(ours), Some(said)) if key == "resources" => {
                    let (ours, said): (Vec<&str>, Vec<&str>) =
                        (ours.split(", ").collect(), said.split(", ").collect());
                    let first = (0..ours.len().max(said.len()))
                        .find(|&k| ours.get(k) != said.get(k))
                        .unwrap_or(0);
                    let at_k = |list: &[&str]| list.get(first).map_or("none".to_string(), |u| format!("`{u}`"));
                    Some(at(
                        line,
                        format!(
                            "the resources here are not those of the original, {original_file}: it lists {}, this file {}; resource {} is {} here and {} there",
                            said.len(),
                            ours.len(),
                            first + 1,
                            at_k(&ours),
                            at_k(&said)
                        ),
                        "list the same resources, with the same addresses, in the same order, and translate their titles and notes".to_string(),
                    ))
                }
                (Some(ours), Some(said)) => Some(at(
                    line,
                    format!(
                        "`{key}` is `{ours}` here but `{said}` in the original, {original_file}: a translation translates the words, and every language shows the same facts"
                    ),
                    format!(
                        "remove this line, and the translation takes `{key}: {said}` from the original; to change it, change it in {original_file}"
                    ),
                )),
                (Some(_), None) => Some(at(
                    line,
                    format!(
                        "`{key}` is in this translation but not in the original, {original_file}: a translation translates the words, and every language shows the same facts"
                    ),
                    format!("add it to {original_file} too, or remove it from here"),
                )),
                (None, Some(said)) if default.as_deref() == Some(said.as_str()) => None,
                // Left out, and not taken from the original: it writes the key in a way
                // convene does not take lines from (in quotes, or through a YAML merge).
                (None, Some(said)) => Some(at(
                    1,
                    format!(
                        "this translation leaves out `{key}`, which the original, {original_file}, gives as `{said}`, and convene could not take it from there"
                    ),
                    format!("copy the line `{key}:` from {original_file} into this file"),
                )),
                (None, None) => None,
            }
        })
        .collect()
}

/// The problems with the names of the Markdown files `files` (relative to the hub folder) as
/// names of translations into the hub's `languages` (the default first). A name that ends in
/// a language code written otherwise than hub.yaml writes it (`about.EN.md`,
/// `about.en-US.md` in a hub of `en`), or in the default language's code (`acerca.es.md` in a
/// Spanish-first hub), is an error that says the name to write. One that ends in the code of a
/// common language the hub does not have is a warning: it is published as a page of its own.
/// A translation with no original is a warning too: it is a page of its own in its language,
/// shown in every language's site.
pub fn file_names(files: &[&Path], languages: &[String]) -> Vec<Diagnostic> {
    let exists: BTreeSet<&Path> = files.iter().copied().collect();
    let primary = |code: &str| code.split('-').next().unwrap_or(code).to_string();
    let mut problems = Vec::new();
    for file in files {
        let Some(stem) = file.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Some((base, suffix)) = stem.rsplit_once('.') else {
            continue;
        };
        let Ok(code) = crate::config::language_code(suffix) else {
            continue;
        };
        let named = |code: &str| file.with_file_name(format!("{base}.{code}.md"));
        let original = file.with_file_name(format!("{base}.md"));
        let original_name = crate::diagnostic::display_path(&original);
        let problem =
            |message: String, help: String| Diagnostic::file_error(*file, message).with_help(help);
        // The hub's language this name meant: the same code, else the same language.
        let meant = languages
            .iter()
            .position(|l| *l == code)
            .or_else(|| languages.iter().position(|l| primary(l) == primary(&code)));
        match meant {
            Some(0) => problems.push(problem(
                format!(
                    "this name ends in `.{suffix}`, the code of `{}`, the hub's first language, whose pages are named without a code",
                    languages[0]
                ),
                if exists.contains(original.as_path()) {
                    format!(
                        "{original_name} is already that page in `{}`: if this is another page, give it a name of its own (without `.{suffix}`); to translate it, name the file after another of the hub's languages ({})",
                        languages[0],
                        languages[1..].join(", ")
                    )
                } else {
                    format!("rename it {original_name}")
                },
            )),
            Some(index) if languages[index] != suffix => problems.push(problem(
                if languages[index] == code {
                    format!(
                        "this name ends in `.{suffix}`, which is not how hub.yaml writes the language: translations into `{code}` end in `.{code}.md`"
                    )
                } else {
                    format!(
                        "this name ends in `.{suffix}`, but `{code}` is not one of the hub's languages ({}): translations into `{}` end in `.{}.md`",
                        languages.join(", "),
                        languages[index],
                        languages[index]
                    )
                },
                format!(
                    "rename it {}",
                    crate::diagnostic::display_path(&named(&languages[index]))
                ),
            )),
            // A section's list is there without its `_index.md`.
            Some(_) if !exists.contains(original.as_path()) && base != "_index" => {
                // Other pages of the folder with no translation into this language.
                let untranslated: Vec<String> = files
                    .iter()
                    .filter(|other| other.parent() == file.parent() && **other != *file)
                    .filter_map(|other| other.file_stem()?.to_str())
                    .filter(|other| !other.contains('.') && !other.starts_with('_'))
                    .filter(|other| !exists.contains(file.with_file_name(format!("{other}.{suffix}.md")).as_path()))
                    .map(|other| format!("{other}.{suffix}.md"))
                    .take(3)
                    .collect();
                let instead = if untranslated.is_empty() {
                    String::new()
                } else {
                    format!(" (such as {})", untranslated.join(" or "))
                };
                problems.push(
                    problem(
                        format!(
                            "this file is named as a translation into `{suffix}` of {original_name}, which does not exist: it is published as a page of its own, in `{suffix}`, in every language's site"
                        ),
                        format!(
                            "if it translates another page, name it after that page's file{instead}; if it is a page of its own, rename it {original_name} and add the line `lang: {suffix}`"
                        ),
                    )
                    .warning(),
                );
            }
            Some(_) => {}
            None if crate::config::COMMON_LANGUAGES.contains(&primary(&code).as_str())
                && !base.starts_with('_') && base != "index" =>
            {
                problems.push(
                    problem(
                        format!(
                            "this name ends in `.{suffix}`, but `{code}` is not one of the hub's languages ({}): it is published as a page of its own, whose address ends in `{}/`",
                            languages.join(", "),
                            slugify(stem)
                        ),
                        format!(
                            "to publish it as a translation of {original_name}, add `{code}` to `languages` in hub.yaml; otherwise, rename it without `.{suffix}`"
                        ),
                    )
                    .warning(),
                );
            }
            None => {}
        }
    }
    problems
}
