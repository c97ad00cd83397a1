//! The tour's timelines: pinned by insta snapshots (read line by line before
//! they were accepted), identical on both backends, and in CPython's order.

mod common;

use pygen::{Backend, GeneratorState};
use pygen_tour::trace::{Event, View};
use pygen_tour::tutorial::{self, Example};

/// The timeline as the tour prints it when piped: Python's words, 80 columns.
fn timeline(ex: &Example, backend: Backend) -> String {
    let view = View {
        lines: ex.lines,
        ..View::python(80)
    };
    ex.timeline(backend).render_view(0, &view, true)
}

/// Every example's timeline, as the tour prints it, on both backends: one
/// snapshot where the two agree line for line, one per backend where not.
#[test]
fn timelines_are_pinned() {
    for ex in tutorial::examples() {
        let stackless = timeline(ex, Backend::Stackless);
        let stackful = timeline(ex, Backend::Stackful);
        if stackless == stackful {
            insta::assert_snapshot!(format!("timeline_{}", ex.id), stackless);
        } else {
            insta::assert_snapshot!(format!("timeline_{}_stackless", ex.id), stackless);
            insta::assert_snapshot!(format!("timeline_{}_stackful", ex.id), stackful);
        }
    }
}

fn call(python: &str) -> impl Fn(&Event) -> bool + '_ {
    move |e| matches!(e, Event::Call { python: p, .. } if p == python)
}

/// One source, two engines: the same events, in the same order, for every
/// example but the chapter on the engines, whose point is how they differ.
#[test]
fn stackless_and_stackful_timelines_are_identical() {
    for ex in tutorial::examples().iter().filter(|e| e.id != "tree_walk") {
        let stackless = ex.timeline(Backend::Stackless);
        let stackful = ex.timeline(Backend::Stackful);
        assert_eq!(
            stackless.events(),
            stackful.events(),
            "example {} differs between backends",
            ex.id
        );
        assert!(!stackless.events().is_empty(), "example {} is empty", ex.id);
    }
}

/// Body events (its prints, yields, return, errors) happen only while it is
/// Running, never at creation (R1) nor in a call that must not run it.
#[test]
fn body_code_runs_only_while_running() {
    for ex in tutorial::examples() {
        for backend in Backend::ALL {
            let mut running = false;
            for event in ex.timeline(backend).events() {
                match event {
                    Event::State { to, .. } => running = *to == GeneratorState::Running,
                    Event::BodyOutput(_)
                    | Event::Yield(_)
                    | Event::Return(_)
                    | Event::Raise(_)
                    | Event::RaisedAtYield(_) => {
                        assert!(running, "{}: {event:?} outside a running body", ex.id)
                    }
                    _ => {}
                }
            }
        }
    }
}

fn position(events: &[Event], wanted: &Event) -> usize {
    events
        .iter()
        .position(|e| e == wanted)
        .unwrap_or_else(|| panic!("{wanted:?} not in {events:#?}"))
}

fn calls(events: &[Event], python: &str) -> Vec<usize> {
    (0..events.len())
        .filter(|&i| call(python)(&events[i]))
        .collect()
}

#[test]
fn the_log_file_opens_at_the_first_next_and_closes_at_the_end() {
    for backend in Backend::ALL {
        let rec = tutorial::find("read_logs").unwrap().timeline(backend);
        let ev = rec.events();
        let created = position(
            ev,
            &Event::Code {
                rust: "let mut g = read_logs(path);".into(),
                python: "g = read_logs(path)".into(),
            },
        );
        let nexts = calls(ev, "next(g)");
        let opened = position(ev, &Event::BodyOutput("open(app.log)".into()));
        let first_line = position(ev, &Event::Yield("\"INFO start\"".into()));
        let closed = position(ev, &Event::BodyOutput("file closed".into()));
        assert_eq!(nexts.len(), 4);
        assert!(created < nexts[0] && nexts[0] < opened && opened < first_line);
        assert!(
            nexts[3] < closed,
            "closed only after the last line was asked for"
        );
    }
}

