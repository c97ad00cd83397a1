//! Where frames live: on a stackful body's stack, or in a box that a
//! stackless body holds; and where a body keeps the frame it handed up.

use super::{Frame, Link, Ptr, Step, cache, frame};
use crate::{Delegate, Error};
use std::alloc::Layout;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::Ordering;

/// Where a body keeps the root frame it handed up, while it is suspended in
/// `yield from` (see [`BodyStep::from_step`](crate::machine::BodyStep::from_step)).
#[doc(hidden)]
pub struct RootSlot<Y, S, E>(pub(crate) Option<Ptr<Y, S, E>>);

impl<Y, S, E> RootSlot<Y, S, E> {
    pub(crate) const EMPTY: Self = RootSlot(None);
}

impl<Y, S, E> std::fmt::Debug for RootSlot<Y, S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RootSlot").field(&self.0).finish()
    }
}

// SAFETY: the frame lives in the state of the body that holds the slot (its
// box or its stack), so it moves between threads with the body; it is `Send`
// when the body is (the slot is only read by the body's own generator).
unsafe impl<Y: Send, S: Send, E: Send> Send for RootSlot<Y, S, E> {}

/// A frame on a stackful body's stack, for [`Co::yield_from`](crate::Co::yield_from).
pub(crate) struct StackFrame<D: Delegate<S, E>, S, E>(Frame<D, S, E>);

impl<D: Delegate<S, E>, S, E> StackFrame<D, S, E> {
    pub(crate) fn new(sub: D) -> Self {
        StackFrame(Frame::new(sub))
    }
    /// See [`Frame::link`]; the caller keeps `self` in place until the
    /// resume that follows handing the link up.
    pub(crate) fn link(&mut self) -> Link<D::Yield, S, E> {
        self.0.link()
    }
    pub(crate) fn take(&mut self) -> Result<D::Output, Error<E>> {
        self.0.take()
    }
}

impl<D: Delegate<S, E>, S, E> Drop for StackFrame<D, S, E> {
    fn drop(&mut self) {
        if self.0.header.linked.load(Ordering::Acquire) {
            // A stack frame cannot be leaked: freeing it while a generator
            // can still reach it would be unsound. Not reachable: a
            // delegating generator unlinks its chain before its body's stack
            // is unwound.
            eprintln!("pygen: a yield-from frame was destroyed while linked");
            std::process::abort();
        }
    }
}

/// Marks a [`FrameBox`] whose sub is `Send`.
#[doc(hidden)]
#[derive(Debug)]
pub struct SendSub;
/// Marks a [`FrameBox`] whose sub may not be `Send`.
#[doc(hidden)]
#[derive(Debug)]
pub struct LocalSub(PhantomData<*const ()>);

/// A boxed frame (its memory from the per-thread [`cache`]) whose sub's type
/// is erased, for `yield_from!` in a stackless
/// [`#[generator]`](crate::generator) body: the body's state holds one
/// pointer, whatever it delegates to (so a generator can delegate to itself
/// without a box of its own).
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub struct FrameBox<'a, O, Y, S, E, K> {
    header: Ptr<Y, S, E>,
    take: unsafe fn(Ptr<Y, S, E>) -> Result<O, Error<E>>,
    free: unsafe fn(Ptr<Y, S, E>),
    _owns: PhantomData<(&'a (), O, Y, S, E, K)>,
}

impl<O, Y, S, E, K> std::fmt::Debug for FrameBox<'_, O, Y, S, E, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameBox")
            .field("header", &self.header)
            .finish()
    }
}

// SAFETY: a `SendSub` box is made only from a `Send` sub (`FrameBox::sent`);
// the header's cells are touched only by the generator that owns the frame,
// which moves between threads as a whole.
unsafe impl<O: Send, Y: Send, S: Send, E: Send> Send for FrameBox<'_, O, Y, S, E, SendSub> {}

unsafe fn take_boxed<D: Delegate<S, E>, S, E>(
    h: Ptr<D::Yield, S, E>,
) -> Result<D::Output, Error<E>> {
    // SAFETY: `h` is the header of the live boxed frame its `FrameBox` owns.
    unsafe { frame::<D, S, E>(h) }.take()
}

