//! Pagefind's browser files: its script, worker and WebAssembly, which search the index in the
//! reader's browser. They are the one part of the `pagefind/` folder taken from the Pagefind
//! crate.

/// Pagefind's browser files for one language.
pub struct BrowserFiles {
    /// Pagefind's version, which the browser script checks the index against.
    pub version: String,
    /// The script, its worker and the generic WebAssembly, by name.
    pub common: Vec<(String, Vec<u8>)>,
    /// The WebAssembly with the language's stemmer, if Pagefind has one.
    pub wasm: Option<Vec<u8>>,
}

impl BrowserFiles {
    /// The browser files for `language`, taken from the Pagefind crate, which makes them with an
    /// index (here of one word) and minifies its script on the way. The error says why not.
    pub fn make(language: &str) -> Result<BrowserFiles, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|error| error.to_string())?;
        let lang = match language {
            "unknown" => String::new(),
            code => format!(" lang=\"{}\"", code.replace(['"', '<', '>', '&'], "")),
        };
        let made = runtime.block_on(async {
            let mut index = pagefind::api::PagefindIndex::new(None)?;
            let html = format!("<html{lang}><body>convene</body></html>");
            index.add_html_file(None, Some("/".into()), html).await?;
            index.get_files().await
        });
        let made = made.map_err(|error| error.to_string())?;
        let mut files = BrowserFiles {
            version: String::new(),
            common: Vec::new(),
            wasm: None,
        };
        for file in made {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let file = (name, file.contents);
            match file.0.as_str() {
                "pagefind.js" | "pagefind-worker.js" | "wasm.unknown.pagefind" => {
                    files.common.push(file)
                }
                "pagefind-entry.json" => {
                    let entry: serde_json::Value =
                        serde_json::from_slice(&file.1).unwrap_or_default();
                    files.version = entry["version"].as_str().unwrap_or_default().to_string();
                }
                name if name == format!("wasm.{language}.pagefind") => files.wasm = Some(file.1),
                _ => {}
            }
        }
        Ok(files)
    }
}
