//! The caller's side: one trait for every generator, whichever backend runs it.

use crate::Error;
use std::fmt;

/// What a paused `yield` evaluates to inside a body.
///
/// - `Ok(None)`: the caller asked for the next value ([`Generator::resume`], or
///   `for`/[`Iterator::next`]); Python's `next(gen)`, which is `send(None)`.
/// - `Ok(Some(v))`: the caller [`send`](Generator::send)s `v`.
/// - `Err(e)`: the caller [`throw`](Generator::throw)s `e`, or
///   [`close`](Generator::close)s the generator (`Err(Error::GeneratorExit)`).
///
/// So `let x = (yield v)?;` is Python's `x = yield v` with exceptions propagating.
pub type Resume<S, E> = Result<Option<S>, Error<E>>;

/// What `resume`, `send` and `throw` report: an [`Outcome`] or an [`Error`].
pub type GenResult<Y, R, E> = Result<Outcome<Y, R>, Error<E>>;

/// The three ways a resuming call can end without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome<Y, R> {
    /// The body paused at `yield v` (Python: the call returned `v`).
    Yielded(Y),
    /// The body returned `r` (Python: `StopIteration(r)`). Reported once; the
    /// generator is Closed afterwards.
    Returned(R),
    /// The generator was already Closed: nothing ran (Python: a bare `StopIteration`).
    Exhausted,
}

impl<Y, R> Outcome<Y, R> {
    /// The yielded value, if the body yielded.
    pub fn yielded(self) -> Option<Y> {
        match self {
            Outcome::Yielded(y) => Some(y),
            _ => None,
        }
    }

    /// The return value, if the body returned.
    pub fn returned(self) -> Option<R> {
        match self {
            Outcome::Returned(r) => Some(r),
            _ => None,
        }
    }
}

/// The four states of Python's `inspect.getgeneratorstate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeneratorState {
    /// Created, no body code has run yet (`GEN_CREATED`).
    Created,
    /// Currently executing (`GEN_RUNNING`). Only observable through a
    /// [`Shared`](crate::Shared) handle, since resuming needs `&mut`.
    Running,
    /// Paused at a `yield` (`GEN_SUSPENDED`).
    Suspended,
    /// Returned, raised, or closed (`GEN_CLOSED`). Nothing will run again.
    Closed,
}

impl fmt::Display for GeneratorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GeneratorState::Created => "Created",
            GeneratorState::Running => "Running",
            GeneratorState::Suspended => "Suspended",
            GeneratorState::Closed => "Closed",
        })
    }
}

/// A Python generator, seen from its caller. Implemented by both backends
/// ([`Stackless`](crate::Stackless), [`Stackful`](crate::Stackful)), by
/// [`Shared`](crate::Shared), `&mut G` and `Box<G>`; usable as a trait object:
///
/// ```
/// # use pygen::{Generator, Outcome, Error};
/// # use std::convert::Infallible;
/// fn drain(g: &mut dyn Generator<Item = i32, Send = (), Return = &'static str, Error = Infallible>)
///     -> Vec<i32>
/// {
///     let mut out = vec![];
///     while let Ok(Outcome::Yielded(v)) = g.resume() {
///         out.push(v);
///     }
///     out
/// }
/// # #[cfg(feature = "stackful")] {
/// let mut g = pygen::Stackful::new(|co| {
///     co.yield_(1)?;
///     co.yield_(2)?;
///     Ok("done")
/// });
/// assert_eq!(drain(&mut g), [1, 2]);
/// # }
/// ```
///
/// The yield type is the [`Iterator::Item`]: a generator *is* an iterator of its
/// values. Python's `next(gen)` is [`resume`](Generator::resume) (the full
/// outcome) or [`Iterator::next`] (just the value; see [`Generator::take_completion`]
/// for what ended the iteration).
pub trait Generator: Iterator {
    /// The type of the values the caller can [`send`](Generator::send) in.
    type Send;
    /// The type the body returns (Python: `StopIteration.value`).
    type Return;
    /// The body's own error type (carried by [`Error::Raised`]).
    type Error: fmt::Debug;

