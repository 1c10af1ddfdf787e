//! The values of a page's front matter that need no hub setting to check, checked once, when
//! the file is read: its addresses out (an event's join link and registration, a profile's
//! links, each resource's address) and its old addresses (`aliases`). Every language's site
//! takes them as they are; the problems go with the page and are reported where it is built.

use serde_saphyr::Spanned;

use super::{Kind, Source};
use crate::diagnostic::Diagnostic;
use crate::urls;

/// The checked values of one page, and the problems found with them.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// An event's join link.
    pub online: Option<String>,
    /// An event's registration link.
    pub registration: Option<String>,
    /// What the directory sorts a profile by, trimmed (`sort_name`).
    pub sort_name: Option<String>,
    /// A profile's links, by label, in label order.
    pub links: Vec<(String, String)>,
    /// The address of each resource of a toolkit, in order; `None` where it was refused.
    pub resource_urls: Vec<Option<String>>,
    /// The site paths that redirect to the page (`events/old/`).
    pub aliases: Vec<String>,
    /// What is wrong with the values above, each at its line.
    pub problems: Vec<Diagnostic>,
}

/// Checks the addresses of `source`'s front matter.
pub fn check(source: &Source) -> Checked {
    let front = &source.front;
    let mut checked = Checked::default();
    let problems = &mut checked.problems;
    if source.kind == Kind::Event {
        checked.online = front
            .online
            .as_ref()
            .and_then(|v| external(source, v, "`online`", problems));
        checked.registration = front
            .registration
            .as_ref()
            .and_then(|v| external(source, v, "`registration`", problems));
    }
    if source.kind == Kind::Profile {
        checked.sort_name = front
            .sort_name
            .as_ref()
            .and_then(|name| sort_name(source, name, problems));
        for (label, value) in &front.links {
            if let Some(url) = external(source, value, &format!("the link `{label}`"), problems) {
                checked.links.push((label.clone(), url));
            }
        }
    }
    checked.resource_urls = front
        .resources
        .iter()
        .map(|resource| match &resource.value.url {
            Some(url) => external(source, url, "the resource's `url`", problems),
            None => {
                problems.push(
                    source
                        .error_at(
                            &resource.referenced,
                            format!("the resource \"{}\" has no `url`", resource.value.title),
                        )
                        .with_help("add a line `url: https://…` to it, with the address where readers find it"),
                );
                None
            }
        })
        .collect();
    for alias in &front.aliases {
        match urls::alias_path(&alias.value) {
            Some(path) => checked.aliases.push(path),
            None => problems.push(
                source
                    .error_at(
                        &alias.referenced,
                        format!("`{}` is not a path on this site", alias.value),
                    )
                    .with_help("write the old address as a path, such as /events/old-name/"),
            ),
        }
    }
    checked
}

/// The name in `value` if it has a letter or digit to sort by; otherwise a problem.
fn sort_name(
    source: &Source,
    value: &Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let name = value.value.trim();
    if name.chars().any(char::is_alphanumeric) {
        return Some(name.to_string());
    }
    let what = if name.is_empty() {
        "`sort_name` is empty".to_string()
    } else {
        format!("`sort_name` has no letter to sort by: `{name}`")
    };
    problems.push(
        source
            .error_at(&value.referenced, what)
            .with_help("write the name the directory sorts by, family name first, such as `sort_name: Nguyen, Mai`, or delete the line to sort by the title"),
    );
    None
}

/// The address in `value` if it is a full web, mail or phone address; otherwise a problem,
/// which names the key as `what`.
pub(crate) fn external(
    source: &Source,
    value: &Spanned<String>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match urls::check_external(&value.value) {
        Ok(()) => Some(value.value.trim().to_string()),
        Err(message) => {
            let text = value.value.trim();
            // An email address written as it is said: mail links start with `mailto:`.
            let help = if text.contains('@') && !text.contains([':', '/', ' ']) {
                format!("for an email address, write `mailto:{text}`")
            } else {
                "write a full web address starting with https://".to_string()
            };
            problems.push(
                source
                    .error_at(&value.referenced, format!("{what}: {message}"))
                    .with_help(help),
            );
            None
        }
    }
}
