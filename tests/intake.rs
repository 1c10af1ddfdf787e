//! Contributions from members: the issue forms `convene forms` writes follow GitHub's issue-form
//! schema, and `convene intake` turns an issue made with one (its body rendered as GitHub
//! renders it) into the file it describes, byte for byte, or into a comment that names each
//! field to change. Every file written passes `convene check --strict`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use convene::BuildOptions;
use convene::contribute::intake::{Outcome, intake};
use serde_json::{Value, json};

/// A copy of the example hub in a temporary folder, with its forms written.
struct Example {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Example {
    fn new() -> Example {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hub");
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        for entry in fs::read_dir(&example).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name() != "public" {
                let target = root.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    common::copy_tree(&entry.path(), &target);
                } else {
                    fs::create_dir_all(&root).unwrap();
                    fs::copy(entry.path(), target).unwrap();
                }
            }
        }
        let hub = Example { _dir: dir, root };
        convene::contribute::write_forms(&hub.options()).unwrap();
        hub
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            source: self.root.clone(),
            now: Some(common::NOW.parse().unwrap()),
            ..Default::default()
        }
    }

    /// The form in `file`, read as YAML.
    fn form(&self, file: &str) -> Value {
        let text = fs::read_to_string(self.root.join(".github/ISSUE_TEMPLATE").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{file} is not YAML: {e}"))
    }

    /// Takes in an issue made with the form in `file`, answered with `answers` (by field id).
    fn intake(&self, file: &str, answers: &[(&str, &str)]) -> Outcome {
        let body = render(&self.form(file), answers);
        let issue = json!({
            "number": 7,
            "title": "From a member",
            "body": body,
            "user": {"login": "a-member"},
            "labels": [{"name": "contribution"}],
        });
        intake(&self.options(), &issue.to_string()).unwrap()
    }

    fn read(&self, file: &Path) -> String {
        fs::read_to_string(self.root.join(file)).unwrap()
    }

    /// Every problem `convene check` finds, as it would print them.
    fn check(&self) -> Vec<String> {
        convene::check::check(&self.options(), None)
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

/// The issue's body as GitHub writes it from a form's answers: each field's label as a
/// `###` heading, then the answer, or `_No response_`.
fn render(form: &Value, answers: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for element in form["body"].as_array().unwrap() {
        if element["type"] == "markdown" {
            continue;
        }
        let id = element["id"].as_str().unwrap();
        let answer = answers
            .iter()
            .find(|(field, _)| *field == id)
            .map(|(_, answer)| answer.to_string())
            .or_else(|| {
                // A dropdown shows its default option; a line its value.
                let attributes = &element["attributes"];
                match element["type"].as_str().unwrap() {
                    "dropdown" if attributes["multiple"] != true => attributes["options"]
                        [attributes["default"].as_u64().unwrap_or(0) as usize]
                        .as_str()
                        .map(str::to_string),
                    _ => attributes["value"].as_str().map(str::to_string),
                }
            })
            .filter(|answer| !answer.is_empty())
            .unwrap_or_else(|| "_No response_".to_string());
        body.push_str(&format!(
            "### {}\n\n{answer}\n\n",
            element["attributes"]["label"].as_str().unwrap()
        ));
    }
    body
}

fn written(outcome: Outcome) -> Vec<PathBuf> {
    match outcome {
        Outcome::Written { files, .. } => files,
        other => panic!("expected files to be written, got {other:#?}"),
    }
}

fn comment(outcome: Outcome) -> String {
    match outcome {
        Outcome::Problems { comment } => comment,
        other => panic!("expected a comment, got {other:#?}"),
    }
}

const FORMS: [&str; 8] = [
    "profile.yml",
    "event.yml",
    "resource.yml",
    "correction.yml",
    "profile-es.yml",
    "event-es.yml",
    "resource-es.yml",
    "correction-es.yml",
];

#[test]
fn the_forms_follow_githubs_issue_form_schema() {
    let hub = Example::new();
    let mut files: Vec<String> = fs::read_dir(hub.root.join(".github/ISSUE_TEMPLATE"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = FORMS.iter().map(|f| f.to_string()).collect();
    expected.sort();
    assert_eq!(files, expected, "one form of each kind in each language");
    for file in FORMS {
        let form = hub.form(file);
        let top: BTreeSet<&str> = form
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            top.is_subset(&BTreeSet::from([
                "name",
                "description",
                "title",
                "labels",
                "assignees",
                "body",
                "projects",
                "type"
            ])),
            "{file}: {top:?}"
        );
        assert!(!form["name"].as_str().unwrap().is_empty(), "{file}");
        assert!(!form["description"].as_str().unwrap().is_empty(), "{file}");
        assert!(
            form["labels"]
                .as_array()
                .unwrap()
                .contains(&json!("contribution"))
        );
        let mut ids = BTreeSet::new();
        let mut labels = BTreeSet::new();
        for element in form["body"].as_array().unwrap() {
            let kind = element["type"].as_str().unwrap();
            let keys: BTreeSet<&str> = element
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert!(
                keys.is_subset(&BTreeSet::from(["type", "id", "attributes", "validations"])),
                "{file}: {keys:?}"
            );
            let attributes = element["attributes"].as_object().unwrap();
            let allowed: &[&str] = match kind {
                "markdown" => &["value"],
                "input" => &["label", "description", "placeholder", "value"],
                "textarea" => &["label", "description", "placeholder", "value", "render"],
                "dropdown" => &["label", "description", "multiple", "options", "default"],
                other => panic!("{file}: unexpected element type {other}"),
            };
            for key in attributes.keys() {
                assert!(allowed.contains(&key.as_str()), "{file}: {kind} has {key}");
            }
            if kind == "markdown" {
                assert!(attributes["value"].as_str().is_some_and(|v| !v.is_empty()));
                continue;
            }
            let id = element["id"].as_str().unwrap();
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{file}: id {id}"
            );
            assert!(ids.insert(id.to_string()), "{file}: id {id} twice");
            let label = attributes["label"].as_str().unwrap();
            assert!(!label.is_empty(), "{file}: {id} has no label");
            assert!(
                labels.insert(label.to_string()),
                "{file}: label {label} twice"
            );
            assert!(
                element["validations"]["required"].is_boolean(),
                "{file}: {id}"
            );
            if kind == "dropdown" {
                let options: Vec<&str> = attributes["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o.as_str().unwrap())
                    .collect();
                assert!(!options.is_empty(), "{file}: {id} has no options");
                let unique: BTreeSet<&&str> = options.iter().collect();
                assert_eq!(
                    unique.len(),
                    options.len(),
                    "{file}: {id} repeats an option"
                );
                if let Some(default) = attributes.get("default") {
                    assert!((default.as_u64().unwrap() as usize) < options.len());
                }
            }
        }
    }
    // The hub's own terms, toolkits, time zone and languages are in the forms.
    let profile = hub.form("profile.yml");
    let subjects = profile["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "subjects")
        .unwrap();
    assert_eq!(subjects["type"], "dropdown");
    assert_eq!(subjects["attributes"]["multiple"], true);
    assert!(
        subjects["attributes"]["options"]
            .as_array()
            .unwrap()
            .contains(&json!("math"))
    );
    let resource = hub.form("resource.yml");
    assert_eq!(
        resource["body"][1]["attributes"]["options"],
        json!([
            "Getting Started: Build Your Professional Learning Network",
            "Running a Weekly Problem-Solving Routine"
        ])
    );
    let event = hub.form("event.yml");
    let zone = event["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "timezone")
        .unwrap();
    assert_eq!(zone["attributes"]["value"], "America/Chicago");
    assert_eq!(hub.form("event-es.yml")["name"], "Anunciar un evento");
    assert_eq!(hub.form("event.yml")["name"], "Announce an event");
}

#[test]
fn every_form_filled_from_its_own_fields_is_taken_in_and_passes_the_check() {
    let hub = Example::new();
    for file in FORMS {
        let form = hub.form(file);
        let mut answers: Vec<(String, String)> = Vec::new();
        for element in form["body"].as_array().unwrap() {
            let Some(id) = element["id"].as_str() else {
                continue;
            };
            let attributes = &element["attributes"];
            let answer = match (element["type"].as_str().unwrap(), id) {
                ("dropdown", _) => {
                    let options = attributes["options"].as_array().unwrap();
                    let last = options.last().unwrap().as_str().unwrap().to_string();
                    if attributes["multiple"] == true {
                        format!("{}, {last}", options[0].as_str().unwrap())
                    } else if id == "recurrence" {
                        // Every pattern but "other", which wants the next field.
                        options[3].as_str().unwrap().to_string()
                    } else {
                        options[0].as_str().unwrap().to_string()
                    }
                }
                (_, "name" | "title") => format!("Filled from {file}"),
                (_, "start") => "2027-03-06 09:00".into(),
                (_, "end") => "90 minutes".into(),
                (_, "timezone") => "America/Chicago".into(),
                (_, "rule") => String::new(),
                (_, "url" | "website" | "online" | "registration") => {
                    "https://example.org/filled".into()
                }
                (_, "links") => "mastodon: https://mastodon.example/@filled".into(),
                (_, "members" | "hosts") => "Maya Okafor".into(),
                (_, "page") => "https://example.org/ntx-educators/about/".into(),
                (_, "wrong") => "North Texas".into(),
                (_, "right") => "North Texas".into(),
                (_, "tags") => "filled, forms".into(),
                _ => format!("Some words for {id}."),
            };
            answers.push((id.to_string(), answer));
        }
        let answers: Vec<(&str, &str)> = answers
            .iter()
            .map(|(id, answer)| (id.as_str(), answer.as_str()))
            .collect();
        let outcome = hub.intake(file, &answers);
        match outcome {
            Outcome::Written { files, .. } => {
                // A resource goes into the toolkit and into its translation.
                assert!(!files.is_empty(), "{file}");
                assert!(
                    files.iter().all(|f| f.starts_with("content")),
                    "{file}: {files:?}"
                );
            }
            // "North Texas" is on the about page more than once: the correction says so.
            Outcome::Problems { comment } if file.starts_with("correction") => {
                assert!(
                    comment.contains("more than once") || comment.contains("más de una vez"),
                    "{file}: {comment}"
                );
            }
            other => panic!("{file}: {other:#?}"),
        }
        assert_eq!(hub.check(), Vec::<String>::new(), "after {file}");
    }
}

#[test]
fn a_profile_is_written_byte_for_byte() {
    let hub = Example::new();
    let files = written(hub.intake(
        "profile.yml",
        &[
            ("name", "Rosa Delgado"),
            ("location", "Garland"),
            (
                "summary",
                "Fourth-grade teacher: reading workshop, \"book clubs\" and #edchat.",
            ),
            ("roles", "teacher"),
            ("subjects", "literacy, reading"),
            ("tags", "book clubs, Book Clubs,  read-alouds"),
            ("website", "https://rosa.example.org"),
            (
                "links",
                "Mastodon: https://mastodon.example/@rosa\nhttps://bsky.example/rosa",
            ),
            (
                "about",
                "I run a *reading workshop*.\n\nAsk me about book clubs.",
            ),
        ],
    ));
    assert_eq!(files, [PathBuf::from("content/profiles/rosa-delgado.md")]);
    assert_eq!(
        hub.read(&files[0]),
        "---\ntitle: \"Rosa Delgado\"\nkind: person\nlocation: \"Garland\"\nsummary: \"Fourth-grade teacher: reading workshop, \\\"book clubs\\\" and #edchat.\"\nroles: [\"teacher\"]\nsubjects: [\"literacy\", \"reading\"]\ntags: [\"book clubs\", \"Book Clubs\", \"read-alouds\"]\nlinks:\n  website: \"https://rosa.example.org\"\n  mastodon: \"https://mastodon.example/@rosa\"\n  link: \"https://bsky.example/rosa\"\n---\nI run a *reading workshop*.\n\nAsk me about book clubs.\n"
    );
    assert_eq!(hub.check(), Vec::<String>::new());
}

#[test]
fn an_event_is_written_byte_for_byte_with_its_rule_and_hosts() {
    let hub = Example::new();
    let files = written(hub.intake(
        "event.yml",
        &[
            ("title", "Science Night Planning"),
            ("start", "2027-03-06 09:00"),
            ("end", "2 hours"),
            (
                "recurrence",
                "Every month on the same weekday (like the first Saturday)",
            ),
            ("location", "Denton Public Library"),
            ("online", "https://meet.example.org/science"),
            ("hosts", "maya okafor, Saturday Coffee NTX"),
            ("status", "Tentative"),
            ("subjects", "science"),
            (
                "description",
                "Bring one idea for the spring science night.",
            ),
        ],
    ));
    assert_eq!(
        files,
        [PathBuf::from("content/events/science-night-planning.md")]
    );
    assert_eq!(
        hub.read(&files[0]),
        "---\ntitle: \"Science Night Planning\"\nstart: \"2027-03-06T09:00\"\nduration: 2h\nrecurrence: \"FREQ=MONTHLY;BYDAY=1SA\"\nlocation: \"Denton Public Library\"\nonline: \"https://meet.example.org/science\"\nhosts: [\"maya-okafor\", \"saturday-coffee-ntx\"]\nstatus: tentative\nsubjects: [\"science\"]\n---\nBring one idea for the spring science night.\n"
    );
    assert_eq!(hub.check(), Vec::<String>::new());
}

#[test]
fn a_rule_in_words_becomes_a_rule() {
    let hub = Example::new();
    let files = written(hub.intake(
        "event.yml",
        &[
            ("title", "Third Thursday chat"),
            ("start", "2027-01-21 19:00"),
            ("recurrence", "Other (write it in the next field)"),
            ("rule", "every third Thursday of the month"),
            ("description", "An hour online."),
            ("online", "https://meet.example.org/chat"),
        ],
    ));
    assert!(
        hub.read(&files[0])
            .contains("recurrence: \"FREQ=MONTHLY;BYDAY=3TH\"\n")
    );
}

#[test]
fn a_spanish_event_is_a_spanish_page_with_the_hubs_names_of_terms() {
    let hub = Example::new();
    let files = written(hub.intake(
        "event-es.yml",
        &[
            ("title", "Café de primavera"),
            ("start", "2027-04-03"),
            ("subjects", "matemáticas"),
            ("description", "Un café para hablar de problemas."),
            ("location", "Fort Worth"),
        ],
    ));
    // A page of its own in Spanish, shown in every language's site.
    assert_eq!(
        files,
        [PathBuf::from("content/events/cafe-de-primavera.md")]
    );
    let text = hub.read(&files[0]);
    assert!(text.contains("\nlang: es\n---\n"), "{text}");
    assert!(text.contains("subjects: [\"math\"]\n"), "{text}");
    assert!(text.contains("start: \"2027-04-03\"\n"), "{text}");
    assert_eq!(hub.check(), Vec::<String>::new());
}

#[test]
fn a_resource_is_added_at_the_end_of_its_toolkit() {
    let hub = Example::new();
    let toolkit = PathBuf::from("content/toolkits/math-problem-solving-routine.md");
    let before = hub.read(&toolkit);
    let files = written(hub.intake(
        "resource.yml",
        &[
            ("toolkit", "Running a Weekly Problem-Solving Routine"),
            ("title", "Notice and Wonder"),
            ("url", "https://routines.example.org/notice-wonder"),
            ("author", "Ana Ruiz"),
            ("source", "Routines Weekly"),
            ("kind", "Video"),
            ("note", "Ten minutes.\nWorth it."),
            ("tags", "routines"),
        ],
    ));
    assert_eq!(files, std::slice::from_ref(&toolkit));
    let after = hub.read(&toolkit);
    let added = "  - title: \"Notice and Wonder\"\n    url: \"https://routines.example.org/notice-wonder\"\n    author: \"Ana Ruiz\"\n    source: \"Routines Weekly\"\n    kind: video\n    note: \"Ten minutes.\\nWorth it.\"\n    tags: [\"routines\"]\n";
    let close = before[4..].find("\n---\n").unwrap() + 5;
    assert_eq!(
        after,
        format!("{}{added}{}", &before[..close], &before[close..]),
        "the entry comes last in `resources`, and nothing else changes"
    );
    assert_eq!(hub.check(), Vec::<String>::new());
}

#[test]
fn a_correction_changes_only_the_words_it_names() {
    let hub = Example::new();
    let page = PathBuf::from("content/events/mastermind-open-house.md");
    let before = hub.read(&page);
    let files = written(hub.intake(
        "correction.yml",
        &[
            (
                "page",
                "https://example.org/ntx-educators/events/mastermind-open-house/#top",
            ),
            ("wrong", "two or three partners"),
            ("right", "two to four partners"),
        ],
    ));
    assert_eq!(files, std::slice::from_ref(&page));
    assert_eq!(
        hub.read(&page),
        before.replace("two or three partners", "two to four partners")
    );
    // Words in a detail of the page (the place) are changed in its line, which is then quoted.
    let files = written(hub.intake(
        "correction-es.yml",
        &[
            ("page", "/ntx-educators/es/events/mastermind-open-house/"),
            ("wrong", "second-floor"),
            ("right", "third-floor"),
        ],
    ));
    assert_eq!(files, std::slice::from_ref(&page));
    assert_eq!(
        hub.read(&page),
        before
            .replace("two or three partners", "two to four partners")
            .replace(
                "location: Fort Worth Central Library, second-floor meeting room, Fort Worth, TX",
                "location: \"Fort Worth Central Library, third-floor meeting room, Fort Worth, TX\""
            )
    );
    assert_eq!(hub.check(), Vec::<String>::new());
    // Words the page does not have, or has twice, are sent back.
    let text = comment(hub.intake(
        "correction.yml",
        &[
            (
                "page",
                "https://example.org/ntx-educators/events/mastermind-open-house/",
            ),
            ("wrong", "hot seat"),
            ("right", "hot-seat"),
        ],
    ));
    assert!(
        text.contains("- **What is wrong**: These words are not on the page."),
        "{text}"
    );
    let text = comment(hub.intake(
        "correction.yml",
        &[
            (
                "page",
                "https://example.org/ntx-educators/events/no-such-event/",
            ),
            ("wrong", "a"),
            ("right", "b"),
        ],
    ));
    assert!(
        text.contains("- **Page**: No page of the hub has this address."),
        "{text}"
    );
}

#[test]
fn missing_answers_bad_dates_and_unknown_hosts_are_named_by_their_fields() {
    let hub = Example::new();
    let text = comment(hub.intake(
        "event.yml",
        &[
            ("title", ""),
            ("start", "March 6th at 9"),
            ("end", "after lunch"),
            ("hosts", "Maya Okafr"),
            ("online", "meet.example.org/x"),
            ("description", "Something."),
        ],
    ));
    assert_eq!(
        text,
        "Thank you! Before this can be added to the hub, please edit the issue and change the following:\n\n\
         - **Title**: This is needed.\n\
         - **Starts**: We cannot read this as a date and time. Write it as 2027-03-06 09:00 (year-month-day, 24-hour clock), or a date alone for an all-day event.\n\
         - **Ends**: We cannot read this. Write a date and time (2027-03-06 11:00) or how long it lasts (90 minutes).\n\
         - **Online link**: This is not a web address. Write the full address, starting with https://\n\
         - **Hosts**: No profile named Maya Okafr is on the hub. Write the names as the directory shows them, or leave this empty. Did you mean Maya Okafor?\n\
         \nThe hub checks the issue again each time you save it.\n"
    );
    let events: Vec<_> = fs::read_dir(hub.root.join("content/events"))
        .unwrap()
        .collect();
    assert_eq!(
        events.len(),
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site/content/events"))
            .unwrap()
            .count(),
        "nothing is written"
    );
}

#[test]
fn a_problem_the_check_finds_is_named_by_its_field_in_the_issues_language() {
    let hub = Example::new();
    let text = comment(hub.intake(
        "event-es.yml",
        &[
            ("title", "Charla"),
            ("start", "2027-03-06 09:00"),
            ("timezone", "Hora del centro"),
            ("description", "Algo."),
        ],
    ));
    assert!(
        text.starts_with("¡Gracias! Antes de añadirlo al sitio"),
        "{text}"
    );
    assert!(text.contains("- **Zona horaria**: "), "{text}");
    assert!(!hub.root.join("content/events/charla.es.md").exists());
}

#[test]
fn a_member_with_a_profile_already_is_sent_to_the_correction_form() {
    let hub = Example::new();
    let text = comment(hub.intake(
        "profile.yml",
        &[("name", "Maya Okafor"), ("about", "Me again.")],
    ));
    assert!(
        text.contains("- **Name**: The hub has a profile named Maya Okafor already: https://example.org/ntx-educators/profiles/maya-okafor/."),
        "{text}"
    );
}

#[test]
fn hostile_text_stays_text() {
    let hub = Example::new();
    let files = written(hub.intake(
        "profile.yml",
        &[
            ("name", "Eve\n---\ntitle: Mallory"),
            ("summary", "x\"\ndraft: true\n#"),
            (
                "about",
                "---\ntitle: Injected\n---\n<b>Bold</b> & <i>italic</i>\n\n### About\n\nmore",
            ),
        ],
    ));
    let text = hub.read(&files[0]);
    assert_eq!(
        text,
        "---\ntitle: \"Eve --- title: Mallory\"\nkind: person\nsummary: \"x\\\" draft: true #\"\n---\n---\ntitle: Injected\n---\n<b>Bold</b> & <i>italic</i>\n\n### About\n\nmore\n"
    );
    assert_eq!(hub.check(), Vec::<String>::new());
    convene::build(&hub.options()).unwrap();
    let page = fs::read_to_string(
        hub.root.join("public").join(
            files[0]
                .to_string_lossy()
                .replace("content/", "")
                .replace(".md", "/index.html"),
        ),
    )
    .unwrap();
    assert!(
        page.contains("Eve --- title: Mallory"),
        "the title is the title"
    );
    assert!(!page.contains("Injected</h1>"), "{page}");

    // A script, and a link that would run one, are refused at their field, as the build
    // refuses them.
    let text = comment(hub.intake(
        "profile.yml",
        &[("name", "Trudy"), ("about", "[click](javascript:alert(1))")],
    ));
    assert!(
        text.contains("- **About**: the link `javascript:alert(1)` would run a script"),
        "{text}"
    );
    let text = comment(hub.intake(
        "profile.yml",
        &[("name", "Trudy"), ("about", "<script>alert(1)</script>")],
    ));
    assert!(
        text.contains("- **About**: this `<script>` is removed"),
        "{text}"
    );
    assert!(!hub.root.join("content/profiles/trudy.md").exists());

    let text = comment(hub.intake(
        "resource.yml",
        &[
            ("title", "Click me"),
            ("url", "javascript:alert(1)"),
            ("note", "<script>alert(1)</script>"),
        ],
    ));
    assert!(
        text.contains("- **Address**: This is not a web address."),
        "{text}"
    );
}

#[test]
fn an_issue_not_made_with_a_form_is_left_alone() {
    let hub = Example::new();
    let issue =
        json!({"number": 1, "title": "Question", "body": "### Hello\n\nWhen is the next coffee?"});
    assert_eq!(
        intake(&hub.options(), &issue.to_string()).unwrap(),
        Outcome::NotAForm
    );
}

#[test]
fn the_command_prints_the_files_and_exits_with_1_on_problems() {
    let hub = Example::new();
    let body = render(
        &hub.form("profile.yml"),
        &[("name", "Sam Lee"), ("about", "Hello.")],
    );
    let issue = json!({"number": 3, "title": "Sam", "body": body});
    let run = |issue: &Value| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
            .args(["intake", "--now", common::NOW, "--source"])
            .arg(&hub.root)
            .arg("-")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), issue.to_string().as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let output = run(&issue);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "content/profiles/sam-lee.md\n"
    );
    let output = run(&issue);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the second time, Sam has a profile"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("**Name**"));
    let output = run(&json!({"number": 4, "title": "Hi", "body": "Hello"}));
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn forms_are_rewritten_but_an_organisers_own_file_is_not() {
    let hub = Example::new();
    let folder = hub.root.join(".github/ISSUE_TEMPLATE");
    fs::write(
        folder.join("profile-fr.yml"),
        format!("{}\nold", convene::contribute::forms::HEADER),
    )
    .unwrap();
    convene::contribute::write_forms(&hub.options()).unwrap();
    assert!(
        !folder.join("profile-fr.yml").exists(),
        "a form of a language the hub no longer has is removed"
    );
    fs::write(folder.join("event.yml"), "name: Our own event form\n").unwrap();
    let error = convene::contribute::write_forms(&hub.options()).unwrap_err();
    assert!(
        error.contains("event.yml was not written by `convene forms`"),
        "{error}"
    );
    assert_eq!(
        fs::read_to_string(folder.join("event.yml")).unwrap(),
        "name: Our own event form\n"
    );
}

#[test]
fn the_example_hubs_forms_are_current() {
    let hub = Example::new();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site/.github/ISSUE_TEMPLATE");
    for file in FORMS {
        assert_eq!(
            fs::read_to_string(shipped.join(file)).unwrap(),
            fs::read_to_string(hub.root.join(".github/ISSUE_TEMPLATE").join(file)).unwrap(),
            "{file} is out of date: run `convene forms --source example-site`"
        );
    }
}

#[test]
fn a_new_page_never_takes_the_name_of_another_in_any_language() {
    let hub = Example::new();
    let files = written(hub.intake(
        "event-es.yml",
        &[
            ("title", "Coffee first Saturday"),
            ("start", "2027-05-01 09:00"),
            ("location", "Dallas"),
            ("description", "Otro café."),
        ],
    ));
    assert_eq!(
        files,
        [PathBuf::from("content/events/coffee-first-saturday-2.md")],
        "not a translation of coffee-first-saturday.md"
    );
}

#[test]
fn a_resource_goes_into_the_toolkits_translation_too() {
    let hub = Example::new();
    let files = written(hub.intake(
        "resource.yml",
        &[
            (
                "toolkit",
                "Getting Started: Build Your Professional Learning Network",
            ),
            ("title", "Ten minutes a week"),
            ("url", "https://pln.example.org/ten-minutes"),
            ("author", "Ana Ruiz"),
            ("source", "PLN Weekly"),
        ],
    ));
    assert_eq!(
        files,
        [
            PathBuf::from("content/toolkits/pln-getting-started.md"),
            PathBuf::from("content/toolkits/pln-getting-started.es.md")
        ]
    );
    for file in &files {
        assert!(
            hub.read(file)
                .contains("    url: \"https://pln.example.org/ten-minutes\"\n"),
            "{file:?}"
        );
    }
    assert_eq!(hub.check(), Vec::<String>::new());
}

#[test]
fn a_corrected_detail_is_corrected_in_every_language() {
    let hub = Example::new();
    let files = written(hub.intake(
        "correction-es.yml",
        &[
            (
                "page",
                "https://example.org/ntx-educators/es/events/coffee-first-saturday/",
            ),
            ("wrong", "410 Elm Street"),
            ("right", "412 Elm Street"),
        ],
    ));
    assert_eq!(
        files,
        [
            PathBuf::from("content/events/coffee-first-saturday.es.md"),
            PathBuf::from("content/events/coffee-first-saturday.md")
        ]
    );
    for file in &files {
        assert!(
            hub.read(file)
                .contains("location: \"Grackle & Bean Coffee, 412 Elm Street, Denton, TX\"\n"),
            "{file:?}"
        );
    }
    assert_eq!(hub.check(), Vec::<String>::new());
}
