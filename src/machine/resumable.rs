//! The seam: what a backend implements, and what one resume of its body did.

use super::RawStep;
use crate::delegate::chain::{self, Ptr};
use crate::{Error, Resume};

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

    /// Like [`resume`](Self::resume), for a body that can also suspend
    /// inside `yield from` (pygen's own backends). By default, `resume`.
    #[doc(hidden)]
    #[inline(always)]
    fn __resume(&mut self, arg: Resume<Self::Send, Self::Error>) -> BodyStep<Self> {
        match self.resume(arg) {
            RawStep::Yielded(y) => BodyStep::Yielded(y),
            RawStep::Complete(c) => BodyStep::Complete(c),
        }
    }

    /// Whether the body can suspend inside `yield from` (report
    /// [`BodyStep::Delegating`]); when it cannot, a generator compiles no
    /// delegation code at all, so its own calls stay small enough to inline.
    #[doc(hidden)]
    const __DELEGATES: bool = false;

    /// Whether resuming the body already gives the generator's address away
    /// (a stackful body resumes through a handle inside it), so that keeping
    /// rarely-run code out of line costs nothing.
    #[doc(hidden)]
    const __IN_MEMORY: bool = false;

    /// The frame the body handed up when [`__resume`](Self::__resume) last
    /// reported [`BodyStep::Delegating`].
    #[doc(hidden)]
    fn __link(&self) -> Option<Ptr<Self::Yield, Self::Send, Self::Error>> {
        None
    }
}

/// What one resume of a body did, `yield from` included.
#[doc(hidden)]
#[derive(Debug)]
pub enum BodyStep<B: Resumable + ?Sized> {
    Yielded(B::Yield),
    Complete(Result<B::Return, Error<B::Error>>),
    /// The body suspended inside `yield from`; [`Resumable::__link`] gives
    /// the frame it handed up.
    Delegating,
}

impl<B: Resumable + ?Sized> BodyStep<B> {
    /// The step as [`Resumable::resume`] reports it, for a body whose
    /// `yield from` frames only its own generator can drive (a resume by
    /// anything else that meets one is a bug in pygen).
    #[doc(hidden)]
    #[allow(clippy::type_complexity)]
    pub fn into_raw(self) -> RawStep<B::Yield, Result<B::Return, Error<B::Error>>> {
        match self {
            BodyStep::Yielded(y) => RawStep::Yielded(y),
            BodyStep::Complete(c) => RawStep::Complete(c),
            BodyStep::Delegating => {
                unreachable!("pygen: a delegating body is resumed by its own generator")
            }
        }
    }

    /// What a body's raw yield of a [`Step`](chain::Step) means; `link` keeps
    /// the frame handed up.
    #[doc(hidden)]
    #[inline(always)]
    pub fn from_step(
        step: chain::Step<B::Yield, B::Send, B::Error>,
        link: &mut chain::RootSlot<B::Yield, B::Send, B::Error>,
    ) -> Self {
        match step {
            chain::Step::Value(y) => BodyStep::Yielded(y),
            chain::Step::Delegate(l) => {
                link.0 = Some(l.ptr());
                BodyStep::Delegating
            }
        }
    }
}
