//! YAML parsing with errors that point at the file, line and column and say how to fix them.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, did_you_mean};

/// Where a YAML text sits inside a file: the whole file text (to quote lines from) and the
/// number of lines before the YAML starts (front matter starts after the opening `---`).
#[derive(Clone, Copy)]
pub struct YamlSource<'a> {
    /// The file the YAML came from, relative to the hub.
    pub path: &'a Path,
    /// The complete text of that file.
    pub file_text: &'a str,
    /// The YAML itself.
    pub yaml: &'a str,
    /// Lines of the file before the first line of `yaml`.
    pub line_offset: usize,
    /// The lines of `yaml` taken from another file (a translation's facts, taken from its
    /// original): a problem on one of them is told in that file.
    pub inherited: Option<&'a crate::content::translation::Inherited>,
}

impl YamlSource<'_> {
    /// A diagnostic at a line and column of the YAML, counted in the whole file.
    pub fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        match self.inherited.and_then(|inherited| inherited.locate(line)) {
            Some((path, text, line)) => Diagnostic::at(path, text, line, column, message),
            None => Diagnostic::at(
                self.path,
                self.file_text,
                line + self.line_offset,
                column,
                message,
            ),
        }
    }

    /// A diagnostic at the location serde-saphyr reported for a value.
    pub fn error_at_location(
        &self,
        location: &serde_saphyr::Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.error_at(
            location.line() as usize,
            location.column() as usize,
            message,
        )
    }

    /// Parses the YAML into `T`, turning a failure into a located diagnostic.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        serde_saphyr::from_str::<T>(self.yaml).map_err(|error| {
            let (line, column) = error
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .unwrap_or((1, 0));
            let raw = error.without_snippet().to_string();
            let message = strip_position(&raw);
            let (message, help) = explain(message);
            // The parser points just past a tab; point at the tab itself.
            let column = match self.yaml.lines().nth(line.saturating_sub(1)) {
                Some(text) if message.contains("tab character") => text
                    .chars()
                    .position(|c| c == '\t')
                    .map_or(column, |index| index + 1),
                _ => column,
            };
            let diagnostic = self.error_at(line, column, message);
            match help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            }
        })
    }

    /// Finds each ` #` that YAML would read as the start of a comment in the middle of a value:
    /// a hashtag (`#NTXedchat`), a room number (`Room #204`). YAML drops it and the rest of the
    /// line without a word, so each is an error at the `#`, naming what would be lost and how
    /// to keep it (quotes). A comment by intent (a `#` followed by a space, or on a line of its
    /// own) and a `#` inside quotes or a block of text (`|`, `>`) are left alone.
    pub fn comments_that_cut(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        // The indentation of the key whose block of text (`|` or `>`) the lines below belong to.
        let mut block_of: Option<usize> = None;
        for (index, line) in self.yaml.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            if let Some(key_indent) = block_of {
                if line.trim().is_empty() || indent > key_indent {
                    continue;
                }
                block_of = None;
            }
            let code = match hashtag_in(line) {
                Scan::Block => {
                    block_of = Some(indent);
                    continue;
                }
                Scan::Clean => continue,
                Scan::Hashtag(at) => at,
            };
            let before = line[..code].trim_end();
            let cut = line[code..].trim_end();
            let key = before
                .trim_start()
                .trim_start_matches("- ")
                .split(':')
                .next()
                .unwrap_or("")
                .trim();
            let (message, help) = if before.ends_with(':') {
                (
                    format!("YAML reads `{cut}` as a comment, so `{key}` gets no value"),
                    format!(
                        "put the value in quotes: {key}: \"{}\"",
                        cut.replace('"', "'")
                    ),
                )
            } else if before.trim_start() == "-" {
                (
                    format!("YAML reads `{cut}` as a comment, so this item of the list is empty"),
                    format!("put the item in quotes: - \"{}\"", cut.replace('"', "'")),
                )
            } else if before.rfind('[') > before.rfind(']') {
                (
                    format!(
                        "YAML reads `{cut}` as a comment, so this list loses its items from there and its closing `]`"
                    ),
                    format!(
                        "put each item that starts with # in quotes, for example: [\"{}\"]",
                        cut.split([',', ']']).next().unwrap_or(cut).trim()
                    ),
                )
            } else {
                let value = before
                    .split_once(": ")
                    .map_or(before.trim(), |(_, v)| v.trim());
                let whole = format!("{value} {cut}").replace('"', "'");
                (
                    format!(
                        "YAML reads `{cut}` as a comment and drops it: the value would end at `{value}`"
                    ),
                    if before.contains(": ") {
                        format!("put the whole value in quotes: {key}: \"{whole}\"")
                    } else {
                        format!("put the whole value in quotes: \"{whole}\"")
                    },
                )
            };
            let column = line[..code].chars().count() + 1;
            problems.push(self.error_at(index + 1, column, message).with_help(help));
        }
        problems
    }

    /// Checks the top-level keys against the keys allowed here. Every unknown key is reported,
    /// with the closest allowed key as a suggestion.
    pub fn check_keys(&self, allowed: &[&str], what: &str) -> Vec<Diagnostic> {
        top_level_keys(self.yaml)
            .into_iter()
            .filter(|(key, _, _)| !allowed.contains(&key.as_str()))
            .map(|(key, line, column)| {
                let diagnostic =
                    self.error_at(line, column, format!("unknown key `{key}` in {what}"));
                match suggest(&key, allowed) {
                    Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                    None => diagnostic.with_help(format!(
                        "the keys {what} takes are: {}; put your own data under `extra:`",
                        allowed.join(", ")
                    )),
                }
            })
            .collect()
    }
}

