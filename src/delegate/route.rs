//! The generator's side (called by `Gen`): how a delegating generator
//! handles a call, adopting a reported delegation, and the frames it reports.

use super::Frame;
use super::chain::{Chain, ChainHead, SlotHead, truncate, type_id_of};
use super::registry::{ARM, lookup, take_report};
use std::ptr::NonNull;

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
