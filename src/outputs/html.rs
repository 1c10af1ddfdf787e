//! HTML pages, rendered with Tera from the theme's templates.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::outputs::{Output, Sink};
use crate::site::{Page, Section, Site, Taxonomy, Term};
use crate::slug::slugify;
use crate::theme::Theme;

/// What every template sees as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    search: bool,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    nav: Vec<NavItem>,
    taxonomies: Vec<TaxonomyView<'a>>,
    now: i64,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
}

/// A taxonomy with its terms and how many profiles each has, for facets.
#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    url: &'a str,
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    count: usize,
    profiles: usize,
}

/// Pages of one kind on a term page.
#[derive(Serialize)]
struct KindGroup {
    kind: Kind,
    title: &'static str,
    pages: Vec<Value>,
}

/// Every page as lists show it (`Page::to_ref`), made once into a template value and shared by
/// every list that holds the page.
struct Refs(Vec<Value>);

impl Refs {
    fn new(site: &Site) -> Refs {
        Refs(
            site.pages
                .par_iter()
                .map(|page| Value::from_serializable(&page.to_ref()))
                .collect(),
        )
    }

    /// The pages at `indices`, in that order.
    fn of(&self, indices: impl IntoIterator<Item = usize>) -> Vec<Value> {
        indices.into_iter().map(|i| self.0[i].clone()).collect()
    }
}

/// The HTML pages of an earlier render, each with the fingerprint of what it was made from
/// (its template and every value the template saw). A page whose fingerprint is unchanged is
/// taken from here instead of being rendered again: this is how `convene serve` re-renders
/// exactly the pages an edit reaches.
#[derive(Debug, Default)]
pub struct RenderCache {
    pages: HashMap<String, (u64, Arc<Vec<u8>>)>,
}

/// Renders every HTML page of the site into `sink`. With a `cache`, the pages whose fingerprint
/// is unchanged are taken from it, and the new pages are left in it; a one-off build passes
/// none and computes no fingerprints. Each page's values are made just before it is rendered,
/// and its bytes go to the sink at once, so that only the pages being rendered are in memory.
pub fn render(
    site: &Site,
    theme: &Theme,
    cache: Option<&mut RenderCache>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let tera = load_templates(site, theme)?;
    let shared = cache.is_some().then(|| shared_fingerprint(site, theme));
    let previous = cache.as_deref().map(|c| &c.pages);
    let refs = Refs::new(site);
    type Rendered = Option<(String, (u64, Arc<Vec<u8>>))>;
    let results: Vec<Result<Rendered, Diagnostic>> = targets(site)
        .into_par_iter()
        .map(|target| {
            let mut job = job(site, &refs, target, shared.is_some());
            let fingerprint = match (&mut job.fingerprint, shared) {
                (Some(hasher), Some(shared)) => {
                    shared.hash(&mut hasher.0);
                    Some(hasher.0.finish())
                }
                _ => None,
            };
            let bytes = match previous.and_then(|pages| pages.get(&job.path)) {
                Some((old, bytes)) if Some(*old) == fingerprint => bytes.clone(),
                _ => tera
                    .render(&job.template, &job.context)
                    .map(|html| Arc::new(html.into_bytes()))
                    .map_err(|error| template_error(theme, &job.template, error, job.file))?,
            };
            sink.put(Output::shared(job.path.clone(), bytes.clone()))?;
            Ok(fingerprint.map(|fingerprint| (job.path, (fingerprint, bytes))))
        })
        .collect();
    let mut pages = HashMap::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(rendered) => pages.extend(rendered),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(cache) = cache {
        cache.pages = pages;
    }
    Ok(())
}

/// What every page is made from: the templates and the `site` value.
fn shared_fingerprint(site: &Site, theme: &Theme) -> u64 {
    let mut hasher = Fingerprint::default();
    for (name, file) in &theme.templates {
        name.hash(&mut hasher.0);
        file.text.hash(&mut hasher.0);
    }
    let _ = serde_json::to_writer(&mut hasher, &site_view(site));
    hasher.0.finish()
}

