//! `robots.txt`, and the redirect pages that keep the old addresses of `aliases` working.

use crate::escape::escape_xml;
use crate::languages::Lang;
use crate::outputs::Output;
use crate::site::Site;

/// robots.txt (from the default language's site only: it counts only at the top of the host,
/// and names the sitemap of every language) and one redirect page per alias.
pub fn render(site: &Site) -> Vec<Output> {
    let mut outputs = Vec::new();
    if site.lang.is_default {
        let sitemaps: String = site
            .languages
            .iter()
            .map(|lang| format!("Sitemap: {}\n", lang.absolute("sitemap.xml")))
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
                redirect_page(&page.url, &page.permalink, &site.lang),
            ));
        }
    }
    outputs
}

/// A page that sends the browser on to `url` at once, and says where (in the hub's language)
/// in case it does not. Its `og:url` sends the sites that preview a shared link to the page's
/// own address, whose tags they show.
fn redirect_page(url: &str, permalink: &str, lang: &Lang) -> String {
    let words = &lang.words;
    let title = escape_xml(&words.fill("redirect_title", &[("address", permalink)]));
    let moved = escape_xml(words.text("redirect_text"));
    let url = escape_xml(url);
    let permalink = escape_xml(permalink);
    let language = escape_xml(&lang.code);
    format!(
        "<!doctype html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta property=\"og:url\" content=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>{moved} <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n"
    )
}
