//! Helpers shared by the integration tests: fixture hubs copied into temporary folders.
#![allow(dead_code)]

pub mod browser;
pub mod html;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use convene::BuildOptions;
use convene::diagnostic::Diagnostic;

/// A fixture hub copied into a temporary folder, so tests may change it.
pub struct Hub {
    _dir: tempfile::TempDir,
    /// The hub's folder.
    pub root: PathBuf,
}

/// The moment every test build treats as now.
pub const NOW: &str = "2026-11-23T18:00:00Z";

impl Hub {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Hub {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("hub");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &root,
        );
        Hub { _dir: dir, root }
    }

    /// The basic fixture in English and Spanish, with `files` (path and text) written into it.
    pub fn bilingual(files: &[(&str, &str)]) -> Hub {
        Hub::in_languages("[en, es]", files)
    }

    /// The basic fixture in `languages` (as hub.yaml writes them, the first the default), with
    /// `files` (path and text) written into it.
    pub fn in_languages(languages: &str, files: &[(&str, &str)]) -> Hub {
        let hub = Hub::fixture("basic");
        let config = fs::read_to_string(hub.root.join("hub.yaml")).unwrap();
        hub.write(
            "hub.yaml",
            config.replace("language: en", &format!("languages: {languages}")),
        );
        for (path, text) in files {
            hub.write(path, text);
        }
        hub
    }

    /// A hub in a temporary folder with `hub_yaml` as its hub.yaml and no content yet.
    pub fn with_config(hub_yaml: &str) -> Hub {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("hub");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("hub.yaml"), hub_yaml).unwrap();
        Hub { _dir: dir, root }
    }

    /// Build options for this hub with the pinned time.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            source: self.root.clone(),
            now: Some(NOW.parse().unwrap()),
            ..Default::default()
        }
    }

    /// Builds with default options.
    pub fn build(&self) -> Result<convene::BuildReport, Vec<Diagnostic>> {
        convene::build(&self.options())
    }

    /// Builds and expects it to fail; returns the errors.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build was expected to fail"),
            Err(problems) => problems.into_iter().filter(Diagnostic::is_error).collect(),
        }
    }

    /// Writes (or replaces) a file of the hub.
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) {
        let path = self.root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Reads a file of the output.
    pub fn output(&self, path: &str) -> String {
        let full = self.root.join("public").join(path);
        fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    /// True when the output has this file.
    pub fn has_output(&self, path: &str) -> bool {
        self.root.join("public").join(path).is_file()
    }
}

/// The problem reported for the file at `path` (written with forward slashes).
pub fn problem_for<'a>(problems: &'a [Diagnostic], path: &str) -> &'a Diagnostic {
    problems
        .iter()
        .find(|d| d.path.to_string_lossy().replace('\\', "/") == path)
        .unwrap_or_else(|| panic!("no problem reported for {path} in {problems:#?}"))
}

/// Copies a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

/// True when the program at `path` is installed. Where it is missing, the test is skipped on a
/// developer's machine with a message naming the Debian package, and fails under CI.
pub fn required_program(path: &str, package: &str, test: &str) -> bool {
    if Path::new(path).is_file() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("the {test} needs {path}: install the Debian package `{package}`");
    }
    eprintln!("skipping the {test}: install the Debian package `{package}`");
    false
}

/// `convene serve` running on a free port, with its output read line by line.
pub struct Server {
    /// The running `convene serve`.
    pub child: Child,
    /// Where it serves the hub (`http://127.0.0.1:PORT/`).
    pub url: String,
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `convene serve` on the hub at `hub`, on a free port.
    pub fn start(hub: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_convene"))
            .args(["serve", "--port", "0", "--now", NOW, "--source"])
            .arg(hub)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("convene serve starts");
        let (send, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = send.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            url: String::new(),
            lines,
        };
        let line = server.wait_for_line("Serving the hub at ");
        server.url = line
            .split("Serving the hub at ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        server
    }

    /// Waits (at most 30 s) for an output line containing `text`.
    pub fn wait_for_line(&self, text: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => continue,
                Err(_) => panic!("convene serve never printed {text:?}"),
            }
        }
    }

    /// Sends one request and returns the status, headers and body. The request is addressed
    /// to the server's own address unless `head` has a `Host` line of its own.
    pub fn request(&self, head: &str) -> (u16, String, Vec<u8>) {
        let address = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        let host = if head.to_ascii_lowercase().contains("\r\nhost:") {
            String::new()
        } else {
            format!("\r\nHost: {address}")
        };
        write!(stream, "{head}{host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let headers = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = headers.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, headers, response[split + 4..].to_vec())
    }

    /// GETs `path`: the status and the body as text.
    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request(&format!("GET {path} HTTP/1.1"));
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Opens the live-reload channel; its messages arrive on the returned receiver.
    pub fn listen(&self) -> mpsc::Receiver<String> {
        let address = self
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let mut stream = TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET /__convene/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    let _ = send.send(data.to_string());
                }
            }
        });
        receive
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The problems `convene check --format json` printed, one line each as
/// `SEVERITY FILE:LINE:COLUMN: MESSAGE`, with the JSON itself.
pub fn json_problems(stdout: &[u8]) -> (Vec<String>, serde_json::Value) {
    let problems: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    let lines = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}:{}:{}: {}",
                p["severity"].as_str().unwrap(),
                p["file"].as_str().unwrap(),
                p["line"],
                p["column"],
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    (lines, problems)
}

/// A property of a parsed iCalendar component as its content line, parameters included
/// (`DTSTART;TZID=America/Chicago:20270102T083000`), for the rrule crate to read.
pub fn ical_line(component: &icalendar::parser::Component, name: &str) -> Option<String> {
    let property = component
        .properties
        .iter()
        .find(|p| p.name.as_str() == name)?;
    let params: String = property
        .params
        .iter()
        .map(|p| {
            format!(
                ";{}={}",
                p.key.as_str(),
                p.val.as_ref().map(|v| v.as_str()).unwrap_or("")
            )
        })
        .collect();
    Some(format!("{name}{params}:{}", property.val.as_str()))
}

/// The example hub built into a temporary folder (kept while the first value lives), published
/// at `base_url` when given, else at its own; the second value is its output folder.
pub fn built_example(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let options = BuildOptions {
        source: Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        output: Some(public.clone()),
        base_url: base_url.map(str::to_string),
        now: Some(NOW.parse().unwrap()),
        ..Default::default()
    };
    convene::build(&options).unwrap();
    (output, public)
}
