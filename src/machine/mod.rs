//! Python's generator semantics, written once over a raw resumable body.
//!
//! A [`Resumable`] only knows how to resume a body with a [`Resume`] value and
//! report "yielded" or "completed". [`Gen`] turns that into Python's protocol:
//! the four states, `send`'s just-started rule, `throw` into Created/Closed
//! generators, `close` and its GeneratorExit rules, the once-only return value,
//! StopIteration escaping a body, and close-on-drop. Both backends are `Gen`s,
//! so every rule lives here and nowhere else.

use crate::delegate::chain::{SubStep, YieldFrom};
use crate::{Error, GenResult, GeneratorState, Outcome, Resume};
use std::mem::ManuallyDrop;

mod resumable;

pub(crate) use resumable::BodyStep;
pub use resumable::Resumable;

/// What one raw resume of a body did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawStep<Y, C> {
    /// The body paused at a `yield` with this value.
    Yielded(Y),
    /// The body finished with this completion (its return value or error).
    Complete(C),
}

/// `a::b::count_x::stackless::{{closure}}` → `a::b::count_x::stackless`.
fn body_name(name: &'static str) -> &'static str {
    name.strip_suffix("::{{closure}}").unwrap_or(name)
}

/// Where the generator is in its life. `Running` is not stored: resuming needs
/// `&mut Gen`, so nobody can look while it runs (see [`crate::Shared`]).
///
/// A plain byte, apart from the completion, so that the hot path (`next` on a
/// Suspended generator) is one compare (benches/instructions.rs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Returned, raised, closed, or panicked. Nothing runs again.
    Closed,
    /// The body has not started; Closed, though, once a throw closed a
    /// stackless generator before it started (`Gen::closed_unstarted`).
    Created,
    Suspended,
    /// Suspended inside `yield from`: calls go to the chain of frames under
    /// the body's root frame ([`Resumable::__link`]).
    Delegating,
    /// Closed after a panic in a `yield from` chain, and the body already
    /// destroyed: `backend` is gone.
    Abandoned,
}

/// Closes the generator if dropped, i.e. if the body unwinds out of a resume.
struct ClosedOnUnwind<'a>(&'a mut Phase);

impl Drop for ClosedOnUnwind<'_> {
    fn drop(&mut self) {
        *self.0 = Phase::Closed;
    }
}

/// A generator: a [`Resumable`] driven by Python's rules.
///
/// You normally name it through [`Stackless`](crate::Stackless) or
/// [`Stackful`](crate::Stackful) and use it through the
/// [`Generator`](crate::Generator) trait.
pub struct Gen<B: Resumable> {
    // Invariant: initialised unless `phase` is `Abandoned`; taken only by
    // `Drop::drop` and `abandon_body`.
    backend: ManuallyDrop<B>,
    // Invariant: the backend is resumed only in `Created` (with `Ok(None)`)
    // or `Suspended`, or when its root frame's sub ended (`Delegating`); a
    // body that completed or panicked is `Closed` for good (`run` sets it;
    // `ClosedOnUnwind` on a panic). `Delegating` means the backend's link is
    // a linked root frame owned by the body.
    phase: Phase,
    // Invariant: `Some` only when `Closed`: how the last `Iterator::next`
    // ended the iteration, until `take_completion` takes it.
    completion: Option<Result<B::Return, Error<B::Error>>>,
    // Invariant: `true` once a throw closed a stackless generator before its
    // body started (R7). It is Closed from then on, though `phase` still says
    // `Created` (until a `close()` stores `Closed`): the rules read the phase
    // through [`phase`](Self::phase), or test this beside `Created`. Kept
    // apart from `phase` so that a throw never writes `phase` without
    // resuming the body: in a loop of throws into a Suspended generator, the
    // optimiser then sees that the phase stays Suspended, tests it once, and
    // keeps the body's state in registers (benches/instructions). Never set
    // for a backend whose generator is in memory anyway (stackful, see
    // [`Resumable::__IN_MEMORY`]): its throw is out of line, so it stores
    // `Closed` in `phase` and its start needs no second test.
    closed_unstarted: bool,
}

