//! A stackful generator that overflows its stack ends the process with a
//! message naming the cause and the stack size setting (SIGABRT), not a bare
//! SIGSEGV. Tested in child processes: this test binary re-runs itself with
//! `PYGEN_OVERFLOW_CHILD` set to the scenario to run.
#![cfg(all(feature = "stackful", target_os = "linux"))]

use pygen::Stackful;
use std::hint::black_box;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

/// Recurses until the stack runs out (each frame holds 512 bytes).
fn recurse(depth: u64) -> u64 {
    let frame = black_box([depth as u8; 512]);
    if depth == u64::MAX {
        return 0;
    }
    recurse(depth + 1) + u64::from(black_box(frame)[7])
}

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
    let Ok(scenario) = std::env::var("PYGEN_OVERFLOW_CHILD") else {
        return;
    };
    match scenario.as_str() {
        "default" => {
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(recurse(0))?;
                Ok(())
            });
            g.next();
        }
        "sized" => {
            let mut g = Stackful::<u64>::with_stack_size(40 * 1024, |co| {
                co.yield_(1)?;
                co.yield_(recurse(0))?;
                Ok(())
            });
            g.next();
            g.next();
        }
        "thread" => {
            // A plain thread's overflow is Rust's own business, even after pygen
            // installed its handler.
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(1)?;
                Ok(())
            });
            g.next();
            std::thread::Builder::new()
                .name("plain".into())
                .stack_size(128 * 1024)
                .spawn(|| recurse(0))
                .unwrap()
                .join()
                .unwrap();
        }
        other => panic!("unknown scenario {other}"),
    }
    unreachable!("the scenario should have overflowed");
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
