//! Reading a page's HTML for the index. A theme marks what to index with Pagefind's attributes
//! (`data-pagefind-body`, `-ignore`, `-filter`, `-meta`, `-default-meta`, `-sort`, `-weight`,
//! `-index-attrs`, `-title`), read here as Pagefind reads them: the text of the body (headings
//! marked with their weight, anchors where they stand), its filters, sort keys and metadata.

use std::cell::RefCell;
use std::collections::BTreeMap;

use hashbrown::HashMap;
use html5ever::LocalName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Whether an element ends a sentence: its text is set apart, with a full stop if it has none.
fn ends_sentence(tag: &str) -> bool {
    matches!(
        tag,
        "h1" | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "p"
            | "td"
            | "div"
            | "ul"
            | "li"
            | "article"
            | "section"
    )
}

/// Whether an anchor's text goes on inside an element (a link inside a heading).
fn is_inline(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "acronym"
            | "b"
            | "bdo"
            | "big"
            | "br"
            | "button"
            | "cite"
            | "code"
            | "dfn"
            | "em"
            | "i"
            | "img"
            | "input"
            | "kbd"
            | "label"
            | "map"
            | "object"
            | "output"
            | "q"
            | "samp"
            | "script"
            | "select"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "textarea"
            | "time"
            | "tt"
            | "var"
    )
}

/// Whether an element's text is never indexed (its filters and metadata still count).
fn is_unindexed(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "style"
            | "script"
            | "noscript"
            | "label"
            | "form"
            | "svg"
            | "footer"
            | "nav"
            | "iframe"
            | "template"
    )
}

/// Whether an element has no end tag.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Marks where an element with an `id` stands in a page's text (the reader leaves markers in
/// the text for the word splitter): `___PAGEFIND_ANCHOR___h2:3:id`.
pub const ANCHOR: &str = "___PAGEFIND_ANCHOR___";
/// Marks the start of a part weighted by `data-pagefind-weight`, the weight after it.
pub const WEIGHT: &str = "___PAGEFIND_WEIGHT___";
/// Marks the start of a heading, its weight after it.
pub const AUTO_WEIGHT: &str = "___PAGEFIND_AUTO_WEIGHT___";
/// Marks the end of a weighted part or heading.
pub const END_WEIGHT: &str = "___END_PAGEFIND_WEIGHT___";
/// The start every marker but the end of a weight shares; such words are taken out of filters
/// and metadata.
const MARKER: &str = "___PAGEFIND_";

/// What reading a page's HTML gives, before its text is split into words.
#[derive(Debug, Default)]
pub struct Reading {
    /// The indexed text, with the markers for anchors and weights in it.
    pub digest: String,
    /// Filter values by filter name.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Sort values by sort key.
    pub sort: BTreeMap<String, String>,
    /// Metadata by name.
    pub meta: BTreeMap<String, String>,
    /// Each anchor's text, by its key (`3:id`).
    pub anchor_text: BTreeMap<String, String>,
    /// Each anchor's `data-pagefind-title`, by its key.
    pub anchor_titles: BTreeMap<String, String>,
    /// Whether an element with `data-pagefind-body` was read.
    pub has_body: bool,
    /// The `lang` of the `html` element, lower case, or `unknown`.
    pub language: String,
}

impl Reading {
    /// Reads a page's HTML.
    pub fn of(html: &str) -> Reading {
        let tokenizer = Tokenizer::new(Reader::default(), TokenizerOpts::default());
        let queue = BufferQueue::default();
        queue.push_back(StrTendril::from_slice(html));
        let _ = tokenizer.feed(&queue);
        tokenizer.end();
        tokenizer.sink.0.into_inner().finish()
    }
}

