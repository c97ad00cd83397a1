//! `yield from` (PEP 380), written once for both backends.
//!
//! A delegating body runs a loop (the stackless [`yield_from!`](crate::yield_from)
//! macro, the stackful [`Co::yield_from`](crate::Co::yield_from)) that feeds
//! every value it is resumed with to [`Delegate::step`] and yields what comes
//! back. `step` is where PEP 380's rules live:
//!
//! | the delegator receives | a generator sub | a plain iterator |
//! |---|---|---|
//! | `next` (`Ok(None)`) | `sub.resume()` (R21) | `iter.next()` |
//! | `send(v)` | `sub.send(v)` (R21) | [`Error::IteratorCannotSend`] raised in the delegator (R27) |
//! | `throw(e)` | `sub.throw_error(e)` (R24) | `e` raised in the delegator, iterator untouched (R27) |
//! | `close` / GeneratorExit | `sub.close()`, then GeneratorExit, or the close's error (R25, R26) | iterator dropped, then GeneratorExit |
//!
//! The sub's yields go to the caller; its return value `r` ends the loop with
//! `Ok(Some(r))` (R22) — `Ok(None)` if it was already exhausted (R29) — and its
//! errors end it with `Err(e)` at the `yield from`, where the delegator may
//! handle them (R23). Both kinds of sub work with delegators of both backends.

pub(crate) mod chain;

use crate::machine::RawStep;
use crate::{Error, Generator, Outcome, Resume};
use chain::{SubStep, YieldFrom};

/// Something a body can `yield from`: one step of delegation.
pub trait Delegate<S, E> {
    /// The values it yields (the delegator's yield type).
    type Yield;
    /// What the `yield from` evaluates to when it ends.
    type Output;

    /// Forwards one resume of the delegator (the first call always gets
    /// `Ok(None)`), reporting the sub's next value or the end of delegation.
    #[allow(clippy::type_complexity)]
    fn step(&mut self, arg: Resume<S, E>) -> RawStep<Self::Yield, Result<Self::Output, Error<E>>>;

    /// One step inside a `yield from` chain: like [`step`](Self::step), and
    /// a sub whose own body enters `yield from` hands its frame up.
    #[doc(hidden)]
    fn __chain_step(&mut self, arg: Resume<S, E>) -> SubStep<Self::Yield, S, E, Self::Output> {
        match self.step(arg) {
            RawStep::Yielded(y) => SubStep::Yielded(y),
            RawStep::Complete(done) => SubStep::Done(done),
        }
    }

    /// After the frame this sub handed up ended: resumes the sub's body
    /// (`closing`: the chain is being closed). Called only after
    /// [`__chain_step`](Self::__chain_step) reported `Entered`.
    #[doc(hidden)]
    fn __chain_deliver(&mut self, closing: bool) -> SubStep<Self::Yield, S, E, Self::Output> {
        let _ = closing;
        unreachable!("pygen: only a sub that entered a yield from is resumed after it")
    }

    /// After a panic in its chain: destroys the sub's body now.
    #[doc(hidden)]
    fn __chain_abandon(&mut self) {}

    /// Describes the sub for `gi_yieldfrom` and, if `deep`, what it delegates to.
    #[doc(hidden)]
    fn __chain_view(&self, deep: bool, out: &mut Vec<YieldFrom>) {
        let _ = deep;
        out.push(YieldFrom {
            name: std::any::type_name::<Self>(),
            state: None,
        });
    }
}

impl<G: Generator> Delegate<G::Send, G::Error> for G {
    type Yield = G::Item;
    type Output = Option<G::Return>;

    fn step(
        &mut self,
        arg: Resume<G::Send, G::Error>,
    ) -> RawStep<G::Item, Result<Option<G::Return>, Error<G::Error>>> {
        opaque_step(self, arg)
    }

    fn __chain_step(
        &mut self,
        arg: Resume<G::Send, G::Error>,
    ) -> SubStep<G::Item, G::Send, G::Error, Option<G::Return>> {
        self.__gen_chain_step(arg)
    }

    fn __chain_deliver(
        &mut self,
        closing: bool,
    ) -> SubStep<G::Item, G::Send, G::Error, Option<G::Return>> {
        self.__gen_chain_deliver(closing)
    }

    fn __chain_abandon(&mut self) {
        self.__gen_chain_abandon();
    }

    fn __chain_view(&self, deep: bool, out: &mut Vec<YieldFrom>) {
        out.push(YieldFrom {
            name: self.name(),
            state: Some(self.state()),
        });
        if deep {
            out.extend(self.delegation_chain());
        }
    }
}