impl<B: Resumable> std::fmt::Debug for Gen<B> {
    /// The body's name and the state: `Gen { name: "count_x::stackless", state: Suspended }`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gen")
            .field("name", &crate::Generator::name(self))
            .field("state", &self.state_impl())
            .finish()
    }
}

impl<B: Resumable> Gen<B> {
    /// Wraps a backend whose body has not started.
    pub fn from_backend(backend: B) -> Self {
        Gen {
            backend: ManuallyDrop::new(backend),
            phase: Phase::Created,
            completion: None,
            closed_unstarted: false,
        }
    }

    /// The phase every rule goes by: `Closed` for a generator that a throw
    /// closed before its body started (see `closed_unstarted`). The hot paths
    /// test `self.phase` against `Suspended` or `Delegating` directly, which
    /// this never changes.
    #[inline(always)]
    fn phase(&self) -> Phase {
        match self.phase {
            Phase::Created if self.closed_unstarted() => Phase::Closed,
            phase => phase,
        }
    }

    /// `closed_unstarted`, known `false` at compile time for a backend that
    /// never sets it.
    #[inline(always)]
    fn closed_unstarted(&self) -> bool {
        !B::__IN_MEMORY && self.closed_unstarted
    }

    /// Resumes the body and files the result under Python's rules.
    #[inline]
    pub(super) fn run(
        &mut self,
        arg: Resume<B::Send, B::Error>,
    ) -> GenResult<B::Yield, B::Return, B::Error> {
        // Callers set `Suspended` first (a Created generator starts here).
        // If the body panics, the guard leaves the generator Closed (never
        // resumed again). On the normal path it is forgotten: no code runs,
        // so a resume costs no extra store (benches/instructions.rs).
        let step = self.raw_run(arg);
        self.file(step)
    }

    /// Resumes the body; a panic leaves the generator Closed.
    #[inline(always)]
    pub(super) fn raw_run(&mut self, arg: Resume<B::Send, B::Error>) -> BodyStep<B> {
        let guard = ClosedOnUnwind(&mut self.phase);
        let step = self.backend.__resume(arg);
        std::mem::forget(guard);
        step
    }

    /// Files what the body did under Python's rules.
    #[inline(always)]
    pub(super) fn file(&mut self, step: BodyStep<B>) -> GenResult<B::Yield, B::Return, B::Error> {
        match step {
            // Already Suspended (see the callers): nothing to store.
            BodyStep::Yielded(y) => Ok(Outcome::Yielded(y)),
            BodyStep::Complete(done) => self.complete(done),
            BodyStep::Delegating if B::__DELEGATES => {
                self.phase = Phase::Delegating;
                self.delegated(Ok(None))
            }
            // Not reported by a body that does not delegate.
            BodyStep::Delegating => unreachable!("pygen: a body delegated without saying it can"),
        }
    }

    /// The body ended with `done`.
    #[inline(always)]
    pub(super) fn complete(
        &mut self,
        done: Result<B::Return, Error<B::Error>>,
    ) -> GenResult<B::Yield, B::Return, B::Error> {
        self.phase = Phase::Closed;
        match done {
            Ok(r) => Ok(Outcome::Returned(r)),
            // R18: a stop from inside is not the generator's own return.
            Err(Error::StopIteration) => Err(Error::RaisedStopIteration),
            Err(e) => Err(e),
        }
    }

    /// Always inline, as [`next`](Iterator::next): with the stackful
    /// chain step inline, the compiler's own estimate keeps it out of line
    /// when the whole crate is one codegen unit (`codegen-units = 1`, fat
    /// LTO), and a stackful `next` then costs half again as much
    /// (benches/instructions).
    #[inline(always)]
    fn resume_impl(&mut self) -> GenResult<B::Yield, B::Return, B::Error> {
        // One compare on the hot path (Suspended); the rest is the cold start
        // or the end.
        if self.phase != Phase::Suspended {
            if B::__IN_MEMORY {
                // A delegating generator's hot path, inline: the stepping
                // loop then saves the registers a stack switch clobbers once,
                // not on every value.
                if B::__DELEGATES && self.phase == Phase::Delegating {
                    return self.delegated(Ok(None));
                }
                // `closed_unstarted` is never set here (see the field).
                if self.phase != Phase::Created {
                    return self.resume_elsewhere();
                }
                // The body starts here, inline: a generator made to be
                // resumed once or twice (a node of a recursive walk) would
                // otherwise pay a call to the out-of-line path for its start.
                self.phase = Phase::Suspended;
                return self.run(Ok(None));
            }
            match self.phase {
                // The body starts now.
                Phase::Created if !self.closed_unstarted() => self.phase = Phase::Suspended,
                Phase::Delegating if B::__DELEGATES => return self.delegated(Ok(None)),
                _ => return Ok(Outcome::Exhausted),
            }
        }
        self.run(Ok(None))
    }

