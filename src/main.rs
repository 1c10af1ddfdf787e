//! The `convene` command: parses arguments, calls the library, prints the report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use convene::diagnostic::Diagnostic;
use convene::scaffold::NewKind;

#[derive(Parser)]
#[command(
    name = "convene",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CONVENE_COMMIT"), ")"),
    about = "Build the website of an educators' learning network from Markdown."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `build` and `serve` both take.
#[derive(clap::Args)]
struct HubArgs {
    /// The hub's folder (the one with hub.yaml).
    #[arg(long, short, default_value = ".")]
    source: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Treat this moment as now when splitting upcoming from past events (RFC 3339).
    #[arg(long, hide = true)]
    now: Option<jiff::Timestamp>,
    /// Do not build the search index and page.
    #[arg(long)]
    no_search: bool,
    /// Print how long each stage of every build took.
    #[arg(long)]
    timings: bool,
}

impl HubArgs {
    fn options(self) -> convene::BuildOptions {
        convene::BuildOptions {
            source: self.source,
            drafts: self.drafts,
            now: self.now,
            no_search: self.no_search,
            ..Default::default()
        }
    }
}

/// How `check` prints what it found.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// For people: each problem with its line quoted.
    Text,
    /// For tools: a JSON list.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the hub into a static site.
    Build {
        #[command(flatten)]
        hub: HubArgs,
        /// Where to write the site [default: SOURCE/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Publish under this address instead of hub.yaml's base_url.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Preview the hub: serve it locally and rebuild and reload on every change.
    Serve {
        #[command(flatten)]
        hub: HubArgs,
        /// The port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; others on your network can see the hub if you choose 0.0.0.0.
        #[arg(long, short, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the hub in your browser.
        #[arg(long)]
        open: bool,
        /// Check the files for changes every half second (for network drives and WSL).
        #[arg(long)]
        poll: bool,
        /// Also answer requests addressed to this name (besides localhost and IP addresses),
        /// such as the computer's name on your network; may be given more than once.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Check the hub without writing it: every error a build finds, and warnings besides.
    Check {
        /// The hub's folder (the one with hub.yaml).
        #[arg(long, short, default_value = ".")]
        source: PathBuf,
        /// How to print the problems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Also ask every link to the web whether it still answers (answers are kept for 7
        /// days in .convene/linkcache.json).
        #[arg(long)]
        external: bool,
        /// How many seconds a link may take to answer.
        #[arg(long, default_value_t = 10, hide = true)]
        link_timeout: u64,
        /// Treat this moment as now when splitting upcoming from past events (RFC 3339).
        #[arg(long, hide = true)]
        now: Option<jiff::Timestamp>,
    },
    /// Start a new hub in DIR with one page of each kind.
    Init {
        /// The folder to create the hub in.
        dir: PathBuf,
    },
    /// Write the issue forms members fill in on GitHub (.github/ISSUE_TEMPLATE/), from the
    /// hub's terms, toolkits and languages; run it again after changing them.
    Forms {
        /// The hub's folder.
        #[arg(long, short, default_value = ".")]
        source: PathBuf,
    },
    /// Add what a member sent with one of the forms: read the issue's JSON (`-` for standard
    /// input), write the new file into content/ and check it. Prints the files written; when
    /// something is wrong, prints a comment for the issue and exits with 1 (2: not a form).
    Intake {
        /// The issue, as the JSON of GitHub's `issue` object, or `-` for standard input.
        issue: PathBuf,
        /// The hub's folder.
        #[arg(long, short, default_value = ".")]
        source: PathBuf,
        /// Also write the comment for the issue (what to change, or a word of thanks) to this
        /// file.
        #[arg(long, value_name = "FILE")]
        comment: Option<PathBuf>,
        /// Treat this moment as now when checking (RFC 3339).
        #[arg(long, hide = true)]
        now: Option<jiff::Timestamp>,
    },
    /// Start a new page with the right front matter.
    New {
        /// profile, event, toolkit or post.
        kind: NewKind,
        /// The page's title; its file name is made from it.
        title: String,
        /// The hub's folder.
        #[arg(long, short, default_value = ".")]
        source: PathBuf,
    },
    /// Write the configuration of an editor in the browser (at /admin/ of the published hub),
    /// for members who do not use git.
    Cms {
        /// The hub's folder.
        #[arg(long, short, default_value = ".")]
        source: PathBuf,
        /// The hub's repository on GitHub, which the editor saves to [default: hub.yaml's
        /// `repository`].
        #[arg(long, value_name = "https://github.com/OWNER/REPO")]
        repository: Option<String>,
    },
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}

/// `convene intake`: 0 when the files are written (their paths on standard output), 1 when the
/// issue needs changes (the comment on standard output), 2 when it was not made with a form,
/// 3 when the hub or the input is at fault.
fn intake(
    issue: &std::path::Path,
    source: PathBuf,
    comment_file: Option<&std::path::Path>,
    now: Option<jiff::Timestamp>,
) -> ExitCode {
    use convene::contribute::intake::Outcome;
    let json = if issue.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(issue)
    };
    let json = match json {
        Ok(json) => json,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", issue.display());
            return ExitCode::from(3);
        }
    };
    let options = convene::BuildOptions {
        source,
        now,
        ..Default::default()
    };
    let (code, comment) = match convene::contribute::intake::intake(&options, &json) {
        Ok(Outcome::Written { files, comment }) => {
            for file in &files {
                println!("{}", file.display());
            }
            (ExitCode::SUCCESS, comment)
        }
        Ok(Outcome::Problems { comment }) => {
            print!("{comment}");
            (ExitCode::FAILURE, comment)
        }
        Ok(Outcome::NotAForm) => {
            eprintln!("The issue was not made with one of the hub's forms; nothing to do.");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(3);
        }
    };
    if let Some(file) = comment_file
        && let Err(error) = std::fs::write(file, comment)
    {
        eprintln!("error: cannot write {}: {error}", file.display());
        return ExitCode::from(3);
    }
    code
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = jiff::Zoned::now().date();
    match cli.command {
        Command::Build {
            hub,
            output,
            base_url,
        } => {
            let timings = hub.timings;
            let options = convene::BuildOptions {
                output,
                base_url,
                ..hub.options()
            };
            match convene::build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    println!(
                        "Built {} pages into {} ({} files, {} written, {} unchanged).",
                        report.pages,
                        report.output.display(),
                        report.files,
                        report.written,
                        report.files - report.written
                    );
                    if timings {
                        println!("{}", report.timings);
                    }
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    print_diagnostics(&diagnostics);
                    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "Build failed with {errors} error{}. Nothing was published; the previous site is unchanged.",
                        if errors == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            hub,
            port,
            interface,
            open,
            poll,
            allow_host,
        } => {
            let options = convene::serve::ServeOptions {
                timings: hub.timings,
                build: hub.options(),
                interface,
                port,
                open,
                poll,
                allowed_hosts: allow_host,
            };
            match convene::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            source,
            format,
            strict,
            external,
            link_timeout,
            now,
        } => {
            let links = convene::check::external::LinkCheckOptions {
                timeout: std::time::Duration::from_secs(link_timeout),
                ..Default::default()
            };
            let problems = convene::check::check(
                &convene::BuildOptions {
                    source,
                    now,
                    ..Default::default()
                },
                external.then_some(&links),
            );
            let errors = problems.iter().filter(|p| p.is_error()).count();
            let warnings = problems.len() - errors;
            match format {
                Format::Json => println!("{}", convene::check::to_json(&problems)),
                Format::Text => {
                    print_diagnostics(&problems);
                    let plural = |n: usize| if n == 1 { "" } else { "s" };
                    eprintln!(
                        "Checked the hub: {errors} error{}, {warnings} warning{}.",
                        plural(errors),
                        plural(warnings)
                    );
                }
            }
            if errors == 0 && strict && warnings > 0 {
                eprintln!(
                    "error: --strict fails on warnings too, and the hub has {warnings}; fix them, or run `convene check` without --strict to fail on errors only"
                );
            }
            if errors > 0 || strict && warnings > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init { dir } => match convene::scaffold::init(&dir, today) {
            Ok(files) => {
                println!(
                    "Created a hub in {} with {} files.",
                    dir.display(),
                    files.len()
                );
                println!("Build it with: convene build --source {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        Command::Forms { source } => {
            let options = convene::BuildOptions {
                source,
                ..Default::default()
            };
            match convene::contribute::write_forms(&options) {
                Ok(files) => {
                    for file in &files {
                        println!("Wrote {}", file.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Intake {
            issue,
            source,
            comment,
            now,
        } => intake(&issue, source, comment.as_deref(), now),
        Command::New {
            kind,
            title,
            source,
        } => match convene::scaffold::new_page(&source, kind, &title, today) {
            Ok(path) => {
                println!("Created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        Command::Cms { source, repository } => {
            let options = convene::cms::CmsOptions { source, repository };
            match convene::cms::write(&options) {
                Ok(report) => {
                    for file in &report.written {
                        println!("Wrote {}", options.source.join(file).display());
                    }
                    for file in &report.kept {
                        println!(
                            "Kept {}: it is your own (it lacks the line convene writes first)",
                            options.source.join(file).display()
                        );
                    }
                    if report.repository.is_none() {
                        eprintln!(
                            "note: the editor does not know the hub's repository yet: {} says `repo: {}`. Add `repository: https://github.com/OWNER/REPO` to hub.yaml, with your repository's address, and run `convene cms` again.",
                            convene::cms::CONFIG_FILE,
                            convene::cms::PLACEHOLDER_REPOSITORY
                        );
                    }
                    println!(
                        "Commit static/admin/ and publish the hub: the editor is then at /admin/ of the published site."
                    );
                    ExitCode::SUCCESS
                }
                Err(convene::cms::CmsError::Hub(diagnostics)) => {
                    print_diagnostics(&diagnostics);
                    eprintln!("error: fix hub.yaml, then run `convene cms` again");
                    ExitCode::FAILURE
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
