//! The links that lead members to the hub's issue forms on GitHub: "Suggest a correction" on
//! every page, "Add your profile" on the directory and in the footer, "Announce an event" on
//! the events list and "Suggest a resource" on each toolkit, each to the form of the site's
//! language with what the page knows filled in; none when hub.yaml names no `repository`; and
//! a `repository` that is not a repository on GitHub reported where it is written.

mod common;

use common::Hub;
use common::html::{page_text, start_tags};
use url::Url;

/// A hub in English and Spanish on GitHub; `repository` is hub.yaml's line for it.
fn hub_yaml(repository: &str) -> String {
    format!(
        "title: Hub\nbase_url: https://example.org/hub/\nlanguages: [en, es]\ntimezone: America/Chicago\n{repository}"
    )
}

/// A hub with a page of each kind, some translated into Spanish.
fn hub(repository: &str) -> Hub {
    let hub = Hub::with_config(&hub_yaml(repository));
    hub.write(
        "content/profiles/ana.md",
        "---\ntitle: Ana Ruiz\nroles: [teacher]\n---\nTeaches math.\n",
    );
    hub.write(
        "content/profiles/ana.es.md",
        "---\ntitle: Ana Ruiz\nroles: [teacher]\n---\nEnseña matemáticas.\n",
    );
    hub.write(
        "content/events/coffee.md",
        "---\ntitle: \"Coffee #3: 100% math & more\"\nstart: 2026-12-05T08:30:00\nhosts: [ana]\n---\nBring a question.\n",
    );
    hub.write(
        "content/toolkits/pln.md",
        "---\ntitle: PLN Toolkit — Start here\ncurators: [ana]\nresources:\n  - title: Building Your PLN\n    url: https://example.org/pln\n---\nWhere to start.\n",
    );
    hub.write(
        "content/toolkits/pln.es.md",
        "---\ntitle: Kit para tu red\ncurators: [ana]\nresources:\n  - title: Cómo armar tu red\n    url: https://example.org/pln\n---\nPor dónde empezar.\n",
    );
    hub.write(
        "content/posts/welcome.md",
        "---\ntitle: Welcome?\ndate: 2026-11-01\n---\nHello.\n",
    );
    hub.write(
        "content/about.md",
        "---\ntitle: About us\n---\nWho we are.\n",
    );
    hub.write(
        "content/about.es.md",
        "---\ntitle: Quiénes somos\n---\nQuiénes somos.\n",
    );
    hub
}

/// Where the issue forms of the hub's repository open.
const NEW_ISSUE: &str = "https://github.com/ntx-educators/hub/issues/new";

/// The links of `html` to the repository's issue forms, parsed, in order.
fn form_links(html: &str) -> Vec<Url> {
    start_tags(html)
        .iter()
        .filter(|tag| tag.name == "a")
        .filter_map(|tag| {
            tag.attributes
                .iter()
                .find(|(name, _)| name == "href")
                .map(|(_, href)| href.clone())
        })
        .filter(|href| href.contains("/issues/new"))
        .map(|href| Url::parse(&href).unwrap_or_else(|e| panic!("{href}: {e}")))
        .collect()
}

/// The page's main part and its footer.
fn main_and_footer(html: &str) -> (&str, &str) {
    html.split_once("<footer class=\"site-footer\"")
        .expect("every page has the site's footer")
}

/// The decoded query of `url`, field by field, in order.
fn query(url: &Url) -> Vec<(String, String)> {
    url.query_pairs().into_owned().collect()
}

/// Asserts that `links` are exactly the forms `expected`, each given as its decoded query, in
/// order, and all at the repository's new-issue page.
fn assert_forms(links: &[Url], expected: &[&[(&str, &str)]], what: &str) {
    for link in links {
        let mut bare = link.clone();
        bare.set_query(None);
        assert_eq!(bare.as_str(), NEW_ISSUE, "{what}: {link}");
        assert!(link.fragment().is_none(), "{what}: {link}");
    }
    let found: Vec<Vec<(String, String)>> = links.iter().map(query).collect();
    let expected: Vec<Vec<(String, String)>> = expected
        .iter()
        .map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    assert_eq!(found, expected, "{what}");
}

