//! The GitHub Actions workflows: the one shipped with the example hub and written by `convene
//! init` (valid YAML with the keys GitHub needs, official actions only, convene taken from the
//! cache when built before, and the commands that check, build and publish the hub), and this
//! repository's release workflow.

use std::path::Path;

use serde_json::Value;

/// The workflow at `path` in this repository, read as YAML.
fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    serde_saphyr::from_str(&text).expect("the workflow is valid YAML")
}

/// The workflow as the example hub ships it.
fn workflow() -> Value {
    read("example-site/.github/workflows/publish.yml")
}

/// Every action the `jobs` of `workflow` use must be GitHub's own, at a version.
fn official_actions_only(workflow: &Value) {
    for job in workflow["jobs"].as_object().unwrap().values() {
        for step in job["steps"].as_array().unwrap() {
            if let Some(action) = step["uses"].as_str() {
                assert!(
                    action.starts_with("actions/") && action.contains("@v"),
                    "{action} is not an official action at a version"
                );
            }
        }
    }
}

#[test]
fn convene_is_built_once_per_version_and_taken_from_the_cache() {
    let workflow = workflow();
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let position = |find: &dyn Fn(&Value) -> bool| steps.iter().position(find).unwrap();
    let version = position(&|s| s["id"] == "convene");
    let cache = position(&|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/cache@"))
    });
    let install = position(&|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.starts_with("cargo install"))
    });
    assert!(version < cache && cache < install, "{steps:#?}");
    assert!(
        steps[version]["run"]
            .as_str()
            .unwrap()
            .contains("git ls-remote")
    );
    assert_eq!(steps[cache]["with"]["path"], "~/.cargo/bin/convene");
    assert!(
        steps[cache]["with"]["key"]
            .as_str()
            .unwrap()
            .contains("steps.convene.outputs.commit"),
        "keyed by convene's version"
    );
    assert_eq!(
        steps[install]["if"],
        "steps.cache.outputs.cache-hit != 'true'"
    );
    assert!(
        steps[install]["run"]
            .as_str()
            .unwrap()
            .contains("--rev ${{ steps.convene.outputs.commit }}"),
        "the commit installed is the one the cache is keyed by"
    );
    official_actions_only(&workflow);
}

#[test]
fn a_tagged_version_is_released_for_three_systems() {
    let workflow = read(".github/workflows/release.yml");
    assert_eq!(workflow["on"]["push"]["tags"][0], "v*");
    assert_eq!(workflow["permissions"]["contents"], "write");
    let jobs = &workflow["jobs"];
    assert_eq!(jobs["build"]["needs"], "release");
    let systems: Vec<&str> = jobs["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["os"].as_str().unwrap())
        .collect();
    assert_eq!(systems, ["ubuntu-latest", "macos-latest", "windows-latest"]);
    let runs = |job: &str| -> String {
        jobs[job]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["run"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(runs("release").contains("gh release create"));
    assert!(runs("build").contains("cargo build --release --locked"));
    assert!(runs("build").contains("gh release upload"));
    official_actions_only(&workflow);
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
fn a_new_hub_gets_the_same_workflows_and_its_forms() {
    let dir = tempfile::tempdir().unwrap();
    convene::scaffold::init(dir.path(), jiff::civil::date(2026, 11, 23)).unwrap();
    for (file, shipped) in [
        ("publish.yml", convene::scaffold::PUBLISH_WORKFLOW),
        (
            "contributions.yml",
            convene::scaffold::CONTRIBUTIONS_WORKFLOW,
        ),
    ] {
        let written =
            std::fs::read_to_string(dir.path().join(".github/workflows").join(file)).unwrap();
        assert_eq!(written, shipped);
        let example = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("example-site/.github/workflows")
                .join(file),
        )
        .unwrap();
        assert_eq!(written, example);
    }
    for form in ["profile", "event", "resource", "correction"] {
        assert!(
            dir.path()
                .join(format!(".github/ISSUE_TEMPLATE/{form}.yml"))
                .is_file(),
            "{form}"
        );
    }
}

#[test]
fn an_issue_made_with_a_form_becomes_a_pull_request_or_a_comment() {
    let workflow = read("example-site/.github/workflows/contributions.yml");
    assert_eq!(
        workflow["on"]["issues"]["types"],
        serde_json::json!(["opened", "edited", "labeled"])
    );
    for permission in ["contents", "issues", "pull-requests"] {
        assert_eq!(workflow["permissions"][permission], "write", "{permission}");
    }
    let job = &workflow["jobs"]["intake"];
    let condition = job["if"].as_str().unwrap();
    assert!(
        condition.contains("contains(github.event.issue.labels.*.name, 'contribution')"),
        "{condition}"
    );
    let steps = job["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let all = runs.join("\n");
    assert!(all.contains("convene intake --source . --comment"), "{all}");
    assert!(all.contains("jq .issue \"$GITHUB_EVENT_PATH\""), "{all}");
    assert!(all.contains("gh pr create"), "{all}");
    assert!(all.contains("gh issue comment"), "{all}");
    assert!(all.contains("git push --force origin \"$branch\""), "{all}");
    // What a member wrote never becomes part of a command: it reaches the commands through
    // the environment or the event's file only.
    for run in &runs {
        assert!(!run.contains("${{ github.event.issue"), "{run}");
    }
    // Each outcome of `convene intake` has its step.
    let conditions: Vec<&str> = steps.iter().filter_map(|s| s["if"].as_str()).collect();
    for wanted in [
        "steps.intake.outputs.status == '0'",
        "steps.intake.outputs.status == '1'",
    ] {
        assert!(conditions.contains(&wanted), "{conditions:?}");
    }
    official_actions_only(&workflow);
}
