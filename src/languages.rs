//! The hub's languages, each a value computed once per run: its code, its name in itself, the
//! address its site is published under (the default at the hub's `base_url`, every other one
//! under `/CODE/`), and the theme's words in it. `Config` stays as hub.yaml says; a site is
//! built for one `Lang`.

use std::sync::Arc;

use url::Url;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Place};
use crate::i18n::{self, Words};
use crate::theme::Theme;

/// One language of the hub, as every stage sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lang {
    /// The code from hub.yaml as BCP 47 writes it (`en`, `es`, `es-MX`): also the folder of
    /// its site (`/es-MX/`) and the end of its translations' names (`about.es-MX.md`).
    pub code: String,
    /// The language's name in itself (`Español`), or its code when the theme has no words
    /// for it.
    pub name: String,
    /// The absolute URL its site is published under, ending in `/`.
    pub base_url: Url,
    /// The theme's words in this language.
    pub words: Arc<Words>,
    /// True for the hub's first language, whose site is at the hub's address.
    pub is_default: bool,
    /// The hub's name in this language (hub.yaml's `title`).
    pub title: String,
    /// The hub's description in this language (hub.yaml's `description`).
    pub description: String,
    /// The language as Open Graph names a locale (`en_US`, `es_MX`): see [`open_graph_locale`].
    pub locale: String,
}

impl Lang {
    /// The path part of `base_url`, such as `/` or `/hub/es/`; every link of the site starts
    /// with it.
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }

    /// The absolute URL of a site path such as `events/x/`.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }

    /// The folder of the output its site goes in: empty for the default, else `CODE/`.
    pub fn folder(&self) -> String {
        if self.is_default {
            String::new()
        } else {
            format!("{}/", self.code)
        }
    }
}

/// Every language of the hub, the default first, with the problems of their translation
/// files (each reported once, however many languages read a file).
pub fn of_hub(config: &Config, theme: &Theme) -> (Arc<[Lang]>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let languages = config
        .languages
        .iter()
        .enumerate()
        .map(|(index, code)| {
            let named_at = config
                .language_places
                .get(index)
                .cloned()
                .unwrap_or_else(|| Place::new("hub.yaml", "", 0, 0));
            let (words, mut found) = i18n::load(theme, code, &named_at);
            problems.append(&mut found);
            // A language the theme has no words for is named by its code.
            let name = if words.language == *code {
                words.text("language_name").to_string()
            } else {
                code.clone()
            };
            let base_url = if index == 0 {
                config.base_url.clone()
            } else {
                config
                    .base_url
                    .join(&format!("{code}/"))
                    .unwrap_or_else(|_| config.base_url.clone())
            };
            Lang {
                code: code.clone(),
                name,
                base_url,
                words,
                is_default: index == 0,
                title: config.title.get(code).to_string(),
                description: config.description.get(code).to_string(),
                locale: open_graph_locale(code),
            }
        })
        .collect();
    (languages, crate::diagnostic::sorted(problems))
}

/// The territory a language is most often published for, where a code names none: what Open
/// Graph's `language_TERRITORY` locales (and Facebook's list of them) use for it.
const USUAL_TERRITORIES: [(&str, &str); 30] = [
    ("ar", "AR"),
    ("cs", "CZ"),
    ("da", "DK"),
    ("de", "DE"),
    ("el", "GR"),
    ("en", "US"),
    ("es", "ES"),
    ("fa", "IR"),
    ("fr", "FR"),
    ("he", "IL"),
    ("hi", "IN"),
    ("ht", "HT"),
    ("it", "IT"),
    ("ja", "JP"),
    ("ko", "KR"),
    ("nb", "NO"),
    ("nl", "NL"),
    ("pl", "PL"),
    ("pt", "BR"),
    ("ro", "RO"),
    ("ru", "RU"),
    ("so", "SO"),
    ("sv", "SE"),
    ("sw", "KE"),
    ("tl", "PH"),
    ("tr", "TR"),
    ("uk", "UA"),
    ("ur", "PK"),
    ("vi", "VN"),
    ("zh", "CN"),
];

/// A language's code (BCP 47, as hub.yaml's are written) as an Open Graph locale,
/// `language_TERRITORY`: the code's own region when it has one of two letters (`es-MX` is
/// `es_MX`); else the territory the language is usually published for (`en` is `en_US`, `es`
/// is `es_ES`, Chinese in traditional script `zh_TW`); else the language's code twice (`nl` is
/// `nl_NL`). A region of three digits (`es-419`) is not a territory and counts as none.
pub fn open_graph_locale(code: &str) -> String {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or(code).to_ascii_lowercase();
    let rest: Vec<&str> = parts.collect();
    let region = rest
        .iter()
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()));
    let traditional = rest.iter().any(|part| part.eq_ignore_ascii_case("hant"));
    let territory = match (region, language.as_str()) {
        (Some(region), _) => region.to_ascii_uppercase(),
        (None, "zh") if traditional => "TW".to_string(),
        (None, _) => USUAL_TERRITORIES
            .iter()
            .find(|(known, _)| *known == language)
            .map_or_else(|| language.to_ascii_uppercase(), |(_, t)| t.to_string()),
    };
    format!("{language}_{territory}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locales_name_a_territory() {
        for (code, locale) in [
            ("en", "en_US"),
            ("es", "es_ES"),
            ("es-MX", "es_MX"),
            ("en-GB", "en_GB"),
            ("es-419", "es_ES"),
            ("zh-Hant", "zh_TW"),
            ("zh-Hans-SG", "zh_SG"),
            ("nl", "nl_NL"),
        ] {
            assert_eq!(open_graph_locale(code), locale, "{code}");
        }
    }
}