/// What [`hashtag_in`] found on a line.
enum Scan {
    /// Nothing YAML would drop.
    Clean,
    /// The line starts a block of text (`key: |` or `key: >`).
    Block,
    /// A `#` at this byte offset that YAML reads as a comment in the middle of a value.
    Hashtag(usize),
}

/// Finds on one line of YAML a `#` after a space, outside quotes, followed by something other
/// than a space: a comment YAML would cut a value at. Quotes count only where a value starts
/// (after `: `, `- `, `[`, `{` or `,`), so that an apostrophe in plain text is a letter.
fn hashtag_in(line: &str) -> Scan {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut value_starts = true;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match quote {
            Some(b'"') if byte == b'\\' => index += 1,
            Some(q) if byte == q => {
                if q == b'\'' && bytes.get(index + 1) == Some(&b'\'') {
                    index += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None => match byte {
                b'"' | b'\'' if value_starts => quote = Some(byte),
                b'#' if index == 0 || bytes[index - 1] == b' ' || bytes[index - 1] == b'\t' => {
                    return match bytes.get(index + 1) {
                        None | Some(b' ' | b'\t') => Scan::Clean,
                        Some(_) if line[..index].trim().is_empty() => Scan::Clean,
                        Some(_) => Scan::Hashtag(index),
                    };
                }
                b'|' | b'>'
                    if value_starts
                        && line[index + 1..]
                            .trim_start_matches([
                                '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
                            ])
                            .trim()
                            .is_empty() =>
                {
                    return Scan::Block;
                }
                _ => {}
            },
        }
        if quote.is_none() {
            value_starts = match byte {
                b' ' | b'\t' => {
                    value_starts || (index > 0 && matches!(bytes[index - 1], b':' | b'-' | b','))
                }
                b'[' | b'{' | b',' => true,
                _ => false,
            };
        }
        index += 1;
    }
    Scan::Clean
}

/// Keys of the top-level mapping: unindented `key:` lines, with their 1-based line and column.
fn top_level_keys(yaml: &str) -> Vec<(String, usize, usize)> {
    let mut keys = Vec::new();
    let mut in_block_scalar = false;
    for (index, line) in yaml.lines().enumerate() {
        let starts_unindented = line.chars().next().is_some_and(|c| !c.is_whitespace());
        if in_block_scalar && !starts_unindented {
            continue;
        }
        in_block_scalar = false;
        if !starts_unindented || line.starts_with('#') || line.starts_with('-') {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
        let rest = line[colon + 1..].trim_start();
        if !(rest.is_empty() || line[colon + 1..].starts_with([' ', '\t'])) {
            continue;
        }
        if key.is_empty() {
            continue;
        }
        in_block_scalar = rest.starts_with('|') || rest.starts_with('>');
        keys.push((key.to_string(), index + 1, 1));
    }
    keys
}

/// serde-saphyr appends " at line L, column C"; the location is shown separately.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(index) => &message[..index],
        None => message,
    }
}

/// The allowed key someone who wrote `key` most likely meant: a close spelling, or the key
/// for what they named in other words (`link` for a resource's `url`).
fn suggest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    synonym(key, allowed).or_else(|| did_you_mean(key, allowed))
}

