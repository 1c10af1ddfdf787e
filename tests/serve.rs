//! `convene serve`: the incremental rebuild must always equal a full build, and the real server
//! must serve each change, announce it, show errors and recover.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use common::{Hub, Server};
use convene::serve::preview::{Preview, Rebuild, SearchIndexer};

/// A small deterministic random number generator (xorshift), so a failing sequence can be
/// replayed from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The hub's Markdown files below `folder`, as paths relative to the hub.
fn pages(hub: &Path, folder: &str) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(hub.join("content").join(folder))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                // Translations are edited with their originals (see `edit`).
                .filter(|name| {
                    name.ends_with(".md") && name != "_index.md" && !name.ends_with(".es.md")
                })
                .map(|name| format!("content/{folder}/{name}"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Replaces the front matter line starting with `key:` (or adds it after the title); `None`
/// removes it.
fn set_key(text: &str, key: &str, value: Option<&str>) -> String {
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = text
        .lines()
        .filter(|line| !line.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    if let Some(value) = value {
        let at = lines
            .iter()
            .position(|l| l.starts_with("title:"))
            .map_or(1, |i| i + 1);
        lines.insert(at, format!("{key}: {value}"));
    }
    lines.join("\n") + "\n"
}

/// One random edit of the hub, the way an organiser makes them. Returns the files it touched
/// and a description for the failure message.
fn edit(
    hub: &Path,
    random: &mut Random,
    step: usize,
    broken: &mut Option<(PathBuf, String)>,
) -> (Vec<PathBuf>, String) {
    // A file broken by the previous step is fixed first.
    if let Some((file, text)) = broken.take() {
        fs::write(&file, text).unwrap();
        return (vec![file.clone()], format!("fixed {}", file.display()));
    }
    let profiles: Vec<String> = pages(hub, "profiles")
        .iter()
        .map(|p| {
            p.trim_start_matches("content/profiles/")
                .trim_end_matches(".md")
                .to_string()
        })
        .chain(["bob".to_string()])
        .collect();
    let all_pages: Vec<String> = ["profiles", "events", "posts", "toolkits"]
        .iter()
        .flat_map(|f| pages(hub, f))
        .chain(["content/about.md".to_string()])
        .collect();
    let added: Vec<String> = ["events", "posts"]
        .iter()
        .flat_map(|f| pages(hub, f))
        .filter(|p| p.contains("added-"))
        .collect();
    let read = |path: &str| fs::read_to_string(hub.join(path)).unwrap();
    let write = |path: &str, text: &str| {
        let file = hub.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, text).unwrap();
        file
    };
    // A fact of a page is the same in its translation: an edit of one is made in both, as an
    // organiser must (a translation that says otherwise is an error), unless the translation
    // gives only its words (a title and its text) and takes the facts from the original.
    let edit_facts = |path: &str, change: &dyn Fn(&str) -> String| {
        let mut touched = vec![write(path, &change(&read(path)))];
        let translated = path.replace(".md", ".es.md");
        let words_only = |text: &str| text.lines().nth(2) == Some("---");
        if hub.join(&translated).is_file() && !words_only(&read(&translated)) {
            touched.push(write(&translated, &change(&read(&translated))));
        }
        touched
    };
    let subjects = ["math", "science", "reading", "Matemáticas"];
    match random.below(22) {
        0 | 1 => {
            // Words: a translation's title is its own.
            let with_translations: Vec<String> = all_pages
                .iter()
                .flat_map(|page| [page.clone(), page.replace(".md", ".es.md")])
                .filter(|page| hub.join(page).is_file())
                .collect();
            let page = random.pick(&with_translations).clone();
            let text = set_key(&read(&page), "title", Some(&format!("Title {step}")));
            (vec![write(&page, &text)], format!("retitled {page}"))
        }
        2 => {
            let events = pages(hub, "events");
            let event = random.pick(&events).clone();
            let start = format!(
                "2026-{:02}-{:02}T{:02}:00:00",
                10 + random.below(3),
                1 + random.below(28),
                8 + random.below(10)
            );
            let moved = |text: &str| {
                let mut text = set_key(text, "start", Some(&start));
                // A series starts on a date of its rule: a moved event is moved as a single
                // date.
                for key in [
                    "end",
                    "exceptions",
                    "recurrence",
                    "changes",
                    "additional_dates",
                ] {
                    text = set_key(&text, key, None);
                }
                text
            };
            (
                edit_facts(&event, &moved),
                format!("moved {event} to {start}"),
            )
        }
        3 | 4 => {
            let page = random.pick(&all_pages).clone();
            let chosen: Vec<&str> = subjects
                .iter()
                .copied()
                .filter(|_| random.below(2) == 0)
                .collect();
            let value = (!chosen.is_empty()).then(|| format!("[{}]", chosen.join(", ")));
            (
                edit_facts(&page, &|text| set_key(text, "subjects", value.as_deref())),
                format!("subjects of {page}: {value:?}"),
            )
        }
        5 => {
            let events = pages(hub, "events");
            let event = random.pick(&events).clone();
            let host = random.pick(&profiles).clone();
            let hosts = format!("[{host}]");
            (
                edit_facts(&event, &|text| set_key(text, "hosts", Some(&hosts))),
                format!("{event} hosted by {host}"),
            )
        }
        6 => {
            let (folder, front) = *random.pick(&[
                ("events", "start: 2026-12-12T09:00:00\n"),
                ("posts", "date: 2026-11-20\n"),
                ("profiles", "kind: person\n"),
            ]);
            let path = format!("content/{folder}/added-{step}.md");
            let subject = random.pick(&subjects);
            let text = format!(
                "---\ntitle: Added {step}\n{front}subjects: [{subject}]\n---\nWritten at step {step}.\n"
            );
            (vec![write(&path, &text)], format!("added {path}"))
        }
        7 if !added.is_empty() => {
            let page = random.pick(&added).clone();
            let renamed = page.replace(".md", &format!("-r{step}.md"));
            fs::rename(hub.join(&page), hub.join(&renamed)).unwrap();
            (
                vec![hub.join(&page), hub.join(&renamed)],
                format!("renamed {page} to {renamed}"),
            )
        }
        8 if !added.is_empty() => {
            let page = random.pick(&added).clone();
            fs::remove_file(hub.join(&page)).unwrap();
            (vec![hub.join(&page)], format!("deleted {page}"))
        }
        9 if random.below(2) == 0 => {
            // The card lists show for each page: made once per page, so it must follow edits
            // of its template.
            let path = "templates/partials/card.html";
            let text = *random.pick(&[
                "<p class=\"card\">{{ item.title }}</p>",
                "<p class=\"card\">{{ item.title }}: {{ item.summary }}</p>",
                "<p class=\"card\">{{ item.title }} on {{ current_url }}</p>",
            ]);
            (vec![write(path, text)], format!("card template {text:?}"))
        }
        9 => {
            let path = "templates/post.html";
            if random.below(3) == 0 && hub.join(path).exists() {
                fs::remove_file(hub.join(path)).unwrap();
                (vec![hub.join(path)], "removed the post template".into())
            } else {
                let text = format!(
                    "{{% extends \"base.html\" %}}{{% block main %}}<h1>{{{{ page.title }}}}</h1><p>Template {step}</p>{{{{ page.content | safe }}}}{{% endblock main %}}\n"
                );
                (vec![write(path, &text)], format!("post template {step}"))
            }
        }
        10 => {
            let (path, text) = *random.pick(&[
                ("static/notes.txt", "notes A\n"),
                ("static/notes.txt", "notes B\n"),
                ("static/extra.css", "p { color: teal; }\n"),
                ("static/extra.css", "p { color: navy; }\n"),
            ]);
            (vec![write(path, text)], format!("{path}: {text:?}"))
        }
        12 => {
            // A link whose page appears only in the next step: about.md must be rebuilt then,
            // although only the new page changed.
            let target = format!("content/events/linked-{step}.md");
            let mut text = read("content/about.md");
            text.push_str(&format!(
                "\nSee [the linked event](@/events/linked-{step}.md).\n"
            ));
            let page =
                format!("---\ntitle: Linked {step}\nstart: 2026-12-01T10:00:00\n---\nLinked.\n");
            *broken = Some((hub.join(&target), page));
            (
                vec![write("content/about.md", &text)],
                format!("linked about.md to the missing {target}"),
            )
        }
        13 => {
            // The linked post moves; the pages linking to it change without being edited.
            let mut text = read("content/about.md");
            if !text.contains("@/posts/hello.md") {
                text.push_str("\nRead [the first post](@/posts/hello.md).\n");
                write("content/about.md", &text);
            }
            let slug = format!("hello-{}", random.below(3));
            let post = set_key(&read("content/posts/hello.md"), "slug", Some(&slug));
            (
                vec![
                    hub.join("content/about.md"),
                    write("content/posts/hello.md", &post),
                ],
                format!("posts/hello.md moved to {slug}"),
            )
        }
        14 => {
            let description = format!("description: Changed at step {step}.");
            let config = read("hub.yaml")
                .lines()
                .map(|line| {
                    if line.starts_with("description:") {
                        description.clone()
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            (vec![write("hub.yaml", &(config + "\n"))], description)
        }
        15 => {
            // A file beside a page bundle's index.md, added or removed.
            let file = hub.join("content/profiles/bob/handout.txt");
            if file.exists() {
                fs::remove_file(&file).unwrap();
                (vec![file], "removed bob/handout.txt".into())
            } else {
                (
                    vec![write("content/profiles/bob/handout.txt", "handout\n")],
                    "added bob/handout.txt".into(),
                )
            }
        }
        16 | 17 => {
            // The most common edit: a page's text, which lists, feeds and related pages show.
            let page = random.pick(&all_pages).clone();
            let text = format!("{}\nA sentence written at step {step}.\n", read(&page));
            (vec![write(&page, &text)], format!("wrote in {page}"))
        }
        18 => {
            let page = random.pick(&all_pages).clone();
            let summary = format!("\"Summary of step {step}\"");
            let text = set_key(&read(&page), "summary", Some(&summary));
            (vec![write(&page, &text)], format!("summarised {page}"))
        }
        19 => {
            // Where the directory files a profile, and so which of its pages shows it.
            let profiles = pages(hub, "profiles");
            let profile = random.pick(&profiles).clone();
            let name = *random.pick(&[Some("Zed, Ann"), Some("Adams, Bo"), Some("Mill, Al"), None]);
            let text = set_key(&read(&profile), "sort_name", name);
            (
                vec![write(&profile, &text)],
                format!("sort_name of {profile}: {name:?}"),
            )
        }
        20 => {
            // Lists of more or fewer pages: pages appear, and pages no list needs go.
            let per_page = *random.pick(&[Some("1"), Some("2"), Some("3"), None]);
            let config = read("hub.yaml");
            let text = set_key(&config, "per_page", per_page);
            (
                vec![write("hub.yaml", &text)],
                format!("per_page: {per_page:?}"),
            )
        }
        21 => {
            // A series that changes: a date moved, cancelled or held elsewhere, a new time
            // from a date on, an extra date, or none of these any more.
            let series: Vec<String> = pages(hub, "events")
                .into_iter()
                .filter(|e| {
                    let text = read(e);
                    text.contains("recurrence: FREQ=MONTHLY;BYDAY=1SA")
                        && text.contains("start: 2026-12-05T08:30:00")
                })
                .collect();
            let Some(event) = (!series.is_empty()).then(|| random.pick(&series).clone()) else {
                return (Vec::new(), "no series to change".to_string());
            };
            let changes = *random.pick(&[
                Some("[{date: 2027-02-06, start: \"2027-02-13T08:30:00\", note: Moved.}]"),
                Some("[{date: 2027-03-06, status: cancelled, note: Spring break.}]"),
                Some("[{date: 2027-02-06, location: Denton Library}, {from: 2027-03-06, start_time: \"09:00\"}]"),
                None,
            ]);
            let extra = *random.pick(&[Some("[2027-02-20]"), None]);
            let change = |text: &str| {
                let text = set_key(text, "changes", changes);
                set_key(&text, "additional_dates", extra)
            };
            (
                edit_facts(&event, &change),
                format!("{event} changes {changes:?}, extra {extra:?}"),
            )
        }
        _ => {
            let page = random.pick(&all_pages).clone();
            let text = read(&page);
            let file = hub.join(&page);
            *broken = Some((file.clone(), text.clone()));
            let bad = text.replacen("title:", "title: \"unclosed\ntitel:", 1);
            fs::write(&file, bad).unwrap();
            (vec![file], format!("broke {page}"))
        }
    }
}

/// A full build of the hub as it is now: its files by path, or `None` when it fails.
fn full_build(
    hub: &Hub,
    options: &convene::BuildOptions,
    step: usize,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<convene::diagnostic::Diagnostic>> {
    let output = hub.root.parent().unwrap().join(format!("full-{step}"));
    let options = convene::BuildOptions {
        output: Some(output.clone()),
        ..options.clone()
    };
    convene::build(&options)?;
    let files = common::tree(&output)
        .into_iter()
        .filter(|(path, _)| path != ".convene-output")
        .collect();
    fs::remove_dir_all(&output).unwrap();
    Ok(files)
}

/// Brings the preview's search index up to date with `indexer`, as the server's indexing
/// thread does (which keeps one indexer, and so reads again only the pages an edit changed).
fn index_now(preview: &mut Preview, indexer: &mut SearchIndexer) {
    if let Some(job) = preview.search_to_do() {
        preview.search_done(job.generation, indexer.index(&job).unwrap());
    }
}

#[test]
fn incremental_rebuilds_always_equal_a_full_build() {
    let hub = Hub::fixture("basic");
    edits_equal_full_builds(&hub, 0x5eed_cafe);
}

#[test]
fn incremental_rebuilds_of_a_bilingual_hub_equal_a_full_build() {
    let hub = Hub::fixture("basic");
    let config = fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    // With a repository, every page links to the issue forms of its language, with its title
    // and address filled in: those links change with the edits below too.
    hub.write(
        "hub.yaml",
        config.replace(
            "language: en",
            "languages: [en, es]\nrepository: https://github.com/ntx-educators/hub",
        ),
    );
    // Translations of a plain page, an event, a profile and a toolkit; the edits below reach
    // them too (they are Markdown files of the hub like any other). Those of the plain page and
    // the toolkit repeat the facts; those of the event and the profile give only their words
    // and take the facts from the original, so an edit of the original changes them too.
    for (original, translated) in [
        ("content/about.md", "content/about.es.md"),
        ("content/toolkits/start.md", "content/toolkits/start.es.md"),
    ] {
        let text = fs::read_to_string(hub.root.join(original)).unwrap();
        let text = text.replacen("title:", "title: (es)", 1);
        hub.write(translated, format!("{text}\nTexto en español.\n"));
    }
    hub.write(
        "content/events/meetup.es.md",
        "---\ntitle: (es) Encuentro de los sábados\n---\nTrae una pregunta.\n",
    );
    hub.write(
        "content/profiles/ann.es.md",
        "---\ntitle: (es) Ann\n---\nTexto en español.\n",
    );
    edits_equal_full_builds(&hub, 0xb111_4a1e);
}

#[test]
fn incremental_rebuilds_of_a_hub_with_long_lists_equal_a_full_build() {
    let hub = Hub::fixture("basic");
    let config = fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
    // Two pages a page: every list of the fixture takes several.
    hub.write("hub.yaml", format!("{config}per_page: 2\n"));
    edits_equal_full_builds(&hub, 0x9a6e_5111);
}

/// Applies random edits to `hub` one at a time (`CONVENE_STEPS`, 60 by default, from
/// `CONVENE_SEED` or `seed`), rebuilding the preview after each, and checks that the files it
/// serves are those a full build of the same files makes, and that edits of a page's text are
/// applied in place.
fn edits_equal_full_builds(hub: &Hub, seed: u64) {
    let seed: u64 = std::env::var("CONVENE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(seed);
    let steps: usize = std::env::var("CONVENE_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let options = convene::BuildOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..hub.options()
    };
    let mut preview = Preview::new(options.clone());
    assert!(!preview.rebuild(&[]).failed());
    let mut indexer = SearchIndexer::default();
    index_now(&mut preview, &mut indexer);
    let mut random = Random(seed);
    let mut broken = None;
    let mut history = Vec::new();
    let mut patched = 0;
    for step in 0..steps {
        let before = preview.files();
        let (touched, what) = edit(&hub.root, &mut random, step, &mut broken);
        history.push(what);
        let rebuild = preview.rebuild(&touched);
        patched += usize::from(rebuild.patched);
        index_now(&mut preview, &mut indexer);
        let served: BTreeMap<String, Vec<u8>> = preview
            .files()
            .into_iter()
            .map(|(path, bytes)| (path, bytes.to_vec()))
            .collect();
        let context = || {
            format!(
                "seed {seed}, step {step}; edits so far:\n  {}",
                history.join("\n  ")
            )
        };
        match full_build(hub, &options, step) {
            Err(problems) => {
                assert!(
                    rebuild.failed(),
                    "the full build failed but the rebuild did not: {problems:?} ({})",
                    context()
                );
                assert!(
                    preview.files() == before,
                    "a failed rebuild keeps the last good site ({})",
                    context()
                );
            }
            Ok(full) => {
                assert!(
                    !rebuild.failed(),
                    "the rebuild failed but the full build did not: {:?} ({})",
                    rebuild.problems,
                    context()
                );
                let paths =
                    |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
                assert_eq!(
                    paths(&served),
                    paths(&full),
                    "the same files ({})",
                    context()
                );
                for (path, bytes) in &full {
                    assert!(
                        served[path] == *bytes,
                        "{path} differs from the full build ({}):\n--- served\n{}\n--- full\n{}",
                        context(),
                        String::from_utf8_lossy(&served[path]),
                        String::from_utf8_lossy(bytes)
                    );
                }
            }
        }
    }
    // Edits of a page's text are applied in place; the comparisons above hold them to it.
    assert!(
        steps < 30 || patched > 0,
        "no edit was applied in place (seed {seed})"
    );
}

#[test]
fn when_notices_are_lost_the_whole_hub_is_read_again() {
    let hub = Hub::fixture("basic");
    let mut preview = Preview::new(hub.options());
    assert!(!preview.rebuild(&[]).failed());
    let post = |name: &str, title: &str| {
        fs::write(
            hub.root.join(format!("content/posts/{name}.md")),
            format!("---\ntitle: {title}\ndate: 2026-11-20\n---\nText.\n"),
        )
        .unwrap();
    };
    // The watcher names the hub itself when it lost notices: a new page and an edited one are
    // both found, although neither was named.
    post("unnamed", "Unnamed");
    post("hello", "Edited without notice");
    let rebuild = preview.rebuild(std::slice::from_ref(&hub.root));
    assert!(!rebuild.failed(), "{:?}", rebuild.problems);
    let files = preview.files();
    assert!(files.contains_key("posts/unnamed/index.html"));
    let hello = String::from_utf8_lossy(&files["posts/hello/index.html"].to_vec()).into_owned();
    assert!(hello.contains("Edited without notice"), "{hello}");
    // A path outside the hub's folder as convene knows it is treated the same way.
    post("elsewhere", "Elsewhere");
    let rebuild = preview.rebuild(&[PathBuf::from("/another/name/for/the/hub/x.md")]);
    assert!(!rebuild.failed(), "{:?}", rebuild.problems);
    assert!(preview.files().contains_key("posts/elsewhere/index.html"));
}

#[test]
fn an_edit_that_breaks_a_link_to_a_heading_is_reported_and_mended() {
    let hub = Hub::fixture("basic");
    let mut preview = Preview::new(hub.options());
    assert!(!preview.rebuild(&[]).failed());
    let mut edit = |file: &str, from: &str, to: &str| {
        let path = hub.root.join(file);
        let text = fs::read_to_string(&path).unwrap().replace(from, to);
        fs::write(&path, text).unwrap();
        preview.rebuild(&[path])
    };
    let broken = |rebuild: &Rebuild| {
        rebuild
            .problems
            .iter()
            .any(|p| p.is_error() && p.message.contains("no heading or anchor named `why`"))
    };
    // about.md links to `toolkits/start.md#why`: renaming that heading breaks the link...
    let rebuild = edit("content/toolkits/start.md", "## Why", "## Purpose");
    assert!(broken(&rebuild), "{:?}", rebuild.problems);
    let rebuild = edit("content/toolkits/start.md", "## Purpose", "## Why");
    assert!(!rebuild.failed(), "{:?}", rebuild.problems);
    // ...and so does a link edited to a part the other page lacks, which is checked against
    // that page as last rendered.
    let rebuild = edit("content/about.md", "start.md#why", "start.md#wy");
    assert!(
        rebuild.failed() && rebuild.problems[0].help.as_deref() == Some("write `#why`"),
        "{:?}",
        rebuild.problems
    );
    let rebuild = edit("content/about.md", "start.md#wy", "start.md#why");
    assert!(!rebuild.failed(), "{:?}", rebuild.problems);
    // An edit applied in place checks the link against the page it did not render again.
    let rebuild = edit("content/about.md", "We meet", "We gather");
    assert!(!rebuild.failed(), "{:?}", rebuild.problems);
    assert!(rebuild.patched, "a text edit is applied in place");
}

/// The next message of the live-reload channel (at most 30 s).
fn next_message(messages: &mpsc::Receiver<String>) -> serde_json::Value {
    let data = messages
        .recv_timeout(Duration::from_secs(30))
        .expect("a live-reload message");
    serde_json::from_str(&data).unwrap()
}

#[test]
fn the_server_serves_each_edit_shows_errors_and_recovers() {
    let hub = Hub::fixture("basic");
    // The hub's own files: `.convene/` is where convene keeps what it made for the next build.
    let hub_files = || -> Vec<(String, Vec<u8>)> {
        common::tree(&hub.root)
            .into_iter()
            .filter(|(path, _)| !path.starts_with(".convene/"))
            .collect()
    };
    let before = hub_files();
    let server = Server::start(&hub.root);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("Fixture Learning Network"));
    assert!(
        home.contains("<script src=\"/__convene/live.js\"></script></body>"),
        "the live-reload script is added"
    );

    // Serving: folders, redirects, the 404 page, HEAD, ranges (requests that try to leave the
    // site are in serve_load.rs).
    assert_eq!(server.get("/profiles/ann/").0, 200);
    let (status, headers, _) = server.request("GET /profiles/ann HTTP/1.1");
    assert_eq!(status, 301);
    assert!(
        headers.to_lowercase().contains("location: /profiles/ann/"),
        "{headers}"
    );
    let (status, missing) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("<h1"), "the theme's 404 page");
    let (status, headers, body) = server.request("HEAD /style.css HTTP/1.1");
    assert_eq!(status, 200);
    assert!(
        body.is_empty() && headers.to_lowercase().contains("content-type: text/css"),
        "{headers}"
    );
    let (status, headers, body) = server.request("GET /style.css HTTP/1.1\r\nRange: bytes=0-9");
    assert_eq!((status, body.len()), (206, 10), "{headers}");
    assert!(
        headers.to_lowercase().contains("content-range: bytes 0-9/"),
        "{headers}"
    );
    assert_eq!(
        server
            .request("GET /style.css HTTP/1.1\r\nRange: bytes=99999999-")
            .0,
        416
    );
    assert!(
        server
            .request("GET /events.ics HTTP/1.1")
            .1
            .to_lowercase()
            .contains("content-type: text/calendar")
    );

    // An edit is served and announced.
    let messages = server.listen();
    std::thread::sleep(Duration::from_millis(200));
    let ann = hub.root.join("content/profiles/ann.md");
    let original = fs::read_to_string(&ann).unwrap();
    fs::write(
        &ann,
        original.replace("title: Ann Teacher", "title: Ann Renamed"),
    )
    .unwrap();
    assert_eq!(next_message(&messages)["type"], "reload");
    assert!(server.get("/profiles/ann/").1.contains("Ann Renamed"));
    assert!(
        server.get("/events/meetup/").1.contains("Ann Renamed"),
        "the event she hosts shows the new name"
    );

    // A stylesheet change swaps the styles without a reload.
    fs::create_dir_all(hub.root.join("static")).unwrap();
    fs::write(hub.root.join("static/extra.css"), "p { color: teal; }\n").unwrap();
    let message = next_message(&messages);
    assert_eq!(
        (message["type"].as_str(), message["css_only"].as_bool()),
        (Some("reload"), Some(true)),
        "{message}"
    );

    // A broken file: the error is announced with its place, the last good page stays.
    fs::write(&ann, original.replace("title: Ann Teacher", "title: \"Ann")).unwrap();
    let message = next_message(&messages);
    assert_eq!(message["type"], "errors", "{message}");
    let text = message["text"].as_str().unwrap();
    assert!(
        text.contains("content/profiles/ann.md:2:"),
        "file and line: {text}"
    );
    server.wait_for_line("still serving the last version that built");
    assert!(
        server.get("/profiles/ann/").1.contains("Ann Renamed"),
        "the last good page is served"
    );
    let late = server.listen();
    assert_eq!(
        next_message(&late)["type"],
        "errors",
        "a page opened now shows the errors too"
    );

    // Fixed: the site recovers. (A save can be seen half written, the file emptied before it
    // is written again: on a busy machine that shows the errors once more before the reload.)
    fs::write(&ann, &original).unwrap();
    let recovered = (0..5).any(|_| next_message(&messages)["type"] == "reload");
    assert!(recovered, "the fixed file reloads the page");
    assert!(server.get("/profiles/ann/").1.contains("Ann Teacher"));

    // Ctrl-C stops it cleanly, and the hub holds only what the test wrote.
    fs::remove_file(hub.root.join("static/extra.css")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    if !common::required_program("/bin/kill", "procps", "serve test's Ctrl-C") {
        return;
    }
    let pid = server.child.id().to_string();
    assert!(
        Command::new("/bin/kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    server.wait_for_line("Stopped.");
    let mut server = server;
    assert!(server.child.wait().unwrap().success());
    assert_eq!(hub_files(), before, "serving changed nothing in the hub");
}

#[test]
fn the_preview_answers_only_at_its_own_address() {
    let hub = Hub::fixture("basic");
    let server = Server::start(&hub.root);
    let port = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let (status, _, _) = server.request(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(status, 200, "{host}");
    }
    // A page that pointed a name of its own at 127.0.0.1 (DNS rebinding) reads nothing.
    let (status, _, body) = server.request(&format!(
        "GET /profiles/ann/ HTTP/1.1\r\nHost: evil.example:{port}"
    ));
    assert_eq!(status, 403);
    assert!(String::from_utf8_lossy(&body).contains("--allow-host evil.example"));
    let line = server.wait_for_line("refused a request addressed to `evil.example`");
    assert!(line.contains("--allow-host evil.example"), "{line}");
    // Nor does it open the live-reload channel from another site.
    let (status, _, _) = server.request(
        "GET /__convene/events HTTP/1.1\r\nOrigin: http://evil.example\r\nAccept: text/event-stream",
    );
    assert_eq!(status, 403);
    assert_eq!(
        server.get("/profiles/ann/").0,
        200,
        "its own address still works"
    );
}
