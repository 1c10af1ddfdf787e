//! `convene intake`: a GitHub issue made with one of the hub's forms becomes a file of the hub
//! (a profile, an event, a toolkit's new entry, a corrected page), checked as `convene check`
//! checks; or, when something in it is wrong, a comment for the issue that names each field to
//! change and what to write there, in the form's language.
//!
//! What a member wrote is data: every value goes into the front matter as a quoted YAML string
//! and the long texts become the page's Markdown, which the build sanitises as it does every
//! page. Nothing outside `content/` is written, and no existing file is replaced: a new page
//! gets a free file name, a correction changes only the words it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::BuildOptions;
use crate::content::Kind;
use crate::content::front_matter::ResourceKind;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::events::{EventStatus, Moment, parse_moment, recurrence};
use crate::i18n::Words;
use crate::site::{Page, Site};
use crate::slug::slugify;

use super::FormKind;
use super::forms::{self, Form, Input, RECURRENCES, quoted};

/// The issue as GitHub sends it in an `issues` event (its `issue` object); other keys are
/// ignored.
#[derive(Debug, Deserialize)]
pub struct Issue {
    /// The issue's number.
    pub number: u64,
    /// The issue's title.
    #[serde(default)]
    pub title: String,
    /// The form's answers, as GitHub writes them: `### Label`, a blank line, the answer.
    #[serde(default)]
    pub body: Option<String>,
}

/// What came of an issue.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The files written or changed, relative to the hub, all passing the hub's checks.
    Written {
        /// The files, relative to the hub.
        files: Vec<PathBuf>,
        /// A word of thanks for the issue, in the form's language, for the workflow to follow
        /// with the pull request's address.
        comment: String,
    },
    /// Nothing was written; the comment for the issue says what to change.
    Problems {
        /// The comment, in Markdown, in the form's language.
        comment: String,
    },
    /// The issue was not made with one of the hub's forms.
    NotAForm,
}

/// What an answer is read against: the site in the form's language, every language's site
/// (the default first, whose names of terms the files use) and the hub's folder.
struct Hub<'a> {
    site: &'a Site,
    all: &'a [Site],
    root: &'a Path,
}

/// Writes `after` over the file `file` of the hub, which must still read `before`.
fn replace(root: &Path, file: &Path, before: &str, after: &str) -> Result<(), String> {
    let path = root.join(file);
    let cannot = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
    if std::fs::read_to_string(&path).map_err(cannot)? != before {
        return Err(format!(
            "{} changed while the issue was taken in; run the intake again",
            path.display()
        ));
    }
    std::fs::write(&path, after).map_err(cannot)
}

/// The other files of the page in `file`: its original and its translations into the hub's
/// `languages` (the default first), those that exist.
fn siblings(root: &Path, file: &Path, languages: &[String]) -> Vec<PathBuf> {
    let original =
        crate::content::original_file_of(file, languages).unwrap_or_else(|| file.to_path_buf());
    let mut files = vec![original.clone()];
    for code in &languages[1..] {
        files.push(original.with_extension(format!("{code}.md")));
    }
    files
        .into_iter()
        .filter(|sibling| sibling != file && root.join(sibling).is_file())
        .collect()
}

/// A problem with an answer, for the comment.
struct Problem {
    /// The field's label, or `None` for a problem of the whole issue.
    field: Option<String>,
    text: String,
}

