//! `convene serve`: builds the hub in memory, serves it on 127.0.0.1, and after every change
//! re-renders what the change reaches and reloads the open pages. A change that breaks the build
//! is shown in the terminal and over the page while the last good site stays served. Nothing is
//! written anywhere: the hub folder is left exactly as it was.

pub mod http;
pub mod preview;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

use crate::BuildOptions;
use crate::diagnostic::Diagnostic;
use http::{Announce, Shared, Snapshot};
use preview::{Files, Preview, Rebuild};

/// What `convene serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The hub and how to build it; `base_url` and `output` are set by the server.
    pub build: BuildOptions,
    /// The address to listen on; 127.0.0.1 unless asked otherwise.
    pub interface: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the files instead of waiting for the system's notices.
    pub poll: bool,
    /// Print how long each stage of every rebuild took.
    pub timings: bool,
    /// Names besides `localhost` and IP addresses that requests may be addressed to
    /// (`--allow-host`), such as a name the computer has on the school network.
    pub allowed_hosts: Vec<String>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is taken or not allowed.
    #[error("cannot listen on {address}: {source}; choose another port with --port")]
    Listen {
        /// The address asked for.
        address: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// Watching the hub's files failed.
    #[error("cannot watch the hub's files: {0}; try --poll")]
    Watch(#[from] notify::Error),
    /// The server's threads could not start.
    #[error("cannot start the server: {0}")]
    Start(std::io::Error),
}

/// What the rebuild loop hears about.
enum Message {
    /// These files of the hub changed.
    Changed(Vec<PathBuf>),
    /// The search index for a generation of the site is ready.
    Indexed(u64, Result<Files, Diagnostic>),
    /// Ctrl-C.
    Quit,
}

/// Serves the hub until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.interface, options.port);
    let listener = std::net::TcpListener::bind(address)
        .and_then(|listener| listener.set_nonblocking(true).map(|_| listener))
        .map_err(|source| ServeError::Listen { address, source })?;
    let bound = listener.local_addr().map_err(ServeError::Start)?;
    let url = format!("http://{bound}/");
    let mut preview = Preview::new(BuildOptions {
        base_url: Some(url.clone()),
        ..options.build
    });
    let root = preview.source().to_path_buf();

    // Watching starts before the first build, so that a save made while it runs is seen.
    let (send, receive) = mpsc::channel::<Message>();
    let changes = send.clone();
    let mut watcher = watch::HubWatcher::start(&root, options.poll, move |paths| {
        let _ = changes.send(Message::Changed(paths));
    })?;
    let started = Instant::now();
    let first = preview.rebuild(&[]);
    report(&first, started, "Built", options.timings);
    let shared = Arc::new(Shared::new(snapshot(&preview, &first)));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Start)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(ServeError::Start)?
    };
    let router = http::router(
        shared.clone(),
        Arc::new(http::AllowedHosts::new(&options.allowed_hosts)),
    );
    runtime.spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            eprintln!("error: the server stopped: {error}");
        }
    });

    let quit = send.clone();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = quit.send(Message::Quit);
    }) {
        eprintln!("warning: Ctrl-C may not stop the server cleanly: {error}");
    }
    let indexer = start_indexer(send);

    println!("Serving the hub at {url} (press Ctrl-C to stop)");
    if options.open {
        open_in_browser(&url);
    }
    let mut queued = 0;
    queue_search(&preview, &indexer, &mut queued);
    for message in receive {
        match message {
            Message::Changed(paths) => {
                if let Err(error) = watcher.watch_new_folders() {
                    eprintln!("warning: a new folder is not watched: {error}");
                }
                for path in &paths {
                    match path.strip_prefix(&root) {
                        Ok(shown) if shown.as_os_str().is_empty() => {
                            println!("Changed: many files; reading the whole hub again")
                        }
                        Ok(shown) => println!("Changed: {}", shown.display()),
                        Err(_) => println!("Changed: {}", path.display()),
                    }
                }
                let started = Instant::now();
                let had_errors = shared.current().errors.is_some();
                let rebuild = preview.rebuild(&paths);
                report(&rebuild, started, "Rebuilt", options.timings);
                let announce = if rebuild.failed() {
                    Announce::Errors
                } else if had_errors || rebuild.changed.iter().any(|p| !p.ends_with(".css")) {
                    Announce::Reload
                } else if rebuild.changed.is_empty() {
                    Announce::Nothing
                } else {
                    Announce::Styles
                };
                shared.publish(snapshot(&preview, &rebuild), announce);
                queue_search(&preview, &indexer, &mut queued);
            }
            Message::Indexed(generation, Ok(index)) => {
                // An index of a site that has changed since is dropped; the next one follows.
                let Some(changed) = preview.search_done(generation, index) else {
                    continue;
                };
                println!("Search index ready.");
                if !changed.is_empty() {
                    let current = shared.current();
                    shared.publish(preview.snapshot(current.errors.clone()), Announce::Nothing);
                }
            }
            Message::Indexed(_, Err(problem)) => eprintln!("{problem}"),
            Message::Quit => break,
        }
    }
    runtime.shutdown_background();
    println!("Stopped. Nothing was written to the hub.");
    Ok(())
}

