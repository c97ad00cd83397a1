//! `yield from` (PEP 380), written once for both backends, in O(1) per value.
//!
//! # The rules
//!
//! [`Delegate::step`] is where PEP 380's rules live, for one level:
//!
//! | the delegator receives | a generator sub | a plain iterator |
//! |---|---|---|
//! | `next` (`Ok(None)`) | `sub.resume()` (R21) | `iter.next()` |
//! | `send(v)` | `sub.send(v)` (R21) | [`Error::IteratorCannotSend`] raised in the delegator (R27) |
//! | `throw(e)` | `sub.throw_error(e)` (R24) | `e` raised in the delegator, iterator untouched (R27) |
//! | `close` / GeneratorExit | `sub.close()`, then GeneratorExit, or the close's error (R25, R26) | iterator dropped, then GeneratorExit |
//!
//! The sub's yields go to the caller; its return value `r` ends the
//! delegation with `Ok(Some(r))` (R22) — `Ok(None)` if it was already
//! exhausted (R29) — and its errors end it with `Err(e)` at the `yield from`,
//! where the delegator may handle them (R23). Both kinds of sub work with
//! delegators of both backends.
//!
//! # One driver, a stack of delegates
//!
//! Run naively, every value of a chain `g0 → g1 → … → gn` hops through every
//! level: `g0`'s body forwards to `g1`, whose body forwards to `g2`, and so
//! on (CPython does this). Here the outermost generator keeps the chain and
//! resumes the innermost one directly, so a value costs the same at any depth
//! (the design of Jacobs, Piessens, Schulte et al., "Iterators revisited",
//! 2005):
//!
//! - **Slots.** Entering `yield from sub` (the stackless `yield_from!`, the
//!   stackful `Co::yield_from`) moves `sub` into a [`Slot`]: the sub, the
//!   place for its result, and a small header. A stackless body's slot is
//!   boxed, because a movable coroutine's state moves between resumes and the
//!   chain keeps pointers to slots; a stackful body's slot is a local on its
//!   own stack, which never moves. The body keeps only a type-erased handle
//!   ([`Delegation`]), so its coroutine state does not contain the sub's type:
//!   that is what lets a stackless generator function delegate to itself
//!   without a hand-written `Box` (no "recursive type" error).
//! - **Chains.** A slot is registered in a [chain](Chain): the list of slots,
//!   outer → inner, of one delegation stack. A body that enters `yield from`
//!   while nobody is driving starts a fresh chain (its slot is level 0, owned
//!   by that slot); a body that enters it while a driver steps it (see
//!   *arming*) pushes its slot on the driver's chain.
//! - **Reports.** The only channels between a body and its generator are the
//!   yielded value, the resume argument and side channels. When a body
//!   suspends inside a delegation it writes its slot's id to a thread-local
//!   ("report") right before it yields; [`Gen`](crate::engine::Gen) reads that after
//!   the resume returns (one thread-local load on every resume, the only cost
//!   on the non-delegating path) and from then on knows it is delegating
//!   (its phase holds the slot id, see the registry below). If that slot is
//!   level 0 of its chain the generator is the chain's **driver**; otherwise
//!   it is a **middle** level.
//! - **Driving.** A driver's `resume`/`send`/`throw`/`close` step the
//!   innermost slot directly ([`drive`]). A value is one hop. When the
//!   innermost completes, its result is stored in its slot, the slot is
//!   popped, and its parent (a middle generator) is resumed: its body wakes in
//!   `yield from`, finds the result in its slot and goes on, in one step.
//!   After a close (GeneratorExit), each parent is resumed by `close()`, so
//!   "ignored GeneratorExit" and a close's own error reach the next parent
//!   exactly as in R25/R26. When level 0 completes, the driver resumes its own
//!   body the same way.
//! - **Arming.** Around each step, the stepper sets a thread-local "arm":
//!   the chain and the identity of the generator it is stepping. A body that
//!   enters `yield from` during that step pushes onto the armed chain; the
//!   generator whose body it was then checks, when it reads the report, that
//!   it is the armed target. A generator driven by hand inside a body (not
//!   the target) finds that its body pushed onto someone else's chain, and
//!   splits that part off into a chain of its own, which it drives. A
//!   generator behind a wrapper that is not a pygen generator (a user's
//!   `Generator` impl) is never the target, so a wrapper always sees every
//!   value it forwards.
//! - **Entering a level costs one hop.** The first value of a new sub travels
//!   up through the body that entered `yield from` (which steps its new sub
//!   itself), afterwards the driver resumes the innermost directly. A chain
//!   entered all at once (recursion) nests these first steps on the native
//!   stack; with the `stackful` feature, past a threshold they continue on a
//!   fresh stack segment, so a 100,000-deep stackless chain does not overflow
//!   the caller's stack.
//! - **Direct calls.** A middle generator can still be reached through a
//!   [`Shared`](crate::Shared) handle. While its chain is being driven it is
//!   Running ("generator already executing", R17/R30), like every frame of a
//!   running `yield from` chain in CPython. While the chain is suspended, a
//!   direct call resumes its body, which forwards to its own sub itself
//!   (PEP 380's plain path, one hop per level below it).
//! - **Panics.** A panic in any level unwinds to the driver, which then
//!   destroys every level's body innermost first (each cleanup runs once),
//!   leaves each generator Closed, and resumes the unwind.
//! - **Registry.** A generator's phase is a `u32`; a delegating generator
//!   stores the id of its slot there, an index into a per-thread registry of
//!   live slots (a stackless body holding a delegation handle is not `Send`,
//!   so the id never crosses threads).
//!
//! One limit: a raw coroutine (not a pygen generator) that uses `yield_from!`
//! and is resumed by hand from inside a generator body it is stored in is
//! indistinguishable from that body; its delegation is then driven as the
//! body's own. Wrap such coroutines in [`Stackless`](crate::Stackless).

