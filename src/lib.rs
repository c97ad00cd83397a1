//! Python's generator model in Rust — `next`, `send`, `throw`, `close`, the
//! return value, `yield from`, close-on-drop — behind one trait, on two
//! interchangeable backends:
//!
//! - [`Stackless`]: nightly `#[coroutine]` closures with native `yield`
//!   (feature `stackless`, default). Zero allocation, smallest and fastest.
//! - [`Stackful`]: a real stack per generator (corosensei, feature `stackful`,
//!   default), so a body can yield from inside nested calls and recursion.
//!
//! Both follow CPython's generator rules exactly: the same calls give the
//! same values, states, errors and messages. The contract is written down in
//! [`pygen::rules`](rules) (R1–R31, with CPython's messages); the code, the
//! tests and these docs cite it by rule number.
//!
//! # What you write
//!
//! - **A generator function**: `#[`[`generator`]`] fn name(args) -> impl
//!   Generator<Item = Y, Send = S, Return = R, Error = E> { ...; let x =
//!   (yield v)?; ...; Ok(r) }` (nightly; `Send`, `Return`, `Error` default to
//!   `()`, `()`, [`Infallible`](std::convert::Infallible)). It runs on both
//!   backends: `name(..)`, `name::stackless(..)`, `name::stackful(..)`,
//!   `name::on(`[`Backend`]`, ..)`.
//! - **A body without the macro**: [`Stackful::new`](stackful)`(|co| { co.yield_(v)?;
//!   ...; Ok(r) })` (stable too), or [`Stackless::new`](stackless)`(#[coroutine] |_:
//!   Resume<S, E>| { (yield v)?; ...; Ok(r) })` (nightly).
//! - **Driving it** (the [`Generator`] trait): [`resume`](Generator::resume)
//!   (`next(g)`), [`send`](Generator::send), [`throw`](Generator::throw),
//!   [`close`](Generator::close), [`state`](Generator::state), or `for v in g`.
//!   Each call reports an [`Outcome`] (`Yielded(y)`, `Returned(r)`,
//!   `Exhausted`) or an [`Error`].
//! - **Inside a body**: `yield_from!(sub)?` / [`co.yield_from(sub)?`](Co::yield_from)
//!   for `yield from`, [`upstream.try_next()?`](Generator::try_next) for
//!   `for x in upstream:`, [`next_or_stop`] for `next(it)`, [`finally`] for
//!   `try/finally`, `Err(e)?` or [`raise`]`(e)` for `raise`.
//! - **Around it**: [`Shared`] for a generator that is reached while it runs,
//!   [`set_unraisable_hook`] for errors that happen in `Drop`.
//!
//! # Example
//!
//! ```
//! use pygen::{Generator, GeneratorState, Outcome, Stackful};
//!
//! // def count_x(n):
//! //     while n > 0:
//! //         yield n
//! //         n -= 1
//! let mut g = Stackful::<i32>::new(|co| {
//!     let mut n = 5;
//!     while n > 0 {
//!         co.yield_(n)?;
//!         n -= 1;
//!     }
//!     Ok(())
//! });
//! assert_eq!(g.state(), GeneratorState::Created); // no body code ran yet
//! assert_eq!(g.resume(), Ok(Outcome::Yielded(5)));
//! assert_eq!(g.next(), Some(4)); // a generator is an Iterator
//! assert_eq!(g.state(), GeneratorState::Suspended);
//! assert_eq!(g.by_ref().collect::<Vec<_>>(), [3, 2, 1]);
//! assert_eq!(g.resume(), Ok(Outcome::Exhausted));
//! assert_eq!(g.state(), GeneratorState::Closed);
//! ```
//!
//! The same on the stackless backend is [below](#on-the-stackless-backend).
//!
//! # A tale of three types, and two more
//!
//! A generator yields `Y` (its [`Iterator::Item`]), receives `S` through
//! [`send`](Generator::send), and returns `R`. Each resuming call reports an
//! [`Outcome`]: `Yielded(y)`, `Returned(r)` (once), or `Exhausted`. Inside the
//! body, `yield` evaluates to a [`Resume`]`<S, E>`: `Ok(None)` for `next`,
//! `Ok(Some(v))` for `send(v)`, `Err(e)` for [`throw`](Generator::throw) and
//! `Err(Error::GeneratorExit)` for [`close`](Generator::close) — so `?`
//! propagates throw and close, and a `match` handles them. `E` is the body's
//! own error type; every protocol condition is a variant of [`Error`] whose
//! message is CPython's. Python's `try/finally` is a [`finally`] guard.
//!
//! # Stackless or stackful?
//!
//! Stackless generators are compiler-built state machines: a few bytes, no
//! allocation, a resume costs about as much as a function call. But `yield`
//! can only appear in the body itself, so recursion means one boxed
//! generator per level and `yield from` costs one hop per level. Stackful
//! generators own a stack (pooled, 64 KiB by default): creating one costs a
//! little more and a switch a few nanoseconds, but any function they call
//! can yield for them, at any depth, for the same price. They work on stable
//! Rust; stackless needs nightly.
//!
//! # Recipes
//!
//! | Python | pygen |
//! |---|---|
//! | `def f(): ... yield v ...` | `#[generator] fn f() -> impl Generator<Item = Y> { ...; (yield v)?; ...; Ok(()) }` |
//! | `x = yield v` | `let x = (yield v)?;` — `x: Option<S>`, `None` for `next` |
//! | `next(g)` | [`g.resume()`](Generator::resume) (the full [`Outcome`]) or `g.next()` (the value) |
//! | `g.send(v)` / `g.throw(e)` / `g.close()` | [`send`](Generator::send) / [`throw`](Generator::throw) / [`close`](Generator::close) |
//! | `StopIteration(value)` | `Ok(Outcome::Returned(value))`, then `Ok(Outcome::Exhausted)` |
//! | `try: ... except ValueError: ...` around a `yield` | `match (yield v) { Err(Error::Raised(e)) => ..., other => { other?; } }` |
//! | `try: ... finally: ...` | `let _cleanup = finally(\|\| ...);` ([`finally`]) |
//! | `r = yield from sub` | `let r = yield_from!(sub)?;` / `co.yield_from(sub)?` ([`Delegate`]); `r: Option<R>`, `None` if `sub` was already exhausted |
//! | `for x in g:` | `for x in g` (then [`take_completion`](Generator::take_completion)), or `for x in g.try_iter()` |
//! | `for x in upstream:` inside a generator | `while let Some(x) = upstream.try_next()? { .. }` ([`try_next`](Generator::try_next)): the upstream's error propagates |
//! | `inspect.getgeneratorstate(g)` | [`g.state()`](Generator::state) |
//! | `sys.unraisablehook` | [`set_unraisable_hook`] |
//!
//! # F.A.Q.
//!
//! **Why does `yield` evaluate to a `Result`?** Because in Python a `yield`
//! can raise: `throw` and `close` raise there. `?` is the Rust spelling of
//! "let it propagate", and a `match` is `try/except`.
//!
//! **Why is `next` called `resume`?** A generator is an [`Iterator`], whose
//! `next` returns `Option<Y>`: it cannot say "returned r" or "raised e".
//! [`Generator::resume`] is Python's `next(g)` with the full outcome; both
//! exist, and the iterator keeps what ended the loop for
//! [`take_completion`](Generator::take_completion).
//!
//! **Can a generator be reused?** No, as in Python: once Closed, every call
//! reports `Exhausted` (or raises, for `throw`) and nothing runs. Call the
//! generator function again for a fresh one.
//!
//! **What happens to a panic in a body?** It propagates to the caller of
//! `resume`/`send`/`throw`/`close` like an exception (cleanup guards run while
//! unwinding) and leaves the generator Closed.
//!
//! **Is a generator `Send`?** A stackless one is `Send` when everything it
//! holds is. A stackful one never is: its stack cannot move between threads.
//!
//! # Related crates
//!
//! - [corosensei](https://docs.rs/corosensei): the stackful backend's engine.
//! - [genawaiter](https://docs.rs/genawaiter): generators on stable Rust
//!   through `async`; no throw/close/`yield from` protocol.
//! - [generator](https://docs.rs/generator): stackful generators with their
//!   own context switching.
//! - std's nightly `Coroutine` trait and `gen` blocks: the raw material of
//!   the stackless backend (`gen` blocks are iterators only: no send, throw,
//!   close or return value).
//!
//! # Cargo features
//!
//! - `stackless` (default, nightly): [`Stackless`] and [`yield_from!`].
//! - `stackful` (default): [`Stackful`], [`Co`], the stack pool.
//! - `macros` (default, nightly; enables both): [`generator`].
//! - `sanitizer`: tells AddressSanitizer about the stackful backend's stack
//!   switches (for running the tests under ASan).
//!
//! The stackful backend installs a process-wide SIGSEGV/SIGBUS handler (on
//! Linux) to report stack overflows clearly; see
//! [the stackful module](stackful#signal-handlers-this-backend-installs-one-for-the-whole-process).

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
#![warn(missing_docs)]

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
pub use error::{Error, raise};
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

