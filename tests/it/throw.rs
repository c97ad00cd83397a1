//! R6–R8: throw into Suspended, Created and Closed generators.

use crate::support::{Log, ValueError};
use pygen::{Error, Generator, GeneratorState::*, Outcome::*, generator};

/// The tutorial's demo(): catches a ValueError at `yield 10`, yields 20; at
/// `yield 20` a caught ValueError makes it return.
#[generator]
fn demo(log: Log) -> impl Generator<Item = u32, Return = &'static str, Error = ValueError> {
    log.push("start");
    let _cleanup = log.finally("cleanup");
    match (yield 10) {
        Err(Error::Raised(e)) => log.push(format!("caught {e}")),
        other => {
            other?;
        }
    }
    match (yield 20) {
        Err(Error::Raised(e)) => {
            log.push(format!("caught {e} again"));
            return Ok("returned after catching");
        }
        other => {
            other?;
        }
    }
    (yield 30)?;
    Ok("end")
}

both! {
    fn r6_a_handled_throw_returns_the_next_yield(b) {
        let log = Log::new();
        let mut g = demo::on(b, log.clone());
        assert_eq!(g.resume(), Ok(Yielded(10)));
        assert_eq!(g.throw(ValueError("bad data")), Ok(Yielded(20)));
        assert_eq!(g.state(), Suspended);
        assert_eq!(log.take(), ["start", "caught bad data"]);
    }

    fn r6_a_handled_throw_that_returns_reports_the_return(b) {
        let log = Log::new();
        let mut g = demo::on(b, log.clone());
        g.resume().unwrap();
        g.resume().unwrap();
        assert_eq!(g.throw(ValueError("x")), Ok(Returned("returned after catching")));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), ["start", "caught x again", "cleanup"]);
    }

    fn r6_an_unhandled_throw_runs_cleanup_and_comes_back_out(b) {
        let log = Log::new();
        let mut g = demo::on(b, log.clone());
        g.resume().unwrap();
        g.resume().unwrap();
        g.resume().unwrap(); // at yield 30, no handler
        assert_eq!(g.throw(ValueError("fatal")), Err(Error::Raised(ValueError("fatal"))));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), ["start", "cleanup"]);
        assert_eq!(g.resume(), Ok(Exhausted));
    }

    fn r7_throw_into_a_created_generator_runs_nothing_and_closes_it(b) {
        let log = Log::new();
        let mut g = demo::on(b, log.clone());
        assert_eq!(g.throw(ValueError("early")), Err(Error::Raised(ValueError("early"))));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), Vec::<String>::new(), "no handler, no cleanup");
        assert_eq!(g.resume(), Ok(Exhausted));
        // Closed for every method, as after any other end (R8, R9, R15):
        // a send is not "to a just-started generator".
        assert_eq!(g.send(()), Ok(Exhausted));
        assert_eq!(g.throw(ValueError("late")), Err(Error::Raised(ValueError("late"))));
        assert_eq!(g.close(), Ok(None));
        assert_eq!(g.state(), Closed);
        assert_eq!(g.next(), None);
        assert_eq!(g.take_completion(), None);
        drop(g);
        assert_eq!(log.take(), Vec::<String>::new(), "the body never ran");
    }

    fn r8_throw_into_a_closed_generator_raises_at_once(b) {
        let log = Log::new();
        let mut g = demo::on(b, log.clone());
        g.resume().unwrap();
        g.close().unwrap();
        log.take();
        assert_eq!(g.throw(ValueError("late")), Err(Error::Raised(ValueError("late"))));
        assert_eq!(g.throw_error(Error::GeneratorExit), Err(Error::GeneratorExit));
        assert_eq!(log.take(), Vec::<String>::new());
        assert_eq!(g.state(), Closed);
    }
}

// R18 (PEP 479) for a thrown StopIteration, in each state (checked against
// CPython 3.11): in a Created or Suspended generator it escapes the body as
// `RuntimeError: generator raised StopIteration`; a Closed generator raises it
// as is.
both! {
    fn r18_a_stop_iteration_thrown_in_comes_out_as_raised_stop_iteration(b) {
        let log = Log::new();
        let mut g = demo::on(b, log.clone());
        assert_eq!(g.throw_error(Error::StopIteration), Err(Error::RaisedStopIteration));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), Vec::<String>::new(), "no body code ran");
        assert_eq!(g.throw_error(Error::StopIteration), Err(Error::StopIteration));

        let mut g = demo::on(b, log.clone());
        assert_eq!(g.resume(), Ok(Yielded(10)));
        assert_eq!(g.throw_error(Error::StopIteration), Err(Error::RaisedStopIteration));
        assert_eq!(g.state(), Closed);
        assert_eq!(log.take(), ["start", "cleanup"]);
        assert_eq!(g.throw_error(Error::StopIteration), Err(Error::StopIteration));
        assert_eq!(log.take(), Vec::<String>::new());
    }
}
