//! Outputs: one module per kind of file a build writes. Each reads the `Site` and returns the
//! files it makes; nothing here touches the output folder (that is `write`'s job).

pub mod calendars;
pub mod feeds;
pub mod html;
pub mod json_ld;
pub mod search;
pub mod sitemap;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::markdown::HIGHLIGHT_CLASS_STYLE;
use crate::site::Site;
use crate::theme::{StaticFile, Theme};

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Body {
    /// Bytes made by the build (shared with the render cache of `convene serve`).
    Bytes(Arc<Vec<u8>>),
    /// Bytes embedded in the binary (the default theme's static files).
    Embedded(&'static [u8]),
    /// A file of the hub copied as it is (absolute path).
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path inside the output folder, with forward slashes (`events/coffee/index.html`).
    pub path: String,
    /// Its content.
    pub body: Body,
}

impl Output {
    /// A file made by the build.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Output {
        Output::shared(path, Arc::new(bytes.into()))
    }

    /// A file made by an earlier render, shared.
    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> Output {
        Output {
            path: path.into(),
            body: Body::Bytes(bytes),
        }
    }
}

/// Every file of the site, sorted by path. Two outputs claiming one path is an error.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    root: &std::path::Path,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let mut outputs = render_site(site, theme, root, None)?;
    if site.config.search {
        let index = search::render(&outputs).map_err(|problem| vec![problem])?;
        outputs.extend(index);
        outputs.par_sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(outputs)
}

/// Every file of the site except the search index, sorted by path. With a `cache`, the HTML
/// pages whose values did not change since the render it holds are taken from it.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    root: &std::path::Path,
    cache: Option<&mut html::RenderCache>,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let (html, feeds) = rayon::join(|| html::render(site, theme, cache), || feeds::render(site));
    let mut outputs = html?;
    outputs.extend(feeds);
    outputs.extend(sitemap::render(site));
    outputs.extend(calendars::render(site));
    outputs.push(Output::bytes("highlight.css", highlight_css()));
    for (path, file) in &theme.static_files {
        let body = match file {
            StaticFile::Embedded(bytes) => Body::Embedded(bytes),
            StaticFile::OnDisk(file) => Body::Copy(root.join(file)),
        };
        outputs.push(Output {
            path: path.clone(),
            body,
        });
    }
    let assets = site
        .assets
        .iter()
        .chain(site.pages.iter().flat_map(|p| p.assets.iter()));
    outputs.extend(assets.map(|asset| Output {
        path: asset.output_path.clone(),
        body: Body::Copy(root.join(&asset.file)),
    }));
    outputs.par_sort_by(|a, b| a.path.cmp(&b.path));

    let mut problems = Vec::new();
    for pair in outputs.windows(2) {
        if pair[0].path == pair[1].path {
            let origin = |o: &Output| match &o.body {
                Body::Copy(path) => path.display().to_string(),
                _ => "a page convene makes".to_string(),
            };
            problems.push(
                Diagnostic::file_error(
                    pair[1].path.clone(),
                    format!(
                        "two files would be published at /{}: {} and {}",
                        pair[0].path,
                        origin(&pair[0]),
                        origin(&pair[1])
                    ),
                )
                .with_help("rename or move one of them"),
            );
        }
    }
    if problems.is_empty() {
        Ok(outputs)
    } else {
        Err(problems)
    }
}

/// CSS for highlighted code: a light theme, and a dark one for readers who prefer dark.
fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|theme| {
                syntect::html::css_for_theme_with_class_style(theme, HIGHLIGHT_CLASS_STYLE).ok()
            })
            .unwrap_or_default()
    };
    format!(
        "/* Code highlighting: light */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css("InspiredGitHub"),
        css("base16-ocean.dark")
    )
}
