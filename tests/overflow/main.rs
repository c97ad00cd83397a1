//! A stackful generator that overflows its stack ends the process with a
//! message naming the cause and the stack size setting (SIGABRT), not a bare
//! SIGSEGV, however many stacks are live; a stack has at least the usable
//! size asked for, pooled or fresh; and running out of memory mappings is an
//! error that names the limit. Tested in child processes: this test binary
//! re-runs itself with `PYGEN_OVERFLOW_CHILD` set to the scenario to run.
#![cfg(all(
    feature = "stackful",
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

mod scenarios;

use std::os::unix::process::ExitStatusExt;
use std::process::Command;

/// Runs `scenario` in a child process; returns its exit status and stderr.
fn run_child(scenario: &str) -> (std::process::ExitStatus, String) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("PYGEN_OVERFLOW_CHILD", scenario)
        .output()
        .unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The child's side: does what `PYGEN_OVERFLOW_CHILD` says (nothing when unset).
#[test]
fn child() {
    if let Ok(scenario) = std::env::var("PYGEN_OVERFLOW_CHILD") {
        scenarios::run(&scenario);
    }
}

#[test]
fn the_handler_can_be_left_to_the_embedder() {
    let (status, stderr) = run_child("handler_off");
    assert!(
        stderr.contains("SIGSEGV action unchanged: true"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("pygen: a stackful generator overflowed"),
        "{stderr}"
    );
    if std::env::var_os("PYGEN_SANITIZER").is_none() {
        assert_eq!(
            status.signal(),
            Some(11),
            "a plain SIGSEGV: {status:?}\n{stderr}"
        );
    } else {
        assert!(!status.success(), "{status:?}\n{stderr}");
    }
}

#[test]
fn overflow_names_the_cause_and_the_setting() {
    let (status, stderr) = run_child("default");
    assert_eq!(
        status.signal(),
        Some(6),
        "SIGABRT, not SIGSEGV: {status:?}\n{stderr}"
    );
    assert!(
        stderr.contains("pygen: a stackful generator overflowed its 65536-byte stack (fault at 0x"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "pygen: give it a bigger stack with Stackful::with_stack_size(bytes, body); \
             the default is pygen::stackful::stack::DEFAULT_STACK_SIZE (65536 bytes)."
        ),
        "{stderr}"
    );
}

#[test]
fn overflow_reports_the_stack_size_asked_for() {
    let (status, stderr) = run_child("sized");
    assert_eq!(status.signal(), Some(6), "{status:?}\n{stderr}");
    // 40 KiB asked, rounded up to whole pages by the mapping.
    assert!(
        stderr.contains("overflowed its 40960-byte stack"),
        "{stderr}"
    );
}

#[test]
fn other_overflows_are_left_to_rust() {
    let (status, stderr) = run_child("thread");
    assert!(!status.success());
    // Rust's own report; under a sanitizer (`.ci/run` sets PYGEN_SANITIZER),
    // the sanitizer's runtime owns SIGSEGV and reports (or not) its own way.
    if std::env::var_os("PYGEN_SANITIZER").is_none() {
        assert!(
            stderr.contains("thread 'plain'") && stderr.contains("has overflowed its stack"),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("pygen:"), "{stderr}");
}

#[test]
fn overflow_with_thousands_of_live_stacks_still_names_the_cause() {
    let (status, stderr) = run_child("many_live");
    assert_eq!(
        status.signal(),
        Some(6),
        "SIGABRT, not SIGSEGV: {status:?}\n{stderr}"
    );
    assert!(stderr.contains("5001 stacks live"), "{stderr}");
    assert!(
        stderr.contains("pygen: a stackful generator overflowed its 65536-byte stack (fault at 0x"),
        "{stderr}"
    );
}

#[test]
fn a_pooled_stack_never_has_fewer_usable_bytes_than_asked() {
    let (status, stderr) = run_child("pooled_then_bigger");
    assert!(status.success(), "{status:?}\n{stderr}");
    let room: usize = stderr
        .split("the body starts ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    // More than the whole pooled 64 KiB stack: a fresh one was mapped.
    assert!(room > 65536, "{stderr}");
    let left: usize = stderr
        .split("recursed down to ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(left <= 8192, "{stderr}");
}

#[test]
fn the_live_stack_wall_says_which_limit_and_what_to_do() {
    if std::env::var_os("PYGEN_SANITIZER").is_some() {
        // The sanitizer's runtime maps memory for itself and aborts when
        // the limit refuses it.
        eprintln!("skipped: the mapping limit is not testable under a sanitizer");
        return;
    }
    let (status, stderr) = run_child("wall");
    assert!(status.success(), "{status:?}\n{stderr}");
    let limit = std::fs::read_to_string("/proc/sys/vm/max_map_count").unwrap();
    let limit = limit.trim();
    let advice = format!(
        " memory mappings, at Linux's limit (vm.max_map_count = {limit}); each generator \
         stack takes 2, and "
    );
    let end = " pygen stacks are mapped. Use fewer live generators, handle the failure \
         with Stackful::try_with_stack_size, or raise the limit (sysctl -w vm.max_map_count=";
    for prefix in [
        ": OutOfMemory: cannot map a 16384-byte stack (Cannot allocate memory (os error 12)): \
         this process has ",
        "new panicked: pygen: cannot map a 65536-byte stack (Cannot allocate memory (os error \
         12)): this process has ",
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {stderr}"));
        assert!(line.contains(&advice), "{line}");
        assert!(line.contains(end), "{line}");
    }
}
