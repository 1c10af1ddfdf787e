//! Bad input: every problem is reported with its file, line and a way to fix it, the build
//! fails, and the previous output stays exactly as it was.

mod common;

use common::{Hub, problem_for as find, tree};
use convene::diagnostic::Diagnostic;

/// Builds the fixture once, breaks it with `edit`, builds again, and returns the errors after
/// checking that the first build's output survived untouched.
fn errors_after(edit: impl FnOnce(&Hub)) -> Vec<Diagnostic> {
    let hub = Hub::fixture("basic");
    hub.build().expect("the fixture builds");
    let before = tree(&hub.root.join("public"));
    edit(&hub);
    let errors = hub.build_err();
    assert_eq!(
        before,
        tree(&hub.root.join("public")),
        "the previous output must survive a failed build"
    );
    errors
}

#[test]
fn malformed_yaml_is_located() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            "---\ntitle: \"unclosed\ndate: 2026-11-10\n---\nBody\n",
        )
    });
    let error = find(&errors, "content/posts/hello.md");
    assert_eq!((error.line, error.column), (2, 8));
    assert!(error.message.contains("never closed"), "{error}");
    assert!(
        error
            .help
            .as_deref()
            .unwrap_or("")
            .contains("closing quote")
    );
    assert_eq!(error.source_line.as_deref(), Some("title: \"unclosed"));
}

#[test]
fn a_tab_and_a_colon_in_a_title_get_plain_explanations() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            "---\ntitle: Hello\ndate: 2026-11-10\ntags:\n\t- news\n---\n",
        );
        hub.write(
            "content/about.md",
            "---\ntitle: Math: where to start\n---\n",
        );
    });
    let tab = find(&errors, "content/posts/hello.md");
    assert_eq!(tab.line, 5);
    assert!(tab.message.contains("tab"), "{tab}");
    let colon = find(&errors, "content/about.md");
    assert_eq!(colon.line, 2);
    assert!(colon.help.as_deref().unwrap().contains("quotes"), "{colon}");
}

#[test]
fn missing_title_is_reported() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            "---\ndate: 2026-11-10\n---\nBody\n",
        )
    });
    let error = find(&errors, "content/posts/hello.md");
    assert!(error.message.contains("`title` is missing"), "{error}");
    assert_eq!(error.line, 1);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            "---\ntitel: Hello\ndate: 2026-11-10\n---\n",
        )
    });
    let error = find(&errors, "content/posts/hello.md");
    assert_eq!((error.line, error.column), (2, 1));
    assert!(error.message.contains("unknown key `titel`"), "{error}");
    assert_eq!(error.help.as_deref(), Some("did you mean `title`?"));
}

#[test]
fn a_key_of_another_kind_is_unknown_here() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            "---\ntitle: Hello\ndate: 2026-11-10\nhosts: [ann]\n---\n",
        )
    });
    let error = find(&errors, "content/posts/hello.md");
    assert_eq!(error.line, 4);
    assert!(
        error.message.contains("unknown key `hosts` in a post"),
        "{error}"
    );
}

#[test]
fn unknown_host_is_reported_at_its_line() {
    let errors = errors_after(|hub| {
        let text =
            std::fs::read_to_string(hub.root.join("content/profiles/coffee-club.md")).unwrap();
        hub.write(
            "content/profiles/coffee-club.md",
            text.replace("  - bob", "  - bobb"),
        );
    });
    let error = find(&errors, "content/profiles/coffee-club.md");
    assert_eq!((error.line, error.column), (8, 5));
    assert!(
        error
            .message
            .contains("`bobb` in `members` is not the name of any profile"),
        "{error}"
    );
    assert_eq!(error.help.as_deref(), Some("did you mean `bob`?"));
}

#[test]
fn broken_internal_link_is_reported_at_its_line() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/about.md",
            "---\ntitle: About\n---\nFirst line.\n\nSee [the plan](@/posts/missing.md).\n",
        )
    });
    let error = find(&errors, "content/about.md");
    assert_eq!((error.line, error.column), (6, 5));
    assert!(
        error.message.contains("content/posts/missing.md"),
        "{error}"
    );
}

#[test]
fn script_links_are_refused() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/about.md",
            "---\ntitle: About\n---\n[click](javascript:alert(1))\n",
        )
    });
    assert!(
        find(&errors, "content/about.md")
            .message
            .contains("would run a script")
    );
    let errors = errors_after(|hub| {
        let text = std::fs::read_to_string(hub.root.join("content/profiles/ann.md")).unwrap();
        hub.write(
            "content/profiles/ann.md",
            text.replace("https://ann.example.org\n", "javascript:alert(1)\n"),
        );
    });
    let error = find(&errors, "content/profiles/ann.md");
    assert_eq!(error.line, 10);
}

