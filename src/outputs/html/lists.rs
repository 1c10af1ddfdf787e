//! The list pages: each section's list and each term's page, split into pages of hub.yaml's
//! `per_page` ([`paging`]). Every page of a list is a target of its own, made from the versions
//! of the pages it shows, so that `convene serve` makes again exactly the list pages an edit
//! reaches, and a page that moves to another list page changes both.

use std::sync::OnceLock;

use serde::Serialize;
use tera::Value;

use super::{Job, Refs, kind_heading, split_events};
use crate::outputs::paging::{self, PagingView};
use crate::site::{Section, Site, Taxonomy, Term};

/// What a list shows: a section's pages, or a term's.
#[derive(Clone, Copy)]
pub(super) enum Owner<'a> {
    /// A section's list (`/profiles/`, `/events/`, `/posts/`).
    Section(&'a Section),
    /// A term's page (`/subjects/math/`).
    Term(&'a Taxonomy, &'a Term),
}

/// A list, with the order its pages show its entries in (made when first asked for).
pub(super) struct List<'a> {
    owner: Owner<'a>,
    /// How many pages it takes.
    pub(super) count: usize,
    order: OnceLock<Vec<usize>>,
    letters: OnceLock<Vec<LetterView>>,
}

impl<'a> List<'a> {
    /// The pages it holds, in the site's order for it.
    fn indices(&self) -> &'a [usize] {
        match self.owner {
            Owner::Section(section) => &section.pages,
            Owner::Term(_, term) => &term.pages,
        }
    }

    /// Its first page's site path and URL.
    fn path_and_url(&self) -> (&'a str, &'a str) {
        match self.owner {
            Owner::Section(section) => (&section.path, &section.url),
            Owner::Term(_, term) => (&term.path, &term.url),
        }
    }

    /// The entries in the order its pages show them: upcoming events (soonest first) before
    /// past ones (newest first) where the list holds events, else the site's order.
    fn order(&self, site: &Site) -> &[usize] {
        self.order
            .get_or_init(|| upcoming_first(site, self.indices()))
    }

    /// The directory's A–Z list: every letter, linked to where its first entry is.
    fn letters(&self, site: &Site) -> &[LetterView] {
        self.letters.get_or_init(|| {
            let (_, url) = self.path_and_url();
            letters(site, self.order(site), url)
        })
    }
}

/// Every list of the site: the sections', then the terms'.
pub(super) fn lists(site: &Site) -> Vec<List<'_>> {
    let per_page = site.config.per_page;
    let sections = site.sections.values().map(Owner::Section);
    let terms = site
        .taxonomies
        .iter()
        .flat_map(|t| t.terms.iter().map(move |term| Owner::Term(t, term)));
    sections
        .chain(terms)
        .map(|owner| {
            let mut list = List {
                owner,
                count: 0,
                order: OnceLock::new(),
                letters: OnceLock::new(),
            };
            list.count = paging::count(list.indices().len(), per_page);
            list
        })
        .collect()
}

/// One page of a list.
#[derive(Clone, Copy)]
pub(super) struct ListPage<'a> {
    /// The list.
    pub(super) list: &'a List<'a>,
    /// Which of its pages, from 1.
    pub(super) number: usize,
}

impl<'a> ListPage<'a> {
    /// Where the page goes in the output.
    pub(super) fn output_path(&self) -> String {
        let (path, _) = self.list.path_and_url();
        format!("{}index.html", paging::address(path, self.number))
    }

    /// How many entries it shows, to render the longest pages first.
    pub(super) fn length(&self, site: &Site) -> usize {
        let per_page = site.config.per_page;
        let len = self.list.indices().len();
        len.saturating_sub((self.number - 1) * per_page)
            .min(per_page)
    }