/// The allowed key for what `key` names in other words, if any.
fn synonym<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let meant = match key.to_lowercase().as_str() {
        "link" | "href" | "address" | "website" | "web" => "url",
        "name" | "heading" => "title",
        "description" | "comment" | "comments" | "notes" | "annotation" => "note",
        "publisher" | "publication" | "site" | "journal" => "source",
        "type" | "format" => "kind",
        "tag" | "keywords" | "categories" | "category" => "tags",
        "by" | "authors" | "writer" => "author",
        "place" | "venue" | "where" | "address_line" => "location",
        "zoom" | "meet" | "join" | "meeting_link" | "video" => "online",
        "rsvp" | "signup" | "sign_up" | "register" => "registration",
        "host" | "organizer" | "organiser" | "organizers" | "organisers" => "hosts",
        "curator" => "curators",
        "member" => "members",
        "repeat" | "repeats" | "rrule" | "recurring" => "recurrence",
        "skip" | "skips" | "except" | "exdate" | "exdates" => "exceptions",
        "tz" | "time_zone" | "zone" => "timezone",
        "also_tz" | "also_time_zone" | "also_zone" | "second_timezone" | "second_time_zone"
        | "second_zone" | "other_timezone" | "other_time_zone" | "other_zone" => "also_timezone",
        "picture" | "photo" | "image" | "headshot" => "avatar",
        "when" | "begins" | "starts" => "start",
        "ends" => "end",
        "length" => "duration",
        "role" => "roles",
        "subject" => "subjects",
        "region" => "regions",
        "grade_level" | "grades" | "grade" => "grade_levels",
        _ => return None,
    };
    allowed.iter().copied().find(|key| *key == meant)
}

/// Turns a parser message into plain words and a suggestion of what to write instead.
fn explain(message: &str) -> (String, Option<String>) {
    let lower = message.to_lowercase();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, allowed)) = rest.split_once("`, expected one of ")
    {
        let allowed: Vec<&str> = allowed.split(", ").map(|k| k.trim_matches('`')).collect();
        let help = match suggest(key, &allowed) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("the keys allowed here are: {}", allowed.join(", ")),
        };
        return (format!("unknown key `{key}`"), Some(help));
    }
    if lower.contains("found a tab") || lower.contains("tab") && lower.contains("indent") {
        return (
            "a tab character is not allowed here in YAML".into(),
            Some("indent with spaces instead of tabs".into()),
        );
    }
    if lower.contains("unclosed quote") || lower.contains("unterminated") {
        return (
            "this quoted text is never closed".into(),
            Some("add the closing quote at the end of the value".into()),
        );
    }
    if lower.starts_with("unexpected character: `@") {
        return (
            "YAML does not let a value start with `@`".into(),
            Some("put the whole value in quotes, for example: \"@/about.md\"".into()),
        );
    }
    if lower.contains("mapping values are not allowed") {
        return (
            "a colon followed by a space starts a new key, but a value is expected here".into(),
            Some(
                "put the whole value in quotes, for example: title: \"Math: where to start\""
                    .into(),
            ),
        );
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key);
        return (
            format!("the key `{key}` is written twice"),
            Some("keep only one of them".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return (
            format!("the required key `{key}` is missing"),
            Some(format!("add a line `{key}: ...`")),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, allowed)) = rest.split_once("`, expected one of ")
    {
        if matches!(value, "postponed" | "rescheduled" | "delayed") {
            return (
                format!("`{value}` is not one of the values allowed here"),
                Some("for an event whose new date is not known yet, write `status: tentative` and say in the text that it is postponed; when the date is set, change `start` and write `status: confirmed`".into()),
            );
        }
        return (
            format!("`{value}` is not one of the values allowed here"),
            Some(format!("write one of: {}", allowed.replace('`', ""))),
        );
    }
    if lower.starts_with("unclosed bracket") || lower.starts_with("unclosed brace") {
        let (what, close) = if lower.contains('[') {
            ("list", ']')
        } else {
            ("mapping", '}')
        };
        return (
            format!("this {what} is never closed"),
            Some(format!(
                "add the closing `{close}` at the end of the {what}"
            )),
        );
    }
    if lower.contains("untagged enum oneormany") {
        return (
            "a text or a list of texts is expected here".into(),
            Some("write one term or a list such as [math, science]; put in quotes a word YAML reads as something else, such as \"y\", \"no\" or \"on\"".into()),
        );
    }
    if lower.contains("expected sequence start") {
        return (
            "a list is expected here".into(),
            Some(
                "write the items as [first, second], or each on its own line starting with `- `"
                    .into(),
            ),
        );
    }
    if lower.contains("expected string scalar") {
        return (
            "a text is expected here, not a list or a mapping".into(),
            Some("put the whole value in quotes, for example: title: \"[Draft] Notes\"".into()),
        );
    }
    if lower.contains("invalid boolean") {
        return (
            "this must be true or false".into(),
            Some("write true or false".into()),
        );
    }
    if [
        "invalid u8",
        "invalid u16",
        "invalid u32",
        "invalid u64",
        "invalid usize",
    ]
    .contains(&lower.trim())
    {
        return (
            "a whole number is expected here".into(),
            Some("write a whole number without quotes or a sign, such as 48".into()),
        );
    }
    if lower.starts_with("invalid type") {
        let help = if lower.contains("expected a sequence") {
            Some("write a list, for example: [first, second]".to_string())
        } else if lower.contains("expected a boolean") {
            Some("write true or false".to_string())
        } else if lower.contains("expected a map") || lower.contains("expected struct") {
            Some("write the values indented on the lines below, as `key: value`".to_string())
        } else {
            None
        };
        return (message.to_string(), help);
    }
    if lower.contains("did not find expected") || lower.contains("indentation") {
        return (
            message.to_string(),
            Some(
                "check the indentation: items of one list or mapping start in the same column"
                    .into(),
            ),
        );
    }
    (message.to_string(), None)
}

