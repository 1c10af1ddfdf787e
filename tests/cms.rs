//! `convene cms`: the editor's configuration is YAML with a collection per kind of page, a
//! field for every front matter key (and no key convene would reject), the values of the
//! enums in code, translations in a hub of several languages only, and what the editor
//! writes builds; an organiser's own configuration is never overwritten; the build publishes
//! the editor at `/admin/`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use common::Hub;
use convene::cms::{self, COLLECTIONS, CmsError, CmsOptions};
use convene::content::Kind;
use convene::content::front_matter::{ProfileKind, Resource, ResourceKind, allowed_keys};
use convene::events::EventStatus;
use serde_json::{Value, json};

/// Runs `convene cms` on `hub` and reads the configuration it wrote.
fn write_config(hub: &Hub) -> Value {
    cms::write(&CmsOptions {
        source: hub.root.clone(),
        repository: Some("https://github.com/ntx/hub".into()),
    })
    .expect("convene cms writes the configuration");
    read_config(hub)
}

fn read_config(hub: &Hub) -> Value {
    let text = fs::read_to_string(hub.root.join(cms::CONFIG_FILE)).unwrap();
    assert!(text.starts_with(cms::HEADER), "{text}");
    serde_saphyr::from_str(&text).expect("the configuration is valid YAML")
}

/// The example hub (in English and Spanish), copied.
fn example_hub() -> Hub {
    let hub = Hub::with_config("title: x\nbase_url: https://example.org/\n");
    fs::remove_dir_all(&hub.root).unwrap();
    common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        &hub.root,
    );
    hub
}

/// The collection of the configuration named `name`.
fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields}"))
}

fn names(fields: &Value) -> BTreeSet<String> {
    fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

fn option_values(field: &Value) -> Vec<String> {
    field["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_configuration_is_yaml_with_a_collection_per_kind_of_page() {
    let hub = Hub::fixture("basic");
    let config = write_config(&hub);
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "ntx/hub");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["media_folder"], "static/uploads");
    assert_eq!(config["public_folder"], "/uploads");
    assert_eq!(config["output"]["omit_empty_optional_fields"], true);
    let collections = config["collections"].as_array().unwrap();
    let found: Vec<(&str, &str)> = collections
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["folder"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("profiles", "content/profiles"),
            ("events", "content/events"),
            ("toolkits", "content/toolkits"),
            ("posts", "content/posts"),
            ("pages", "content"),
        ]
    );
    let kinds: BTreeSet<Kind> = COLLECTIONS.iter().map(|c| c.kind).collect();
    for kind in [
        Kind::Profile,
        Kind::Event,
        Kind::Toolkit,
        Kind::Post,
        Kind::Page,
    ] {
        assert!(kinds.contains(&kind), "no collection of {kind:?}");
    }
    for collection in collections {
        assert_eq!(collection["extension"], "md");
        assert_eq!(collection["format"], "yaml-frontmatter");
        assert_eq!(collection["index_file"]["name"], "_index");
        let body = field(&collection["fields"], "body");
        assert_eq!(body["widget"], "markdown");
    }
    // Hosts, curators and members are profiles, written as the profile's file name.
    for (name, key) in [
        ("events", "hosts"),
        ("toolkits", "curators"),
        ("profiles", "members"),
    ] {
        let relation = field(&collection(&config, name)["fields"], key);
        assert_eq!(relation["widget"], "relation");
        assert_eq!(relation["collection"], "profiles");
        assert_eq!(relation["value_field"], "{{slug}}");
        assert_eq!(relation["multiple"], true);
    }
}

/// The keys `Resource` takes, as its deserializer lists them when it meets an unknown one.
fn resource_keys() -> BTreeSet<String> {
    let error = serde_saphyr::from_str::<Resource>("title: x\nnot_a_key: 1\n")
        .expect_err("an unknown key is refused")
        .without_snippet()
        .to_string();
    let expected = error
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("{error}"));
    let expected = expected.split(" at line").next().unwrap_or(expected);
    let keys: BTreeSet<String> = expected
        .split(',')
        .map(|key| key.trim().trim_matches('`').to_string())
        .collect();
    assert!(keys.contains("title") && keys.contains("url"), "{keys:?}");
    keys
}

