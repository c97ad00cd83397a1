//! Python's generator semantics, written once over a raw resumable body.
//!
//! A [`Resumable`] only knows how to resume a body with a [`Resume`] value and
//! report "yielded" or "completed". [`Gen`] turns that into Python's protocol:
//! the four states, `send`'s just-started rule, `throw` into Created/Closed
//! generators, `close` and its GeneratorExit rules, the once-only return value,
//! StopIteration escaping a body, and close-on-drop. Both backends are `Gen`s,
//! so every rule lives here and nowhere else.

use crate::delegate::{self, Driven, Frame, Route};
use crate::hook::{self, Unraisable};
use crate::{Error, GenResult, GeneratorState, Outcome, Resume};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};

mod resumable;

pub use resumable::{RawStep, Resumable};

/// What one raw resume of `B`'s body did.
type BodyStep<B> = RawStep<
    <B as Resumable>::Yield,
    Result<<B as Resumable>::Return, Error<<B as Resumable>::Error>>,
>;

/// `a::b::count_x::stackless::{{closure}}` → `a::b::count_x::stackless`.
fn body_name(name: &'static str) -> &'static str {
    name.strip_suffix("::{{closure}}").unwrap_or(name)
}

/// Where the generator is in its life: a `u32` so that a delegating
/// generator can name its slot (see [`crate::delegate`]). `Running` is not
/// stored: resuming needs `&mut Gen`, so nobody can look while it runs (see
/// [`crate::Shared`]), except at the middle levels of a driven `yield from`
/// chain, which ask the chain.
///
/// The hot path (`next` on a Suspended generator) is one compare
/// (benches/instructions.rs).
mod phase {
    /// Returned, raised, closed, or panicked. Nothing runs again.
    pub(super) const CLOSED: u32 = 0;
    /// Closed, and the body was already destroyed (after a panic inside a
    /// `yield from` chain this generator drove or was part of).
    pub(super) const ABANDONED: u32 = 1;
    pub(super) const CREATED: u32 = 2;
    pub(super) const SUSPENDED: u32 = 3;
    // `crate::delegate::FIRST_ID` and above: suspended inside `yield from`,
    // delegating through the slot with this id.
}
use phase::{ABANDONED, CLOSED, CREATED, SUSPENDED};

/// Closes the generator if dropped, i.e. if the body unwinds out of a resume.
struct ClosedOnUnwind<'a>(&'a mut u32);

impl Drop for ClosedOnUnwind<'_> {
    fn drop(&mut self) {
        *self.0 = CLOSED;
    }
}

/// A generator: a [`Resumable`] driven by Python's rules.
///
/// You normally name it through [`Stackless`](crate::Stackless) or
/// [`Stackful`](crate::Stackful) and use it through the
/// [`Generator`](crate::Generator) trait.
pub struct Gen<B: Resumable> {
    // Invariant: initialised unless `phase == ABANDONED`; taken only by
    // `Drop::drop` and `abandon_body`.
    backend: ManuallyDrop<B>,
    // Invariant: the backend is resumed only in `CREATED` (with `Ok(None)`)
    // or `SUSPENDED`; a body that completed or panicked is `CLOSED` for good
    // (`run` sets it; `ClosedOnUnwind` on a panic). A delegating phase names
    // a live slot owned by this generator's body.
    phase: u32,
    // Invariant: `Some` only when Closed: how the last `Iterator::next`
    // ended the iteration, until `take_completion` takes it.
    completion: Option<Result<B::Return, Error<B::Error>>>,
}

/// Shows the body's name and the state (the body itself is a closure).
impl<B: Resumable> std::fmt::Debug for Gen<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("name", &crate::Generator::name(self))
            .field("state", &self.state_impl())
            .finish_non_exhaustive()
    }
}

impl<B: Resumable> Gen<B> {
    /// Wraps a backend whose body has not started.
    pub fn from_backend(backend: B) -> Self {
        Gen {
            backend: ManuallyDrop::new(backend),
            phase: CREATED,
            completion: None,
        }
    }

    /// This generator's identity while it does not move (the address of its
    /// phase): what a `yield from` driver compares to know whom it steps.
    fn identity(&self) -> usize {
        &self.phase as *const u32 as usize
    }