/// The text without its markers: each `___PAGEFIND_` with the rest of its word and one space
/// after it.
fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(MARKER) {
        let after = &rest[start + MARKER.len()..];
        let word_end = after.find(char::is_whitespace).unwrap_or(after.len());
        if word_end == 0 {
            out.push_str(&rest[..start + MARKER.len()]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..start]);
        let mut after_word = after[word_end..].chars();
        if after_word.next().is_some() {
            rest = after_word.as_str();
        } else {
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

/// Text with entities already decoded, trimmed, each run of line breaks made one space and
/// then each run of two or more spaces made one (a single space, tab or other white space is
/// kept as it is).
pub fn tidy(text: &str) -> String {
    let text = text.trim();
    let bytes = text.as_bytes();
    let mut tidied = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        // Most text is words and single spaces, kept as they are.
        let next_is_plain = |j: usize| bytes.get(j).is_some_and(|b| b.is_ascii_graphic());
        if byte.is_ascii_graphic() || (byte == b' ' && next_is_plain(i + 1)) {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        if !c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let run = &text[i..];
        let end = run.find(|c: char| !c.is_whitespace()).unwrap_or(run.len());
        let run = &run[..end];
        tidied.push_str(&text[copied..i]);
        let length = spaces_after_joining_lines(run);
        let is_line_break = run.starts_with('\n') || run.starts_with("\r\n");
        if length >= 2 || (length == 1 && is_line_break) {
            tidied.push(' ');
        } else {
            tidied.push_str(run);
        }
        i += end;
        copied = i;
    }
    tidied.push_str(&text[copied..]);
    tidied
}

/// How many characters a run of white space has once each run of line breaks (`\n` or `\r\n`)
/// in it is one space.
fn spaces_after_joining_lines(run: &str) -> usize {
    let mut length = 0;
    let mut in_breaks = false;
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        let breaks = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if breaks && c == '\r' {
            chars.next();
        }
        if !(breaks && in_breaks) {
            length += 1;
        }
        in_breaks = breaks;
    }
    length
}

/// How an element's text is treated.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
enum Status {
    /// Indexed as part of its parent.
    #[default]
    Indexing,
    /// Not indexed; its filters and metadata still count.
    Ignored,
    /// Left out whole, filters and metadata too.
    Excluded,
    /// A `data-pagefind-body`.
    Body,
    /// Holds a `data-pagefind-body`: only that body's text counts.
    ParentOfBody,
}

/// An open element. Its text is the end of the reader's text, from `content_start`; before that,
/// from `prefix_start`, what it will be marked with if it is kept (its weight, a space).
#[derive(Debug, Default)]
struct Node {
    tag: LocalName,
    prefix_start: usize,
    content_start: usize,
    filter: Option<Vec<String>>,
    sort: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    /// Whether it started with a weight marker (and so ends with one).
    weighted: bool,
    /// The anchors whose text this element's text belongs to.
    anchors: Option<Vec<String>>,
    status: Status,
}

/// A `name:value` pair as written, or the name with the element's text as its value.
fn pair(entry: &str, text: &str) -> Option<(String, String)> {
    match entry.split_once(':') {
        Some((name, value)) => Some((name.to_string(), tidy(value))),
        None if text.is_empty() => None,
        None => Some((entry.to_string(), tidy(text))),
    }
}

/// The tokenizer's sink: keeps the open elements and what has been read.
#[derive(Default)]
struct Reader(RefCell<ReaderState>);

#[derive(Default)]
struct ReaderState {
    /// The text read so far that may be kept: the open elements' texts, one after another.
    text: String,
    /// The open elements, outermost first, under a root that holds the page's text at the end.
    open: Vec<Node>,
    /// Whether the `html` element is open (only what is inside it is read).
    in_html: bool,
    /// How many `svg` or `math` elements are open (their self-closing tags have no end tag).
    foreign: usize,
    /// How many anchors were marked so far (their numbers tell two of one id apart).
    anchor_count: usize,
    /// How many elements of each name are open, so that a stray end tag is passed over at once.
    open_names: HashMap<LocalName, usize>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_text: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    language: Option<String>,
}

impl TokenSink for Reader {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                if state.in_html || &*tag.name == "html" {
                    state.start(&tag);
                }
                // Outside `html` too, a script's text is not markup.
                if state.foreign == 0 {
                    return match &*tag.name {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                        "plaintext" => TokenSinkResult::Plaintext,
                        _ => TokenSinkResult::Continue,
                    };
                }
            }
            Token::TagToken(tag) if state.in_html => state.end(&tag.name),
            Token::CharacterTokens(text) if state.in_html => state.add_text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl ReaderState {
    /// Opens an element (or reads a void one whole).
    fn start(&mut self, tag: &Tag) {
        if self.open.is_empty() {
            self.open.push(Node::default());
        }
        let name: &str = &tag.name;
        let attribute = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|attribute| (*attribute.name.local).eq_ignore_ascii_case(wanted))
                .map(|attribute| attribute.value.to_string())
        };
        // Most elements have none of the attributes read here; they are looked for only in
        // those that have an `id`, a `lang` or a `data-pagefind-` attribute (which may name
        // others, as `image[src]` does), and in pictures (for the first image after a title).
        let has_any = tag.attrs.iter().any(|attribute| {
            let name = &*attribute.name.local;
            name == "id" || name == "lang" || name.starts_with("data-pagefind-")
        });
        let attribute = |wanted: &str| {
            let wanted_anyway = matches!(wanted, "src" | "alt");
            (has_any || wanted_anyway)
                .then(|| attribute(wanted))
                .flatten()
        };
        if name == "html" {
            self.in_html = true;
            if let Some(language) = attribute("lang") {
                self.language = Some(language.to_lowercase());
            }
        }
        let explicit = attribute("data-pagefind-ignore").map(|value| {
            match value.to_ascii_lowercase().as_str() {
                "" | "index" | "true" => Status::Ignored,
                _ => Status::Excluded,
            }
        });
        let status = if attribute("data-pagefind-body").is_some() {
            Status::Body
        } else {
            explicit.unwrap_or_default()
        };
        let id = attribute("id").map(|id| id.replace(char::is_whitespace, ""));
        let title = attribute("data-pagefind-title")
            .map(|title| tidy(&title))
            .filter(|title| !title.is_empty());
        let parse = |wanted: &str| attribute(wanted).map(|value| entries(&value, &attribute));
        let (filter, meta, default_meta, sort) = (
            parse("data-pagefind-filter"),
            parse("data-pagefind-meta"),
            parse("data-pagefind-default-meta"),
            parse("data-pagefind-sort"),
        );
        let parent = self.open.last().expect("the root is open");
        let mut anchor = None;
        if status != Status::Excluded
            && status != Status::Ignored
            && let Some(id) = id
            && !(parent.status == Status::ParentOfBody && status != Status::Body)
        {
            let number = self.anchor_count;
            self.text
                .push_str(&format!(" {ANCHOR}{name}:{number}:{id} "));
            anchor = Some(format!("{number}:{id}"));
            self.anchor_count += 1;
        }
        if let (Some(anchor), Some(title)) = (&anchor, title) {
            self.anchor_titles.insert(anchor.clone(), title);
        }
        if status != Status::Excluded {
            if let Some(names) = attribute("data-pagefind-index-attrs") {
                for wanted in names.split(',') {
                    let mut value = attribute(wanted.trim()).unwrap_or_default();
                    if value.chars().last().is_some_and(ends_sentence_on) {
                        value.push('.');
                    }
                    self.text.push(' ');
                    self.text.push_str(&value);
                    self.text.push(' ');
                }
            }
            if name == "br" {
                self.text.push(' ');
            }
        }
        let mut anchors = match &parent.anchors {
            Some(anchors) if is_inline(name) => Some(anchors.clone()),
            _ => None,
        };
        if let Some(anchor) = anchor {
            anchors.get_or_insert_default().push(anchor);
        }
        let mut node = Node {
            tag: tag.name.clone(),
            status: if parent.status == Status::Excluded {
                Status::Excluded
            } else {
                status
            },
            filter,
            sort,
            meta,
            default_meta,
            anchors,
            ..Node::default()
        };
        if name != "html" && is_unindexed(name) {
            node.status = Status::Ignored;
        }
        // A self-closing tag ends its element in SVG and MathML (and `<svg/>` itself). Pagefind
        // also marks the parent of an `<svg/>` as not indexed, which would drop a whole body for
        // one icon; convene leaves the parent alone.
        let foreign = self.foreign > 0 || name == "svg" || name == "math";
        let void = is_void(name) || (tag.self_closing && foreign);
        if void {
            if node.status == Status::Excluded {
                return;
            }
            self.take_pairs(&node, "");
            let has_title = self.meta.contains_key("auto_title") || self.meta.contains_key("title");
            if name == "img"
                && !self.meta.contains_key("auto_image")
                && has_title
                && let Some(src) = attribute("src")
            {
                self.meta.insert("auto_image".into(), tidy(&src));
                if let Some(alt) = attribute("alt") {
                    self.meta.insert("auto_image_alt".into(), tidy(&alt));
                }
            }
            return;
        }
        if name == "svg" || name == "math" {
            self.foreign += 1;
        }
        node.prefix_start = self.text.len();
        // What a kept element is marked with is written now, so that its text stays in place.
        if !matches!(node.status, Status::Ignored | Status::Excluded) {
            let heading_weight = match name {
                "h1" => Some("7"),
                "h2" => Some("6"),
                "h3" => Some("5"),
                "h4" => Some("4"),
                "h5" => Some("3"),
                "h6" => Some("2"),
                _ => None,
            };
            if let Some(weight) = attribute("data-pagefind-weight") {
                self.text.push_str(&format!(" {WEIGHT}{weight} "));
                node.weighted = true;
            } else if let Some(weight) = heading_weight {
                self.text.push_str(&format!(" {AUTO_WEIGHT}{weight} "));
                node.weighted = true;
            }
            if ends_sentence(name) {
                self.text.push(' ');
            }
        }
        node.content_start = self.text.len();
        *self.open_names.entry(node.tag.clone()).or_default() += 1;
        self.open.push(node);
    }

    /// Closes the innermost open element named `name`, and any left open inside it.
    fn end(&mut self, name: &LocalName) {
        if self.open_names.get(name).is_none_or(|&open| open == 0) {
            return;
        }
        let Some(depth) = self.open.iter().skip(1).rposition(|node| node.tag == *name) else {
            return;
        };
        while self.open.len() > depth + 1 {
            self.close();
        }
        if &**name == "html" {
            self.in_html = false;
        }
    }

    /// Adds text to the innermost open element, and to the anchors it belongs to.
    fn add_text(&mut self, text: &str) {
        let Some(node) = self.open.last() else {
            return;
        };
        self.text.push_str(text);
        if matches!(node.status, Status::Ignored | Status::Excluded) {
            return;
        }
        for anchor in node.anchors.iter().flatten() {
            match self.anchor_text.get_mut(anchor) {
                Some(known) => known.push_str(text),
                None => {
                    self.anchor_text.insert(anchor.clone(), text.to_string());
                }
            }
        }
    }

    /// Closes the innermost open element: takes its filters and metadata, and keeps its text
    /// (marked) or drops it.
    fn close(&mut self) {
        let mut node = self.open.pop().expect("an element is open");
        if let Some(open) = self.open_names.get_mut(&node.tag) {
            *open -= 1;
        }
        if &*node.tag == "svg" || &*node.tag == "math" {
            self.foreign = self.foreign.saturating_sub(1);
        }
        if node.status == Status::Excluded {
            self.text.truncate(node.prefix_start);
            return;
        }
        let text = std::mem::take(&mut self.text);
        let own = &text[node.content_start..];
        self.take_pairs(&node, own);
        // (Whether it has text is asked only of a heading: the answer scans leading spaces.)
        if &*node.tag == "h1" && !self.meta.contains_key("auto_title") && !own.trim().is_empty() {
            self.meta.insert("auto_title".into(), tidy(own));
        }
        if &*node.tag == "title" && !self.meta.contains_key("auto_page_title") {
            self.meta.insert("auto_page_title".into(), tidy(own));
        }
        let ends_on_word = own.chars().next_back().is_some_and(ends_sentence_on);
        self.text = text;
        if node.status == Status::Ignored {
            self.text.truncate(node.prefix_start);
            return;
        }
        if ends_sentence(&node.tag) {
            if ends_on_word {
                self.text.push('.');
            }
            self.text.push(' ');
        }
        if node.weighted {
            self.text.push_str(&format!(" {END_WEIGHT} "));
        }
        node.content_start = node.prefix_start;
        let parent = self.open.last_mut().expect("the root stays open");
        keep_text(&mut self.text, parent, &node);
    }

    /// Takes the filters, sort keys and metadata of an element whose text is `text`.
    fn take_pairs(&mut self, node: &Node, text: &str) {
        let pairs = |entries: &Option<Vec<String>>| {
            let entries = entries.iter().flatten();
            entries
                .filter_map(|entry| pair(entry, text))
                .collect::<Vec<_>>()
        };
        for (name, value) in pairs(&node.filter) {
            self.filters.entry(name).or_default().push(value);
        }
        for (name, value) in pairs(&node.sort) {
            self.sort.insert(name, value);
        }
        for (name, value) in pairs(&node.meta) {
            self.meta.insert(name, value);
        }
        for (name, value) in pairs(&node.default_meta) {
            self.default_meta.insert(name, value);
        }
    }

    /// Closes what is still open and returns what was read.
    fn finish(mut self) -> Reading {
        // Elements left open keep their text as it is, without their marks.
        while self.open.len() > 1 {
            let mut node = self.open.pop().expect("checked");
            let parent = self.open.last_mut().expect("checked");
            if parent.status == Status::ParentOfBody {
                self.text.truncate(node.prefix_start);
                continue;
            }
            self.text.drain(node.prefix_start..node.content_start);
            node.content_start = node.prefix_start;
            keep_text(&mut self.text, parent, &node);
        }
        let root = self.open.pop().unwrap_or_default();
        let mut meta = std::mem::take(&mut self.meta);
        if let Some(image) = meta.remove("auto_image") {
            let alt = meta.remove("auto_image_alt").unwrap_or_default();
            if !meta.contains_key("image") {
                meta.insert("image".into(), image);
                meta.insert("image_alt".into(), alt);
            }
        }
        for automatic in ["auto_title", "auto_page_title"] {
            if let Some(title) = meta.remove(automatic) {
                meta.entry("title".into()).or_insert(title);
            }
        }
        let mut all_meta = self.default_meta;
        all_meta.extend(meta);
        // The markers in the text are for the word splitter; filters and metadata lose them.
        for value in self
            .filters
            .values_mut()
            .flatten()
            .chain(all_meta.values_mut())
        {
            if value.contains(MARKER) {
                *value = without_markers(value);
            }
        }
        Reading {
            digest: tidy(&self.text[root.content_start..]),
            filters: self.filters,
            sort: self.sort,
            meta: all_meta,
            anchor_text: self.anchor_text,
            anchor_titles: self.anchor_titles,
            has_body: root.status == Status::ParentOfBody,
            // A language code names files of the index: one of other characters counts as none.
            language: self
                .language
                .filter(|language| !language.is_empty())
                .filter(|language| {
                    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
                    language.chars().all(allowed)
                })
                .unwrap_or_else(|| "unknown".into()),
        }
    }
}