#[test]
fn every_front_matter_key_has_a_field_and_every_field_is_a_front_matter_key() {
    let hub = Hub::fixture("basic");
    // Two of the five taxonomies: the other three get no field.
    let yaml = fs::read_to_string(hub.root.join("hub.yaml"))
        .unwrap()
        .replace(
            "taxonomies: [roles, subjects, regions, grade_levels, tags]",
            "taxonomies: [subjects, tags]",
        );
    hub.write("hub.yaml", yaml);
    let config = write_config(&hub);
    let configured = ["subjects", "tags"];
    for spec in COLLECTIONS {
        let fields = &collection(&config, spec.name)["fields"];
        let found = names(fields);
        let allowed = allowed_keys(spec.kind);
        for key in &allowed {
            let unconfigured_taxonomy =
                convene::config::TAXONOMIES.contains(key) && !configured.contains(key);
            assert_eq!(
                found.contains(*key),
                !unconfigured_taxonomy,
                "`{key}` of {:?} in the collection {}: {found:?}",
                spec.kind,
                spec.name
            );
        }
        for name in &found {
            assert!(
                name == "body" || allowed.contains(&name.as_str()),
                "the collection {} writes `{name}`, which a page of {:?} may not have",
                spec.name,
                spec.kind
            );
        }
        // A section's (or the home page's) `_index.md` gets only keys such a page takes.
        let index_kind = if spec.kind == Kind::Page {
            Kind::Home
        } else {
            Kind::Section
        };
        let index_allowed = allowed_keys(index_kind);
        for name in names(&collection(&config, spec.name)["index_file"]["fields"]) {
            assert!(
                name == "body" || index_allowed.contains(&name.as_str()),
                "the index file of {} writes `{name}`",
                spec.name
            );
        }
    }
    // Every key of a toolkit's resource has a subfield, and no subfield is another key.
    let resources = field(&collection(&config, "toolkits")["fields"], "resources");
    assert_eq!(resources["widget"], "list");
    assert_eq!(names(&resources["fields"]), resource_keys());
    let fields = &resources["fields"];
    assert_eq!(field(fields, "title")["required"], true);
    assert_eq!(field(fields, "url")["required"], true);
    for optional in ["author", "source", "kind", "note", "tags"] {
        assert_eq!(field(fields, optional)["required"], false, "{optional}");
    }
}

#[test]
fn widgets_write_what_the_content_format_reads() {
    let hub = Hub::fixture("basic");
    let config = write_config(&hub);
    let events = &collection(&config, "events")["fields"];
    // An event starts at a local date and time, without an offset.
    for key in ["start", "end"] {
        assert_eq!(field(events, key)["widget"], "datetime");
        assert_eq!(field(events, key)["format"], "YYYY-MM-DDTHH:mm:ss");
    }
    assert_eq!(field(events, "start")["required"], true);
    assert_eq!(field(events, "end")["required"], false);
    let exceptions = field(events, "exceptions");
    assert_eq!(exceptions["widget"], "list");
    assert_eq!(exceptions["field"]["date_format"], "YYYY-MM-DD");
    assert_eq!(exceptions["field"]["time_format"], false);
    for spec in COLLECTIONS {
        let fields = &collection(&config, spec.name)["fields"];
        assert_eq!(field(fields, "title")["required"], true);
        for key in ["date", "updated"] {
            assert_eq!(field(fields, key)["date_format"], "YYYY-MM-DD", "{key}");
            assert_eq!(field(fields, key)["time_format"], false, "{key}");
        }
        assert_eq!(
            field(fields, "date")["required"],
            spec.kind == Kind::Post,
            "posts need a date"
        );
        assert_eq!(field(fields, "draft")["widget"], "boolean");
        assert_eq!(field(fields, "aliases")["widget"], "list");
        assert_eq!(field(fields, "extra")["widget"], "hidden");
        for taxonomy in convene::config::TAXONOMIES {
            let terms = field(fields, taxonomy);
            assert_eq!(terms["widget"], "list", "{taxonomy}");
            assert_eq!(terms["field"]["widget"], "string", "{taxonomy}");
        }
        // Only the fields convene requires are required.
        for f in fields.as_array().unwrap() {
            let name = f["name"].as_str().unwrap();
            let required =
                matches!(name, "title" | "start") || name == "date" && spec.kind == Kind::Post;
            assert_eq!(f["required"], required, "{} {name}", spec.name);
            if f["widget"] != "hidden" {
                assert!(f["label"].is_string(), "{name} has a label");
                assert!(f["hint"].is_string(), "{} {name} has a hint", spec.name);
            }
        }
    }
    let links = field(&collection(&config, "profiles")["fields"], "links");
    assert_eq!(links["widget"], "keyvalue");
    assert_eq!(
        field(&collection(&config, "profiles")["fields"], "avatar")["widget"],
        "image"
    );
}

