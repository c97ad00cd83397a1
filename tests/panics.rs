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

use pygen::{Error, Generator, GeneratorState, Outcome, generator};
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Once;

use pygen_support::test_both as both;

/// Counts its drops (DetectDrop): a double drop or a leak shows in `count`.
struct DetectDrop(Rc<Cell<u32>>);

impl Drop for DetectDrop {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

thread_local! {
    static UNRAISABLE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// This thread's drop-hook reports since the last call.
fn take_unraisable() -> Vec<String> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        pygen::set_unraisable_hook(|u| UNRAISABLE.with(|v| v.borrow_mut().push(u.message.clone())))
    });
    UNRAISABLE.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<&str>() {
        Ok(s) => (*s).to_owned(),
        Err(p) => *p.downcast::<String>().expect("a string payload"),
    }
}

/// Where the body panics.
#[derive(Clone, Copy, PartialEq, Debug)]
enum At {
    /// On the first resume, before any yield.
    Start,
    /// When resumed after its first yield (by next, send or throw).
    Resume,
    /// While handling the GeneratorExit of close/drop.
    Exit,
    /// In a `finally` guard run by close/drop.
    Finally,
}

#[generator]
fn body(
    at: At,
    drops: Rc<Cell<u32>>,
    cleanups: Rc<Cell<u32>>,
) -> impl Generator<Item = u32, Send = u32, Error = &'static str> {
    let _local = DetectDrop(drops.clone());
    let _cleanup = pygen::finally(move || {
        cleanups.set(cleanups.get() + 1);
        if at == At::Finally {
            panic!("boom in finally");
        }
    });
    if at == At::Start {
        panic!("boom at start");
    }
    let _local2 = DetectDrop(drops.clone());
    let resumed = yield 1;
    match resumed {
        Err(Error::GeneratorExit) if at == At::Exit => panic!("boom on exit"),
        Err(e) if at == At::Resume => panic!("boom on resume after {e:?}"),
        Ok(v) if at == At::Resume => panic!("boom on resume with {v:?}"),
        other => {
            other?;
        }
    }
    let _local3 = DetectDrop(drops);
    (yield 2)?;
    Ok(())
}

fn counters() -> (Rc<Cell<u32>>, Rc<Cell<u32>>) {
    (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)))
}

/// Checks the panic reached the caller with `text`, and that the generator
/// is Closed with everything dropped once (`locals` of them).
fn check_closed_after_panic<G: Generator<Item = u32>>(
    mut g: G,
    result: std::thread::Result<impl std::fmt::Debug>,
    text: &str,
    drops: &Cell<u32>,
    cleanups: &Cell<u32>,
    locals: u32,
) where
    G::Return: std::fmt::Debug + PartialEq,
    G::Error: PartialEq,
{
    let payload = result.expect_err("the panic reaches the caller");
    assert_eq!(panic_text(payload), text);
    assert_eq!(g.state(), GeneratorState::Closed);
    assert_eq!(drops.get(), locals, "every local dropped exactly once");
    assert_eq!(cleanups.get(), 1, "cleanup ran exactly once");
    // Closed for good: nothing runs again.
    assert_eq!(g.resume(), Ok(Outcome::Exhausted));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), GeneratorState::Closed);
    drop(g);
    assert_eq!(drops.get(), locals, "no double drop");
    assert_eq!(cleanups.get(), 1);
    assert_eq!(take_unraisable(), Vec::<String>::new(), "nothing to report");
}

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

#[generator]
fn delegator(
    sub: pygen::BoxGenerator<u32, u32, (), &'static str>,
    drops: Rc<Cell<u32>>,
    cleanups: Rc<Cell<u32>>,
) -> impl Generator<Item = u32, Send = u32, Error = &'static str> {
    let _local = DetectDrop(drops);
    let _cleanup = pygen::finally(move || cleanups.set(cleanups.get() + 1));
    yield_from!(sub)?;
    Ok(())
}

thread_local! {
    /// Makes this thread's drop-hook calls panic (see `a_panicking_hook_*`).
    static HOOK_PANICS: Cell<bool> = const { Cell::new(false) };
}

fn install_panicking_hook() {
    static INSTALL: Once = Once::new();
    take_unraisable(); // installs the recording hook first, then wraps it
    INSTALL.call_once(|| {
        pygen::set_unraisable_hook(|u| {
            if HOOK_PANICS.with(|p| p.get()) {
                panic!("the hook panics");
            }
            UNRAISABLE.with(|v| v.borrow_mut().push(u.message.clone()))
        })
    });
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

/// Ignores GeneratorExit (yields again when closed), with a cleanup guard
/// that panics: the panic comes when the suspended body is destroyed after
/// the failed close.
#[generator]
fn stubborn(
    drops: Rc<Cell<u32>>,
    cleanups: Rc<Cell<u32>>,
) -> impl Generator<Item = u32, Send = u32, Error = &'static str> {
    let _local = DetectDrop(drops);
    let _cleanup = pygen::finally(move || {
        cleanups.set(cleanups.get() + 1);
        panic!("boom in a guard of an abandoned body");
    });
    let _ = yield 1;
    let _ = yield 2;
    Ok(())
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

/// Counts its drop, then panics (once: a second drop would count 2).
struct Bomb(Rc<Cell<u32>>);

impl Drop for Bomb {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
        panic!("boom dropping a capture");
    }
}

/// A body that owns a `String` (heap memory: a double drop is a double free,
/// which AddressSanitizer reports), a counted value and a `Bomb`.
#[generator]
fn holds_a_bomb(
    text: String,
    local: DetectDrop,
    bomb: Bomb,
) -> impl Generator<Item = usize, Send = u32, Error = &'static str> {
    let _keep = (local, bomb);
    (yield text.len())?;
    Ok(())
}

/// A `holds_a_bomb` generator on `backend`, counting into `drops` and `bombs`.
fn bomb_holder(
    backend: pygen::Backend,
    drops: &Rc<Cell<u32>>,
    bombs: &Rc<Cell<u32>>,
) -> impl Generator<Item = usize, Send = u32, Return = (), Error = &'static str> {
    holds_a_bomb::on(
        backend,
        "a heap string".to_owned(),
        DetectDrop(drops.clone()),
        Bomb(bombs.clone()),
    )
}

/// Drops `g` (never started) and checks the bomb's panic came out of the drop,
/// as dropping the body's captures by hand would, with everything dropped once.
fn check_dropping_captures_that_panic<G>(g: G, drops: &Cell<u32>, bombs: &Cell<u32>) {
    take_unraisable();
    let r = catch_unwind(AssertUnwindSafe(move || drop(g)));
    assert_eq!(
        panic_text(r.expect_err("the panic propagates")),
        "boom dropping a capture"
    );
    assert_eq!(
        (drops.get(), bombs.get()),
        (1, 1),
        "every capture dropped exactly once"
    );
    assert_eq!(take_unraisable(), Vec::<String>::new());
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
}
