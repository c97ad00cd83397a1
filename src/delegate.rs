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
//!   ("report") right before it yields; [`Gen`](crate::Gen) reads that after
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

use crate::hook::{self, Unraisable};
use crate::machine::RawStep;
use crate::{Error, Generator, GeneratorState, Outcome, Resume};
use std::any::TypeId;
use std::cell::{Cell, UnsafeCell};
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::ptr::{self, NonNull};

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

// ---------------------------------------------------------------------------
// Type identity without `'static` (for the checks that guard every cast from
// a thread-local's type-erased chain back to its typed form).

trait NonStaticAny {
    fn get_type_id(&self) -> TypeId
    where
        Self: 'static;
}

impl<T: ?Sized> NonStaticAny for PhantomData<T> {
    fn get_type_id(&self) -> TypeId
    where
        Self: 'static,
    {
        TypeId::of::<T>()
    }
}

/// `TypeId::of::<T>()` with lifetimes erased (two types that differ only in
/// lifetimes have the same layout, which is all the casts below rely on).
fn type_id_of<T: ?Sized>() -> TypeId {
    let phantom = PhantomData::<T>;
    let object: &dyn NonStaticAny = &phantom;
    // SAFETY: only the lifetime bound of the trait object changes; the method
    // called reads no data through it (it is a constant per type).
    let object: &(dyn NonStaticAny + 'static) = unsafe { std::mem::transmute(object) };
    object.get_type_id()
}

// ---------------------------------------------------------------------------
// Slots, chains, the registry.

/// The untyped part of a slot, first in every [`Slot`] (`repr(C)`).
#[repr(C)]
pub struct SlotHead {
    /// Registry id (0: none could be given, the slot is never reported).
    id: Cell<u32>,
    /// Position in `chain`, valid while `chain` is not null.
    index: Cell<usize>,
    /// The chain this slot is registered in; null once popped or detached.
    chain: Cell<*const ChainHead>,
    /// The chain this slot owns (it was level 0 when the chain was made).
    owned: Cell<*const ChainHead>,
    /// Describes the slot's sub: its frame, and (if asked) the frames it
    /// delegates to.
    describe: unsafe fn(NonNull<SlotHead>, bool) -> (Frame, Vec<Frame>),
}

impl SlotHead {
    /// # Safety
    /// `head` is the head of a live slot.
    unsafe fn describe(head: NonNull<SlotHead>, inner: bool) -> (Frame, Vec<Frame>) {
        // SAFETY: by the caller's contract.
        unsafe { (head.as_ref().describe)(head, inner) }
    }
}

/// The untyped part of a chain, first in every [`Chain`] (`repr(C)`).
#[repr(C)]
pub struct ChainHead {
    /// `type_id_of::<(Y, S, E)>()`: checked before every cast to `Chain<Y, S, E>`.
    types: TypeId,
    /// A driver is stepping this chain right now.
    executing: Cell<bool>,
    /// The registered slots, outer → inner.
    heads: UnsafeCell<Vec<NonNull<SlotHead>>>,
    /// Truncates the typed list to `heads`'s length.
    sync: unsafe fn(*const ChainHead),
}

/// A delegation stack: the slots of one chain, outer → inner, with their
/// typed step functions.
#[repr(C)]
pub struct Chain<Y, S, E> {
    head: ChainHead,
    // Same length as `head.heads`; `'static` is a lie kept private: every
    // entry is removed (by its slot's `Delegation`) before the slot dies.
    levels: UnsafeCell<Vec<LevelPtr<Y, S, E>>>,
}

type LevelPtr<Y, S, E> = NonNull<dyn Level<Y, S, E>>;

impl<Y, S, E> Chain<Y, S, E> {
    fn new() -> Self {
        Chain {
            head: ChainHead {
                types: type_id_of::<(Y, S, E)>(),
                executing: Cell::new(false),
                heads: UnsafeCell::new(Vec::new()),
                sync: Self::sync,
            },
            levels: UnsafeCell::new(Vec::new()),
        }
    }

    /// # Safety
    /// `head` is the head of a live `Chain<Y, S, E>`.
    unsafe fn sync(head: *const ChainHead) {
        // SAFETY: by the caller's contract; `repr(C)` puts the head first.
        let chain = unsafe { &*head.cast::<Self>() };
        // SAFETY: no reference into either list is held across calls (every
        // user copies the pointer it needs out first).
        let len = unsafe { (*chain.head.heads.get()).len() };
        unsafe { (*chain.levels.get()).truncate(len) };
    }

    fn len(&self) -> usize {
        // SAFETY: see `sync`.
        unsafe { (*self.head.heads.get()).len() }
    }

    fn level(&self, i: usize) -> NonNull<dyn Level<Y, S, E>> {
        // SAFETY: see `sync`.
        unsafe { (&*self.levels.get())[i] }
    }

    /// # Safety
    /// `level` and `head` are the same live slot, which stays alive and in
    /// place until it leaves this chain.
    unsafe fn push(&self, level: NonNull<dyn Level<Y, S, E>>, head: NonNull<SlotHead>) {
        // SAFETY: see `sync`; `head` is live by the caller's contract.
        unsafe {
            let heads = &mut *self.head.heads.get();
            head.as_ref().index.set(heads.len());
            head.as_ref().chain.set(&self.head);
            heads.push(head);
            (*self.levels.get()).push(level);
        }
    }

    /// Pops the innermost slot (its owner will take the result).
    fn pop(&self) {
        // SAFETY: see `sync`; registered heads are live (a slot leaves its
        // chain before it dies).
        unsafe {
            if let Some(head) = (*self.head.heads.get()).pop() {
                head.as_ref().chain.set(ptr::null());
            }
            (*self.levels.get()).pop();
        }
    }
}

/// Removes `chain[index..]`, detaching those slots (they then forward to
/// their subs themselves).
///
/// # Safety
/// `chain` is live.
unsafe fn truncate(chain: *const ChainHead, index: usize) {
    // SAFETY: by the caller's contract; registered heads are live.
    unsafe {
        let heads = &mut *(*chain).heads.get();
        if index < heads.len() {
            for head in heads.drain(index..) {
                head.as_ref().chain.set(ptr::null());
            }
            ((*chain).sync)(chain);
        }
    }
}

/// One registered level, type-erased over the sub.
pub trait Level<Y, S, E> {
    #[doc(hidden)]
    fn head(&self) -> &SlotHead;
    /// Steps the sub; `None` when it completed (the result is kept for the owner).
    #[doc(hidden)]
    ///
    /// # Safety
    /// Nobody else uses the sub during the call (the slot's owner is
    /// suspended, or is the caller).
    unsafe fn step_level(&self, arg: Resume<S, E>) -> Option<Y>;
    #[doc(hidden)]
    ///
    /// # Safety
    /// As `step_level` (it reads the sub).
    unsafe fn target(&self) -> usize;
    #[doc(hidden)]
    ///
    /// # Safety
    /// As `step_level`.
    unsafe fn abandon(&self);
}

/// A level as its owner sees it: with its typed result.
pub trait Owned<Y, S, E, O>: Level<Y, S, E> {
    #[doc(hidden)]
    ///
    /// # Safety
    /// Called by the slot's owner only.
    unsafe fn take(&self) -> Option<Result<O, Error<E>>>;
    #[doc(hidden)]
    ///
    /// # Safety
    /// As `step_level`.
    unsafe fn step_owned(&self, arg: Resume<S, E>) -> RawStep<Y, Result<O, Error<E>>>;
}

/// A sub in `yield from`, with the place for its result. See the module docs.
#[repr(C)]
pub struct Slot<D: Delegate<S, E>, S, E> {
    head: SlotHead,
    // In cells: the chain, the registry and the owner reach the head of a
    // slot while its driver steps its sub, so no `&mut Slot` is ever made.
    sub: UnsafeCell<D>,
    result: UnsafeCell<Option<Result<D::Output, Error<E>>>>,
    _send: PhantomData<fn(S)>,
}

impl<D: Delegate<S, E>, S, E> Slot<D, S, E> {
    /// A slot holding `sub`, registered nowhere yet.
    pub fn new(sub: D) -> Self {
        Slot {
            head: SlotHead {
                id: Cell::new(0),
                index: Cell::new(0),
                chain: Cell::new(ptr::null()),
                owned: Cell::new(ptr::null()),
                describe: Self::describe,
            },
            sub: UnsafeCell::new(sub),
            result: UnsafeCell::new(None),
            _send: PhantomData,
        }
    }

    /// # Safety
    /// `head` is the head of a live `Slot<D, S, E>`.
    unsafe fn describe(head: NonNull<SlotHead>, inner: bool) -> (Frame, Vec<Frame>) {
        // SAFETY: by the caller's contract; `repr(C)` puts the head first.
        let slot = unsafe { &*head.as_ptr().cast::<Self>() };
        // SAFETY: only called while the slot's chain is not being driven,
        // so nobody mutates the sub.
        let sub = unsafe { &*slot.sub.get() };
        let inner = if inner {
            sub.inner_frames()
        } else {
            Vec::new()
        };
        (sub.frame(), inner)
    }
}

impl<D: Delegate<S, E>, S, E> Level<D::Yield, S, E> for Slot<D, S, E> {
    fn head(&self) -> &SlotHead {
        &self.head
    }

    unsafe fn step_level(&self, arg: Resume<S, E>) -> Option<D::Yield> {
        // SAFETY: the caller's contract (nobody else uses the sub or the
        // result during the call).
        match unsafe { (*self.sub.get()).step(arg) } {
            RawStep::Yielded(y) => Some(y),
            RawStep::Complete(done) => {
                // SAFETY: as above.
                unsafe { *self.result.get() = Some(done) };
                None
            }
        }
    }

    unsafe fn target(&self) -> usize {
        // SAFETY: the caller's contract.
        unsafe { (*self.sub.get()).__pygen_id() }
    }

    unsafe fn abandon(&self) {
        // SAFETY: the caller's contract.
        unsafe { (*self.sub.get()).__pygen_abandon() }
    }
}

impl<D: Delegate<S, E>, S, E> Owned<D::Yield, S, E, D::Output> for Slot<D, S, E> {
    unsafe fn take(&self) -> Option<Result<D::Output, Error<E>>> {
        // SAFETY: the caller's contract (the driver wrote the result before
        // it resumed the owner, and is not touching the slot now).
        unsafe { (*self.result.get()).take() }
    }

    unsafe fn step_owned(
        &self,
        arg: Resume<S, E>,
    ) -> RawStep<D::Yield, Result<D::Output, Error<E>>> {
        // SAFETY: the caller's contract.
        unsafe {
            match (*self.result.get()).take() {
                Some(done) => RawStep::Complete(done),
                None => (*self.sub.get()).step(arg),
            }
        }
    }
}

/// Ids handed to phases start here (below are the phase constants).
pub(crate) const FIRST_ID: u32 = 8;

struct Registry {
    slots: Vec<*const SlotHead>,
    free: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Arm {
    chain: *const ChainHead,
    target: usize,
}

thread_local! {
    // Invariant: every non-null entry is a live slot's head (removed by the
    // slot's `Delegation` before the slot dies).
    static REGISTRY: UnsafeCell<Registry> = const {
        UnsafeCell::new(Registry { slots: Vec::new(), free: Vec::new() })
    };
    // Set around each step of a delegation (see the module docs).
    static ARM: Cell<Arm> = const { Cell::new(Arm { chain: ptr::null(), target: 0 }) };
    // Set by a body right before it yields from inside a delegation: its
    // slot's id and the address of its handle. Read (and cleared) by the
    // generator that resumed the body.
    static REPORT: Cell<(u32, usize)> = const { Cell::new((0, 0)) };
}

fn register(head: *const SlotHead) -> u32 {
    REGISTRY
        .try_with(|r| {
            // SAFETY: the registry is only touched by these short functions,
            // which call nothing that could re-enter them.
            let r = unsafe { &mut *r.get() };
            match r.free.pop() {
                Some(id) => {
                    r.slots[(id - FIRST_ID) as usize] = head;
                    id
                }
                None => match u32::try_from(r.slots.len()) {
                    Ok(n) if n < u32::MAX - FIRST_ID => {
                        r.slots.push(head);
                        n + FIRST_ID
                    }
                    _ => 0,
                },
            }
        })
        .unwrap_or(0)
}

fn unregister(id: u32) {
    if id == 0 {
        return;
    }
    let _ = REGISTRY.try_with(|r| {
        // SAFETY: as in `register`.
        let r = unsafe { &mut *r.get() };
        r.slots[(id - FIRST_ID) as usize] = ptr::null();
        r.free.push(id);
    });
}

fn lookup(id: u32) -> Option<NonNull<SlotHead>> {
    REGISTRY
        .try_with(|r| {
            // SAFETY: as in `register`.
            let r = unsafe { &*r.get() };
            let i = id.checked_sub(FIRST_ID)? as usize;
            NonNull::new(r.slots.get(i).copied()?.cast_mut())
        })
        .ok()
        .flatten()
}

/// Restores the previous arm when dropped (also on unwind).
struct ArmGuard(Arm);

impl Drop for ArmGuard {
    fn drop(&mut self) {
        ARM.with(|a| a.set(self.0));
    }
}

fn arm(chain: *const ChainHead, target: usize) -> ArmGuard {
    ArmGuard(ARM.with(|a| a.replace(Arm { chain, target })))
}

/// Did the body that just yielded report a delegation? The one check on the
/// non-delegating path.
#[inline(always)]
pub(crate) fn reported() -> bool {
    REPORT.with(|r| r.get().0 != 0)
}

fn take_report() -> (u32, usize) {
    REPORT.with(|r| r.replace((0, 0)))
}

/// Forgets a report (the body completed instead of suspending).
pub(crate) fn discard_report() {
    take_report();
}

// ---------------------------------------------------------------------------
// The body's side: `yield_from!` and `Co::yield_from`.

/// A body's handle on its current `yield from` (see the module docs). Made
/// by `yield_from!` (boxed slot) and `Co::yield_from` (slot on the stack).
pub struct Delegation<'a, Y, S, E, O> {
    // Invariant: points to a live slot (owned when `boxed`, else borrowed for
    // 'a) registered through `enter`.
    slot: NonNull<dyn Owned<Y, S, E, O> + 'a>,
    boxed: bool,
    stepped: bool,
    _slot: PhantomData<&'a mut ()>,
}

impl<'a, Y, S, E, O> Delegation<'a, Y, S, E, O> {
    /// Moves `sub` into a boxed slot and registers it: one allocation per
    /// level entered.
    pub fn boxed<D>(sub: D) -> Self
    where
        D: Delegate<S, E, Yield = Y, Output = O> + 'a,
        S: 'a,
        E: 'a,
    {
        let slot: *mut Slot<D, S, E> = Box::into_raw(Box::new(Slot::new(sub)));
        // SAFETY: `slot` was just allocated and is owned by the new handle,
        // which frees it last (in `Drop`).
        unsafe { Self::enter(slot, true) }
    }

    /// Registers a slot that lives elsewhere (a stackful body's stack).
    ///
    /// # Safety
    /// `slot` stays alive and in place until the returned handle is dropped.
    #[cfg(feature = "stackful")]
    pub(crate) unsafe fn in_place<D>(slot: &'a mut Slot<D, S, E>) -> Self
    where
        D: Delegate<S, E, Yield = Y, Output = O> + 'a,
        S: 'a,
        E: 'a,
    {
        // SAFETY: by the caller's contract.
        unsafe { Self::enter(slot, false) }
    }

    /// # Safety
    /// `slot` is live until the handle is dropped (and owned by it if `boxed`).
    unsafe fn enter<D>(slot: *mut Slot<D, S, E>, boxed: bool) -> Self
    where
        D: Delegate<S, E, Yield = Y, Output = O> + 'a,
        S: 'a,
        E: 'a,
    {
        // SAFETY: `slot` is live (caller's contract).
        let head = unsafe { NonNull::from(&(*slot).head) };
        let owned: NonNull<dyn Owned<Y, S, E, O> + 'a> =
            // SAFETY: not null (a reference's address).
            unsafe { NonNull::new_unchecked(slot as *mut (dyn Owned<Y, S, E, O> + 'a)) };
        let level: NonNull<dyn Level<Y, S, E> + 'a> =
            // SAFETY: as above.
            unsafe { NonNull::new_unchecked(slot as *mut (dyn Level<Y, S, E> + 'a)) };
        // SAFETY: only the trait object's lifetime bound changes; the chain
        // drops this entry before the slot dies (`Drop for Delegation`).
        let level: NonNull<dyn Level<Y, S, E>> = unsafe { std::mem::transmute(level) };
        let id = register(head.as_ptr());
        // SAFETY: `head` is live.
        unsafe { head.as_ref().id.set(id) };
        let armed = ARM.with(|a| a.get()).chain;
        // SAFETY: an armed chain is live while its stepper runs (the arm is
        // restored before the stepper returns), and its `types` says it is
        // a `Chain<Y, S, E>`.
        unsafe {
            if id == 0 {
                // No id (registry unavailable): never reported, so never
                // driven; the body forwards to the sub itself.
            } else if !armed.is_null() && (*armed).types == type_id_of::<(Y, S, E)>() {
                (*armed.cast::<Chain<Y, S, E>>()).push(level, head);
            } else {
                let chain = Box::into_raw(Box::new(Chain::<Y, S, E>::new()));
                head.as_ref().owned.set(&(*chain).head);
                (*chain).push(level, head);
            }
        }
        Delegation {
            slot: owned,
            boxed,
            stepped: false,
            _slot: PhantomData,
        }
    }

    /// One resume of the delegating body: its sub's next value (reported, so
    /// the generator learns it is delegating), or the end of the delegation.
    #[allow(clippy::type_complexity)]
    pub fn step(&mut self, arg: Resume<S, E>) -> RawStep<Y, Result<O, Error<E>>> {
        // SAFETY: the slot is live (field invariant); nothing else holds a
        // reference to it while its owner's body runs (the driver only
        // steps slots above this one, and not while this body runs).
        let slot = unsafe { self.slot.as_ref() };
        if self.stepped {
            // Woken by the driver after the sub completed?
            // SAFETY: this body owns the slot; the driver is not touching it
            // (it is not stepping this slot while the owner runs).
            if let Some(done) = unsafe { slot.take() } {
                return RawStep::Complete(done);
            }
        }
        self.stepped = true;
        // The first value of a new level, or a direct call: step the sub here,
        // armed so that a delegation it enters lands on this chain.
        let step = {
            let head = slot.head();
            // SAFETY: as above: while its owner runs, only the owner steps
            // the slot.
            let _arm = arm(head.chain.get(), unsafe { slot.target() });
            grow::maybe(|| unsafe { slot.step_owned(arg) })
        };
        match step {
            RawStep::Yielded(y) => {
                let id = slot.head().id.get();
                let at = self as *const Self as usize;
                REPORT.with(|r| r.set((id, at)));
                RawStep::Yielded(y)
            }
            RawStep::Complete(done) => {
                self.leave();
                RawStep::Complete(done)
            }
        }
    }

    /// Leaves the chain (idempotent); frees the chain this slot owns.
    fn leave(&mut self) {
        // SAFETY: the slot is live (field invariant).
        let head = unsafe { self.slot.as_ref() }.head();
        unregister(head.id.replace(0));
        let chain = head.chain.get();
        if !chain.is_null() {
            // SAFETY: a registered slot's chain is live (its owner slot,
            // deeper in the same ownership tree, dies after this one, or
            // detaches this slot first).
            unsafe {
                if (&*(*chain).heads.get()).get(head.index.get()) == Some(&NonNull::from(head)) {
                    truncate(chain, head.index.get());
                }
            }
        }
        let owned = head.owned.replace(ptr::null());
        if !owned.is_null() {
            // SAFETY: this slot made the chain with these types and owns it;
            // every slot still in it is detached first.
            unsafe {
                truncate(owned, 0);
                drop(Box::from_raw(owned.cast::<Chain<Y, S, E>>().cast_mut()));
            }
        }
    }
}

impl<Y, S, E, O> Drop for Delegation<'_, Y, S, E, O> {
    fn drop(&mut self) {
        self.leave();
        if self.boxed {
            // SAFETY: a boxed slot is owned by this handle (field invariant)
            // and is no longer registered anywhere.
            drop(unsafe { Box::from_raw(self.slot.as_ptr()) });
        }
    }
}

// ---------------------------------------------------------------------------
// The generator's side (called by `Gen`).

/// What a delegating generator does with a call.
pub(crate) enum Route {
    /// Resume the body (a middle level woken by its driver, a direct call
    /// while the chain is suspended, or a detached slot).
    Body,
    /// Step the chain this generator drives.
    Drive(NonNull<ChainHead>),
    /// Re-entered while its chain is being driven.
    AlreadyExecuting,
}

/// The slot a delegating generator's phase names.
fn slot_of(id: u32) -> Option<&'static SlotHead> {
    // SAFETY: registered heads are live; the reference does not outlive the
    // caller's use (the slot is owned by the generator's own body, which
    // cannot die during a call on that generator).
    lookup(id).map(|h| unsafe { &*h.as_ptr() })
}

/// Decides how generator `me` (an identity, see [`Generator::__pygen_id`])
/// handles a call while its phase says "delegating in slot `id`".
pub(crate) fn route(id: u32, me: usize) -> Route {
    let Some(head) = slot_of(id) else {
        return Route::Body;
    };
    let chain = head.chain.get();
    if chain.is_null() {
        return Route::Body;
    }
    // SAFETY: a registered slot's chain is live.
    let executing = unsafe { (*chain).executing.get() };
    if head.index.get() == 0 {
        if executing {
            return Route::AlreadyExecuting;
        }
        // SAFETY: not null.
        return Route::Drive(unsafe { NonNull::new_unchecked(chain.cast_mut()) });
    }
    let arm = ARM.with(|a| a.get());
    if arm.chain == chain && arm.target == me {
        Route::Body
    } else if executing {
        Route::AlreadyExecuting
    } else {
        Route::Body
    }
}

/// Is this delegating generator part of a chain being driven right now?
pub(crate) fn is_executing(id: u32) -> bool {
    slot_of(id).is_some_and(|head| {
        let chain = head.chain.get();
        // SAFETY: a registered slot's chain is live.
        !chain.is_null() && head.index.get() > 0 && unsafe { (*chain).executing.get() }
    })
}

/// A body just yielded from inside a delegation (it reported slot `id`, its
/// handle at `at`): may generator `me`, whose body owns `range`, adopt it?
/// Returns the phase to store (`Some(id)`), or `None` if the report was not
/// its body's (then the slot is detached: it forwards by itself).
pub(crate) fn adopt<Y, S, E>(me: usize, owns: impl Fn(usize) -> bool) -> Option<u32> {
    let (id, at) = take_report();
    let head = slot_of(id)?;
    let chain = head.chain.get();
    let mine = owns(at);
    // SAFETY: a registered slot's chain is live.
    let typed = chain.is_null() || unsafe { (*chain).types == type_id_of::<(Y, S, E)>() };
    if !mine || !typed {
        if !chain.is_null() {
            // SAFETY: live (above).
            unsafe { truncate(chain, head.index.get()) };
        }
        return None;
    }
    if chain.is_null() || head.index.get() == 0 {
        return Some(id);
    }
    let arm = ARM.with(|a| a.get());
    if arm.chain == chain && arm.target == me {
        return Some(id);
    }
    // Driven by hand inside someone else's step: what this body pushed on
    // that chain becomes a chain of its own, driven by `me`.
    // SAFETY: the chain is live and typed `Chain<Y, S, E>` (checked above);
    // the moved slots are live (registered).
    unsafe {
        let old = &*chain.cast::<Chain<Y, S, E>>();
        let from = head.index.get();
        let fresh = Box::into_raw(Box::new(Chain::<Y, S, E>::new()));
        let moved: Vec<_> = (from..old.len())
            .map(|i| (old.level(i), (&*old.head.heads.get())[i]))
            .collect();
        (*old.head.heads.get()).truncate(from);
        Chain::<Y, S, E>::sync(&old.head);
        for (level, h) in moved {
            (*fresh).push(level, h);
        }
        head.owned.set(&(*fresh).head);
    }
    Some(id)
}

/// What [`drive`] ended with.
pub(crate) enum Driven<Y> {
    /// The innermost level yielded.
    Yielded(Y),
    /// Level 0 completed: resume the driver's own body (with GeneratorExit
    /// if this was a close).
    Done { closing: bool },
}

/// Marks the chain executing; clears it when dropped.
struct Executing<'a>(&'a ChainHead);

impl Drop for Executing<'_> {
    fn drop(&mut self) {
        self.0.executing.set(false);
    }
}

/// Steps the innermost level of `chain` with `arg`; delivers completions to
/// parents until a level yields or level 0 completes.
///
/// A panic in any level destroys every level's body, innermost first (each
/// generator is then Closed), and is returned for the driver to resume after
/// destroying its own body.
///
/// # Safety
/// `chain` is a live `Chain<Y, S, E>` (checked by `route`'s caller through
/// the generator's types) driven by the caller.
pub(crate) unsafe fn drive<Y, S, E>(
    chain: NonNull<ChainHead>,
    arg: Resume<S, E>,
) -> Result<Driven<Y>, Box<dyn std::any::Any + Send>> {
    // SAFETY: caller's contract; the types were checked when the generator
    // adopted its slot.
    let chain = unsafe { &*chain.as_ptr().cast::<Chain<Y, S, E>>() };
    let closing = matches!(arg, Err(Error::GeneratorExit));
    let mut arg = Some(arg);
    let run = panic::catch_unwind(AssertUnwindSafe(|| {
        chain.head.executing.set(true);
        let _executing = Executing(&chain.head);
        loop {
            let index = chain.len() - 1;
            let top = chain.level(index);
            let step = {
                // SAFETY: registered levels are live and only stepped here
                // while their owners' bodies are suspended.
                let top = unsafe { top.as_ref() };
                // SAFETY: the top level's owner is suspended (it is a level
                // below, or the driver's own body), so only we use its sub.
                let target = unsafe { top.target() };
                let _arm = arm(&chain.head, target);
                let a = arg.take().unwrap_or(Ok(None));
                // SAFETY: as above.
                unsafe { top.step_level(a) }
            };
            match step {
                Some(y) => return Driven::Yielded(y),
                None => {
                    // Usually the top; but a sub that yields while being
                    // closed may have entered a new `yield from` on its way:
                    // that part is its own now (detached, it forwards itself).
                    // SAFETY: the chain is live.
                    unsafe { truncate(&chain.head, index) };
                    if chain.len() == 0 {
                        return Driven::Done { closing };
                    }
                    // The parent wakes in `yield from` and takes the result
                    // from its slot; after a close it is closed (R25/R26).
                    arg = Some(if closing {
                        Err(Error::GeneratorExit)
                    } else {
                        Ok(None)
                    });
                }
            }
        }
    }));
    if run.is_err() {
        abandon(chain);
    }
    run
}

/// After a panic: destroys every level's body, innermost first.
fn abandon<Y, S, E>(chain: &Chain<Y, S, E>) {
    while chain.len() > 0 {
        let top = chain.level(chain.len() - 1);
        chain.pop();
        // SAFETY: still live (its owner is a level below, not yet destroyed).
        let destroy = panic::catch_unwind(AssertUnwindSafe(|| unsafe { top.as_ref().abandon() }));
        if let Err(payload) = destroy {
            hook::report(&Unraisable::new(
                "yield from",
                format!("panic: {}", hook::panic_message(&*payload)),
            ));
        }
    }
}

/// The frames a delegating generator (phase `id`) delegates to, outer →
/// inner: its own sub first.
pub(crate) fn frames(id: u32) -> Vec<Frame> {
    let Some(head) = slot_of(id) else {
        return Vec::new();
    };
    let chain = head.chain.get();
    let mut out = Vec::new();
    // SAFETY: a registered slot's chain is live.
    if !chain.is_null() && unsafe { (*chain).executing.get() } {
        // Some level is being stepped right now: none can be read.
        return out;
    }
    if chain.is_null() {
        // SAFETY: registered heads are live.
        let (frame, inner) = unsafe { SlotHead::describe(NonNull::from(head), true) };
        out.push(frame);
        out.extend(inner);
        return out;
    }
    // SAFETY: a registered slot's chain and the chain's slots are live; only
    // read, while no level runs (the caller holds the generator).
    let heads: Vec<_> = unsafe { (&*(*chain).heads.get())[head.index.get()..].to_vec() };
    let last = heads.len().saturating_sub(1);
    for (i, h) in heads.into_iter().enumerate() {
        // SAFETY: as above. Only the innermost's sub can delegate further
        // outside this chain (a generator that drives its own).
        let (frame, inner) = unsafe { SlotHead::describe(h, i == last) };
        out.push(frame);
        out.extend(inner);
    }
    out
}

/// Stack segments for deep entries (see the module docs).
mod grow {
    #[cfg(feature = "stackful")]
    use std::cell::Cell;

    /// How much of an unknown stack (the caller's, or a stackful body's)
    /// nested entries may use before they continue on a segment.
    #[cfg(feature = "stackful")]
    const BUDGET: usize = 16 * 1024;
    /// A segment's size, and what is kept free at its end.
    #[cfg(feature = "stackful")]
    const SEGMENT: usize = 1024 * 1024;
    #[cfg(feature = "stackful")]
    const RED_ZONE: usize = 64 * 1024;

    #[cfg(feature = "stackful")]
    thread_local! {
        // (where the current run of nested entries started, the lowest
        // address it may reach): the stack pointer of the outermost entry,
        // or a segment's top.
        static WINDOW: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    /// The stack pointer (a local's address is not one under
    /// AddressSanitizer, whose fake stack moves locals to the heap).
    #[cfg(feature = "stackful")]
    #[inline(always)]
    fn sp() -> usize {
        #[cfg(target_arch = "x86_64")]
        {
            let sp: usize;
            // SAFETY: reads a register; touches no memory.
            unsafe {
                std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags))
            };
            sp
        }
        #[cfg(target_arch = "aarch64")]
        {
            let sp: usize;
            // SAFETY: reads a register; touches no memory.
            unsafe {
                std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags))
            };
            sp
        }
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        {
            let marker = 0u8;
            std::hint::black_box(&marker) as *const u8 as usize
        }
    }

    /// Runs `f` (a nested step) here, or on a fresh segment if the nested
    /// steps have used up this stack's budget.
    #[cfg(feature = "stackful")]
    #[inline]
    pub(super) fn maybe<R>(f: impl FnOnce() -> R) -> R {
        let here = sp();
        let (top, floor) = WINDOW.with(|w| w.get());
        // Not below the current window's top by less than a segment: a
        // different stack (a switch happened), or the first entry.
        if top == 0 || here > top || top - here > SEGMENT {
            let _window = Window::set((here, here.saturating_sub(BUDGET)));
            return f();
        }
        if here > floor {
            return f();
        }
        hop(f)
    }

    #[cfg(feature = "stackful")]
    #[inline(never)]
    fn hop<R>(f: impl FnOnce() -> R) -> R {
        match crate::stackful::stack::take(SEGMENT) {
            Ok(mut stack) => {
                use corosensei::stack::Stack;
                let top = stack.base().get();
                let floor = stack.limit().get() + RED_ZONE;
                let r = corosensei::on_stack(&mut stack, || {
                    let _window = Window::set((top, floor));
                    f()
                });
                crate::stackful::stack::give_back(stack);
                r
            }
            // No memory for a segment: go on here.
            Err(_) => f(),
        }
    }

    #[cfg(feature = "stackful")]
    struct Window((usize, usize));

    #[cfg(feature = "stackful")]
    impl Window {
        fn set(w: (usize, usize)) -> Self {
            Window(WINDOW.with(|c| c.replace(w)))
        }
    }

    #[cfg(feature = "stackful")]
    impl Drop for Window {
        fn drop(&mut self) {
            WINDOW.with(|c| c.set(self.0));
        }
    }

    #[cfg(not(feature = "stackful"))]
    #[inline(always)]
    pub(super) fn maybe<R>(f: impl FnOnce() -> R) -> R {
        f()
    }
}

/// Turns a generator (of any backend) or any `IntoIterator` into a
/// [`Delegate`], choosing by the argument's type: generators keep send, throw
/// and close; other iterables become [`iter`]`(x)`.
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{delegate, Stackful};
/// let g = Stackful::<&str>::new(|co| {
///     co.yield_from(delegate!(vec!["Pen", "Pencil"]))?;
///     co.yield_("Eraser")?;
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), ["Pen", "Pencil", "Eraser"]);
/// # }
/// ```
///
/// The choice is made by method resolution on the concrete type (so a
/// generic `T: IntoIterator` is treated as an iterator even if it happens to
/// be a generator; pass such a value to `yield_from` directly).
#[macro_export]
macro_rules! delegate {
    ($sub:expr) => {
        match $sub {
            __pygen_sub => {
                #[allow(unused_imports)]
                use $crate::__private::{GeneratorKind as _, IteratorKind as _};
                let __pygen_kind = (&$crate::__private::Probe(&__pygen_sub)).__pygen_kind();
                __pygen_kind.delegate(__pygen_sub)
            }
        }
    };
}

