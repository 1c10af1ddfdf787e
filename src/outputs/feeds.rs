//! RSS 2.0 feeds (the whole hub, each section, each taxonomy term) and the OPML list of the
//! members' own blogs.

use rss::extension::atom::{AtomExtension, Link};
use rss::{Category, Channel, Guid, Item};

use crate::content::Kind;
use crate::outputs::Output;
use crate::outputs::sitemap::escape_xml;
use crate::site::{Page, Site};

/// Kinds of page the hub's main feed and term feeds carry.
const FEED_KINDS: [Kind; 3] = [Kind::Post, Kind::Toolkit, Kind::Event];

/// `rss.xml`, `SECTION/rss.xml`, `TAXONOMY/TERM/rss.xml` and `opml.xml`.
pub fn render(site: &Site) -> Vec<Output> {
    let mut outputs = Vec::new();
    let config = &site.config;
    let main: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| FEED_KINDS.contains(&p.kind))
        .collect();
    outputs.push(feed(
        site,
        "rss.xml",
        &config.title,
        &config.description,
        "",
        main,
    ));
    for section in site.sections.values() {
        let pages = section.pages.iter().map(|i| &site.pages[*i]).collect();
        let title = format!("{} · {}", section.title, config.title);
        outputs.push(feed(
            site,
            &format!("{}rss.xml", section.path),
            &title,
            &config.description,
            &section.path,
            pages,
        ));
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            let pages = term
                .pages
                .iter()
                .map(|i| &site.pages[*i])
                .filter(|p| FEED_KINDS.contains(&p.kind))
                .collect();
            let title = format!("{}: {} · {}", taxonomy.title, term.name, config.title);
            outputs.push(feed(
                site,
                &format!("{}rss.xml", term.path),
                &title,
                &config.description,
                &term.path,
                pages,
            ));
        }
    }
    outputs.push(Output::bytes("opml.xml", opml(site)));
    outputs
}

/// One RSS channel of `pages`, newest first; pages without a date come last.
fn feed(
    site: &Site,
    path: &str,
    title: &str,
    description: &str,
    html_path: &str,
    mut pages: Vec<&Page>,
) -> Output {
    let config = &site.config;
    pages.sort_by(|a, b| Page::newest_first(a, b));
    if let Some(limit) = config.feed_limit {
        pages.truncate(limit);
    }
    let mut self_link = Link::default();
    self_link.set_href(config.absolute(path));
    self_link.set_rel("self");
    self_link.set_mime_type(Some("application/rss+xml".to_string()));
    let mut atom = AtomExtension::default();
    atom.set_links(vec![self_link]);

    let mut channel = Channel::default();
    channel.set_title(title);
    channel.set_link(config.absolute(html_path));
    channel.set_description(if description.is_empty() {
        title
    } else {
        description
    });
    channel.set_language(Some(config.language.clone()));
    channel.set_generator(Some("convene".to_string()));
    channel.set_atom_ext(Some(atom));
    channel.set_last_build_date(
        pages
            .iter()
            .filter_map(|p| p.updated.as_ref().or(p.date.as_ref()))
            .max_by_key(|d| d.timestamp)
            .map(|d| d.rfc2822.clone()),
    );
    channel.set_items(
        pages
            .iter()
            .map(|page| item(site, page))
            .collect::<Vec<_>>(),
    );
    Output::bytes(path, channel.to_string())
}

fn item(site: &Site, page: &Page) -> Item {
    let mut item = Item::default();
    item.set_title(Some(page.title.clone()));
    item.set_link(Some(page.permalink.clone()));
    let mut guid = Guid::default();
    guid.set_value(page.permalink.clone());
    guid.set_permalink(true);
    item.set_guid(Some(guid));
    item.set_pub_date(page.date.as_ref().map(|d| d.rfc2822.clone()));
    let description = match &page.event {
        Some(event) => {
            let place = event
                .location
                .clone()
                .or_else(|| event.online.as_ref().map(|_| "Online".to_string()));
            let status = if event.status == crate::content::front_matter::EventStatus::Cancelled {
                "CANCELLED. "
            } else {
                ""
            };
            match place {
                Some(place) => format!("{status}{} · {place}. {}", event.when, page.summary),
                None => format!("{status}{}. {}", event.when, page.summary),
            }
        }
        None => page.summary.clone(),
    };
    item.set_description(Some(description));
    if !page.content.is_empty() {
        item.set_content(Some(absolute_links(&page.content, site)));
    }
    let categories = page
        .terms
        .values()
        .flatten()
        .map(|term| {
            let mut category = Category::default();
            category.set_name(term.name.clone());
            category
        })
        .collect::<Vec<_>>();
    item.set_categories(categories);
    item
}

/// Makes site-relative links in `html` absolute, for feed readers.
fn absolute_links(html: &str, site: &Site) -> String {
    let base_path = site.config.base_path();
    let origin = site.config.base_url.as_str();
    html.replace(&format!("href=\"{base_path}"), &format!("href=\"{origin}"))
        .replace(&format!("src=\"{base_path}"), &format!("src=\"{origin}"))
}

/// OPML 2.0 list of the blog feeds members list on their profiles.
fn opml(site: &Site) -> String {
    let config = &site.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n",
    );
    xml.push_str(&format!(
        "    <title>{}</title>\n",
        escape_xml(&format!("Blogs of {}", config.title))
    ));
    xml.push_str(
        "    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
",
    );
    let mut feeds: Vec<(&str, &str, &str)> = site
        .pages
        .iter()
        .filter_map(|page| {
            let profile = page.profile.as_ref()?;
            let feed = profile.feed.as_deref()?;
            let website = profile
                .links
                .iter()
                .find(|l| l.label == "website")
                .map(|l| l.url.as_str())
                .unwrap_or(&page.permalink);
            Some((page.title.as_str(), feed, website))
        })
        .collect();
    feeds.sort();
    for (title, feed, website) in feeds {
        xml.push_str(&format!(
            "    <outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\" htmlUrl=\"{2}\"/>\n",
            escape_xml(title),
            escape_xml(feed),
            escape_xml(website)
        ));
    }
    xml.push_str("  </body>\n</opml>\n");
    xml
}
