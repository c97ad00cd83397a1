//! `yield from` in O(1): the outermost generator drives a chain of frames.
//!
//! When a body enters `yield from sub` ([`Co::yield_from`](crate::Co::yield_from),
//! or `yield_from!` in a [`#[generator]`](crate::generator) body), it puts
//! `sub` in a *frame* — on its own stack (stackful) or in one box (stackless;
//! freed frames are kept in a small per-thread cache for the next `yield
//! from`, so a recursive walk does not call the allocator per node) — and
//! suspends, handing the frame to the generator that resumed it. That
//! generator is now *delegating*: it resumes the innermost frame's sub
//! directly, whatever the depth, so a value crosses any number of levels in
//! one hop. A sub that itself enters `yield from` hands its frame up the same
//! way, and it is pushed on the same chain. When a sub ends, its frame is
//! popped and the generator whose body owns the frame (the level above) is
//! resumed once: its body takes the sub's result from the frame, exactly
//! where its `yield from` is, and goes on.
//!
//! The rules of PEP 380 stay where they were: each frame steps its sub with
//! the [`Delegate`] rules (R21–R27), each level's generator files its own
//! body's result with the [`Gen`](crate::engine::Gen) rules. What changes is
//! only who resumes whom.
//!
//! - `throw` reaches the innermost sub; an error it does not handle ends it,
//!   and its parent receives the error at its `yield from`, and may handle it
//!   (R23/R24), level by level.
//! - `close` closes the innermost sub, then delivers GeneratorExit (or the
//!   close's own error) to each parent in order, each level's outcome judged
//!   as Python's `close()` judges it (R25/R26).
//! - A panic anywhere leaves every level Closed: the chain is abandoned from
//!   the innermost level out, each body destroyed once (its cleanup runs),
//!   then the panic continues.
//!
//! Frames are linked with raw pointers. What keeps that sound:
//!
//! - A frame does not move while it is linked: a stackful frame lives on the
//!   suspended body's stack, a stackless one in its own box.
//! - A frame is linked from the moment its body hands it up until its sub
//!   ends (or the chain is abandoned or unlinked); only then may its owner
//!   free it. An owner dropped while its frame is still linked leaks the box
//!   rather than free memory a generator may still reach.
//! - Every level of a chain is owned, through frames, by the generator that
//!   drives it, and is reachable only from it: nobody else can resume,
//!   move or drop a level while the chain runs.

use crate::{Delegate, Error, GeneratorState, Resume};
use std::cell::Cell;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};

/// A frame, by its header.
pub(crate) type Ptr<Y, S, E> = NonNull<Header<Y, S, E>>;

/// A frame handed up by a body that entered `yield from`. Made only by
/// pygen, once per frame; it cannot be copied.
#[doc(hidden)]
pub struct Link<Y, S, E>(Ptr<Y, S, E>);

impl<Y, S, E> std::fmt::Debug for Link<Y, S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Link").field(&self.0).finish()
    }
}

// SAFETY: a link is a handle on a frame whose sub is `Send` when the link is
// (the frame's owner checks `linked` atomically before it frees or reads the
// frame, and a generator stops touching a frame before it unlinks it).
unsafe impl<Y: Send, S: Send, E: Send> Send for Link<Y, S, E> {}

impl<Y, S, E> Link<Y, S, E> {
    /// Another handle on a frame already handed up (by its body).
    pub(crate) fn new(ptr: Ptr<Y, S, E>) -> Self {
        Link(ptr)
    }

    pub(crate) fn ptr(&self) -> Ptr<Y, S, E> {
        self.0
    }
}

/// What a delegating body yields: a value, or the frame it delegates through.
#[doc(hidden)]
#[derive(Debug)]
pub enum Step<Y, S, E> {
    Value(Y),
    Delegate(Link<Y, S, E>),
}

/// What one step of a sub did, as its frame sees it.
#[doc(hidden)]
#[derive(Debug)]
pub enum SubStep<Y, S, E, O> {
    Yielded(Y),
    /// The sub's body entered a `yield from` of its own, through this frame.
    Entered(Link<Y, S, E>),
    /// The sub ended: what its `yield from` evaluates to.
    Done(Result<O, Error<E>>),
}

/// What stepping a frame did.
pub(crate) enum LevelStep<Y, S, E> {
    Yielded(Y),
    Entered(Link<Y, S, E>),
    /// The frame's sub ended; its result waits in the frame.
    Done,
}

/// What a generator delegates to: one level of Python's `gi_yieldfrom` chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YieldFrom {
    /// The sub's name: its body's path for a generator, the type for an
    /// iterator or another [`Generator`](crate::Generator).
    pub name: &'static str,
    /// The sub's state; `None` for a plain iterator.
    pub state: Option<GeneratorState>,
}

