//! The per-thread registry of live slots, the arm and the report (see the
//! module docs of [`super`]).

use super::chain::{ChainHead, SlotHead};
use std::cell::{Cell, UnsafeCell};
use std::ptr::{self, NonNull};

/// Ids handed to phases start here (below are the phase constants).
pub(crate) const FIRST_ID: u32 = 8;

struct Registry {
    slots: Vec<*const SlotHead>,
    free: Vec<u32>,
}

#[derive(Clone, Copy)]
pub(super) struct Arm {
    pub(super) chain: *const ChainHead,
    pub(super) target: usize,
}

thread_local! {
    // Invariant: every non-null entry is a live slot's head (removed by the
    // slot's `Delegation` before the slot dies).
    static REGISTRY: UnsafeCell<Registry> = const {
        UnsafeCell::new(Registry { slots: Vec::new(), free: Vec::new() })
    };
    // Set around each step of a delegation (see the module docs).
    pub(super) static ARM: Cell<Arm> = const { Cell::new(Arm { chain: ptr::null(), target: 0 }) };
    // Set by a body right before it yields from inside a delegation: its
    // slot's id and the address of its handle. Read (and cleared) by the
    // generator that resumed the body.
    pub(super) static REPORT: Cell<(u32, usize)> = const { Cell::new((0, 0)) };
}

pub(super) fn register(head: *const SlotHead) -> u32 {
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

pub(super) fn unregister(id: u32) {
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

pub(super) fn lookup(id: u32) -> Option<NonNull<SlotHead>> {
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
pub(super) struct ArmGuard(Arm);

impl Drop for ArmGuard {
    fn drop(&mut self) {
        ARM.with(|a| a.set(self.0));
    }
}

pub(super) fn arm(chain: *const ChainHead, target: usize) -> ArmGuard {
    ArmGuard(ARM.with(|a| a.replace(Arm { chain, target })))
}

/// Did the body that just yielded report a delegation? The one check on the
/// non-delegating path.
#[inline(always)]
pub(crate) fn reported() -> bool {
    REPORT.with(|r| r.get().0 != 0)
}

pub(super) fn take_report() -> (u32, usize) {
    REPORT.with(|r| r.replace((0, 0)))
}

/// Forgets a report (the body completed instead of suspending).
pub(crate) fn discard_report() {
    take_report();
}
