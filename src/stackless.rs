//! The stackless backend: nightly `#[coroutine]` closures with native `yield`.
//!
//! A body is a coroutine closure whose resume argument is a [`Resume`], whose
//! `yield`s give the values, and which returns `Result<R, Error<E>>`:
//!
//! ```
//! #![feature(coroutines)]
//! use pygen::{Generator, Outcome, Resume, Stackless};
//!
//! let mut g = Stackless::new(#[coroutine] |_: Resume<String, ()>| {
//!     let x = (yield "Hello")?;
//!     println!("Take {}", x.unwrap_or_default());
//!     Ok(())
//! });
//! assert_eq!(g.resume(), Ok(Outcome::Yielded("Hello")));
//! assert_eq!(g.send("Care".into()), Ok(Outcome::Returned(())));
//! ```
//!
//! The generator holds the coroutine inline: no heap allocation, and its size
//! is the coroutine's live state plus one small phase field. A coroutine that
//! borrows its own locals across a `yield` must be `static`, hence pinned: pass
//! `Box::pin(#[coroutine] static |..| ..)`:
//!
//! ```
//! #![feature(coroutines)]
//! use pygen::{Resume, Stackless};
//!
//! let g = Stackless::new(Box::pin(#[coroutine] static |_: Resume<(), ()>| {
//!     let words = vec!["a", "b"];
//!     for w in &words {
//!         (yield *w)?; // `words` is borrowed across this yield
//!     }
//!     Ok(())
//! }));
//! assert_eq!(g.collect::<Vec<_>>(), ["a", "b"]);
//! ```
//!
//! This file is the only one with nightly-only code in the library; it is
//! compiled with the `stackless` feature.

use crate::delegate::chain::{Ptr, RootSlot, Step};
use crate::machine::{BodyStep, Gen, RawStep, Resumable};
use crate::{Error, Resume};
use std::marker::PhantomData;
use std::ops::{Coroutine, CoroutineState};
use std::pin::Pin;

/// A generator on the stackless backend. `F` is the coroutine, `S` the send
/// type, `E` the body's error type. See the [module docs](self).
///
/// The coroutine's type cannot be written, so a function returns
/// `impl Generator` (or a [`BoxGenerator`](crate::BoxGenerator)):
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Generator, Resume, Stackless};
/// use std::convert::Infallible;
///
/// // def count_x(n):
/// //     while n > 0:
/// //         yield n
/// //         n -= 1
/// fn count_x(mut n: u32) -> impl Generator<Item = u32, Send = (), Return = (), Error = Infallible> {
///     Stackless::new(#[coroutine] move |_: Resume<(), Infallible>| {
///         while n > 0 {
///             (yield n)?;
///             n -= 1;
///         }
///         Ok(())
///     })
/// }
/// assert_eq!(count_x(3).collect::<Vec<_>>(), [3, 2, 1]);
/// ```
pub type Stackless<F, S = (), E = std::convert::Infallible> = Gen<Body<F, S, E>>;

/// The stackless [`Resumable`]: a coroutine closure, resumed in place.
///
/// A [`Stackless`] generator is a [`Gen`] over this body; user code names
/// neither (it writes `Stackless::new` and `impl Generator`):
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Gen, Resume, Stackless, stackless::Body};
/// use std::convert::Infallible;
///
/// let g: Gen<Body<_, (), Infallible>> = Stackless::new(#[coroutine] |_: Resume<(), Infallible>| {
///     (yield 1)?;
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), [1]);
/// ```
pub struct Body<F, S, E> {
    coroutine: F,
    _resume: PhantomData<fn(S) -> E>,
}

