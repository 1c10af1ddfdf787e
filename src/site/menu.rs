//! The menu and the "Join us" link as one language's site shows them: hub.yaml's `menu` and
//! `join` resolved to the site's addresses and words, or, without a `menu`, the sections
//! (people, events, toolkits and news first) and then the pages at the top of `content/`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::{Page, Section};
use crate::config::{Config, HubLink, LinkTo};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::languages::Lang;
use crate::markdown::{FragmentLink, LinkTargets, page_files};

/// The sections the menu every hub has names first, in this order.
const FIRST_SECTIONS: [&str; 4] = ["profiles", "events", "toolkits", "posts"];

/// An entry of the menu, or the "Join us" link: its words and where it leads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuItem {
    /// The words shown.
    pub title: String,
    /// Where it leads.
    pub url: String,
}

/// hub.yaml's `menu` and `join` with the address each leads to in one language's site, found
/// before the site's pages are linked; their words come once they are ([`Addressed::titled`]).
pub(super) struct Addressed<'a> {
    menu: Option<Vec<(&'a HubLink, String)>>,
    join: Option<(&'a HubLink, String)>,
    /// The links to a part of a page (`@/about.md#how-to-join`), checked once the pages are
    /// rendered.
    parts: Vec<FragmentLink>,
}

impl<'a> Addressed<'a> {
    /// The address of every link of `config`'s `menu` and `join` among `targets` (each file
    /// of the hub and the address it has in this site), and the problem of each that names
    /// no section or page of the hub, told at its line of hub.yaml.
    pub(super) fn new(
        config: &'a Config,
        targets: &LinkTargets,
    ) -> (Addressed<'a>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut parts = Vec::new();
        let mut address = |link: &'a HubLink| match address(link, targets) {
            Ok(url) => match &link.to {
                LinkTo::Page {
                    file,
                    part: Some(part),
                } => {
                    parts.push(FragmentLink {
                        page_url: url.clone(),
                        fragment: part.clone(),
                        written: format!("{}#{part}", written(file)),
                        place: link.place.error(""),
                        address: false,
                    });
                    Some((link, format!("{url}#{part}")))
                }
                _ => Some((link, url)),
            },
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let menu = config
            .menu
            .as_ref()
            .map(|links| links.iter().filter_map(&mut address).collect());
        let join = config.join.as_ref().and_then(&mut address);
        (Addressed { menu, join, parts }, problems)
    }

    /// The menu and the "Join us" link of the site in `lang`, with their words: a link's
    /// `label` in this language, else the title of the section or page it leads to (the theme's
    /// "Join us" for `join`). An entry that leads to a page not published (a draft) is left out
    /// until it is. Then the links to a part of a page, to be checked once it is rendered.
    pub(super) fn titled(
        self,
        lang: &Lang,
        pages: &[Box<Page>],
        sections: &BTreeMap<String, Section>,
        home: Option<&Page>,
    ) -> (Vec<MenuItem>, Option<MenuItem>, Vec<FragmentLink>) {
        let titles: HashMap<&str, &str> = pages
            .iter()
            .map(|page| (page.url.as_str(), page.title.as_str()))
            .chain(
                sections
                    .values()
                    .map(|s| (s.url.as_str(), s.title.as_str())),
            )
            .chain(home.map(|home| (home.url.as_str(), home.title.as_str())))
            .collect();
        let label = |link: &HubLink| {
            link.label
                .as_ref()
                .map(|label| label.get(&lang.code).to_string())
        };
        let menu = match self.menu {
            Some(links) => links
                .into_iter()
                .filter_map(|(link, url)| {
                    let page = url.split('#').next().unwrap_or(&url);
                    let title = label(link).or_else(|| titles.get(page).map(|t| t.to_string()))?;
                    Some(MenuItem { title, url })
                })
                .collect(),
            None => every_hubs_menu(pages, sections),
        };
        let join = self.join.map(|(link, url)| MenuItem {
            title: label(link).unwrap_or_else(|| lang.words.text("join_us").to_string()),
            url,
        });
        (menu, join, self.parts)
    }
}

/// The menu of a hub whose hub.yaml has none: the sections (people, events, toolkits and news
/// first, then the others by name), then the pages at the top of `content/` by title.
fn every_hubs_menu(pages: &[Box<Page>], sections: &BTreeMap<String, Section>) -> Vec<MenuItem> {
    let first = FIRST_SECTIONS.iter().filter_map(|name| sections.get(*name));
    let others = sections
        .values()
        .filter(|s| !FIRST_SECTIONS.contains(&s.name.as_str()));
    let mut top_pages: Vec<&Page> = pages
        .iter()
        .filter(|p| p.section.is_empty())
        .map(|p| &**p)
        .collect();
    top_pages.sort_by(|a, b| a.title.cmp(&b.title));
    first
        .chain(others)
        .map(|s| MenuItem {
            title: s.title.clone(),
            url: s.url.clone(),
        })
        .chain(top_pages.into_iter().map(|p| MenuItem {
            title: p.title.clone(),
            url: p.url.clone(),
        }))
        .collect()
}

/// A page's file as hub.yaml names it: `content/about.md` is `@/about.md`.
fn written(file: &Path) -> String {
    let within = file.strip_prefix("content").unwrap_or(file);
    format!("@/{}", within.to_string_lossy().replace('\\', "/"))
}

/// The address `link` leads to in the site whose files have the addresses `targets` (without
/// the part of the page it names, if any), or the problem of a link that names no section or page of the hub, with the closest that exists.
fn address(link: &HubLink, targets: &LinkTargets) -> Result<String, Diagnostic> {
    let content = Path::new("content");
    let page = |file: &Path| {
        page_files(file)
            .iter()
            .find_map(|f| targets.get(f))
            .cloned()
    };
    match &link.to {
        LinkTo::Address(url) => Ok(url.clone()),
        LinkTo::Section(name) => {
            if let Some(url) = targets.get(&content.join(name).join("_index.md")) {
                return Ok(url.clone());
            }
            let problem = link
                .place
                .error(format!("`{name}` is not a section of the hub"));
            let sections: Vec<&str> = targets
                .keys()
                .filter(|file| file.file_name().is_some_and(|f| f == "_index.md"))
                .filter_map(|file| file.parent()?.strip_prefix(content).ok()?.to_str())
                .filter(|section| !section.is_empty())
                .collect();
            let mut sections = sections;
            sections.sort_unstable();
            Err(if page(&content.join(format!("{name}.md"))).is_some() {
                problem.with_help(format!(
                    "a page is named by its file, in quotes: `\"@/{name}.md\"`"
                ))
            } else if let Some(close) = did_you_mean(name, &sections) {
                problem.with_help(format!("did you mean `{close}`?"))
            } else {
                problem.with_help(format!(
                    "write a section's folder name ({}), or a page's file after `@/`, in quotes, such as `\"@/about.md\"`",
                    sections.join(", ")
                ))
            })
        }
        LinkTo::Page { file, .. } => {
            if let Some(url) = page(file) {
                return Ok(url);
            }
            let problem = link
                .place
                .error(format!("`{}` is not a page of the hub", written(file)));
            let mut files: Vec<String> = targets
                .keys()
                .filter(|f| f.starts_with(content) && f.extension().is_some_and(|e| e == "md"))
                .map(|f| written(f))
                .collect();
            files.sort_unstable();
            let names: Vec<&str> = files.iter().map(String::as_str).collect();
            Err(match did_you_mean(&written(file), &names) {
                Some(close) => problem.with_help(format!("did you mean `\"{close}\"`?")),
                None => problem.with_help(
                    "write the file of a page under content/ after `@/`, in quotes, such as `\"@/about.md\"`",
                ),
            })
        }
    }
}
