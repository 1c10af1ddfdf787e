//! The search index: the pages of the site indexed in-process by Pagefind. The index and
//! Pagefind's browser files are written to `pagefind/`; searching needs no server. Pagefind
//! folds accents on both sides (`cesar` finds `César` and the other way round), for every
//! language.

use crate::diagnostic::Diagnostic;
use crate::outputs::{Body, Made, Output};

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
            let Body::Made(Made::Whole(bytes)) = &output.body else {
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
                .add_html_file(None, Some(url), html.to_string())
                .await
                .map_err(failed)?;
        }
        let files = index.get_files().await.map_err(failed)?;
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let inner = name
                    .rsplit_once("pagefind/")
                    .map(|(_, rest)| rest)
                    .unwrap_or(&name)
                    .to_string();
                // The theme has its own search page; Pagefind's ready-made interfaces are left out.
                let ready_made_ui = [
                    "pagefind-ui",
                    "pagefind-modular-ui",
                    "pagefind-component-ui",
                    "pagefind-highlight",
                ]
                .iter()
                .any(|ui| inner.starts_with(ui));
                (!ready_made_ui).then(|| Output::bytes(format!("pagefind/{inner}"), file.contents))
            })
            .collect())
    })
}