/// One generator body with native `yield`, on both backends.
///
/// The crate using it needs `#![feature(coroutines)]` (nightly checks `yield`
/// before any macro runs).
///
/// # A free function
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Backend, Generator, generator};
///
/// #[generator]
/// fn count_x(mut n: u32) -> impl Generator<Item = u32> {
///     while n > 0 {
///         (yield n)?;
///         n -= 1;
///     }
///     Ok(())
/// }
///
/// fn main() {
///     assert_eq!(count_x(3).collect::<Vec<_>>(), [3, 2, 1]); // the default: stackless
///     assert_eq!(count_x::stackless(3).collect::<Vec<_>>(), [3, 2, 1]);
///     assert_eq!(count_x::stackful(3).collect::<Vec<_>>(), [3, 2, 1]);
///     assert_eq!(count_x::on(Backend::Stackful, 3).count(), 3); // chosen at run time, boxed
/// }
/// ```
///
/// `#[generator(stackful)]` makes the stackful backend the default. A
/// generator may borrow its arguments and be generic over anything; the
/// stackless backend runs it as written, the stackful one (whose body lives
/// on its own stack, which may outlive the call) requires `'static`
/// arguments and types:
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Generator, generator};
///
/// #[generator]
/// fn words<'a>(text: &'a str) -> impl Generator<Item = &'a str> {
///     for word in text.split_whitespace() {
///         (yield word)?;
///     }
///     Ok(())
/// }
///
/// fn main() {
///     let text = String::from("to be or not");
///     assert_eq!(words(&text).count(), 4); // borrows `text`
///     assert_eq!(words::stackful("to be").count(), 2); // `'static` text only
/// }
/// ```
///
/// # Methods
///
/// A module cannot live inside an `impl`, so there the backends are
/// siblings of the method: mark the impl block and each generator method
/// with `#[generator]`, and `name` comes with `name_stackless`,
/// `name_stackful` and `name_on`. Any receiver works, and so do associated
/// functions.
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Backend, Generator, generator};
///
/// struct Tree {
///     value: i32,
///     children: Vec<Tree>,
/// }
///
/// #[generator]
/// impl Tree {
///     #[generator]
///     fn values(&self) -> impl Generator<Item = i32> + '_ {
///         (yield self.value)?;
///         for child in &self.children {
///             yield_from!(Self::values(child))?;
///         }
///         Ok(())
///     }
///
///     #[generator]
///     fn countdown(n: i32) -> impl Generator<Item = i32> {
///         for i in (1..=n).rev() {
///             (yield i)?;
///         }
///         Ok(())
///     }
/// }
///
/// fn main() {
///     let tree = Tree { value: 1, children: vec![Tree { value: 2, children: vec![] }] };
///     assert_eq!(tree.values().collect::<Vec<_>>(), [1, 2]);
///     assert_eq!(tree.values_stackless().count(), 2);
///     let forever: &'static Tree = Box::leak(Box::new(tree));
///     assert_eq!(forever.values_stackful().count(), 2);
///     assert_eq!(Tree::countdown_on(Backend::Stackful, 2).collect::<Vec<_>>(), [2, 1]);
/// }
/// ```
///
/// # A trait impl
///
/// A trait can declare a method `-> impl Generator<..>`; in a
/// `#[generator] impl Trait for Type` the method runs on one backend, the
/// default or the one its own attribute names (the trait fixes the
/// signature, so there are no siblings):
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Generator, generator};
///
/// trait Numbers {
///     fn numbers(self) -> impl Generator<Item = u64>;
/// }
///
/// struct Squares(u64);
///
/// #[generator]
/// impl Numbers for Squares {
///     #[generator(stackful)]
///     fn numbers(self) -> impl Generator<Item = u64> {
///         for i in 0..self.0 {
///             (yield i * i)?;
///         }
///         Ok(())
///     }
/// }
///
/// fn main() {
///     assert_eq!(Squares(4).numbers().collect::<Vec<_>>(), [0, 1, 4, 9]);
/// }
/// ```
///
/// # Recursion
///
/// Inside a body, a call to the generator itself — `name(..)` for a free
/// function, `self.name(..)` or `Self::name(..)` for a method — runs on the
/// backend of the running instance: a stackless walk is stackless all the
/// way down, with the box a recursive coroutine needs added for you.
/// `co!()` is the stackful generator's handle, [`&Co<Y, S, E>`](crate::Co):
/// pass it to plain recursive functions and they yield for the generator,
/// one stack switch per value at any depth (such a body runs on the stackful
/// backend only).
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Co, Error, Generator, generator};
/// use std::convert::Infallible;
///
/// struct Node {
///     left: Option<Box<Node>>,
///     value: i32,
///     right: Option<Box<Node>>,
/// }
///
/// #[generator]
/// fn inorder(node: &Node) -> impl Generator<Item = i32> {
///     if let Some(left) = &node.left {
///         yield_from!(inorder(left))?;
///     }
///     (yield node.value)?;
///     if let Some(right) = &node.right {
///         yield_from!(inorder(right))?;
///     }
///     Ok(())
/// }
///
/// #[generator]
/// fn inorder_flat(root: &'static Node) -> impl Generator<Item = i32> {
///     walk(co!(), root)
/// }
///
/// fn walk(co: &Co<i32>, node: &Node) -> Result<(), Error<Infallible>> {
///     if let Some(left) = &node.left {
///         walk(co, left)?;
///     }
///     co.yield_(node.value)?;
///     if let Some(right) = &node.right {
///         walk(co, right)?;
///     }
///     Ok(())
/// }
///
/// fn main() {
///     let leaf = |value| Some(Box::new(Node { left: None, value, right: None }));
///     let tree: &'static Node = Box::leak(Box::new(Node { left: leaf(1), value: 2, right: leaf(3) }));
///     assert_eq!(inorder(tree).collect::<Vec<_>>(), [1, 2, 3]);
///     assert_eq!(inorder::stackful(tree).collect::<Vec<_>>(), [1, 2, 3]);
///     assert_eq!(inorder_flat(tree).collect::<Vec<_>>(), [1, 2, 3]);
/// }
/// ```
///
/// # Errors
///
/// `?` on the body's own error type raises it (`Error::Raised`). To consume
/// an upstream generator, `while let Some(v) = upstream.try_next()? { .. }`
/// is Python's `for v in upstream:`: the upstream's error propagates at that
/// point. A plain `for v in upstream` would end quietly on an error instead
/// (the error waits in [`take_completion`](crate::Generator::take_completion)),
/// so avoid it for fallible upstreams.
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{Error, Generator, Outcome, generator};
/// use std::num::ParseIntError;
///
/// #[generator]
/// fn integers(line: &str) -> impl Generator<Item = i64, Error = ParseIntError> {
///     for field in line.split(',') {
///         let n: i64 = field.trim().parse()?;
///         (yield n)?;
///     }
///     Ok(())
/// }
///
/// #[generator]
/// fn running_total<G>(mut upstream: G) -> impl Generator<Item = i64, Error = ParseIntError>
/// where
///     G: Generator<Item = i64, Send = (), Error = ParseIntError>,
/// {
///     let mut total = 0;
///     while let Some(n) = upstream.try_next()? {
///         total += n;
///         (yield total)?;
///     }
///     Ok(())
/// }
///
/// fn main() {
///     let mut g = running_total(integers("1, 2, x"));
///     assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
///     assert_eq!(g.resume(), Ok(Outcome::Yielded(3)));
///     let Err(Error::Raised(e)) = g.resume() else { panic!() };
///     assert_eq!(e.to_string(), "invalid digit found in string");
/// }
/// ```
///
/// # The signature
///
/// The function declares what its caller gets: `-> impl Generator<Item = Y,
/// Send = S, Return = R, Error = E>`, where `Send`, `Return` and `Error`
/// default to `()`, `()` and [`Infallible`](std::convert::Infallible). The
/// body yields `Y`, each `yield` evaluates to a [`Resume<S, E>`](crate::Resume),
/// and the body ends with `Result<R, Error<E>>` (`Ok(())` for a plain
/// generator; `?` propagates throw and close). `yield_from!(x)` delegates to a
/// generator or an iterable and evaluates to its output; no import is needed
/// (an import of [`yield_from!`] is used, not reported as unused).
///
/// `yield` works wherever an expression can be, including inside other
/// macros' arguments that are expressions (`println!`, `format!`, `vec!`,
/// `assert_eq!`) and as a match arm. As a `match` scrutinee or the value of
/// an `if let`, parenthesize it: `match (yield v) { .. }` (rustc's parser
/// reads `yield v {` as a struct literal).
///
/// # Arguments
///
/// - `stackful` / `stackless`: the backend of the plain function (default
///   `stackless`, or `stackful` when the body uses `co!()`).
/// - `static`: a stackless body that borrows its own locals across `yield`
///   (e.g. `for x in &v` over a local `v`; rustc: "borrow may still be in use
///   when coroutine yields"): the coroutine becomes `static` and is pinned in
///   a `Box` (one allocation per generator). Often iterating by value
///   (`for x in v`) avoids the need. Stackful bodies never need it.
/// - `crate = path`: where pygen is, for crates that re-export it.
///
/// # What it expands to
///
/// For `fn name(args) -> impl Generator<..>`:
///
/// - `fn name(args)`, which calls the default backend's variant;
/// - a type `name` (types and functions have separate namespaces) with
///   - `name::stackless(args) -> impl Generator<..>`: the body, unchanged, in
///     `Stackless::new(#[coroutine] move |_: Resume<S, E>| -> Result<R, Error<E>> { body })`;
///   - `name::stackful(args) -> Stackful<Y, S, R, E>`: the body in
///     `Stackful::new(move |co: &Co<Y, S, E>| -> Result<R, Error<E>> { body })`
///     after rewriting each `yield v` to `co.yield_(v)`, each `yield_from!(x)`
///     to `co.yield_from(delegate!(x))` and `co!()` to `co`; its signature is
///     the declared one made `'static` (elided lifetimes become `'static`,
///     lifetime and type parameters get `: 'static`);
///   - `name::on(backend: Backend, args) -> BoxGenerator<Y, S, R, E>`.
///
/// Methods get `name_stackless`, `name_stackful` and `name_on` beside them
/// instead. Outer attributes (docs, `cfg`, lints, `inline`, `must_use`) go
/// on every function, and `cfg` and lint levels on the type; every item has
/// the function's visibility. Nested items, closures, `async` blocks and
/// nested `#[coroutine]` closures in the body keep their own meaning. A
/// generator can be defined inside a function body.
///
/// # What stays impossible, and the compile errors that say so
///
/// - `async fn` and `.await` in a body: a generator is resumed by plain calls.
/// - `yield` inside a closure, or inside a macro whose arguments are not
///   expressions: bind the value first, `let v = (yield x)?;`.
/// - Borrowed arguments to `name::stackful` (rustc: "argument requires that
///   `x` is borrowed for `'static`"): use the stackless backend.
/// - Sending a stackful generator to another thread: its stack stays on the
///   thread that made it; a stackless generator is `Send` when its state is.
/// - Recursion through another value's method, `child.name(..)`, is not
///   recognized as the generator itself: write `Self::name(child)`.
#[cfg(feature = "macros")]
pub use pygen_macros::generator;

/// README.md's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "macros"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
