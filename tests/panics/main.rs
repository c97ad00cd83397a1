//! Panics inside generator bodies, on both backends.
//!
//! - A panic in a body unwinds out of `resume`/`send`/`throw`/`close` to the
//!   caller; the generator is Closed afterwards (it never runs again), its
//!   locals and cleanup ran exactly once, and dropping it later drops nothing
//!   twice and reports nothing.
//! - A panic while a dropped generator is being closed never escapes `Drop`
//!   (so it can never abort the process by panicking during an unwind): it
//!   is reported through the drop hook, and every local is dropped once.
//! - A drop hook that panics is caught too (the report goes to stderr).

#![feature(coroutines)]

mod fixtures;

use fixtures::{
    At, HOOK_PANICS, body, bomb_holder, check_closed_after_panic,
    check_dropping_captures_that_panic, counters, delegator, install_panicking_hook, panic_text,
    stubborn, take_unraisable,
};
use pygen::{Error, Generator, GeneratorState, Outcome};
use pygen_support::test_both as both;
use std::panic::{AssertUnwindSafe, catch_unwind};

both! {
    fn panic_on_first_resume_reaches_the_caller(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Start, drops.clone(), cleanups.clone());
        let r = catch_unwind(AssertUnwindSafe(|| g.resume()));
        check_closed_after_panic(g, r, "boom at start", &drops, &cleanups, 1);
    }

    fn panic_on_next_reaches_the_caller(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Resume, drops.clone(), cleanups.clone());
        assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
        let r = catch_unwind(AssertUnwindSafe(|| g.resume()));
        check_closed_after_panic(g, r, "boom on resume with None", &drops, &cleanups, 2);
    }

    fn panic_on_send_reaches_the_caller(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Resume, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r = catch_unwind(AssertUnwindSafe(|| g.send(7)));
        check_closed_after_panic(g, r, "boom on resume with Some(7)", &drops, &cleanups, 2);
    }

    fn panic_on_throw_reaches_the_caller(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Resume, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r = catch_unwind(AssertUnwindSafe(|| g.throw("oops")));
        check_closed_after_panic(g, r, "boom on resume after Raised(\"oops\")", &drops, &cleanups, 2);
    }

    fn panic_while_closing_reaches_the_caller(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Exit, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r = catch_unwind(AssertUnwindSafe(|| g.close()));
        check_closed_after_panic(g, r, "boom on exit", &drops, &cleanups, 2);
    }

    fn panic_in_a_finally_guard_while_closing_reaches_the_caller(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Finally, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r = catch_unwind(AssertUnwindSafe(|| g.close()));
        check_closed_after_panic(g, r, "boom in finally", &drops, &cleanups, 2);
    }

    fn panic_during_close_on_drop_goes_to_the_hook(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Exit, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        // Dropping never panics: the panic is caught and reported.
        let r = catch_unwind(AssertUnwindSafe(move || drop(g)));
        assert!(r.is_ok(), "a panic escaped Drop");
        assert_eq!(take_unraisable(), ["panic: boom on exit"]);
        assert_eq!(drops.get(), 2, "every local dropped exactly once");
        assert_eq!(cleanups.get(), 1);
    }

    fn panic_in_a_finally_guard_during_drop_goes_to_the_hook(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = body::on(b, At::Finally, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        drop(g);
        assert_eq!(take_unraisable(), ["panic: boom in finally"]);
        assert_eq!(drops.get(), 2);
        assert_eq!(cleanups.get(), 1);
    }

    fn drop_during_an_unwind_never_aborts(b) {
        // A generator dropped while the thread is already unwinding from
        // another panic, and panicking in its close: a second panic escaping
        // a destructor here would abort the process.
        take_unraisable();
        let (drops, cleanups) = counters();
        let r = catch_unwind(AssertUnwindSafe(|| {
            let mut g = body::on(b, At::Exit, drops.clone(), cleanups.clone());
            assert_eq!(g.next(), Some(1));
            panic!("first panic");
        }));
        assert_eq!(panic_text(r.unwrap_err()), "first panic");
        assert_eq!(take_unraisable(), ["panic: boom on exit"]);
        assert_eq!(drops.get(), 2);
        assert_eq!(cleanups.get(), 1);
    }

    fn panic_in_a_subgenerator_passes_through_the_delegator(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let (outer_drops, outer_cleanups) = counters();
        let sub = body::on(b, At::Resume, drops.clone(), cleanups.clone());
        let mut g = delegator::on(b, sub, outer_drops.clone(), outer_cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r = catch_unwind(AssertUnwindSafe(|| g.send(5)));
        check_closed_after_panic(g, r, "boom on resume with Some(5)", &outer_drops, &outer_cleanups, 1);
        assert_eq!((drops.get(), cleanups.get()), (2, 1), "the sub's locals too");
    }
}

both! {
    fn a_panicking_hook_never_escapes_drop(b) {
        // Dropped while the thread unwinds from another panic: before the fix,
        // the hook's panic escaped `Drop` during an unwind and aborted the
        // whole process.
        install_panicking_hook();
        let (drops, cleanups) = counters();
        HOOK_PANICS.with(|p| p.set(true));
        let r = catch_unwind(AssertUnwindSafe(|| {
            let mut g = body::on(b, At::Exit, drops.clone(), cleanups.clone());
            assert_eq!(g.next(), Some(1));
            panic!("first panic");
        }));
        // And not unwinding: dropping still does not panic.
        let mut g = body::on(b, At::Exit, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r2 = catch_unwind(AssertUnwindSafe(move || drop(g)));
        HOOK_PANICS.with(|p| p.set(false));
        assert_eq!(panic_text(r.unwrap_err()), "first panic");
        assert!(r2.is_ok(), "a panic escaped Drop");
        assert_eq!((drops.get(), cleanups.get()), (4, 2));
        assert_eq!(take_unraisable(), Vec::<String>::new(), "went to stderr instead");
    }
}

/// Stackless: the abandoned body's locals are dropped normally (no unwind),
/// so a panicking destructor is caught and reported.
#[test]
fn panic_destroying_an_abandoned_body_goes_to_the_hook() {
    take_unraisable();
    let (drops, cleanups) = counters();
    let mut g = stubborn::stackless(drops.clone(), cleanups.clone());
    assert_eq!(g.next(), Some(1));
    let r = catch_unwind(AssertUnwindSafe(move || drop(g)));
    assert!(r.is_ok(), "a panic escaped Drop");
    assert_eq!(
        take_unraisable(),
        [
            "generator ignored GeneratorExit",
            "panic: boom in a guard of an abandoned body"
        ]
    );
    assert_eq!((drops.get(), cleanups.get()), (1, 1));
}

#[test]
fn panic_destroying_an_abandoned_body_during_an_unwind_never_aborts() {
    take_unraisable();
    let (drops, cleanups) = counters();
    let r = catch_unwind(AssertUnwindSafe(|| {
        let mut g = stubborn::stackless(drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        panic!("first panic");
    }));
    assert_eq!(panic_text(r.unwrap_err()), "first panic");
    assert_eq!(
        take_unraisable(),
        [
            "generator ignored GeneratorExit",
            "panic: boom in a guard of an abandoned body"
        ]
    );
    assert_eq!((drops.get(), cleanups.get()), (1, 1));
}

/// Stackful: an abandoned body's stack is destroyed by a forced unwind, and a
/// destructor that panics during an unwind aborts the process (Rust's rule;
/// no `catch_unwind` can intercept it). Documented in `pygen::stackful`;
/// pinned here in a child process.
#[test]
fn stackful_panic_destroying_an_abandoned_body_aborts() {
    if std::env::var_os("PYGEN_PANICS_CHILD").is_some() {
        let (drops, cleanups) = counters();
        let mut g = stubborn::stackful(drops, cleanups);
        assert_eq!(g.next(), Some(1));
        drop(g);
        unreachable!("the process aborted");
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "stackful_panic_destroying_an_abandoned_body_aborts",
            "--nocapture",
        ])
        .env("PYGEN_PANICS_CHILD", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(6), "{stderr}");
    assert!(
        stderr.contains("boom in a guard of an abandoned body"),
        "{stderr}"
    );
    assert!(
        stderr.contains("panic in a destructor during cleanup"),
        "{stderr}"
    );
}

both! {
    fn dropping_a_created_generator_whose_captures_panic_drops_each_once(b) {
        let (drops, bombs) = counters();
        let g = bomb_holder(b, &drops, &bombs);
        assert_eq!(g.state(), GeneratorState::Created);
        check_dropping_captures_that_panic(g, &drops, &bombs);
    }

    fn dropping_a_generator_thrown_into_before_it_started_drops_each_once(b) {
        let (drops, bombs) = counters();
        let mut g = bomb_holder(b, &drops, &bombs);
        assert_eq!(g.throw("oops"), Err(Error::Raised("oops")));
        assert_eq!(g.state(), GeneratorState::Closed);
        assert_eq!((drops.get(), bombs.get()), (0, 0), "not yet dropped");
        check_dropping_captures_that_panic(g, &drops, &bombs);
    }

    fn a_generator_whose_captures_panic_is_dropped_once_after_it_ran(b) {
        let (drops, bombs) = counters();
        let mut g = bomb_holder(b, &drops, &bombs);
        assert_eq!(g.next(), Some(13));
        // Closing runs the body to its end; the bomb goes off on the way out.
        let r = catch_unwind(AssertUnwindSafe(|| g.close()));
        assert_eq!(panic_text(r.expect_err("the panic reaches the caller")), "boom dropping a capture");
        assert_eq!(g.state(), GeneratorState::Closed);
        assert_eq!((drops.get(), bombs.get()), (1, 1));
        drop(g);
        assert_eq!((drops.get(), bombs.get()), (1, 1), "no double drop");
        assert_eq!(take_unraisable(), Vec::<String>::new());
    }

    fn a_suspended_generator_whose_captures_panic_on_the_way_out_is_dropped_and_reported(b) {
        take_unraisable();
        let (drops, bombs) = counters();
        let mut g = bomb_holder(b, &drops, &bombs);
        assert_eq!(g.next(), Some(13));
        // The drop closes it; the bomb goes off as the body ends: reported,
        // never raised out of `Drop`.
        let r = catch_unwind(AssertUnwindSafe(move || drop(g)));
        assert!(r.is_ok(), "a panic escaped Drop");
        assert_eq!(take_unraisable(), ["panic: boom dropping a capture"]);
        assert_eq!((drops.get(), bombs.get()), (1, 1), "each capture dropped once");
    }
}

/// Catches the GeneratorExit of its close and then delegates to `body`,
/// which panics at its start: the close destroys the whole chain.
#[pygen::generator]
fn delegates_while_closing(
    b: pygen::Backend,
    drops: std::rc::Rc<std::cell::Cell<u32>>,
    cleanups: std::rc::Rc<std::cell::Cell<u32>>,
) -> impl Generator<Item = u32, Send = u32, Error = &'static str> {
    let _local = fixtures::DetectDrop(drops.clone());
    if let Err(Error::GeneratorExit) = yield 1 {
        yield_from!(body::on(b, At::Start, drops, cleanups))?;
    }
    Ok(())
}

both! {
    fn a_panic_in_a_yield_from_entered_while_dropping_goes_to_the_hook(b) {
        take_unraisable();
        let (drops, cleanups) = counters();
        let mut g = delegates_while_closing::on(b, b, drops.clone(), cleanups.clone());
        assert_eq!(g.next(), Some(1));
        let r = catch_unwind(AssertUnwindSafe(move || drop(g)));
        assert!(r.is_ok(), "a panic escaped Drop");
        assert_eq!(take_unraisable(), ["panic: boom at start"]);
        // The delegator's local and the sub's first local, each once.
        assert_eq!(drops.get(), 2);
        assert_eq!(cleanups.get(), 1, "the sub's finally guard ran");
    }
}