/// The part of a frame the chain sees: how to step its sub, and the links.
#[doc(hidden)]
#[allow(clippy::type_complexity, missing_debug_implementations)] // reached only through `Ptr`
pub struct Header<Y, S, E> {
    step: unsafe fn(Ptr<Y, S, E>, Resume<S, E>) -> LevelStep<Y, S, E>,
    deliver: unsafe fn(Ptr<Y, S, E>, bool) -> LevelStep<Y, S, E>,
    abandon: unsafe fn(Ptr<Y, S, E>),
    view: unsafe fn(Ptr<Y, S, E>, bool, &mut Vec<YieldFrom>),
    /// The frame of the level above: its sub's body owns this frame.
    up: Cell<Option<Ptr<Y, S, E>>>,
    /// On the root frame of a generator that drives a chain: the innermost
    /// frame (`None`: the root itself).
    top: Cell<Option<Ptr<Y, S, E>>>,
    /// A generator may reach this frame (see the module docs). Atomic: a
    /// frame's owner only reads it, and may be on another thread than a
    /// generator that a misused link reached.
    linked: AtomicBool,
}

/// A frame: the header first, so that a header pointer is a frame pointer.
#[repr(C)]
struct Frame<D: Delegate<S, E>, S, E> {
    header: Header<D::Yield, S, E>,
    sub: D,
    result: Option<Result<D::Output, Error<E>>>,
}

impl<D: Delegate<S, E>, S, E> Frame<D, S, E> {
    fn new(sub: D) -> Self {
        Frame {
            header: Header {
                step: step::<D, S, E>,
                deliver: deliver::<D, S, E>,
                abandon: abandon_sub::<D, S, E>,
                view: view::<D, S, E>,
                up: Cell::new(None),
                top: Cell::new(None),
                linked: AtomicBool::new(false),
            },
            sub,
            result: None,
        }
    }

    /// Hands the frame up. It must not move or be freed until it is
    /// unlinked (see the module docs).
    fn link(&mut self) -> Link<D::Yield, S, E> {
        assert!(
            !self.header.linked.load(Ordering::Acquire) && self.result.is_none(),
            "pygen: a yield-from frame is entered once"
        );
        self.header.linked.store(true, Ordering::Release);
        Link(NonNull::from(&mut self.header))
    }

    fn take(&mut self) -> Result<D::Output, Error<E>> {
        assert!(
            !self.header.linked.load(Ordering::Acquire),
            "pygen: a yield-from frame's result is taken after its sub ended"
        );
        self.result
            .take()
            .expect("pygen: a yield-from frame's result is taken once, after its sub ended")
    }
}

/// The frame behind a header.
///
/// # Safety
/// `h` points to the header of a live `Frame<D, S, E>` that nobody else
/// accesses for the returned borrow's duration, apart from its header cells.
unsafe fn frame<'a, D: Delegate<S, E>, S, E>(h: Ptr<D::Yield, S, E>) -> &'a mut Frame<D, S, E> {
    // SAFETY: the header is the first field of a `repr(C)` frame (the
    // pointer came from `Frame::link`), and the caller vouches for liveness
    // and exclusivity.
    unsafe { h.cast::<Frame<D, S, E>>().as_mut() }
}

fn level<Y, S, E, O>(
    step: SubStep<Y, S, E, O>,
    result: &mut Option<Result<O, Error<E>>>,
) -> LevelStep<Y, S, E> {
    match step {
        SubStep::Yielded(y) => LevelStep::Yielded(y),
        SubStep::Entered(link) => LevelStep::Entered(link),
        SubStep::Done(done) => {
            *result = Some(done);
            LevelStep::Done
        }
    }
}

unsafe fn step<D: Delegate<S, E>, S, E>(
    h: Ptr<D::Yield, S, E>,
    arg: Resume<S, E>,
) -> LevelStep<D::Yield, S, E> {
    // SAFETY: called by `drive` on a linked frame (see `Header`).
    let f = unsafe { frame::<D, S, E>(h) };
    let step = f.sub.__chain_step(arg);
    level(step, &mut f.result)
}

unsafe fn deliver<D: Delegate<S, E>, S, E>(
    h: Ptr<D::Yield, S, E>,
    closing: bool,
) -> LevelStep<D::Yield, S, E> {
    // SAFETY: as in `step`.
    let f = unsafe { frame::<D, S, E>(h) };
    let step = f.sub.__chain_deliver(closing);
    level(step, &mut f.result)
}

unsafe fn abandon_sub<D: Delegate<S, E>, S, E>(h: Ptr<D::Yield, S, E>) {
    // SAFETY: as in `step`.
    unsafe { frame::<D, S, E>(h) }.sub.__chain_abandon();
}

unsafe fn view<D: Delegate<S, E>, S, E>(
    h: Ptr<D::Yield, S, E>,
    deep: bool,
    out: &mut Vec<YieldFrom>,
) {
    // SAFETY: as in `step` (read only).
    unsafe { frame::<D, S, E>(h) }.sub.__chain_view(deep, out);
}