/// The footer of every page of `lang` links to the profile form of `lang`, and nothing else of
/// the repository's.
fn assert_footer(html: &str, profile_form: &str, what: &str) {
    let (_, footer) = main_and_footer(html);
    assert_forms(
        &form_links(footer),
        &[&[("template", profile_form)]],
        &format!("footer of {what}"),
    );
}

#[test]
fn every_page_links_to_the_form_of_its_language() {
    let hub = hub("repository: https://github.com/ntx-educators/hub.git\n");
    hub.build().unwrap_or_else(|e| panic!("{e:#?}"));

    struct Language {
        folder: &'static str,
        suffix: &'static str,
        correction: &'static str,
        words: [&'static str; 4],
    }
    let languages = [
        Language {
            folder: "",
            suffix: "",
            correction: "Correction: ",
            words: [
                "Suggest a correction (a form on GitHub)",
                "Add your profile (a form on GitHub)",
                "Announce an event (a form on GitHub)",
                "Suggest a resource (a form on GitHub)",
            ],
        },
        Language {
            folder: "es/",
            suffix: "-es",
            correction: "Corrección: ",
            words: [
                "Sugerir una corrección (un formulario en GitHub)",
                "Añadir tu perfil (un formulario en GitHub)",
                "Anunciar un evento (un formulario en GitHub)",
                "Proponer un recurso (un formulario en GitHub)",
            ],
        },
    ];
    for lang in &languages {
        let folder = lang.folder;
        let form = |name: &str| format!("{name}{}.yml", lang.suffix);
        let address = |path: &str| format!("https://example.org/hub/{folder}{path}");
        let [correction_words, profile_words, event_words, resource_words] = lang.words;

        // Each content page: its correction, titled with the page's title in this language's
        // site (a page not translated keeps its own), naming the page's address.
        let toolkit_title = if folder.is_empty() {
            "PLN Toolkit — Start here"
        } else {
            "Kit para tu red"
        };
        let about_title = if folder.is_empty() {
            "About us"
        } else {
            "Quiénes somos"
        };
        for (path, title) in [
            ("profiles/ana/", "Ana Ruiz"),
            ("events/coffee/", "Coffee #3: 100% math & more"),
            ("posts/welcome/", "Welcome?"),
            ("about/", about_title),
            ("toolkits/pln/", toolkit_title),
        ] {
            let html = hub.output(&format!("{folder}{path}index.html"));
            let (main, _) = main_and_footer(&html);
            let correction = form("correction");
            let issue_title = format!("{}{title}", lang.correction);
            let page = address(path);
            let correction_query: &[(&str, &str)] = &[
                ("template", &correction),
                ("title", &issue_title),
                ("page", &page),
            ];
            let resource = form("resource");
            let resource_query: &[(&str, &str)] =
                &[("template", &resource), ("toolkit", toolkit_title)];
            let expected: Vec<&[(&str, &str)]> = if path == "toolkits/pln/" {
                vec![resource_query, correction_query]
            } else {
                vec![correction_query]
            };
            assert_forms(&form_links(main), &expected, &format!("{folder}{path}"));
            let text = page_text(main);
            assert!(text.contains(correction_words), "{folder}{path}: {text}");
            if path == "toolkits/pln/" {
                assert!(text.contains(resource_words), "{folder}{path}: {text}");
            }
            assert_footer(&html, &form("profile"), &format!("{folder}{path}"));
        }

        // The directory: add your profile; the events list: announce an event.
        for (path, kind, words) in [
            ("profiles/", "profile", profile_words),
            ("events/", "event", event_words),
        ] {
            let html = hub.output(&format!("{folder}{path}index.html"));
            let (main, _) = main_and_footer(&html);
            let template = form(kind);
            assert_forms(
                &form_links(main),
                &[&[("template", &template)]],
                &format!("{folder}{path}"),
            );
            assert!(page_text(main).contains(words), "{folder}{path}");
            assert_footer(&html, &form("profile"), &format!("{folder}{path}"));
        }

        // Every other page has the footer's link.
        for path in [
            "index.html",
            "toolkits/index.html",
            "roles/teacher/index.html",
        ] {
            let html = hub.output(&format!("{folder}{path}"));
            let (main, _) = main_and_footer(&html);
            assert_forms(&form_links(main), &[], &format!("{folder}{path}"));
            assert_footer(&html, &form("profile"), &format!("{folder}{path}"));
        }
        let footer = hub.output(&format!("{folder}index.html"));
        assert!(page_text(&footer).contains(profile_words), "{folder}");
    }
}

#[test]
fn a_hub_without_a_repository_has_no_links_to_forms() {
    let hub = hub("");
    hub.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let public = hub.root.join("public");
    let pages: Vec<_> = common::walk(&public)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() > 20, "{pages:?}");
    for path in pages {
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(form_links(&html).is_empty(), "{}", path.display());
        assert!(!html.contains("class=\"contribute"), "{}", path.display());
        assert!(!html.contains("GitHub"), "{}", path.display());
    }
}

