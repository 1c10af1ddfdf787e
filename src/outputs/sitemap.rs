//! `sitemap.xml`, `robots.txt` and the redirect pages of `aliases`.

use crate::config::Config;
use crate::outputs::Output;
use crate::site::Site;

/// Escapes text for XML content and attributes. Characters XML 1.0 cannot carry are left out,
/// or the whole file would not parse (a title may hold a control character); tabs and line
/// breaks are written as references, so that an attribute keeps them instead of reading them
/// as spaces.
pub fn escape_xml(text: &str) -> String {
    let escaped = quick_xml::escape::escape(text);
    let mut out = String::with_capacity(escaped.len());
    for c in escaped.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", u32::from(c))),
            c if !xml_can_carry(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// True for the characters an XML 1.0 document may hold: not the control characters other than
/// tab and line breaks, nor U+FFFE and U+FFFF.
pub fn xml_can_carry(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The sitemap, robots.txt and one redirect page per alias.
pub fn render(site: &Site) -> Vec<Output> {
    let config = &site.config;
    let mut entries: Vec<(String, Option<String>)> = vec![(config.absolute(""), None)];
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
            .map(|s| (config.absolute(&s.path), None)),
    );
    for taxonomy in &site.taxonomies {
        entries.push((config.absolute(&taxonomy.path), None));
        entries.extend(
            taxonomy
                .terms
                .iter()
                .map(|t| (config.absolute(&t.path), None)),
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

    let mut outputs = vec![Output::bytes("sitemap.xml", xml)];
    // robots.txt counts only at the top of the host: the default language's site writes it,
    // naming the sitemap of every language.
    if config.languages.first() == Some(&config.language) {
        let sitemaps: String = config
            .languages
            .iter()
            .enumerate()
            .map(|(index, code)| {
                let folder = if index == 0 {
                    String::new()
                } else {
                    format!("{code}/")
                };
                format!(
                    "Sitemap: {}\n",
                    config.absolute(&format!("{folder}sitemap.xml"))
                )
            })
            .collect();
        outputs.push(Output::bytes(
            "robots.txt",
            format!("User-agent: *\nAllow: /\n\n{sitemaps}"),
        ));
    }
    for page in &site.pages {
        for alias in &page.aliases {
            let path = if alias.ends_with(".html") {
                alias.clone()
            } else {
                format!("{alias}index.html")
            };
            outputs.push(Output::bytes(
                path,
                redirect_page(&page.url, &page.permalink, config),
            ));
        }
    }
    outputs
}

/// A page that sends the browser on to `url` at once, and says where (in the hub's language)
/// in case it does not.
fn redirect_page(url: &str, permalink: &str, config: &Config) -> String {
    let words = &config.words;
    let title = escape_xml(&words.fill("redirect_title", &[("address", permalink)]));
    let moved = escape_xml(words.text("redirect_text"));
    let url = escape_xml(url);
    let permalink = escape_xml(permalink);
    let language = escape_xml(&config.language);
    format!(
        "<!doctype html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>{moved} <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_parses_and_keeps_line_breaks_in_attributes() {
        let text = "a <b> & \"c\"\r\n\td\u{7}\u{1b}\u{b}\u{ffff}e";
        let xml = format!("<x y=\"{0}\">{0}</x>", escape_xml(text));
        let document = roxmltree::Document::parse(&xml).unwrap();
        let kept = "a <b> & \"c\"\r\n\tde";
        assert_eq!(document.root_element().attribute("y"), Some(kept));
        assert_eq!(document.root_element().text(), Some(kept));
    }
}
