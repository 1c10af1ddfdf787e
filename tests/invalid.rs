//! The corpus of broken hubs in `tests/fixtures/invalid/`. Each case is a folder: `hub/` holds
//! files laid over the `basic` fixture (a file that should not exist is written empty under
//! `hub/` with the extension `.remove`), and `expected.txt` holds every problem the build must
//! report, in order, one per line as `error PATH:LINE:COLUMN: MESSAGE`, each followed by its
//! `  help: ...` line when it has one. A case whose `expected.txt` says `builds` must build.
//!
//! With `CONVENE_BLESS=1` the test writes what the build reported into each `expected.txt`
//! instead of comparing; read every change before committing it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Hub, tree};
use convene::diagnostic::Diagnostic;

/// The folder of the corpus.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid")
}

/// The problems as `expected.txt` lists them.
fn describe(problems: &[Diagnostic]) -> String {
    let mut text = String::new();
    for problem in problems {
        let severity = if problem.is_error() {
            "error"
        } else {
            "warning"
        };
        let path = problem.path.to_string_lossy().replace('\\', "/");
        text.push_str(&format!(
            "{severity} {path}:{}:{}: {}\n",
            problem.line, problem.column, problem.message
        ));
        if let Some(help) = &problem.help {
            text.push_str(&format!("  help: {help}\n"));
        }
    }
    text
}

/// Lays the files of `overlay` over the hub: copies each file, removes each `*.remove`.
fn lay_over(hub: &Hub, overlay: &Path, folder: &Path) {
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let relative = path.strip_prefix(overlay).unwrap();
        if path.is_dir() {
            lay_over(hub, overlay, &path);
        } else if let Some(gone) = relative.to_string_lossy().strip_suffix(".remove") {
            fs::remove_file(hub.root.join(gone)).unwrap();
        } else {
            hub.write(&relative.to_string_lossy(), fs::read(&path).unwrap());
        }
    }
}

/// What building one case reports, after checking that a failed build left the previous output
/// exactly as it was, and that `convene check` finds the same errors.
fn build_case(case: &Path) -> String {
    let hub = Hub::fixture("basic");
    hub.build().expect("the basic fixture builds");
    let before = tree(&hub.root.join("public"));
    lay_over(&hub, &case.join("hub"), &case.join("hub"));
    let built = hub.build();
    let errors = |problems: &[Diagnostic]| {
        describe(
            &problems
                .iter()
                .filter(|p| p.is_error())
                .cloned()
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        errors(&convene::check::check(&hub.options(), None)),
        errors(built.as_ref().err().map_or(&[], Vec::as_slice)),
        "{}: check and build find the same errors",
        case.display()
    );
    match built {
        Ok(report) if report.warnings.is_empty() => "builds\n".to_string(),
        Ok(report) => format!("builds\n{}", describe(&report.warnings)),
        Err(problems) => {
            assert_eq!(
                before,
                tree(&hub.root.join("public")),
                "{}: a failed build must leave the previous output as it was",
                case.display()
            );
            describe(&problems)
        }
    }
}

#[test]
fn every_broken_hub_gets_its_exact_diagnostics() {
    let bless = std::env::var_os("CONVENE_BLESS").is_some();
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("hub").is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let actual = build_case(case);
        let expected_file = case.join("expected.txt");
        if bless {
            fs::write(&expected_file, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_file).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}\n--- expected\n{expected}--- reported\n{actual}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
