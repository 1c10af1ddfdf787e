//! The GitHub Actions workflow shipped with the example hub and written by `convene init`: valid
//! YAML with the keys GitHub needs, official actions only, and the commands that check, build
//! and publish the hub.

use std::path::Path;

use serde_json::Value;

/// The workflow as the example hub ships it.
fn workflow() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site/.github/workflows/publish.yml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).expect("the workflow is valid YAML")
}

#[test]
fn the_workflow_builds_on_push_and_nightly_and_deploys_to_pages() {
    let workflow = workflow();
    let on = &workflow["on"];
    assert_eq!(on["push"]["branches"][0], "main", "{workflow:#}");
    let cron = on["schedule"][0]["cron"]
        .as_str()
        .expect("a nightly schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(
        on.get("workflow_dispatch").is_some(),
        "it can be started by hand"
    );
    assert_eq!(workflow["permissions"]["pages"], "write");
    assert_eq!(workflow["permissions"]["id-token"], "write");

    let jobs = &workflow["jobs"];
    let steps = |job: &str| jobs[job]["steps"].as_array().unwrap().clone();
    let uses: Vec<String> = ["build", "deploy"]
        .iter()
        .flat_map(|job| steps(job))
        .filter_map(|step| step["uses"].as_str().map(str::to_string))
        .collect();
    assert!(!uses.is_empty());
    for action in &uses {
        assert!(
            action.starts_with("actions/") && action.contains("@v"),
            "{action} is not an official action at a version"
        );
    }
    let runs: Vec<String> = steps("build")
        .iter()
        .filter_map(|step| step["run"].as_str().map(str::to_string))
        .collect();
    assert!(
        runs.iter().any(|r| r.starts_with("convene check")),
        "{runs:?}"
    );
    let build = runs
        .iter()
        .find(|r| r.starts_with("convene build"))
        .unwrap();
    assert!(
        build.contains("--base-url"),
        "built for the Pages address: {build}"
    );
    let upload = steps("build")
        .into_iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .unwrap();
    assert_eq!(upload["with"]["path"], "public");
    assert_eq!(jobs["deploy"]["needs"], "build");
    assert_eq!(jobs["deploy"]["environment"]["name"], "github-pages");
    assert!(uses.iter().any(|u| u.starts_with("actions/deploy-pages@")));
}

#[test]
fn a_new_hub_gets_the_same_workflow() {
    let dir = tempfile::tempdir().unwrap();
    convene::scaffold::init(dir.path(), jiff::civil::date(2026, 11, 23)).unwrap();
    let written =
        std::fs::read_to_string(dir.path().join(".github/workflows/publish.yml")).unwrap();
    assert_eq!(written, convene::scaffold::PUBLISH_WORKFLOW);
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site/.github/workflows/publish.yml"),
    )
    .unwrap();
    assert_eq!(written, example);
}
