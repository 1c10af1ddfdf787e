//! Translations: the words the theme shows, the names of months and weekdays, and how dates,
//! times and repeating events are written, in the hub's language. The built-in theme ships
//! `i18n/en.yaml` and `i18n/es.yaml`; a theme in `themes/NAME/i18n/` and the hub's own
//! `i18n/LANG.yaml` change any key they name, and a key no file of the language has comes from
//! English.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use jiff::Zoned;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Place};
use crate::theme::{Theme, TranslationFile};
use crate::yaml::YamlSource;

/// One value of a translation file: a text, or a list of texts (month names).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Entry {
    /// A word or a pattern with `{placeholders}`.
    Text(String),
    /// Names in order (months from January, weekdays from Monday).
    List(Vec<String>),
}

/// The words of one language, English filling what it leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// The language these words are in (`en`, `es`).
    pub language: String,
    entries: BTreeMap<String, Entry>,
}

/// The built-in English words, parsed once.
static ENGLISH: LazyLock<Arc<Words>> = LazyLock::new(|| {
    let text = crate::theme::built_in_translation("en").expect("the theme ships en.yaml");
    let entries = serde_saphyr::from_str(text).expect("the built-in en.yaml parses");
    Arc::new(Words {
        language: "en".to_string(),
        entries,
    })
});

impl Words {
    /// The built-in English words.
    pub fn english() -> Arc<Words> {
        ENGLISH.clone()
    }

    /// The text at `key`; empty when no file has it (every key the code asks for is in the
    /// built-in English file, which a test checks).
    pub fn text(&self, key: &str) -> &str {
        match self.entries.get(key) {
            Some(Entry::Text(text)) => text,
            _ => "",
        }
    }

