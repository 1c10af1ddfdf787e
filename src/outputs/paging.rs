//! Long lists split into pages of hub.yaml's `per_page`: the directory, the events list, the
//! other section lists and the term pages. Page 1 keeps the list's own address (`profiles/`);
//! page N is `page/N/` below it (`profiles/page/2/`).

use serde::Serialize;

use crate::site::Site;

/// How many pages a list of `len` entries takes: at least one, so that an empty list still
/// has its page.
pub fn count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The address of page `number` of the list at `list` (a site path or a URL path ending in
/// `/`): the list's own for page 1, `LIST/page/N/` for the others.
pub fn address(list: &str, number: usize) -> String {
    if number <= 1 {
        list.to_string()
    } else {
        format!("{list}page/{number}/")
    }
}

/// The site path of every page of every list after its first (`profiles/page/2/`), for the
/// sitemap.
pub fn later_pages(site: &Site) -> Vec<String> {
    let per_page = site.config.per_page;
    let sections = site.sections.values().map(|s| (&s.path, s.pages.len()));
    let terms = site
        .taxonomies
        .iter()
        .flat_map(|t| t.terms.iter().map(|term| (&term.path, term.pages.len())));
    sections
        .chain(terms)
        .flat_map(|(path, len)| (2..=count(len, per_page)).map(move |n| address(path, n)))
        .collect()
}

/// What a list page's template sees as `paging`: where the page stands in its list, and the
/// links of its page navigation.
#[derive(Debug, Serialize)]
pub struct PagingView {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list has.
    pub count: usize,
    /// How many entries the whole list has.
    pub total: usize,
    /// The previous page's URL, if there is one.
    pub prev: Option<String>,
    /// The next page's URL, if there is one.
    pub next: Option<String>,
    /// The page numbers to show, in order: the first and last pages, and two on each side of
    /// this one; `None` where numbers are left out.
    pub links: Vec<Option<PageLink>>,
}

/// One page number in a list's page navigation.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// The page's number, from 1.
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// True for the page that shows the navigation.
    pub current: bool,
}

impl PagingView {
    /// Page `number` of the `count` pages of the list at the URL `list`, of `total` entries.
    pub fn new(list: &str, number: usize, count: usize, total: usize) -> PagingView {
        let url = |n: usize| address(list, n);
        let shown = |n: usize| n == 1 || n == count || n.abs_diff(number) <= 2;
        let mut links = Vec::new();
        let mut n = 1;
        while n <= count {
            // A gap of one page shows its number instead of the mark for a gap.
            if shown(n) || (shown(n - 1) && shown(n + 1)) {
                links.push(Some(PageLink {
                    number: n,
                    url: url(n),
                    current: n == number,
                }));
                n += 1;
            } else {
                links.push(None);
                n = (n..=count).find(|m| shown(*m)).unwrap_or(count + 1);
            }
        }
        PagingView {
            number,
            count,
            total,
            prev: (number > 1).then(|| url(number - 1)),
            next: (number < count).then(|| url(number + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page navigation written as text: numbers, `[current]` and `…` for gaps.
    fn numbers(view: &PagingView) -> String {
        view.links
            .iter()
            .map(|link| match link {
                Some(l) if l.current => format!("[{}]", l.number),
                Some(l) => l.number.to_string(),
                None => "…".to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn pages_are_counted_and_addressed() {
        assert_eq!(
            [count(0, 48), count(48, 48), count(49, 48), count(3920, 48)],
            [1, 1, 2, 82]
        );
        assert_eq!(address("profiles/", 1), "profiles/");
        assert_eq!(address("/hub/profiles/", 2), "/hub/profiles/page/2/");
    }

    #[test]
    fn the_navigation_shows_the_ends_and_the_pages_near_this_one() {
        let first = PagingView::new("/p/", 1, 82, 3920);
        assert_eq!(numbers(&first), "[1] 2 3 … 82");
        assert_eq!(
            (first.prev, first.next.as_deref()),
            (None, Some("/p/page/2/"))
        );
        let middle = PagingView::new("/p/", 40, 82, 3920);
        assert_eq!(numbers(&middle), "1 … 38 39 [40] 41 42 … 82");
        assert_eq!(
            (middle.prev.as_deref(), middle.next.as_deref()),
            (Some("/p/page/39/"), Some("/p/page/41/"))
        );
        let last = PagingView::new("/p/", 82, 82, 3920);
        assert_eq!(numbers(&last), "1 … 80 81 [82]");
        assert_eq!(
            (last.prev.as_deref(), last.next),
            (Some("/p/page/81/"), None)
        );
        // A gap of a single page shows that page.
        assert_eq!(
            numbers(&PagingView::new("/p/", 4, 7, 300)),
            "1 2 3 [4] 5 6 7"
        );
        assert_eq!(numbers(&PagingView::new("/p/", 1, 1, 3)), "[1]");
    }
}
