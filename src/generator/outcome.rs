//! What a resuming call reports, and the states a generator goes through.

use crate::Error;
use std::fmt;

/// What a paused `yield` evaluates to inside a body.
///
/// - `Ok(None)`: the caller asked for the next value ([`Generator::resume`](crate::Generator::resume), or
///   `for`/[`Iterator::next`]); Python's `next(gen)`, which is `send(None)`.
/// - `Ok(Some(v))`: the caller [`send`](crate::Generator::send)s `v`.
/// - `Err(e)`: the caller [`throw`](crate::Generator::throw)s `e`, or
///   [`close`](crate::Generator::close)s the generator (`Err(Error::GeneratorExit)`).
///
/// So `let x = (yield v)?;` is Python's `x = yield v` with exceptions propagating.
pub type Resume<S, E> = Result<Option<S>, Error<E>>;

/// What `resume`, `send` and `throw` report: an [`Outcome`](crate::Outcome) or an [`Error`](crate::Error).
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
    ///
    /// ```
    /// use pygen::Outcome;
    ///
    /// assert_eq!(Outcome::<i32, &str>::Yielded(7).yielded(), Some(7));
    /// assert_eq!(Outcome::<i32, &str>::Returned("done").yielded(), None);
    /// ```
    pub fn yielded(self) -> Option<Y> {
        match self {
            Outcome::Yielded(y) => Some(y),
            _ => None,
        }
    }

    /// The return value, if the body returned.
    ///
    /// ```
    /// use pygen::Outcome;
    ///
    /// assert_eq!(Outcome::<i32, &str>::Returned("done").returned(), Some("done"));
    /// assert_eq!(Outcome::<i32, &str>::Exhausted.returned(), None);
    /// ```
    pub fn returned(self) -> Option<R> {
        match self {
            Outcome::Returned(r) => Some(r),
            _ => None,
        }
    }
}

/// The four states of Python's `inspect.getgeneratorstate`, as reported by
/// [`Generator::state`](crate::Generator::state) (see its example). `Display` gives the variant's name:
///
/// ```
/// use pygen::GeneratorState;
///
/// assert_eq!(GeneratorState::Suspended.to_string(), "Suspended");
/// ```
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