    /// `resume_impl` for a generator that is finished (or, for completeness,
    /// in any phase), off the hot path, for a backend whose generator is in
    /// memory anyway (see [`Resumable::__IN_MEMORY`]): kept out of the loop
    /// that calls `next`.
    #[cold]
    #[inline(never)]
    fn resume_elsewhere(&mut self) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase() {
            Phase::Suspended => {}
            Phase::Created => self.phase = Phase::Suspended, // the body starts now
            Phase::Delegating if B::__DELEGATES => return self.delegated(Ok(None)),
            Phase::Closed | Phase::Abandoned | Phase::Delegating => return Ok(Outcome::Exhausted),
        }
        self.run(Ok(None))
    }

    #[inline]
    fn send_impl(&mut self, value: B::Send) -> GenResult<B::Yield, B::Return, B::Error> {
        if self.phase == Phase::Suspended {
            return self.run(Ok(Some(value)));
        }
        if B::__IN_MEMORY {
            // As in `resume_impl`.
            if B::__DELEGATES && self.phase == Phase::Delegating {
                return self.delegated(Ok(Some(value)));
            }
            return self.send_elsewhere(value);
        }
        self.send_other(value)
    }

    /// See [`resume_elsewhere`](Self::resume_elsewhere).
    #[cold]
    #[inline(never)]
    fn send_elsewhere(&mut self, value: B::Send) -> GenResult<B::Yield, B::Return, B::Error> {
        self.send_other(value)
    }

    #[inline(always)]
    fn send_other(&mut self, value: B::Send) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase() {
            Phase::Suspended => self.run(Ok(Some(value))),
            Phase::Created => Err(Error::SendToJustStarted),
            Phase::Delegating if B::__DELEGATES => self.delegated(Ok(Some(value))),
            Phase::Closed | Phase::Abandoned | Phase::Delegating => Ok(Outcome::Exhausted),
        }
    }

    #[inline]
    fn throw_impl(&mut self, error: Error<B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        // One compare on the hot path. The rest is inline for a stackless
        // body, as in `send_impl`: the optimiser sees that no other phase
        // leads back to Suspended (a throw into a Created generator writes
        // `closed_unstarted`, not `phase`), so a loop of throws into a
        // Suspended generator tests the phase once, not on every call.
        if self.phase == Phase::Suspended {
            return self.run(Err(error));
        }
        if B::__IN_MEMORY {
            return self.throw_elsewhere(error);
        }
        self.throw_other(error)
    }

    /// See [`resume_elsewhere`](Self::resume_elsewhere).
    #[cold]
    #[inline(never)]
    fn throw_elsewhere(
        &mut self,
        error: Error<B::Error>,
    ) -> GenResult<B::Yield, B::Return, B::Error> {
        self.throw_other(error)
    }

    #[inline(always)]
    fn throw_other(&mut self, error: Error<B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase() {
            Phase::Suspended => self.run(Err(error)),
            Phase::Created => {
                // R7: raised before any body code runs. R18 holds here too,
                // as in CPython 3.10/3.11 (3.12 and 3.13 let a StopIteration
                // escape a never-started generator unchanged, a PEP 479 hole
                // that CPython's debug build asserts against). Closed: see
                // `closed_unstarted` for where that is stored.
                if B::__IN_MEMORY {
                    self.phase = Phase::Closed;
                } else {
                    self.closed_unstarted = true;
                }
                match error {
                    Error::StopIteration => Err(Error::RaisedStopIteration),
                    e => Err(e),
                }
            }
            Phase::Delegating if B::__DELEGATES => self.delegated(Err(error)),
            Phase::Closed | Phase::Abandoned | Phase::Delegating => Err(error),
        }
    }

    pub(super) fn close_impl(&mut self) -> Result<Option<B::Return>, Error<B::Error>> {
        // The phase as stored: a generator closed before it started
        // (`closed_unstarted`) is closed again, to the same effect.
        match self.phase {
            Phase::Created => {
                self.phase = Phase::Closed;
                Ok(None)
            }
            Phase::Suspended => Self::closed(self.run(Err(Error::GeneratorExit))),
            // R25: the innermost level is closed first, then each parent.
            Phase::Delegating if B::__DELEGATES => {
                Self::closed(self.delegated(Err(Error::GeneratorExit)))
            }
            Phase::Closed | Phase::Abandoned | Phase::Delegating => Ok(None),
        }
    }

    /// What `close()` returns, from what the body did with GeneratorExit (R12–R14).
    pub(super) fn closed(
        outcome: GenResult<B::Yield, B::Return, B::Error>,
    ) -> Result<Option<B::Return>, Error<B::Error>> {
        match outcome {
            Ok(Outcome::Yielded(_)) => Err(Error::IgnoredGeneratorExit),
            Ok(Outcome::Returned(r)) => Ok(Some(r)),
            Ok(Outcome::Exhausted) | Err(Error::GeneratorExit) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub(super) fn state_impl(&self) -> GeneratorState {
        match self.phase() {
            Phase::Created => GeneratorState::Created,
            Phase::Suspended | Phase::Delegating => GeneratorState::Suspended,
            Phase::Closed | Phase::Abandoned => GeneratorState::Closed,
        }
    }
}

impl<B: Resumable> Iterator for Gen<B> {
    type Item = B::Yield;

    // Always inline: see `resume_impl`.
    #[inline(always)]
    fn next(&mut self) -> Option<B::Yield> {
        match self.resume_impl() {
            Ok(Outcome::Yielded(y)) => Some(y),
            Ok(Outcome::Exhausted) => None,
            Ok(Outcome::Returned(r)) => {
                self.completion = Some(Ok(r));
                None
            }
            Err(e) => {
                self.completion = Some(Err(e));
                None
            }
        }
    }
}

impl<B: Resumable> std::iter::FusedIterator for Gen<B> {}

impl<B: Resumable> crate::Generator for Gen<B> {
    type Send = B::Send;
    type Return = B::Return;
    type Error = B::Error;

    #[inline]
    fn resume(&mut self) -> GenResult<B::Yield, B::Return, B::Error> {
        self.resume_impl()
    }

    #[inline]
    fn send(&mut self, value: B::Send) -> GenResult<B::Yield, B::Return, B::Error> {
        self.send_impl(value)
    }

    fn throw_error(&mut self, error: Error<B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        self.throw_impl(error)
    }

    fn close(&mut self) -> Result<Option<B::Return>, Error<B::Error>> {
        self.close_impl()
    }

    fn state(&self) -> GeneratorState {
        self.state_impl()
    }

    fn take_completion(&mut self) -> Option<Result<B::Return, Error<B::Error>>> {
        self.completion.take()
    }

    fn name(&self) -> &'static str {
        if self.phase == Phase::Abandoned {
            return std::any::type_name::<B>();
        }
        body_name(self.backend.name())
    }

    fn delegation_chain(&self) -> Vec<YieldFrom> {
        self.chain_view()
    }

    fn __gen_chain_step(
        &mut self,
        arg: Resume<B::Send, B::Error>,
    ) -> SubStep<B::Yield, B::Send, B::Error, Option<B::Return>> {
        self.chain_step(arg)
    }

    fn __gen_chain_deliver(
        &mut self,
        closing: bool,
    ) -> SubStep<B::Yield, B::Send, B::Error, Option<B::Return>> {
        self.chain_deliver(closing)
    }

    fn __gen_chain_abandon(&mut self) {
        self.abandon_body();
    }
}

mod delegating;
mod drop;
