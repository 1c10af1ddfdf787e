//! HTML pages, rendered with Tera from the theme's templates.

use std::hash::Hash;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::config::{Logo, SocialLink};
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::events::links::{Subscription, subscription};
use crate::i18n::Words;
use crate::outputs::cache::{self, Fingerprint, PerPage};
use crate::outputs::{Made, Output, Render, Sink};
use crate::site::contribute::SiteContribute;
use crate::site::{MenuItem, Page, SUBSCRIBE_PATH, Site, Taxonomy, Term};
use crate::slug::slugify;
use crate::theme::Theme;

mod lists;
mod preview;
use lists::ListPage;

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
    /// Every language of the hub, the default first (one for a hub in one language).
    languages: Vec<LanguageView<'a>>,
    /// The menu's entries, in order.
    nav: &'a [MenuItem],
    /// Where the "Join us" button leads, and its words.
    join: Option<&'a MenuItem>,
    /// The hub's logo, when hub.yaml names one.
    logo: Option<&'a Logo>,
    /// The email address to write to the hub at.
    contact: Option<&'a str>,
    /// The hub's pages elsewhere, in hub.yaml's order.
    social: &'a [SocialLink],
    taxonomies: Vec<TaxonomyView<'a>>,
    /// The links to the hub's issue forms every page may show, when hub.yaml names its
    /// `repository`.
    contribute: Option<SiteContribute>,
}

/// One language of the hub: its code, its name in itself, and where its site is.
#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    base_path: &'a str,
    base_url: &'a str,
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

/// Every page as lists show it ([`list_entry`]), made once and shared by every list that holds
/// the page.
struct Refs<'a>(PerPage<'a, Value>);

impl Refs<'_> {
    /// The page at `index`.
    fn get(&self, index: usize) -> Value {
        self.0.get(index).clone()
    }

    /// The pages at `indices`, in that order, as one template value.
    fn of(&self, indices: impl IntoIterator<Item = usize>) -> Value {
        Value::from(indices.into_iter().map(|i| self.get(i)).collect::<Vec<_>>())
    }
}

/// The theme's template for one page in a list.
const CARD_TEMPLATE: &str = "partials/card.html";

/// A page as lists show it: `Page::to_ref` as a template value, with `card`, the theme's
/// `partials/card.html` rendered for it once, so that a list of thousands of pages places ready
/// cards. The card sees only `item` and `site`: a value of the listing page is missing to it (a
/// condition on it is false). When the partial cannot be rendered on its own (it prints such a
/// value), the entry has no `card` and lists include the partial themselves.
fn list_entry(tera: &Tera, page: &Page) -> Value {
    let entry = Value::from_serializable(&page.to_ref());
    let mut context = Context::new();
    context.insert_value("item", entry.clone());
    let (Ok(card), Some(fields)) = (tera.render(CARD_TEMPLATE, &context), entry.as_map()) else {
        return entry;
    };
    let mut fields = fields.clone();
    fields.insert("card".into(), Value::safe_string(&card));
    Value::from(fields)
}

