//! Tutorial sections 4 and 5: a log file read lazily, a paginated API streamed.

use super::{Example, Exception, StepGen, for_loop, print_yielded};
use crate::say;
use crate::trace::Recorder;
use pygen::{Backend, Generator, finally, generator, raise};
use std::io::{BufRead, BufReader};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub(super) const SOURCE: &str = include_str!("streaming.rs");

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

// tour: read_logs
/// ```python
/// def read_logs(path):
///     with open(path) as f:
///         for line in f:
///             yield line.rstrip("\n")
/// ```
#[generator]
pub fn read_logs(path: PathBuf) -> impl Generator<Item = String, Error = Exception> {
    say!("open({})", file_name(&path)); // the tour's addition: when does the file open?
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) => return raise(Exception::OSError(e.to_string())),
    };
    let _with = finally(|| say!("file closed")); // `with` closes it however the body ends
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| pygen::Error::Raised(Exception::OSError(e.to_string())))?;
        (yield line)?; // `lines()` already dropped the "\n"
    }
    Ok(())
}
// tour: end

/// A real three-line log file in a fresh temporary folder, removed on drop.
#[derive(Debug)]
pub struct LogFile {
    dir: PathBuf,
    path: PathBuf,
}

impl LogFile {
    /// Writes `app.log` with the same three lines as `04_read_logs.py`.
    pub fn new() -> std::io::Result<LogFile> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "pygen-tour-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("app.log");
        std::fs::write(&path, "INFO start\nWARN disk 91%\nERROR timeout\n")?;
        Ok(LogFile { dir, path })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for LogFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(super) fn log_path() -> (Option<LogFile>, PathBuf) {
    match LogFile::new() {
        Ok(log) => {
            let path = log.path().to_owned();
            (Some(log), path)
        }
        // The generator reports the OSError when it tries to open it.
        Err(_) => (
            None,
            std::env::temp_dir().join("pygen-tour-unwritable/app.log"),
        ),
    }
}

fn run_read_logs(b: Backend, rec: &mut Recorder) {
    let (log, path) = log_path();
    rec.note("app.log holds 3 lines; `for line in read_logs(path)` runs as:");
    let mut g = rec.create("g", "read_logs(path)", || read_logs::on(b, path));
    rec.note("the file is not open yet: no body code has run");
    for_loop(rec, &mut g, |rec, line| {
        rec.print(line);
        ControlFlow::Continue(())
    });
    rec.drop(g);
    drop(log);
}

pub(super) fn step_read_logs(b: Backend) -> Box<dyn super::Stepper> {
    let (log, path) = log_path();
    Box::new(StepGen::new("g", "read_logs(path)", move || read_logs::on(b, path)).keep_alive(log))
}

pub(super) const READ_LOGS: Example = Example {
    id: "read_logs",
    number: "4",
    title: "streaming a log file, one line at a time",
    section: "4. Real-World Example: Streaming a Log File",
    python_file: "04_read_logs.py",
    python: include_str!("../../tutorial/python/04_read_logs.py"),
    python_output: include_str!("../../tutorial/python/04_read_logs.out"),
    claimed: None,
    verdict: "The tutorial shows no output (it never calls read_logs); the Python file adds a \
              real three-line file and a for loop. The timeline shows the laziness: the file is \
              opened at the first next(), not when read_logs(path) is called, each line is read \
              when it is asked for, and the file is closed when the body ends (or is closed, \
              or dropped) — `with` is a finally guard in Rust.",
    lines: &[("> open(", 5), ("yield", 7), ("> file closed", 5)],
    rust_source: (SOURCE, "read_logs"),
    compile_errors: &[],
    run: run_read_logs,
    stepper: step_read_logs,
    measure: None,
    addition: false,
};

// tour: fetch_users
/// A tiny in-process stand-in for the tutorial's HTTP API (same pages as
/// `05_fetch_users.py`): `get(url)` says the request it serves.
pub struct Page {
    /// The users on this page.
    pub results: Vec<String>,
    /// The next page's URL, if any.
    pub next: Option<String>,
}

/// `requests.get(url).json()`.
pub fn get(url: &str) -> Result<Page, pygen::Error<Exception>> {
    say!("GET {url}");
    let (results, next): (&[&str], _) = match url {
        "https://api.example.com/users?page=1" => (&["ada", "grace"], Some(2)),
        "https://api.example.com/users?page=2" => (&["linus", "guido"], Some(3)),
        "https://api.example.com/users?page=3" => (&["barbara"], None),
        _ => return raise(Exception::Other(format!("HTTPError 404 {url}"))),
    };
    Ok(Page {
        results: results.iter().map(|u| u.to_string()).collect(),
        next: next.map(|n| format!("https://api.example.com/users?page={n}")),
    })
}

/// ```python
/// def fetch_users():
///     url = "https://api.example.com/users?page=1"
///     while url:
///         res = requests.get(url).json()
///         for user in res["results"]:
///             yield user
///         url = res.get("next")
/// ```
#[generator]
pub fn fetch_users() -> impl Generator<Item = String, Error = Exception> {
    let mut url = Some("https://api.example.com/users?page=1".to_owned());
    while let Some(u) = url.take() {
        let res = get(&u)?;
        for user in res.results {
            (yield user)?;
        }
        url = res.next;
    }
    Ok(())
}
// tour: end

fn run_fetch_users(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("users", "fetch_users()", || fetch_users::on(b));
    rec.note("no request yet; the caller wants 3 users:");
    for _ in 0..3 {
        let r = rec.resume(&mut g);
        print_yielded(rec, &r);
    }
    let _ = rec.close(&mut g);
    rec.note("page 3 was never requested: nobody asked for a 5th user");
    rec.drop(g);
}

fn step_fetch_users(b: Backend) -> Box<dyn super::Stepper> {
    Box::new(StepGen::new("users", "fetch_users()", move || {
        fetch_users::on(b)
    }))
}

pub(super) const FETCH_USERS: Example = Example {
    id: "fetch_users",
    number: "5",
    title: "streaming a paginated API, one user at a time",
    section: "5. Production-Level Pattern: Paginated API Streaming",
    python_file: "05_fetch_users.py",
    python: include_str!("../../tutorial/python/05_fetch_users.py"),
    python_output: include_str!("../../tutorial/python/05_fetch_users.out"),
    claimed: None,
    verdict: "The tutorial shows no output (and its URL serves nothing); the Python file runs \
              fetch_users unchanged over an in-process stand-in for `requests` that prints each \
              GET. Real order: page 1 is requested at the first next(), page 2 only when user 3 \
              is asked for, and page 3 never, because the caller closes the generator after 3 \
              users. Python and Rust print the same lines.",
    lines: &[("> GET", 24), ("yield", 26)],
    rust_source: (SOURCE, "fetch_users"),
    compile_errors: &[],
    run: run_fetch_users,
    stepper: step_fetch_users,
    measure: None,
    addition: false,
};