/// Reads the issue `json` (the `issue` object of a GitHub `issues` event) and adds what it
/// contributes to the hub in `options.source`. An `Err` is a problem for the organiser (the
/// hub does not load, the JSON is not an issue, a file cannot be written), not the member.
pub fn intake(options: &BuildOptions, json: &str) -> Result<Outcome, String> {
    let issue: Issue = serde_json::from_str(json).map_err(|error| {
        format!("the input is not the JSON of a GitHub issue ({error}); pass the `issue` object of the event, as the intake workflow does")
    })?;
    let linked = super::load(options, "a contribution is checked against the whole hub")?;
    let body = issue.body.unwrap_or_default().replace("\r\n", "\n");
    let Some((form, site)) = linked
        .sites
        .iter()
        .flat_map(|site| {
            forms::of_site(site)
                .into_iter()
                .map(move |form| (form, site))
        })
        .filter(|(form, _)| made_with(&body, form))
        .max_by_key(|(form, _)| form.fields.len())
    else {
        return Ok(Outcome::NotAForm);
    };
    let answers = answers(&body, &form);
    let words = &site.lang.words;
    let hub = Hub {
        site,
        all: &linked.sites,
        root: &options.source,
    };
    let draft = match form.kind {
        FormKind::Profile => profile(&form, &answers, &hub),
        FormKind::Event => event(&form, &answers, &hub),
        FormKind::Resource => resource(&form, &answers, &hub),
        FormKind::Correction => correction(&form, &answers, &hub),
    };
    let change = match draft {
        Ok(change) => change,
        Err(problems) => return Ok(comment(problems, words)),
    };
    let written = change.apply(&options.source)?;
    // The hub had no errors before (it loaded): any error now, and any warning in the file
    // written, may be the contribution's.
    let after = crate::check::check(options, None);
    let mut problems = Vec::new();
    if after.iter().any(|p| p.is_error() || change.writes(&p.path)) {
        change.undo(&options.source)?;
        let before: BTreeSet<(PathBuf, String)> = crate::check::check(options, None)
            .into_iter()
            .map(|p| (p.path, p.message))
            .collect();
        for problem in after {
            if before.contains(&(problem.path.clone(), problem.message.clone())) {
                continue;
            }
            let field = change
                .field_at(&problem)
                .and_then(|id| form.field(id))
                .map(|field| field.label.clone());
            let text = match &problem.help {
                Some(help) => format!("{}: {help}", problem.message),
                None => problem.message,
            };
            problems.push(Problem { field, text });
        }
        if problems.is_empty() {
            // Every problem was there before: it is the hub's, not the member's.
            change.apply(&options.source)?;
        }
    }
    if problems.is_empty() {
        Ok(Outcome::Written {
            files: written,
            comment: format!("{}\n", words.text("intake_thanks")),
        })
    } else {
        Ok(comment(problems, words))
    }
}

/// The comment for an issue with problems.
fn comment(problems: Vec<Problem>, words: &Words) -> Outcome {
    let mut comment = format!("{}\n\n", words.text("intake_problems"));
    for problem in problems {
        match problem.field {
            Some(field) => comment.push_str(&format!("- **{field}**: {}\n", problem.text)),
            None => comment.push_str(&format!("- {}\n", problem.text)),
        }
    }
    comment.push_str(&format!("\n{}\n", words.text("intake_again")));
    Outcome::Problems { comment }
}

/// Whether the issue's body has the heading of every field of `form`.
fn made_with(body: &str, form: &Form) -> bool {
    form.fields.iter().all(|field| {
        body.lines()
            .any(|line| line.trim_end() == format!("### {}", field.label))
    })
}

