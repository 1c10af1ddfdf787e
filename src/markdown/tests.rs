//! The Markdown renderer's tests: links, anchors, pictures, sanitising and highlighting.

use super::*;

#[test]
fn html_becomes_plain_text() {
    assert_eq!(
        html_to_text("<p>Bring a <em>question</em> &amp; a friend.</p>\n<p>Second.</p>"),
        "Bring a question & a friend.\n\nSecond."
    );
}

#[test]
fn plain_text_joins_the_lines_of_a_paragraph_and_leaves_out_heading_anchors() {
    let html = MarkdownRenderer::new(false)
        .render(
            &source("Bring a question you are\nwrestling with, big or\nsmall.\n\n## Agenda\n\n- Coffee\n- Tables  \n  and talk\n"),
            &LinkTargets::new(),
            &mut Vec::new(),
        )
        .unwrap()
        .html;
    assert_eq!(
        html_to_text(&html),
        "Bring a question you are wrestling with, big or small.\n\nAgenda\n\nCoffee\nTables\nand talk"
    );
}

#[test]
fn resolves_relative_and_root_links() {
    let mut targets = LinkTargets::new();
    targets.insert(
        PathBuf::from("content/events/coffee.md"),
        "/events/coffee/".into(),
    );
    targets.insert(
        PathBuf::from("content/profiles/ann/index.md"),
        "/profiles/ann/".into(),
    );
    let hub = HubAddresses::default();
    let from = LinkFrom {
        file: Path::new("content/posts/news.md"),
        path: "posts/news/",
        base_path: "/",
        hub: &hub,
    };
    let resolve = |d: &'static str| {
        resolve_link(&from, &CowStr::from(d), &targets, &mut Vec::new()).map(|link| link.href)
    };
    assert_eq!(
        resolve("../events/coffee.md").unwrap().as_ref(),
        "/events/coffee/"
    );
    assert_eq!(
        resolve("@/events/coffee.md#where").unwrap().as_ref(),
        "/events/coffee/#where"
    );
    assert_eq!(
        resolve("@/profiles/ann.md").unwrap().as_ref(),
        "/profiles/ann/"
    );
    assert_eq!(
        resolve("https://example.org/a.md").unwrap().as_ref(),
        "https://example.org/a.md"
    );
    assert!(resolve("../events/missing.md").is_err());
}

/// A body read from a file, as a build reads it.
fn source(body: &str) -> Source {
    let hub = tempfile::tempdir().unwrap();
    let file = Path::new("content/posts/sample.md");
    std::fs::create_dir_all(hub.path().join("content/posts")).unwrap();
    let text = format!("---\ntitle: Sample\ndate: 2026-11-01\n---\n{body}");
    std::fs::write(hub.path().join(file), text).unwrap();
    crate::content::read_source(hub.path(), file).unwrap()
}

#[test]
fn bodies_the_sanitiser_would_not_change_skip_it() {
    let body = r#"# Title with `code` and "quotes"

Text with *emphasis*, **strong**, ~~struck~~, 'single' and "double" quotes, & < > signs,
an [external link](https://example.org/a?b=1&c="2" "A title"), a <https://example.org> autolink,
mail <someone@example.org>, a [phone](tel:+15555550100), a [relative](../about/#team) link.
Line with a hard break  
and an image ![Alt "text"](/img/a.png "Pic").

> A quote with a list:
> 1. one
> 2. two

3. starts at three
4. four

- [x] done
- [ ] to do

| Day | Topic |
|-----|-------|
| Sat | Math & "more" |

---

```rust
fn main() { println!("hi <there> & 'you'"); }
```

```unknown-language
plain <text> & "quotes"
```

    indented code
"#;
    let renderer = MarkdownRenderer::new(false);
    let html = renderer
        .render(&source(body), &LinkTargets::new(), &mut Vec::new())
        .unwrap()
        .html;
    assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    // Written through a permissive sanitiser, the HTML reads the same before and after our
    // own sanitiser: it would have removed nothing.
    let mut everything = ammonia::Builder::default();
    everything
        .add_tags(["input"])
        .add_generic_attributes([
            "class", "id", "style", "rel", "type", "checked", "disabled", "start", "title",
        ])
        .add_generic_attribute_prefixes(["data-", "aria-"])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto", "tel", "ftp", "data"].into());
    let ours = renderer.sanitizer.as_ref().unwrap();
    assert_eq!(
        everything.clean(&html).to_string(),
        everything.clean(&ours.clean(&html).to_string()).to_string()
    );
}

#[test]
fn raw_html_and_other_schemes_are_sanitised() {
    let renderer = MarkdownRenderer::new(false);
    let render = |body: &str| {
        renderer
            .render(&source(body), &LinkTargets::new(), &mut Vec::new())
            .unwrap()
            .html
    };
    let html = render("Hi <script>alert(1)</script> <b onclick=\"x()\">there</b>\n");
    assert!(
        !html.contains("<script") && !html.contains("onclick"),
        "{html}"
    );
    let html = render("A [file](ftp://example.org/f) here.\n");
    assert!(!html.contains("ftp:"), "{html}");
    let html = render("| a |\n|:-:|\n| b |\n");
    assert!(!html.contains("style"), "{html}");
}

#[test]
fn an_svg_gives_its_size_from_width_and_height_or_its_view_box() {
    assert_eq!(
        svg_size("<svg width=\"120px\" height=\"80\" viewBox=\"0 0 12 8\">"),
        Some((120, 80))
    );
    assert_eq!(svg_size("<svg viewBox=\"0,0,64,32\">"), Some((64, 32)));
    assert_eq!(svg_size("<svg width=\"100%\" height=\"100%\">"), None);
    assert_eq!(svg_size("<html>"), None);
}

#[test]
fn a_table_scrolls_in_its_own_box_and_heading_links_speak_the_hub_language() {
    let page = source("## Plan\n\n| When | Where |\n|---|---|\n| Saturday | Denton |\n");
    let renderer = MarkdownRenderer::new(false).with_anchor_label("Enlace a esta sección");
    let html = renderer
        .render(&page, &LinkTargets::new(), &mut Vec::new())
        .unwrap()
        .html;
    assert!(
        html.contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
        "{html}"
    );
    assert!(html.contains("</table>\n</div>"), "{html}");
    assert!(
        html.contains("aria-label=\"Enlace a esta sección\""),
        "{html}"
    );
}

#[test]
fn root_relative_pictures_and_files_are_published_under_the_hubs_path() {
    let html = MarkdownRenderer::new(false)
        .with_base_path("/hub/")
        .render(
            &source("![Our banner](/uploads/banner.png)\n\n[The flyer](/files/flyer.pdf), [already](/hub/files/a.pdf), [elsewhere](//cdn.example.org/x.png)\n"),
            &LinkTargets::new(),
            &mut Vec::new(),
        )
        .unwrap()
        .html;
    assert!(html.contains("src=\"/hub/uploads/banner.png\""), "{html}");
    assert!(html.contains("href=\"/hub/files/flyer.pdf\""), "{html}");
    assert!(html.contains("href=\"/hub/files/a.pdf\""), "{html}");
    assert!(html.contains("href=\"//cdn.example.org/x.png\""), "{html}");
    let at_root = MarkdownRenderer::new(false)
        .render(
            &source("![Our banner](/uploads/banner.png)\n"),
            &LinkTargets::new(),
            &mut Vec::new(),
        )
        .unwrap()
        .html;
    assert!(at_root.contains("src=\"/uploads/banner.png\""), "{at_root}");
}
