//! Shared helpers: an event log, a Python-like error, a drop-hook capture.

use std::cell::RefCell;
use std::fmt;
use std::process::{Command, Output, Stdio};
use std::rc::Rc;
use std::sync::Once;
use std::time::{Duration, Instant};

/// A test written once, run on both backends: `pygen_support::test_both!`.
macro_rules! both {
    ($($t:tt)*) => { pygen_support::test_both! { $($t)* } };
}

/// What ran, in order: pushed by bodies, taken by the test.
#[derive(Clone, Default)]
pub struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }

    /// Everything logged since the last `take`.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.borrow_mut())
    }

    /// A `finally` guard that logs `event` when it runs.
    pub fn finally(&self, event: &str) -> pygen::Finally<impl FnOnce() + use<>> {
        let log = self.clone();
        let event = event.to_owned();
        pygen::finally(move || log.push(event))
    }
}

/// Python's `ValueError(msg)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub &'static str);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ValueError {}

thread_local! {
    static UNRAISABLE: RefCell<Vec<pygen::Unraisable>> = const { RefCell::new(Vec::new()) };
}

/// Installs (once per process) a drop hook that records each report on the
/// thread that dropped the generator, and returns this thread's reports.
pub fn take_unraisable_reports() -> Vec<pygen::Unraisable> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        pygen::set_unraisable_hook(|u| UNRAISABLE.with(|v| v.borrow_mut().push(u.clone())))
    });
    UNRAISABLE.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

/// The messages of [`take_unraisable_reports`].
pub fn take_unraisable() -> Vec<String> {
    take_unraisable_reports()
        .into_iter()
        .map(|u| u.message)
        .collect()
}

/// Both backends, for loops over combinations.
pub const BACKENDS: [pygen::Backend; 2] = pygen::Backend::ALL;

/// Runs test `name` of this test binary again, alone, in a child process
/// configured by `configure` (environment, stderr), and returns its output
/// (the test harness's report on stdout). A child that does not end within
/// a minute is killed and the calling test fails: that is a deadlock.
pub fn rerun(name: &str, configure: impl FnOnce(&mut Command) -> &mut Command) -> Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .stdout(Stdio::piped());
    let mut child = configure(&mut command).spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{name}: the child process hung (deadlock)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}