/// How a chain's drive ended.
pub(crate) enum Driven<Y> {
    Yielded(Y),
    /// The root frame's sub ended: the driving generator's body takes the
    /// result from the root frame.
    Done,
}

/// Steps the chain under `root` with `arg` until a value comes out or the
/// root's sub ends. `arg` goes to the innermost level.
///
/// # Safety
/// `root` is the linked root frame of the calling generator's body, which is
/// suspended in its `yield from` and stays so during the call.
pub(crate) unsafe fn drive<Y, S, E>(root: Ptr<Y, S, E>, arg: Resume<S, E>) -> Driven<Y> {
    let closing = matches!(arg, Err(Error::GeneratorExit));
    // SAFETY (all header reads and writes below): every frame on the chain
    // is linked, so it is alive and does not move (module docs).
    let root_h = unsafe { root.as_ref() };
    let mut top = root_h.top.get().unwrap_or(root);
    let mut step = unsafe { (top.as_ref().step)(top, arg) };
    loop {
        match step {
            LevelStep::Yielded(y) => return Driven::Yielded(y),
            LevelStep::Entered(link) => {
                let new = link.0;
                unsafe { new.as_ref() }.up.set(Some(top));
                root_h.top.set(Some(new));
                top = new;
                step = unsafe { (new.as_ref().step)(new, Ok(None)) };
            }
            LevelStep::Done => {
                let done = unsafe { top.as_ref() };
                if top == root {
                    root_h.top.set(None);
                    done.linked.store(false, Ordering::Release);
                    return Driven::Done;
                }
                let parent = done.up.get().expect("a frame above the root has a parent");
                // Unlinked: its owner (the parent's body) may free it once
                // resumed, so it is not touched after this.
                done.linked.store(false, Ordering::Release);
                root_h.top.set((parent != root).then_some(parent));
                top = parent;
                step = unsafe { (parent.as_ref().deliver)(parent, closing) };
            }
        }
    }
}

/// After a panic inside [`drive`]: destroys every level's body from the
/// innermost out (each level's cleanup runs once) and unlinks the frames.
/// The root's own generator destroys its body afterwards.
///
/// # Safety
/// As for [`drive`]; the panic has left `drive`.
pub(crate) unsafe fn abandon<Y, S, E>(root: Ptr<Y, S, E>) {
    // SAFETY: as for `drive`; each parent's sub (the owner of the frame
    // below) is destroyed after that frame was unlinked and left behind.
    unsafe { unlink_each(root, |parent| (parent.as_ref().abandon)(parent)) }
}

/// Unlinks every frame of the chain under `root` without running anything,
/// so that dropping the body frees them (and drops their subs, innermost
/// first, as the bodies' own drops go).
///
/// # Safety
/// As for [`drive`].
pub(crate) unsafe fn unlink<Y, S, E>(root: Ptr<Y, S, E>) {
    // SAFETY: as for `drive`.
    unsafe { unlink_each(root, |_| {}) }
}

/// Unlinks the frames under `root` from the innermost out, calling `then`
/// with each frame's parent once the frame is unlinked (the root last).
///
/// # Safety
/// As for [`drive`]; `then` may free the frame below the one it is given.
unsafe fn unlink_each<Y, S, E>(root: Ptr<Y, S, E>, mut then: impl FnMut(Ptr<Y, S, E>)) {
    // SAFETY: linked frames are alive and in place (module docs); a frame's
    // parent is read before `then` may free the frame.
    unsafe {
        let mut cur = root.as_ref().top.get().unwrap_or(root);
        root.as_ref().top.set(None);
        while cur != root {
            let parent = cur
                .as_ref()
                .up
                .get()
                .expect("a frame above the root has a parent");
            cur.as_ref().linked.store(false, Ordering::Release);
            then(parent);
            cur = parent;
        }
        root.as_ref().linked.store(false, Ordering::Release);
    }
}

/// The chain under `root`, outer → inner, for `gi_yieldfrom`.
///
/// # Safety
/// As for [`drive`], with only shared access to the generator.
pub(crate) unsafe fn describe<Y, S, E>(root: Ptr<Y, S, E>, out: &mut Vec<YieldFrom>) {
    // SAFETY: as in `drive`.
    unsafe {
        let mut frames = Vec::new();
        let mut cur = root.as_ref().top.get().unwrap_or(root);
        while cur != root {
            frames.push(cur);
            cur = cur
                .as_ref()
                .up
                .get()
                .expect("a frame above the root has a parent");
        }
        frames.push(root);
        let innermost = frames.len() - 1;
        for (i, f) in frames.iter().rev().enumerate() {
            // Each frame gives its sub and, for the innermost, what that sub
            // delegates to on its own; the subs of the other frames delegate
            // through the next frames, already listed.
            (f.as_ref().view)(*f, i == innermost, out);
        }
    }
}

mod cache;
mod frames;

pub use frames::FrameBox;
pub(crate) use frames::{RootSlot, StackFrame, probe};
