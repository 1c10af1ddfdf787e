//! The search index convene writes holds what Pagefind's own indexer writes for the same pages:
//! the example hub, built, is indexed by both (each language), and every index file, unpacked,
//! must be the same byte for byte, under the same name. The `pagefind-writer` crate's own tests
//! (`crates/pagefind-writer/tests/parity.rs`) hold its hand-written pages and hard cases to the
//! same.

mod common;

use std::path::Path;

use convene::BuildOptions;
use pagefind_writer::parity::{Index, assert_same, index_files, pagefind_index};

/// What Pagefind's indexer makes of the HTML pages below `site` (in path order), leaving out
/// the folders in `skip`.
fn pagefind_index_of_site(site: &Path, skip: &[&str]) -> Index {
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
    pagefind_index(&pages)
}

/// convene's index in `folder`.
fn convene_index(folder: &Path) -> Index {
    index_files(
        common::tree(folder)
            .into_iter()
            .map(|(path, bytes)| (path.replace('\\', "/"), bytes)),
    )
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
    let english = pagefind_index_of_site(&output, &["es/"]);
    assert_same(&convene_index(&output.join("pagefind")), &english);
    let spanish = pagefind_index_of_site(&output.join("es"), &[]);
    assert_same(&convene_index(&output.join("es/pagefind")), &spanish);
}
