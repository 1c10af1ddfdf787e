//! What the parity tests compare (with the feature `parity`): Pagefind's own index of some
//! pages, the index files of a `pagefind/` folder unpacked, and an assertion that two indexes
//! hold the same files byte for byte. Used by this crate's tests and by convene's test of a
//! whole built hub.

use std::collections::BTreeMap;
use std::io::Read;

/// An index by file name, each index file unpacked: the `.pf_*` files and
/// `pagefind-entry.json`.
pub type Index = BTreeMap<String, Vec<u8>>;

/// The index files among `files` (name inside `pagefind/` and bytes), unpacked. Panics on a
/// file that is not gzip or lacks Pagefind's signature.
pub fn index_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Index {
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

/// Pagefind's own index of `pages` (path in the site and HTML), given in path order.
pub fn pagefind_index(pages: &[(&str, &str)]) -> Index {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime for Pagefind's API");
    let files = runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None).expect("Pagefind's indexer");
        for (path, html) in pages {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            index
                .add_html_file(None, Some(url), html.to_string())
                .await
                .expect("Pagefind reads the page");
        }
        index.get_files().await.expect("Pagefind writes the index")
    });
    index_files(files.into_iter().map(|file| {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        (name, file.contents)
    }))
}

/// Asserts that `ours` has the same files with the same bytes as `pagefind`. With `DUMP` set in
/// the environment, prints both sides' fragments first (a fragment named differently differs).
pub fn assert_same(ours: &Index, pagefind: &Index) {
    if std::env::var_os("DUMP").is_some() {
        for (side, index) in [("ours", ours), ("pagefind", pagefind)] {
            for (name, bytes) in index.iter().filter(|(n, _)| n.contains("fragment")) {
                eprintln!("{side} {name} {}", String::from_utf8_lossy(bytes));
            }
        }
    }
    let names = |index: &Index| index.keys().cloned().collect::<Vec<_>>();
    assert!(
        ours.len() > 3,
        "too few files to compare: {:?}",
        names(ours)
    );
    for (name, bytes) in pagefind {
        let mine = ours
            .get(name)
            .unwrap_or_else(|| panic!("ours lacks {name}; it has {:?}", names(ours)));
        if mine != bytes {
            panic!(
                "{name} differs:\nours:     {}\npagefind: {}",
                String::from_utf8_lossy(mine),
                String::from_utf8_lossy(bytes)
            );
        }
    }
    assert_eq!(names(ours), names(pagefind));
}
