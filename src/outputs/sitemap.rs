//! `sitemap.xml`: every page of one language's site, with its last change where it has one.

use crate::escape::escape_xml;
use crate::outputs::Output;
use crate::site::Site;

/// The sitemap of the site.
pub fn render(site: &Site) -> Output {
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
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&loc));
        xml.push_str("</loc>\n");
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");

    Output::bytes("sitemap.xml", xml)
}
