//! HTML read the way a browser's tokenizer reads it (html5ever), to find what in a page could
//! run script: `<script>` elements, event handler attributes, and script URLs; and the text a
//! reader sees. Shared by the injection test and the Markdown fuzzer.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One start tag: its name and attributes, lower case names, values decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    /// `a`, `script`, ...
    pub name: String,
    /// Attribute names and values, in order.
    pub attributes: Vec<(String, String)>,
    /// The text inside, for `script` and `style` elements.
    pub raw_text: String,
}

/// What the tokenizer found: the start tags, and the text outside `script` and `style`.
#[derive(Default)]
struct Tags {
    tags: RefCell<Vec<StartTag>>,
    text: RefCell<String>,
    in_raw_text: RefCell<bool>,
}

impl TokenSink for Tags {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = tag.name.to_string();
                self.tags.borrow_mut().push(StartTag {
                    name: name.clone(),
                    attributes: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    raw_text: String::new(),
                });
                // As a browser does: the contents of these elements are text up to their end tag.
                let raw = match name.as_str() {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
                    "title" | "textarea" => Some(RawKind::Rcdata),
                    _ => None,
                };
                if let Some(kind) = raw {
                    *self.in_raw_text.borrow_mut() = matches!(name.as_str(), "script" | "style");
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::TagToken(_) => *self.in_raw_text.borrow_mut() = false,
            Token::CharacterTokens(text) if *self.in_raw_text.borrow() => {
                if let Some(last) = self.tags.borrow_mut().last_mut() {
                    last.raw_text.push_str(&text);
                }
            }
            Token::CharacterTokens(text) => self.text.borrow_mut().push_str(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// `html` read to its end.
fn tokenize(html: &str) -> Tags {
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// Every start tag of `html`, in order.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    tokenize(html).tags.take()
}

/// The text of `html` as a reader gets it: character references decoded, line breaks read as
/// LF, the contents of `script` and `style` left out, tags removed without a space.
#[allow(
    dead_code,
    reason = "the Markdown fuzzer includes this file and reads no page text"
)]
pub fn page_text(html: &str) -> String {
    tokenize(html).text.take()
}

/// True for URLs that run script when followed, read as browsers read them (the URL standard):
/// control characters and spaces around the URL are dropped, and so are tabs and line breaks
/// within it; any other character that cannot be in a scheme makes the URL a relative one.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme = cleaned
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    matches!(scheme.as_deref(), Some("javascript" | "vbscript" | "data"))
}

/// What in `html` could run script: each `<script>` that is not JSON data, each event handler
/// attribute and each script URL, described in one line.
pub fn script_openings(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        if tag.name == "script" {
            let kind = tag
                .attributes
                .iter()
                .find(|(name, _)| name == "type")
                .map(|(_, value)| value.as_str());
            if kind != Some("application/ld+json") {
                found.push(format!("<script> {:?}", tag.attributes));
            }
        }
        for (name, value) in &tag.attributes {
            let takes_url = matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "data" | "xlink:href" | "srcset"
            );
            if name.starts_with("on") || (takes_url && is_script_url(value)) {
                found.push(format!("<{} {name}={value:?}>", tag.name));
            }
        }
    }
    found
}