/// The answers of the form's fields, by id, empty where the member gave none. Whatever a member
/// writes, a heading of another field inside an answer cannot be mistaken for the field's own:
/// the headings are first found from the last field back, each the last of its label before the
/// next one's (so that labels written in later answers are passed over), then each is moved to
/// the first of its label after the one before it (so that its own label, written inside its
/// answer, is passed over too).
fn answers(body: &str, form: &Form) -> BTreeMap<String, String> {
    let lines: Vec<&str> = body.split('\n').collect();
    let headings: Vec<String> = form
        .fields
        .iter()
        .map(|field| format!("### {}", field.label))
        .collect();
    let is = |at: usize, heading: &str| lines[at].trim_end() == heading;
    let mut found: Vec<Option<usize>> = vec![None; headings.len()];
    let mut end = lines.len();
    for (index, heading) in headings.iter().enumerate().rev() {
        if let Some(at) = (0..end).rev().find(|&at| is(at, heading)) {
            found[index] = Some(at);
            end = at;
        }
    }
    let mut start = 0;
    for (index, heading) in headings.iter().enumerate() {
        if let Some(last) = found[index] {
            let first = (start..=last).find(|&at| is(at, heading)).unwrap_or(last);
            found[index] = Some(first);
            start = first + 1;
        }
    }
    let mut answers = BTreeMap::new();
    for (index, field) in form.fields.iter().enumerate() {
        let Some(at) = found[index] else {
            continue;
        };
        let next = found[index + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(lines.len());
        let answer = lines[at + 1..next].join("\n").trim().to_string();
        let answer = if answer == "_No response_" {
            String::new()
        } else {
            answer
        };
        answers.insert(field.id.clone(), answer);
    }
    answers
}

/// A file to write or change, with which field each of its lines came from.
struct Change {
    /// The file, relative to the hub.
    file: PathBuf,
    /// Its text before, for a file that exists; `None` for a new one.
    before: Option<String>,
    /// Its text after.
    after: String,
    /// The field each line of the front matter comes from, by line number (1-based); lines
    /// after the last are `rest`'s.
    lines: BTreeMap<usize, String>,
    /// The field the rest of the file (the body, a changed line) comes from.
    rest: String,
    /// The same change made in the file's translations or original, where it is a fact that
    /// every language shows: each file, its text before and after.
    also: Vec<(PathBuf, String, String)>,
}

impl Change {
    /// Writes the change; never replaces a file that changed since it was read.
    fn apply(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        let path = root.join(&self.file);
        let cannot = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
        match &self.before {
            None => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(cannot)?;
                }
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .map_err(cannot)?;
                std::io::Write::write_all(&mut file, self.after.as_bytes()).map_err(cannot)?;
            }
            Some(before) => replace(root, &self.file, before, &self.after)?,
        }
        for (file, before, after) in &self.also {
            replace(root, file, before, after)?;
        }
        Ok(std::iter::once(&self.file)
            .chain(self.also.iter().map(|(file, _, _)| file))
            .cloned()
            .collect())
    }

    /// Takes the change back: removes the new file, or puts the old texts back.
    fn undo(&self, root: &Path) -> Result<(), String> {
        let path = root.join(&self.file);
        let result = match &self.before {
            None => std::fs::remove_file(&path),
            Some(before) => std::fs::write(&path, before),
        };
        result.map_err(|error| format!("cannot restore {}: {error}", path.display()))?;
        for (file, before, _) in &self.also {
            let path = root.join(file);
            std::fs::write(&path, before)
                .map_err(|error| format!("cannot restore {}: {error}", path.display()))?;
        }
        Ok(())
    }

    /// Whether the change writes `file`.
    fn writes(&self, file: &Path) -> bool {
        self.file == file || self.also.iter().any(|(also, _, _)| also == file)
    }

    /// The id of the field a problem of the check is at.
    fn field_at(&self, problem: &Diagnostic) -> Option<&str> {
        if problem.path != self.file {
            return None;
        }
        let line = problem.line;
        Some(
            self.lines
                .range(..=line)
                .next_back()
                .filter(|_| line <= self.lines.keys().next_back().copied().unwrap_or(0))
                .map_or(self.rest.as_str(), |(_, field)| field.as_str()),
        )
    }
}

/// The problems found in the answers before anything is written.
type Draft = Result<Change, Vec<Problem>>;

/// Collects front matter, line by line, and the problems of the answers.
struct Writer<'a> {
    form: &'a Form,
    answers: &'a BTreeMap<String, String>,
    words: &'a Words,
    yaml: Vec<(String, String)>,
    problems: Vec<Problem>,
}

impl<'a> Writer<'a> {
    fn new(form: &'a Form, answers: &'a BTreeMap<String, String>, words: &'a Words) -> Self {
        let mut writer = Writer {
            form,
            answers,
            words,
            yaml: Vec::new(),
            problems: Vec::new(),
        };
        for field in &form.fields {
            if field.required && writer.answer(&field.id).is_empty() {
                writer.problem(&field.id, words.text("intake_required").to_string());
            }
        }
        writer
    }

