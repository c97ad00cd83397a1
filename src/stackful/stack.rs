//! Stacks for stackful generators, and a per-thread pool that reuses them.
//!
//! A fresh stack is an `mmap` plus a guard page (about 12 µs here); a pooled
//! one is a `Vec::pop` (nanoseconds). Stacks come back to the pool when a
//! generator is dropped, whether it finished, was closed or was unwound.

use corosensei::stack::Stack;
use std::cell::RefCell;

/// The stacks pygen maps: on Linux, with the guard page registered for the
/// [stack overflow message](super::overflow).
#[cfg(target_os = "linux")]
pub(crate) type PoolStack = super::overflow::GuardedStack;
#[cfg(not(target_os = "linux"))]
pub(crate) type PoolStack = corosensei::stack::DefaultStack;

/// The default usable size of a generator's stack: 64 KiB.
///
/// Enough for ordinary bodies and recursion a few hundred frames deep. Deep
/// recursion (a tree walk of depth `d` uses about `d` × the frame size of the
/// recursive function) needs [`Stackful::with_stack_size`](crate::Stackful::with_stack_size).
pub const DEFAULT_STACK_SIZE: usize = 64 * 1024;

/// The smallest stack size accepted; smaller requests are rounded up.
pub const MIN_STACK_SIZE: usize = 16 * 1024;

/// How many stacks each thread keeps for reuse.
const POOL_CAPACITY: usize = 32;

thread_local! {
    // Invariant: every stack here is unused by any coroutine (it came back
    // through `give_back` after its coroutine completed or was unwound).
    static POOL: RefCell<Vec<PoolStack>> = const { RefCell::new(Vec::new()) };
}

fn usable_size(stack: &PoolStack) -> usize {
    stack.base().get() - stack.limit().get()
}

/// A stack with at least `size` usable bytes: a pooled one when one fits,
/// else a fresh one.
pub(crate) fn take(size: usize) -> std::io::Result<PoolStack> {
    let size = size.max(MIN_STACK_SIZE);
    let pooled = POOL
        .try_with(|pool| {
            let mut pool = pool.borrow_mut();
            // The pool is short: a linear scan for the first fit is fine.
            let i = pool
                .iter()
                .rposition(|s| usable_size(s) >= size && usable_size(s) <= 2 * size)?;
            Some(pool.swap_remove(i))
        })
        .ok()
        .flatten();
    match pooled {
        Some(stack) => Ok(stack),
        None => PoolStack::new(size),
    }
}

/// Returns a stack to this thread's pool (or frees it if the pool is full or
/// the thread is shutting down).
pub(crate) fn give_back(stack: PoolStack) {
    let _ = POOL.try_with(|pool| {
        if let Ok(mut pool) = pool.try_borrow_mut() {
            if pool.len() < POOL_CAPACITY {
                pool.push(stack);
            }
        }
    });
}

/// How many stacks this thread's pool holds right now.
pub fn pooled_stacks() -> usize {
    POOL.try_with(|pool| pool.borrow().len()).unwrap_or(0)
}

/// Frees every stack in this thread's pool.
pub fn clear_pool() {
    let _ = POOL.try_with(|pool| pool.borrow_mut().clear());
}
