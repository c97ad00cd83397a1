//! `pygen step`, driven by a command script on stdin, and the binary's
//! handling of bad input (a message and exit status 2, never a panic).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pygen(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pygen"))
        .args(args)
        .env_remove("NO_COLOR")
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The same script on both backends prints the same session.
fn step(example: &str, script: &str) -> String {
    let stackless = pygen(&["step", example], script);
    let stackful = pygen(&["step", example, "--backend", "stackful"], script);
    assert_eq!(
        stackless.status.code(),
        Some(0),
        "{}",
        text(&stackless.stderr)
    );
    assert_eq!(text(&stackless.stderr), "");
    let out = text(&stackless.stdout);
    assert_eq!(
        out.replace("stackless backend", "stackful backend"),
        text(&stackful.stdout)
    );
    out
}

#[test]
fn step_send_script() {
    let out = step(
        "send",
        "# a comment, then a send too early\nsend Care\nnext\nsend \"Care\"\nnext\nclose\nquit\n",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn step_throw_script() {
    let out = step("throw", "next\nthrow\nthrow KeyError\nnext\n");
    insta::assert_snapshot!(out);
}

#[test]
fn step_close_with_cleanup_then_end_of_input() {
    let out = step("close", "next\nclose\n");
    insta::assert_snapshot!(out);
}

#[test]
fn step_drop_on_quit_runs_cleanup() {
    let out = step("M5", "next\nquit\nnext\n");
    assert!(out.contains("drop(g)"));
    assert!(out.contains("> close connection"));
    assert!(!out.contains(">>> next\n>>> next"), "stops reading at quit");
}

fn assert_usage_error(args: &[&str], stdin: &str, message: &str) {
    let out = pygen(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        text(&out.stderr)
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_input_exits_with_status_2() {
    assert_usage_error(&["show", "nope"], "", "unknown example `nope`");
    assert_usage_error(&["step", "nope"], "", "unknown example `nope`");
    assert_usage_error(&["step", "send"], "next\njump\n", "unknown command `jump`");
    assert_usage_error(&["step", "count_x"], "next\nsend 5\n", "Send type is `()`");
    assert_usage_error(
        &["step", "throw"],
        "throw 3rr\n",
        "not an exception class name",
    );
    assert_usage_error(&["step", "send"], "next 2\n", "`next` takes no argument");
    assert_usage_error(
        &["show", "send", "--backend", "jit"],
        "",
        "invalid value 'jit'",
    );
    assert_usage_error(&["frobnicate"], "", "unrecognized subcommand");
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
    assert!(out.contains("On the stackful backend: the same timeline, event for event."));
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
    assert_eq!(out.matches("=== [").count(), 19);
    assert_eq!(
        out.matches("On the stackful backend: the same timeline, event for event.")
            .count(),
        19
    );
    assert!(out.contains("error[E0608]: cannot index into a value of type"));
    assert!(out.contains("error[E0382]: use of moved value: `g`"));
    // `pygen` alone is the tour (the same text but for the timings it measures).
    let without_timings = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.contains(" ms") && !l.contains(" µs") && !l.contains(" s; "))
            .collect()
    };
    let alone = pygen(&[], "");
    assert_eq!(alone.status.code(), Some(0));
    assert_eq!(without_timings(&text(&alone.stdout)), without_timings(&out));
}
