//! The search index convene writes holds what Pagefind's own indexer writes for the same pages:
//! the example hub, built, is indexed by both (each language), and every index file, unpacked,
//! must be the same byte for byte, under the same name. The `pagefind-writer` crate's own tests
//! (`crates/pagefind-writer/tests/parity.rs`) hold its hand-written pages and hard cases to the
//! same.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

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