#[test]
fn unclosed_front_matter_is_reported() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            "---\ntitle: Hello\ndate: 2026-11-10\nBody text\n",
        )
    });
    let error = find(&errors, "content/posts/hello.md");
    assert!(error.message.contains("never closed"), "{error}");
    assert!(error.help.as_deref().unwrap().contains("`---`"));
}

#[test]
fn non_utf8_file_is_reported_with_its_line() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/hello.md",
            b"---\ntitle: Hello\ndate: 2026-11-10\n---\nCaf\xe9\n".as_slice(),
        )
    });
    let error = find(&errors, "content/posts/hello.md");
    assert!(error.message.contains("not UTF-8"), "{error}");
    assert_eq!((error.line, error.column), (5, 4));
}

#[test]
fn binary_file_named_md_is_reported() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/posts/photo.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".as_slice(),
        )
    });
    assert!(
        find(&errors, "content/posts/photo.md")
            .message
            .contains("binary")
    );
}

#[test]
fn wrong_types_and_bad_dates_are_located() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/events/meetup.md",
            "---\ntitle: Meetup\nstart: next tuesday\n---\n",
        );
        hub.write(
            "content/posts/hello.md",
            "---\ntitle: Hello\ndate: 2026-11-10\ndraft: maybe\n---\n",
        );
    });
    let start = find(&errors, "content/events/meetup.md");
    assert_eq!((start.line, start.column), (3, 8));
    assert!(
        start.message.contains("`next tuesday` is not a date"),
        "{start}"
    );
    assert!(
        start
            .help
            .as_deref()
            .unwrap()
            .contains("2026-12-05T08:30:00")
    );
    let draft = find(&errors, "content/posts/hello.md");
    assert_eq!(draft.line, 4);
    assert_eq!(draft.help.as_deref(), Some("write true or false"));
}

#[test]
fn every_error_of_every_file_is_reported_at_once() {
    let errors = errors_after(|hub| {
        hub.write("content/posts/hello.md", "---\ndate: 2026-11-10\n---\n");
        hub.write(
            "content/about.md",
            "---\ntitle: About\n---\n[x](@/nowhere.md)\n",
        );
        hub.write(
            "content/events/meetup.md",
            "---\ntitle: Meetup\nstart: 2026-12-05T08:30:00\nhosts: [nobody]\n---\n",
        );
    });
    for path in [
        "content/posts/hello.md",
        "content/about.md",
        "content/events/meetup.md",
    ] {
        find(&errors, path);
    }
}

#[test]
fn two_pages_claiming_one_address_collide() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/events/other.md",
            "---\ntitle: Other\nslug: meetup\nstart: 2027-01-01\n---\n",
        )
    });
    let error = errors
        .iter()
        .find(|d| d.message.contains("both claim the address /events/meetup/"))
        .expect("collision reported");
    assert!(error.help.is_some());
}

#[test]
fn hub_yaml_problems_are_located() {
    let errors = errors_after(|hub| {
        hub.write("hub.yaml", "title: Hub\nbase_url: example.org\ntimezone: America/Chicagoo\ntaxonomies: [roles, subject]\n");
    });
    let lines: Vec<usize> = errors
        .iter()
        .filter(|d| d.path.to_string_lossy() == "hub.yaml")
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [2, 3, 4], "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|d| d.help.as_deref() == Some("did you mean `subjects`?"))
    );
    let errors = errors_after(|hub| {
        hub.write(
            "hub.yaml",
            "title: Hub\nbase_url: https://example.org/\nbaseurl: x\n",
        )
    });
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `base_url`?"));
}

#[test]
fn a_folder_of_someone_elses_files_is_never_replaced() {
    let hub = Hub::fixture("basic");
    let elsewhere = hub.root.join("my-documents");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("lesson-plan.docx"), "precious").unwrap();
    let options = convene::BuildOptions {
        output: Some(elsewhere.clone()),
        ..hub.options()
    };
    let errors = convene::build(&options).unwrap_err();
    assert!(errors[0].message.contains("did not make"), "{}", errors[0]);
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("lesson-plan.docx")).unwrap(),
        "precious"
    );

    for output in [
        hub.root.clone(),
        hub.root.join("content/out"),
        hub.root.parent().unwrap().to_path_buf(),
    ] {
        let options = convene::BuildOptions {
            output: Some(output),
            ..hub.options()
        };
        assert!(convene::build(&options).is_err());
    }
    assert!(hub.root.join("content/about.md").is_file());
}

