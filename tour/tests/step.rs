//! `pygen step`, driven by a command script on stdin, and the binary's
//! handling of bad input (a message and exit status 2, never a panic).

mod common;

use common::{assert_usage_error, pygen};
use std::process::Command;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The lines of `text` that start with `prefix`.
fn lines_starting<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.starts_with(prefix)).collect()
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
fn step_itertools_refuses_what_cpython_refuses() {
    let out = step(
        "count_break",
        "next\nthrow\ng.close()\nsend 5\nnext\nquit\n",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn step_explains_what_rust_sends_and_applies_pep_479() {
    let out = step(
        "count_x",
        "next\nsend 7\ng.send(None)\nthrow StopIteration\n",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn step_close_with_cleanup_then_end_of_input() {
    let out = step("close", "next\nclose\n");
    insta::assert_snapshot!(out);
}

/// While the generator is paused inside `yield from`, each step's rows
/// show the runtime's chain, outer → inner, and `g.gi_yieldfrom` answers as
/// CPython does (tests/python/step_sequences.out has CPython's answers for
/// this example; the port's body also prints where each level starts).
#[test]
fn step_shows_what_the_generator_delegates_to() {
    let out = step(
        "over_nesting",
        "g.gi_yieldfrom\nnext\ngi_yieldfrom\nnext\nnext\ng.gi_yieldfrom\nnext\ng.gi_yieldfrom\n",
    );
    let chains: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{:38}| yield from: ", "")))
        .collect();
    let both = "middle() [Suspended] → inner() [Suspended]";
    assert_eq!(chains, [both, both, "middle() [Suspended]"], "{out}");
    assert_eq!(
        lines_starting(&out, "Python: g.gi_yieldfrom"),
        [
            "Python: g.gi_yieldfrom → None",
            "Python: g.gi_yieldfrom → <generator object middle at 0x…>",
            "Python: g.gi_yieldfrom → <generator object middle at 0x…>",
            "Python: g.gi_yieldfrom → None",
        ]
    );
    insta::assert_snapshot!(out);
}

#[test]
fn step_drop_on_quit_runs_cleanup() {
    let out = step("M5", "next\nquit\nnext\n");
    assert!(out.contains("drop(g)"));
    assert!(out.contains("> close connection"));
    assert!(!out.contains(">>> next\n>>> next"), "stops reading at quit");
}

#[test]
fn bad_input_exits_with_status_2() {
    assert_usage_error(&["show", "nope"], "", "unknown example `nope`");
    assert_usage_error(&["step", "nope"], "", "unknown example `nope`");
    assert_usage_error(
        &["show", "send", "--backend", "jit"],
        "",
        "invalid value 'jit'",
    );
    assert_usage_error(
        &["step", "send", "--backend", "both"],
        "",
        "invalid value 'both'",
    );
    assert_usage_error(&["frobnicate"], "", "unrecognized subcommand");
}

#[test]
fn a_slip_is_explained_and_the_session_goes_on() {
    let script = "next\njump\nnext 2\nthrow 3rr\nnext(h)\ng.frob()\ng.send()\n\
                  g.throw(KeyError('x'))\ng.send(1.5)\ng.gi_yieldfrom()\nnext(g)\n";
    for backend in ["stackless", "stackful"] {
        let out = pygen(&["step", "count_x", "--backend", backend], script);
        assert_eq!(out.status.code(), Some(0), "{backend}");
        assert_eq!(
            text(&out.stderr),
            "pygen: unknown command `jump`: try next(g), g.send(\"Care\"), g.throw(KeyError), \
             g.close(), quit or help\n\
             pygen: `next` takes no argument (got `2`)\n\
             pygen: `3rr` is not an exception class name (expected an identifier such as ValueError)\n\
             pygen: name 'h' is not defined (the generator is `g`)\n\
             pygen: 'generator' object has no attribute 'frob'\n\
             pygen: g.send() takes exactly one argument (0 given): g.send(None) is next(g)\n\
             pygen: `KeyError('x')`: throw an exception class here, e.g. ValueError or \
             ValueError() (pygen step's exceptions carry no message)\n\
             pygen: `1.5` is not a value `pygen step` can send: None, an integer or a quoted string\n\
             pygen: g.gi_yieldfrom is an attribute, not a method: type g.gi_yieldfrom\n",
            "{backend}"
        );
        assert_eq!(
            lines_starting(&text(&out.stdout), "Python: "),
            ["Python: next(g) → 5", "Python: next(g) → 4"],
            "{backend}: the session ran on after every slip"
        );
    }
}

/// What `pygen step` printed that Python prints too: the echoed commands,
/// the body's output (`> line` in the generator lane) and each answer.
fn as_python_prints(session: &str) -> Vec<String> {
    session
        .lines()
        .skip_while(|l| !l.starts_with(">>> "))
        .filter_map(|l| {
            if l.starts_with(">>> ") {
                Some(l.to_owned())
            } else if let Some(answer) = l.strip_prefix("Python: ") {
                Some(answer.to_owned())
            } else {
                let (_, generator) = l.split_once("| ")?;
                generator.starts_with("> ").then(|| generator.to_owned())
            }
        })
        .collect()
}

/// `tests/python/step_sequences.out`: `(header, example, commands, CPython's lines)`.
fn recorded_sequences() -> Vec<(String, String, Vec<String>, Vec<String>)> {
    let out = include_str!("python/step_sequences.out");
    let mut sequences: Vec<(String, String, Vec<String>, Vec<String>)> = Vec::new();
    for line in out.lines() {
        if let Some(header) = line.strip_prefix("== ") {
            let (example, commands) = header.split_once(": ").unwrap();
            let commands = commands.split("; ").map(str::to_owned).collect();
            sequences.push((header.to_owned(), example.to_owned(), commands, Vec::new()));
        } else if let Some(last) = sequences.last_mut() {
            last.3.push(line.to_owned());
        }
    }
    sequences
}

#[test]
fn step_gives_cpythons_answers_to_the_recorded_sequences() {
    let sequences = recorded_sequences();
    assert!(sequences.len() >= 30, "{}", sequences.len());
    for (header, example, commands, expected) in &sequences {
        let script = commands.join("\n") + "\n";
        for backend in ["stackless", "stackful"] {
            let out = pygen(&["step", example, "--backend", backend], &script);
            assert_eq!(out.status.code(), Some(0), "{header} on {backend}");
            assert_eq!(text(&out.stderr), "", "{header} on {backend}");
            let got = as_python_prints(&text(&out.stdout));
            assert_eq!(&got, expected, "{header} on {backend}");
        }
    }
}

#[test]
fn the_cpython_recording_is_current() {
    let test = "the_cpython_recording_is_current";
    let Some(minor) = pygen_support::python::cpython_minor(test) else {
        return;
    };
    if minor != 11 {
        eprintln!("{test}: skipped: step_sequences.out records CPython 3.11; python3 is 3.{minor}");
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python");
    let run = Command::new("python3")
        .arg(dir.join("step_sequences.py"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let recorded = std::fs::read_to_string(dir.join("step_sequences.out")).unwrap();
    // The first line names the exact CPython release that recorded it.
    let body = |s: &str| s.split_once('\n').map(|(_, rest)| rest.to_owned());
    assert!(recorded.starts_with("# CPython 3.11."), "{recorded}");
    assert_eq!(
        body(&text(&run.stdout)),
        body(&recorded),
        "step_sequences.out is stale: python3 tests/python/step_sequences.py > \
         tests/python/step_sequences.out"
    );
}

#[test]
fn the_recording_check_says_why_it_skips_without_python3() {
    pygen_support::python::assert_skipped_without_python3("the_cpython_recording_is_current");
}
