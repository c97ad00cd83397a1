//! The seam a backend implements: a body that resumes and reports a step.

use crate::{Error, Resume};

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
/// Contract for implementors: [`Gen`](super::Gen) calls `resume` only while the body is
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

    /// Whether `address` lies in the body's own state (used to check that a
    /// `yield from` report came from this body). By default `true`.
    fn owns(&self, address: usize) -> bool {
        let _ = address;
        true
    }
}
