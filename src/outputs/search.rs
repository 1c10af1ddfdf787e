//! The search index, in `pagefind/`: the pages the theme marks with `data-pagefind-body`,
//! indexed in the format of [Pagefind](https://pagefind.app), whose browser code searches it
//! with no server. The `pagefind-writer` crate reads each page as it is rendered, on every core,
//! and writes the index; this module hands it the rendered pages and takes its files back as
//! outputs.

pub use pagefind_writer::{Page, Writer};

use crate::diagnostic::Diagnostic;
use crate::outputs::{Body, Made, Output};

/// Reads an output for `writer`'s index: an HTML page with a `data-pagefind-body` gives a page.
/// (Pages are always made whole; feeds are the outputs made of parts.)
pub fn read(writer: &Writer, output: &Output) -> Option<Page> {
    if !output.path.ends_with(".html") {
        return None;
    }
    let Body::Made(Made::Whole(bytes)) = &output.body else {
        return None;
    };
    let html = std::str::from_utf8(bytes).ok()?;
    writer.read_page(&output.path, html)
}

/// Builds the index of `pages`, given in the order of their paths: the files of `pagefind/`.
pub fn render(writer: &Writer, pages: &[&Page]) -> Result<Vec<Output>, Diagnostic> {
    let files = writer
        .write(pages)
        .map_err(|error| Diagnostic::file_error("pagefind", error.to_string()))?;
    let outputs = files
        .into_iter()
        .map(|(path, bytes)| Output::bytes(format!("pagefind/{path}"), bytes));
    Ok(outputs.collect())
}
