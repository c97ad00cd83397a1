//! `yield from` as a chain driven by the outermost generator: the rules seen
//! from a chain of `#[generator]` bodies, on every mix of backends (each
//! level picks its own), and what only a chain can show (depth, the
//! `gi_yieldfrom` view, a panic crossing every level).

use pygen::{Backend, Error, Generator, GeneratorState, Outcome, finally, generator, yield_from};
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<String>>>;

fn log(log: &Log, line: impl Into<String>) {
    log.borrow_mut().push(line.into());
}

/// Yields `depth` then delegates one level down, on the backend `plan[depth]`
/// names; the bottom level yields 0 and 1 and returns 100. Each level logs
/// its cleanup and returns what it got plus one. A level named in `catch`
/// handles a thrown `Raised` at its `yield from` and yields -depth.
#[generator(stackful)]
fn level(
    depth: usize,
    plan: &'static [Backend],
    catch: Option<usize>,
    trace: Log,
) -> impl Generator<Item = i64, Send = i64, Return = i64, Error = &'static str> {
    let t = trace.clone();
    let _cleanup = finally(move || log(&t, format!("cleanup {depth}")));
    if depth == 0 {
        let got = (yield 0)?;
        if let Some(v) = got {
            log(&trace, format!("bottom got {v}"));
        }
        (yield 1)?;
        return Ok(100);
    }
    (yield depth as i64)?;
    let below = level::on(plan[depth - 1], depth - 1, plan, catch, trace.clone());
    match yield_from!(below) {
        Ok(r) => Ok(r.unwrap_or(0) + 1),
        Err(Error::Raised(e)) if catch == Some(depth) => {
            log(&trace, format!("level {depth} caught {e}"));
            (yield -(depth as i64))?;
            Ok(-1)
        }
        Err(e) => Err(e),
    }
}

const PLANS: &[&[Backend]] = &[
    &[
        Backend::Stackless,
        Backend::Stackless,
        Backend::Stackless,
        Backend::Stackless,
    ],
    &[
        Backend::Stackful,
        Backend::Stackful,
        Backend::Stackful,
        Backend::Stackful,
    ],
    &[
        Backend::Stackless,
        Backend::Stackful,
        Backend::Stackless,
        Backend::Stackful,
    ],
    &[
        Backend::Stackful,
        Backend::Stackless,
        Backend::Stackful,
        Backend::Stackless,
    ],
];

fn top(
    plan: &'static [Backend],
    catch: Option<usize>,
    trace: &Log,
) -> impl Generator<Item = i64, Send = i64, Return = i64, Error = &'static str> + use<> {
    level::on(plan[3], 3, plan, catch, trace.clone())
}

#[test]
fn values_sends_and_return_values_cross_every_level() {
    for plan in PLANS {
        let trace = Log::default();
        let mut g = top(plan, None, &trace);
        let got: Vec<_> = (0..4).map(|_| g.resume()).collect();
        assert_eq!(
            got,
            [3, 2, 1, 0].map(|v| Ok(Outcome::Yielded(v))),
            "{plan:?}"
        );
        // send reaches the innermost level (R21)
        assert_eq!(g.send(7), Ok(Outcome::Yielded(1)), "{plan:?}");
        // each level returns what its `yield from` evaluated to, plus one (R22)
        assert_eq!(g.resume(), Ok(Outcome::Returned(103)), "{plan:?}");
        assert_eq!(
            *trace.borrow(),
            [
                "bottom got 7",
                "cleanup 0",
                "cleanup 1",
                "cleanup 2",
                "cleanup 3"
            ],
            "{plan:?}"
        );
    }
}

#[test]
fn the_chain_is_visible_as_gi_yieldfrom() {
    for plan in PLANS {
        let trace = Log::default();
        let mut g = top(plan, None, &trace);
        assert_eq!(g.yielding_from(), None);
        g.resume().unwrap();
        assert_eq!(g.yielding_from(), None, "suspended at its own yield");
        for _ in 0..3 {
            g.resume().unwrap();
        }
        let chain = g.delegation_chain();
        assert_eq!(chain.len(), 3, "{plan:?}");
        for (i, f) in chain.iter().enumerate() {
            let backend = plan[2 - i].name();
            assert!(
                f.name.contains("level") && f.name.contains(backend),
                "{} {backend}",
                f.name
            );
            assert_eq!(f.state, Some(GeneratorState::Suspended));
        }
        assert_eq!(g.yielding_from(), Some(chain[0]));
        g.resume().unwrap();
        g.resume().unwrap();
        assert_eq!(g.delegation_chain(), []);
    }
}