/// One [`Delegate::step`] of a generator through its public methods: R21,
/// R22, R24–R26, R29.
#[allow(clippy::type_complexity)]
pub(crate) fn opaque_step<G: Generator + ?Sized>(
    g: &mut G,
    arg: Resume<G::Send, G::Error>,
) -> RawStep<G::Item, Result<Option<G::Return>, Error<G::Error>>> {
    let outcome = match arg {
        Ok(None) => g.resume(),
        Ok(Some(v)) => g.send(v),
        // R25/R26: close the sub first; its failure replaces GeneratorExit.
        Err(Error::GeneratorExit) => {
            return RawStep::Complete(match g.close() {
                Ok(_) => Err(Error::GeneratorExit),
                Err(e) => Err(e),
            });
        }
        Err(e) => g.throw_error(e),
    };
    match outcome {
        Ok(Outcome::Yielded(y)) => RawStep::Yielded(y),
        Ok(Outcome::Returned(r)) => RawStep::Complete(Ok(Some(r))),
        Ok(Outcome::Exhausted) => RawStep::Complete(Ok(None)),
        Err(e) => RawStep::Complete(Err(e)),
    }
}

/// A plain iterator as a [`Delegate`]; made by [`iter`].
#[derive(Debug, Clone)]
pub struct IterDelegate<I> {
    iter: I,
}

/// Wraps any `IntoIterator` so that a stackful body can
/// [`yield_from`](crate::Co::yield_from) it (the [`delegate!`](crate::delegate)
/// macro does this for you).
pub fn iter<I: IntoIterator>(iterable: I) -> IterDelegate<I::IntoIter> {
    IterDelegate {
        iter: iterable.into_iter(),
    }
}

impl<I: Iterator, S, E> Delegate<S, E> for IterDelegate<I> {
    type Yield = I::Item;
    type Output = ();

    fn __chain_view(&self, _deep: bool, out: &mut Vec<YieldFrom>) {
        out.push(YieldFrom {
            name: std::any::type_name::<I>(),
            state: None,
        });
    }

    fn step(&mut self, arg: Resume<S, E>) -> RawStep<I::Item, Result<(), Error<E>>> {
        match arg {
            Ok(None) => match self.iter.next() {
                Some(y) => RawStep::Yielded(y),
                None => RawStep::Complete(Ok(())),
            },
            Ok(Some(_)) => RawStep::Complete(Err(Error::IteratorCannotSend {
                iterator: crate::TypeName::of::<I>(),
            })),
            Err(e) => RawStep::Complete(Err(e)),
        }
    }
}

/// Turns a generator (of any backend) or any `IntoIterator` into a
/// [`Delegate`], choosing by the argument's type: generators keep send, throw
/// and close; other iterables become [`iter`]`(x)`.
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{delegate, Stackful};
/// let g = Stackful::<&str>::new(|co| {
///     co.yield_from(delegate!(vec!["Pen", "Pencil"]))?;
///     co.yield_("Eraser")?;
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), ["Pen", "Pencil", "Eraser"]);
/// # }
/// ```
///
/// The choice is made by method resolution on the concrete type (so a
/// generic `T: IntoIterator` is treated as an iterator even if it happens to
/// be a generator; pass such a value to `yield_from` directly).
#[macro_export]
macro_rules! delegate {
    ($sub:expr) => {
        match $sub {
            __pygen_sub => {
                #[allow(unused_imports)]
                use $crate::__private::{GeneratorKind as _, IteratorKind as _};
                let __pygen_kind = (&$crate::__private::Probe(&__pygen_sub)).__pygen_kind();
                __pygen_kind.delegate(__pygen_sub)
            }
        }
    };
}

#[doc(hidden)]
pub mod __private {
    //! Not public API. Referenced by macro-generated code.
    //!
    //! "Autoref specialisation": in `(&Probe(&x)).__pygen_kind()`, method
    //! lookup first tries the receiver type `&Probe<X>` — the `&self` method
    //! of `GeneratorKind`, implemented for `Probe<G>` — and only then the
    //! autoref'd `&&Probe<X>` — `IteratorKind`, implemented for `&Probe<I>`.
    //! So a generator is delegated to as a generator, anything else that is
    //! `IntoIterator` as an iterator.

    use super::{IterDelegate, iter};
    use crate::Generator;

    pub use super::chain::probe::{FrameProbe, LocalKind, SendKind};
    pub use super::chain::{FrameBox, Step};
    #[cfg(pygen_stackless)]
    pub use crate::stackless::stepped;

    #[derive(Debug)]
    pub struct Probe<'a, T>(pub &'a T);

    #[derive(Debug)]
    pub struct GeneratorTag;
    #[derive(Debug)]
    pub struct IteratorTag;

    pub trait GeneratorKind {
        fn __pygen_kind(&self) -> GeneratorTag {
            GeneratorTag
        }
    }
    impl<G: Generator> GeneratorKind for Probe<'_, G> {}

    pub trait IteratorKind {
        fn __pygen_kind(&self) -> IteratorTag {
            IteratorTag
        }
    }
    impl<I: IntoIterator> IteratorKind for &Probe<'_, I> {}

    impl GeneratorTag {
        pub fn delegate<G: Generator>(self, g: G) -> G {
            g
        }
    }
    impl IteratorTag {
        pub fn delegate<I: IntoIterator>(self, i: I) -> IterDelegate<I::IntoIter> {
            iter(i)
        }
    }
}
