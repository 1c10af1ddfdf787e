//! Links to a part of a page (`coffee.md#agenda`, `#agenda`): each must name an `id` that the
//! page has as rendered. The check runs on the rendered pages, because a page's ids come from
//! its template (a toolkit's resources, say) as well as from its headings and footnotes. Links
//! written as addresses that name no page of the hub's files (`/subjects/math/`) must lead to
//! a file the build publishes.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::escape::unescape_html;
use crate::markdown::FragmentLink;
use crate::outputs::cache::OutputCache;
use crate::outputs::{Body, Output, Sink};
use crate::site::Site;

/// Passes files on to `inner` and notes the ids of every page a link names a part of.
pub(super) struct Anchors<'a> {
    inner: &'a dyn Sink,
    /// The output paths of those pages (`events/coffee/index.html`).
    wanted: HashSet<String>,
    /// Their ids, by output path, as this render made them.
    found: Mutex<HashMap<String, HashSet<String>>>,
    /// Every output path this render made.
    published: Mutex<HashSet<String>>,
}

impl Sink for Anchors<'_> {
    fn put(&self, output: Output) -> Result<(), Diagnostic> {
        self.published
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(output.path.clone());
        if self.wanted.contains(&output.path)
            && let Body::Made(made) = &output.body
        {
            let ids = ids_in(&String::from_utf8_lossy(&made.to_vec()));
            self.found
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(output.path.clone(), ids);
        }
        self.inner.put(output)
    }
}