/// Renders the HTML pages of the site in `scope` into `sink`. With a `cache`, a page whose
/// template and values are unchanged since the render it holds is taken from it (this is how
/// `convene serve` re-renders exactly the pages an edit reaches); a one-off build passes none
/// and computes no fingerprints. Each page's values are made just before it is rendered, and
/// its bytes go to the sink at once, so that only the pages being rendered are in memory.
pub fn render(render: &Render, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    let &Render {
        site,
        theme,
        cache,
        scope,
        ..
    } = render;
    let view = site_view(site);
    let words = &site.lang.words;
    let shared = cache
        .is_some()
        .then(|| shared_fingerprint(&view, words, theme));
    // In `serve`, the templates are parsed again only when they or the `site` value changed.
    let tera = match (cache, shared) {
        (Some(cache), Some(made_from)) => {
            cache.templates(made_from, || load_templates(&view, words, theme))?
        }
        _ => Arc::new(load_templates(&view, words, theme)?),
    };
    let entry = |page: &Page| list_entry(&tera, page);
    let refs = Refs(
        PerPage::new(
            site,
            cache.map(|c| &c.list_entries),
            shared.unwrap_or(0),
            &entry,
            scope,
        )
        .made_ahead(),
    );
    let lists = lists::lists(site);
    let problems: Vec<Diagnostic> = targets(site, &lists)
        .into_par_iter()
        .filter_map(|target| {
            if let Target::Page(page) = target
                && !scope.wants_page(&page.path)
            {
                return None;
            }
            let path = target_path(target);
            if !scope.wants(&path) {
                return None;
            }
            // With a cache, the values are made only when the fingerprint says they changed.
            let mut plan = job(site, &refs, target, path.clone(), shared, cache.is_none());
            let made_from = plan.fingerprint.take();
            let bytes = cache::file(
                cache,
                &plan.path,
                || made_from.unwrap_or_default(),
                || {
                    let filled;
                    let job = if plan.filled {
                        &plan
                    } else {
                        filled = job(site, &refs, target, path, None, true);
                        &filled
                    };
                    tera.render(&job.template, &job.context)
                        .map(|html| Made::Whole(Arc::new(html.into_bytes())))
                        .map_err(|error| template_error(theme, &job.template, error, job.file))
                },
            );
            match bytes {
                Ok(bytes) => sink.put(Output::made(plan.path, bytes)).err(),
                Err(problem) => Some(problem),
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// What every page is made from: the templates and the `site` value.
fn shared_fingerprint(view: &SiteView, words: &Words, theme: &Theme) -> u64 {
    let mut fingerprint = Fingerprint::default();
    for (name, file) in &theme.templates {
        fingerprint.add(name).add(&file.text);
    }
    fingerprint
        .add_serialised(view)
        .add_serialised(words.entries())
        .finish()
}

/// A page the theme renders, named by what it shows.
#[derive(Clone, Copy)]
enum Target<'a> {
    Page(&'a Page),
    Home,
    /// One page of a section's list or of a term's page.
    List(ListPage<'a>),
    Taxonomy(&'a Taxonomy),
    /// The page that offers the hub's calendar (`None`) or a term's to calendar apps.
    Subscribe(Option<&'a Term>),
    Search,
    NotFound,
}

/// Everything to render: home, every page of each section list and term, taxonomies, the
/// calendars' subscription pages, search, 404, then pages. The lists come first, longest first, so that the threads end together
/// instead of one of them finishing a long list alone.
fn targets<'a>(site: &'a Site, all: &'a [lists::List<'a>]) -> Vec<Target<'a>> {
    let mut lists: Vec<(usize, Target)> = vec![(usize::MAX, Target::Home)];
    for list in all {
        lists.extend((1..=list.count).map(|number| {
            let page = ListPage { list, number };
            (page.length(site), Target::List(page))
        }));
    }
    if site.pages.iter().any(|page| page.calendar.is_some()) {
        lists.push((0, Target::Subscribe(None)));
    }
    for taxonomy in &site.taxonomies {
        lists.push((taxonomy.terms.len(), Target::Taxonomy(taxonomy)));
        for term in &taxonomy.terms {
            if term.pages.iter().any(|i| site.pages[*i].calendar.is_some()) {
                lists.push((0, Target::Subscribe(Some(term))));
            }
        }
    }
    if site.search {
        lists.push((0, Target::Search));
    }
    lists.push((0, Target::NotFound));
    lists.sort_by_key(|(length, _)| std::cmp::Reverse(*length));
    let mut targets: Vec<Target> = lists.into_iter().map(|(_, target)| target).collect();
    targets.extend(site.pages.iter().map(|page| Target::Page(page)));
    targets
}

/// Where a target's page goes in the output.
fn target_path(target: Target) -> String {
    match target {
        Target::Page(page) => format!("{}index.html", page.path),
        Target::Home => "index.html".into(),
        Target::List(page) => page.output_path(),
        Target::Taxonomy(taxonomy) => format!("{}index.html", taxonomy.path),
        Target::Subscribe(None) => format!("{SUBSCRIBE_PATH}index.html"),
        Target::Subscribe(Some(term)) => format!("{}subscribe/index.html", term.path),
        Target::Search => "search/index.html".into(),
        Target::NotFound => "404.html".into(),
    }
}

/// One page to render: the template, the values it sees and where it goes.
struct Job<'a> {
    template: String,
    path: String,
    /// The values, when `filled`.
    context: Context,
    filled: bool,
    /// When the render keeps a cache: fed with everything the page is made from (the shared
    /// fingerprint, the template's name, the path, and the versions of the pages it shows).
    fingerprint: Option<Fingerprint>,
    file: Option<&'a PathBuf>,
}

impl Job<'_> {
    fn new(
        template: impl Into<String>,
        path: String,
        current_url: &str,
        (shared, filled): (Option<u64>, bool),
    ) -> Self {
        let template = template.into();
        let fingerprint = shared.map(|shared| {
            let mut fingerprint = Fingerprint::default();
            fingerprint.add(shared).add(&template).add(&path);
            fingerprint
        });
        let mut job = Job {
            template,
            path,
            context: Context::new(),
            filled,
            fingerprint,
            file: None,
        };
        job.insert("current_url", current_url);
        // The page's place within its language's site, for links to it in the others.
        let within = job.path.strip_suffix("index.html").unwrap_or(&job.path);
        let within = within.to_string();
        job.insert("current_path", &within);
        job
    }

    /// Gives the template a value made already (when the job is filled).
    fn insert_value(&mut self, key: &'static str, value: Value) {
        if self.filled {
            self.context.insert_value(key, value);
        }
    }

    /// Gives the template a value (when the job is filled).
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if self.filled {
            self.context.insert(key, value);
        }
    }

    /// Notes that the page is made from `value` (when the render keeps a cache).
    fn depends_on(&mut self, value: impl Hash) {
        if let Some(fingerprint) = &mut self.fingerprint {
            fingerprint.add(value);
        }
    }

    /// Gives the template `value`, and notes that the page is made from it.
    fn show(&mut self, key: &'static str, value: &impl Serialize) {
        self.insert(key, value);
        if let Some(fingerprint) = &mut self.fingerprint {
            fingerprint.add_serialised(value);
        }
    }

    /// Gives the template the pages at `indices` as lists show them, and notes their versions.
    fn show_pages(&mut self, key: &'static str, site: &Site, refs: &Refs, indices: &[usize]) {
        if self.filled {
            self.insert_value(key, refs.of(indices.iter().copied()));
        }
        self.depends_on_pages(site, indices);
    }

    /// Notes that the page shows the page versions `versions`, in that order.
    fn depends_on_versions(&mut self, versions: impl IntoIterator<Item = u64>) {
        if let Some(fingerprint) = &mut self.fingerprint {
            fingerprint.add_versions(versions);
        }
    }

    /// Notes that the page shows the pages at `indices`, in that order.
    fn depends_on_pages(&mut self, site: &Site, indices: &[usize]) {
        if let Some(fingerprint) = &mut self.fingerprint {
            fingerprint.add_pages(site, indices);
        }
    }
}

/// The template and output path of one target; its fingerprint when `shared` (the fingerprint
/// of what all pages are made from) is given; its values when `filled`.
fn job<'a>(
    site: &'a Site,
    refs: &Refs,
    target: Target<'a>,
    path: String,
    shared: Option<u64>,
    filled: bool,
) -> Job<'a> {
    let shared = (shared, filled);
    let mut job = match target {
        Target::Page(page) => {
            let template = page
                .template
                .clone()
                .unwrap_or_else(|| kind_template(page.kind).to_string());
            let mut job = Job::new(template, path, &page.url, shared);
            job.insert("page", page);
            job.depends_on_versions([page.version]);
            for related in [
                &page.hosts,
                &page.curators,
                &page.members,
                &page.hosted_events,
                &page.curated_toolkits,
                &page.groups,
            ] {
                job.depends_on_versions(related.iter().map(|r| r.version));
            }
            if job.filled {
                let origin = site.lang.base_url.origin().ascii_serialization();
                job.insert("json_ld", &super::json_ld::for_page(page, &origin));
            }
            if let Some(section) = site.sections.get(&page.section) {
                job.show("section", section);
            }
            job.file = Some(&page.file);
            job
        }
        Target::Home => {
            let events: Vec<usize> = (0..site.pages.len())
                .filter(|i| site.pages[*i].event.is_some())
                .collect();
            let (mut upcoming, _) = split_events(site, &events);
            upcoming.truncate(5);
            let newest = |kind: Kind| {
                let mut pages: Vec<usize> = (0..site.pages.len())
                    .filter(|i| site.pages[*i].kind == kind)
                    .collect();
                pages.sort_by(|a, b| Page::newest_first(&site.pages[*a], &site.pages[*b]));
                pages.truncate(3);
                pages
            };
            let groups: Vec<usize> = (0..site.pages.len())
                .filter(|i| {
                    site.pages[*i].profile.as_ref().is_some_and(|pr| {
                        pr.kind == crate::content::front_matter::ProfileKind::Group
                    })
                })
                .collect();
            let profile_count = site
                .pages
                .iter()
                .filter(|p| p.kind == Kind::Profile)
                .count();
            let mut job = Job::new("home.html", path, site.lang.base_path(), shared);
            job.insert("page", &site.home);
            job.depends_on_versions(site.home.as_ref().map(|home| home.version));
            for (key, pages) in [
                ("upcoming_events", upcoming),
                ("recent_toolkits", newest(Kind::Toolkit)),
                ("recent_posts", newest(Kind::Post)),
                ("groups", groups),
            ] {
                job.show_pages(key, site, refs, &pages);
            }
            job.insert("profile_count", &profile_count);
            job.depends_on(profile_count);
            job.file = site.home.as_ref().map(|h| &h.file);
            job
        }
        Target::List(page) => lists::job(site, refs, page, path, shared),
        Target::Taxonomy(taxonomy) => {
            let mut job = Job::new("taxonomy.html", path, &taxonomy.url, shared);
            job.show("taxonomy", taxonomy);
            job
        }
        Target::Subscribe(term) => {
            let within = path.strip_suffix("index.html").unwrap_or(&path).to_string();
            let url = format!("{}{within}", site.lang.base_path());
            let mut job = Job::new("subscribe.html", path, &url, shared);
            job.show("calendar", &subscribe_view(site, term));
            job
        }
        Target::Search => {
            let url = format!("{}search/", site.lang.base_path());
            Job::new("search.html", path, &url, shared)
        }
        Target::NotFound => Job::new("404.html", path, "", shared),
    };
    let preview = preview::of(site, target, &job.path);
    job.show("preview", &preview);
    job
}

