//! Problems found in a hub, located by file, line and column, and rendered for people.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot continue; nothing is published.
    Error,
    /// Worth fixing, but the site is still built.
    Warning,
}

/// One problem in one file, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the hub folder where possible.
    pub path: PathBuf,
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to write instead, when there is something to suggest.
    pub help: Option<String>,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file (no line).
    pub fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// An error at a line and column of a file whose text is `source`.
    pub fn at(
        path: impl Into<PathBuf>,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = line
            .checked_sub(1)
            .and_then(|index| source.lines().nth(index))
            .map(|text| text.trim_end_matches('\r').to_string());
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line,
        }
    }

    /// Adds a suggestion of what to write instead.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns this problem into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// True when this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` as editors and terminals understand it.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.column) {
            (0, _) => path,
            (line, 0) => format!("{path}:{line}"),
            (line, column) => format!("{path}:{line}:{column}"),
        }
    }
}

/// Where a value is written in a file (its line, column and the text of that line), kept for
/// a problem only a later stage can find: a language hub.yaml names that the theme has no
/// words for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The file, relative to the hub.
    pub path: PathBuf,
    /// 1-based line, or 0 when the value is not written anywhere (a default).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The text of the line.
    pub source_line: Option<String>,
}

impl Place {
    /// The place of `line` and `column` in the file `path` whose text is `source`.
    pub fn new(path: impl Into<PathBuf>, source: &str, line: usize, column: usize) -> Place {
        let Diagnostic {
            path, source_line, ..
        } = Diagnostic::at(path, source, line, column, "");
        Place {
            path,
            line,
            column,
            source_line,
        }
    }

    /// A problem at this place (about the whole file when it has no line).
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: self.path.clone(),
            line: self.line,
            column: if self.line == 0 { 0 } else { self.column },
            message: message.into(),
            help: None,
            source_line: self.source_line.clone().filter(|_| self.line > 0),
        }
    }
}

/// The problem of a file or folder that could not be read, with what to do about it.
pub fn cannot_read(path: impl Into<PathBuf>, error: &std::io::Error) -> Diagnostic {
    let path = path.into();
    let shown = display_path(&path);
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => Diagnostic::file_error(
            path,
            "convene is not allowed to read this (permission denied)",
        )
        .with_help(format!(
            "let everyone read it, in the hub's folder: `chmod a+r {shown}` for a file, `chmod a+rx {shown}` for a folder"
        )),
        std::io::ErrorKind::NotFound => {
            Diagnostic::file_error(path, "this went missing while convene was reading the hub")
                .with_help("build again once nothing else is changing the hub's files")
        }
        _ => Diagnostic::file_error(path, format!("cannot read this: {error}"))
            .with_help("check that it exists and that it can be read"),
    }
}

/// The problem of the file at `path` (named `shown` in the message) when it cannot be opened
/// for reading: asked when the hub is listed, so that a file copied only at the end is
/// reported with every other problem.
pub fn unreadable(path: &Path, shown: &Path) -> Option<Diagnostic> {
    std::fs::File::open(path)
        .err()
        .map(|error| cannot_read(shown, &error))
}

/// The problem of a folder being walked that could not be read at `path`.
pub fn cannot_walk(path: impl Into<PathBuf>, error: &walkdir::Error) -> Diagnostic {
    match error.io_error() {
        Some(io) => cannot_read(path, io),
        None => Diagnostic::file_error(path, format!("cannot read: {error}")),
    }
}

/// A path with forward slashes, as it appears in messages and URLs.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {}", text.replace('\t', " "))?;
            if self.column > 0 {
                let offset = text.chars().take(self.column - 1).count();
                writeln!(f, "{gutter} | {}^", " ".repeat(offset))?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// All problems of one run, sorted by file and position so the report reads top to bottom.
pub fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.path, b.line, b.column, &b.message))
    });
    // One problem found by the site of each language (a page shown untranslated in both) is
    // told once, with the first language's help.
    diagnostics.dedup_by(|b, a| {
        (a.severity, &a.path, a.line, a.column, &a.message)
            == (b.severity, &b.path, b.line, b.column, &b.message)
    });
    diagnostics
}

/// The closest of `candidates` to a misspelt `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let diagnostic = Diagnostic::at(
            "content/a.md",
            "title: A\nhosts: [x]\n",
            2,
            9,
            "no profile `x`",
        )
        .with_help("write the file name of a profile");
        let text = diagnostic.to_string();
        assert!(text.contains("--> content/a.md:2:9"), "{text}");
        assert!(text.contains("2 | hosts: [x]"), "{text}");
        assert!(text.contains("  |         ^"), "{text}");
        assert!(text.contains("help: write the file name"), "{text}");
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "slug", "date", "summary"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("sumary", &keys), Some("summary"));
        assert_eq!(did_you_mean("completely-different", &keys), None);
    }
}