/// Where each variant stands in its `ALL`: a variant added to an enum without being added here
/// stops this test from compiling, and one left out of `ALL` fails it.
#[test]
fn every_variant_is_in_its_list() {
    let profile = |kind| match kind {
        ProfileKind::Person => 0,
        ProfileKind::Group => 1,
    };
    let status = |status| match status {
        EventStatus::Confirmed => 0,
        EventStatus::Tentative => 1,
        EventStatus::Cancelled => 2,
    };
    let resource = |kind| match kind {
        ResourceKind::Article => 0,
        ResourceKind::Video => 1,
        ResourceKind::Podcast => 2,
        ResourceKind::Book => 3,
        ResourceKind::Tool => 4,
        ResourceKind::Community => 5,
    };
    assert!(
        ProfileKind::ALL
            .iter()
            .enumerate()
            .all(|(i, k)| profile(*k) == i)
    );
    assert_eq!(ProfileKind::ALL.len(), 2);
    assert!(
        EventStatus::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| status(*s) == i)
    );
    assert_eq!(EventStatus::ALL.len(), 3);
    assert!(
        ResourceKind::ALL
            .iter()
            .enumerate()
            .all(|(i, k)| resource(*k) == i)
    );
    assert_eq!(ResourceKind::ALL.len(), 6);
}

#[test]
fn the_choices_are_the_values_of_the_enums_in_code() {
    let hub = Hub::fixture("basic");
    let config = write_config(&hub);
    let kind = field(&collection(&config, "profiles")["fields"], "kind");
    let status = field(&collection(&config, "events")["fields"], "status");
    let resources = field(&collection(&config, "toolkits")["fields"], "resources");
    let resource_kind = field(&resources["fields"], "kind");
    for (field, values) in [
        (kind, cms::value_names(&ProfileKind::ALL)),
        (status, cms::value_names(&EventStatus::ALL)),
        (resource_kind, cms::value_names(&ResourceKind::ALL)),
    ] {
        assert_eq!(field["widget"], "select");
        assert_eq!(option_values(field), values);
    }
    // Defaults are the enums' defaults.
    assert_eq!(
        kind["default"],
        json!(cms::value_names(&[ProfileKind::default()])[0])
    );
    assert_eq!(
        status["default"],
        json!(cms::value_names(&[EventStatus::default()])[0])
    );
    assert_eq!(
        resource_kind["default"],
        json!(cms::value_names(&[ResourceKind::default()])[0])
    );
    // Each choice is a value the front matter reads.
    let hub = Hub::fixture("basic");
    for value in option_values(status) {
        hub.write(
            "content/events/meetup.md",
            format!("---\ntitle: Meetup\nstart: 2026-12-05T08:30:00\nstatus: {value}\n---\n"),
        );
        hub.build()
            .unwrap_or_else(|e| panic!("status {value}: {e:?}"));
    }
    for value in option_values(kind) {
        hub.write(
            "content/profiles/ann.md",
            format!("---\ntitle: Ann\nkind: {value}\n---\n"),
        );
        hub.build()
            .unwrap_or_else(|e| panic!("kind {value}: {e:?}"));
    }
    for value in option_values(resource_kind) {
        hub.write(
            "content/toolkits/start.md",
            format!("---\ntitle: Start\nresources:\n  - title: A\n    url: https://example.org/a\n    kind: {value}\n---\n## Why\n"),
        );
        hub.build()
            .unwrap_or_else(|e| panic!("resource kind {value}: {e:?}"));
    }
}

/// Each field's translation mode, recursively, by its path.
fn translation_modes(fields: &Value, prefix: &str, into: &mut BTreeMap<String, Value>) {
    for f in fields.as_array().unwrap() {
        let path = format!("{prefix}{}", f["name"].as_str().unwrap());
        into.insert(path.clone(), f["i18n"].clone());
        if f["fields"].is_array() {
            translation_modes(&f["fields"], &format!("{path}."), into);
        }
        if f["field"].is_object() {
            into.insert(format!("{path}.*"), f["field"]["i18n"].clone());
        }
    }
}