    fn answer(&self, id: &str) -> &'a str {
        self.answers.get(id).map_or("", |a| a.as_str())
    }

    fn problem(&mut self, id: &str, text: String) {
        let field = self.form.field(id).map(|f| f.label.clone());
        self.problems.push(Problem { field, text });
    }

    /// `key: "value"` from the field `id`, when answered.
    fn string(&mut self, key: &str, id: &str) {
        let answer = self.answer(id);
        if !answer.is_empty() {
            let value = one_line(answer);
            self.push(id, format!("{key}: {}", quoted(&value)));
        }
    }

    fn push(&mut self, id: &str, line: String) {
        self.yaml.push((id.to_string(), line));
    }

    /// The web address in field `id`, checked, or `None` when it is empty or wrong.
    fn address(&mut self, id: &str) -> Option<String> {
        let answer = self.answer(id).trim();
        if answer.is_empty() {
            return None;
        }
        match web_address(answer) {
            Some(address) => Some(address),
            None => {
                self.problem(id, self.words.text("intake_not_address").to_string());
                None
            }
        }
    }

    /// The index of the option chosen in the choice `id` (the first when none is).
    fn choice(&self, id: &str) -> usize {
        let answer = self.answer(id);
        match self.form.field(id).map(|f| &f.input) {
            Some(Input::Choice { options, .. }) => {
                options.iter().position(|o| o == answer).unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// A line for every taxonomy field answered. A term chosen from the list is written as
    /// the hub's default language names it (the list shows it in the form's language).
    fn terms(&mut self, hub: &Hub) {
        for taxonomy in &hub.site.taxonomies {
            let answer = self.answer(&taxonomy.name);
            let chosen = matches!(
                self.form.field(&taxonomy.name).map(|f| &f.input),
                Some(Input::Choice { .. })
            );
            let separator = if chosen { ", " } else { "," };
            let in_default = |shown: &str| -> String {
                let slug = taxonomy
                    .terms
                    .iter()
                    .find(|t| t.name == shown)
                    .map(|t| &t.slug);
                hub.all[0]
                    .taxonomies
                    .iter()
                    .filter(|other| other.name == taxonomy.name)
                    .flat_map(|other| &other.terms)
                    .find(|term| Some(&term.slug) == slug)
                    .map_or_else(|| shown.to_string(), |term| term.name.clone())
            };
            let mut terms: Vec<String> = Vec::new();
            for term in answer.split(separator).map(str::trim) {
                let term = if chosen {
                    in_default(term)
                } else {
                    term.to_string()
                };
                if !term.is_empty() && !terms.contains(&term) {
                    terms.push(term);
                }
            }
            if !terms.is_empty() {
                let list: Vec<String> = terms.iter().map(|t| quoted(t)).collect();
                let line = format!("{}: [{}]", taxonomy.name, list.join(", "));
                self.push(&taxonomy.name.clone(), line);
            }
        }
    }

    /// The profiles named in field `id`, as their slugs, under `key`.
    fn profiles(&mut self, key: &str, id: &str, site: &Site) {
        let names: Vec<&str> = self
            .answer(id)
            .split([',', '\n'])
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        let profiles: Vec<&Page> = site
            .pages
            .iter()
            .filter(|page| page.kind == Kind::Profile)
            .map(|page| &**page)
            .collect();
        let mut slugs = Vec::new();
        for name in names {
            let found = profiles
                .iter()
                .find(|page| page.title.eq_ignore_ascii_case(name) || page.slug == slugify(name));
            match found {
                Some(page) => slugs.push(quoted(&page.slug)),
                None => {
                    let titles: Vec<&str> = profiles.iter().map(|p| p.title.as_str()).collect();
                    let mut text = self.words.fill("intake_unknown_profile", &[("name", name)]);
                    if let Some(near) = did_you_mean(name, &titles) {
                        text.push(' ');
                        text.push_str(&self.words.fill("intake_did_you_mean", &[("name", near)]));
                    }
                    self.problem(id, text);
                }
            }
        }
        if !slugs.is_empty() {
            self.push(id, format!("{key}: [{}]", slugs.join(", ")));
        }
    }

    /// The page's file: the front matter written so far and `body` from the field `body_id`.
    fn page(self, folder: &str, title: &str, body_id: &str, site: &Site, root: &Path) -> Draft {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let mut text = String::from("---\n");
        let mut lines = BTreeMap::new();
        for (index, (field, line)) in self.yaml.iter().enumerate() {
            lines.insert(index + 2, field.clone());
            text.push_str(line);
            text.push('\n');
        }
        // A page sent in another language than the default is a page of its own in it.
        if !site.lang.is_default {
            text.push_str(&format!("lang: {}\n", site.lang.code));
        }
        text.push_str("---\n");
        let body = self.answer(body_id).trim();
        text.push_str(body);
        text.push('\n');
        let stem = match slugify(title) {
            stem if stem.is_empty() => "contribution".to_string(),
            stem => stem,
        };
        let dir = root.join("content").join(folder);
        let free = (1..)
            .map(|n| match n {
                1 => stem.clone(),
                n => format!("{stem}-{n}"),
            })
            .find(|name| !name_taken(&dir, name))
            .map(|name| PathBuf::from(format!("content/{folder}/{name}.md")))
            .expect("some number is free");
        Ok(Change {
            file: free,
            before: None,
            after: text,
            lines,
            rest: body_id.to_string(),
            also: Vec::new(),
        })
    }
}

/// Whether a page named `name` is in `dir` in any language (`name.md`, `name.es.md`) or as a
/// bundle (`name/`): a new page there would replace it or become its translation.
fn name_taken(dir: &Path, name: &str) -> bool {
    if dir.join(name).exists() {
        return true;
    }
    let prefix = format!("{name}.");
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            file.starts_with(&prefix) && file.ends_with(".md")
        })
    })
}

