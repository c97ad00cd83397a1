//! R16: dropping a Suspended generator closes it; errors go to the hook.

use crate::support::{Log, ValueError, take_unraisable, take_unraisable_reports};
use pygen::{Error, Generator, generator};

#[generator]
fn numbers(log: Log) -> impl Generator<Item = u32> {
    log.push("start");
    let _cleanup = log.finally("cleanup");
    (yield 10)?;
    (yield 20)?;
    Ok(())
}

#[generator]
fn stubborn(log: Log) -> impl Generator<Item = u32> {
    let _cleanup = log.finally("cleanup");
    loop {
        if let Err(e) = (yield 1) {
            log.push(format!("ignoring {e:?}"));
        }
    }
}

#[generator]
fn raises_on_close() -> impl Generator<Item = u32, Error = ValueError> {
    match (yield 1) {
        Err(Error::GeneratorExit) => Err(Error::Raised(ValueError("during close"))),
        other => other.map(drop),
    }
}

#[generator]
fn fails() -> impl Generator<Item = u32, Error = ValueError> {
    (yield 1)?;
    Err(Error::Raised(ValueError("boom")))
}

both! {
    fn r16_dropping_a_suspended_generator_runs_its_cleanup_now(b) {
        let log = Log::new();
        let mut g = numbers::on(b, log.clone());
        g.resume().unwrap();
        assert_eq!(log.take(), ["start"]);
        drop(g);
        assert_eq!(log.take(), ["cleanup"]);
    }

    fn r16_created_and_closed_generators_run_nothing_on_drop(b) {
        let log = Log::new();
        drop(numbers::on(b, log.clone()));
        assert_eq!(log.take(), Vec::<String>::new());
        let mut g = numbers::on(b, log.clone());
        g.resume().unwrap();
        g.close().unwrap();
        log.take();
        drop(g);
        assert_eq!(log.take(), Vec::<String>::new());
    }

    fn r16_a_generator_that_ignores_close_is_reported_not_panicked(b) {
        take_unraisable();
        let log = Log::new();
        let mut g = stubborn::on(b, log.clone());
        g.resume().unwrap();
        drop(g);
        assert_eq!(take_unraisable(), ["generator ignored GeneratorExit"]);
        // The close made it yield again; then its stack/state was dropped,
        // which still runs its destructors (the guard) exactly once.
        assert_eq!(log.take(), ["ignoring GeneratorExit", "cleanup"]);
    }

    fn r16_an_error_raised_while_dropping_goes_to_the_hook(b) {
        take_unraisable();
        let mut g = raises_on_close::on(b);
        g.resume().unwrap();
        drop(g);
        assert_eq!(take_unraisable(), ["Raised(ValueError(\"during close\"))"]);
    }

    fn r16_an_iteration_error_never_taken_is_reported_on_drop(b) {
        take_unraisable();
        let mut g = fails::on(b);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1]);
        drop(g);
        assert_eq!(
            take_unraisable(),
            ["Raised(ValueError(\"boom\")) (ended an iteration, never taken)"]
        );
        // ...and a taken one is not.
        let mut g = fails::on(b);
        assert_eq!(g.by_ref().count(), 1);
        assert_eq!(g.take_completion(), Some(Err(Error::Raised(ValueError("boom")))));
        drop(g);
        assert_eq!(take_unraisable(), Vec::<String>::new());
    }
}

#[test]
fn reports_name_the_generator_by_its_body() {
    take_unraisable();
    for b in crate::support::BACKENDS {
        let mut g = stubborn::on(b, Log::new());
        g.resume().unwrap();
        drop(g);
    }
    let names: Vec<_> = take_unraisable_reports()
        .into_iter()
        .map(|u| u.generator)
        .collect();
    assert_eq!(
        names,
        [
            "it::drop::stubborn::stackless",
            "it::drop::stubborn::stackful"
        ]
    );
}

#[test]
fn the_default_hook_message_reads_like_cpythons() {
    let u = pygen::Unraisable {
        generator: "demo",
        message: "generator ignored GeneratorExit".into(),
    };
    assert_eq!(
        u.to_string(),
        "Exception ignored in: <generator demo>: generator ignored GeneratorExit"
    );
}