    /// Python's `next(gen)`, i.e. `gen.send(None)`: runs to the next `yield`
    /// (rule R2). A Created generator starts; a Closed one reports
    /// [`Outcome::Exhausted`] and runs nothing (R4).
    fn resume(&mut self) -> GenResult<Self::Item, Self::Return, Self::Error>;

    /// Python's `gen.send(value)`: the paused `yield` evaluates to `Ok(Some(value))`.
    /// On a Created generator this is [`Error::SendToJustStarted`] and the
    /// generator stays Created (R5); on a Closed one, [`Outcome::Exhausted`].
    fn send(&mut self, value: Self::Send) -> GenResult<Self::Item, Self::Return, Self::Error>;

    /// Python's `gen.throw(error)`: raises [`Error::Raised`]`(error)` at the
    /// paused `yield` (R6). On a Created generator it raises before any body
    /// code runs and Closes it (R7); on a Closed one it raises at once (R8).
    fn throw(&mut self, error: Self::Error) -> GenResult<Self::Item, Self::Return, Self::Error> {
        self.throw_error(Error::Raised(error))
    }

    /// [`throw`](Generator::throw) for any [`Error`], e.g. `Error::GeneratorExit`.
    fn throw_error(
        &mut self,
        error: Error<Self::Error>,
    ) -> GenResult<Self::Item, Self::Return, Self::Error>;

    /// Python's `gen.close()` (R10–R14): raises `GeneratorExit` at the paused
    /// `yield` and lets the body clean up. `Ok(Some(r))` if the body returned
    /// `r` while closing (CPython 3.13), `Ok(None)` otherwise;
    /// [`Error::IgnoredGeneratorExit`] if the body yielded instead (it stays
    /// Suspended); any other error the body raised while closing.
    fn close(&mut self) -> Result<Option<Self::Return>, Error<Self::Error>>;

    /// Python's `inspect.getgeneratorstate(gen)`.
    fn state(&self) -> GeneratorState;

    /// How the last [`Iterator::next`] call ended the iteration, once:
    /// `Some(Ok(r))` if the body returned `r`, `Some(Err(e))` if it raised `e`,
    /// `None` if the iteration has not ended through `next` (or this was taken).
    ///
    /// `Iterator::next` can only say `None` at the end; this is where the
    /// return value and any error go. An error that is never taken is reported
    /// through the [unraisable hook](crate::set_unraisable_hook) when the
    /// generator is dropped, so it is never lost silently. To see errors in the
    /// loop itself, iterate over [`try_iter`](Generator::try_iter) instead.
    fn take_completion(&mut self) -> Option<Result<Self::Return, Error<Self::Error>>>;

