//! Consuming a generator inside a body: `next(it)` and a loop that sees errors.

use super::Generator;
use crate::{Delegate, Error, IterDelegate, Outcome, RawStep};

/// Iterator of `Result`s over a generator, see [`Generator::try_iter`](crate::Generator::try_iter).
///
/// It ends after the body returns (the return value is not an item) or after
/// the first error:
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{Generator, Stackful};
///
/// let mut g = Stackful::<char, (), &str>::new(|co| {
///     co.yield_('a')?;
///     Ok("ignored")
/// });
/// let mut it = g.try_iter();
/// assert_eq!(it.next(), Some(Ok('a')));
/// assert_eq!(it.next(), None);
/// # }
/// ```
#[derive(Debug)]
pub struct TryIter<'a, G: ?Sized> {
    pub(super) generator: &'a mut G,
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

/// Python's `next(it)` inside a body: the next value, or
/// [`Error::StopIteration`](crate::Error::StopIteration) when `it` is exhausted. If that error escapes the
/// body, the caller sees [`Error::RaisedStopIteration`](crate::Error::RaisedStopIteration) (rule R18): a stop
/// from an inner iterator is never mistaken for the generator's own return.
///
/// `it` is a generator of either backend (then its own errors propagate as
/// they are, as with Python's `next()`: what it raised, or
/// [`Error::AlreadyExecuting`](crate::Error::AlreadyExecuting) when a body advances itself through a
/// [`Shared`](crate::Shared) handle), or a plain iterator wrapped in
/// [`iter`](crate::iter) (Python's `next(iter(...))`).
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{Error, Generator, Stackful, next_or_stop};
///
/// let mut g = Stackful::<i32>::new(|co| {
///     let mut letters = pygen::iter(["a"]);
///     let first = next_or_stop(&mut letters)?;
///     co.yield_(first.len() as i32)?;
///     next_or_stop(&mut letters)?; // exhausted: StopIteration
///     Ok(())
/// });
/// assert_eq!(g.next(), Some(1));
/// assert_eq!(g.resume(), Err(Error::RaisedStopIteration));
/// # }
/// ```
pub fn next_or_stop<N, E>(it: &mut N) -> Result<N::Item, Error<E>>
where
    N: NextOrStop<E> + ?Sized,
{
    it.next_or_stop()
}

/// What [`next_or_stop`] can advance: every [`Generator`](crate::Generator), and a plain
/// iterator wrapped in [`iter`](crate::iter).
///
/// A plain iterator is not accepted as it is: `Iterator::next` cannot tell
/// a generator's error from its end, so a generator would lose its errors.
#[diagnostic::on_unimplemented(
    message = "`next_or_stop` needs a generator or `pygen::iter(..)`, not `{Self}`",
    note = "wrap a plain iterator: `next_or_stop(&mut pygen::iter(iterator))`"
)]
pub trait NextOrStop<E> {
    /// The values it produces.
    type Item;

    /// See [`next_or_stop`]; the method form:
    ///
    /// ```
    /// use pygen::{Error, NextOrStop};
    ///
    /// let mut it = pygen::iter([1]);
    /// assert_eq!(NextOrStop::<()>::next_or_stop(&mut it), Ok(1));
    /// assert_eq!(NextOrStop::<()>::next_or_stop(&mut it), Err(Error::StopIteration));
    /// ```
    fn next_or_stop(&mut self) -> Result<Self::Item, Error<E>>;
}

impl<G: Generator + ?Sized> NextOrStop<G::Error> for G {
    type Item = G::Item;

    fn next_or_stop(&mut self) -> Result<G::Item, Error<G::Error>> {
        match self.resume() {
            Ok(Outcome::Yielded(v)) => Ok(v),
            Ok(Outcome::Returned(_) | Outcome::Exhausted) => Err(Error::StopIteration),
            Err(e) => Err(e),
        }
    }
}

impl<I: Iterator, E> NextOrStop<E> for IterDelegate<I> {
    type Item = I::Item;

    fn next_or_stop(&mut self) -> Result<I::Item, Error<E>> {
        // A plain iterator's `yield from` step for a `next`.
        match Delegate::<(), E>::step(self, Ok(None)) {
            RawStep::Yielded(v) => Ok(v),
            RawStep::Complete(Ok(())) => Err(Error::StopIteration),
            RawStep::Complete(Err(e)) => Err(e),
        }
    }
}