/// What a calendar's subscription page shows (`calendar`): its title, the page it belongs to
/// (the events list or the term's page), where its file is and the links that subscribe to it.
#[derive(Serialize)]
struct SubscribeView<'a> {
    title: String,
    back_url: &'a str,
    back_title: &'a str,
    file_url: String,
    links: Subscription,
}

/// The subscription page's values for the hub's calendar (`term` is `None`) or a term's. The
/// name Outlook gives the calendar is the one its file gives it.
fn subscribe_view<'a>(site: &'a Site, term: Option<&'a Term>) -> SubscribeView<'a> {
    let words = &site.lang.words;
    let hub = &site.lang.title;
    let (title, name, file, back_url, back_title) = match term {
        Some(term) => (
            words
                .text("subscribe_term_title")
                .replace("{term}", &term.name),
            format!("{hub} · {}", term.name),
            format!("{}events.ics", term.path),
            term.url.as_str(),
            term.name.as_str(),
        ),
        None => {
            let events = site.sections.get("events");
            (
                words.text("subscribe_site_title").to_string(),
                hub.clone(),
                "events.ics".to_string(),
                events.map_or(site.lang.base_path(), |s| s.url.as_str()),
                events.map_or(hub.as_str(), |s| s.title.as_str()),
            )
        }
    };
    SubscribeView {
        title,
        links: subscription(&site.lang.absolute(&file), &name),
        back_url,
        back_title,
        file_url: format!("{}{file}", site.lang.base_path()),
    }
}

