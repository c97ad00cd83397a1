//! The unraisable hook: a hook may replace or reset the hook, and reporting
//! never panics, even when stderr cannot be written.
//!
//! The hook is process-wide, so each test here runs its body in a child
//! process (this test binary again, filtered to that one test), where no other
//! test reports concurrently; the parent checks the child's exit and output.

use crate::support::rerun;
use pygen::{Backend, Generator, generator};
use std::process::{Output, Stdio};
use std::sync::Mutex;

/// Set in the child process: the test body runs there.
const CHILD: &str = "PYGEN_TEST_HOOK_CHILD";

#[generator]
fn stubborn() -> impl Generator<Item = u32> {
    loop {
        let _ignored = (yield 1);
    }
}

/// Drops a generator that ignores GeneratorExit: exactly one report.
fn report_one(b: Backend) {
    let mut g = stubborn::on(b);
    assert_eq!(g.next(), Some(1));
    drop(g);
}

/// Runs test `name` in a child process with [`CHILD`] set and its stderr
/// going to `stderr`.
fn run_child(name: &str, stderr: Stdio) -> Output {
    rerun(name, |c| c.env(CHILD, "1").stderr(stderr))
}

fn in_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn seen(event: String) {
    SEEN.lock().unwrap().push(event);
}

both! {
    fn a_hook_can_replace_itself_and_reset_the_default(b) {
        if !in_child() {
            let name = format!("hook::a_hook_can_replace_itself_and_reset_the_default::{b}");
            let out = run_child(&name, Stdio::piped());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{}{stderr}", String::from_utf8_lossy(&out.stdout));
            // The third report went to the default hook: one line on stderr.
            assert_eq!(
                stderr,
                format!("Exception ignored in: <generator it::hook::stubborn::{b}>: generator ignored GeneratorExit\n")
            );
            return;
        }
        // Python: a hook may assign sys.unraisablehook, even to restore the default.
        pygen::set_unraisable_hook(|u| {
            seen(format!("first: {}", u.message));
            pygen::set_unraisable_hook(|u| {
                seen(format!("second: {}", u.message));
                pygen::reset_unraisable_hook();
            });
        });
        report_one(b); // to the first hook, which installs the second
        report_one(b); // to the second, which resets the default
        report_one(b); // to the default: stderr
        assert_eq!(
            *SEEN.lock().unwrap(),
            [
                "first: generator ignored GeneratorExit",
                "second: generator ignored GeneratorExit",
            ]
        );
    }

    fn reporting_never_panics_when_stderr_cannot_be_written(b) {
        if !in_child() {
            let name = format!("hook::reporting_never_panics_when_stderr_cannot_be_written::{b}");
            // A pipe whose reader is gone (every write fails with EPIPE), and
            // a full disk (ENOSPC).
            let (reader, closed_pipe) = std::io::pipe().unwrap();
            drop(reader);
            let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
            for stderr in [Stdio::from(closed_pipe), Stdio::from(full)] {
                let out = run_child(&name, stderr);
                let stdout = String::from_utf8_lossy(&out.stdout);
                assert_eq!(out.status.code(), Some(0), "{stdout}");
                assert!(stdout.contains("\nboth drops completed\n"), "{stdout}");
            }
            return;
        }
        // The default hook writes to stderr.
        pygen::reset_unraisable_hook();
        report_one(b);
        // A hook that panics: the report goes to stderr instead.
        pygen::set_unraisable_hook(|_| panic!("the hook panics"));
        report_one(b);
        println!("\nboth drops completed");
    }
}
