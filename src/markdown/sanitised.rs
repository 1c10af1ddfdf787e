//! What the sanitiser removes from raw HTML a member wrote, found so that `convene check` can
//! say so at its line: an embed, a script, a form, an `on…` attribute, a `style`. The build keeps
//! working (the sanitiser removes them); the organiser learns why the page lost them.

/// One thing the sanitiser removes: where it starts in the HTML, what it is, why it goes and
/// what to write instead.
#[derive(Debug, PartialEq)]
pub struct Removed {
    /// Byte offset of the tag or attribute in the HTML text.
    pub offset: usize,
    /// What is removed and why.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

/// The elements and attributes of `html` the sanitiser removes, in order.
pub fn removed(html: &str) -> Vec<Removed> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(open) = lower[at..].find('<').map(|i| at + i) {
        let end = lower[open..].find('>').map_or(lower.len(), |i| open + i);
        let tag = &lower[open + 1..end];
        at = end.max(open + 1);
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if let Some((message, help)) = element(&name, tag) {
            found.push(Removed {
                offset: open,
                message,
                help,
            });
            continue;
        }
        for (offset, attribute) in attributes(tag) {
            let offset = open + 1 + offset;
            if attribute.starts_with("on") && attribute.len() > 2 {
                found.push(Removed {
                    offset,
                    message: format!("the attribute `{attribute}` is removed: it would run a script in every reader's browser, which convene does not allow, for members' safety"),
                    help: "remove it; links and the page's own controls work without it".into(),
                });
            } else if attribute == "style" {
                found.push(Removed {
                    offset,
                    message: "the attribute `style` is removed: colours and layout come from the theme, so that every page stays readable in light and dark mode".into(),
                    help: "remove it, or change the look for every page in the theme's style.css".into(),
                });
            }
        }
    }
    found
}

/// Why the element `name` (with its whole opening `tag`) is removed, if it is.
fn element(name: &str, tag: &str) -> Option<(String, String)> {
    let (message, help) = match name {
        "iframe" | "embed" | "object" => {
            let (what, instead) = if ["youtube", "youtu.be", "vimeo"].iter().any(|h| tag.contains(h)) {
                ("a video player", "a link to the video, such as [Watch the talk (video)](https://www.youtube.com/watch?v=…); the page shows it as a link")
            } else if ["docs.google.com/forms", "forms.gle", "forms.office.com", "forms.microsoft.com"].iter().any(|h| tag.contains(h)) {
                ("a form", "a link to the form, such as [Sign up for the meetup](https://forms.gle/…)")
            } else if tag.contains("padlet") {
                ("a Padlet wall", "a link to the Padlet, such as [Add your idea to our Padlet](https://padlet.com/…)")
            } else {
                ("another site's page", "a link to it")
            };
            (
                format!("this `<{name}>` is removed: it would load {what} from another site into the page, which lets that site follow every reader"),
                format!("write {instead}"),
            )
        }
        "script" => (
            "this `<script>` is removed: a script in a page would run in every reader's browser, which convene does not allow, for members' safety".to_string(),
            "remove it; to offer a tool, link to it".to_string(),
        ),
        "form" => (
            "this `<form>` is removed: a form in a page would send readers' answers to another site".to_string(),
            "link to the form instead, such as [Sign up](https://forms.gle/…)".to_string(),
        ),
        "style" => (
            "this `<style>` is removed: colours and layout come from the theme, so that every page stays readable".to_string(),
            "change the look for every page in the theme's style.css".to_string(),
        ),
        "video" | "audio" | "svg" | "canvas" | "button" | "select" | "textarea" | "link" | "meta" | "base" => (
            format!("this `<{name}>` is removed: convene publishes only the HTML a page's text needs"),
            "link to the file or page instead, or write the text in Markdown".to_string(),
        ),
        _ => return None,
    };
    Some((message, help))
}

/// The attribute names of an opening `tag` (without `<` and `>`), with their offsets in it.
fn attributes(tag: &str) -> Vec<(usize, &str)> {
    let bytes = tag.as_bytes();
    let mut found = Vec::new();
    let mut index = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    while index < bytes.len() {
        while index < bytes.len() && (bytes[index].is_ascii_whitespace() || bytes[index] == b'/') {
            index += 1;
        }
        let start = index;
        while index < bytes.len() && !matches!(bytes[index], b'=' | b' ' | b'\t' | b'\n' | b'/') {
            index += 1;
        }
        if start < index {
            found.push((start, &tag[start..index]));
        }
        if index < bytes.len() && bytes[index] == b'=' {
            index += 1;
            match bytes.get(index) {
                Some(&quote @ (b'"' | b'\'')) => {
                    index += 1;
                    while index < bytes.len() && bytes[index] != quote {
                        index += 1;
                    }
                    index += 1;
                }
                _ => {
                    while index < bytes.len() && !bytes[index].is_ascii_whitespace() {
                        index += 1;
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_scripts_forms_and_handlers_are_named() {
        let html = "<p onclick=\"go()\">Hi</p>\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n<script>alert(1)</script><form action=\"/x\"><span style=\"color:red\">x</span>";
        let found = removed(html);
        let messages: Vec<&str> = found.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(found.len(), 5, "{messages:#?}");
        assert!(messages[0].starts_with("the attribute `onclick` is removed"));
        assert_eq!(found[0].offset, 3);
        assert!(messages[1].contains("a video player"));
        assert!(found[1].help.contains("Watch the talk"));
        assert!(messages[2].starts_with("this `<script>` is removed"));
        assert!(messages[3].starts_with("this `<form>` is removed"));
        assert!(messages[4].starts_with("the attribute `style` is removed"));
        assert!(
            removed("<p class=\"note\">Fine <a href=\"https://x.org\">link</a></p>").is_empty()
        );
        let padlet = removed("<iframe src=\"https://padlet.com/embed/abc\"></iframe>");
        assert!(padlet[0].help.contains("Padlet"));
        let form =
            removed("<iframe src=\"https://docs.google.com/forms/d/e/x/viewform?embedded=true\">");
        assert!(form[0].message.contains("a form"));
    }
}
