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
}

impl YamlSource<'_> {
    /// A diagnostic at a line and column of the YAML, counted in the whole file.
    pub fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(
            self.path,
            self.file_text,
            line + self.line_offset,
            column,
            message,
        )
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

    /// Checks the top-level keys against the keys allowed here. Every unknown key is reported,
    /// with the closest allowed key as a suggestion.
    pub fn check_keys(&self, allowed: &[&str], what: &str) -> Vec<Diagnostic> {
        top_level_keys(self.yaml)
            .into_iter()
            .filter(|(key, _, _)| !allowed.contains(&key.as_str()))
            .map(|(key, line, column)| {
                let diagnostic =
                    self.error_at(line, column, format!("unknown key `{key}` in {what}"));
                match did_you_mean(&key, allowed) {
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

/// Turns a parser message into plain words and a suggestion of what to write instead.
fn explain(message: &str) -> (String, Option<String>) {
    let lower = message.to_lowercase();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_keys_only() {
        let yaml = "title: A\nlinks:\n  website: x\nsummary: |\n  text: not a key\nresources:\n  - title: y\n";
        let keys: Vec<_> = top_level_keys(yaml).into_iter().map(|k| k.0).collect();
        assert_eq!(keys, ["title", "links", "summary", "resources"]);
    }
}