#[doc(hidden)]
pub mod __private {
    //! Not public API. Referenced by macro-generated code.
    //!
    //! "Autoref specialisation": in `(&Probe(&x)).__pygen_kind()`, method
    //! lookup first tries the receiver type `&Probe<X>` — the `&self` method
    //! of `GeneratorKind`, implemented for `Probe<G>` — and only then the
    //! autoref'd `&&Probe<X>` — `IteratorKind`, implemented for `&Probe<I>`.
    //! So a generator is delegated to as a generator, anything else that is
    //! `IntoIterator` as an iterator.

    use super::{IterDelegate, iter};
    use crate::Generator;

    pub use super::Delegation;

    pub struct Probe<'a, T>(pub &'a T);

    pub struct GeneratorTag;
    pub struct IteratorTag;

    pub trait GeneratorKind {
        fn __pygen_kind(&self) -> GeneratorTag {
            GeneratorTag
        }
    }
    impl<G: Generator> GeneratorKind for Probe<'_, G> {}

    pub trait IteratorKind {
        fn __pygen_kind(&self) -> IteratorTag {
            IteratorTag
        }
    }
    impl<I: IntoIterator> IteratorKind for &Probe<'_, I> {}

    impl GeneratorTag {
        pub fn delegate<G: Generator>(self, g: G) -> G {
            g
        }
    }
    impl IteratorTag {
        pub fn delegate<I: IntoIterator>(self, i: I) -> IterDelegate<I::IntoIter> {
            iter(i)
        }
    }
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
