//! Any text as a page body, rendered with and without the sanitiser: no panic, and with it no
//! script can run from the page (as a browser's tokenizer reads the HTML).
#![no_main]

use std::path::{Path, PathBuf};

use convene::content::parse_source;
use convene::markdown::{LinkTargets, MarkdownRenderer};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/html.rs"]
mod html;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let text = format!("---\ntitle: Fuzz\n---\n{}", String::from_utf8_lossy(body));
    let Ok(source) = parse_source(Path::new("content/notes.md"), text.into_bytes()) else {
        return;
    };
    let allow_raw_html = flags & 1 == 1;
    let mut targets = LinkTargets::new();
    targets.insert(PathBuf::from("content/about.md"), "/about/".into());
    targets.insert(
        PathBuf::from("content/events/coffee.md"),
        "/events/coffee/".into(),
    );
    let renderer = MarkdownRenderer::new(allow_raw_html);
    let rendered = renderer.render(&source, &targets, &mut Vec::new());
    match rendered {
        Ok(rendered) => {
            if !allow_raw_html {
                let openings = html::script_openings(&rendered.html);
                assert!(openings.is_empty(), "{openings:?} in {}", rendered.html);
            }
            for link in &rendered.fragment_links {
                assert!(link.place.line >= source.body_line);
            }
        }
        Err(problems) => {
            let lines = source.text.lines().count();
            for problem in problems {
                assert!(
                    problem.line >= source.body_line && problem.line <= lines,
                    "{problem}"
                );
            }
        }
    }
});