/// A hash of everything written to it, for serialised template values.
#[derive(Default)]
struct Fingerprint(DefaultHasher);

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A page the theme renders, named by what it shows.
enum Target<'a> {
    Page(&'a Page),
    Home,
    Section(&'a Section),
    Taxonomy(&'a Taxonomy),
    Term(&'a Taxonomy, &'a Term),
    Search,
    NotFound,
}

/// Everything to render: pages, home, section lists, taxonomies, terms, 404.
fn targets(site: &Site) -> Vec<Target<'_>> {
    let mut targets: Vec<Target> = site.pages.iter().map(Target::Page).collect();
    targets.push(Target::Home);
    targets.extend(site.sections.values().map(Target::Section));
    for taxonomy in &site.taxonomies {
        targets.push(Target::Taxonomy(taxonomy));
        targets.extend(
            taxonomy
                .terms
                .iter()
                .map(|term| Target::Term(taxonomy, term)),
        );
    }
    if site.config.search {
        targets.push(Target::Search);
    }
    targets.push(Target::NotFound);
    targets
}

/// One page to render: the template, the values it sees and where it goes.
struct Job<'a> {
    template: String,
    path: String,
    context: Context,
    /// Fed with the template's name, the path and every value given to the template, when
    /// the render keeps a cache.
    fingerprint: Option<Fingerprint>,
    file: Option<&'a PathBuf>,
}

impl Job<'_> {
    fn new(
        template: impl Into<String>,
        path: String,
        current_url: &str,
        fingerprinted: bool,
    ) -> Self {
        let template = template.into();
        let fingerprint = fingerprinted.then(|| {
            let mut fingerprint = Fingerprint::default();
            template.hash(&mut fingerprint.0);
            path.hash(&mut fingerprint.0);
            fingerprint
        });
        let mut job = Job {
            template,
            path,
            context: Context::new(),
            fingerprint,
            file: None,
        };
        job.insert("current_url", current_url);
        job
    }

    /// Gives the template a value, and adds it to the fingerprint.
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Some(fingerprint) = &mut self.fingerprint {
            key.hash(&mut fingerprint.0);
            let _ = serde_json::to_writer(fingerprint, value);
        }
        self.context.insert(key, value);
    }
}