/// The 1-based line of `text` on which the top-level `key` is written (`key:` or `key :` at
/// the start of a line), if it is.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| writes_key(line, key))
        .map(|index| index + 1)
}

/// The line and column (from 1) of `key` inside the top-level mapping `parent` of `yaml`.
pub fn nested_key_line(yaml: &str, parent: &str, key: &str) -> Option<(usize, usize)> {
    let block = key_block(yaml, parent)?;
    yaml.lines()
        .enumerate()
        .skip(block.start + 1)
        .take(block.len() - 1)
        .find(|(_, line)| writes_key(line.trim_start(), key))
        .map(|(index, line)| (index + 1, 1 + line.len() - line.trim_start().len()))
}

/// Whether `line` starts the top-level key `key`.
fn writes_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// The lines of `yaml` (0-based, end excluded) that hold the top-level key `key` and its
/// value: its own line and the indented, list and comment lines after it.
pub fn key_block(yaml: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines.iter().position(|line| writes_key(line, key))?;
    let length = lines[start + 1..]
        .iter()
        .take_while(|line| line.trim().is_empty() || line.starts_with([' ', '\t', '-', '#']))
        .count();
    Some(start..start + 1 + length)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line, column, message and help of each comment that cuts a value in `yaml`.
    fn cuts(yaml: &str) -> Vec<(usize, usize, String, String)> {
        let source = YamlSource {
            path: Path::new("content/events/x.md"),
            file_text: yaml,
            yaml,
            line_offset: 0,
            inherited: None,
        };
        source
            .comments_that_cut()
            .into_iter()
            .map(|d| (d.line, d.column, d.message, d.help.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn hashtags_and_room_numbers_that_yaml_would_drop_are_found() {
        let found = cuts(
            "title: Coffee\nlocation: Room #204, Main Building\nresources:\n  - title: Primer\n    note: A good primer before your first #NTXedchat.\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (2, 16));
        assert_eq!(
            found[0].2,
            "YAML reads `#204, Main Building` as a comment and drops it: the value would end at `Room`"
        );
        assert_eq!(
            found[0].3,
            "put the whole value in quotes: location: \"Room #204, Main Building\""
        );
        assert_eq!((found[1].0, found[1].1), (5, 43));

        let title = cuts("title: #NTXedchat: Grading\n");
        assert_eq!(title[0].1, 8);
        assert_eq!(
            title[0].2,
            "YAML reads `#NTXedchat: Grading` as a comment, so `title` gets no value"
        );
        let list = cuts("tags: [chat, #NTXedchat]\n");
        assert_eq!(list[0].1, 14);
        assert!(
            list[0]
                .2
                .contains("loses its items from there and its closing `]`")
        );
        assert!(list[0].3.contains("[\"#NTXedchat\"]"), "{:?}", list[0].3);
        let item = cuts("tags:\n  - #MTBoS\n");
        assert!(item[0].2.contains("this item of the list is empty"));
    }

    #[test]
    fn comments_by_intent_quotes_and_blocks_are_left_alone() {
        let yaml = "# a comment line\ntitle: \"#NTXedchat: Grading\"  # quoted\nnote: 'it''s #fine'\nlocation: Ana's room  # where we meet\nsummary: |\n  We use #MTBoS\n  and #edchat.\nurl: https://example.org/page#agenda\ntags: [chat, \"#NTXedchat\"]\n";
        assert_eq!(cuts(yaml), Vec::new());
    }

    #[test]
    fn finds_top_level_keys_only() {
        let yaml = "title: A\nlinks:\n  website: x\nsummary: |\n  text: not a key\nresources:\n  - title: y\n";
        let keys: Vec<_> = top_level_keys(yaml).into_iter().map(|k| k.0).collect();
        assert_eq!(keys, ["title", "links", "summary", "resources"]);
    }
}
