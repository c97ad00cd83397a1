//! Slots and chains (see the module docs of [`super`]), and type identity
//! without `'static` for the checks that guard every cast from a type-erased
//! chain back to its typed form.

use super::{Delegate, Frame};
use crate::machine::RawStep;
use crate::{Error, Resume};
use std::any::TypeId;
use std::cell::{Cell, UnsafeCell};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

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
pub(super) fn type_id_of<T: ?Sized>() -> TypeId {
    let phantom = PhantomData::<T>;
    let object: &dyn NonStaticAny = &phantom;
    // SAFETY: only the lifetime bound of the trait object changes; the method
    // called reads no data through it (it is a constant per type).
    let object: &(dyn NonStaticAny + 'static) = unsafe { std::mem::transmute(object) };
    object.get_type_id()
}

/// The untyped part of a slot, first in every [`Slot`] (`repr(C)`).
#[repr(C)]
pub(super) struct SlotHead {
    /// Registry id (0: none could be given, the slot is never reported).
    pub(super) id: Cell<u32>,
    /// Position in `chain`, valid while `chain` is not null.
    pub(super) index: Cell<usize>,
    /// The chain this slot is registered in; null once popped or detached.
    pub(super) chain: Cell<*const ChainHead>,
    /// The chain this slot owns (it was level 0 when the chain was made).
    pub(super) owned: Cell<*const ChainHead>,
    /// Describes the slot's sub: its frame, and (if asked) the frames it
    /// delegates to.
    describe: unsafe fn(NonNull<SlotHead>, bool) -> (Frame, Vec<Frame>),
}

impl SlotHead {
    /// # Safety
    /// `head` is the head of a live slot.
    pub(super) unsafe fn describe(head: NonNull<SlotHead>, inner: bool) -> (Frame, Vec<Frame>) {
        // SAFETY: by the caller's contract.
        unsafe { (head.as_ref().describe)(head, inner) }
    }
}

/// The untyped part of a chain, first in every [`Chain`] (`repr(C)`).
#[repr(C)]
pub(crate) struct ChainHead {
    /// `type_id_of::<(Y, S, E)>()`: checked before every cast to `Chain<Y, S, E>`.
    pub(super) types: TypeId,
    /// A driver is stepping this chain right now.
    pub(super) executing: Cell<bool>,
    /// The registered slots, outer → inner.
    pub(super) heads: UnsafeCell<Vec<NonNull<SlotHead>>>,
    /// Truncates the typed list to `heads`'s length.
    pub(super) sync: unsafe fn(*const ChainHead),
}

/// A delegation stack: the slots of one chain, outer → inner, with their
/// typed step functions.
#[repr(C)]
pub(super) struct Chain<Y, S, E> {
    pub(super) head: ChainHead,
    // Same length as `head.heads`; `'static` is a lie kept private: every
    // entry is removed (by its slot's `Delegation`) before the slot dies.
    levels: UnsafeCell<Vec<LevelPtr<Y, S, E>>>,
}

type LevelPtr<Y, S, E> = NonNull<dyn Level<Y, S, E>>;

impl<Y, S, E> Chain<Y, S, E> {
    pub(super) fn new() -> Self {
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
    pub(super) unsafe fn sync(head: *const ChainHead) {
        // SAFETY: by the caller's contract; `repr(C)` puts the head first.
        let chain = unsafe { &*head.cast::<Self>() };
        // SAFETY: no reference into either list is held across calls (every
        // user copies the pointer it needs out first).
        let len = unsafe { (*chain.head.heads.get()).len() };
        unsafe { (*chain.levels.get()).truncate(len) };
    }

    pub(super) fn len(&self) -> usize {
        // SAFETY: see `sync`.
        unsafe { (*self.head.heads.get()).len() }
    }

    pub(super) fn level(&self, i: usize) -> NonNull<dyn Level<Y, S, E>> {
        // SAFETY: see `sync`.
        unsafe { (&*self.levels.get())[i] }
    }

    /// # Safety
    /// `level` and `head` are the same live slot, which stays alive and in
    /// place until it leaves this chain.
    pub(super) unsafe fn push(&self, level: NonNull<dyn Level<Y, S, E>>, head: NonNull<SlotHead>) {
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
    pub(super) fn pop(&self) {
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
pub(super) unsafe fn truncate(chain: *const ChainHead, index: usize) {
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
pub(super) trait Level<Y, S, E> {
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
pub(super) trait Owned<Y, S, E, O>: Level<Y, S, E> {
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
pub(crate) struct Slot<D: Delegate<S, E>, S, E> {
    pub(super) head: SlotHead,
    // In cells: the chain, the registry and the owner reach the head of a
    // slot while its driver steps its sub, so no `&mut Slot` is ever made.
    sub: UnsafeCell<D>,
    result: UnsafeCell<Option<Result<D::Output, Error<E>>>>,
    _send: PhantomData<fn(S)>,
}

impl<D: Delegate<S, E>, S, E> Slot<D, S, E> {
    /// A slot holding `sub`, registered nowhere yet.
    pub(crate) fn new(sub: D) -> Self {
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
    pub(super) unsafe fn describe(head: NonNull<SlotHead>, inner: bool) -> (Frame, Vec<Frame>) {
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
