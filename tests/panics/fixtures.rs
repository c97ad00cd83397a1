//! The generators whose bodies panic, the drop counters that show a double
//! drop or a leak, and the checks the panic tests share.

use pygen::{Error, Generator, GeneratorState, Outcome, generator};
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Once;

/// Counts its drops (DetectDrop): a double drop or a leak shows in `count`.
pub(crate) struct DetectDrop(pub(crate) Rc<Cell<u32>>);

impl Drop for DetectDrop {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

thread_local! {
    pub(crate) static UNRAISABLE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// This thread's drop-hook reports since the last call.
pub(crate) fn take_unraisable() -> Vec<String> {
    pub(crate) static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        pygen::set_unraisable_hook(|u| UNRAISABLE.with(|v| v.borrow_mut().push(u.message.clone())))
    });
    UNRAISABLE.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

pub(crate) fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<&str>() {
        Ok(s) => (*s).to_owned(),
        Err(p) => *p.downcast::<String>().expect("a string payload"),
    }
}

/// Where the body panics.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum At {
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
pub(crate) fn body(
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

pub(crate) fn counters() -> (Rc<Cell<u32>>, Rc<Cell<u32>>) {
    (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)))
}

/// Checks the panic reached the caller with `text`, and that the generator
/// is Closed with everything dropped once (`locals` of them).
pub(crate) fn check_closed_after_panic<G: Generator<Item = u32>>(
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

#[generator]
pub(crate) fn delegator(
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
    pub(crate) static HOOK_PANICS: Cell<bool> = const { Cell::new(false) };
}

pub(crate) fn install_panicking_hook() {
    pub(crate) static INSTALL: Once = Once::new();
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

/// Ignores GeneratorExit (yields again when closed), with a cleanup guard
/// that panics: the panic comes when the suspended body is destroyed after
/// the failed close.
#[generator]
pub(crate) fn stubborn(
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

/// Counts its drop, then panics (once: a second drop would count 2).
pub(crate) struct Bomb(pub(crate) Rc<Cell<u32>>);

impl Drop for Bomb {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
        panic!("boom dropping a capture");
    }
}

/// A body that owns a `String` (heap memory: a double drop is a double free,
/// which AddressSanitizer reports), a counted value and a `Bomb`.
#[generator]
pub(crate) fn holds_a_bomb(
    text: String,
    local: DetectDrop,
    bomb: Bomb,
) -> impl Generator<Item = usize, Send = u32, Error = &'static str> {
    let _keep = (local, bomb);
    (yield text.len())?;
    Ok(())
}

/// A `holds_a_bomb` generator on `backend`, counting into `drops` and `bombs`.
pub(crate) fn bomb_holder(
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
pub(crate) fn check_dropping_captures_that_panic<G>(g: G, drops: &Cell<u32>, bombs: &Cell<u32>) {
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