/// A text on one line: a line break in a one-line answer becomes a space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The address if `text` is a web address (`https://` or `http://`, with a host).
fn web_address(text: &str) -> Option<String> {
    let url = url::Url::parse(text.trim()).ok()?;
    (matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()))
        .then(|| text.trim().to_string())
}

fn profile(form: &Form, answers: &BTreeMap<String, String>, hub: &Hub) -> Draft {
    let (site, root) = (hub.site, hub.root);
    let mut writer = Writer::new(form, answers, &site.lang.words);
    let name = one_line(writer.answer("name"));
    if let Some(existing) = site
        .pages
        .iter()
        .find(|page| page.kind == Kind::Profile && page.title.eq_ignore_ascii_case(&name))
    {
        let text = writer.words.fill(
            "intake_profile_exists",
            &[("name", &existing.title), ("address", &existing.permalink)],
        );
        writer.problem("name", text);
    }
    writer.string("title", "name");
    let kind = ["person", "group"][writer.choice("kind").min(1)];
    writer.push("kind", format!("kind: {kind}"));
    writer.string("location", "location");
    writer.string("summary", "summary");
    writer.terms(hub);
    let mut links = Vec::new();
    if let Some(website) = writer.address("website") {
        links.push(format!("  website: {}", quoted(&website)));
    }
    for line in writer.answer("links").lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        let (label, address) = match line.find("http") {
            Some(at) => (
                line[..at].trim().trim_end_matches([':', '-']).trim(),
                &line[at..],
            ),
            None => ("", line),
        };
        match web_address(address) {
            Some(address) => {
                let label = match slugify(label) {
                    label if label.is_empty() => "link".to_string(),
                    label => label.replace('-', "_"),
                };
                links.push(format!("  {label}: {}", quoted(&address)));
            }
            None => {
                let text = format!("{} ({line})", writer.words.text("intake_not_address"));
                writer.problem("links", text);
            }
        }
    }
    if !links.is_empty() {
        writer.push("website", "links:".to_string());
        for link in links {
            writer.push("links", link);
        }
    }
    writer.profiles("members", "members", site);
    writer.page("profiles", &name, "about", site, root)
}

