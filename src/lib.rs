#![doc = include_str!("lib.md")]
#![cfg_attr(
    pygen_stackless,
    doc = r#"
# On the stackless backend

The example above, with native `yield`:

```
#![feature(coroutines)]
use pygen::{Resume, Stackless};

let g = Stackless::new(#[coroutine] |_: Resume<(), ()>| {
    let mut n = 5;
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
});
assert_eq!(g.collect::<Vec<_>>(), [5, 4, 3, 2, 1]);
```
"#
)]
#![cfg_attr(pygen_stackless, feature(coroutine_trait))]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(unsafe_op_in_unsafe_fn)]
// Doc examples compile without warnings (an unused import or `#![feature]`
// in an example fails the doctest).
#![doc(test(attr(deny(warnings))))]
#![warn(missing_docs, unreachable_pub, missing_debug_implementations)]

#[cfg(pygen_stackless_needs_nightly)]
compile_error!(
    "pygen's default features include the stackless backend, which needs a nightly compiler \
     (it is built on nightly coroutines). Build with nightly (`rust-toolchain.toml`: \
     channel = \"nightly\"), or use the stable stackful backend alone: \
     pygen = { version = \"0.1\", default-features = false, features = [\"stackful\"] }"
);

// So that `#[generator]` output (which names `::pygen`) works inside this crate too.
extern crate self as pygen;

mod backend;
mod delegate;
mod error;
mod finally;
mod generator;
mod hook;
mod machine;
pub mod rules {
    #![doc = include_str!("rules.md")]
}
mod shared;
#[cfg(feature = "stackful")]
pub mod stackful;
#[cfg(pygen_stackless)]
#[cfg_attr(docsrs, doc(cfg(feature = "stackless")))]
pub mod stackless;

pub use backend::{Backend, BoxGenerator, UnknownBackend};
#[doc(hidden)]
pub use delegate::__private;
pub use delegate::chain::YieldFrom;
pub use delegate::{Delegate, IterDelegate, iter};
pub use error::{Error, TypeName, raise};
pub use finally::{Finally, finally};
pub use generator::{
    GenResult, Generator, GeneratorState, NextOrStop, Outcome, Resume, TryIter, next_or_stop,
};
pub use hook::{Unraisable, reset_unraisable_hook, set_unraisable_hook};
// The seam is documented in `engine`; `yield_from!`'s expansion names these.
#[doc(hidden)]
pub use machine::{Gen, RawStep, Resumable};
pub use shared::Shared;
#[cfg(feature = "stackful")]
pub use stackful::{Co, Stackful};
#[cfg(pygen_stackless)]
#[cfg_attr(docsrs, doc(cfg(feature = "stackless")))]
pub use stackless::Stackless;

/// Not public API: what `#[generator]` output glob-imports so that a body can
/// call `yield_from!` by its bare name whether or not the module imports it.
#[cfg(feature = "stackless")]
#[doc(hidden)]
pub mod __generator {
    pub use crate::yield_from;
}

/// Not public API: `yield from` in a [`#[generator]`](generator) stackless
/// body, whose coroutine yields [`Step`](__private::Step)s: the sub goes in a
/// boxed frame, handed to the generator that drives the body (see
/// `delegate::chain`).
#[cfg(pygen_stackless)]
#[doc(hidden)]
#[macro_export]
macro_rules! __yield_from_stepped {
    ($sub:expr) => {{
        let __pygen_sub = $crate::delegate!($sub);
        #[allow(unused_imports)]
        use $crate::__private::{LocalKind as _, SendKind as _};
        let mut __pygen_frame = (&$crate::__private::FrameProbe(&__pygen_sub))
            .__pygen_frame_kind()
            .frame(__pygen_sub);
        let _ = yield __pygen_frame.enter();
        __pygen_frame.finish()
    }};
}

/// Not public API: [`__yield_from_stepped!`] for a sub whose `Send`-ness
/// must not be asked (a generator's call to itself).
#[cfg(pygen_stackless)]
#[doc(hidden)]
#[macro_export]
macro_rules! __yield_from_stepped_local {
    ($sub:expr) => {{
        let mut __pygen_frame = $crate::__private::FrameBox::local($crate::delegate!($sub));
        let _ = yield __pygen_frame.enter();
        __pygen_frame.finish()
    }};
}

/// For people writing a new backend: the seam between Python's rules and a
/// way of running a body.
///
/// [`Gen`] implements every rule of [`rules`] once, over a [`Resumable`]:
/// something that can resume a body with a [`Resume`] value and report
/// [`RawStep::Yielded`] or [`RawStep::Complete`]. The two backends
/// are such `Resumable`s (`pygen::stackless::Body`, `pygen::stackful::Body`), and
/// [`Stackless`] and [`Stackful`] are
/// `Gen`s over them. A third backend implements `Resumable` and gets the whole
/// protocol — states, send, throw, close, PEP 479, close-on-drop — from `Gen`:
///
/// ```
/// use pygen::engine::{Gen, RawStep, Resumable};
/// use pygen::{Generator, Outcome, Resume};
///
/// /// Counts down from `n`, as a hand-written state machine.
/// struct Countdown(u32);
///
/// impl Resumable for Countdown {
///     type Yield = u32;
///     type Send = ();
///     type Return = &'static str;
///     type Error = ();
///
///     fn resume(&mut self, arg: Resume<(), ()>) -> RawStep<u32, Result<&'static str, pygen::Error<()>>> {
///         if let Err(e) = arg {
///             return RawStep::Complete(Err(e)); // throw and close raise here
///         }
///         match self.0 {
///             0 => RawStep::Complete(Ok("liftoff")),
///             n => {
///                 self.0 -= 1;
///                 RawStep::Yielded(n)
///             }
///         }
///     }
/// }
///
/// let mut g = Gen::from_backend(Countdown(2));
/// assert_eq!(g.resume(), Ok(Outcome::Yielded(2)));
/// assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
/// assert_eq!(g.resume(), Ok(Outcome::Returned("liftoff")));
/// assert_eq!(g.resume(), Ok(Outcome::Exhausted));
/// ```
pub mod engine {
    pub use crate::machine::{Gen, RawStep, Resumable};
}

/// Everything a generator's author writes: `use pygen::prelude::*;`.
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::prelude::*;
///
/// let mut g: BoxGenerator<u32> = Box::new(Stackful::new(|co| {
///     let _cleanup = finally(|| println!("done"));
///     co.yield_from(iter([1, 2]))?;
///     Ok(())
/// }));
/// assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
/// assert_eq!(g.state(), GeneratorState::Suspended);
/// assert_eq!(g.close(), Ok(None));
/// # }
/// ```
pub mod prelude {
    #[cfg(feature = "macros")]
    pub use crate::generator;
    pub use crate::{
        Backend, BoxGenerator, Error, GenResult, Generator, GeneratorState, Outcome, Resume,
        Shared, delegate, finally, iter, next_or_stop, raise,
    };
    #[cfg(feature = "stackful")]
    pub use crate::{Co, Stackful};
    #[cfg(pygen_stackless)]
    pub use crate::{Stackless, yield_from};
}

#[doc = include_str!("generator.md")]
#[cfg(feature = "macros")]
pub use pygen_macros::generator;

/// README.md's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "macros"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
