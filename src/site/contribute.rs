//! The links that lead members to the hub's issue forms on GitHub ("Suggest a correction",
//! "Add your profile", "Announce an event", "Suggest a resource"), made for one language's site
//! when hub.yaml names the hub's `repository`. Each opens the form of the site's language
//! ([`FormKind::file_name`]) with what the page already knows filled in, through GitHub's
//! issue-form parameters (`template`, `title`, and a field's `id`).

use serde::Serialize;
use url::Url;

use crate::config::Repository;
use crate::contribute::{CORRECTION_PAGE_FIELD, FormKind, RESOURCE_TOOLKIT_FIELD};
use crate::languages::Lang;

/// What a page's template sees as `page.contribute`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageContribute {
    /// The correction form, titled "Correction: TITLE" and naming the page's address.
    pub correction: String,
    /// For a toolkit: the resource form, naming the toolkit.
    pub resource: Option<String>,
}

/// What every template sees as `site.contribute`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteContribute {
    /// The profile form (the directory and the footer link to it).
    pub profile: String,
    /// The event form (the events list links to it).
    pub event: String,
}

/// The address that opens `form` of `repository` in `lang`'s language, with `fields` filled
/// in (`title`, or a field of the form by its `id`), each value percent-encoded.
pub fn form_url(
    repository: &Repository,
    form: FormKind,
    lang: &Lang,
    fields: &[(&str, &str)],
) -> String {
    let mut url: Url = repository.new_issue();
    url.query_pairs_mut()
        .append_pair("template", &form.file_name(&lang.code, lang.is_default))
        .extend_pairs(fields);
    url.into()
}

/// The links of a page titled `title` at the absolute address `permalink`, in `lang`'s site;
/// `toolkit` says whether it is a toolkit, whose members suggest resources for it.
pub fn for_page(
    repository: &Repository,
    lang: &Lang,
    title: &str,
    permalink: &str,
    toolkit: bool,
) -> PageContribute {
    let issue_title = lang
        .words
        .fill("contribute_correction_title", &[("title", title)]);
    PageContribute {
        correction: form_url(
            repository,
            FormKind::Correction,
            lang,
            &[("title", &issue_title), (CORRECTION_PAGE_FIELD, permalink)],
        ),
        resource: toolkit.then(|| {
            form_url(
                repository,
                FormKind::Resource,
                lang,
                &[(RESOURCE_TOOLKIT_FIELD, title)],
            )
        }),
    }
}

/// The links every page of `lang`'s site may show.
pub fn for_site(repository: &Repository, lang: &Lang) -> SiteContribute {
    SiteContribute {
        profile: form_url(repository, FormKind::Profile, lang, &[]),
        event: form_url(repository, FormKind::Event, lang, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Words;

    fn lang(code: &str, is_default: bool) -> Lang {
        Lang {
            code: code.to_string(),
            name: code.to_string(),
            base_url: Url::parse("https://example.org/").unwrap(),
            words: Words::english(),
            is_default,
            title: "Red".into(),
            description: String::new(),
            locale: crate::languages::open_graph_locale(code),
        }
    }

    #[test]
    fn values_are_percent_encoded_and_forms_follow_the_language() {
        let repository = Repository::parse("https://github.com/ntx-educators/hub").unwrap();
        let links = for_page(
            &repository,
            &lang("es", false),
            "Q&A: 100% #math + más",
            "https://example.org/es/posts/q-a/",
            true,
        );
        let url = Url::parse(&links.correction).unwrap();
        assert_eq!(url.path(), "/ntx-educators/hub/issues/new");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [
                ("template".into(), "correction-es.yml".into()),
                ("title".into(), "Correction: Q&A: 100% #math + más".into()),
                ("page".into(), "https://example.org/es/posts/q-a/".into()),
            ]
        );
        assert!(url.fragment().is_none());
        let resource = Url::parse(links.resource.as_deref().unwrap()).unwrap();
        assert_eq!(
            resource.query_pairs().into_owned().collect::<Vec<_>>(),
            [
                ("template".to_string(), "resource-es.yml".to_string()),
                ("toolkit".to_string(), "Q&A: 100% #math + más".to_string()),
            ]
        );
        let site = for_site(&repository, &lang("en", true));
        assert_eq!(
            site.profile,
            "https://github.com/ntx-educators/hub/issues/new?template=profile.yml"
        );
        assert_eq!(
            site.event,
            "https://github.com/ntx-educators/hub/issues/new?template=event.yml"
        );
    }
}