#[test]
fn a_hub_in_two_languages_edits_translations_beside_their_original() {
    let hub = example_hub();
    let config = write_config(&hub);
    assert_eq!(
        config["i18n"],
        json!({
            "structure": "multiple_files",
            "locales": ["en", "es"],
            "default_locale": "en",
            "omit_default_locale_from_file_path": true,
            "initial_locales": "default",
        })
    );
    for spec in COLLECTIONS {
        let collection = collection(&config, spec.name);
        assert_eq!(collection["i18n"], true, "{}", spec.name);
        let mut modes = BTreeMap::new();
        translation_modes(&collection["fields"], "", &mut modes);
        for (path, mode) in &modes {
            let expected = match path.as_str() {
                "title" | "summary" | "body" => json!(true),
                // Only the page in the hub's first language says the language it is written in.
                "lang" => Value::Null,
                p if p.starts_with("resources") || p.starts_with("changes") => json!(true),
                _ => json!("duplicate"),
            };
            assert_eq!(mode, &expected, "{} {path}", spec.name);
        }
    }
    // The terms the hub already uses are named in their field's hint.
    let subjects = field(&collection(&config, "profiles")["fields"], "subjects");
    let hint = subjects["hint"].as_str().unwrap();
    assert!(
        hint.contains("math") && hint.contains("Matemáticas"),
        "{hint}"
    );
}

#[test]
fn a_hub_in_one_language_has_no_translations() {
    let hub = Hub::fixture("basic");
    let text = {
        write_config(&hub);
        fs::read_to_string(hub.root.join(cms::CONFIG_FILE)).unwrap()
    };
    assert!(!text.contains("i18n"), "{text}");
}