/// The template, values and output path of one target.
fn job<'a>(site: &'a Site, refs: &Refs, target: Target<'a>, fingerprinted: bool) -> Job<'a> {
    match target {
        Target::Page(page) => {
            let template = page
                .template
                .clone()
                .unwrap_or_else(|| kind_template(page.kind).to_string());
            let mut job = Job::new(
                template,
                format!("{}index.html", page.path),
                &page.url,
                fingerprinted,
            );
            job.insert("page", page);
            let origin = site.config.base_url.origin().ascii_serialization();
            job.insert("json_ld", &super::json_ld::for_page(page, &origin));
            if let Some(section) = site.sections.get(&page.section) {
                job.insert("section", section);
            }
            job.file = Some(&page.file);
            job
        }
        Target::Home => {
            let events: Vec<usize> = (0..site.pages.len())
                .filter(|i| site.pages[*i].event.is_some())
                .collect();
            let (mut upcoming, _) = split_events(site, refs, &events);
            upcoming.truncate(5);
            let newest = |kind: Kind| {
                let mut pages: Vec<usize> = (0..site.pages.len())
                    .filter(|i| site.pages[*i].kind == kind)
                    .collect();
                pages.sort_by(|a, b| Page::newest_first(&site.pages[*a], &site.pages[*b]));
                refs.of(pages.into_iter().take(3))
            };
            let groups = refs.of((0..site.pages.len()).filter(|i| {
                site.pages[*i]
                    .profile
                    .as_ref()
                    .is_some_and(|pr| pr.kind == crate::content::front_matter::ProfileKind::Group)
            }));
            let profile_count = site
                .pages
                .iter()
                .filter(|p| p.kind == Kind::Profile)
                .count();
            let mut job = Job::new(
                "home.html",
                "index.html".into(),
                site.config.base_path(),
                fingerprinted,
            );
            job.insert("page", &site.home);
            job.insert("upcoming_events", &upcoming);
            job.insert("recent_toolkits", &newest(Kind::Toolkit));
            job.insert("recent_posts", &newest(Kind::Post));
            job.insert("groups", &groups);
            job.insert("profile_count", &profile_count);
            job.file = site.home.as_ref().map(|h| &h.file);
            job
        }
        Target::Section(section) => {
            let template = match section.name.as_str() {
                "profiles" | "events" => format!("{}.html", section.name),
                _ => "section.html".to_string(),
            };
            let mut job = Job::new(
                template,
                format!("{}index.html", section.path),
                &section.url,
                fingerprinted,
            );
            job.insert("section", section);
            job.insert("pages", &refs.of(section.pages.iter().copied()));
            if section.name == "events" {
                let (upcoming, past) = split_events(site, refs, &section.pages);
                job.insert("upcoming", &upcoming);
                job.insert("past", &past);
            }
            job
        }
        Target::Taxonomy(taxonomy) => {
            let mut job = Job::new(
                "taxonomy.html",
                format!("{}index.html", taxonomy.path),
                &taxonomy.url,
                fingerprinted,
            );
            job.insert("taxonomy", taxonomy);
            job
        }
        Target::Term(taxonomy, term) => {
            let mut groups: Vec<KindGroup> = Vec::new();
            for index in &term.pages {
                let page = &site.pages[*index];
                let value = refs.0[*index].clone();
                match groups.last_mut() {
                    Some(group) if group.kind == page.kind => group.pages.push(value),
                    _ => groups.push(KindGroup {
                        kind: page.kind,
                        title: kind_heading(page.kind),
                        pages: vec![value],
                    }),
                }
            }
            let mut job = Job::new(
                "term.html",
                format!("{}index.html", term.path),
                &term.url,
                fingerprinted,
            );
            job.insert("taxonomy", &serde_json::json!({"name": taxonomy.name, "title": taxonomy.title, "url": taxonomy.url}));
            job.insert("term", term);
            job.insert("groups", &groups);
            job.insert(
                "feed_url",
                &format!("{}{}rss.xml", site.config.base_path(), term.path),
            );
            job
        }
        Target::Search => {
            let url = format!("{}search/", site.config.base_path());
            Job::new(
                "search.html",
                "search/index.html".into(),
                &url,
                fingerprinted,
            )
        }
        Target::NotFound => Job::new("404.html", "404.html".into(), "", fingerprinted),
    }
}

/// Upcoming events (soonest first) and past ones (latest first) among the pages at `indices`,
/// at build time.
fn split_events(site: &Site, refs: &Refs, indices: &[usize]) -> (Vec<Value>, Vec<Value>) {
    let event = |i: &usize| site.pages[*i].event.as_ref();
    let start = |i: &usize| event(i).map(|e| e.start_timestamp).unwrap_or(0);
    let mut upcoming: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|i| event(i).is_some_and(|e| e.upcoming))
        .collect();
    let mut past: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|i| event(i).is_some_and(|e| !e.upcoming))
        .collect();
    upcoming.sort_by_key(start);
    past.sort_by_key(|i| std::cmp::Reverse(start(i)));
    (refs.of(upcoming), refs.of(past))
}

/// The template a kind of page is rendered with.
fn kind_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Profile => "profile.html",
        Kind::Event => "event.html",
        Kind::Toolkit => "toolkit.html",
        Kind::Post => "post.html",
        Kind::Page | Kind::Home | Kind::Section => "page.html",
    }
}

