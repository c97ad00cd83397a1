//! What the binary's tests share: running `pygen` with piped input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the `pygen` binary with `args` and `stdin` piped in, without colour
/// or CPython timings (they differ from run to run).
pub fn pygen(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pygen"))
        .args(args)
        .env_remove("NO_COLOR")
        // No CPython timings: they differ from run to run.
        .env("PYGEN_NO_PYTHON", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[allow(dead_code)] // not every test binary uses it
pub fn assert_usage_error(args: &[&str], stdin: &str, message: &str) {
    let out = pygen(args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