#[test]
fn page_n_plus_1_is_requested_only_when_its_first_item_is_asked_for() {
    for backend in Backend::ALL {
        let rec = tutorial::find("fetch_users").unwrap().timeline(backend);
        let ev = rec.events();
        let calls = calls(ev, "next(users)");
        let page =
            |n: u32| Event::BodyOutput(format!("GET https://api.example.com/users?page={n}"));
        assert_eq!(calls.len(), 3);
        let p1 = position(ev, &page(1));
        let p2 = position(ev, &page(2));
        assert!(calls[0] < p1 && p1 < calls[1], "page 1 at the first next");
        assert!(calls[2] < p2, "page 2 only when user 3 is asked for");
        assert!(p2 < position(ev, &Event::Yield("\"linus\"".into())));
        assert!(!ev.contains(&page(3)), "page 3 is never requested");
    }
}

#[test]
fn the_throw_example_returns_20_from_throw_and_then_stops() {
    for backend in Backend::ALL {
        let rec = tutorial::find("throw").unwrap().timeline(backend);
        let ev = rec.events();
        let throw = calls(ev, "g.throw(ValueError)")[0];
        assert_eq!(ev[throw + 4], Event::Yield("20".into()));
        assert_eq!(
            ev[throw + 5],
            Event::Outcome {
                rust: "Yielded(20)".into(),
                python: "20".into(),
                error: false
            }
        );
        assert!(ev.contains(&Event::Outcome {
            rust: "Returned(())".into(),
            python: "raises StopIteration".into(),
            error: false
        }));
    }
}

/// Every compile error the tour quotes is the `.stderr` trybuild checks, and
/// every example's Rust excerpt is non-empty.
#[test]
fn examples_are_complete() {
    assert_eq!(tutorial::examples().len(), 27);
    for ex in tutorial::examples() {
        assert!(ex.rust().contains("pub fn "), "{}: no Rust excerpt", ex.id);
        assert!(!ex.python.is_empty() && !ex.python_output.is_empty());
        for e in ex.compile_errors {
            assert!(e.stderr.starts_with("error"), "{}: empty .stderr", ex.id);
        }
        assert_eq!(tutorial::find(ex.number).map(|e| e.id), Some(ex.id));
    }
}

/// Piped, every line of the tour (and of each `show`, full and brief) fits
/// in 80 columns.
#[test]
fn no_tour_line_is_wider_than_80_columns_when_piped() {
    let pygen = env!("CARGO_BIN_EXE_pygen");
    let mut runs = vec![
        vec!["tour".to_owned()],
        vec!["tour".into(), "--brief".into()],
    ];
    for ex in tutorial::examples() {
        runs.push(vec!["show".into(), ex.id.into()]);
    }
    for args in runs {
        let out = std::process::Command::new(pygen)
            .args(&args)
            .env("PYGEN_NO_PYTHON", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "pygen {args:?} failed");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.lines().count() > 20,
            "pygen {args:?} printed too little"
        );
        for line in text.lines() {
            assert!(
                line.chars().count() <= 80,
                "pygen {args:?}: {} columns: {line}",
                line.chars().count()
            );
            assert!(!line.contains('\x1b'), "no colour when piped: {line}");
        }
    }
}

/// Runs the binary with `args`, `stdin` piped in; it must succeed.
fn pygen_with_input(args: &[&str], stdin: &str) -> String {
    let out = common::pygen(args, stdin);
    assert!(out.status.success(), "pygen {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// `--pause` waits for Enter before each example after the first; `q` stops.
#[test]
fn pause_shows_one_example_per_enter_and_q_stops() {
    let out = pygen_with_input(&["tour", "--pause", "--brief"], "\nq\n");
    assert_eq!(out.matches("=== [").count(), 2, "{out}");
    assert_eq!(
        out.matches("Enter for the next example, q to stop").count(),
        2
    );
    assert!(!out.contains("python3 really prints"), "--brief: {out}");
}

/// The quiz, piped: a right answer, a wrong one, then the end of input.
#[test]
fn quiz_reveals_the_real_output_and_the_claim_and_scores() {
    let out = pygen_with_input(&["quiz"], "5\n4\n\n5\n4\n3\n\n");
    assert!(
        out.contains("Right: that is exactly what python3 prints."),
        "{out}"
    );
    assert!(out.contains("Not quite"), "{out}");
    assert!(out.contains("The tutorial says:\n    5\n    4\n    3\n    2\n    1\n"));
    assert!(out.contains("(end of input)\n"), "{out}");
    assert!(out.contains("Score: 1 of 2 right."), "{out}");
}