    /// What it is called where it is shared: the section's title or the term's name, with
    /// its number after the first page (`Events, page 2 of 3`).
    pub(super) fn title(&self, site: &Site) -> String {
        let name = match self.list.owner {
            Owner::Section(section) => &section.title,
            Owner::Term(_, term) => &term.name,
        };
        if self.number == 1 {
            return name.clone();
        }
        let number = site.lang.words.fill(
            "pagination_title",
            &[
                ("number", &self.number.to_string()),
                ("count", &self.list.count.to_string()),
            ],
        );
        format!("{name}, {number}")
    }

    /// The entries it shows, in order.
    fn entries(&self, site: &Site) -> &'a [usize] {
        let order = self.list.order(site);
        let per_page = site.config.per_page;
        let start = ((self.number - 1) * per_page).min(order.len());
        &order[start..(start + per_page).min(order.len())]
    }
}

/// The template, values and fingerprint of one page of a list; `shared` as for [`Job::new`].
pub(super) fn job<'a>(
    site: &'a Site,
    refs: &Refs,
    page: ListPage<'a>,
    path: String,
    shared: (Option<u64>, bool),
) -> Job<'a> {
    let (_, list_url) = page.list.path_and_url();
    let entries = page.entries(site);
    let total = page.list.indices().len();
    let paging = PagingView::new(list_url, page.number, page.list.count, total);
    let url = paging::address(list_url, page.number);
    match page.list.owner {
        Owner::Section(section) => {
            let template = match section.name.as_str() {
                "profiles" | "events" => format!("{}.html", section.name),
                _ => "section.html".to_string(),
            };
            let mut job = Job::new(template, path, &url, shared);
            job.show("section", section);
            job.show("paging", &paging);
            job.show_pages("pages", site, refs, entries);
            // Made of the same pages as `pages`: their versions say when these change.
            match section.name.as_str() {
                "events" => {
                    let (upcoming, past) = split_events(site, entries);
                    job.insert_value("upcoming", refs.of(upcoming));
                    job.insert_value("past", refs.of(past));
                }
                "profiles" => {
                    job.show("letters", &page.list.letters(site));
                    if job.filled {
                        let letters = (page.list.letters(site), url.as_str());
                        job.insert_value("groups", letter_groups(site, refs, entries, letters));
                    }
                }
                _ => {}
            }
            job
        }
        Owner::Term(taxonomy, term) => {
            let mut job = Job::new("term.html", path, &url, shared);
            let taxonomy = serde_json::json!({"name": taxonomy.name, "title": taxonomy.title, "url": taxonomy.url});
            job.show("taxonomy", &taxonomy);
            job.show("term", term);
            job.show("paging", &paging);
            let has_events = term.pages.iter().any(|i| site.pages[*i].event.is_some());
            job.show("has_events", &has_events);
            if job.filled {
                job.insert_value("groups", kind_groups(site, refs, entries));
            }
            job.depends_on_pages(site, entries);
            job.insert(
                "feed_url",
                &format!("{}{}rss.xml", site.lang.base_path(), term.path),
            );
            job
        }
    }
}

/// `indices` with each run of events (a term lists them together) as upcoming events, soonest
/// first, then past ones, newest first.
fn upcoming_first(site: &Site, indices: &[usize]) -> Vec<usize> {
    let is_event = |i: &usize| site.pages[*i].event.is_some();
    let mut order = Vec::with_capacity(indices.len());
    let mut rest = indices;
    while let Some(start) = rest.iter().position(is_event) {
        order.extend_from_slice(&rest[..start]);
        rest = &rest[start..];
        let end = rest.iter().position(|i| !is_event(i)).unwrap_or(rest.len());
        let (upcoming, past) = split_events(site, &rest[..end]);
        order.extend(upcoming.into_iter().chain(past));
        rest = &rest[end..];
    }
    order.extend_from_slice(rest);
    order
}

/// One letter of the directory's A–Z list.
#[derive(Debug, Serialize)]
pub(super) struct LetterView {
    /// `A` to `Z`, or `#` for names that start otherwise.
    letter: char,
    /// Where its first entry is (`/profiles/page/3/#letter-m`); `None` when no entry has it.
    url: Option<String>,
}