/// Upcoming events (soonest first) and past ones (latest first) among the pages at `indices`,
/// at build time.
fn split_events(site: &Site, indices: &[usize]) -> (Vec<usize>, Vec<usize>) {
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
    (upcoming, past)
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

/// The heading of a kind's pages on a term page, in the hub's language.
fn kind_heading(kind: Kind, words: &Words) -> &str {
    words.text(match kind {
        Kind::Profile => "heading_profiles",
        Kind::Event => "heading_events",
        Kind::Toolkit => "heading_toolkits",
        Kind::Post => "heading_posts",
        Kind::Page | Kind::Home | Kind::Section => "heading_pages",
    })
}

/// Tera with the theme's templates, our filters, and the values every template sees: `site`,
/// and `t`, the words of the hub's language.
fn load_templates(view: &SiteView, words: &Words, theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| slugify(text));
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(name, file)| (name.as_str(), file.text.as_str())),
    )
    .map_err(|error| vec![template_error(theme, "", error, None)])?;
    tera.global_context().insert("site", view);
    tera.global_context().insert("t", words.entries());
    Ok(tera)
}

fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let languages = site
        .languages
        .iter()
        .map(|lang| LanguageView {
            code: &lang.code,
            name: &lang.name,
            base_path: lang.base_path(),
            base_url: lang.base_url.as_str(),
        })
        .collect();
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
        title: &site.lang.title,
        description: &site.lang.description,
        base_url: site.lang.base_url.as_str(),
        base_path: site.lang.base_path(),
        language: &site.lang.code,
        search: site.search,
        extra: &config.extra,
        languages,
        nav: &site.menu,
        join: site.join.as_ref(),
        logo: config.logo.as_ref(),
        contact: config.contact.as_deref(),
        social: &config.social,
        taxonomies,
        contribute: config
            .repository
            .as_ref()
            .map(|repository| crate::site::contribute::for_site(repository, &site.lang)),
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