    /// The text at `key`, or `None` when no file has that key.
    pub fn optional(&self, key: &str) -> Option<&str> {
        match self.entries.get(key) {
            Some(Entry::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// The `index`-th name of the list at `key` (checked to be long enough when loaded).
    fn name(&self, key: &str, index: usize) -> &str {
        match self.entries.get(key) {
            Some(Entry::List(names)) => names.get(index).map_or("", String::as_str),
            _ => "",
        }
    }

    /// Every key and value, as templates see them (`t`).
    pub fn entries(&self) -> &BTreeMap<String, Entry> {
        &self.entries
    }

    /// The name a taxonomy term shows in this language (`term_teacher: docente`, by the
    /// term's slug), when the hub gives one.
    pub fn term(&self, slug: &str) -> Option<&str> {
        self.optional(&format!("term_{slug}"))
    }

    /// The name of a month (1 to 12).
    pub fn month(&self, month: i8) -> &str {
        self.name("dates_months", (month.max(1) - 1) as usize)
    }

    /// The name of a weekday.
    pub fn weekday(&self, day: Weekday) -> &str {
        self.name("dates_weekdays", day.to_monday_zero_offset() as usize)
    }

    /// A date the way lists and event times show it (`Sat 5 Dec 2026`).
    pub fn day(&self, date: Date) -> String {
        self.date_with("dates_day", date)
    }

    /// A page's date (`5 Dec 2026`).
    pub fn date(&self, date: Date) -> String {
        self.date_with("dates_date", date)
    }

    /// A date written out (`5 December 2026`).
    pub fn long_date(&self, date: Date) -> String {
        self.date_with("dates_long", date)
    }

    /// An event's day on its own page, written out with its weekday (`Wednesday, December 9,
    /// 2026`).
    pub fn day_in_full(&self, date: Date) -> String {
        self.date_with("dates_day_in_full", date)
    }

    /// A day and a time of it, as an event's time is written (`Sat 5 Dec 2026, 8:30–10:00 AM
    /// CST`).
    pub fn day_and_time(&self, day: &str, time: &str) -> String {
        self.fill("dates_day_and_time", &[("date", day), ("time", time)])
    }

    /// An event's time followed by the same time in the second zone its organiser names
    /// (`7:00–8:30 PM AST (6:00–7:30 PM EST)`).
    pub fn also_in_zone(&self, time: &str, also: &str) -> String {
        self.fill("dates_also_in_zone", &[("time", time), ("also", also)])
    }

    fn date_with(&self, pattern: &str, date: Date) -> String {
        let weekday = date.weekday().to_monday_zero_offset() as usize;
        let month = (date.month() - 1) as usize;
        fill(
            self.text(pattern),
            &[
                ("weekday_short", self.name("dates_weekdays_short", weekday)),
                ("weekday", self.name("dates_weekdays", weekday)),
                ("day", &date.day().to_string()),
                ("month_short", self.name("dates_months_short", month)),
                ("month", self.name("dates_months", month)),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// True when the language writes times on a 24-hour clock (`dates_clock: 24h`).
    pub fn clock_24h(&self) -> bool {
        self.text("dates_clock") == "24h"
    }

    /// The time of day, without AM or PM (`8:30`, or `20:30` on a 24-hour clock).
    pub fn time(&self, zoned: &Zoned) -> String {
        if self.clock_24h() {
            zoned.strftime("%-H:%M").to_string()
        } else {
            zoned.strftime("%-I:%M").to_string()
        }
    }

    /// AM or PM for a time (empty on a 24-hour clock), kept on one line: the spaces of words
    /// such as `p. m.` are no-break spaces, so that a line does not end with `p.`.
    pub fn meridiem(&self, zoned: &Zoned) -> String {
        if self.clock_24h() {
            String::new()
        } else {
            self.name("dates_am_pm", usize::from(zoned.hour() >= 12))
                .replace(' ', "\u{a0}")
        }
    }

    /// An interval in words: `every week`, `every other week`, `every 3 weeks`.
    pub fn every(&self, unit: &str, interval: i32) -> String {
        let key = format!("recurrence_every_{unit}");
        match interval {
            1 => self.name(&key, 0).to_string(),
            2 => self.name(&key, 1).to_string(),
            n => fill(self.name(&key, 2), &[("n", &n.to_string())]),
        }
    }

    /// A position in words: `first`, `last`, `second-to-last`, `6th`, `3rd from last`.
    pub fn ordinal(&self, n: i32) -> String {
        match n {
            1..=5 => self
                .name("recurrence_ordinals", (n - 1) as usize)
                .to_string(),
            -1 => self.text("recurrence_last").to_string(),
            -2 => self.text("recurrence_second_to_last").to_string(),
            n if n > 0 => fill(self.text("recurrence_nth"), &[("n", &n.to_string())]),
            n => fill(
                self.text("recurrence_nth_from_last"),
                &[("n", &(-n).to_string())],
            ),
        }
    }

    /// The pattern at `key` with its placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.text(key), values)
    }
}

/// `pattern` with each `{name}` replaced by its value.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (close, *value))
        }) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words for `language` (`es`, or `es-MX` read as `es`): English, then each file of the
/// language in the order the theme layers them. Problems with the files come back beside them;
/// a language no file has is a warning at `named_at` (where hub.yaml names it), and the site
/// is written in English.
pub fn load(theme: &Theme, language: &str, named_at: &Place) -> (Arc<Words>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let english = Words::english();
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    let known = [language, primary]
        .iter()
        .any(|code| theme.translations.contains_key(*code));
    let mut layers: Vec<&TranslationFile> = Vec::new();
    // The hub may change English words too; those apply under every language.
    if let Some(files) = theme.translations.get("en") {
        layers.extend(files.iter().filter(|file| file.origin.is_some()));
    }
    let english_layers = layers.len();
    // Then the language's words (`es`), then those of its region (`es-MX`), if any.
    if primary != "en"
        && let Some(files) = theme.translations.get(primary)
    {
        layers.extend(files.iter());
    }
    if language != primary
        && let Some(files) = theme.translations.get(language)
    {
        layers.extend(files.iter());
    }
    if !known {
        problems.push(
            named_at
                .error(format!(
                    "the theme has no words in the language `{language}`; the site is written in English"
                ))
                .with_help(format!(
                    "add i18n/{primary}.yaml to the hub: copy themes/default/i18n/en.yaml from convene's repository and put each text in your language; or choose `en` or `es`, which the theme has"
                ))
                .warning(),
        );
    }
    if layers.is_empty() && (!known || language == "en") {
        return (english, problems);
    }
    let mut entries = english.entries.clone();
    for (index, file) in layers.into_iter().enumerate() {
        let (mut values, mut found) = parse_file(file, &english);
        // The names of terms an English file gives are English: another language's site
        // shows the terms as written, or as its own file names them.
        if primary != "en" && index < english_layers {
            values.retain(|key, _| !key.starts_with("term_"));
        }
        entries.extend(values);
        problems.append(&mut found);
    }
    let words = Words {
        language: if known { language } else { "en" }.to_string(),
        entries,
    };
    (Arc::new(words), problems)
}

/// The keys and values of one translation file that can be used, beside its problems: a key
/// English does not have is a warning (and left out); a key holding the wrong kind of value, a
/// list of the wrong length, a placeholder the key does not take, a `dates_clock` convene
/// does not know and a text YAML reads as something else are errors at their line.
fn parse_file(
    file: &TranslationFile,
    english: &Words,
) -> (BTreeMap<String, Entry>, Vec<Diagnostic>) {
    let path = file
        .origin
        .clone()
        .unwrap_or_else(|| Path::new("themes/default/i18n").join(&file.name));
    if file.text.trim().is_empty() {
        return (BTreeMap::new(), Vec::new());
    }
    // A text that starts with a placeholder (`coming_up: {count} events`) is a mapping to
    // YAML: each is an error, and the rest of the file is read with it in quotes.
    let (quoted, mut problems) = quote_placeholders(&path, &file.text);
    let source = YamlSource {
        path: &path,
        file_text: &file.text,
        yaml: &quoted,
        line_offset: 0,
        inherited: None,
    };
    problems.extend(source.comments_that_cut());
    let raw: BTreeMap<String, serde_saphyr::Spanned<serde_json::Value>> = match source.parse() {
        Ok(values) => values,
        Err(problem) => {
            problems.push(problem);
            return (BTreeMap::new(), problems);
        }
    };
    // Names of taxonomy terms (`term_teacher: docente`) are the hub's own keys.
    let known: Vec<&str> = english
        .entries
        .keys()
        .map(String::as_str)
        .chain(
            raw.keys()
                .map(String::as_str)
                .filter(|key| key.starts_with("term_")),
        )
        .collect();
    problems.extend(
        source
            .check_keys(&known, "a translation file")
            .into_iter()
            .map(Diagnostic::warning),
    );
    let mut values = BTreeMap::new();
    for (key, spanned) in &raw {
        let line = key_line(&file.text, key);
        let Some(expected) = english.entries.get(key) else {
            if key.starts_with("term_") {
                match entry(&file.text, key, spanned) {
                    // A term named as it is shown (`term_Matemáticas`) is the term whose
                    // address that name makes (`term_matematicas`).
                    Ok(Entry::Text(text)) => {
                        let slug = crate::slug::slugify(key.strip_prefix("term_").unwrap_or(key));
                        values.insert(format!("term_{slug}"), Entry::Text(text));
                    }
                    Ok(Entry::List(_)) => problems.push(
                        source
                            .error_at(
                                line,
                                1,
                                format!("`{key}` is the name of a term, not a list"),
                            )
                            .with_help(format!("write the name on one line, as `{key}: name`")),
                    ),
                    Err((message, _)) => problems.push(
                        source.error_at(line, 1, message).with_help(format!(
                            "write the term's name in this language after the colon, as in `{key}: name`, or delete the line"
                        )),
                    ),
                }
            }
            continue;
        };
        let value = match entry(&file.text, key, spanned) {
            Ok(value) => value,
            Err((message, help)) => {
                problems.push(source.error_at(line, 1, message).with_help(help));
                continue;
            }
        };
        let problem = match (expected, &value) {
            (Entry::Text(_), Entry::List(_)) => Some((
                format!("`{key}` is one text, not a list"),
                format!("write it on one line, as `{key}: your words`"),
            )),
            (Entry::List(names), Entry::Text(_)) => Some((
                format!("`{key}` is a list of names"),
                format!(
                    "write it as a list in brackets, as English does: `{key}: [{}]`",
                    names.join(", ")
                ),
            )),
            (Entry::List(names), Entry::List(yours)) if yours.len() != names.len() => Some((
                format!(
                    "`{key}` has {} names; it needs {}",
                    yours.len(),
                    names.len()
                ),
                describe_list(key),
            )),
            _ => None,
        };
        if let Some((message, help)) = problem {
            problems.push(source.error_at(line, 1, message).with_help(help));
            continue;
        }
        let value = match value {
            Entry::Text(text) if key == "dates_clock" => match clock(&text) {
                Some(clock) => Entry::Text(clock.to_string()),
                None => {
                    let (line, column) = value_place(spanned, line);
                    problems.push(
                        source
                            .error_at(
                                line,
                                column,
                                format!(
                                    "convene does not know the clock `{}`: `dates_clock` is `12h` or `24h`",
                                    text.trim()
                                ),
                            )
                            .with_help(
                                "write `dates_clock: 24h` for times such as 20:30, or `dates_clock: 12h` for 8:30 PM",
                            ),
                    );
                    continue;
                }
            },
            value => value,
        };
        let wrong = wrong_placeholders(&file.text, &quoted, line, key, expected, &value);
        if wrong.is_empty() {
            values.insert(key.clone(), value);
        } else {
            problems.extend(wrong.into_iter().map(|(line, column, message, help)| {
                source.error_at(line, column, message).with_help(help)
            }));
        }
    }
    (values, problems)
}

/// The value of `key` as a translation: a text or a list of texts. A number or a yes/no is
/// the text as written (`dates_clock: 24`); an empty value, or a mapping (what YAML makes of
/// a text in braces across lines), is a message and what to write instead.
fn entry(
    text: &str,
    key: &str,
    value: &serde_saphyr::Spanned<serde_json::Value>,
) -> Result<Entry, (String, String)> {
    use serde_json::Value;
    let as_written = || {
        let (line, column) = value_place(value, 0);
        text.lines()
            .nth(line.saturating_sub(1))
            .map(|line| {
                let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
                rest.split(" #").next().unwrap_or("").trim().to_string()
            })
            .filter(|rest| !rest.is_empty())
            .unwrap_or_else(|| value.value.to_string())
    };
    let mapping = || {
        (
            format!("YAML reads the text of `{key}` as a mapping of keys, not as words"),
            format!("write the text on the line of the key, in double quotes: `{key}: \"...\"`"),
        )
    };
    match &value.value {
        Value::String(words) => Ok(Entry::Text(words.clone())),
        Value::Number(_) | Value::Bool(_) => Ok(Entry::Text(as_written())),
        Value::Null => Err((
            format!("`{key}` has no text"),
            format!(
                "write its text after the colon (`{key}: \"\"` for none), or delete the line to keep the theme's words"
            ),
        )),
        Value::Object(_) => Err(mapping()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::String(words) => Ok(words.clone()),
                Value::Number(_) | Value::Bool(_) => Ok(item.to_string()),
                Value::Null => Err((
                    format!("name {} of `{key}` is empty", index + 1),
                    "write a name between each pair of commas".to_string(),
                )),
                Value::Object(_) | Value::Array(_) => Err((
                    format!(
                        "YAML reads name {} of `{key}` as something else than words",
                        index + 1
                    ),
                    "put that name in double quotes, such as `\"cada {n} días\"`".to_string(),
                )),
            })
            .collect::<Result<Vec<String>, _>>()
            .map(Entry::List),
    }
}

/// The line and column where a value starts (`line` when it is not known).
fn value_place(value: &serde_saphyr::Spanned<serde_json::Value>, line: usize) -> (usize, usize) {
    match value.referenced.line() as usize {
        0 => (line, 1),
        at => (at, (value.referenced.column() as usize).max(1)),
    }
}

/// The clock a translation names (`dates_clock`): `12h` or `24h`, however it is written (`24`,
/// `24 h`, `24-hour`, `24 horas`); `None` for anything else.
pub fn clock(text: &str) -> Option<&'static str> {
    let text = text.trim().to_lowercase();
    let (hours, unit) = if let Some(unit) = text.strip_prefix("24") {
        ("24h", unit)
    } else if let Some(unit) = text.strip_prefix("12") {
        ("12h", unit)
    } else {
        return None;
    };
    let unit = unit.trim_start_matches([' ', '-']);
    matches!(
        unit,
        "" | "h" | "hr" | "hrs" | "hour" | "hours" | "hora" | "horas" | "h clock" | "hour clock"
    )
    .then_some(hours)
}

/// The placeholders convene fills in the text at `key` of English (`index` for a name of a
/// list): those of the English text, and for the patterns of dates every part of a date.
fn allowed_placeholders<'a>(key: &str, english: &'a str) -> Vec<&'a str> {
    if matches!(
        key,
        "dates_day" | "dates_date" | "dates_long" | "dates_day_in_full"
    ) {
        return DATE_PARTS.to_vec();
    }
    let mut names: Vec<&str> = Vec::new();
    for (_, name) in placeholders(english) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The parts of a date its patterns may name.