#[test]
fn the_repository_may_end_in_a_slash_or_git() {
    for line in [
        "repository: https://github.com/ntx-educators/hub\n",
        "repository: https://github.com/ntx-educators/hub/\n",
        "repository: \"https://github.com/ntx-educators/hub.git\"   # the clone address\n",
    ] {
        let hub = Hub::with_config(&hub_yaml(line));
        hub.write("content/about.md", "---\ntitle: About\n---\nHello.\n");
        hub.build().unwrap_or_else(|e| panic!("{line}: {e:#?}"));
        let html = hub.output("about/index.html");
        let links = form_links(main_and_footer(&html).0);
        assert_eq!(links.len(), 1, "{line}");
        assert_eq!(
            links[0].as_str(),
            "https://github.com/ntx-educators/hub/issues/new?template=correction.yml\
             &title=Correction%3A+About&page=https%3A%2F%2Fexample.org%2Fhub%2Fabout%2F",
            "{line}"
        );
    }
}

#[test]
fn a_repository_not_on_github_is_an_error_at_its_line() {
    for (value, message, help) in [
        (
            "https://gitlab.com/a/b",
            "not on `gitlab.com`",
            "such as `repository: https://github.com/ntx-educators/hub`",
        ),
        (
            "github.com/a",
            "must be the full address of a repository on GitHub",
            "`repository: https://github.com/a/REPOSITORY`",
        ),
        (
            "https://github.com/a",
            "names no repository",
            "`repository: https://github.com/a/REPOSITORY`",
        ),
        (
            "ntx-educators/hub",
            "must be the full address of a repository on GitHub, not `ntx-educators/hub`",
            "write `repository: https://github.com/ntx-educators/hub`",
        ),
        (
            "http://github.com/ntx-educators/hub",
            "must be an https address",
            "write `repository: https://github.com/ntx-educators/hub`",
        ),
        (
            "https://github.com/ntx-educators/hub/issues",
            "the address of the repository itself",
            "write `repository: https://github.com/ntx-educators/hub`",
        ),
    ] {
        let hub = Hub::with_config(&hub_yaml(&format!("repository: {value}\n")));
        let errors = hub.build_err();
        assert_eq!(errors.len(), 1, "{value}: {errors:#?}");
        let error = &errors[0];
        assert_eq!(error.path, std::path::Path::new("hub.yaml"), "{value}");
        assert_eq!((error.line, error.column), (5, 13), "{value}: {error}");
        assert!(error.message.contains(message), "{value}: {error}");
        assert!(
            error.message.starts_with("`repository` must"),
            "{value}: {error}"
        );
        let given = error.help.as_deref().unwrap_or_default();
        assert!(given.contains(help), "{value}: {given}");
        assert_eq!(
            error.source_line.as_deref(),
            Some(format!("repository: {value}").as_str()),
            "{value}"
        );
    }
}
