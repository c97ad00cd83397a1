//! The body's side: `yield_from!` and `Co::yield_from`.

use super::chain::{Chain, Level, Owned, Slot, truncate, type_id_of};
use super::registry::{ARM, REPORT, arm, register, unregister};
use super::{Delegate, grow};
use crate::machine::RawStep;
use crate::{Error, Resume};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

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

impl<Y, S, E, O> std::fmt::Debug for Delegation<'_, Y, S, E, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delegation")
            .field("boxed", &self.boxed)
            .field("stepped", &self.stepped)
            .finish_non_exhaustive()
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
