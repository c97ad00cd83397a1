//! The tour's timelines: pinned by insta snapshots (read line by line before
//! they were accepted), identical on both backends, and in CPython's order.

use pygen::{Backend, GeneratorState};
use pygen_tour::trace::Event;
use pygen_tour::tutorial;

/// Every example's timeline, as the tour prints it (plain text).
#[test]
fn timelines_are_pinned() {
    for ex in tutorial::examples() {
        let timeline = ex.timeline(Backend::Stackless).render(false);
        insta::assert_snapshot!(format!("timeline_{}", ex.id), timeline);
    }
}

/// One source, two engines: the same events, in the same order, for every example.
#[test]
fn stackless_and_stackful_timelines_are_identical() {
    for ex in tutorial::examples() {
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

fn positions(events: &[Event], wanted: &Event) -> Vec<usize> {
    (0..events.len())
        .filter(|&i| &events[i] == wanted)
        .collect()
}

#[test]
fn the_log_file_opens_at_the_first_next_and_closes_at_the_end() {
    for backend in Backend::ALL {
        let rec = tutorial::find("read_logs").unwrap().timeline(backend);
        let ev = rec.events();
        let created = position(ev, &Event::Code("let mut g = read_logs(path);".into()));
        let nexts = positions(ev, &Event::Call("g.next()".into()));
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
        let calls = positions(ev, &Event::Call("users.resume()".into()));
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
        let throw = position(ev, &Event::Call("g.throw(ValueError)".into()));
        assert_eq!(ev[throw + 4], Event::Yield("20".into()));
        assert_eq!(ev[throw + 5], Event::Outcome("Yielded(20)".into()));
        assert!(ev.contains(&Event::Outcome("Returned(())".into())));
    }
}

/// Every compile error the tour quotes is the `.stderr` trybuild checks, and
/// every example's Rust excerpt is non-empty.
#[test]
fn examples_are_complete() {
    assert_eq!(tutorial::examples().len(), 19);
    for ex in tutorial::examples() {
        assert!(
            ex.rust().contains("#[generator]"),
            "{}: no Rust excerpt",
            ex.id
        );
        assert!(!ex.python.is_empty() && !ex.python_output.is_empty());
        for e in ex.compile_errors {
            assert!(e.stderr.starts_with("error"), "{}: empty .stderr", ex.id);
        }
        assert_eq!(tutorial::find(ex.number).map(|e| e.id), Some(ex.id));
    }
}