impl<'a> Anchors<'a> {
    /// A sink before `inner` that notes the ids of the pages `site`'s links name parts of.
    pub(super) fn new(site: &Site, inner: &'a dyn Sink) -> Anchors<'a> {
        Anchors {
            inner,
            wanted: checked_links(site).map(|(target, _)| target).collect(),
            found: Mutex::default(),
            published: Mutex::default(),
        }
    }

    /// An error for every link to a part its page does not have. A page this render did not
    /// make (an edit re-renders some pages only) is read from `last`, the render before.
    pub(super) fn broken(self, site: &Site, last: Option<&OutputCache>) -> Vec<Diagnostic> {
        let mut found = self
            .found
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let published = self
            .published
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let is_published = |path: &String| {
            published.contains(path) || last.is_some_and(|cache| cache.last_file(path).is_some())
        };
        let mut problems: Vec<Diagnostic> = address_links(site)
            .filter(|link| !site.draft_paths.contains(&link.page_url))
            .filter(|link| {
                let path = &link.page_url;
                let files = if path.is_empty() || path.ends_with('/') {
                    vec![format!("{path}index.html")]
                } else {
                    vec![path.clone(), format!("{path}/index.html")]
                };
                !files.iter().any(is_published)
            })
            .map(|link| missing_address(site, link))
            .collect();
        for (target, link) in checked_links(site) {
            if !found.contains_key(&target)
                && let Some(made) = last.and_then(|cache| cache.last_file(&target))
            {
                let ids = ids_in(&String::from_utf8_lossy(&made.to_vec()));
                found.insert(target.clone(), ids);
            }
            // A page not published (a draft) has no parts to check.
            let Some(ids) = found.get(&target) else {
                continue;
            };
            if !ids.contains(&link.fragment) {
                problems.push(missing_part(link, ids));
            }
        }
        problems
    }
}

/// The error for a link to a part `ids` does not hold.
fn missing_part(link: &FragmentLink, ids: &HashSet<String>) -> Diagnostic {
    let on = if link.page_url.is_empty() {
        "this page"
    } else {
        "the page it links to"
    };
    let candidates: Vec<&str> = ids.iter().map(String::as_str).collect();
    let help = match did_you_mean(&link.fragment, &candidates) {
        Some(close) => format!("write `#{close}`"),
        None => "a heading's anchor is its text in lower case, with hyphens for spaces: `## Where we meet` is `#where-we-meet`".to_string(),
    };
    Diagnostic {
        message: format!(
            "the link `{}` goes to `#{}`, but {on} has no heading or anchor named `{}`",
            link.written, link.fragment, link.fragment
        ),
        help: Some(help),
        ..link.place.clone()
    }
}

/// The error for a link to an address the build does not publish.
fn missing_address(site: &Site, link: &FragmentLink) -> Diagnostic {
    let paths: Vec<&str> = site
        .pages
        .iter()
        .map(|page| page.path.as_str())
        .chain(site.sections.values().map(|section| section.path.as_str()))
        .chain(site.taxonomies.iter().flat_map(|taxonomy| {
            std::iter::once(taxonomy.path.as_str())
                .chain(taxonomy.terms.iter().map(|term| term.path.as_str()))
        }))
        .collect();
    let wanted = link.page_url.trim_end_matches('/');
    let close = did_you_mean(&format!("{wanted}/"), &paths).or_else(|| {
        // A page written by its name alone, in another folder (`coffee-saturday`).
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        site.pages
            .iter()
            .find(|page| page.slug == name)
            .map(|page| page.path.as_str())
    });
    let page_file = |path: &str| {
        site.pages
            .iter()
            .find(|page| page.path == path)
            .map(|page| {
                page.file
                    .strip_prefix("content")
                    .unwrap_or(&page.file)
                    .display()
                    .to_string()
            })
    };
    let help = match close {
        Some(path) => match page_file(path) {
            Some(file) => format!("did you mean /{path}? Link to the page by its file, `@/{file}`, and convene writes its address"),
            None => format!("did you mean /{path}?"),
        },
        None => "link to a page by its file, such as `@/events/coffee.md` (from `content/`), or check the address".to_string(),
    };
    Diagnostic {
        // A relative link is told where it leads; an address written in full says it itself.
        message: if link.written.starts_with('/') || link.written.contains("://") {
            format!(
                "the link `{}` leads to an address this hub does not publish",
                link.written
            )
        } else {
            format!(
                "the link `{}` leads to /{}, which this hub does not publish",
                link.written, link.page_url
            )
        },
        help: Some(help),
        ..link.place.clone()
    }
}

/// Every link of the site written as an address that names no page of its files.
fn address_links(site: &Site) -> impl Iterator<Item = &FragmentLink> {
    site.pages
        .iter()
        .chain(&site.home)
        .flat_map(|page| &page.fragment_links)
        .chain(site.sections.values().flat_map(|s| &s.fragment_links))
        .filter(|link| link.address)
}

/// Every link of the site that names a part to check, with the output path of its page.
fn checked_links(site: &Site) -> impl Iterator<Item = (String, &FragmentLink)> {
    let base_path = site.lang.base_path();
    let pages = site
        .pages
        .iter()
        .chain(&site.home)
        .map(|page| (page.path.as_str(), &page.fragment_links));
    let sections = site
        .sections
        .values()
        .map(|section| (section.path.as_str(), &section.fragment_links));
    // hub.yaml's links (`menu`, `join`) always name their page.
    let hub_yaml = std::iter::once(("", &site.fragment_links));
    pages
        .chain(sections)
        .chain(hub_yaml)
        .flat_map(|(path, links)| links.iter().map(move |link| (path, link)))
        .filter(|(_, link)| {
            // An empty part or `#top` goes to the top of any page; an address is checked by
            // `address_links`.
            !link.address && !link.fragment.is_empty() && !link.fragment.eq_ignore_ascii_case("top")
        })
        .filter_map(move |(path, link)| {
            let site_path = match link.page_url.as_str() {
                "" => path,
                url => url.strip_prefix(base_path)?,
            };
            Some((format!("{site_path}index.html"), link))
        })
}

/// The ids an HTML page has: the `id` of every element, and the `name` of every `a`. Script
/// and style contents and comments are skipped.
fn ids_in(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 {
            continue;
        }
        let tag = rest[..name_len].to_ascii_lowercase();
        rest = &rest[name_len..];
        // Attributes, up to the end of the tag.
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let name_len = rest
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
                .unwrap_or(rest.len())
                .max(1);
            let attribute = rest[..name_len].to_ascii_lowercase();
            rest = rest[name_len..].trim_start();
            let value = match rest.strip_prefix('=') {
                None => None,
                Some(after) => {
                    let after = after.trim_start();
                    let (value, next) = match after.chars().next() {
                        Some(quote @ ('"' | '\'')) => {
                            let inner = &after[1..];
                            let end = inner.find(quote).unwrap_or(inner.len());
                            (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                        }
                        _ => {
                            let end = after
                                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                                .unwrap_or(after.len());
                            after.split_at(end)
                        }
                    };
                    rest = next;
                    Some(value)
                }
            };
            if let Some(value) = value
                && (attribute == "id" || (attribute == "name" && tag == "a"))
            {
                ids.insert(unescape_html(value));
            }
        }
        if matches!(tag.as_str(), "script" | "style") {
            // The first `</script` (or `</style`) in any case ends the element.
            let close = format!("</{tag}");
            let end = rest
                .as_bytes()
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
            rest = end.map_or("", |end| &rest[end..]);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_anchor_names() {
        let html = r#"<!doctype html><html><body id=top>
<h2 id="where-we-meet">Where</h2><a name='old-name'>x</a><span name="not-an-anchor"></span>
<!-- <p id="in-a-comment"> -->
<script type="application/ld+json">{"x": "<p id=\"in-script\">"}</script>
<div data-id="nope" class=a id = "spaced" hidden><p id="a&amp;b&#x2F;c">1 < 2</p>
<SCRIPT>document.write('<p id="in-upper-case-script">')</Script><p id="after">
"#;
        let ids = ids_in(html);
        let mut ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        ids.sort();
        assert_eq!(
            ids,
            [
                "a&b/c",
                "after",
                "old-name",
                "spaced",
                "top",
                "where-we-meet"
            ]
        );
    }
}
