//! What the patterns claim, measured: descriptors open on a file and the
//! process's peak resident memory, both read from `/proc/self` (Linux).

use std::fs;
use std::path::Path;

/// How many of this process's open file descriptors point at `path`.
///
/// Counting only the descriptors of one file keeps the number exact while
/// other threads (parallel tests) open and close their own files.
pub fn open_fds_to(path: &Path) -> usize {
    let Ok(target) = fs::canonicalize(path) else {
        return 0;
    };
    let Ok(entries) = fs::read_dir("/proc/self/fd") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| fs::read_link(entry.path()).ok())
        .filter(|link| *link == target)
        .count()
}

/// All of this process's open file descriptors.
pub fn open_fds() -> usize {
    fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// Peak resident set size of this process so far, in KiB (`VmHWM`), if the
/// kernel reports it.
pub fn peak_rss_kib() -> Option<u64> {
    status_field("VmHWM:")
}

/// Current resident set size in KiB (`VmRSS`).
pub fn rss_kib() -> Option<u64> {
    status_field("VmRSS:")
}

fn status_field(name: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(name))?;
    line[name.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// `n` KiB as a human-readable size (`"12.3 MiB"`).
pub fn human_kib(kib: u64) -> String {
    let mib = kib as f64 / 1024.0;
    if mib >= 1024.0 {
        format!("{:.2} GiB", mib / 1024.0)
    } else {
        format!("{mib:.1} MiB")
    }
}

/// Runs this same executable again with `args` (a fresh process, so its
/// peak memory is its own), its stderr on ours; returns its stdout.
pub fn rerun_self(args: &[&str]) -> std::io::Result<String> {
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "child {args:?} failed: {}",
            out.status
        )));
    }
    String::from_utf8(out.stdout).map_err(std::io::Error::other)
}

/// The value of `key=value` in a line of `key=value` words.
pub fn field<T: std::str::FromStr>(line: &str, key: &str) -> Option<T> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}
