//! HTML pages, rendered with Tera from the theme's templates.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::outputs::Output;
use crate::site::{Page, PageRef, Section, Site, Taxonomy, Term};
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
    url: &'a str,
    count: usize,
    profiles: usize,
}

/// Pages of one kind on a term page.
#[derive(Serialize)]
struct KindGroup {
    kind: Kind,
    title: &'static str,
    pages: Vec<PageRef>,
}

/// Renders every HTML page of the site.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let tera = load_templates(site, theme)?;
    let jobs = jobs(site);
    let results: Vec<Result<Output, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            let mut context = Context::new();
            for (key, value) in job.values {
                context.insert(key, &value);
            }
            context.insert("current_url", &job.current_url);
            tera.render(&job.template, &context)
                .map(|html| Output::bytes(job.path, html))
                .map_err(|error| template_error(theme, &job.template, error, job.file.as_ref()))
        })
        .collect();
    let mut outputs = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(outputs)
    } else {
        Err(problems)
    }
}

/// One page to render: the template, the values it sees and where it goes.
struct Job {
    template: String,
    path: String,
    current_url: String,
    values: Vec<(&'static str, serde_json::Value)>,
    file: Option<PathBuf>,
}

fn value(v: impl Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn refs(site: &Site, indices: &[usize]) -> Vec<PageRef> {
    indices.iter().map(|i| site.pages[*i].to_ref()).collect()
}

/// Everything to render: pages, home, section lists, taxonomies, terms, 404.
fn jobs(site: &Site) -> Vec<Job> {
    let base_path = site.config.base_path();
    let mut jobs = Vec::new();
    for page in &site.pages {
        let template = page
            .template
            .clone()
            .unwrap_or_else(|| kind_template(page.kind).to_string());
        let mut values = vec![("page", value(page))];
        if let Some(section) = site.sections.get(&page.section) {
            values.push(("section", value(section)));
        }
        jobs.push(Job {
            template,
            path: format!("{}index.html", page.path),
            current_url: page.url.clone(),
            values,
            file: Some(page.file.clone()),
        });
    }

    let events: Vec<&Page> = site.pages.iter().filter(|p| p.event.is_some()).collect();
    let (upcoming, _) = split_events(&events);
    let newest = |kind: Kind| {
        let mut pages: Vec<&Page> = site.pages.iter().filter(|p| p.kind == kind).collect();
        pages.sort_by(|a, b| {
            b.sort_timestamp()
                .cmp(&a.sort_timestamp())
                .then(a.title.cmp(&b.title))
        });
        pages
            .into_iter()
            .take(3)
            .map(Page::to_ref)
            .collect::<Vec<_>>()
    };
    let groups: Vec<PageRef> = site
        .pages
        .iter()
        .filter(|p| {
            p.profile
                .as_ref()
                .is_some_and(|pr| pr.kind == crate::content::front_matter::ProfileKind::Group)
        })
        .map(Page::to_ref)
        .collect();
    let profile_count = site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Profile)
        .count();
    jobs.push(Job {
        template: "home.html".into(),
        path: "index.html".into(),
        current_url: base_path.to_string(),
        values: vec![
            ("page", value(&site.home)),
            (
                "upcoming_events",
                value(upcoming.iter().take(5).collect::<Vec<_>>()),
            ),
            ("recent_toolkits", value(newest(Kind::Toolkit))),
            ("recent_posts", value(newest(Kind::Post))),
            ("groups", value(groups)),
            ("profile_count", value(profile_count)),
        ],
        file: site.home.as_ref().map(|h| h.file.clone()),
    });

    for section in site.sections.values() {
        let template = match section.name.as_str() {
            "profiles" | "events" => format!("{}.html", section.name),
            _ => "section.html".to_string(),
        };
        let mut values = vec![
            ("section", value(section)),
            ("pages", value(refs(site, &section.pages))),
        ];
        if section.name == "events" {
            let pages: Vec<&Page> = section.pages.iter().map(|i| &site.pages[*i]).collect();
            let (upcoming, past) = split_events(&pages);
            values.push(("upcoming", value(upcoming)));
            values.push(("past", value(past)));
        }
        jobs.push(Job {
            template,
            path: format!("{}index.html", section.path),
            current_url: section.url.clone(),
            values,
            file: None,
        });
    }

    for taxonomy in &site.taxonomies {
        jobs.push(Job {
            template: "taxonomy.html".into(),
            path: format!("{}index.html", taxonomy.path),
            current_url: taxonomy.url.clone(),
            values: vec![("taxonomy", value(taxonomy))],
            file: None,
        });
        for term in &taxonomy.terms {
            jobs.push(term_job(site, taxonomy, term));
        }
    }
    jobs.push(Job {
        template: "404.html".into(),
        path: "404.html".into(),
        current_url: String::new(),
        values: Vec::new(),
        file: None,
    });
    jobs
}

fn term_job(site: &Site, taxonomy: &Taxonomy, term: &Term) -> Job {
    let mut groups: Vec<KindGroup> = Vec::new();
    for index in &term.pages {
        let page = &site.pages[*index];
        match groups.last_mut() {
            Some(group) if group.kind == page.kind => group.pages.push(page.to_ref()),
            _ => groups.push(KindGroup {
                kind: page.kind,
                title: kind_heading(page.kind),
                pages: vec![page.to_ref()],
            }),
        }
    }
    Job {
        template: "term.html".into(),
        path: format!("{}index.html", term.path),
        current_url: term.url.clone(),
        values: vec![
            (
                "taxonomy",
                value(
                    serde_json::json!({"name": taxonomy.name, "title": taxonomy.title, "url": taxonomy.url}),
                ),
            ),
            ("term", value(term)),
            ("groups", value(groups)),
            (
                "feed_url",
                value(format!("{}{}rss.xml", site.config.base_path(), term.path)),
            ),
        ],
        file: None,
    }
}

/// Upcoming events (soonest first) and past ones (latest first), at build time.
fn split_events(events: &[&Page]) -> (Vec<PageRef>, Vec<PageRef>) {
    let mut upcoming: Vec<&Page> = events
        .iter()
        .copied()
        .filter(|p| p.event.as_ref().is_some_and(|e| e.upcoming))
        .collect();
    let mut past: Vec<&Page> = events
        .iter()
        .copied()
        .filter(|p| p.event.as_ref().is_some_and(|e| !e.upcoming))
        .collect();
    let start = |p: &&Page| p.event.as_ref().map(|e| e.start_timestamp).unwrap_or(0);
    upcoming.sort_by_key(start);
    past.sort_by_key(|p| std::cmp::Reverse(start(p)));
    (
        upcoming.into_iter().map(Page::to_ref).collect(),
        past.into_iter().map(Page::to_ref).collect(),
    )
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
