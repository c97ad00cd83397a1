//! Threads: a stackless generator is `Send` when its state is (it moves to
//! another thread and resumes there); stackful generators, `Shared` handles
//! and `BoxGenerator`s are not (compile-fail cases in `tests/ui-send/`).
//! A `Shared` handle reports "generator already executing" on re-entry, on
//! both backends.

#![feature(coroutines)]

use pygen::{Backend, Generator, GeneratorState, Outcome, Shared, generator};
use std::cell::RefCell;
use std::rc::Rc;

#[generator]
fn words(prefix: String) -> impl Generator<Item = String, Send = String, Return = usize> {
    let mut seen = Vec::new();
    let first = (yield format!("{prefix} one"))?;
    seen.extend(first);
    let second = (yield format!("{prefix} two"))?;
    seen.extend(second);
    Ok(seen.len())
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[test]
fn a_stackless_generator_with_send_state_moves_between_threads() {
    let mut g = assert_send(words::stackless("a".to_owned()));
    assert_eq!(g.resume(), Ok(Outcome::Yielded("a one".to_owned())));
    // Suspended on this thread, resumed on another, finished on a third.
    let mut g = std::thread::spawn(move || {
        assert_eq!(g.send("x".into()), Ok(Outcome::Yielded("a two".to_owned())));
        g
    })
    .join()
    .unwrap();
    let r = std::thread::spawn(move || g.send("y".into()))
        .join()
        .unwrap();
    assert_eq!(r, Ok(Outcome::Returned(2)));
}

#[test]
fn the_compile_fail_cases() {
    trybuild::TestCases::new().compile_fail("tests/ui-send/*.rs");
}

type Slot<G> = Rc<RefCell<Option<Shared<G>>>>;

/// A body that resumes its own generator through a shared handle, in every
/// way, and records what each attempt returned.
#[generator]
fn reentrant(
    me: Slot<pygen::BoxGenerator<u32, u32, (), &'static str>>,
    seen: Rc<RefCell<Vec<String>>>,
) -> impl Generator<Item = u32, Send = u32, Error = &'static str> {
    let handle = me
        .borrow()
        .clone()
        .expect("the handle is set before the first resume");
    record(&seen, handle, 1);
    (yield 1)?;
    let handle = me.borrow().clone().unwrap();
    record(&seen, handle, 2);
    (yield 2)?;
    Ok(())
}

fn record(
    seen: &RefCell<Vec<String>>,
    mut me: Shared<pygen::BoxGenerator<u32, u32, (), &'static str>>,
    at: u32,
) {
    let log = |what: &str, r: String| seen.borrow_mut().push(format!("{at} {what}: {r}"));
    log("state", me.state().to_string());
    log("resume", format!("{:?}", me.resume()));
    log("send", format!("{:?}", me.send(9)));
    log("throw", format!("{:?}", me.throw("x")));
    log("close", format!("{:?}", me.close()));
    log("next", format!("{:?}", me.next()));
    log("completion", format!("{:?}", me.take_completion()));
    if let Err(e) = me.resume() {
        log("message", e.to_string());
    }
}

#[test]
fn shared_handles_report_already_executing_on_both_backends() {
    for backend in Backend::ALL {
        let slot: Slot<_> = Rc::default();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let g = Shared::new(reentrant::on(backend, slot.clone(), seen.clone()));
        *slot.borrow_mut() = Some(g.clone());
        let mut g2 = g.clone();
        assert_eq!(g2.resume(), Ok(Outcome::Yielded(1)));
        assert_eq!(g2.state(), GeneratorState::Suspended);
        assert_eq!(g2.send(5), Ok(Outcome::Yielded(2)));
        let mut expected = Vec::new();
        for at in 1..=2 {
            expected.extend([
                format!("{at} state: Running"),
                format!("{at} resume: Err(AlreadyExecuting)"),
                format!("{at} send: Err(AlreadyExecuting)"),
                format!("{at} throw: Err(AlreadyExecuting)"),
                format!("{at} close: Err(AlreadyExecuting)"),
                format!("{at} next: None"),
                format!("{at} completion: Some(Err(AlreadyExecuting))"),
                format!("{at} message: generator already executing"),
            ]);
        }
        assert_eq!(*seen.borrow(), expected, "{backend}");
        // The failed re-entries changed nothing: the generator goes on.
        assert_eq!(g2.close(), Ok(None));
        assert_eq!(g2.state(), GeneratorState::Closed);
        assert_eq!(g2.resume(), Ok(Outcome::Exhausted));
        slot.borrow_mut().take(); // break the cycle
    }
}