/// What the server shows after a rebuild: the last good site, and the errors if it failed.
fn snapshot(preview: &Preview, rebuild: &Rebuild) -> Snapshot {
    let errors = rebuild.failed().then(|| {
        rebuild
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    });
    preview.snapshot(errors)
}

/// Prints the outcome of a build in the terminal, with each stage's time if asked.
fn report(rebuild: &Rebuild, started: Instant, verb: &str, timings: bool) {
    for problem in &rebuild.problems {
        eprintln!("{problem}");
    }
    let took = started.elapsed().as_millis();
    if rebuild.failed() {
        let errors = rebuild.problems.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "The hub has {errors} error{}; still serving the last version that built. Fix it and save.",
            if errors == 1 { "" } else { "s" }
        );
    } else {
        let count = rebuild.changed.len();
        println!(
            "{verb} in {took} ms: {count} file{} changed.",
            if count == 1 { "" } else { "s" }
        );
    }
    if timings {
        println!("{}", rebuild.timings);
    }
}

/// A thread that builds search indexes, always of the newest site it was given, with one worker
/// of its own at the lowest priority: the rebuilds keep both cores and the memory bandwidth, so
/// an edit is served about as fast while an index is being made. (With a worker per core, edits
/// at 50,000 pages took a fifth longer while the first index was made.)
fn start_indexer(send: mpsc::Sender<Message>) -> mpsc::Sender<preview::SearchJob> {
    let (jobs, receive) = mpsc::channel::<preview::SearchJob>();
    std::thread::spawn(move || {
        in_background();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|number| format!("search-index-{number}"))
            .start_handler(|_| in_background())
            .build();
        let mut indexer = preview::SearchIndexer::default();
        while let Ok(mut job) = receive.recv() {
            while let Ok(newer) = receive.try_recv() {
                job = newer;
            }
            let index = match &pool {
                Ok(pool) => pool.install(|| indexer.index(&job)),
                Err(_) => indexer.index(&job),
            };
            if send.send(Message::Indexed(job.generation, index)).is_err() {
                return;
            }
        }
    });
    jobs
}

/// Gives the calling thread the lowest priority, so that it runs on time the rebuilds leave
/// (on Linux, where priority is a thread's own; elsewhere the threads run as they are).
fn in_background() {
    #[cfg(target_os = "linux")]
    // SAFETY: `setpriority` takes plain integers and touches no memory of ours; on Linux, `who`
    // 0 with `PRIO_PROCESS` names the calling thread. Failing leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

/// Asks for the search index of the site as it is now, unless it was asked for already.
fn queue_search(preview: &Preview, indexer: &mpsc::Sender<preview::SearchJob>, queued: &mut u64) {
    if let Some(job) = preview.search_to_do()
        && job.generation > *queued
    {
        *queued = job.generation;
        let _ = indexer.send(job);
    }
}

/// Opens `url` in the reader's browser, if the system says how.
fn open_in_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(error) = std::process::Command::new(command.0)
        .args(command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({error}); open {url} yourself");
    }
}
