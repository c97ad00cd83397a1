//! R10–R15: close and GeneratorExit.

use crate::support::{Log, ValueError};
use pygen::{Error, Generator, GeneratorState::*, Outcome::*, generator};

/// The tutorial's numbers(), with a nested try/finally.
#[generator]
fn numbers(log: Log) -> impl Generator<Item = u32> {
    let _outer = log.finally("outer cleanup");
    (yield 10)?;
    {
        let _inner = log.finally("inner cleanup");
        (yield 20)?;
        (yield 30)?;
    }
    Ok(())
}

/// Returns a value when closed (CPython 3.13 hands it to `close()`).
#[generator]
fn returns_on_close(log: Log) -> impl Generator<Item = u32, Return = &'static str> {
    match (yield 1) {
        Err(Error::GeneratorExit) => {
            log.push("saw GeneratorExit");
            Ok("value from close")
        }
        other => {
            other?;
            Ok("normal end")
        }
    }
}

/// Yields while handling GeneratorExit, once.
#[generator]
fn ignores_close(log: Log) -> impl Generator<Item = u32> {
    let _cleanup = log.finally("cleanup");
    if let Err(e) = (yield 1) {
        log.push(format!("got {e:?}, yielding anyway"));
        (yield 2)?;
    }
    Ok(())
}

/// Raises its own error while handling GeneratorExit.
#[generator]
fn raises_on_close(log: Log) -> impl Generator<Item = u32, Error = ValueError> {
    let _cleanup = log.finally("cleanup");
    match (yield 1) {
        Err(Error::GeneratorExit) => Err(Error::Raised(ValueError("while closing"))),
        other => other.map(drop),
    }
}

/// Handles "any error of mine" (Raised) and keeps going: must not swallow close.
#[generator]
fn handles_my_errors(log: Log) -> impl Generator<Item = u32, Error = ValueError> {
    let mut i = 0;
    loop {
        match (yield i) {
            Ok(_) => {}
            Err(Error::Raised(e)) => log.push(format!("handled {e}")),
            Err(other) => {
                log.push(format!("propagating {other:?}"));
                return Err(other);
            }
        }
        i += 1;
    }
}

both! {
    fn r10_close_on_created_runs_nothing(b) {
        let log = Log::new();
        let mut g = numbers::on(b, log.clone());
        assert_eq!(g.close(), Ok(None));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), Vec::<String>::new(), "not even cleanup");
        assert_eq!(g.resume(), Ok(Exhausted));
    }

    fn r11_close_runs_cleanup_innermost_first(b) {
        let log = Log::new();
        let mut g = numbers::on(b, log.clone());
        assert_eq!(g.next(), Some(10));
        assert_eq!(g.next(), Some(20));
        assert_eq!(g.close(), Ok(None));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), ["inner cleanup", "outer cleanup"]);
        assert_eq!(g.resume(), Ok(Exhausted));
    }

    fn r11_close_returns_the_value_returned_while_closing(b) {
        let log = Log::new();
        let mut g = returns_on_close::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(g.close(), Ok(Some("value from close")));
        assert_eq!(log.take(), ["saw GeneratorExit"]);
        assert_eq!(g.state(), Closed);
    }

    fn r12_close_on_closed_is_a_no_op(b) {
        let log = Log::new();
        let mut g = numbers::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(g.close(), Ok(None));
        log.take();
        assert_eq!(g.close(), Ok(None));
        assert_eq!(g.close(), Ok(None));
        assert_eq!(log.take(), Vec::<String>::new());
    }

    fn r13_yielding_while_closing_is_an_error_and_stays_suspended(b) {
        let log = Log::new();
        let mut g = ignores_close::on(b, log.clone());
        g.resume().unwrap();
        let err = g.close().unwrap_err();
        assert_eq!(err, Error::IgnoredGeneratorExit);
        assert_eq!(err.to_string(), "generator ignored GeneratorExit");
        assert_eq!(g.state(), Suspended);
        assert_eq!(log.take(), ["got GeneratorExit, yielding anyway"]);
        // Suspended at `yield 2`: a second close raises there and succeeds.
        assert_eq!(g.close(), Ok(None));
        assert_eq!(log.take(), ["cleanup"]);
        assert_eq!(g.state(), Closed);
    }

    fn r14_an_error_raised_while_closing_comes_out_of_close(b) {
        let log = Log::new();
        let mut g = raises_on_close::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(g.close(), Err(Error::Raised(ValueError("while closing"))));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), ["cleanup"]);
    }

    fn r15_handling_my_errors_does_not_swallow_generator_exit(b) {
        let log = Log::new();
        let mut g = handles_my_errors::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(g.throw(ValueError("v")), Ok(Yielded(1)));
        assert_eq!(g.close(), Ok(None));
        assert_eq!(log.take(), ["handled v", "propagating GeneratorExit"]);
        assert_eq!(g.state(), Closed);
    }
}
