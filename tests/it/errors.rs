//! R17–R20: re-entry, StopIteration escaping a body, errors, cleanup on return.

use crate::support::{BACKENDS, Log, ValueError};
use pygen::{
    BoxGenerator, Error, Generator, GeneratorState::*, Outcome::*, Shared, generator, next_or_stop,
};
use std::cell::RefCell;
use std::rc::Rc;

type Slot = Rc<RefCell<Option<Shared<BoxGenerator<u32>>>>>;

/// Reaches its own generator through a shared handle while running.
#[generator]
fn reentrant(log: Log, me: Slot) -> impl Generator<Item = u32> {
    let mut handle = me.borrow().clone().expect("handle installed");
    log.push(format!("state inside: {:?}", handle.state()));
    log.push(format!("resume inside: {:?}", handle.resume()));
    log.push(format!("close inside: {:?}", handle.close()));
    log.push(format!("next inside: {:?}", handle.next()));
    log.push(format!("completion inside: {:?}", handle.take_completion()));
    (yield 1)?;
    Ok(())
}

#[generator]
fn inner_stop(log: Log) -> impl Generator<Item = u32> {
    let _cleanup = log.finally("cleanup");
    let mut empty = pygen::iter(std::iter::empty::<u32>());
    let v = next_or_stop(&mut empty)?; // Python: next(iter([])) inside a generator
    (yield v)?;
    Ok(())
}

#[generator]
fn raises(log: Log) -> impl Generator<Item = u32, Error = ValueError> {
    let _cleanup = log.finally("cleanup");
    (yield 1)?;
    log.push("raising");
    Err(Error::Raised(ValueError("bad record")))
}

/// Python: `try: yield "body"; return "ret" finally: yield "from cleanup"`.
#[generator]
fn yields_in_cleanup(log: Log) -> impl Generator<Item = &'static str, Return = &'static str> {
    let ret = {
        (yield "body")?;
        log.push("return statement");
        "ret"
    };
    log.push("cleanup starts");
    (yield "from cleanup")?;
    log.push("cleanup ends");
    Ok(ret)
}

both! {
    fn r17_resuming_a_running_generator_is_an_error(b) {
        let log = Log::new();
        let slot = Slot::default();
        let mut g = Shared::new(reentrant::on(b, log.clone(), slot.clone()));
        *slot.borrow_mut() = Some(g.clone());
        assert_eq!(g.state(), Created);
        assert_eq!(g.resume(), Ok(Yielded(1)));
        assert_eq!(
            log.take(),
            [
                "state inside: Running",
                "resume inside: Err(AlreadyExecuting)",
                "close inside: Err(AlreadyExecuting)",
                "next inside: None",
                "completion inside: Some(Err(AlreadyExecuting))",
            ]
        );
        assert_eq!(Error::<ValueError>::AlreadyExecuting.to_string(), "generator already executing");
        assert_eq!(g.state(), Suspended);
        slot.borrow_mut().take(); // break the cycle
        // The body holds a handle to itself across its yield: close it, or
        // that handle keeps the generator alive (LeakSanitizer reports it).
        assert_eq!(g.close(), Ok(None));
    }

    fn r18_a_stop_escaping_the_body_is_an_error_not_a_return(b) {
        let log = Log::new();
        let mut g = inner_stop::on(b, log.clone());
        let err = g.resume().unwrap_err();
        assert_eq!(err, Error::RaisedStopIteration);
        assert_eq!(err.to_string(), "generator raised StopIteration");
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), ["cleanup"]);
    }

    fn r19_an_error_escaping_the_body_comes_out_after_cleanup(b) {
        let log = Log::new();
        let mut g = raises::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(g.resume(), Err(Error::Raised(ValueError("bad record"))));
        assert_eq!(log.take(), ["raising", "cleanup"]);
        assert_eq!(g.state(), Closed);
        assert_eq!(g.resume(), Ok(Exhausted));
    }

    fn r20_a_yield_in_cleanup_suspends_and_the_return_comes_after(b) {
        let log = Log::new();
        let mut g = yields_in_cleanup::on(b, log.clone());
        assert_eq!(g.resume(), Ok(Yielded("body")));
        assert_eq!(g.resume(), Ok(Yielded("from cleanup")));
        assert_eq!(g.state(), Suspended);
        assert_eq!(log.take(), ["return statement", "cleanup starts"]);
        assert_eq!(g.resume(), Ok(Returned("ret")));
        assert_eq!(log.take(), ["cleanup ends"]);
    }
}