mod autoref;
mod chain;
mod delegation;
mod drive;
mod grow;
mod registry;
mod route;

pub use autoref::__private;
pub(crate) use chain::Slot;
pub use delegation::Delegation;
pub(crate) use drive::{Driven, drive};
pub(crate) use registry::{FIRST_ID, discard_report, reported};
pub(crate) use route::{Route, adopt, frames, is_executing, route};

use crate::machine::RawStep;
use crate::{Error, Generator, GeneratorState, Outcome, Resume};

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

    /// What this is, as [`Generator::yielding_from`] reports it: by default
    /// the type's short name and no state.
    fn frame(&self) -> Frame {
        Frame {
            name: short_type_name(std::any::type_name::<Self>()),
            state: None,
        }
    }

    /// The frames this delegate itself delegates to, outer → inner.
    fn inner_frames(&self) -> Vec<Frame> {
        Vec::new()
    }

    #[doc(hidden)]
    /// The identity of the pygen generator [`step`](Delegate::step) resumes
    /// (see [`Generator::__pygen_id`]), 0 if none.
    fn __pygen_id(&self) -> usize {
        0
    }

    #[doc(hidden)]
    /// After a panic: see [`Generator::__pygen_abandon`].
    fn __pygen_abandon(&mut self) {}
}

impl<G: Generator> Delegate<G::Send, G::Error> for G {
    type Yield = G::Item;
    type Output = Option<G::Return>;

    fn step(
        &mut self,
        arg: Resume<G::Send, G::Error>,
    ) -> RawStep<G::Item, Result<Option<G::Return>, Error<G::Error>>> {
        let outcome = match arg {
            Ok(None) => self.resume(),
            Ok(Some(v)) => self.send(v),
            // R25/R26: close the sub first; its failure replaces GeneratorExit.
            Err(Error::GeneratorExit) => {
                return RawStep::Complete(match self.close() {
                    Ok(_) => Err(Error::GeneratorExit),
                    Err(e) => Err(e),
                });
            }
            Err(e) => self.throw_error(e),
        };
        match outcome {
            Ok(Outcome::Yielded(y)) => RawStep::Yielded(y),
            Ok(Outcome::Returned(r)) => RawStep::Complete(Ok(Some(r))),
            Ok(Outcome::Exhausted) => RawStep::Complete(Ok(None)),
            Err(e) => RawStep::Complete(Err(e)),
        }
    }

    fn frame(&self) -> Frame {
        Frame {
            name: self.name().to_owned(),
            state: Some(self.state()),
        }
    }

    fn inner_frames(&self) -> Vec<Frame> {
        self.delegation_chain()
    }

    fn __pygen_id(&self) -> usize {
        Generator::__pygen_id(self)
    }

    fn __pygen_abandon(&mut self) {
        Generator::__pygen_abandon(self)
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

    fn step(&mut self, arg: Resume<S, E>) -> RawStep<I::Item, Result<(), Error<E>>> {
        match arg {
            Ok(None) => match self.iter.next() {
                Some(y) => RawStep::Yielded(y),
                None => RawStep::Complete(Ok(())),
            },
            Ok(Some(_)) => RawStep::Complete(Err(Error::IteratorCannotSend)),
            Err(e) => RawStep::Complete(Err(e)),
        }
    }

    fn frame(&self) -> Frame {
        Frame {
            name: short_type_name(std::any::type_name::<I>()),
            state: None,
        }
    }
}

/// One level of a `yield from` chain, as [`Generator::yielding_from`] and
/// [`Generator::delegation_chain`] report it (Python's `gi_yieldfrom`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Frame {
    /// A generator's [`name`](Generator::name); for a plain iterator, its
    /// type's name without module paths (`Range<i32>`, `IntoIter<&str>`).
    pub name: String,
    /// A generator's state; `None` for a plain iterator.
    pub state: Option<GeneratorState>,
}

/// `core::ops::range::Range<i32>` → `Range<i32>`, `alloc::vec::into_iter::IntoIter<alloc::string::String>`
/// → `IntoIter<String>`: every path keeps its last segment.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut segment_start = 0;
    let bytes = full.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' && bytes.get(i + 1) == Some(&b':') {
            // Drop the path segment just written.
            out.truncate(segment_start);
            i += 2;
            continue;
        }
        let c = bytes[i];
        out.push(c as char);
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'{' || c == b'}') {
            segment_start = out.len();
        }
        i += 1;
    }
    // Non-ASCII identifiers: fall back to the full name.
    if !full.is_ascii() {
        return full.to_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short_type_name;

    #[test]
    fn short_type_names_keep_the_last_path_segment_everywhere() {
        assert_eq!(
            short_type_name(std::any::type_name::<std::ops::Range<i32>>()),
            "Range<i32>"
        );
        assert_eq!(
            short_type_name(std::any::type_name::<std::vec::IntoIter<String>>()),
            "IntoIter<String>"
        );
        assert_eq!(
            short_type_name(std::any::type_name::<
                std::collections::hash_map::IntoIter<u8, Vec<&str>>,
            >()),
            "IntoIter<u8, Vec<&str>>"
        );
    }
}
