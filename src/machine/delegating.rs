//! A generator suspended inside `yield from`: it drives the chain of frames
//! its body handed up, or is one level of an outer generator's chain (see
//! [`crate::delegate::chain`]).

use super::{BodyStep, Gen, Phase, Resumable, body_name};
use crate::delegate::chain::{self, Driven, Link, Ptr, SubStep, YieldFrom};
use crate::hook::{self, Unraisable};
use crate::{Error, GenResult, Outcome, RawStep, Resume};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};

impl<B: Resumable> Gen<B> {
    /// The body's root frame, while `Delegating`. Inlined: it must not give
    /// a call the generator's address (see [`delegated`](Self::delegated)).
    #[inline(always)]
    pub(super) fn root(&self) -> Ptr<B::Yield, B::Send, B::Error> {
        self.backend
            .__link()
            .expect("pygen: a delegating body has handed up its frame")
    }

    /// A call on a generator suspended inside `yield from`: `arg` goes to the
    /// innermost level of the chain; when the root frame's sub ends, the body
    /// goes on from its `yield from`.
    ///
    /// Inlined, and no call here is given the generator's address (only the
    /// root frame's, which the body owns elsewhere; the backend moves out by
    /// value to be destroyed): a generator whose address escapes, even on a
    /// cold path, cannot be kept in registers, and every plain `next` would
    /// pay for it (benches/instructions).
    #[inline(always)]
    pub(super) fn delegated(
        &mut self,
        mut arg: Resume<B::Send, B::Error>,
    ) -> GenResult<B::Yield, B::Return, B::Error> {
        loop {
            let root = self.root();
            // SAFETY: `Delegating`: `root` is the linked root frame of this
            // generator's suspended body, which nothing else can reach.
            let driven =
                panic::catch_unwind(AssertUnwindSafe(move || unsafe { chain::drive(root, arg) }));
            match driven {
                Ok(Driven::Yielded(y)) => return Ok(Outcome::Yielded(y)),
                Ok(Driven::Done) => {
                    // The body takes the sub's result from the root frame.
                    self.phase = Phase::Suspended;
                    match self.raw_run(Ok(None)) {
                        BodyStep::Delegating => {
                            self.phase = Phase::Delegating;
                            arg = Ok(None);
                        }
                        BodyStep::Yielded(y) => return Ok(Outcome::Yielded(y)),
                        BodyStep::Complete(done) => return self.complete(done),
                    }
                }
                Err(payload) => {
                    // SAFETY: as above; the panic has left `drive`.
                    unsafe { chain::abandon(root) };
                    self.abandon_body();
                    panic::resume_unwind(payload)
                }
            }
        }
    }

    /// After a panic in a `yield from` chain: destroys the body now (its
    /// cleanup runs here, once) and leaves the generator Closed.
    #[inline(always)]
    pub(super) fn abandon_body(&mut self) {
        if self.phase == Phase::Abandoned {
            return;
        }
        if self.phase == Phase::Delegating {
            // SAFETY: `Delegating`: the root frame is linked and owned by the body.
            unsafe { chain::unlink(self.root()) };
        }
        self.phase = Phase::Abandoned;
        self.completion = None;
        // SAFETY: `backend` is initialised (not `Abandoned` before) and the
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

    /// A step inside a `yield from` chain (see [`crate::Delegate`]).
    pub(super) fn chain_step(
        &mut self,
        arg: Resume<B::Send, B::Error>,
    ) -> SubStep<B::Yield, B::Send, B::Error, Option<B::Return>> {
        let runs = match (&arg, self.phase) {
            (Err(Error::GeneratorExit), _) => false,
            (_, Phase::Suspended) => true,
            (Ok(None), Phase::Created) => !self.closed_unstarted(),
            _ => false,
        };
        if !runs {
            // Closing, a delegating sub (it drives its own chain), or a rule
            // that runs no body code: Python's generator methods.
            return match crate::delegate::opaque_step(self, arg) {
                RawStep::Yielded(y) => SubStep::Yielded(y),
                RawStep::Complete(done) => SubStep::Done(done),
            };
        }
        self.phase = Phase::Suspended;
        let step = self.raw_run(arg);
        self.sub_step(step)
    }

    pub(super) fn sub_step(
        &mut self,
        step: BodyStep<B>,
    ) -> SubStep<B::Yield, B::Send, B::Error, Option<B::Return>> {
        match step {
            BodyStep::Yielded(y) => SubStep::Yielded(y),
            BodyStep::Delegating => {
                self.phase = Phase::Delegating;
                SubStep::Entered(Link::new(self.root()))
            }
            BodyStep::Complete(done) => {
                self.phase = Phase::Closed;
                SubStep::Done(match done {
                    Ok(r) => Ok(Some(r)),
                    Err(Error::StopIteration) => Err(Error::RaisedStopIteration),
                    Err(e) => Err(e),
                })
            }
        }
    }

    /// The root frame's sub ended while this generator was a level of an
    /// outer chain: its body goes on from its `yield from`.
    pub(super) fn chain_deliver(
        &mut self,
        closing: bool,
    ) -> SubStep<B::Yield, B::Send, B::Error, Option<B::Return>> {
        debug_assert!(self.phase == Phase::Delegating);
        self.phase = Phase::Suspended;
        let step = self.raw_run(Ok(None));
        if !closing {
            return self.sub_step(step);
        }
        // This level is being closed (R25/R26): its outcome is judged as
        // `close()` judges it, then as a parent's `yield from` sees a closed sub.
        let outcome = self.file(step);
        SubStep::Done(match Self::closed(outcome) {
            Ok(_) => Err(Error::GeneratorExit),
            Err(e) => Err(e),
        })
    }

    pub(super) fn chain_view(&self) -> Vec<YieldFrom> {
        let mut out = Vec::new();
        if self.phase == Phase::Delegating {
            // SAFETY: `Delegating`: the root frame is linked, and `&self`
            // means nobody drives the chain now.
            unsafe { chain::describe(self.root(), &mut out) };
        }
        out
    }
}
