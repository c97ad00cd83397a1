//! Python's generator model in Rust — `next`, `send`, `throw`, `close`, the
//! return value, `yield from`, close-on-drop — behind one trait, on two
//! interchangeable backends:
//!
//! - [`Stackless`]: nightly `#[coroutine]` closures with native `yield`
//!   (feature `stackless`, default). Zero allocation, smallest and fastest.
//! - [`Stackful`]: a real stack per generator (corosensei, feature `stackful`,
//!   default), so a body can yield from inside nested calls and recursion.
//!
//! Both follow CPython's rules exactly (see the crate's `DESIGN.md` contract):
//! the same calls give the same values, states, errors and messages.
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
//! | `r = yield from sub` | `let r = yield_from!(sub)?;` / `co.yield_from(sub)?` ([`Delegate`]) |
//! | `for x in g:` | `for x in g` (then [`take_completion`](Generator::take_completion)), or `for x in g.try_iter()` |
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
//! - `macros` (default, nightly; enables both): [`generator`], [`tree`].

#![cfg_attr(
    feature = "stackless",
    doc = r#"
# On the stackless backend

The example above, with native `yield`:

```
#![feature(coroutines, stmt_expr_attributes)]
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
#![cfg_attr(feature = "stackless", feature(coroutine_trait))]
#![cfg_attr(all(feature = "stackless", feature = "stackful"), feature(coroutines))]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

// So that `#[generator]` output (which names `::pygen`) works inside this crate too.
extern crate self as pygen;

mod backend;
mod delegate;
mod error;
mod finally;
mod generator;
mod hook;
mod machine;
mod shared;
#[cfg(feature = "stackful")]
pub mod stackful;
#[cfg(feature = "stackless")]
pub mod stackless;
pub mod trace;
#[cfg(all(feature = "stackless", feature = "stackful"))]
pub mod tree;
#[cfg(feature = "macros")]
pub mod tutorial;

pub use backend::{Backend, BoxGenerator, UnknownBackend};
#[doc(hidden)]
pub use delegate::__private;
pub use delegate::{Delegate, Frame, IterDelegate, iter};
pub use error::{Error, raise};
pub use finally::{Finally, finally};
pub use generator::{GenResult, Generator, GeneratorState, Outcome, Resume, TryIter, next_or_stop};
pub use hook::{Unraisable, reset_unraisable_hook, set_unraisable_hook};
pub use machine::{Gen, RawStep, Resumable};
pub use shared::Shared;
#[cfg(feature = "stackful")]
pub use stackful::{Co, Stackful};
#[cfg(feature = "stackless")]
pub use stackless::Stackless;

/// Everything a caller needs: `use pygen::prelude::*;`.
pub mod prelude {
    #[cfg(feature = "stackful")]
    pub use crate::{Co, Stackful};
    pub use crate::{Error, Generator, GeneratorState, Outcome, Resume, finally};
    #[cfg(feature = "stackless")]
    pub use crate::{Stackless, yield_from};
}

/// One generator body with native `yield`, on both backends.
///
/// ```
/// #![feature(coroutines)]
/// use pygen::{generator, Generator, Outcome};
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
/// generator or an iterable and evaluates to its output.
///
/// # What it expands to
///
/// For `fn name(args) -> impl Generator<..>` it emits:
///
/// - `mod name { fn stackless(args) -> impl Generator<..>; fn stackful(args) -> Stackful<Y, S, R, E> }`:
///   - `stackless` wraps the body, unchanged, in
///     `Stackless::new(#[coroutine] move |_: Resume<S, E>| -> Result<R, Error<E>> { body })`;
///   - `stackful` wraps it in `Stackful::new(move |co: &Co<Y, S, E>| -> Result<R, Error<E>> { body })`
///     after rewriting each `yield v` to `co.yield_(v)` and each
///     `yield_from!(x)` to `co.yield_from(delegate!(x))`. Nested items and
///     nested `#[coroutine]` closures are left untouched.
///   - `on(backend: Backend, args) -> BoxGenerator<Y, S, R, E>` picks one at run time.
/// - `fn name(args)`, which calls `name::stackless` — or `name::stackful` with
///   `#[generator(stackful)]`.
///
/// # Bodies that borrow across `yield`
///
/// A stackless body is a movable coroutine by default: no allocation, but it
/// cannot keep a borrow of its own locals across a `yield` (rustc: "borrow
/// may still be in use when coroutine yields"), e.g. `for x in &v { yield .. }`
/// over a local `v`. Write `#[generator(static)]` for such bodies: the
/// coroutine becomes `static` and is pinned in a `Box` (one allocation per
/// generator). Often iterating by value (`for x in v`) avoids the need.
/// Stackful bodies never have this restriction.
///
/// # Rules and limits
///
/// - The crate using it needs `#![feature(coroutines)]` (the body contains
///   `yield`, which nightly checks before any macro runs).
/// - Define `#[generator]` functions at module level: the companion module
///   sees the surrounding module's items through `use super::*`, not the
///   items of an enclosing function. Methods (`self`) and `async fn` are
///   rejected with an error.
/// - **`yield` inside another macro's arguments** (`println!("{}", yield x)`)
///   cannot be rewritten for the stackful backend: it is a compile error that
///   says so. Bind the value first: `let v = (yield x)?; println!("{v:?}");`.
/// - `yield` inside an ordinary closure cannot suspend the generator (on
///   either backend): a compile error points at it.
/// - The stackful expansion needs `'static` arguments and types (its body
///   lives on its own stack); a function that borrows its arguments only
///   works on the stackless backend.
#[cfg(feature = "macros")]
pub use pygen_macros::generator;

/// README.md's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "macros"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