#[test]
fn a_throw_unwinds_level_by_level_until_one_handles_it() {
    for plan in PLANS {
        let trace = Log::default();
        let mut g = top(plan, Some(2), &trace);
        for _ in 0..4 {
            g.resume().unwrap();
        }
        // the innermost two levels do not handle it: they end, innermost
        // first; level 2 handles it at its `yield from` (R23/R24)
        assert_eq!(g.throw("boom"), Ok(Outcome::Yielded(-2)), "{plan:?}");
        assert_eq!(
            *trace.borrow(),
            ["cleanup 0", "cleanup 1", "level 2 caught boom"],
            "{plan:?}"
        );
        assert_eq!(
            g.yielding_from().map(|f| f.state),
            Some(Some(GeneratorState::Suspended))
        );
        assert_eq!(g.resume(), Ok(Outcome::Returned(0)), "{plan:?}");
    }
}

#[test]
fn close_closes_the_innermost_level_first() {
    for plan in PLANS {
        let trace = Log::default();
        let mut g = top(plan, None, &trace);
        for _ in 0..4 {
            g.resume().unwrap();
        }
        assert_eq!(g.close(), Ok(None), "{plan:?}");
        assert_eq!(
            *trace.borrow(),
            ["cleanup 0", "cleanup 1", "cleanup 2", "cleanup 3"],
            "{plan:?}"
        );
        assert_eq!(g.state(), GeneratorState::Closed);
        assert_eq!(g.resume(), Ok(Outcome::Exhausted));
    }
}

#[test]
fn dropping_the_outer_generator_closes_the_chain_innermost_first() {
    for plan in PLANS {
        let trace = Log::default();
        let mut g = top(plan, None, &trace);
        for _ in 0..4 {
            g.resume().unwrap();
        }
        drop(g);
        assert_eq!(
            *trace.borrow(),
            ["cleanup 0", "cleanup 1", "cleanup 2", "cleanup 3"],
            "{plan:?}"
        );
    }
}

/// Like `level`, with a bottom that panics when resumed the second time.
#[generator(stackful)]
fn panicky(depth: usize, plan: &'static [Backend], trace: Log) -> impl Generator<Item = i64> {
    let t = trace.clone();
    let _cleanup = finally(move || log(&t, format!("cleanup {depth}")));
    if depth == 0 {
        (yield 0)?;
        panic!("bottom fell out");
    }
    yield_from!(panicky::on(plan[depth - 1], depth - 1, plan, trace.clone()))?;
    Ok(())
}

#[test]
fn a_panic_unwinds_through_every_level_runs_each_cleanup_once_and_closes_the_chain() {
    for plan in PLANS {
        let trace = Log::default();
        let mut g = panicky::on(plan[3], 3, plan, trace.clone());
        assert_eq!(g.resume(), Ok(Outcome::Yielded(0)));
        let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.resume()));
        let payload = panic.expect_err("the panic reaches the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"bottom fell out"));
        assert_eq!(
            *trace.borrow(),
            ["cleanup 0", "cleanup 1", "cleanup 2", "cleanup 3"],
            "{plan:?}"
        );
        assert_eq!(g.state(), GeneratorState::Closed);
        assert_eq!(g.resume(), Ok(Outcome::Exhausted));
        assert_eq!(g.close(), Ok(None));
        drop(g);
        assert_eq!(trace.borrow().len(), 4, "no cleanup runs twice");
    }
}

/// A chain of `depth` stackless levels, each delegating to the next.
#[generator]
fn deep(depth: u32) -> impl Generator<Item = u32, Return = u32> {
    if depth == 0 {
        for v in 0..3 {
            (yield v)?;
        }
        return Ok(0);
    }
    Ok(yield_from!(deep(depth - 1))?.unwrap_or(0) + 1)
}

#[test]
fn a_hundred_thousand_levels_run_without_deep_native_recursion() {
    let mut g = deep(100_000);
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(g.take_completion(), Some(Ok(100_000)));
    // closed mid-way, the chain unwinds level by level too
    let mut g = deep(100_000);
    assert_eq!(g.next(), Some(0));
    assert_eq!(g.delegation_chain().len(), 100_000);
    assert_eq!(g.close(), Ok(None));
}