/// Keeps a closed element's text, the end of `text` from `node.content_start`: all of it for a
/// body, which then replaces what its parent had; the text of others only while the parent
/// holds no body.
fn keep_text(text: &mut String, parent: &mut Node, node: &Node) {
    let start = node.content_start;
    let is_body = matches!(node.status, Status::Body | Status::ParentOfBody);
    if parent.status == Status::ParentOfBody && !is_body {
        text.truncate(start);
        return;
    }
    match node.status {
        Status::Ignored | Status::Excluded => text.truncate(start),
        Status::Indexing => {}
        Status::Body | Status::ParentOfBody => {
            if parent.status != Status::ParentOfBody {
                text.drain(parent.content_start..start);
            }
            parent.status = Status::ParentOfBody;
        }
    }
}

/// Whether text ending in `c` needs a full stop to end its sentence: a word character (as in
/// regular expressions: a letter, decimal digit, mark, connector such as `_`, or joiner) or one
/// of `'")$*`.
fn ends_sentence_on(c: char) -> bool {
    regex_syntax::is_word_character(c) || matches!(c, '\'' | '"' | ')' | '$' | '*')
}

/// The entries of a `data-pagefind-filter`, `-meta` or `-sort` value: `name`, `name:value` or
/// `name[attribute]` (the value taken from the element's attribute), separated by commas; after
/// the first colon everything is the last entry's value.
fn entries(value: &str, attribute: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    if let Some((names, literal)) = value.split_once(':') {
        let mut entries = entries(names, attribute);
        if let Some(last) = entries.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return entries;
    }
    value
        .split(',')
        .map(|entry| {
            let entry = entry.trim();
            match entry.strip_suffix(']').and_then(|e| e.split_once('[')) {
                Some((name, wanted))
                    if !name.is_empty()
                        && !name.contains([':', ']'])
                        && !wanted.is_empty()
                        && !wanted.contains('\n') =>
                {
                    format!("{name}:{}", attribute(wanted).unwrap_or_default())
                }
                _ => entry.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn tidy_joins_lines_and_runs_of_spaces_as_pagefind_does() {
        let cases = [
            ("  a  b \n", "a b"),
            ("a\nb", "a b"),
            ("a\r\nb", "a b"),
            ("a\n\n\r\nb", "a b"),
            ("a\rb", "a\rb"),
            ("a\tb", "a\tb"),
            ("a \tb", "a b"),
            ("a\u{a0}b", "a\u{a0}b"),
            ("a\u{a0}\u{a0}b", "a b"),
            ("a\r\r\nb", "a b"),
            ("a\n\rb", "a b"),
            ("é ü", "é ü"),
        ];
        for (text, tidied) in cases {
            assert_eq!(tidy(text), tidied, "{text:?}");
        }
    }
}
