//! The index this crate writes holds what Pagefind's own indexer writes for the same pages:
//! hand-written pages that use every `data-pagefind-*` attribute (in English, in Spanish and
//! with no language), and a page of hard cases as convene renders it, are indexed by both, and
//! every index file, unpacked, must be the same byte for byte, under the same name.

use pagefind_writer::Writer;
use pagefind_writer::parity::{Index, assert_same, index_files, pagefind_index};

/// This crate's index of `pages`, given in path order.
fn our_index(writer: &Writer, pages: &[(&str, &str)]) -> Index {
    let read: Vec<_> = pages
        .iter()
        .filter_map(|(path, html)| writer.read_page(path, html))
        .collect();
    index_files(writer.write(&read.iter().collect::<Vec<_>>()).unwrap())
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
    let ours = our_index(&Writer::new(), &pages);
    assert_same(&ours, &pagefind_index(&pages));
}

/// A page of hard cases as convene renders it (from Markdown, in its default theme, which keeps
/// its header, navigation and footer out of the body): accents, compounds (`K-12`, `GitHub`), a
/// dotted name, emoji, curly quotes, a table, a line break, entities, kana and Greek.
const HARD_CASES: &str = include_str!("pages/hard-cases.html");

#[test]
fn hard_cases_are_indexed_as_pagefind_indexes_them() {
    let pages = [("about/index.html", HARD_CASES)];
    let ours = our_index(&Writer::new(), &pages);
    let text = |bytes: &Vec<u8>| String::from_utf8_lossy(bytes).into_owned();
    assert!(
        ours.values()
            .map(text)
            .any(|t| t.contains("naïve coöperation")),
        "the page with the hard cases is not in the index"
    );
    assert_same(&ours, &pagefind_index(&pages));
}

#[test]
fn a_writer_gives_the_same_files_every_time() {
    let pages = [
        (
            "en/index.html",
            r#"<html lang="en"><body><main data-pagefind-body>
<h1>Coaching circles</h1><p>Teachers coach teachers.</p></main></body></html>"#,
        ),
        (
            "es/index.html",
            r#"<html lang="es"><body><main data-pagefind-body>
<h1>Círculos</h1><p>Docentes con docentes.</p></main></body></html>"#,
        ),
    ];
    let writer = Writer::new();
    let read: Vec<_> = pages
        .iter()
        .filter_map(|(path, html)| writer.read_page(path, html))
        .collect();
    let read: Vec<_> = read.iter().collect();
    let first = writer.write(&read).unwrap();
    assert_eq!(writer.write(&read).unwrap(), first);
    assert_eq!(Writer::new().write(&read).unwrap(), first);
    let names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
    for name in [
        "pagefind-entry.json",
        "pagefind.js",
        "pagefind-worker.js",
        "wasm.en.pagefind",
        "wasm.es.pagefind",
    ] {
        assert!(names.contains(&name), "{name} is missing from {names:?}");
    }
    assert_same(&index_files(first), &pagefind_index(&pages));
}

#[test]
fn an_index_of_no_pages_has_the_browser_files() {
    let files = Writer::new().write(&[]).unwrap();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for name in [
        "pagefind-entry.json",
        "pagefind.js",
        "pagefind-worker.js",
        "wasm.unknown.pagefind",
    ] {
        assert!(names.contains(&name), "{name} is missing from {names:?}");
    }
}
