//! The search index: the pages of the site indexed in-process by Pagefind. The index and
//! Pagefind's browser files are written to `pagefind/`; searching needs no server.

use deunicode::deunicode;

use crate::diagnostic::Diagnostic;
use crate::markdown::html_to_text;
use crate::outputs::{Body, Output};

/// Indexes every HTML output that marks its content with `data-pagefind-body`.
pub fn render(pages: &[Output]) -> Result<Vec<Output>, Diagnostic> {
    let failed = |error: anyhow::Error| {
        Diagnostic::file_error(
            "pagefind",
            format!("the search index could not be built: {error}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(e.into()))?;
    runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None).map_err(failed)?;
        for output in pages.iter().filter(|o| o.path.ends_with(".html")) {
            let Body::Bytes(bytes) = &output.body else {
                continue;
            };
            let Ok(html) = std::str::from_utf8(bytes) else {
                continue;
            };
            if !html.contains("data-pagefind-body") {
                continue;
            }
            // Pagefind puts the path it is served from (the base path) in front of this.
            let url = format!("/{}", output.path.trim_end_matches("index.html"));
            index
                .add_html_file(None, Some(url), with_folded_words(html))
                .await
                .map_err(failed)?;
        }
        let files = index.get_files().await.map_err(failed)?;
        Ok(files
            .into_iter()
            .map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let inner = name
                    .rsplit_once("pagefind/")
                    .map(|(_, rest)| rest)
                    .unwrap_or(&name)
                    .to_string();
                Output::bytes(format!("pagefind/{inner}"), file.contents)
            })
            .collect())
    })
}

/// The page as given to the index: the accented words of its text are added in folded form
/// (`César` also as `cesar`), so that a search without accents finds them. The published page
/// is not changed.
fn with_folded_words(html: &str) -> String {
    let mut folded: Vec<String> = html_to_text(html)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_ascii())
        .map(|word| deunicode(word).to_lowercase())
        .filter(|word| !word.is_empty())
        .collect();
    folded.sort();
    folded.dedup();
    if folded.is_empty() {
        return html.to_string();
    }
    let Some(body) = html.find("data-pagefind-body") else {
        return html.to_string();
    };
    let Some(close) = html[body..].find('>') else {
        return html.to_string();
    };
    let at = body + close + 1;
    format!(
        "{}<p data-pagefind-weight=\"0.5\">{}</p>{}",
        &html[..at],
        folded.join(" "),
        &html[at..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_words_are_added_folded_inside_the_indexed_body() {
        let html = "<html><main data-pagefind-body><h1>César Ibáñez</h1><p>Matemáticas y más</p></main></html>";
        let indexed = with_folded_words(html);
        assert!(indexed.contains("<main data-pagefind-body><p data-pagefind-weight=\"0.5\">cesar ibanez mas matematicas</p><h1>"), "{indexed}");
        assert_eq!(
            with_folded_words("<main data-pagefind-body>plain</main>"),
            "<main data-pagefind-body>plain</main>"
        );
    }
}
