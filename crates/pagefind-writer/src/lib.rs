//! A search index in the format of [Pagefind](https://pagefind.app), written without Pagefind's
//! indexer: each page is read on its own ([`Writer::read_page`], on any thread, the moment it is
//! made), and the pages read are written as the files of a `pagefind/` folder ([`Writer::write`]),
//! which Pagefind's browser code searches with no server. The index files are the ones
//! Pagefind's own indexer writes for the same pages, byte for byte once unpacked; only
//! Pagefind's browser files (its script, worker and WebAssembly) come from the Pagefind crate.
//! Accents are folded on both sides (`cesar` finds `César` and the other way round), for every
//! language.
//!
//! ```
//! let html = r#"<html lang="en"><body><main data-pagefind-body>
//!     <h1>Coffee with coaches</h1><p>Bring a friend.</p></main></body></html>"#;
//! let writer = pagefind_writer::Writer::new();
//! let page = writer.read_page("events/coffee/index.html", html).unwrap();
//! let files = writer.write(&[&page]).unwrap();
//! assert!(files.iter().any(|(path, _)| path == "pagefind-entry.json"));
//! ```

#![warn(missing_docs)]

mod browser;
mod index;
mod page;
#[cfg(feature = "parity")]
pub mod parity;
mod reader;
mod words;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;

pub use page::Page;

use browser::BrowserFiles;
use words::StemMemo;

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

/// Why an index could not be written.
#[derive(Debug, thiserror::Error)]
#[error("Pagefind's browser files could not be made: {0}")]
pub struct Error(String);

/// Reads pages for an index and writes the index. What it learns on the way is kept for the
/// next pages and indexes: the stems of the words it has seen, and Pagefind's browser files for
/// each language, so a writer kept from one index to the next (a preview's rebuilds) makes them
/// once.
#[derive(Default)]
pub struct Writer {
    /// Pagefind's browser files, by language.
    browser: Mutex<BTreeMap<String, Arc<BrowserFiles>>>,
    /// Memos of stems not lent out: a page being read has one of its own, so the threads
    /// reading pages do not wait for each other.
    stems: Mutex<Vec<StemMemo>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// A writer that has read no pages and made no browser files yet.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// Reads a page for the index, on any thread: `html` is the page published at `site_path`,
    /// its path in the site's folder (`events/coffee/index.html`, found at `/events/coffee/`).
    /// `None` for a page without `data-pagefind-body`, or with no words in its body.
    pub fn read_page(&self, site_path: &str, html: &str) -> Option<Page> {
        if !html.contains("data-pagefind-body") {
            return None;
        }
        // Pagefind puts the path the site is served from (its base path) in front of this.
        let path = match site_path.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
            _ => site_path,
        };
        let url = format!("/{}", utf8_percent_encode(path, ENCODED_IN_PATHS));
        let stems = || self.stems.lock().unwrap_or_else(PoisonError::into_inner);
        let mut memo = stems().pop().unwrap_or_default();
        let page = Page::read(url, html, &mut memo);
        stems().push(memo);
        page
    }

    /// The files of the index of `pages`, to be given in the order of their paths in the site:
    /// each file's path inside the `pagefind/` folder (`pagefind-entry.json`,
    /// `index/en_5f3a9c1.pf_index`, `pagefind.js`, …) and its content.
    pub fn write(&self, pages: &[&Page]) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let languages = by_language(pages);
        let mut browser = Vec::new();
        for language in languages.keys() {
            browser.push(self.browser_files(language)?);
        }
        // Every language's files include the common ones; with no pages, the generic language's.
        let common = match browser.first() {
            Some(files) => files.clone(),
            None => self.browser_files("unknown")?,
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
        let mut files = Vec::new();
        for ((language, index), made) in built.iter().zip(&browser) {
            entry.languages.insert(
                language,
                EntryLanguage {
                    hash: &index.meta_hash,
                    wasm: made.wasm.as_ref().map(|_| language.as_str()),
                    page_count: index.page_count,
                },
            );
            if let Some(wasm) = &made.wasm {
                files.push((format!("wasm.{language}.pagefind"), wasm.clone()));
            }
        }
        let entry = serde_json::to_vec(&entry).expect("the entry serialises");
        files.push(("pagefind-entry.json".to_string(), entry));
        files.extend(common.common.iter().cloned());
        files.extend(built.into_iter().flat_map(|(_, index)| index.files));
        Ok(files)
    }

    /// The browser files for `language`, made the first time they are asked for.
    fn browser_files(&self, language: &str) -> Result<Arc<BrowserFiles>, Error> {
        let mut made = self.browser.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(files) = made.get(language) {
            return Ok(files.clone());
        }
        let files = Arc::new(BrowserFiles::make(language).map_err(Error)?);
        made.insert(language.to_string(), files.clone());
        Ok(files)
    }
}

/// The pages by language. Pages of unknown language (no `lang` on `html`) join the language
/// with the most pages.
fn by_language<'a>(pages: &[&'a Page]) -> BTreeMap<String, Vec<&'a Page>> {
    let mut languages: BTreeMap<String, Vec<&'a Page>> = BTreeMap::new();
    for &page in pages {
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

#[cfg(test)]
mod tests {
    use super::Writer;

    fn read_page(site_path: &str, html: &str) -> Option<super::Page> {
        Writer::new().read_page(site_path, html)
    }

    #[test]
    fn a_page_is_found_at_its_path_percent_encoded_without_a_final_index_html() {
        let html = "<html><body><main data-pagefind-body>Words</main></body></html>";
        // The address as the fragment the browser fetches gives it.
        let url = |path: &str| {
            let page = read_page(path, html)?;
            let mut json = Vec::new();
            let packed = &page.fragment.packed[..];
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(packed), &mut json)
                .ok()?;
            let json = json.strip_prefix(crate::index::UNPACKED_SIGNATURE)?;
            let fragment: serde_json::Value = serde_json::from_slice(json).ok()?;
            fragment["url"].as_str().map(str::to_string)
        };
        assert_eq!(url("index.html").as_deref(), Some("/"));
        assert_eq!(
            url("events/coffee/index.html").as_deref(),
            Some("/events/coffee/")
        );
        assert_eq!(
            url("docs/genindex.html").as_deref(),
            Some("/docs/genindex.html")
        );
        assert_eq!(
            url("a b/100%/index.html").as_deref(),
            Some("/a%20b/100%25/")
        );
        assert_eq!(url("café/index.html").as_deref(), Some("/caf%C3%A9/"));
    }

    #[test]
    fn a_page_without_a_body_or_without_words_is_left_out() {
        assert!(read_page("a.html", "<html><body><p>Words</p></body></html>").is_none());
        let only_meta = r#"<html><body><main data-pagefind-body>
            <span data-pagefind-meta="title:Words"></span></main></body></html>"#;
        assert!(read_page("b.html", only_meta).is_none());
    }
}