#[test]
fn a_crlf_file_with_a_byte_order_mark_builds() {
    let hub = Hub::fixture("basic");
    hub.write(
        "content/posts/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ndate: 2026-11-12\r\n---\r\nLine one.\r\n",
    );
    hub.build().unwrap();
    assert!(
        hub.output("posts/windows/index.html")
            .contains("<h1>Written on Windows</h1>")
    );
}

#[test]
fn recurrence_problems_are_located() {
    let errors = errors_after(|hub| {
        hub.write("content/events/meetup.md", "---\ntitle: Meetup\nstart: 2026-12-05T08:30:00\nrecurrence: FREQ=MONTHLY;BYHOUR=9\n---\n");
        hub.write("content/events/past.md", "---\ntitle: Past\nstart: 2026-12-05T08:30:00\nrecurrence: FREQ=MONTHLY;BYDAY=1SA;COUNT=3\nexceptions: [2027-01-03]\n---\n");
    });
    let rule = find(&errors, "content/events/meetup.md");
    assert_eq!((rule.line, rule.column), (4, 13 + 13));
    assert!(rule.message.contains("BYHOUR is not supported"), "{rule}");
    let exception = find(&errors, "content/events/past.md");
    assert_eq!(exception.line, 5);
    assert!(
        exception
            .message
            .contains("2027-01-03 is not one of the dates"),
        "{exception}"
    );
}

#[test]
fn event_time_problems_are_located() {
    let errors = errors_after(|hub| {
        hub.write("content/events/meetup.md", "---\ntitle: Meetup\nstart: 2026-12-05T08:30:00\nend: 2026-12-05T10:00:00\nduration: 90m\n---\n");
        hub.write("content/events/past.md", "---\ntitle: Past\nstart: 2026-12-05T08:30:00\nend: 2026-12-05T07:00:00\ntimezone: Mars/Olympus\n---\n");
    });
    let both = find(&errors, "content/events/meetup.md");
    assert_eq!(both.line, 5);
    assert!(
        both.message.contains("`end` or `duration`, not both"),
        "{both}"
    );
    let zone = find(&errors, "content/events/past.md");
    assert_eq!(zone.line, 5);
    assert!(zone.message.contains("not a known time zone"), "{zone}");
}

#[test]
fn an_event_that_ends_before_it_starts_is_located() {
    let errors = errors_after(|hub| {
        hub.write(
            "content/events/past.md",
            "---\ntitle: Past\nstart: 2026-12-05T08:30:00\nend: 2026-12-05T07:00:00\n---\n",
        )
    });
    let error = find(&errors, "content/events/past.md");
    assert_eq!((error.line, error.column), (4, 6));
    assert!(error.message.contains("ends before it starts"), "{error}");
}

#[test]
fn a_bad_per_page_or_sort_name_is_located() {
    for (value, message) in [
        ("0", "`per_page` must be at least 1"),
        ("lots", "a whole number is expected here"),
        ("-3", "a whole number is expected here"),
    ] {
        let errors = errors_after(|hub| {
            let config = std::fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
            hub.write("hub.yaml", format!("{config}per_page: {value}\n"));
        });
        let error = find(&errors, "hub.yaml");
        assert_eq!((error.line, error.column), (7, 11), "{error}");
        assert_eq!(error.message, message);
    }
    let errors = errors_after(|hub| {
        hub.write(
            "content/profiles/ann.md",
            "---\ntitle: Ann\nsort_name: \"  \"\n---\n",
        );
        hub.write(
            "content/events/meetup.md",
            "---\ntitle: Meetup\nstart: 2026-12-05T09:00:00\nsort_name: Meetup\n---\n",
        );
    });
    let empty = find(&errors, "content/profiles/ann.md");
    assert_eq!(
        (empty.line, empty.message.as_str()),
        (3, "`sort_name` is empty")
    );
    assert!(
        empty
            .help
            .as_deref()
            .unwrap()
            .contains("sort_name: Nguyen, Mai")
    );
    let elsewhere = find(&errors, "content/events/meetup.md");
    assert_eq!(elsewhere.line, 4);
    assert!(
        elsewhere
            .message
            .contains("unknown key `sort_name` in an event")
    );
}
