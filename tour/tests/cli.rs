//! The binary's other commands (`list`, `show`, `tour`) and what it does
//! when its output goes away (a closed pipe, a full disk).

mod common;

use common::{assert_usage_error, pygen};
use std::io::Write;
use std::process::{Command, Stdio};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn list_names_every_example() {
    let out = pygen(&["list"], "");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn show_prints_the_real_python_output_and_the_verdict() {
    let out = pygen(&["show", "11", "--backend", "both"], "");
    assert_eq!(out.status.code(), Some(0));
    let out = text(&out.stdout);
    assert!(
        out.contains("The tutorial says it prints:\n    10\n    ValueError is caught!\n    20\n")
    );
    assert!(
        out.contains("python3 really prints:\n    10\n    ValueError is caught!\n    Traceback")
    );
    assert!(out.contains("Timeline (both backends record these same events):"));
    assert!(
        !out.contains("\x1b["),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn the_tour_runs_every_example_on_both_backends() {
    let out = pygen(&["tour"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = text(&out.stdout);
    assert_eq!(out.matches("=== [").count(), 27);
    // All but the chapter on the engines, whose point is how they differ.
    assert_eq!(
        out.matches("Timeline (both backends record these same events):")
            .count(),
        26
    );
    assert_eq!(out.matches("Timeline on the stackful backend:").count(), 1);
    assert!(out.contains("error[E0608]: cannot index into a value of type"));
    assert!(out.contains("error[E0382]: use of moved value: `g`"));
    // `pygen` alone is the tour (the same text but for the timings it measures).
    let without_timings = |s: &str| -> String {
        s.lines()
            .filter(|l| {
                let measured = l
                    .split_whitespace()
                    .any(|w| w.contains('.') && w.parse::<f64>().is_ok());
                !measured && !l.contains("x faster") && !l.contains(" s; ")
            })
            .collect()
    };
    let alone = pygen(&[], "");
    assert_eq!(alone.status.code(), Some(0));
    assert_eq!(without_timings(&text(&alone.stdout)), without_timings(&out));
}

/// Runs `pygen args` with stdout going to `stdout`; returns (status, stderr).
fn pygen_into(args: &[&str], stdin: &str, stdout: Stdio) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pygen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may be gone before it reads its input: that is not our test.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code(), text(&out.stderr))
}

/// Every command whose output a reader may stop reading.
const PRINTING: &[(&[&str], &str)] = &[
    (&["tour"], ""),
    (&[], ""),
    (&["tour", "--pause", "--brief"], "\n\n"),
    (&["tour", "--format", "markdown"], ""),
    (&["list"], ""),
    (&["show", "send"], ""),
    (&["show", "send", "--brief", "--format", "html"], ""),
    (&["quiz", "send"], "1\n\n"),
    (&["step", "close"], "next\nnext\nclose\n"),
    (&["--help"], ""),
    (&["--version"], ""),
    (&["compare", "--help"], ""),
];

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    for (args, stdin) in PRINTING {
        // The reading end is closed before the child starts, so its very
        // first write fails with EPIPE (`pygen tour | head -0`).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (status, stderr) = pygen_into(args, stdin, writer.into());
        assert_eq!((status, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
}

#[test]
fn a_full_disk_is_one_error_line_and_status_1() {
    for (args, stdin) in PRINTING {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (status, stderr) = pygen_into(args, stdin, full.into());
        assert_eq!(status, Some(1), "{args:?}: {stderr}");
        assert_eq!(
            stderr, "error: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

#[test]
fn version_names_the_package_version() {
    let out = pygen(&["--version"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!("pygen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn compare_parses_its_options_with_clap() {
    let help = pygen(&["compare", "--help"], "");
    assert_eq!(help.status.code(), Some(0));
    let help = text(&help.stdout);
    for option in [
        "--full",
        "--markdown",
        "--svg <PATH>",
        "--no-python",
        "--help",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
    // Run where a stray file would show: `--svg --no-python` must not write
    // a chart named `--no-python` (nor run the comparison).
    let dir = std::env::temp_dir().join(format!("pygen-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for args in [
        &["compare", "--svg"][..],
        &["compare", "--svg", "--no-python"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_pygen"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr)
                .starts_with("error: a value is required for '--svg <PATH>' but none was supplied"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "");
    }
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    std::fs::remove_dir(&dir).unwrap();
    assert!(left.is_empty(), "{left:?}");
    assert_usage_error(&["compare", "--fast"], "", "unexpected argument '--fast'");
}