const DATE_PARTS: [&str; 6] = [
    "weekday",
    "weekday_short",
    "day",
    "month",
    "month_short",
    "year",
];

/// Each `{name}` in a text, with the byte offset of its `{`: a name of at most 40 characters,
/// on one line, without braces in it.
fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{') {
        let start = from + open;
        let after = &text[start + 1..];
        match after.find(['{', '}', '\n']) {
            Some(close)
                if after[close..].starts_with('}')
                    && !after[..close].trim().is_empty()
                    && after[..close].chars().count() <= 40 =>
            {
                found.push((start, &after[..close]));
                from = start + 1 + close + 1;
            }
            _ => from = start + 1,
        }
    }
    found
}

/// `{a}`, `{a} and {b}`, `{a}, {b} and {c}`.
fn listed(names: &[&str]) -> String {
    let braced: Vec<String> = names.iter().map(|name| format!("{{{name}}}")).collect();
    match braced.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Every placeholder of the translation `value` of `key` (written from line `line` of `text`;
/// `quoted` is the text with the quotes [`quote_placeholders`] adds, for the examples) that
/// convene does not fill there, as a line, column, message and help: a placeholder keeps its
/// English name (`{count}`, not `{número}`), else it is published as written.
fn wrong_placeholders(
    text: &str,
    quoted: &str,
    line: usize,
    key: &str,
    english: &Entry,
    value: &Entry,
) -> Vec<(usize, usize, String, String)> {
    // Each text with what it is called in messages: the key, or a name of its list.
    let pairs: Vec<(String, &str, &str)> = match (english, value) {
        (Entry::Text(english), Entry::Text(yours)) => vec![(format!("`{key}`"), english, yours)],
        (Entry::List(english), Entry::List(yours)) => english
            .iter()
            .zip(yours)
            .enumerate()
            .map(|(index, (english, yours))| {
                (
                    format!("name {} of `{key}`", index + 1),
                    english.as_str(),
                    yours.as_str(),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut wrong = Vec::new();
    for (what, english, yours) in pairs {
        let allowed = allowed_placeholders(key, english);
        let used: Vec<&str> = placeholders(yours).into_iter().map(|(_, n)| n).collect();
        for name in used.iter().filter(|name| !allowed.contains(name)) {
            let written = format!("{{{name}}}");
            let (at_line, column, _) = locate(text, line, &written);
            let (_, _, line_text) = locate(quoted, line, &written);
            let message = if allowed.is_empty() {
                format!(
                    "{what} takes no placeholders, so `{written}` would be published as written"
                )
            } else {
                format!(
                    "`{written}` is not a placeholder of {what}; it takes {}",
                    listed(&allowed)
                )
            };
            // The placeholder meant: a close spelling, or the only one the text leaves out.
            let missing: Vec<&str> = allowed
                .iter()
                .copied()
                .filter(|name| !used.contains(name))
                .collect();
            let meant = crate::diagnostic::did_you_mean(name.trim(), &allowed)
                .or_else(|| allowed.iter().copied().find(|n| *n == name.trim()))
                .or(match missing.as_slice() {
                    [only] => Some(*only),
                    _ => None,
                });
            let help = match (meant, &line_text) {
                _ if allowed.is_empty() => format!(
                    "take out the braces and what is in them; convene fills in nothing in {what}"
                ),
                (Some(meant), Some(line_text)) => format!(
                    "placeholders keep their English names, and convene puts the value in their place: write `{{{meant}}}`, as in `{}`",
                    line_text
                        .trim()
                        .replacen(&written, &format!("{{{meant}}}"), 1)
                ),
                (Some(meant), None) => format!(
                    "placeholders keep their English names, and convene puts the value in their place: write `{{{meant}}}`"
                ),
                (None, _) => format!(
                    "placeholders keep their English names, and convene puts the value in their place: write {} where each value goes, as English does: `{english}`",
                    listed(&allowed)
                ),
            };
            wrong.push((at_line, column, message, help));
        }
    }
    wrong
}

/// Where `needle` is first written from line `line` on: its line, column and the text of that
/// line (the line itself, column 1 and no text when it is not found).
fn locate(text: &str, line: usize, needle: &str) -> (usize, usize, Option<String>) {
    text.lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(index, written)| {
            written.find(needle).map(|at| {
                (
                    index + 1,
                    written[..at].chars().count() + 1,
                    Some(written.to_string()),
                )
            })
        })
        .unwrap_or((line, 1, None))
}

/// `text` with each value that starts with a brace outside quotes put in double quotes (YAML
/// reads `coming_up: {count} events` as a mapping and what follows as a mistake), beside an
/// error at each line where that was done, with the line as it should be written.
fn quote_placeholders(path: &Path, text: &str) -> (String, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_block = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let indented = body.starts_with([' ', '\t']);
        if in_block && (indented || body.trim().is_empty()) {
            out.push_str(line);
            continue;
        }
        in_block = false;
        let spans = brace_values(body);
        if let Some(value) = body
            .split_once(": ")
            .map(|(_, value)| value.trim())
            .filter(|_| !indented)
            && matches!(value.chars().next(), Some('|' | '>'))
        {
            in_block = true;
        }
        if spans.is_empty() {
            out.push_str(line);
            continue;
        }
        let mut fixed = body.to_string();
        for (start, end) in spans.iter().rev() {
            let value = &body[*start..*end];
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            fixed.replace_range(*start..*end, &format!("\"{escaped}\""));
        }
        let (start, end) = spans[0];
        let value = &body[start..end];
        problems.push(
            Diagnostic::at(
                path,
                text,
                index + 1,
                body[..start].chars().count() + 1,
                format!(
                    "YAML reads `{value}` as a mapping, not as words, because it starts with a brace"
                ),
            )
            .with_help(format!(
                "put the text in double quotes: `{}`",
                fixed.trim()
            )),
        );
        out.push_str(&fixed);
        out.push_str(ending);
    }
    (out, problems)
}

/// The byte ranges of the values on one line of a translation file that start with `{`
/// outside quotes: the value of a key, an item of a list (`- {n} días`), or an item of a list
/// in brackets (`[cada día, {n} días]`); each runs to the end of the line (a comment left
/// out), or to the next comma or bracket in a list.
fn brace_values(line: &str) -> Vec<(usize, usize)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return Vec::new();
    }
    let end_of_line = |from: usize| {
        let rest = &line[from..];
        let end = rest.find(" #").unwrap_or(rest.len());
        from + rest[..end].trim_end().len()
    };
    let value_at = |marker: usize| -> usize {
        marker + line[marker..].len() - line[marker..].trim_start().len()
    };
    let start = if let Some(after) = trimmed.strip_prefix("- ") {
        line.len() - after.len()
    } else if let Some(colon) = line.find(": ").filter(|_| !line.starts_with([' ', '\t'])) {
        colon + 2
    } else if let Some(colon) = line.find(':').filter(|c| line[c + 1..].trim().is_empty()) {
        colon + 1
    } else {
        return Vec::new();
    };
    let start = value_at(start);
    match line[start..].chars().next() {
        Some('{') => vec![(start, end_of_line(start))],
        Some('[') => {
            let mut spans = Vec::new();
            let bytes = line.as_bytes();
            let mut item = start + 1;
            let mut quote: Option<u8> = None;
            let mut index = start + 1;
            while index < bytes.len() {
                let byte = bytes[index];
                match quote {
                    Some(q) if byte == q => quote = None,
                    Some(_) => {}
                    None if byte == b',' || byte == b']' => {
                        let from = value_at(item);
                        if bytes.get(from) == Some(&b'{') {
                            let end = from + line[from..index].trim_end().len();
                            spans.push((from, end));
                        }
                        if byte == b']' {
                            break;
                        }
                        item = index + 1;
                    }
                    None if (byte == b'"' || byte == b'\'')
                        && line[item..index].trim().is_empty() =>
                    {
                        quote = Some(byte)
                    }
                    None => {}
                }
                index += 1;
            }
            spans
        }
        _ => Vec::new(),
    }
}

/// What a list of names holds, for help texts.
fn describe_list(key: &str) -> String {
    match key {
        "dates_months" | "dates_months_short" => "twelve month names, from January".to_string(),
        "dates_weekdays" | "dates_weekdays_short" => "seven weekday names, from Monday".to_string(),
        "dates_am_pm" => "the words for before and after noon".to_string(),
        "recurrence_ordinals" => "the words for first to fifth".to_string(),
        _ => "for 1, for 2 and for more, with {n} where the number goes".to_string(),
    }
}

/// The 1-based line where the top-level `key` is written (1 when it cannot be found).
fn key_line(text: &str, key: &str) -> usize {
    crate::yaml::key_line(text, key).unwrap_or(1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::events::recurrence::Rule;
    use jiff::civil::DateTime;

    /// The built-in words of `language`.
    fn built_in(language: &str) -> Arc<Words> {
        let theme = crate::theme::load(Path::new("/nonexistent"), None).0;
        let (words, problems) = load(&theme, language, &Place::default());
        assert!(problems.is_empty(), "{problems:?}");
        words
    }

    #[test]
    fn placeholders_are_filled_and_unknown_braces_kept() {
        assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
        assert_eq!(fill("{a} {unknown} {", &[("a", "x")]), "x {unknown} {");
        assert_eq!(fill("día {n}.º", &[("n", "3")]), "día 3.º");
    }

    #[test]
    fn both_built_in_languages_have_the_same_keys_and_complete_lists() {
        let english = Words::english();
        let theme = crate::theme::load(Path::new("/nonexistent"), None).0;
        let spanish = &theme.translations["es"][0];
        let (values, problems) = parse_file(spanish, &english);
        assert!(problems.is_empty(), "{problems:?}");
        let missing: Vec<_> = english
            .entries
            .keys()
            .filter(|key| !values.contains_key(*key))
            .collect();
        assert!(missing.is_empty(), "es.yaml lacks {missing:?}");
    }

    #[test]
    fn dates_and_times_in_spanish() {
        let words = built_in("es");
        let date = jiff::civil::date(2026, 12, 5);
        assert_eq!(words.day(date), "sáb 5 dic 2026");
        assert_eq!(words.long_date(date), "5 de diciembre de 2026");
        assert_eq!(words.day_in_full(date), "sábado 5 de diciembre de 2026");
        let zone = jiff::tz::TimeZone::get("America/Chicago").unwrap();
        let evening = date.at(20, 30, 0, 0).to_zoned(zone).unwrap();
        // Spanish as it is written in Puerto Rico and the United States: a 12-hour clock.
        assert_eq!(words.time(&evening), "8:30");
        assert_eq!(words.meridiem(&evening), "p.\u{a0}m.");
        let (words, _) = hub_words("es", "dates_clock: 24h\n");
        assert_eq!(words.time(&evening), "20:30");
        assert_eq!(words.meridiem(&evening), "");
        let english = Words::english();
        assert_eq!(english.time(&evening), "8:30");
        assert_eq!(english.meridiem(&evening), "PM");
        assert_eq!(english.day_in_full(date), "Saturday, December 5, 2026");
    }

    #[test]
    fn midnight_and_noon_on_both_clocks() {
        let zone = jiff::tz::TimeZone::get("America/Puerto_Rico").unwrap();
        let at = |hour| {
            jiff::civil::date(2026, 12, 9)
                .at(hour, 0, 0, 0)
                .to_zoned(zone.clone())
                .unwrap()
        };
        let spanish = built_in("es");
        let (spanish_24h, _) = hub_words("es", "dates_clock: 24h\n");
        let english = Words::english();
        let said = |words: &Words, hour| {
            let zoned = at(hour);
            format!("{} {}", words.time(&zoned), words.meridiem(&zoned))
        };
        assert_eq!(said(&english, 0), "12:00 AM");
        assert_eq!(said(&english, 12), "12:00 PM");
        assert_eq!(said(&spanish, 0), "12:00 a.\u{a0}m.");
        assert_eq!(said(&spanish, 12), "12:00 p.\u{a0}m.");
        assert_eq!(said(&spanish_24h, 0), "0:00 ");
        assert_eq!(said(&spanish_24h, 12), "12:00 ");
    }

    #[test]
    fn repeating_events_in_spanish() {
        let words = built_in("es");
        let start = DateTime::constant(2026, 12, 5, 8, 30, 0, 0);
        let said = |rule: &str| Rule::parse(rule).unwrap().describe(start, &words, 0);
        assert_eq!(
            said("FREQ=MONTHLY;BYDAY=1SA;COUNT=12"),
            "El primer sábado de cada mes, 12 veces"
        );
        assert_eq!(said("FREQ=WEEKLY"), "Cada semana, el sábado");
        assert_eq!(
            said("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"),
            "Cada dos semanas, el lunes y el miércoles"
        );
        assert_eq!(
            said("FREQ=MONTHLY;BYDAY=-1FR"),
            "El último viernes de cada mes"
        );
        assert_eq!(
            said("FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270615"),
            "El día 15 de cada mes, hasta el 15 de junio de 2027"
        );
        assert_eq!(said("FREQ=YEARLY"), "El 5 de diciembre, cada año");
        assert_eq!(said("FREQ=DAILY;COUNT=1"), "Todos los días, una vez");
    }

    #[test]
    fn a_hub_changes_words_and_mistakes_are_located() {
        let hub = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(hub.path().join("i18n")).unwrap();
        std::fs::write(
            hub.path().join("i18n/es.yaml"),
            "recurrence_times: \"{rule} ({n} encuentros)\"\ndates_months: [enero]\nrecurence_once: x\n",
        )
        .unwrap();
        let theme = crate::theme::load(hub.path(), None).0;
        let (words, problems) = load(&theme, "es-MX", &Place::default());
        assert_eq!(words.text("recurrence_times"), "{rule} ({n} encuentros)");
        // The broken list is left out: the theme's months stay.
        assert_eq!(words.month(3), "marzo");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown.iter().any(|p| p.contains("i18n/es.yaml:2")
                && p.contains("`dates_months` has 1 names; it needs 12")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.contains("i18n/es.yaml:3")
                    && p.contains("did you mean `recurrence_once`?")),
            "{shown:?}"
        );
    }

    /// What a hub's `i18n/LANGUAGE.yaml` of `text` makes of the theme's words in `language`:
    /// the words, and each problem as `LINE:COLUMN message`.
    pub(crate) fn hub_words(language: &str, text: &str) -> (Arc<Words>, Vec<String>) {
        let hub = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(hub.path().join("i18n")).unwrap();
        std::fs::write(hub.path().join(format!("i18n/{language}.yaml")), text).unwrap();
        let theme = crate::theme::load(hub.path(), None).0;
        let (words, problems) = load(&theme, language, &Place::default());
        let shown = crate::diagnostic::sorted(problems)
            .iter()
            .map(|p| format!("{}:{} {}", p.line, p.column, p.message))
            .collect();
        (words, shown)
    }

    #[test]
    fn the_clock_is_12h_or_24h_however_it_is_written() {
        for text in ["24h", "24", " 24 h", "24-hour", "24 horas", "24H"] {
            assert_eq!(clock(text), Some("24h"), "{text}");
        }
        for text in ["12h", "12", "12 hours", "12-hour clock"] {
            assert_eq!(clock(text), Some("12h"), "{text}");
        }
        for text in ["", "militar", "24x", "h24", "veinticuatro", "2400"] {
            assert_eq!(clock(text), None, "{text}");
        }
        // A number YAML reads as such is the clock as written.
        let (words, problems) = hub_words("es", "dates_clock: 12\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!words.clock_24h());
        let (words, problems) = hub_words("es", "dates_clock: reloj militar\n");
        assert_eq!(
            problems,
            [
                "1:14 convene does not know the clock `reloj militar`: `dates_clock` is `12h` or `24h`"
            ]
        );
        // The theme's Spanish clock stays.
        assert!(!words.clock_24h());
    }

    #[test]
    fn placeholders_are_found_in_braces_on_one_line() {
        let found: Vec<&str> = placeholders("{a} {b_c} { d } {} {{e}} {x\ny} {número}")
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(found, ["a", "b_c", " d ", "e", "número"]);
    }

    #[test]
    fn a_placeholder_keeps_its_english_name_and_goes_only_where_convene_fills_one() {
        let (words, problems) = hub_words(
            "es",
            "directory_count_other: \"Hay {número} docentes.\"\nrecurrence_times: \"{rule}, {n} veces\"\ncoming_up: \"Lo que viene ({count})\"\ndates_long: \"{weekday} {day} de {month}\"\nrecurrence_every_week: [cada semana, \"cada {n} semanas\", \"cada {m} semanas\"]\n",
        );
        assert_eq!(
            problems,
            [
                "1:29 `{número}` is not a placeholder of `directory_count_other`; it takes {count}",
                "3:27 `coming_up` takes no placeholders, so `{count}` would be published as written",
                "5:44 name 2 of `recurrence_every_week` takes no placeholders, so `{n}` would be published as written",
                "5:64 `{m}` is not a placeholder of name 3 of `recurrence_every_week`; it takes {n}",
            ]
        );
        // The texts with wrong placeholders are left out; the others are used.
        assert_eq!(
            words.text("directory_count_other"),
            built_in("es").text("directory_count_other")
        );
        assert_eq!(words.text("recurrence_times"), "{rule}, {n} veces");
        // A pattern of dates may name any part of a date.
        assert_eq!(
            words.long_date(jiff::civil::date(2026, 12, 5)),
            "sábado 5 de diciembre"
        );
    }

    #[test]
    fn a_text_that_starts_with_a_brace_is_put_in_quotes_and_the_rest_is_read() {
        let text = "recurrence_times: {rule}, {n} veces  # plural\nrecurrence_every_day: [todos los días, 'cada dos días', {n} días]\ncoming_up: Lo que viene\n";
        let (quoted, problems) = quote_placeholders(Path::new("i18n/es.yaml"), text);
        assert_eq!(
            quoted,
            "recurrence_times: \"{rule}, {n} veces\"  # plural\nrecurrence_every_day: [todos los días, 'cada dos días', \"{n} días\"]\ncoming_up: Lo que viene\n"
        );
        assert_eq!((problems[0].line, problems[0].column), (1, 19));
        assert_eq!(
            problems[0].help.as_deref(),
            Some(
                "put the text in double quotes: `recurrence_times: \"{rule}, {n} veces\"  # plural`"
            )
        );
        assert_eq!((problems[1].line, problems[1].column), (2, 57));
        let (words, problems) = hub_words("es", text);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(words.text("coming_up"), "Lo que viene");
        // Quoted, in a block of text or in a comment, a brace is left alone.
        for text in [
            "coming_up: \"{x}\"\n",
            "# coming_up: {x}\n",
            "search_intro: |\n  {x}\n",
            "dates_months: ['{a}', \"{b}\"]\n",
        ] {
            assert!(
                quote_placeholders(Path::new("x"), text).1.is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_translation_file_named_in_another_case_serves_its_language() {
        let hub = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(hub.path().join("i18n")).unwrap();
        std::fs::write(hub.path().join("i18n/ES.yaml"), "coming_up: Lo que viene\n").unwrap();
        std::fs::write(hub.path().join("i18n/es_mx.yaml"), "coming_up: Qué sigue\n").unwrap();
        let theme = crate::theme::load(hub.path(), None).0;
        let place = Place::default();
        assert_eq!(
            load(&theme, "es", &place).0.text("coming_up"),
            "Lo que viene"
        );
        let mexican = load(&theme, "es-MX", &place).0;
        assert_eq!(mexican.text("coming_up"), "Qué sigue");
        // The region's file changes the keys it names; the rest are the language's.
        assert_eq!(mexican.month(1), "enero");
        // A region the theme has no file for reads its language; the words say which.
        let (words, problems) = load(&theme, "en-US", &place);
        assert!(problems.is_empty());
        assert_eq!(
            (words.language.as_str(), words.text("language_name")),
            ("en-US", "English")
        );
    }

    #[test]
    fn a_language_without_words_falls_back_to_english_with_a_warning() {
        let theme = crate::theme::load(Path::new("/nonexistent"), None).0;
        let (words, problems) = load(
            &theme,
            "fr",
            &Place::new("hub.yaml", "language: fr\n", 1, 11),
        );
        assert_eq!(words.month(1), "January");
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error());
        // At the line where hub.yaml names the language.
        assert_eq!((problems[0].line, problems[0].column), (1, 11));
        assert!(
            problems[0].to_string().contains("i18n/fr.yaml"),
            "{}",
            problems[0]
        );
    }
}
