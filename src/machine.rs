//! Python's generator semantics, written once over a raw resumable body.
//!
//! A [`Resumable`] only knows how to resume a body with a [`Resume`] value and
//! report "yielded" or "completed". [`Gen`] turns that into Python's protocol:
//! the four states, `send`'s just-started rule, `throw` into Created/Closed
//! generators, `close` and its GeneratorExit rules, the once-only return value,
//! StopIteration escaping a body, and close-on-drop. Both backends are `Gen`s,
//! so every rule lives here and nowhere else.

use crate::hook::{self, Unraisable};
use crate::{Error, GenResult, GeneratorState, Outcome, Resume};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};

/// What one raw resume of a body did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawStep<Y, C> {
    /// The body paused at a `yield` with this value.
    Yielded(Y),
    /// The body finished with this completion (its return value or error).
    Complete(C),
}

/// A resumable body: the part of a generator that differs between backends.
///
/// Contract for implementors: [`Gen`] calls `resume` only while the body is
/// not finished, and the first call's argument is always `Ok(None)`. A panic
/// in the body unwinds out of `resume`; `Gen` never resumes the body again
/// after that.
pub trait Resumable {
    /// Values the body yields.
    type Yield;
    /// Values the caller sends.
    type Send;
    /// What the body returns.
    type Return;
    /// The body's own error type.
    type Error: std::fmt::Debug;

    /// Runs the body from its current pause (or its start) to the next
    /// `yield` or to its end.
    #[allow(clippy::type_complexity)]
    fn resume(
        &mut self,
        arg: Resume<Self::Send, Self::Error>,
    ) -> RawStep<Self::Yield, Result<Self::Return, Error<Self::Error>>>;

    /// A name for reports (the [unraisable hook](crate::set_unraisable_hook)):
    /// by default the type's name; backends give their body's.
    fn name(&self) -> &'static str {
        std::any::type_name::<Self>()
    }
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
    Created,
    Suspended,
    /// Returned, raised, closed, or panicked. Nothing runs again.
    Closed,
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
    // Invariant: initialised until `Drop::drop` takes it (the only place).
    backend: ManuallyDrop<B>,
    // Invariant: the backend is resumed only in `Created` (with `Ok(None)`)
    // or `Suspended`; a body that completed or panicked is `Closed` for good
    // (`run` sets it; `ClosedOnUnwind` on a panic).
    phase: Phase,
    // Invariant: `Some` only when `Closed`: how the last `Iterator::next`
    // ended the iteration, until `take_completion` takes it.
    completion: Option<Result<B::Return, Error<B::Error>>>,
}

impl<B: Resumable> Gen<B> {
    /// Wraps a backend whose body has not started.
    pub fn from_backend(backend: B) -> Self {
        Gen {
            backend: ManuallyDrop::new(backend),
            phase: Phase::Created,
            completion: None,
        }
    }

    /// Resumes the body and files the result under Python's rules.
    #[inline]
    fn run(&mut self, arg: Resume<B::Send, B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        // Callers set `Suspended` first (a Created generator starts here).
        // If the body panics, the guard leaves the generator Closed (never
        // resumed again). On the normal path it is forgotten: no code runs,
        // so a resume costs no extra store (benches/instructions.rs).
        let guard = ClosedOnUnwind(&mut self.phase);
        let step = self.backend.resume(arg);
        std::mem::forget(guard);
        match step {
            // Already Suspended (see the callers): nothing to store.
            RawStep::Yielded(y) => Ok(Outcome::Yielded(y)),
            RawStep::Complete(done) => {
                self.phase = Phase::Closed;
                match done {
                    Ok(r) => Ok(Outcome::Returned(r)),
                    // R18: a stop from inside is not the generator's own return.
                    Err(Error::StopIteration) => Err(Error::RaisedStopIteration),
                    Err(e) => Err(e),
                }
            }
        }
    }

    #[inline]
    fn resume_impl(&mut self) -> GenResult<B::Yield, B::Return, B::Error> {
        // One compare on the hot path (Suspended); the rest is the cold start
        // or the end.
        if self.phase != Phase::Suspended {
            if self.phase == Phase::Closed {
                return Ok(Outcome::Exhausted);
            }
            self.phase = Phase::Suspended; // Created: the body starts now
        }
        self.run(Ok(None))
    }

    fn send_impl(&mut self, value: B::Send) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase {
            Phase::Suspended => self.run(Ok(Some(value))),
            Phase::Created => Err(Error::SendToJustStarted),
            Phase::Closed => Ok(Outcome::Exhausted),
        }
    }

    fn throw_impl(&mut self, error: Error<B::Error>) -> GenResult<B::Yield, B::Return, B::Error> {
        match self.phase {
            Phase::Suspended => self.run(Err(error)),
            Phase::Created => {
                // R7: raised before any body code runs. R18 holds here too,
                // as in CPython 3.10/3.11 (3.12 and 3.13 let a StopIteration
                // escape a never-started generator unchanged, a PEP 479 hole
                // that CPython's debug build asserts against).
                self.phase = Phase::Closed;
                match error {
                    Error::StopIteration => Err(Error::RaisedStopIteration),
                    e => Err(e),
                }
            }
            Phase::Closed => Err(error),
        }
    }

    fn close_impl(&mut self) -> Result<Option<B::Return>, Error<B::Error>> {
        match self.phase {
            Phase::Created => {
                self.phase = Phase::Closed;
                Ok(None)
            }
            Phase::Closed => Ok(None),
            Phase::Suspended => match self.run(Err(Error::GeneratorExit)) {
                Ok(Outcome::Yielded(_)) => Err(Error::IgnoredGeneratorExit),
                Ok(Outcome::Returned(r)) => Ok(Some(r)),
                Ok(Outcome::Exhausted) | Err(Error::GeneratorExit) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    fn state_impl(&self) -> GeneratorState {
        match self.phase {
            Phase::Created => GeneratorState::Created,
            Phase::Suspended => GeneratorState::Suspended,
            Phase::Closed => GeneratorState::Closed,
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
}

impl<B: Resumable> Drop for Gen<B> {
    /// R16: a Suspended generator is closed (its cleanup runs, here and now);
    /// Created and Closed ones run nothing. Nothing escapes: an error or a panic
    /// while closing, and an error that ended an iteration but was never taken,
    /// go to the [unraisable hook](crate::set_unraisable_hook).
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `backend` is initialised (field invariant), this is the
        // only place that takes it, and `self` is not used afterwards.
        let backend = unsafe { ManuallyDrop::take(&mut self.backend) };
        // One inlined check for the common cases (nothing to close, nothing
        // to report): then the backend is just dropped. The rest goes out of
        // line BY VALUE, so the address of a generator never escapes and the
        // optimiser can keep its state in registers (benches/instructions.rs).
        if self.phase == Phase::Suspended || matches!(self.completion, Some(Err(_))) {
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
        if g.phase == Phase::Suspended {
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
        // Nothing left to close or report: `g`'s own drop only drops the backend.
        g.phase = Phase::Closed;
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