#[generator]
fn panics(log: Log) -> impl Generator<Item = u32> {
    let _cleanup = log.finally("cleanup");
    (yield 1)?;
    panic!("bug in the body");
}

both! {
    fn a_panic_reaches_the_caller_and_leaves_the_generator_closed(b) {
        let log = Log::new();
        let mut g = panics::on(b, log.clone());
        g.resume().unwrap();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.resume()));
        let payload = caught.expect_err("the panic propagates like an exception");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"bug in the body"));
        assert_eq!(log.take(), ["cleanup"], "cleanup ran once, while unwinding");
        assert_eq!(g.state(), Closed);
        assert_eq!(g.resume(), Ok(Exhausted));
        assert_eq!(g.close(), Ok(None));
        drop(g);
        assert_eq!(log.take(), Vec::<String>::new(), "and never again");
    }
}

// ---- next_or_stop: Python's next() inside a body ----

/// Python: `while True: v = next(inner); yield v`.
#[generator]
fn nexts(
    log: Log,
    mut inner: BoxGenerator<u32, (), (), ValueError>,
) -> impl Generator<Item = u32, Error = ValueError> {
    loop {
        let v = next_or_stop(&mut inner)?;
        log.push(format!("got {v}"));
        (yield v)?;
    }
}

#[generator]
fn one_then_return() -> impl Generator<Item = u32, Error = ValueError> {
    (yield 1)?;
    Ok(())
}

/// Python: `def g(): next(me); yield 1`, where `me` is this generator.
#[generator]
fn next_of_itself(me: Slot) -> impl Generator<Item = u32> {
    let mut handle = me.borrow().clone().expect("handle installed");
    let v = next_or_stop(&mut handle)?;
    (yield v)?;
    Ok(())
}

both! {
    fn next_or_stop_propagates_the_error_of_the_generator_it_advances(b) {
        for inner in BACKENDS {
            let log = Log::new();
            let mut g = nexts::on(b, log.clone(), raises::on(inner, log.clone()));
            assert_eq!(g.resume(), Ok(Yielded(1)));
            assert_eq!(g.resume(), Err(Error::Raised(ValueError("bad record"))));
            assert_eq!(log.take(), ["got 1", "raising", "cleanup"], "inner={inner}");
            assert_eq!(g.state(), Closed);
        }
    }

    fn next_or_stop_on_a_generator_that_returned_is_a_stop(b) {
        for inner in BACKENDS {
            let log = Log::new();
            let mut g = nexts::on(b, log.clone(), one_then_return::on(inner));
            assert_eq!(g.resume(), Ok(Yielded(1)));
            // The stop escapes the body: PEP 479.
            assert_eq!(g.resume(), Err(Error::RaisedStopIteration));
            assert_eq!(log.take(), ["got 1"], "inner={inner}");
            assert_eq!(g.state(), Closed);
        }
    }

    fn next_or_stop_on_itself_through_shared_is_already_executing(b) {
        let slot = Slot::default();
        let mut g = Shared::new(next_of_itself::on(b, slot.clone()));
        *slot.borrow_mut() = Some(g.clone());
        assert_eq!(g.resume(), Err(Error::AlreadyExecuting));
        assert_eq!(g.state(), Closed);
        slot.borrow_mut().take();
    }
}

// ---- `?` on the body's own error type ----

#[derive(Debug, Clone, PartialEq, Eq)]
struct BadNumber(String);

impl From<std::num::ParseIntError> for BadNumber {
    fn from(e: std::num::ParseIntError) -> Self {
        BadNumber(e.to_string())
    }
}

/// Python: `for s in items: if not s: raise BadNumber("empty"); yield int(s)`.
#[generator]
fn parse_all(items: Vec<&'static str>) -> impl Generator<Item = i32, Error = BadNumber> {
    for s in items {
        if s.is_empty() {
            Err(BadNumber("empty".to_owned()))?;
        }
        let n: i32 = s.parse().map_err(BadNumber::from)?;
        (yield n)?;
    }
    Ok(())
}

both! {
    fn question_mark_on_the_bodys_own_error_raises_it(b) {
        let mut g = parse_all::on(b, vec!["1", "x", "3"]);
        assert_eq!(g.resume(), Ok(Yielded(1)));
        let invalid = BadNumber("invalid digit found in string".to_owned());
        assert_eq!(g.resume(), Err(Error::Raised(invalid)));
        assert_eq!(g.state(), Closed);

        let mut g = parse_all::on(b, vec!["", "1"]);
        assert_eq!(g.resume(), Err(Error::Raised(BadNumber("empty".to_owned()))));
        assert_eq!(g.state(), Closed);
    }
}
