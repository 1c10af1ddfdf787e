//! The search index, in `pagefind/`: the pages the theme marks with `data-pagefind-body`,
//! indexed in the format of [Pagefind](https://pagefind.app), whose browser code searches it
//! with no server. convene reads each page as it is rendered, on every core (`reader`, `page`,
//! `words`), and writes the index itself (`index`); only Pagefind's browser files (its script,
//! worker and WebAssembly) come from the Pagefind crate. Accents are folded on both sides
//! (`cesar` finds `César` and the other way round), for every language.

mod index;
mod page;
mod reader;
mod words;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;

pub use page::Page;

use crate::diagnostic::Diagnostic;
use crate::outputs::{Body, Made, Output};

/// The characters of a path that are written percent-encoded in a page's address in the index.
const ENCODED_IN_PATHS: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Reads an output for the index: an HTML page with a `data-pagefind-body` gives a page. (Pages
/// are always made whole; feeds are the outputs made of parts.)
pub fn read(output: &Output) -> Option<Page> {
    if !output.path.ends_with(".html") {
        return None;
    }
    let Body::Made(Made::Whole(bytes)) = &output.body else {
        return None;
    };
    let html = std::str::from_utf8(bytes).ok()?;
    if !html.contains("data-pagefind-body") {
        return None;
    }
    // `events/coffee/index.html` is found at `/events/coffee/`. Pagefind puts the path the site
    // is served from (its base path) in front of this.
    let path = match output.path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => &output.path,
    };
    let url = format!("/{}", utf8_percent_encode(path, ENCODED_IN_PATHS));
    Page::read(url, html)
}

/// Writes search indexes; kept by the pipeline for as long as it runs.
#[derive(Debug, Default)]
pub struct Writer(());

/// Builds the index of `pages`, given in the order of their paths: the files of `pagefind/`.
pub fn render(_writer: &Writer, pages: Vec<Page>) -> Result<Vec<Output>, Diagnostic> {
    let languages = by_language(pages);
    let mut browser = Vec::new();
    for language in languages.keys() {
        browser.push(browser_files(language)?);
    }
    // Every language's files include the common ones; with no pages, the generic language's.
    let common = match browser.first() {
        Some(files) => files.clone(),
        None => browser_files("unknown")?,
    };
    let version = common.version.clone();
    let built: Vec<(&String, index::LanguageIndex)> = languages
        .par_iter()
        .map(|(language, pages)| (language, index::build(language, pages, &version)))
        .collect();

    let mut entry = Entry {
        version: &version,
        languages: BTreeMap::new(),
        include_characters: &words::WORD_SYMBOLS,
    };
    let mut outputs = Vec::new();
    for ((language, index), files) in built.iter().zip(&browser) {
        entry.languages.insert(
            language,
            EntryLanguage {
                hash: &index.meta_hash,
                wasm: files.wasm.as_ref().map(|_| language.as_str()),
                page_count: index.page_count,
            },
        );
        if let Some(wasm) = &files.wasm {
            let path = format!("pagefind/wasm.{language}.pagefind");
            outputs.push(Output::bytes(path, wasm.clone()));
        }
    }
    let entry = serde_json::to_vec(&entry).expect("the entry serialises");
    outputs.push(Output::bytes("pagefind/pagefind-entry.json", entry));
    for (name, bytes) in &common.common {
        outputs.push(Output::bytes(format!("pagefind/{name}"), bytes.clone()));
    }
    let files = built.into_iter().flat_map(|(_, index)| index.files);
    outputs.extend(files.map(|(path, content)| Output::bytes(format!("pagefind/{path}"), content)));
    Ok(outputs)
}

/// The pages by language. Pages of unknown language (no `lang` on `html`) join the language
/// with the most pages.
fn by_language(pages: Vec<Page>) -> BTreeMap<String, Vec<Page>> {
    let mut languages: BTreeMap<String, Vec<Page>> = BTreeMap::new();
    for page in pages {
        languages
            .entry(page.language.clone())
            .or_default()
            .push(page);
    }
    if let Some(unknown) = languages.remove("unknown") {
        let main = languages
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
            .map_or_else(|| "unknown".to_string(), |(language, _)| language.clone());
        languages.entry(main).or_default().extend(unknown);
    }
    languages
}

/// `pagefind-entry.json`: the version, and each language's metadata file and page count.
#[derive(Serialize)]
struct Entry<'a> {
    version: &'a str,
    languages: BTreeMap<&'a str, EntryLanguage<'a>>,
    include_characters: &'a [char],
}

/// A language in `pagefind-entry.json`.
#[derive(Serialize)]
struct EntryLanguage<'a> {
    hash: &'a str,
    /// The language whose WebAssembly (with its stemmer) searches it; none for the generic one.
    wasm: Option<&'a str>,
    page_count: usize,
}

/// Pagefind's browser files for one language.
struct BrowserFiles {
    /// Pagefind's version, which the browser script checks the index against.
    version: String,
    /// The script, its worker and the generic WebAssembly, by name.
    common: Vec<(String, Vec<u8>)>,
    /// The WebAssembly with the language's stemmer, if Pagefind has one.
    wasm: Option<Vec<u8>>,
}

/// The browser files for `language`, taken once per run from the Pagefind crate, which makes
/// them with an index (here of one word) and minifies its script on the way.
fn browser_files(language: &str) -> Result<Arc<BrowserFiles>, Diagnostic> {
    static MADE: Mutex<BTreeMap<String, Arc<BrowserFiles>>> = Mutex::new(BTreeMap::new());
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(files) = made.get(language) {
        return Ok(files.clone());
    }
    let failed = |error: anyhow::Error| {
        Diagnostic::file_error(
            "pagefind",
            format!("Pagefind's browser files could not be made: {error}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.into()))?;
    let lang = match language {
        "unknown" => String::new(),
        code => format!(" lang=\"{}\"", code.replace(['"', '<', '>', '&'], "")),
    };
    let made_files = runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None)?;
        let html = format!("<html{lang}><body>convene</body></html>");
        index.add_html_file(None, Some("/".into()), html).await?;
        index.get_files().await
    });
    let made_files = made_files.map_err(failed)?;
    let mut files = BrowserFiles {
        version: String::new(),
        common: Vec::new(),
        wasm: None,
    };
    for file in made_files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        let file = (name, file.contents);
        match file.0.as_str() {
            "pagefind.js" | "pagefind-worker.js" | "wasm.unknown.pagefind" => {
                files.common.push(file)
            }
            "pagefind-entry.json" => {
                let entry: serde_json::Value = serde_json::from_slice(&file.1).unwrap_or_default();
                files.version = entry["version"].as_str().unwrap_or_default().to_string();
            }
            name if name == format!("wasm.{language}.pagefind") => files.wasm = Some(file.1),
            _ => {}
        }
    }
    let files = Arc::new(files);
    made.insert(language.to_string(), files.clone());
    Ok(files)
}
