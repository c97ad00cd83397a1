//! A shared handle, the one way to reach a generator while it runs (rule R17).

use crate::{Error, GenResult, Generator, GeneratorState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A cloneable handle to one generator, like a Python reference.
///
/// Resuming needs `&mut`, so with plain ownership a generator can never be
/// resumed while it runs. Through `Shared`, a body can hold a handle to its
/// own generator (or a delegator's); then a re-entrant call reports
/// [`Error::AlreadyExecuting`] and [`state`](Generator::state) reports
/// [`GeneratorState::Running`], exactly as in CPython — never a panic.
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{Error, Generator, GeneratorState, Shared, Stackful};
/// use std::{cell::RefCell, rc::Rc};
///
/// let slot: Rc<RefCell<Option<Shared<Stackful<i32>>>>> = Rc::default();
/// let inside = slot.clone();
/// let g = Shared::new(Stackful::new(move |co| {
///     let me = inside.borrow().clone().unwrap();
///     assert_eq!(me.state(), GeneratorState::Running);
///     assert_eq!(me.clone().resume(), Err(Error::AlreadyExecuting));
///     co.yield_(1)?;
///     Ok(())
/// }));
/// *slot.borrow_mut() = Some(g.clone());
/// assert_eq!(g.clone().next(), Some(1));
/// # slot.borrow_mut().take();
/// # }
/// ```
pub struct Shared<G> {
    inner: Rc<RefCell<G>>,
    // Set when this handle's `Iterator::next` found the generator running.
    reentered: Cell<bool>,
}

impl<G: std::fmt::Debug> std::fmt::Debug for Shared<G> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.inner.try_borrow() {
            Ok(g) => f.debug_tuple("Shared").field(&*g).finish(),
            Err(_) => f.write_str("Shared(<running>)"),
        }
    }
}

impl<G> Shared<G> {
    /// Shares `generator`. Every clone is a handle to the same generator, as
    /// two Python names bound to one generator object are.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Generator, GeneratorState, Outcome, Shared, Stackful};
    ///
    /// // a = gen(); b = a
    /// let mut a = Shared::new(Stackful::<i32>::new(|co| {
    ///     co.yield_(1)?;
    ///     co.yield_(2)?;
    ///     Ok(())
    /// }));
    /// let mut b = a.clone();
    /// assert_eq!(a.resume(), Ok(Outcome::Yielded(1))); // next(a) == 1
    /// assert_eq!(b.resume(), Ok(Outcome::Yielded(2))); // next(b) == 2: the same generator
    /// assert_eq!(b.close(), Ok(None));
    /// assert_eq!(a.state(), GeneratorState::Closed);
    /// # }
    /// ```
    pub fn new(generator: G) -> Self {
        Shared {
            inner: Rc::new(RefCell::new(generator)),
            reentered: Cell::new(false),
        }
    }
}

impl<G> Clone for Shared<G> {
    fn clone(&self) -> Self {
        Shared {
            inner: self.inner.clone(),
            reentered: Cell::new(false),
        }
    }
}

impl<G: Generator> Shared<G> {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut G) -> Result<T, Error<G::Error>>,
    ) -> Result<T, Error<G::Error>> {
        match self.inner.try_borrow_mut() {
            Ok(mut g) => f(&mut g),
            Err(_) => Err(Error::AlreadyExecuting),
        }
    }
}

impl<G: Generator> Iterator for Shared<G> {
    type Item = G::Item;

    fn next(&mut self) -> Option<G::Item> {
        match self.inner.try_borrow_mut() {
            Ok(mut g) => g.next(),
            Err(_) => {
                self.reentered.set(true);
                None
            }
        }
    }
}

impl<G: Generator> Generator for Shared<G> {
    type Send = G::Send;
    type Return = G::Return;
    type Error = G::Error;

    fn resume(&mut self) -> GenResult<G::Item, G::Return, G::Error> {
        self.with(|g| g.resume())
    }
    fn send(&mut self, value: G::Send) -> GenResult<G::Item, G::Return, G::Error> {
        self.with(|g| g.send(value))
    }
    fn throw_error(&mut self, error: Error<G::Error>) -> GenResult<G::Item, G::Return, G::Error> {
        self.with(|g| g.throw_error(error))
    }
    fn close(&mut self) -> Result<Option<G::Return>, Error<G::Error>> {
        self.with(|g| g.close())
    }
    fn state(&self) -> GeneratorState {
        match self.inner.try_borrow() {
            Ok(g) => g.state(),
            Err(_) => GeneratorState::Running,
        }
    }
    fn take_completion(&mut self) -> Option<Result<G::Return, Error<G::Error>>> {
        if self.reentered.replace(false) {
            return Some(Err(Error::AlreadyExecuting));
        }
        self.inner.try_borrow_mut().ok()?.take_completion()
    }
}