impl<F, S, E, R> Resumable for Body<F, S, E>
where
    F: Coroutine<Resume<S, E>, Return = Result<R, Error<E>>> + Unpin,
    E: std::fmt::Debug,
{
    type Yield = F::Yield;
    type Send = S;
    type Return = R;
    type Error = E;

    #[inline(always)]
    fn resume(&mut self, arg: Resume<S, E>) -> RawStep<F::Yield, Result<R, Error<E>>> {
        match Pin::new(&mut self.coroutine).resume(arg) {
            CoroutineState::Yielded(y) => RawStep::Yielded(y),
            CoroutineState::Complete(c) => RawStep::Complete(c),
        }
    }

    fn name(&self) -> &'static str {
        std::any::type_name::<F>()
    }
}

impl<F, S, E, R> Gen<Body<F, S, E>>
where
    F: Coroutine<Resume<S, E>, Return = Result<R, Error<E>>> + Unpin,
    E: std::fmt::Debug,
{
    /// A Created generator over the coroutine `body`; no body code runs (R1).
    ///
    /// `body` is `#[coroutine] |_: Resume<S, E>| { ... }`; its argument (the
    /// first resume value) is always `Ok(None)` and can be ignored.
    ///
    /// ```
    /// #![feature(coroutines)]
    /// use pygen::{Error, Generator, GeneratorState, Outcome, Resume, Stackless};
    ///
    /// // def averager():
    /// //     total, n = 0.0, 0
    /// //     while True:
    /// //         x = yield (total / n if n else 0.0)
    /// //         if x is None:
    /// //             return n
    /// //         total += x
    /// //         n += 1
    /// let mut g = Stackless::new(#[coroutine] |_: Resume<f64, ()>| {
    ///     let (mut total, mut n) = (0.0, 0);
    ///     loop {
    ///         match (yield if n > 0 { total / n as f64 } else { 0.0 })? {
    ///             Some(x) => {
    ///                 total += x;
    ///                 n += 1;
    ///             }
    ///             None => return Ok(n),
    ///         }
    ///     }
    /// });
    /// assert_eq!(g.state(), GeneratorState::Created); // nothing ran
    /// assert_eq!(g.send(1.0), Err(Error::SendToJustStarted));
    /// assert_eq!(g.resume(), Ok(Outcome::Yielded(0.0)));
    /// assert_eq!(g.send(10.0), Ok(Outcome::Yielded(10.0)));
    /// assert_eq!(g.send(20.0), Ok(Outcome::Yielded(15.0)));
    /// assert_eq!(g.resume(), Ok(Outcome::Returned(2)));
    /// ```
    ///
    /// Delegation works across backends: a stackless body can `yield from` a
    /// stackful generator, and a stackful one a stackless generator.
    ///
    /// ```
    /// #![feature(coroutines)]
    /// use pygen::{Generator, Resume, Stackful, Stackless, yield_from};
    ///
    /// let stackless = Stackless::new(#[coroutine] |_: Resume<(), ()>| {
    ///     let inner = Stackful::<i32, (), &str, ()>::new(|co| {
    ///         co.yield_(1)?;
    ///         Ok("stackful done")
    ///     });
    ///     let r = yield_from!(inner)?;
    ///     assert_eq!(r, Some("stackful done"));
    ///     (yield 2)?;
    ///     Ok("stackless done")
    /// });
    /// let mut outer = Stackful::<i32, (), Option<&str>, ()>::new(|co| co.yield_from(stackless));
    /// assert_eq!(outer.by_ref().collect::<Vec<_>>(), [1, 2]);
    /// assert_eq!(outer.take_completion(), Some(Ok(Some("stackless done"))));
    /// ```
    pub fn new(body: F) -> Self {
        Gen::from_backend(Body {
            coroutine: body,
            _resume: PhantomData,
        })
    }
}

/// The stackless [`Resumable`] of a [`#[generator]`](crate::generator) body:
/// a coroutine whose `yield`s are [`Step`]s, so that its `yield_from!` can
/// hand its frame to the generator that drives it (one hop per value at any
/// depth; see [`crate::delegate`]). Made by the macro only.
#[doc(hidden)]
pub struct StepBody<F, Y, S, E> {
    coroutine: F,
    // `Some` while the body is suspended in `yield from`: its root frame.
    link: RootSlot<Y, S, E>,
    _resume: PhantomData<fn(S) -> E>,
}