/// The heading of a kind's pages on a term page.
fn kind_heading(kind: Kind) -> &'static str {
    match kind {
        Kind::Profile => "People and groups",
        Kind::Event => "Events",
        Kind::Toolkit => "Toolkits",
        Kind::Post => "News",
        Kind::Page | Kind::Home | Kind::Section => "Pages",
    }
}

/// Tera with the theme's templates, our filters and the `site` value every template sees.
fn load_templates(site: &Site, theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| slugify(text));
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(name, file)| (name.as_str(), file.text.as_str())),
    )
    .map_err(|error| vec![template_error(theme, "", error, None)])?;
    tera.global_context().insert("site", &site_view(site));
    Ok(tera)
}

fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let mut nav: Vec<NavItem> =
        ["profiles", "events", "toolkits", "posts"]
            .iter()
            .filter_map(|name| site.sections.get(*name))
            .chain(site.sections.values().filter(|s| {
                !["profiles", "events", "toolkits", "posts"].contains(&s.name.as_str())
            }))
            .map(|s: &Section| NavItem {
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect();
    let mut top_pages: Vec<&Page> = site.pages.iter().filter(|p| p.section.is_empty()).collect();
    top_pages.sort_by(|a, b| a.title.cmp(&b.title));
    nav.extend(top_pages.into_iter().map(|p| NavItem {
        title: p.title.clone(),
        url: p.url.clone(),
    }));
    let taxonomies = site
        .taxonomies
        .iter()
        .map(|t| TaxonomyView {
            name: &t.name,
            title: &t.title,
            url: &t.url,
            terms: t
                .terms
                .iter()
                .map(|term| TermView {
                    name: &term.name,
                    slug: &term.slug,
                    url: &term.url,
                    count: term.count,
                    profiles: term
                        .pages
                        .iter()
                        .filter(|i| site.pages[**i].kind == Kind::Profile)
                        .count(),
                })
                .collect(),
        })
        .collect();
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: config.base_url.as_str(),
        base_path: config.base_path(),
        language: &config.language,
        search: config.search,
        extra: &config.extra,
        nav,
        taxonomies,
        now: site.now.as_second(),
    }
}

/// A template problem, located in the template file where Tera says it is.
fn template_error(
    theme: &Theme,
    template: &str,
    error: tera::Error,
    page: Option<&PathBuf>,
) -> Diagnostic {
    let file_of = |name: &str| -> (PathBuf, String) {
        match theme.templates.get(name) {
            Some(file) => (
                file.origin
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(format!("(built-in theme) templates/{name}"))),
                file.text.clone(),
            ),
            None => (PathBuf::from(format!("templates/{name}")), String::new()),
        }
    };
    let while_rendering = page
        .map(|p| format!(" while rendering {}", crate::diagnostic::display_path(p)))
        .unwrap_or_default();
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let (path, text) = file_of(name);
            let span = report.span();
            Diagnostic::at(
                path,
                &text,
                span.start_line,
                span.start_col + 1,
                format!("template error{while_rendering}: {}", report.message()),
            )
            .with_help("fix the template, or delete your copy in templates/ to use the theme's")
        }
        ErrorKind::TemplateNotFound(name) => {
            let (path, _) = file_of(template);
            Diagnostic::file_error(
                path,
                format!("there is no template `{name}`{while_rendering}"),
            )
            .with_help(
                "check the template's name in `template:` or `{% extends %}` / `{% include %}`",
            )
        }
        other if template.is_empty() => Diagnostic::file_error(
            "templates",
            format!("the theme's templates have errors:\n{other}"),
        )
        .with_help(
            "fix the templates named above, or delete your copies in templates/ to use the theme's",
        ),
        other => {
            let (path, _) = file_of(template);
            Diagnostic::file_error(path, format!("template error{while_rendering}: {other}"))
        }
    }
}
