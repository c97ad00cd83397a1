//! R1–R5: creation, next/send, the return value, exhaustion, the just-started rule.

use crate::support::{Log, ValueError};
use pygen::{Error, Generator, GeneratorState::*, Outcome::*, generator};

#[generator]
fn count_x(log: Log, mut n: u32) -> impl Generator<Item = u32, Return = &'static str> {
    log.push("start");
    while n > 0 {
        log.push(format!("yield {n}"));
        (yield n)?;
        n -= 1;
    }
    log.push("end");
    Ok("done")
}

/// Logs what each `yield` evaluated to; returns when sent "stop".
#[generator]
fn echo(
    log: Log,
) -> impl Generator<Item = u32, Send = String, Return = String, Error = ValueError> {
    let mut i = 0;
    loop {
        let got = (yield i)?;
        log.push(format!("got {got:?}"));
        if got.as_deref() == Some("stop") {
            return Ok(format!("stopped after {i}"));
        }
        i += 1;
    }
}

both! {
    fn r1_creating_runs_no_body_code(b) {
        let log = Log::new();
        let g = count_x::on(b, log.clone(), 3);
        assert_eq!(g.state(), Created);
        assert_eq!(log.take(), Vec::<String>::new());
    }

    fn r2_next_runs_to_the_next_yield(b) {
        let log = Log::new();
        let mut g = count_x::on(b, log.clone(), 3);
        assert_eq!(g.resume(), Ok(Yielded(3)));
        assert_eq!(g.state(), Suspended);
        assert_eq!(log.take(), ["start", "yield 3"]);
        assert_eq!(g.resume(), Ok(Yielded(2)));
        assert_eq!(log.take(), ["yield 2"]);
    }

    fn r2_the_paused_yield_evaluates_to_the_sent_value(b) {
        let log = Log::new();
        let mut g = echo::on(b, log.clone());
        assert_eq!(g.resume(), Ok(Yielded(0)));
        assert_eq!(log.take(), Vec::<String>::new());
        assert_eq!(g.resume(), Ok(Yielded(1)));
        assert_eq!(log.take(), ["got None"]);
        assert_eq!(g.send("Care".into()), Ok(Yielded(2)));
        assert_eq!(log.take(), ["got Some(\"Care\")"]);
        assert_eq!(g.next(), Some(3)); // Iterator::next is next(), too
        assert_eq!(log.take(), ["got None"]);
    }

    fn r3_return_is_reported_once_then_closed(b) {
        let log = Log::new();
        let mut g = echo::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(g.send("stop".into()), Ok(Returned("stopped after 0".into())));
        assert_eq!(g.state(), Closed);
        assert_eq!(g.resume(), Ok(Exhausted));
    }

    fn r3_falling_off_the_end_returns(b) {
        let log = Log::new();
        let mut g = count_x::on(b, log.clone(), 1);
        assert_eq!(g.resume(), Ok(Yielded(1)));
        assert_eq!(g.resume(), Ok(Returned("done")));
        assert_eq!(log.take(), ["start", "yield 1", "end"]);
        assert_eq!(g.state(), Closed);
    }

    fn r4_a_closed_generator_is_exhausted_every_time_and_runs_nothing(b) {
        let log = Log::new();
        let mut g = count_x::on(b, log.clone(), 1);
        g.resume().unwrap();
        g.resume().unwrap();
        log.take();
        for _ in 0..3 {
            assert_eq!(g.resume(), Ok(Exhausted));
            assert_eq!(g.send(()), Ok(Exhausted));
            assert_eq!(g.next(), None);
        }
        assert_eq!(g.take_completion(), None, "the return value was already delivered");
        assert_eq!(log.take(), Vec::<String>::new());
        assert_eq!(g.state(), Closed);
    }

    fn r5_send_to_a_just_started_generator_is_an_error_and_changes_nothing(b) {
        let log = Log::new();
        let mut g = echo::on(b, log.clone());
        let err = g.send("early".into()).unwrap_err();
        assert_eq!(err, Error::SendToJustStarted);
        assert_eq!(err.to_string(), "can't send non-None value to a just-started generator");
        assert_eq!(g.state(), Created);
        assert_eq!(log.take(), Vec::<String>::new());
        // still usable: next() starts it
        assert_eq!(g.resume(), Ok(Yielded(0)));
        assert_eq!(g.send("late".into()), Ok(Yielded(1)));
        assert_eq!(log.take(), ["got Some(\"late\")"]);
    }

    fn r5_send_to_a_closed_generator_is_exhausted(b) {
        let mut g = echo::on(b, Log::new());
        g.close().unwrap();
        assert_eq!(g.send("x".into()), Ok(Exhausted));
    }
}