impl<F, S, E, Y, R> Resumable for StepBody<F, Y, S, E>
where
    F: Coroutine<Resume<S, E>, Yield = Step<Y, S, E>, Return = Result<R, Error<E>>> + Unpin,
    E: std::fmt::Debug,
{
    type Yield = Y;
    type Send = S;
    type Return = R;
    type Error = E;

    fn resume(&mut self, arg: Resume<S, E>) -> RawStep<Y, Result<R, Error<E>>> {
        self.__resume(arg).into_raw()
    }

    #[inline(always)]
    fn __resume(&mut self, arg: Resume<S, E>) -> BodyStep<Self> {
        match Pin::new(&mut self.coroutine).resume(arg) {
            CoroutineState::Yielded(step) => BodyStep::from_step(step, &mut self.link),
            CoroutineState::Complete(c) => BodyStep::Complete(c),
        }
    }

    const __DELEGATES: bool = true;

    fn __link(&self) -> Option<Ptr<Y, S, E>> {
        self.link.0
    }

    fn name(&self) -> &'static str {
        std::any::type_name::<F>()
    }
}

/// A Created generator over a [`#[generator]`](crate::generator) body's
/// coroutine (see [`StepBody`]).
#[doc(hidden)]
pub fn stepped<F, S, E, Y, R>(coroutine: F) -> Gen<StepBody<F, Y, S, E>>
where
    F: Coroutine<Resume<S, E>, Yield = Step<Y, S, E>, Return = Result<R, Error<E>>> + Unpin,
    E: std::fmt::Debug,
{
    Gen::from_backend(StepBody {
        coroutine,
        link: RootSlot::EMPTY,
        _resume: PhantomData,
    })
}

/// `yield from` in a stackless body: delegates to a generator (of either
/// backend) or to any `IntoIterator`, and evaluates to
/// `Result<output, Error<E>>` (output: `Option<R>` for a generator — `None`
/// if it was already exhausted — and `()` for an iterator). See
/// [`Delegate`](crate::Delegate) for the exact rules.
///
/// In a [`#[generator]`](crate::generator) body it hands the sub to the
/// generator that drives the body, and the outermost generator of a chain
/// resumes the innermost sub directly: one hop per value at any depth. In a
/// raw `Stackless::new` coroutine, as below, it forwards every value itself
/// (one hop per level): a raw coroutine has no channel to hand its sub up.
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{yield_from, Resume, Stackless};
///
/// let show_x = Stackless::new(#[coroutine] |_: Resume<(), ()>| {
///     yield_from!(["Pen", "Pencil"])?;
///     (yield "Eraser")?;
///     Ok(())
/// });
/// assert_eq!(show_x.collect::<Vec<_>>(), ["Pen", "Pencil", "Eraser"]);
/// ```
#[macro_export]
macro_rules! yield_from {
    (@stepped $sub:expr) => {
        $crate::__yield_from_stepped!($sub)
    };
    (@stepped_local $sub:expr) => {
        $crate::__yield_from_stepped_local!($sub)
    };
    ($sub:expr) => {{
        let mut __pygen_delegate = $crate::delegate!($sub);
        let mut __pygen_arg = ::core::result::Result::Ok(::core::option::Option::None);
        loop {
            match $crate::Delegate::step(&mut __pygen_delegate, __pygen_arg) {
                $crate::RawStep::Yielded(__pygen_value) => __pygen_arg = yield __pygen_value,
                $crate::RawStep::Complete(__pygen_done) => break __pygen_done,
            }
        }
    }};
}

impl<F, S, E> std::fmt::Debug for Body<F, S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("coroutine", &std::any::type_name::<F>())
            .finish_non_exhaustive()
    }
}

impl<F, Y, S, E> std::fmt::Debug for StepBody<F, Y, S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepBody")
            .field("coroutine", &std::any::type_name::<F>())
            .finish_non_exhaustive()
    }
}