    /// Resumes the body and files the result under Python's rules.
    #[inline]
    fn run(&mut self, arg: Resume<B::Send, B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        // Callers set `SUSPENDED` first (a Created generator starts here).
        // If the body panics, the guard leaves the generator Closed (never
        // resumed again). On the normal path it is forgotten: no code runs,
        // so a resume costs no extra store (benches/instructions.rs).
        let guard = ClosedOnUnwind(&mut self.phase);
        let step = self.backend.resume(arg);
        std::mem::forget(guard);
        // One thread-local load: did the body suspend inside `yield from`?
        if delegate::reported() {
            return self.adopt(step);
        }
        self.file(step)
    }

    #[inline]
    fn file(&mut self, step: BodyStep<B>) -> GenResult<B::Yield, B::Return, B::Error> {
        match step {
            // Already Suspended (see the callers): nothing to store.
            RawStep::Yielded(y) => Ok(Outcome::Yielded(y)),
            RawStep::Complete(done) => {
                self.phase = CLOSED;
                match done {
                    Ok(r) => Ok(Outcome::Returned(r)),
                    // R18: a stop from inside is not the generator's own return.
                    Err(Error::StopIteration) => Err(Error::RaisedStopIteration),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// The body suspended inside `yield from`: from now on this generator
    /// drives the chain or is a level of one (see [`crate::delegate`]).
    #[cold]
    #[inline(never)]
    fn adopt(&mut self, step: BodyStep<B>) -> GenResult<B::Yield, B::Return, B::Error> {
        if let RawStep::Yielded(_) = step {
            let me = self.identity();
            let backend = &*self.backend;
            if let Some(id) =
                delegate::adopt::<B::Yield, B::Send, B::Error>(me, |at| backend.owns(at))
            {
                self.phase = id;
            }
        } else {
            delegate::discard_report();
        }
        self.file(step)
    }

    /// A call on a generator suspended inside `yield from`.
    #[cold]
    #[inline(never)]
    fn delegated(
        &mut self,
        arg: Resume<B::Send, B::Error>,
    ) -> GenResult<B::Yield, B::Return, B::Error> {
        match delegate::route(self.phase, self.identity()) {
            Route::AlreadyExecuting => Err(Error::AlreadyExecuting),
            Route::Body => {
                self.phase = SUSPENDED;
                self.run(arg)
            }
            Route::Drive(chain) => {
                // SAFETY: this generator adopted the chain's level 0 with its
                // own types (`adopt` checks them), and drives it.
                let driven = unsafe { delegate::drive::<B::Yield, B::Send, B::Error>(chain, arg) };
                match driven {
                    Ok(Driven::Yielded(y)) => Ok(Outcome::Yielded(y)),
                    // Level 0 completed: the body takes the result from its slot.
                    Ok(Driven::Done { closing }) => {
                        self.phase = SUSPENDED;
                        self.run(if closing {
                            Err(Error::GeneratorExit)
                        } else {
                            Ok(None)
                        })
                    }
                    Err(payload) => {
                        self.abandon_body();
                        panic::resume_unwind(payload)
                    }
                }
            }
        }
    }

    /// After a panic inside a `yield from` chain: destroys the body now (its
    /// cleanup runs here, once) and leaves the generator Closed.
    fn abandon_body(&mut self) {
        if self.phase == ABANDONED {
            return;
        }
        self.phase = ABANDONED;
        // SAFETY: `backend` is initialised (not ABANDONED before), and the
        // phase now says it is gone, so nothing takes it again.
        let backend = unsafe { ManuallyDrop::take(&mut self.backend) };
        let name = body_name(backend.name());
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || drop(backend))) {
            hook::report(&Unraisable::new(
                name,
                format!("panic: {}", hook::panic_message(&*payload)),
            ));
        }
    }

    #[inline]
    fn resume_impl(&mut self) -> GenResult<B::Yield, B::Return, B::Error> {
        // One compare on the hot path (Suspended); the rest is the cold start,
        // the end, or a delegation.
        if self.phase != SUSPENDED {
            if self.phase < CREATED {
                return Ok(Outcome::Exhausted);
            }
            if self.phase != CREATED {
                return self.delegated(Ok(None));
            }
            self.phase = SUSPENDED; // Created: the body starts now
        }
        self.run(Ok(None))
    }

    fn send_impl(&mut self, value: B::Send) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase {
            SUSPENDED => self.run(Ok(Some(value))),
            CREATED => Err(Error::SendToJustStarted),
            CLOSED | ABANDONED => Ok(Outcome::Exhausted),
            _ => self.delegated(Ok(Some(value))),
        }
    }

    fn throw_impl(&mut self, error: Error<B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase {
            SUSPENDED => self.run(Err(error)),
            CREATED => {
                // R7: raised before any body code runs. R18 holds here too,
                // as in CPython 3.10/3.11 (3.12 and 3.13 let a StopIteration
                // escape a never-started generator unchanged, a PEP 479 hole
                // that CPython's debug build asserts against).
                self.phase = CLOSED;
                match error {
                    Error::StopIteration => Err(Error::RaisedStopIteration),
                    e => Err(e),
                }
            }
            CLOSED | ABANDONED => Err(error),
            _ => self.delegated(Err(error)),
        }
    }

    fn close_impl(&mut self) -> Result<Option<B::Return>, Error<B::Error>> {
        let outcome = match self.phase {
            CREATED => {
                self.phase = CLOSED;
                return Ok(None);
            }
            CLOSED | ABANDONED => return Ok(None),
            SUSPENDED => self.run(Err(Error::GeneratorExit)),
            _ => self.delegated(Err(Error::GeneratorExit)),
        };
        match outcome {
            Ok(Outcome::Yielded(_)) => Err(Error::IgnoredGeneratorExit),
            Ok(Outcome::Returned(r)) => Ok(Some(r)),
            Ok(Outcome::Exhausted) | Err(Error::GeneratorExit) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn state_impl(&self) -> GeneratorState {
        match self.phase {
            CREATED => GeneratorState::Created,
            SUSPENDED => GeneratorState::Suspended,
            CLOSED | ABANDONED => GeneratorState::Closed,
            id if delegate::is_executing(id) => GeneratorState::Running,
            _ => GeneratorState::Suspended,
        }
    }
}

impl<B: Resumable> Iterator for Gen<B> {
    type Item = B::Yield;

    #[inline]
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
        if self.phase == ABANDONED {
            return "generator";
        }
        body_name(self.backend.name())
    }

    fn delegation_chain(&self) -> Vec<Frame> {
        if self.phase >= delegate::FIRST_ID {
            delegate::frames(self.phase)
        } else {
            Vec::new()
        }
    }

    fn __pygen_id(&self) -> usize {
        self.identity()
    }

    fn __pygen_abandon(&mut self) {
        self.abandon_body();
    }
}

impl<B: Resumable> Drop for Gen<B> {
    /// R16: a Suspended generator is closed (its cleanup runs, here and now);
    /// Created and Closed ones run nothing. Nothing escapes: an error or a panic
    /// while closing, and an error that ended an iteration but was never taken,
    /// go to the [unraisable hook](crate::set_unraisable_hook).
    #[inline]
    fn drop(&mut self) {
        if self.phase == ABANDONED {
            return;
        }
        // SAFETY: `backend` is initialised (not ABANDONED), this is the last
        // place that takes it, and `self` is not used afterwards.
        let backend = unsafe { ManuallyDrop::take(&mut self.backend) };
        // One inlined check for the common cases (nothing to close, nothing
        // to report): then the backend is just dropped. The rest goes out of
        // line BY VALUE, so the address of a generator never escapes and the
        // optimiser can keep its state in registers (benches/instructions.rs).
        if self.phase >= SUSPENDED || matches!(self.completion, Some(Err(_))) {
            Self::drop_slow(Gen {
                backend: ManuallyDrop::new(backend),
                phase: self.phase,
                completion: self.completion.take(),
            });
        }
    }
}

impl<B: Resumable> Gen<B> {
    #[inline(never)]
    fn drop_slow(mut g: Self) {
        let name = body_name(g.backend.name());
        if g.phase >= SUSPENDED {
            match panic::catch_unwind(AssertUnwindSafe(|| g.close_impl())) {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => hook::report(&Unraisable::new(name, e.describe())),
                Err(payload) => hook::report(&Unraisable::new(
                    name,
                    format!("panic: {}", hook::panic_message(&*payload)),
                )),
            }
        } else if let Some(Err(e)) = &g.completion {
            hook::report(&Unraisable::new(
                name,
                format!("{} (ended an iteration, never taken)", e.describe()),
            ));
        }
        if g.phase == ABANDONED {
            return;
        }
        // Nothing left to close or report: `g`'s own drop only drops the backend.
        g.phase = CLOSED;
        g.completion = None;
        // That destroys what is left of the body (the locals of a body that
        // ignored GeneratorExit): a destructor that panics there is reported,
        // never raised out of `Drop` (which would abort during an unwind).
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || drop(g))) {
            hook::report(&Unraisable::new(
                name,
                format!("panic: {}", hook::panic_message(&*payload)),
            ));
        }
    }
}
