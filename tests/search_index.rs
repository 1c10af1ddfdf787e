//! The search index convene writes holds what Pagefind's own indexer writes for the same pages:
//! the example hub (both languages) and a page of hard cases are indexed by both, and every
//! index file, unpacked, must be the same byte for byte, under the same name.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::Hub;
use convene::BuildOptions;

/// The unpacked files of a `pagefind/` folder (or of Pagefind's own output), by name: the index
/// files and `pagefind-entry.json`.
fn index_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .filter(|(name, _)| name.contains(".pf_") || name == "pagefind-entry.json")
        .map(|(name, bytes)| {
            let content = if name.ends_with(".json") {
                bytes
            } else {
                let mut unpacked = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut unpacked)
                    .unwrap_or_else(|e| panic!("{name} is not gzip: {e}"));
                assert!(
                    unpacked.starts_with(b"pagefind_dcd"),
                    "{name} lacks the signature"
                );
                unpacked
            };
            (name, content)
        })
        .collect()
}

/// What Pagefind's indexer makes of the HTML pages below `site` (in path order), leaving out
/// the folders in `skip`.
fn pagefind_index(site: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let pages: Vec<(String, String)> = common::tree(site)
        .into_iter()
        .map(|(path, bytes)| (path.replace('\\', "/"), bytes))
        .filter(|(path, _)| path.ends_with(".html") && !skip.iter().any(|s| path.starts_with(s)))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .filter(|(_, html)| html.contains("data-pagefind-body"))
        .collect();
    let pages: Vec<(&str, &str)> = pages
        .iter()
        .map(|(p, h)| (p.as_str(), h.as_str()))
        .collect();
    pagefind_index_of(&pages)
}

/// Pagefind's index of `pages` (path and HTML), given in path order.
fn pagefind_index_of(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let files = runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None).unwrap();
        for (path, html) in pages {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            index
                .add_html_file(None, Some(url), html.to_string())
                .await
                .unwrap();
        }
        index.get_files().await.unwrap()
    });
    index_files(files.into_iter().map(|file| {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        (name, file.contents)
    }))
}

/// convene's index in `folder`.
fn convene_index(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    index_files(
        common::tree(folder)
            .into_iter()
            .map(|(path, bytes)| (path.replace('\\', "/"), bytes)),
    )
}

/// Asserts that two indexes have the same files with the same bytes. With `DUMP` set in the
/// environment, prints both sides' fragments first (a fragment named differently differs).
fn assert_same(convene: &BTreeMap<String, Vec<u8>>, pagefind: &BTreeMap<String, Vec<u8>>) {
    if std::env::var_os("DUMP").is_some() {
        for (side, index) in [("convene", convene), ("pagefind", pagefind)] {
            for (name, bytes) in index.iter().filter(|(n, _)| n.contains("fragment")) {
                eprintln!("{side} {name} {}", String::from_utf8_lossy(bytes));
            }
        }
    }
    let names = |index: &BTreeMap<String, Vec<u8>>| index.keys().cloned().collect::<Vec<_>>();
    assert!(
        convene.len() > 3,
        "too few files to compare: {:?}",
        names(convene)
    );
    for (name, bytes) in pagefind {
        let ours = convene
            .get(name)
            .unwrap_or_else(|| panic!("convene lacks {name}; it has {:?}", names(convene)));
        if ours != bytes {
            panic!(
                "{name} differs:\nconvene:  {}\npagefind: {}",
                String::from_utf8_lossy(ours),
                String::from_utf8_lossy(bytes)
            );
        }
    }
    assert_eq!(names(convene), names(pagefind));
}

#[test]
fn the_example_hub_is_indexed_as_pagefind_indexes_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    convene::build(&BuildOptions {
        source: Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        output: Some(output.clone()),
        now: Some(common::NOW.parse().unwrap()),
        ..Default::default()
    })
    .unwrap();
    let english = pagefind_index(&output, &["es/"]);
    assert_same(&convene_index(&output.join("pagefind")), &english);
    let spanish = pagefind_index(&output.join("es"), &[]);
    assert_same(&convene_index(&output.join("es/pagefind")), &spanish);
}

