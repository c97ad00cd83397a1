//! The caller's side: one trait for every generator, whichever backend runs it.

mod forward;
mod next;
mod outcome;

pub use next::{NextOrStop, TryIter, next_or_stop};
pub use outcome::{GenResult, GeneratorState, Outcome, Resume};

use crate::Error;
use crate::delegate::chain::{SubStep, YieldFrom};
use std::fmt;

/// A Python generator, seen from its caller. Implemented by both backends
/// ([`Stackless`](crate::Stackless), [`Stackful`](crate::Stackful)), by
/// [`Shared`](crate::Shared), `&mut G` and `Box<G>`; usable as a trait object:
///
/// ```
/// # use pygen::{Generator, Outcome};
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
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Generator, GeneratorState, Outcome, Stackful};
    ///
    /// // def one():
    /// //     yield 1
    /// //     return "done"
    /// let mut g = Stackful::<i32, (), &str>::new(|co| {
    ///     co.yield_(1)?;
    ///     Ok("done")
    /// });
    /// assert_eq!(g.resume(), Ok(Outcome::Yielded(1))); // next(g) == 1
    /// assert_eq!(g.resume(), Ok(Outcome::Returned("done"))); // StopIteration('done')
    /// assert_eq!(g.state(), GeneratorState::Closed);
    /// assert_eq!(g.resume(), Ok(Outcome::Exhausted)); // StopIteration(), every time
    /// # }
    /// ```
    fn resume(&mut self) -> GenResult<Self::Item, Self::Return, Self::Error>;

    /// Python's `gen.send(value)`: the paused `yield` evaluates to `Ok(Some(value))`.
    /// On a Created generator this is [`Error::SendToJustStarted`] and the
    /// generator stays Created (R5); on a Closed one, [`Outcome::Exhausted`].
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, GeneratorState, Outcome, Stackful};
    ///
    /// // def echo():
    /// //     x = yield "ready"
    /// //     return x
    /// let mut g = Stackful::<&str, &str, Option<&str>>::new(|co| {
    ///     let x = co.yield_("ready")?;
    ///     Ok(x)
    /// });
    /// // g.send("hi") -> TypeError: can't send non-None value to a just-started generator
    /// let err = g.send("hi").unwrap_err();
    /// assert_eq!(err, Error::SendToJustStarted);
    /// assert_eq!(err.to_string(), "can't send non-None value to a just-started generator");
    /// assert_eq!(g.state(), GeneratorState::Created); // still usable
    ///
    /// assert_eq!(g.resume(), Ok(Outcome::Yielded("ready")));
    /// assert_eq!(g.send("hi"), Ok(Outcome::Returned(Some("hi")))); // StopIteration('hi')
    /// assert_eq!(g.send("again"), Ok(Outcome::Exhausted));
    /// # }
    /// ```
    fn send(&mut self, value: Self::Send) -> GenResult<Self::Item, Self::Return, Self::Error>;

    /// Python's `gen.throw(error)`: raises [`Error::Raised`]`(error)` at the
    /// paused `yield` (R6). On a Created generator it raises before any body
    /// code runs and Closes it (R7); on a Closed one it raises at once (R8).
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, GeneratorState, Outcome, Stackful};
    ///
    /// // def careful():
    /// //     try:
    /// //         yield 1
    /// //     except ValueError as e:
    /// //         yield f"caught {e}"
    /// let careful = || {
    ///     Stackful::<String, (), (), String>::new(|co| {
    ///         match co.yield_("1".to_string()) {
    ///             Err(Error::Raised(e)) => co.yield_(format!("caught {e}"))?,
    ///             other => other?,
    ///         };
    ///         Ok(())
    ///     })
    /// };
    /// let mut g = careful();
    /// g.next();
    /// // g.throw(ValueError("bad")) == "caught bad"
    /// assert_eq!(g.throw("bad".into()), Ok(Outcome::Yielded("caught bad".into())));
    ///
    /// // Into a Created generator: raised before the body runs; the generator is Closed.
    /// let mut g = careful();
    /// assert_eq!(g.throw("early".into()), Err(Error::Raised("early".into())));
    /// assert_eq!(g.state(), GeneratorState::Closed);
    /// # }
    /// ```
    fn throw(&mut self, error: Self::Error) -> GenResult<Self::Item, Self::Return, Self::Error> {
        self.throw_error(Error::Raised(error))
    }

    /// [`throw`](Generator::throw) for any [`Error`], e.g. `Error::GeneratorExit`.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, GeneratorState, Stackful};
    ///
    /// let mut g = Stackful::<i32>::new(|co| {
    ///     co.yield_(1)?;
    ///     co.yield_(2)?;
    ///     Ok(())
    /// });
    /// g.next();
    /// // g.throw(GeneratorExit) -> GeneratorExit comes back out; the generator is closed
    /// assert_eq!(g.throw_error(Error::GeneratorExit), Err(Error::GeneratorExit));
    /// assert_eq!(g.state(), GeneratorState::Closed);
    /// # }
    /// ```
    fn throw_error(
        &mut self,
        error: Error<Self::Error>,
    ) -> GenResult<Self::Item, Self::Return, Self::Error>;

    /// Python's `gen.close()` (R10–R14): raises `GeneratorExit` at the paused
    /// `yield` and lets the body clean up. `Ok(Some(r))` if the body returned
    /// `r` while closing (CPython 3.13), `Ok(None)` otherwise;
    /// [`Error::IgnoredGeneratorExit`] if the body yielded instead (it stays
    /// Suspended); any other error the body raised while closing.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, GeneratorState, Stackful};
    ///
    /// // def polite():
    /// //     try:
    /// //         yield 1
    /// //     except GeneratorExit:
    /// //         return "bye"
    /// let mut g = Stackful::<i32, (), &str>::new(|co| match co.yield_(1) {
    ///     Err(Error::GeneratorExit) => Ok("bye"),
    ///     other => other.map(|_| "done"),
    /// });
    /// g.next();
    /// assert_eq!(g.close(), Ok(Some("bye"))); // CPython 3.13: g.close() == "bye"
    /// assert_eq!(g.state(), GeneratorState::Closed);
    /// assert_eq!(g.close(), Ok(None)); // closing again does nothing
    ///
    /// // def stubborn():
    /// //     while True:
    /// //         try:
    /// //             yield 1
    /// //         except GeneratorExit:
    /// //             pass
    /// let mut g = Stackful::<i32>::new(|co| loop {
    ///     let _ = co.yield_(1);
    /// });
    /// g.next();
    /// // g.close() -> RuntimeError: generator ignored GeneratorExit
    /// let err = g.close().unwrap_err();
    /// assert_eq!(err, Error::IgnoredGeneratorExit);
    /// assert_eq!(err.to_string(), "generator ignored GeneratorExit");
    /// assert_eq!(g.state(), GeneratorState::Suspended);
    /// # }
    /// ```
    fn close(&mut self) -> Result<Option<Self::Return>, Error<Self::Error>>;

    /// Python's `inspect.getgeneratorstate(gen)`.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Generator, GeneratorState, Stackful};
    ///
    /// let mut g = Stackful::<i32>::new(|co| {
    ///     co.yield_(1)?;
    ///     Ok(())
    /// });
    /// assert_eq!(g.state(), GeneratorState::Created); // GEN_CREATED
    /// g.next();
    /// assert_eq!(g.state(), GeneratorState::Suspended); // GEN_SUSPENDED
    /// g.next();
    /// assert_eq!(g.state(), GeneratorState::Closed); // GEN_CLOSED
    /// # }
    /// ```
    ///
    /// `Running` (`GEN_RUNNING`) is seen from inside the body, through a
    /// [`Shared`](crate::Shared) handle (see its example).
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
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, Stackful};
    ///
    /// // def numbers():
    /// //     yield 1
    /// //     yield 2
    /// //     return "sum: 3"
    /// let mut g = Stackful::<i32, (), &str>::new(|co| {
    ///     co.yield_(1)?;
    ///     co.yield_(2)?;
    ///     Ok("sum: 3")
    /// });
    /// let mut seen = vec![];
    /// for v in &mut g {
    ///     seen.push(v);
    /// }
    /// assert_eq!(seen, [1, 2]);
    /// assert_eq!(g.take_completion(), Some(Ok("sum: 3"))); // the StopIteration's value
    /// assert_eq!(g.take_completion(), None); // taken once
    ///
    /// // A body that raises: the loop ends, the error waits here.
    /// let mut g = Stackful::<i32, (), (), &str>::new(|co| {
    ///     co.yield_(1)?;
    ///     pygen::raise("broken")
    /// });
    /// assert_eq!(g.by_ref().collect::<Vec<_>>(), [1]);
    /// assert_eq!(g.take_completion(), Some(Err(Error::Raised("broken"))));
    /// # }
    /// ```
    fn take_completion(&mut self) -> Option<Result<Self::Return, Error<Self::Error>>>;

    /// The generator's name in reports: its body's path (Python's
    /// `__qualname__`), or the type's name for other generators.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Generator, Stackful};
    ///
    /// fn count_x() -> impl Generator<Item = i32> {
    ///     Stackful::<i32>::new(|co| {
    ///         co.yield_(1)?;
    ///         Ok(())
    ///     })
    /// }
    /// assert!(count_x().name().contains("count_x"));
    /// # }
    /// ```
    fn name(&self) -> &'static str {
        std::any::type_name::<Self>()
    }

    /// Python's `gen.gi_yieldfrom`, for the whole chain: what this generator
    /// delegates to while it is suspended inside `yield from`, outer →
    /// inner (each sub's name and state; `state` is `None` for a plain
    /// iterator). Empty when it is not delegating.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Generator, GeneratorState, Stackful};
    ///
    /// fn leaf() -> Stackful<i32> {
    ///     Stackful::new(|co| {
    ///         co.yield_(1)?;
    ///         Ok(())
    ///     })
    /// }
    /// fn middle() -> Stackful<i32, (), Option<()>> {
    ///     Stackful::new(|co| co.yield_from(leaf()))
    /// }
    /// let mut outer = Stackful::<i32, (), Option<Option<()>>>::new(|co| co.yield_from(middle()));
    /// assert!(outer.delegation_chain().is_empty()); // not started
    /// assert_eq!(outer.next(), Some(1));
    /// let chain = outer.delegation_chain();
    /// assert_eq!(chain.len(), 2);
    /// assert!(chain[0].name.contains("middle") && chain[1].name.contains("leaf"));
    /// assert_eq!(chain[1].state, Some(GeneratorState::Suspended));
    /// assert_eq!(outer.yielding_from(), Some(chain[0]));
    /// assert_eq!(outer.next(), None);
    /// assert!(outer.delegation_chain().is_empty());
    /// # }
    /// ```
    fn delegation_chain(&self) -> Vec<YieldFrom> {
        Vec::new()
    }

    /// Python's `gen.gi_yieldfrom`: the first level of
    /// [`delegation_chain`](Generator::delegation_chain), or `None`.
    fn yielding_from(&self) -> Option<YieldFrom> {
        self.delegation_chain().first().copied()
    }

    #[doc(hidden)]
    fn __gen_chain_step(
        &mut self,
        arg: Resume<Self::Send, Self::Error>,
    ) -> SubStep<Self::Item, Self::Send, Self::Error, Option<Self::Return>> {
        match crate::delegate::opaque_step(self, arg) {
            crate::RawStep::Yielded(y) => SubStep::Yielded(y),
            crate::RawStep::Complete(done) => SubStep::Done(done),
        }
    }

    #[doc(hidden)]
    fn __gen_chain_deliver(
        &mut self,
        closing: bool,
    ) -> SubStep<Self::Item, Self::Send, Self::Error, Option<Self::Return>> {
        let _ = closing;
        unreachable!("pygen: only a sub that entered a yield from is resumed after it")
    }

    #[doc(hidden)]
    fn __gen_chain_abandon(&mut self) {}

    /// The next value as a `Result`, for consuming an upstream generator
    /// inside a body: `Ok(Some(v))` when it yields `v`, `Ok(None)` when it
    /// has finished (its return value is dropped; use
    /// [`resume`](Generator::resume) to keep it), `Err(e)` when it raises.
    /// `while let Some(v) = upstream.try_next()? { .. }` is Python's
    /// `for v in upstream:`, with the upstream's error propagating at that
    /// point; `for v in upstream` would end quietly on an error instead (it
    /// goes to [`take_completion`](Generator::take_completion)).
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, Stackful};
    /// let mut up = Stackful::<i32, (), (), &str>::new(|co| {
    ///     co.yield_(1)?;
    ///     Err(Error::Raised("bad row"))
    /// });
    /// assert_eq!(up.try_next(), Ok(Some(1)));
    /// assert_eq!(up.try_next(), Err(Error::Raised("bad row")));
    /// assert_eq!(up.try_next(), Ok(None));
    /// # }
    /// ```
    fn try_next(&mut self) -> Result<Option<Self::Item>, Error<Self::Error>> {
        match self.resume()? {
            Outcome::Yielded(v) => Ok(Some(v)),
            Outcome::Returned(_) | Outcome::Exhausted => Ok(None),
        }
    }

    /// An iterator of `Result<value, Error>` that ends after the first error:
    /// `for v in gen.try_iter() { let v = v?; ... }`.
    ///
    /// ```
    /// # #[cfg(feature = "stackful")] {
    /// use pygen::{Error, Generator, Stackful};
    ///
    /// let mut g = Stackful::<i32, (), (), &str>::new(|co| {
    ///     co.yield_(1)?;
    ///     co.yield_(2)?;
    ///     pygen::raise("broken")
    /// });
    /// // for v in g: ...  gives 1, 2, then raises in the loop
    /// let all: Vec<_> = g.try_iter().collect();
    /// assert_eq!(all, [Ok(1), Ok(2), Err(Error::Raised("broken"))]);
    /// // Or stop at the first error with `?`:
    /// let mut g = Stackful::<i32, (), (), &str>::new(|co| {
    ///     co.yield_(1)?;
    ///     pygen::raise("broken")
    /// });
    /// let sum: Result<i32, _> = g.try_iter().sum();
    /// assert_eq!(sum, Err(Error::Raised("broken")));
    /// # }
    /// ```
    fn try_iter(&mut self) -> TryIter<'_, Self>
    where
        Self: Sized,
    {
        TryIter { generator: self }
    }
}
