//! The state machine's panic rule, which `Gen::run` enforces with an unwind
//! guard (no store on the normal path): a body that panics is Closed for good,
//! and is never resumed again — not by `next`, `send`, `close`, nor by drop.
#![cfg(feature = "stackful")]

use pygen::{Error, Generator, GeneratorState, Outcome, Stackful};
use std::panic::{AssertUnwindSafe, catch_unwind};

#[test]
fn a_panicking_body_is_closed_for_good() {
    let mut g = Stackful::<i32, i32>::new(|co| {
        co.yield_(1)?;
        panic!("boom");
    });
    assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
    assert_eq!(g.state(), GeneratorState::Suspended);
    let payload = catch_unwind(AssertUnwindSafe(|| g.resume())).expect_err("the body panics");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
    assert_eq!(g.state(), GeneratorState::Closed);
    assert_eq!(g.resume(), Ok(Outcome::Exhausted));
    assert_eq!(g.send(5), Ok(Outcome::Exhausted));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.take_completion(), None);
    drop(g); // must not resume the body
}

#[test]
fn a_created_generator_becomes_suspended_on_its_first_next() {
    let mut g = Stackful::<i32, i32>::new(|co| {
        let v = co.yield_(1)?;
        co.yield_(v.unwrap_or(-1))?;
        Ok(())
    });
    assert_eq!(g.state(), GeneratorState::Created);
    assert_eq!(g.send(3), Err(Error::SendToJustStarted));
    assert_eq!(g.state(), GeneratorState::Created);
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.state(), GeneratorState::Suspended);
    assert_eq!(g.send(7), Ok(Outcome::Yielded(7)));
    assert_eq!(g.next(), None);
    assert_eq!(g.state(), GeneratorState::Closed);
    assert_eq!(g.take_completion(), Some(Ok(())));
    assert_eq!(g.take_completion(), None);
}
