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

use crate::diagnostic::Diagnostic;
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

    /// AM or PM for a time (empty on a 24-hour clock).
    pub fn meridiem(&self, zoned: &Zoned) -> &str {
        if self.clock_24h() {
            ""
        } else {
            self.name("dates_am_pm", usize::from(zoned.hour() >= 12))
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
/// a language no file has is a warning, and the site is written in English.
pub fn load(theme: &Theme, language: &str) -> (Arc<Words>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let english = Words::english();
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    let chosen = [language, primary]
        .into_iter()
        .find(|code| theme.translations.contains_key(*code));
    let mut layers: Vec<&TranslationFile> = Vec::new();
    // The hub may change English words too; those apply under every language.
    if let Some(files) = theme.translations.get("en") {
        layers.extend(files.iter().filter(|file| file.origin.is_some()));
    }
    match chosen {
        Some("en") | None => {}
        Some(code) => layers.extend(theme.translations[code].iter()),
    }
    if chosen.is_none() && primary != "en" {
        problems.push(
            Diagnostic::file_error(
                "hub.yaml",
                format!("the theme has no words in the language `{language}`; the site is written in English"),
            )
            .with_help(format!(
                "add i18n/{primary}.yaml to the hub: copy themes/default/i18n/en.yaml from convene's repository and put each text in your language; or set `language: en` or `language: es`"
            ))
            .warning(),
        );
    }
    if layers.is_empty() {
        return (english, problems);
    }
    let mut entries = english.entries.clone();
    for file in layers {
        let (values, mut found) = parse_file(file, &english);
        entries.extend(values);
        problems.append(&mut found);
    }
    let words = Words {
        language: language.to_string(),
        entries,
    };
    (Arc::new(words), problems)
}

/// The keys and values of one translation file that can be used, beside its problems: a key
/// English does not have is a warning (and left out); a key holding the wrong kind of value,
/// or a list of the wrong length, is an error.
fn parse_file(
    file: &TranslationFile,
    english: &Words,
) -> (BTreeMap<String, Entry>, Vec<Diagnostic>) {
    let path = file
        .origin
        .clone()
        .unwrap_or_else(|| Path::new("themes/default/i18n").join(&file.name));
    let source = YamlSource {
        path: &path,
        file_text: &file.text,
        yaml: &file.text,
        line_offset: 0,
    };
    if file.text.trim().is_empty() {
        return (BTreeMap::new(), Vec::new());
    }
    let mut values: BTreeMap<String, Entry> = match source.parse() {
        Ok(values) => values,
        Err(problem) => return (BTreeMap::new(), vec![problem]),
    };
    // Names of taxonomy terms (`term_teacher: docente`) are the hub's own keys.
    let known: Vec<&str> = english
        .entries
        .keys()
        .map(String::as_str)
        .chain(
            values
                .keys()
                .map(String::as_str)
                .filter(|key| key.starts_with("term_")),
        )
        .collect();
    let mut problems: Vec<Diagnostic> = source
        .check_keys(&known, "a translation file")
        .into_iter()
        .map(Diagnostic::warning)
        .collect();
    values.retain(|key, value| {
        let Some(expected) = english.entries.get(key) else {
            return key.starts_with("term_") && matches!(value, Entry::Text(_));
        };
        let problem = match (expected, &*value) {
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
        match problem {
            Some((message, help)) => {
                problems.push(
                    source
                        .error_at(key_line(&file.text, key), 1, message)
                        .with_help(help),
                );
                false
            }
            None => true,
        }
    });
    (values, problems)
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
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::recurrence::Rule;
    use jiff::civil::DateTime;

    /// The built-in words of `language`.
    fn built_in(language: &str) -> Arc<Words> {
        let theme = crate::theme::load(Path::new("/nonexistent"), None).0;
        let (words, problems) = load(&theme, language);
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
        let zone = jiff::tz::TimeZone::get("America/Chicago").unwrap();
        let evening = date.at(20, 30, 0, 0).to_zoned(zone).unwrap();
        assert_eq!(words.time(&evening), "20:30");
        assert_eq!(words.meridiem(&evening), "");
        let english = Words::english();
        assert_eq!(english.time(&evening), "8:30");
        assert_eq!(english.meridiem(&evening), "PM");
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
        let (words, problems) = load(&theme, "es-MX");
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

    #[test]
    fn a_language_without_words_falls_back_to_english_with_a_warning() {
        let theme = crate::theme::load(Path::new("/nonexistent"), None).0;
        let (words, problems) = load(&theme, "fr");
        assert_eq!(words.month(1), "January");
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error());
        assert!(
            problems[0].to_string().contains("i18n/fr.yaml"),
            "{}",
            problems[0]
        );
    }
}
