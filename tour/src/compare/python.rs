//! CPython's side: `support/python/workloads.py`, run with `python3`.

use std::collections::HashMap;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// The CPython side, embedded so the binary works from any directory.
const PYTHON_SCRIPT: &str = pygen_support::workloads::PYTHON;

/// Runs the CPython workloads; `None` without python3.
pub(super) fn python_times(full: bool) -> Option<(String, HashMap<String, f64>)> {
    let version = Command::new("python3").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let mut child = Command::new("python3")
        .arg("-")
        .args(if full { None } else { Some("--quick") })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()?
        .write_all(PYTHON_SCRIPT.as_bytes())
        .ok()?;
    let out = child.wait_with_output().ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let times = stdout
        .lines()
        .filter_map(|l| {
            let (name, ns) = l.split_once(' ')?;
            Some((name.to_owned(), ns.trim().parse().ok()?))
        })
        .collect();
    Some((version, times))
}
