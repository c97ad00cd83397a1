//! Python's `try/finally`, spelled as a guard.

/// Runs `cleanup` when dropped: the Rust spelling of a `finally:` block.
///
/// Inside a body, a guard created before a `yield` runs its cleanup however
/// the body ends — a normal return, a `?` that propagates a thrown error or a
/// close (`GeneratorExit`), or the generator being dropped while suspended:
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{finally, Generator, Stackful};
/// use std::{cell::Cell, rc::Rc};
///
/// let cleaned = Rc::new(Cell::new(false));
/// let flag = cleaned.clone();
/// let mut numbers = Stackful::<i32>::new(move |co| {
///     let _cleanup = finally(move || flag.set(true)); // try:
///     co.yield_(10)?;
///     co.yield_(20)?;
///     co.yield_(30)?;
///     Ok(())
/// }); // finally: flag.set(true)
/// assert_eq!(numbers.next(), Some(10));
/// assert_eq!(numbers.next(), Some(20));
/// assert_eq!(numbers.close(), Ok(None));
/// assert!(cleaned.get());
/// # }
/// ```
///
/// A guard's cleanup cannot `yield`; where Python's `finally` yields (rule
/// R20), write the cleanup as ordinary code after a `match` on the result.
#[must_use = "the cleanup runs when the guard is dropped; bind it to a named variable like `_cleanup`"]
pub struct Finally<F: FnOnce()> {
    // Invariant: `Some` until `drop` runs the cleanup.
    cleanup: Option<F>,
}

impl<F: FnOnce()> std::fmt::Debug for Finally<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finally")
            .field("armed", &self.cleanup.is_some())
            .finish()
    }
}

/// Creates a [`Finally`] guard.
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{finally, Error, Generator, Stackful};
/// use std::{cell::RefCell, rc::Rc};
///
/// let log = Rc::new(RefCell::new(Vec::new()));
/// let body_log = log.clone();
/// // def g():
/// //     try:
/// //         yield 1
/// //     finally:
/// //         log.append("cleanup")
/// let mut g = Stackful::<i32, (), (), &str>::new(move |co| {
///     let _cleanup = finally(move || body_log.borrow_mut().push("cleanup"));
///     co.yield_(1)?;
///     Ok(())
/// });
/// g.next();
/// // g.throw(ValueError("boom")): the finally block runs, then the error comes out
/// assert_eq!(g.throw("boom"), Err(Error::Raised("boom")));
/// assert_eq!(*log.borrow(), ["cleanup"]);
/// # }
/// ```
pub fn finally<F: FnOnce()>(cleanup: F) -> Finally<F> {
    Finally {
        cleanup: Some(cleanup),
    }
}

impl<F: FnOnce()> Drop for Finally<F> {
    fn drop(&mut self) {
        if let Some(cleanup) = self.cleanup.take() {
            cleanup();
        }
    }
}