#[test]
fn an_organisers_own_configuration_is_never_overwritten() {
    let hub = Hub::fixture("basic");
    let own = "backend:\n  name: github\n  repo: me/mine\ncollections: []\n";
    hub.write(cms::CONFIG_FILE, own);
    let options = CmsOptions {
        source: hub.root.clone(),
        repository: None,
    };
    match cms::write(&options) {
        Err(CmsError::NotOurs(path)) => assert_eq!(path, std::path::Path::new(cms::CONFIG_FILE)),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let message = cms::write(&options).unwrap_err().to_string();
    assert!(
        message.contains("static/admin/config.yml was not written by convene"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(hub.root.join(cms::CONFIG_FILE)).unwrap(),
        own
    );
    assert!(!hub.root.join(cms::INDEX_FILE).exists());
}

#[test]
fn its_own_configuration_is_rewritten_and_an_own_page_kept() {
    let hub = Hub::fixture("basic");
    let options = CmsOptions {
        source: hub.root.clone(),
        repository: None,
    };
    let report = cms::write(&options).unwrap();
    assert_eq!(report.repository, None);
    assert_eq!(
        read_config(&hub)["backend"]["repo"],
        cms::PLACEHOLDER_REPOSITORY
    );
    assert_eq!(report.written.len(), 2);
    // A new term and a repository: written again.
    hub.write(
        "content/posts/hello.md",
        "---\ntitle: Hello\ndate: 2026-11-01\ntags: [brand new term]\n---\nHi.\n",
    );
    let page = "<!doctype html>\n<html><body>my own editor page</body></html>\n";
    hub.write(cms::INDEX_FILE, page);
    let report = cms::write(&CmsOptions {
        repository: Some("https://github.com/ntx/hub".into()),
        ..options
    })
    .unwrap();
    assert_eq!(report.repository.as_deref(), Some("ntx/hub"));
    assert_eq!(report.kept, [std::path::PathBuf::from(cms::INDEX_FILE)]);
    let config = read_config(&hub);
    assert_eq!(config["backend"]["repo"], "ntx/hub");
    let tags = field(&collection(&config, "posts")["fields"], "tags");
    assert!(tags["hint"].as_str().unwrap().contains("brand new term"));
    assert_eq!(
        fs::read_to_string(hub.root.join(cms::INDEX_FILE)).unwrap(),
        page
    );
}

#[test]
fn a_repository_that_is_not_on_github_is_refused() {
    let hub = Hub::fixture("basic");
    let error = cms::write(&CmsOptions {
        source: hub.root.clone(),
        repository: Some("https://git.example.org/ntx/hub".into()),
    })
    .unwrap_err();
    assert!(matches!(error, CmsError::Repository(..)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("`repository` must be a repository on github.com, not on `git.example.org`"),
        "{error}"
    );
    assert!(!hub.root.join(cms::CONFIG_FILE).exists());
}

#[test]
fn the_build_publishes_the_editor_at_admin() {
    let hub = Hub::fixture("basic");
    write_config(&hub);
    hub.build().expect("the hub builds");
    let page = hub.output("admin/index.html");
    assert!(page.contains(cms::SCRIPT_URL), "{page}");
    assert_eq!(
        hub.output("admin/config.yml"),
        fs::read_to_string(hub.root.join(cms::CONFIG_FILE)).unwrap()
    );
}

/// A value such as the editor writes for `f` in a page of the collection `name`.
fn sample(f: &Value, name: &str) -> Option<Value> {
    let key = f["name"].as_str().unwrap();
    let widget = f["widget"].as_str().unwrap_or("string");
    Some(match (widget, key) {
        ("hidden", _) | (_, "duration") | (_, "body") => return None,
        ("string", "title") => json!(format!("Sample {name}")),
        ("string", "slug") => json!(format!("sample-{name}-address")),
        ("string", "timezone" | "also_timezone") => json!("America/New_York"),
        ("string", "recurrence") => json!("FREQ=WEEKLY;COUNT=3"),
        // A profile rendered with another template would not show what this test looks for.
        ("string", "template") if name == "pages" => json!("page.html"),
        ("string", "template") => return None,
        ("string", "sort_name") => json!("Sample, Person"),
        ("string", "lang") => json!("es"),
        ("string", _) if f["type"] == "url" => json!("https://example.org/sample"),
        ("string" | "text", _) => json!(format!("Some {key}.")),
        ("datetime", "start") => json!("2026-12-05T08:30:00"),
        ("datetime", "end") => json!("2026-12-05T10:00:00"),
        ("datetime", _) if f["time_format"] == false => json!("2026-11-01"),
        ("boolean", _) => json!(false),
        ("select", _) => f["default"].clone(),
        ("relation", _) => json!(["ann"]),
        ("image", _) => json!("/uploads/photo.png"),
        ("keyvalue", _) => {
            json!({"website": "https://example.org/", "feed": "https://example.org/feed.xml"})
        }
        ("list", "aliases") => json!([format!("/old/{name}/")]),
        ("list", "exceptions") => json!(["2026-12-12"]),
        ("list", "changes") => {
            json!([{"date": "2026-12-19", "start_time": "09:00", "location": "Room B", "note": "Later."}])
        }
        ("list", "additional_dates") => json!(["2026-12-23"]),
        ("list", _) if f["field"].is_object() => json!([format!("sample {key}")]),
        ("list", _) => {
            let item: serde_json::Map<String, Value> = f["fields"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|sub| Some((sub["name"].as_str()?.to_string(), sample(sub, name)?)))
                .collect();
            json!([item])
        }
        (other, _) => panic!("no sample for the widget {other} ({key})"),
    })
}

#[test]
fn pages_written_with_every_field_of_the_editor_build() {
    let hub = Hub::fixture("basic");
    let config = write_config(&hub);
    hub.write(
        "static/uploads/photo.png",
        fs::read(hub.root.join("content/profiles/bob/avatar.png")).unwrap(),
    );
    for spec in COLLECTIONS {
        let fields = &collection(&config, spec.name)["fields"];
        let front: serde_json::Map<String, Value> = fields
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| Some((f["name"].as_str()?.to_string(), sample(f, spec.name)?)))
            .collect();
        let yaml = serde_saphyr::to_string(&front).unwrap();
        hub.write(
            &format!("{}/sample-{}.md", spec.folder, spec.name),
            format!("---\n{yaml}---\nSome *text*.\n"),
        );
    }
    let report = hub
        .build()
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(report.pages > 0);
    let event = hub.output("events/sample-events-address/index.html");
    assert!(event.contains("Sample events"), "{event}");
    let profile = hub.output("profiles/sample-profiles-address/index.html");
    assert!(profile.contains("/hub/uploads/photo.png"), "{profile}");
}

#[test]
fn the_repository_comes_from_hub_yaml() {
    let hub = example_hub();
    let report = cms::write(&CmsOptions {
        source: hub.root.clone(),
        repository: None,
    })
    .unwrap();
    assert_eq!(report.repository.as_deref(), Some("ntx-educators/hub"));
    assert_eq!(read_config(&hub)["backend"]["repo"], "ntx-educators/hub");
}
