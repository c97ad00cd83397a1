//! Which Python the tests compare with: CPython 3.10 to 3.13, the `python3`
//! on `PATH`.

use std::io::Write as _;
use std::process::Command;

/// The minor version of the `python3` on `PATH` if it is CPython 3.10 to
/// 3.13. Otherwise prints one line saying what was found and that `test` is
/// skipped, and returns `None`; the line goes straight to stderr, so that it
/// shows although the test passes.
pub fn cpython_minor(test: &str) -> Option<u32> {
    let probe = "import sys; print(sys.implementation.name, '%d.%d.%d' % sys.version_info[:3])";
    let found = match Command::new("python3").args(["-c", probe]).output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Ok(out) => format!("a python3 that failed ({})", out.status),
        Err(e) => format!("no python3 on PATH ({e})"),
    };
    if let Some(version) = found.strip_prefix("cpython 3.")
        && let Some((minor, _patch)) = version.split_once('.')
        && let Ok(minor @ 10..=13) = minor.parse()
    {
        return Some(minor);
    }
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped: found {found}; the tests compare with CPython 3.10 to 3.13 as python3"
    );
    None
}

/// Runs test `test` of the calling test binary again with no `python3` on
/// `PATH`, and checks that it passes and says in one line that it was
/// skipped, and why.
pub fn assert_skipped_without_python3(test: &str) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact"])
        .env("PATH", "/nonexistent-pygen-test-dir")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains(&format!("test {test} ... ok\n")),
        "{report}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "{test}: skipped: found no python3 on PATH (No such file or directory (os error 2)); \
             the tests compare with CPython 3.10 to 3.13 as python3\n"
        )
    );
}
