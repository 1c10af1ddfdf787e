//! `cargo bench`: the hot stages of a build, one at a time, on the example hub (or on the hub
//! named by `CONVENE_BENCH_HUB`, such as a generated corpus):
//!
//! - `read`: walking `content/` and parsing every file's front matter;
//! - `markdown`: rendering every body (links resolved, code highlighted, sanitised when needed);
//! - `highlight`: one long code block through syntect;
//! - `link`: the whole site model (Markdown included), relations and taxonomies;
//! - `render`: every HTML page, feed and calendar, kept in memory (the events' cards from the
//!   cache after the first round);
//! - `cards`: drawing every event's preview card, as a build without the cache does;
//! - `search`: reading those pages for the search index, and writing the index;
//! - `write`: writing every file to a fresh output folder and swapping it in;
//! - `edit`: in `convene serve`, a sentence added to one event's text, applied to the site kept
//!   in memory (the search index, made in the background, aside).

use std::path::PathBuf;

use convene::content::Source;
use convene::markdown::{LinkTargets, MarkdownRenderer};
use convene::outputs::{self, Collect, Output, Sink};
use convene::site::{Assembly, Versions};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rayon::prelude::*;

/// The moment the benchmarks take as now, so that every run renders the same site.
const NOW: &str = "2026-11-23T00:00:00Z";

fn options() -> convene::BuildOptions {
    let source = std::env::var_os("CONVENE_BENCH_HUB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("example-site"));
    convene::BuildOptions {
        source,
        now: Some(NOW.parse().unwrap()),
        ..Default::default()
    }
}

/// Every file of the site except the search index, in memory.
fn rendered(linked: &convene::Linked, options: &convene::BuildOptions) -> Vec<Output> {
    let collected = Collect::default();
    let render = outputs::Render {
        site: &linked.sites[0],
        theme: &linked.theme,
        root: &options.source,
        cache: None,
        scope: outputs::Scope::All,
    };
    outputs::render_site(render, &collected, None).expect("the hub renders");
    collected.into_sorted()
}

fn stages(c: &mut Criterion) {
    let options = options();
    let root = options.source.clone();
    let linked = convene::load(&options).expect("the hub builds");
    let renderer = MarkdownRenderer::new(linked.config.allow_raw_html);
    let content = convene::content::load(&root, false, None);
    let targets: LinkTargets = content
        .sources
        .iter()
        .map(|s| (s.file.clone(), format!("/{}", s.path)))
        .collect();

    c.bench_function("read", |b| {
        b.iter(|| convene::content::load(&root, false, None))
    });
    c.bench_function("markdown", |b| {
        b.iter(|| {
            for source in &content.sources {
                let _ = renderer.render(source, &targets, &mut Vec::new());
            }
        })
    });
    let code: Source = {
        let mut source = (*content.sources[0]).clone();
        let line = "    let total: u32 = items.iter().map(|i| i.count * 2).sum(); // add up\n";
        source.text = format!(
            "---\ntitle: Code\n---\n```rust\nfn main() {{\n{}}}\n```\n",
            line.repeat(200)
        );
        source.body_start = "---\ntitle: Code\n---\n".len();
        source
    };
    c.bench_function("highlight", |b| {
        b.iter(|| renderer.render(&code, &targets, &mut Vec::new()))
    });
    c.bench_function("link", |b| {
        b.iter_batched(
            || convene::content::load(&root, false, None),
            |content| {
                let versions = Versions::default();
                let with = Assembly {
                    config: &linked.config,
                    languages: &linked.languages,
                    lang: &linked.languages[0],
                    search: true,
                    renderer: &renderer,
                    now: NOW.parse().unwrap(),
                    versions: &versions,
                };
                convene::site::assemble(&with, content, None)
            },
            BatchSize::LargeInput,
        )
    });
    c.bench_function("render", |b| b.iter(|| rendered(&linked, &options)));
    edit(c, &options);
    let files = rendered(&linked, &options);
    let mut group = c.benchmark_group("slow");
    group.sample_size(10);
    let writer = outputs::search::Writer::new();
    group.bench_function("search", |b| {
        b.iter(|| {
            let pages: Vec<_> = files
                .par_iter()
                .filter_map(|file| outputs::search::read(&writer, file))
                .collect();
            outputs::search::render(&writer, &pages.iter().collect::<Vec<_>>())
        })
    });
    group.bench_function("cards", |b| {
        b.iter_batched(
            // A hub folder of its own each time, whose cache of cards is empty.
            || tempfile::tempdir().expect("a scratch folder"),
            |scratch| {
                let render = outputs::Render {
                    site: &linked.sites[0],
                    theme: &linked.theme,
                    root: scratch.path(),
                    cache: None,
                    scope: outputs::Scope::All,
                };
                let problems = outputs::cards::render(&render, &Collect::default());
                assert!(problems.is_empty(), "{problems:?}");
                scratch
            },
            BatchSize::PerIteration,
        )
    });
    let scratch = tempfile::tempdir().expect("a scratch folder");
    group.bench_function("write", |b| {
        b.iter_batched(
            || {
                let output = scratch.path().join("public");
                let _ = std::fs::remove_dir_all(&output);
                let _ = std::fs::remove_dir_all(scratch.path().join(".public.convene-spare"));
                output
            },
            |output| {
                let staging = convene::write::Staging::begin(&output).unwrap();
                for file in &files {
                    staging.put(file.clone()).unwrap();
                }
                staging.publish().unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The `edit` stage, on a copy of the hub (its `public/` and `.convene/` left out).
fn edit(c: &mut Criterion, options: &convene::BuildOptions) {
    let copy = tempfile::tempdir().expect("a scratch folder");
    let source = &options.source;
    let kept = |entry: &walkdir::DirEntry| {
        let name = entry.file_name().to_string_lossy();
        entry.depth() != 1 || !(name == "public" || name == ".convene")
    };
    for entry in walkdir::WalkDir::new(source).into_iter().filter_entry(kept) {
        let entry = entry.expect("the hub is readable");
        let to = copy.path().join(entry.path().strip_prefix(source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let mut preview = convene::serve::preview::Preview::new(convene::BuildOptions {
        source: copy.path().to_path_buf(),
        ..options.clone()
    });
    assert!(!preview.rebuild(&[]).failed(), "the hub builds");
    // An event page in the default language that is published (not the section's `_index.md`).
    let mut events: Vec<PathBuf> = std::fs::read_dir(copy.path().join("content/events"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    events.sort();
    let event = events
        .into_iter()
        .filter(|path| {
            let name = path.file_stem().unwrap().to_string_lossy();
            !name.starts_with('_') && !name.contains('.')
        })
        .find(|path| {
            !std::fs::read_to_string(path)
                .unwrap()
                .contains("draft: true")
        })
        .expect("the hub has an event");
    let mut round = 0;
    c.bench_function("edit", |b| {
        b.iter(|| {
            round += 1;
            let mut text = std::fs::read_to_string(&event).unwrap();
            text.push_str(&format!("\nA sentence added in round {round}.\n"));
            std::fs::write(&event, text).unwrap();
            let rebuild = preview.rebuild(std::slice::from_ref(&event));
            assert!(
                rebuild.patched && !rebuild.failed(),
                "{:?}",
                rebuild.problems
            );
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
