//! A hub published under a sub-path (`https://example.org/network/hub/`): every address the
//! example hub's outputs hold that points into the site starts with the sub-path, in pages,
//! JSON-LD, feeds, OPML, the sitemap, robots.txt and calendars.

mod common;

use std::fs;
use std::path::Path;

use common::html::start_tags;

/// The address the hub is published at in this test.
const BASE: &str = "https://example.org/network/hub/";
/// Its path.
const BASE_PATH: &str = "/network/hub/";

/// Why `url`, found in `file`, does not point into the site under the sub-path; `None` when it
/// does, or when it points elsewhere (another host, a part of the same page, an e-mail).
fn outside_the_sub_path(url: &str) -> Option<String> {
    let url = url.trim();
    let internal = if url.starts_with("//") {
        url.starts_with("//example.org/")
    } else if url.starts_with('/') {
        true
    } else if let Some(rest) = url.split_once("://").map(|(_, rest)| rest) {
        rest.starts_with("example.org/") || rest == "example.org"
    } else {
        // A relative path would go somewhere else on every page it is on.
        let harmless = url.is_empty()
            || url.starts_with('#')
            || url.starts_with('?')
            || ["mailto:", "tel:", "data:"]
                .iter()
                .any(|s| url.starts_with(s));
        return (!harmless).then(|| format!("a relative address `{url}`"));
    };
    // Any scheme (`webcal://` for calendars) with the host and the sub-path.
    let good = url.starts_with(BASE_PATH)
        || url
            .split_once("//")
            .is_some_and(|(_, rest)| rest.starts_with(&format!("example.org{BASE_PATH}")));
    (internal && !good).then(|| format!("`{url}` is outside {BASE_PATH}"))
}

/// Every address an HTML document holds in its attributes, JSON-LD included.
fn html_addresses(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        for (name, value) in &tag.attributes {
            match name.as_str() {
                "href" | "src" | "action" | "poster" | "data" => found.push(value.clone()),
                "srcset" => found.extend(
                    value
                        .split(',')
                        .filter_map(|s| s.split_whitespace().next().map(str::to_string)),
                ),
                "content" if value.contains("url=") => {
                    found.push(value.split("url=").nth(1).unwrap_or("").to_string())
                }
                "content" if value.starts_with("http") => found.push(value.clone()),
                _ => {}
            }
        }
        if tag.name == "script" && !tag.raw_text.trim().is_empty() {
            let json: serde_json::Value = serde_json::from_str(&tag.raw_text).unwrap();
            json_strings(&json, &mut found);
        }
    }
    found
}

/// The strings of a JSON value that look like addresses.
fn json_strings(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if s.starts_with("http") || s.starts_with('/') => {
            found.push(s.clone())
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, found)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, found)),
        _ => {}
    }
}

/// Every address an XML document (a feed, OPML, the sitemap) holds, in attributes and text, and
/// in the HTML its feed items carry.
fn xml_addresses(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).unwrap();
    let mut found = Vec::new();
    for node in document.descendants() {
        for attribute in node.attributes() {
            if attribute.value().starts_with("http") || attribute.value().starts_with('/') {
                found.push(attribute.value().to_string());
            }
        }
        if let Some(text) = node.text().filter(|_| node.is_element()) {
            if node.tag_name().name() == "encoded" || text.trim_start().starts_with('<') {
                found.extend(html_addresses(text));
            } else if text.trim().starts_with("http") {
                found.push(text.trim().to_string());
            }
        }
    }
    found
}

#[test]
fn every_address_into_the_site_starts_with_the_sub_path() {
    let output = tempfile::tempdir().unwrap();
    let options = convene::BuildOptions {
        source: Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        output: Some(output.path().join("public")),
        base_url: Some(BASE.to_string()),
        now: Some(common::NOW.parse().unwrap()),
        ..Default::default()
    };
    convene::build(&options).unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in common::walk(&output.path().join("public")) {
        let name = file
            .strip_prefix(output.path())
            .unwrap()
            .display()
            .to_string();
        if name.contains("/pagefind/") {
            continue; // Pagefind's own files, found relative to its script.
        }
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let addresses = match file.extension().and_then(|e| e.to_str()) {
            Some("html") => html_addresses(&text),
            Some("xml") => xml_addresses(&text),
            Some("ics") => text
                .replace("\r\n ", "")
                .lines()
                .filter_map(|line| line.strip_prefix("URL:").map(str::to_string))
                .collect(),
            Some("txt") => text
                .split_whitespace()
                .filter(|word| word.starts_with("http"))
                .map(str::to_string)
                .collect(),
            _ => continue,
        };
        checked += addresses.len();
        problems.extend(
            addresses
                .iter()
                .filter_map(|url| outside_the_sub_path(url))
                .map(|why| format!("{name}: {why}")),
        );
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} addresses wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 1000, "only {checked} addresses were found");
}