fn event(form: &Form, answers: &BTreeMap<String, String>, hub: &Hub) -> Draft {
    let (site, root) = (hub.site, hub.root);
    let mut writer = Writer::new(form, answers, &site.lang.words);
    let title = one_line(writer.answer("title"));
    writer.string("title", "title");
    let start_text = one_line(writer.answer("start"));
    let start = parse_moment(&start_text).ok();
    if start.is_none() && !start_text.is_empty() {
        writer.problem("start", writer.words.text("intake_not_moment").to_string());
    }
    if start.is_some() {
        writer.push(
            "start",
            format!("start: {}", quoted(&start_text.replacen(' ', "T", 1))),
        );
    }
    let end_text = one_line(writer.answer("end"));
    if !end_text.is_empty() {
        if let Some(duration) = duration(&end_text) {
            writer.push("end", format!("duration: {duration}"));
        } else if parse_moment(&end_text).is_ok() {
            writer.push(
                "end",
                format!("end: {}", quoted(&end_text.replacen(' ', "T", 1))),
            );
        } else {
            writer.problem("end", writer.words.text("intake_not_end").to_string());
        }
    }
    let zone = one_line(writer.answer("timezone"));
    if !zone.is_empty() && zone != site.config.timezone_name {
        writer.push("timezone", format!("timezone: {}", quoted(&zone)));
    }
    let rule_text = one_line(writer.answer("rule"));
    let pattern = RECURRENCES[writer.choice("recurrence").min(RECURRENCES.len() - 1)];
    let rule = if !rule_text.is_empty() {
        Some(recurrence::from_words(&rule_text).unwrap_or_else(|| rule_text.clone()))
    } else {
        match (pattern, start) {
            ("other", _) => {
                writer.problem("rule", writer.words.text("intake_no_rule").to_string());
                None
            }
            ("weekly", _) => Some("FREQ=WEEKLY".to_string()),
            ("biweekly", _) => Some("FREQ=WEEKLY;INTERVAL=2".to_string()),
            ("monthly_date", _) => Some("FREQ=MONTHLY".to_string()),
            ("monthly_weekday", Some(moment)) => Some(nth_weekday(&moment)),
            _ => None,
        }
    };
    if let Some(rule) = rule {
        let id = if rule_text.is_empty() {
            "recurrence"
        } else {
            "rule"
        };
        writer.push(id, format!("recurrence: {}", quoted(&rule)));
    }
    writer.string("location", "location");
    for key in ["online", "registration"] {
        if let Some(address) = writer.address(key) {
            writer.push(key, format!("{key}: {}", quoted(&address)));
        }
    }
    writer.profiles("hosts", "hosts", site);
    let status = EventStatus::ALL[writer.choice("status").min(EventStatus::ALL.len() - 1)];
    if status != EventStatus::default() {
        writer.push("status", format!("status: {}", status.as_str()));
    }
    writer.string("summary", "summary");
    writer.terms(hub);
    writer.page("events", &title, "description", site, root)
}

