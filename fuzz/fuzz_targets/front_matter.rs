//! Any bytes as a Markdown file of any kind: decoded, split and typed without a panic; a page
//! that loads has its body where it says, and every problem points inside the file.
#![no_main]

use std::path::Path;

use convene::content::parse_source;
use libfuzzer_sys::fuzz_target;

/// The first byte picks the file, and so the kind of page and the keys it may have.
const FILES: [&str; 8] = [
    "content/_index.md",
    "content/events/_index.md",
    "content/about.md",
    "content/profiles/ann.md",
    "content/profiles/bob/index.md",
    "content/events/coffee.md",
    "content/toolkits/start.md",
    "content/posts/hello.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let file = Path::new(FILES[usize::from(which) % FILES.len()]);
    match parse_source(file, bytes.to_vec()) {
        Ok(source) => {
            assert!(source.text.ends_with(source.body()));
            // An empty body (the file ends at the closing `---`) has no first line to point at.
            if !source.body().is_empty() {
                let lines_before = source.text[..source.body_start].matches('\n').count();
                assert_eq!(source.body_line, lines_before + 1, "the body's first line");
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            let lines = 1 + bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count();
            for problem in &problems {
                assert_eq!(problem.path, file);
                assert!(problem.line <= lines + 1, "{problem}");
                if let Some(line) = &problem.source_line {
                    let width = line.chars().count();
                    assert!(problem.column <= width + 1, "{problem}");
                }
                let _ = problem.to_string();
            }
        }
    }
});
