//! `sitemap.xml`: every page of one language's site (every page of a long list too), with its
//! last change where it has one. The sitemap protocol allows 50,000 addresses and 50 MB a file:
//! a bigger site's `sitemap.xml` is a sitemap index naming its parts, `sitemap-1.xml`,
//! `sitemap-2.xml`, …

use crate::escape::escape_xml;
use crate::languages::Lang;
use crate::outputs::Output;
use crate::site::Site;

/// The most addresses one sitemap file may list.
const MAX_URLS: usize = 50_000;

/// The most bytes one sitemap file may take (the protocol's 50 MB, less room for its tail).
const MAX_BYTES: usize = 50_000_000 - 1_000;

/// The sitemap of the site: one file, or an index and its parts.
pub fn render(site: &Site) -> Vec<Output> {
    let lang = &site.lang;
    let mut entries: Vec<(String, Option<String>)> = vec![(lang.absolute(""), None)];
    entries.extend(site.pages.iter().map(|page| {
        let lastmod = page
            .updated
            .as_ref()
            .or(page.date.as_ref())
            .map(|d| d.iso.clone());
        (page.permalink.clone(), lastmod)
    }));
    entries.extend(
        site.sections
            .values()
            .map(|s| (lang.absolute(&s.path), None)),
    );
    for taxonomy in &site.taxonomies {
        entries.push((lang.absolute(&taxonomy.path), None));
        entries.extend(
            taxonomy
                .terms
                .iter()
                .map(|t| (lang.absolute(&t.path), None)),
        );
    }
    entries.extend(
        super::paging::later_pages(site)
            .iter()
            .map(|path| (lang.absolute(path), None)),
    );
    entries.sort();
    files(entries, lang, MAX_URLS)
}

/// The sitemap files of `entries` (address, last change), at most `max_urls` addresses and
/// [`MAX_BYTES`] a file: `sitemap.xml` alone, or an index of `sitemap-N.xml` parts.
fn files(entries: Vec<(String, Option<String>)>, lang: &Lang, max_urls: usize) -> Vec<Output> {
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    let mut parts = vec![String::from(head)];
    let mut in_part = 0;
    for (loc, lastmod) in entries {
        let mut url = format!("  <url>\n    <loc>{}</loc>\n", escape_xml(&loc));
        if let Some(lastmod) = lastmod {
            url.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        url.push_str("  </url>\n");
        let part = parts.last_mut().expect("there is a part");
        if in_part == max_urls || part.len() + url.len() > MAX_BYTES {
            parts.push(String::from(head));
            in_part = 0;
        }
        parts.last_mut().expect("there is a part").push_str(&url);
        in_part += 1;
    }
    for part in &mut parts {
        part.push_str("</urlset>\n");
    }
    if parts.len() == 1 {
        return vec![Output::bytes("sitemap.xml", parts.remove(0))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut outputs = Vec::with_capacity(parts.len() + 1);
    for (number, part) in parts.into_iter().enumerate() {
        let path = format!("sitemap-{}.xml", number + 1);
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            escape_xml(&lang.absolute(&path))
        ));
        outputs.push(Output::bytes(path, part));
    }
    index.push_str("</sitemapindex>\n");
    outputs.push(Output::bytes("sitemap.xml", index));
    outputs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Words;

    #[test]
    fn a_sitemap_past_its_limit_becomes_an_index_of_parts() {
        let lang = Lang {
            code: "es".into(),
            name: "Español".into(),
            base_url: url::Url::parse("https://example.org/hub/es/").unwrap(),
            words: Words::english(),
            is_default: false,
            title: "Red".into(),
            description: String::new(),
            locale: "es_ES".into(),
        };
        let entries = |n: usize| -> Vec<(String, Option<String>)> {
            (0..n)
                .map(|i| (lang.absolute(&format!("p{i}/")), None))
                .collect()
        };
        let one = files(entries(3), &lang, 3);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].path, "sitemap.xml");

        let split = files(entries(5), &lang, 2);
        let paths: Vec<&str> = split.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let text = |output: &Output| match &output.body {
            crate::outputs::Body::Made(made) => String::from_utf8(made.to_vec()).unwrap(),
            _ => unreachable!("sitemaps are made"),
        };
        let index = text(&split[3]);
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://example.org/hub/es/sitemap-3.xml</loc>"));
        assert_eq!(text(&split[2]).matches("<url>").count(), 1);
        assert_eq!(text(&split[0]).matches("<url>").count(), 2);
    }
}