    /// The generator's name, for reports and [`Frame`](crate::Frame)s: the
    /// path of its body (for a `#[generator]` fn,
    /// `my_crate::numbers::stackless`). By default the type's name.
    fn name(&self) -> &'static str {
        std::any::type_name::<Self>()
    }

    /// Python's `gi_yieldfrom`: what this generator is delegating to while it
    /// is suspended inside `yield from` (the sub's name and state), `None`
    /// otherwise. [`delegation_chain`](Generator::delegation_chain) gives the
    /// whole chain.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Frame, Generator, GeneratorState, Stackful, iter};
    ///
    /// fn inner() -> Stackful<u32> {
    ///     Stackful::new(|co| co.yield_from(iter(1..3)))
    /// }
    /// let mut g = Stackful::<u32>::new(|co| {
    ///     co.yield_from(inner())?;
    ///     Ok(())
    /// });
    /// assert_eq!(g.yielding_from(), None); // not started
    /// assert_eq!(g.next(), Some(1));
    /// let chain = g.delegation_chain(); // outer → inner
    /// assert_eq!(chain.len(), 2);
    /// assert_eq!(chain[0].state, Some(GeneratorState::Suspended)); // inner()
    /// assert_eq!(chain[1], Frame { name: "Range<u32>".into(), state: None });
    /// assert_eq!(g.yielding_from(), Some(chain[0].clone()));
    /// assert_eq!(g.by_ref().count(), 1);
    /// assert_eq!(g.yielding_from(), None); // done
    /// # }
    /// ```
    fn yielding_from(&self) -> Option<crate::Frame> {
        self.delegation_chain().into_iter().next()
    }

    /// Every level this generator delegates to, outer → inner: its own sub
    /// first, the innermost last. Empty when it is not inside `yield from`.
    fn delegation_chain(&self) -> Vec<crate::Frame> {
        Vec::new()
    }

    #[doc(hidden)]
    /// For a `yield from` driver: the id of the slot a pygen generator's
    /// body delegates through, if it does. `None` for anything else (such a
    /// generator is then never bypassed by a driver).
    fn __pygen_delegating(&self) -> Option<u32> {
        None
    }

    #[doc(hidden)]
    /// After a panic inside a `yield from` chain: destroy the body now and
    /// stay Closed. Nothing for generators that are not pygen's.
    fn __pygen_abandon(&mut self) {}

    /// An iterator of `Result<value, Error>` that ends after the first error:
    /// `for v in gen.try_iter() { let v = v?; ... }`.
    fn try_iter(&mut self) -> TryIter<'_, Self>
    where
        Self: Sized,
    {
        TryIter { generator: self }
    }
}

/// Iterator of `Result`s over a generator, see [`Generator::try_iter`].
#[derive(Debug)]
pub struct TryIter<'a, G: ?Sized> {
    generator: &'a mut G,
}

impl<G: Generator + ?Sized> Iterator for TryIter<'_, G> {
    type Item = Result<G::Item, Error<G::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.generator.resume() {
            Ok(Outcome::Yielded(v)) => Some(Ok(v)),
            Ok(Outcome::Returned(_) | Outcome::Exhausted) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

macro_rules! forward_generator {
    ($($ty:ty),*) => {$(
        impl<G: Generator + ?Sized> Generator for $ty {
            type Send = G::Send;
            type Return = G::Return;
            type Error = G::Error;

            fn resume(&mut self) -> GenResult<G::Item, G::Return, G::Error> {
                (**self).resume()
            }
            fn send(&mut self, value: G::Send) -> GenResult<G::Item, G::Return, G::Error> {
                (**self).send(value)
            }
            fn throw_error(&mut self, error: Error<G::Error>) -> GenResult<G::Item, G::Return, G::Error> {
                (**self).throw_error(error)
            }
            fn close(&mut self) -> Result<Option<G::Return>, Error<G::Error>> {
                (**self).close()
            }
            fn state(&self) -> GeneratorState {
                (**self).state()
            }
            fn take_completion(&mut self) -> Option<Result<G::Return, Error<G::Error>>> {
                (**self).take_completion()
            }
            fn name(&self) -> &'static str {
                (**self).name()
            }
            fn delegation_chain(&self) -> Vec<crate::Frame> {
                (**self).delegation_chain()
            }
            fn __pygen_delegating(&self) -> Option<u32> {
                (**self).__pygen_delegating()
            }
            fn __pygen_abandon(&mut self) {
                (**self).__pygen_abandon()
            }
        }
    )*};
}

forward_generator!(&mut G, Box<G>);

/// Python's `next(iterator)` inside a body: the next item, or
/// [`Error::StopIteration`] when the iterator is exhausted. If that error escapes
/// the body, the caller sees [`Error::RaisedStopIteration`] (rule R18).
pub fn next_or_stop<I: Iterator, E>(iter: &mut I) -> Result<I::Item, Error<E>> {
    iter.next().ok_or(Error::StopIteration)
}