#[test]
fn hard_cases_are_indexed_as_pagefind_indexes_them() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/about.md",
        "---\ntitle: Edge cases for the índex\n---\n\
         # A heading with a [link](https://example.org) {#own-id}\n\n\
         Café, CAFÉ and cafe; K-12 and GitHub; `sysconfig.is_python_build`; 🎉 party!\n\n\
         Quotes \"like this\" and 'this' (and brackets) end sentences\n\n\
         | a | b |\n|---|---|\n| cell one | cell two |\n\n\
         Line one  \nline two with a break, <b>bold</b> & more &amp; &lt;tags&gt;\n\n\
         ## Second heading\n\n### Third\n\nバンド and ハンド, Ωμέγα, naïve coöperation.\n\n\
         <div data-pagefind-weight=\"3\">weighted words</div>\n\n\
         <span data-pagefind-ignore>ignored words</span>\n",
    );
    hub.build().unwrap();
    let output = hub.root.join("public");
    let convene = convene_index(&output.join("pagefind"));
    let text = |bytes: &Vec<u8>| String::from_utf8_lossy(bytes).into_owned();
    assert!(
        convene
            .values()
            .map(text)
            .any(|t| t.contains("naïve coöperation")),
        "the page with the hard cases is not in the index"
    );
    assert_same(&convene, &pagefind_index(&output, &[]));
}

#[test]
fn every_pagefind_attribute_is_read_as_pagefind_reads_it() {
    let pages = [
        (
            "a/index.html",
            r#"<!doctype html><html lang="en"><head><title>Page A &amp; more</title>
<style>.x { color: red }</style><script>var a = "<p>not text</p>";</script></head>
<body><nav>Menu words</nav>
<main data-pagefind-body data-pagefind-default-meta="kind:page">
<h1 id="top">The <em id="inner">first</em> heading</h1>
<p>Text with a<br>break, an &lt;entity&gt; and <a href="/x/">a link</a></p>
<img src="/a.png" alt="A picture">
<div data-pagefind-weight="3.5">Weighted words here</div>
<div data-pagefind-weight="0">Words of no weight</div>
<section data-pagefind-ignore>Ignored section, <span data-pagefind-filter="kept">still a filter</span></section>
<section data-pagefind-ignore="all">Excluded <span data-pagefind-filter="gone">not a filter</span></section>
<p data-pagefind-filter="topic">Science</p>
<p data-pagefind-filter="topic:Math, level:High">literal filters</p>
<time data-pagefind-sort="date[datetime]" datetime="2026-05-01">May</time>
<span data-pagefind-sort="rank:7"></span>
<span data-pagefind-meta="summary[data-summary]" data-summary="A summary"></span>
<h2 id="second" data-pagefind-title="Custom title">Second   heading</h2>
<input data-pagefind-index-attrs="title,placeholder" title="Field title" placeholder="typed">
<svg><title>icon</title><path d="M0"/></svg>
<form><label>Form label</label></form>
<table><tr><td>cell one</td><td>cell two</td></tr></table>
<ul><li>Item one<li>Item two</ul>
<p>Energy is mc²</p></span>
<span data-pagefind-meta="extra[Data-Extra]" data-extra="An extra field"></span>
<p>Café, naïve, K-12, GitHub, sysconfig.is_python_build, emoji 🎉, ＿wide＿</p>
</main><footer>Footer words</footer></body></html>"#,
        ),
        (
            "b/index.html",
            r#"<html lang="en"><body><article data-pagefind-body>
<h3>Only a third-level heading</h3><p>Second page, with Science too.</p>
<span data-pagefind-sort="rank:12"></span><span data-pagefind-sort="date:2025-01-01"></span>
<p data-pagefind-filter="topic">Art</p></article></body></html>"#,
        ),
        (
            "c/index.html",
            r#"<html><body><div data-pagefind-body><p>A page of unknown language joins English.</p>
</div></body></html>"#,
        ),
        (
            "d/index.html",
            r#"<html lang="en"><body><p>No body here, so this page is left out.</p></body></html>"#,
        ),
        (
            "e/index.html",
            r#"<html lang="en"><head><title>Only a title</title></head><body>
<div data-pagefind-body><img src="/e.png" alt=""></div></body></html>"#,
        ),
        (
            "es/index.html",
            r#"<html lang="es"><body><main data-pagefind-body><h1>Página en español</h1>
<p>Matemáticas y ciencias para docentes.</p></main></body></html>"#,
        ),
    ];
    let outputs: Vec<convene::outputs::Output> = pages
        .iter()
        .map(|(path, html)| convene::outputs::Output::bytes(*path, html.as_bytes().to_vec()))
        .collect();
    let read = outputs
        .iter()
        .filter_map(convene::outputs::search::read)
        .collect();
    let convene = index_files(
        convene::outputs::search::render(&Default::default(), read)
            .unwrap()
            .into_iter()
            .map(|output| {
                let convene::outputs::Body::Made(made) = output.body else {
                    panic!("{} is not made in memory", output.path);
                };
                let bytes: Vec<u8> = made.chunks().flatten().copied().collect();
                (
                    output.path.trim_start_matches("pagefind/").to_string(),
                    bytes,
                )
            }),
    );
    assert_same(&convene, &pagefind_index_of(&pages));
}