/// The anchor of the place where the directory's entries filed under `letter` start.
fn letter_id(letter: char) -> String {
    match letter {
        '#' => "letter-other".to_string(),
        letter => format!("letter-{}", letter.to_ascii_lowercase()),
    }
}

/// Every letter from A to Z (and `#` first when an entry has no letter), each linked to the
/// page and place of the first of the entries `order` that it files.
fn letters(site: &Site, order: &[usize], list_url: &str) -> Vec<LetterView> {
    let per_page = site.config.per_page;
    let mut first: Vec<(char, usize)> = Vec::new();
    for (place, index) in order.iter().enumerate() {
        let letter = site.pages[*index].initial();
        if !first.iter().any(|(l, _)| *l == letter) {
            first.push((letter, place / per_page + 1));
        }
    }
    let others = first.iter().any(|(l, _)| *l == '#');
    others
        .then_some('#')
        .into_iter()
        .chain('A'..='Z')
        .map(|letter| LetterView {
            letter,
            url: first.iter().find(|(l, _)| *l == letter).map(|(_, number)| {
                format!(
                    "{}#{}",
                    paging::address(list_url, *number),
                    letter_id(letter)
                )
            }),
        })
        .collect()
}

/// The directory entries at `entries` (of the page at the URL `here`) in runs of one letter:
/// `letter`, `id` (the anchor `letters` links to, on the run where the letter starts) and
/// `pages`.
fn letter_groups(
    site: &Site,
    refs: &Refs,
    entries: &[usize],
    (letters, here): (&[LetterView], &str),
) -> Value {
    groups(entries, |index| site.pages[index].initial())
        .into_iter()
        .map(|(letter, run)| {
            let id = letter_id(letter);
            let anchor = format!("{here}#{id}");
            let starts_here = letters
                .iter()
                .any(|l| l.url.as_deref() == Some(anchor.as_str()));
            let mut fields = tera::Map::default();
            fields.insert("letter".into(), Value::from(letter.to_string()));
            if starts_here {
                fields.insert("id".into(), Value::from(id));
            }
            fields.insert("pages".into(), refs.of(run));
            Value::from(fields)
        })
        .collect::<Vec<_>>()
        .into()
}

/// Runs of `entries` that `key` gives the same value, with that value.
fn groups<K: PartialEq>(entries: &[usize], key: impl Fn(usize) -> K) -> Vec<(K, Vec<usize>)> {
    let mut groups: Vec<(K, Vec<usize>)> = Vec::new();
    for index in entries {
        let k = key(*index);
        match groups.last_mut() {
            Some((last, run)) if *last == k => run.push(*index),
            _ => groups.push((k, vec![*index])),
        }
    }
    groups
}

/// The pages at `indices` as a term page shows them: in runs of one kind (events in upcoming
/// and past ones), each with `kind`, `when` (`upcoming` or `past`, for events), `title` (the
/// heading) and `pages`.
fn kind_groups(site: &Site, refs: &Refs, indices: &[usize]) -> Value {
    let key = |index: usize| {
        let page = &site.pages[index];
        (page.kind, page.event.as_ref().map(|e| e.upcoming))
    };
    let words = &site.lang.words;
    groups(indices, key)
        .into_iter()
        .map(|((kind, upcoming), run)| {
            let when = upcoming.map(|u| if u { "upcoming" } else { "past" });
            let title = match upcoming {
                Some(true) => words.text("heading_events_upcoming"),
                Some(false) => words.text("heading_events_past"),
                None => kind_heading(kind, words),
            };
            let mut fields = tera::Map::default();
            fields.insert("kind".into(), Value::from_serializable(&kind));
            if let Some(when) = when {
                fields.insert("when".into(), Value::from(when));
            }
            fields.insert("title".into(), Value::from(title));
            fields.insert("pages".into(), refs.of(run));
            Value::from(fields)
        })
        .collect::<Vec<_>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_grouped_in_order() {
        let runs = groups(&[1, 2, 3, 4, 5], |i| i / 2);
        assert_eq!(runs, [(0, vec![1]), (1, vec![2, 3]), (2, vec![4, 5])]);
    }
}