/// `FREQ=MONTHLY;BYDAY=1SA` for an event on the first Saturday; the last weekday of a month
/// when it is the fifth.
fn nth_weekday(moment: &Moment) -> String {
    let date = match moment {
        Moment::Day(date) => *date,
        Moment::Local(datetime) => datetime.date(),
        Moment::Exact(timestamp) => timestamp.to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    let nth = match (date.day() - 1) / 7 + 1 {
        5 => -1,
        n => n,
    };
    let day = recurrence::weekday_code(date.weekday());
    format!("FREQ=MONTHLY;BYDAY={nth}{day}")
}

/// `90m` for "90 minutes", `2h` for "2 hours" (English and Spanish), `None` for anything else.
fn duration(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number: u32 = digits.parse().ok()?;
    let unit = text[digits.len()..].trim();
    match unit {
        "m" | "min" | "mins" | "minute" | "minutes" | "minuto" | "minutos" => {
            Some(format!("{number}m"))
        }
        "h" | "hr" | "hrs" | "hour" | "hours" | "hora" | "horas" => Some(format!("{number}h")),
        _ => None,
    }
}

fn resource(form: &Form, answers: &BTreeMap<String, String>, hub: &Hub) -> Draft {
    let (site, root) = (hub.site, hub.root);
    let mut writer = Writer::new(form, answers, &site.lang.words);
    let chosen = writer.answer(super::RESOURCE_TOOLKIT_FIELD).to_string();
    let toolkit = forms::toolkits(site)
        .into_iter()
        .find(|(title, _)| *title == chosen);
    if toolkit.is_none() && !chosen.is_empty() {
        let text = writer
            .words
            .fill("intake_unknown_toolkit", &[("name", &chosen)]);
        writer.problem(super::RESOURCE_TOOLKIT_FIELD, text);
    }
    writer.string("title", "title");
    if let Some(url) = writer.address("url") {
        writer.push("url", format!("url: {}", quoted(&url)));
    }
    writer.string("author", "author");
    writer.string("source", "source");
    let kind = ResourceKind::ALL[writer.choice("kind").min(ResourceKind::ALL.len() - 1)];
    writer.push("kind", format!("kind: {}", kind.as_str()));
    let note = writer.answer("note").trim();
    if !note.is_empty() {
        writer.push("note", format!("note: {}", quoted(note)));
    }
    let tags: Vec<String> = writer
        .answer("tags")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(quoted)
        .collect();
    if !tags.is_empty() {
        writer.push("tags", format!("tags: [{}]", tags.join(", ")));
    }
    let (Some((_, file)), true) = (toolkit, writer.problems.is_empty()) else {
        return Err(writer.problems);
    };
    let before = std::fs::read_to_string(root.join(&file)).map_err(|error| {
        vec![Problem {
            field: None,
            text: format!("{} cannot be read: {error}", file.display()),
        }]
    })?;
    let entry: Vec<(String, String)> = writer.yaml;
    // The toolkit's translations that list its resources list the new one too: its address
    // is a fact every language shows.
    let also: Vec<(PathBuf, String, String)> = siblings(root, &file, &site.config.languages)
        .into_iter()
        .filter_map(|sibling| {
            let text = std::fs::read_to_string(root.join(&sibling)).ok()?;
            if !text.lines().any(|line| line.starts_with("resources:")) {
                return None;
            }
            let (after, _) = add_resource(&text, &entry)?;
            Some((sibling, text, after))
        })
        .collect();
    match add_resource(&before, &entry) {
        Some((after, lines)) => Ok(Change {
            file,
            before: Some(before),
            after,
            lines,
            rest: "title".to_string(),
            also,
        }),
        None => Err(vec![Problem {
            field: Some(
                form.field(super::RESOURCE_TOOLKIT_FIELD)
                    .map_or(String::new(), |f| f.label.clone()),
            ),
            text: writer.words.text("intake_text_not_changeable").to_string(),
        }]),
    }
}

/// The toolkit's text with one more entry at the end of its `resources`, and the field of each
/// line added; `None` when its front matter is not written in a way an entry can be added to
/// (`resources: []` on one line).
fn add_resource(
    text: &str,
    entry: &[(String, String)],
) -> Option<(String, BTreeMap<usize, String>)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first()?.trim_end() != "---" {
        return None;
    }
    let close = lines[1..].iter().position(|l| l.trim_end() == "---")? + 1;
    let key = lines[1..close]
        .iter()
        .position(|l| l.starts_with("resources:"))
        .map(|at| at + 1);
    let (insert_at, indent, header) = match key {
        Some(at) => {
            if !lines[at]["resources:".len()..].trim().is_empty()
                && !lines[at]["resources:".len()..]
                    .trim_start()
                    .starts_with('#')
            {
                return None;
            }
            // The list runs while lines are indented, or are items at the key's own indent.
            let mut end = at + 1;
            let mut last = at;
            while end < close {
                let line = lines[end];
                let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
                if !(blank || line.starts_with(' ') || line.starts_with('-')) {
                    break;
                }
                if !blank {
                    last = end;
                }
                end += 1;
            }
            let indent = lines[at + 1..=last]
                .iter()
                .find_map(|l| {
                    l.trim_start()
                        .starts_with('-')
                        .then(|| l.len() - l.trim_start().len())
                })
                .unwrap_or(2);
            (last + 1, indent, false)
        }
        None => (close, 2, true),
    };
    let pad = " ".repeat(indent);
    let mut added = Vec::new();
    let mut fields = BTreeMap::new();
    if header {
        added.push("resources:\n".to_string());
    }
    for (index, (field, line)) in entry.iter().enumerate() {
        let lead = if index == 0 {
            format!("{pad}- ")
        } else {
            format!("{pad}  ")
        };
        added.push(format!("{lead}{line}\n"));
        fields.insert(insert_at + added.len(), field.clone());
    }
    let mut out = String::with_capacity(text.len() + 256);
    for line in &lines[..insert_at] {
        out.push_str(line);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for line in &added {
        out.push_str(line);
    }
    for line in &lines[insert_at..] {
        out.push_str(line);
    }
    Some((out, fields))
}

fn correction(form: &Form, answers: &BTreeMap<String, String>, hub: &Hub) -> Draft {
    let (site, root) = (hub.site, hub.root);
    let writer = Writer::new(form, answers, &site.lang.words);
    let words = writer.words;
    let mut problems = writer.problems;
    let page_field = super::CORRECTION_PAGE_FIELD;
    let problem = |id: &str, text: String| Problem {
        field: form.field(id).map(|f| f.label.clone()),
        text,
    };
    let address = answers.get(page_field).map_or("", |a| a.trim());
    // A page in any of the hub's languages: a member may send the address of the original.
    let page = std::iter::once(site)
        .chain(hub.all)
        .find_map(|site| page_at(site, address));
    if page.is_none() && !address.is_empty() {
        problems.push(problem(
            page_field,
            words.text("intake_unknown_page").to_string(),
        ));
    }
    let wrong = answers.get("wrong").map_or("", |a| a.trim());
    let right = answers.get("right").map_or("", |a| a.trim());
    let Some(page) = page.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let before = std::fs::read_to_string(root.join(&page.file)).map_err(|error| {
        vec![problem(
            page_field,
            format!("{} cannot be read: {error}", page.file.display()),
        )]
    })?;
    let front_end = crate::content::body_offset(&before);
    let in_body = before[front_end..].matches(wrong).count();
    let in_front: Vec<(usize, &str)> = before[..front_end].match_indices(wrong).collect();
    let mut also = Vec::new();
    let after = match (in_body, in_front.len()) {
        (1, 0) => {
            let at = front_end + before[front_end..].find(wrong).expect("counted once");
            format!("{}{right}{}", &before[..at], &before[at + wrong.len()..])
        }
        (0, 1) => match front_matter_line(&before, in_front[0].0, wrong, right) {
            Some(after) => {
                // A detail of the page is a fact every language shows: the same words in the
                // original and the translations change with it.
                for sibling in siblings(root, &page.file, &site.config.languages) {
                    let Ok(text) = std::fs::read_to_string(root.join(&sibling)) else {
                        continue;
                    };
                    let front = crate::content::body_offset(&text);
                    let found: Vec<usize> = text[..front]
                        .match_indices(wrong)
                        .map(|(at, _)| at)
                        .collect();
                    if let [at] = found[..]
                        && let Some(changed) = front_matter_line(&text, at, wrong, right)
                    {
                        also.push((sibling, text, changed));
                    }
                }
                after
            }
            None => {
                return Err(vec![problem(
                    "wrong",
                    words.text("intake_text_not_changeable").to_string(),
                )]);
            }
        },
        (0, 0) => {
            return Err(vec![problem(
                "wrong",
                words.text("intake_text_not_found").to_string(),
            )]);
        }
        _ => {
            return Err(vec![problem(
                "wrong",
                words.text("intake_text_twice").to_string(),
            )]);
        }
    };
    Ok(Change {
        file: page.file.clone(),
        before: Some(before),
        after,
        lines: BTreeMap::new(),
        rest: "right".to_string(),
        also,
    })
}

/// The text with `wrong` replaced by `right` in the front matter's one-line value that holds
/// it (at byte `at`), the value then written as a quoted string; `None` when the words are not
/// in such a value, or `right` has more than one line.
fn front_matter_line(text: &str, at: usize, wrong: &str, right: &str) -> Option<String> {
    if right.contains('\n') {
        return None;
    }
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let line = &text[start..end];
    let (key, _) = line.split_once(':')?;
    if key.starts_with([' ', '-', '#']) || key.is_empty() {
        return None;
    }
    let value: BTreeMap<String, String> = serde_saphyr::from_str(line).ok()?;
    let old = value.get(key)?;
    if old.matches(wrong).count() != 1 {
        return None;
    }
    let new = old.replacen(wrong, right, 1);
    Some(format!(
        "{}{key}: {}{}",
        &text[..start],
        quoted(&new),
        &text[end..]
    ))
}

/// The page of the site at a web address (the page's address, with or without the hub's
/// host; a query or fragment is ignored).
fn page_at<'a>(site: &'a Site, address: &str) -> Option<&'a Page> {
    let path = match url::Url::parse(address) {
        Ok(url) => url.path().to_string(),
        Err(_) => address.split(['?', '#']).next().unwrap_or("").to_string(),
    };
    let path = if path.ends_with('/') || path.ends_with(".html") {
        path
    } else {
        format!("{path}/")
    };
    site.pages
        .iter()
        .map(|page| &**page)
        .chain(site.home.as_deref())
        .find(|page| page.url == path || format!("{}index.html", page.url) == path)
}