unsafe fn free_boxed<D: Delegate<S, E>, S, E>(h: Ptr<D::Yield, S, E>) {
    /// Frees the frame's memory after its drop, also if the drop panics.
    struct Free<T>(NonNull<T>);
    impl<T> Drop for Free<T> {
        #[inline]
        fn drop(&mut self) {
            // SAFETY: the memory of a `T` from `alloc_frame`
            // (`FrameBox::boxed`), whose value is dropped (or was dropping,
            // and is never touched again), freed once, here.
            unsafe { cache::free_frame(self.0.cast(), Layout::new::<T>()) }
        }
    }
    let _free = Free(h.cast::<Frame<D, S, E>>());
    // SAFETY: `h` is the live frame of this type that `FrameBox::boxed`
    // wrote, and its `FrameBox` drops it once.
    unsafe { std::ptr::drop_in_place(h.cast::<Frame<D, S, E>>().as_ptr()) };
}

impl<'a, O, Y, S, E, K> FrameBox<'a, O, Y, S, E, K> {
    fn boxed<D>(sub: D) -> Self
    where
        D: Delegate<S, E, Yield = Y, Output = O> + 'a,
    {
        let frame = Frame::new(sub);
        let memory = cache::alloc_frame(Layout::new::<Frame<D, S, E>>()).cast::<Frame<D, S, E>>();
        // SAFETY: fresh memory for a frame of this type (its layout).
        unsafe { memory.as_ptr().write(frame) };
        FrameBox {
            header: memory.cast(),
            take: take_boxed::<D, S, E>,
            free: free_boxed::<D, S, E>,
            _owns: PhantomData,
        }
    }

    /// Hands the frame up (once).
    pub fn enter(&mut self) -> Step<Y, S, E> {
        // SAFETY: this box owns the live frame; only its header is touched.
        let h = unsafe { self.header.as_ref() };
        assert!(
            !h.linked.swap(true, Ordering::AcqRel),
            "pygen: a yield-from frame is entered once"
        );
        Step::Delegate(Link(self.header))
    }

    /// What the `yield from` evaluates to, after the sub ended.
    pub fn finish(self) -> Result<O, Error<E>> {
        // SAFETY: this box owns the live frame; `take` checks it is unlinked.
        unsafe { (self.take)(self.header) }
    }
}

impl<'a, O, Y, S, E> FrameBox<'a, O, Y, S, E, SendSub> {
    pub fn sent<D>(sub: D) -> Self
    where
        D: Delegate<S, E, Yield = Y, Output = O> + Send + 'a,
    {
        Self::boxed(sub)
    }
}

impl<'a, O, Y, S, E> FrameBox<'a, O, Y, S, E, LocalSub> {
    pub fn local<D>(sub: D) -> Self
    where
        D: Delegate<S, E, Yield = Y, Output = O> + 'a,
    {
        Self::boxed(sub)
    }
}

impl<O, Y, S, E, K> Drop for FrameBox<'_, O, Y, S, E, K> {
    fn drop(&mut self) {
        // SAFETY: this box owns the live frame.
        if unsafe { self.header.as_ref() }
            .linked
            .load(Ordering::Acquire)
        {
            // A generator may still reach it (see the module docs): leak it.
            return;
        }
        // SAFETY: unlinked, so nothing else reaches it; freed once, here.
        unsafe { (self.free)(self.header) }
    }
}

/// Autoref selection of the [`FrameBox`] kind (see `delegate!`).
#[doc(hidden)]
pub(crate) mod probe {
    use super::{FrameBox, LocalSub, SendSub};
    use crate::Delegate;

    #[derive(Debug)]
    pub struct FrameProbe<'p, D>(pub &'p D);
    #[derive(Debug)]
    pub struct SendTag;
    #[derive(Debug)]
    pub struct LocalTag;

    pub trait SendKind {
        fn __pygen_frame_kind(&self) -> SendTag {
            SendTag
        }
    }
    impl<D: Send> SendKind for FrameProbe<'_, D> {}

    pub trait LocalKind {
        fn __pygen_frame_kind(&self) -> LocalTag {
            LocalTag
        }
    }
    impl<D> LocalKind for &FrameProbe<'_, D> {}

    impl SendTag {
        pub fn frame<'a, S, E, D>(self, sub: D) -> FrameBox<'a, D::Output, D::Yield, S, E, SendSub>
        where
            D: Delegate<S, E> + Send + 'a,
        {
            FrameBox::sent(sub)
        }
    }
    impl LocalTag {
        pub fn frame<'a, S, E, D>(self, sub: D) -> FrameBox<'a, D::Output, D::Yield, S, E, LocalSub>
        where
            D: Delegate<S, E> + 'a,
        {
            FrameBox::local(sub)
        }
    }
}
