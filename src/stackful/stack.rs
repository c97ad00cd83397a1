//! Stacks for stackful generators, and a per-thread pool that reuses them.
//!
//! A fresh stack is an `mmap` plus a guard page (about 12 µs here); a pooled
//! one is taken off a per-thread list (nanoseconds). Stacks come back to the
//! pool when a generator is dropped, whether it finished, was closed or was
//! unwound.
//! Each thread keeps up to 32 stacks; a request takes a pooled stack whose
//! size is at least the size asked for and at most twice it.
//!
//! ```
//! use pygen::Stackful;
//! use pygen::stackful::stack::{clear_pool, pooled_stacks};
//!
//! clear_pool();
//! let g = Stackful::<u8>::new(|co| {
//!     co.yield_(1)?;
//!     Ok(())
//! });
//! assert_eq!(pooled_stacks(), 0); // the generator holds the only stack
//! drop(g);
//! assert_eq!(pooled_stacks(), 1); // back in the pool
//! let g = Stackful::<u8>::new(|_| Ok(()));
//! assert_eq!(pooled_stacks(), 0); // reused, no new mapping
//! # drop(g);
//! ```

use corosensei::stack::{DefaultStack, Stack, StackPointer};
use std::cell::Cell;
use std::io;
use std::mem::ManuallyDrop;
use std::ptr::{self, NonNull};

mod explain;

use explain::explain;

/// What pygen keeps about a stack, in the stack's own mapping: at its top,
/// above the part a coroutine uses (which starts at [`Stack::base`], just
/// below this). So a stack is one pointer, and the pool a list threaded
/// through these headers: taking or giving back a stack moves that pointer.
struct Header {
    /// While pooled: the next stack in this thread's pool (null: the last).
    next: *mut Header,
    /// The usable size the stack was mapped for, as asked (a lower bound).
    usable: usize,
    /// On Linux, the guard page registered for the [stack overflow
    /// message](super::overflow). Dropped before `stack` (which unmaps it).
    #[cfg(target_os = "linux")]
    registration: super::overflow::Registration,
    /// The mapping, guard page included; this header lives in its top bytes.
    stack: DefaultStack,
}

/// The bytes a header takes at the top of its mapping: a multiple of the
/// stack alignment, so that the stack's base below it is aligned.
const HEADER_SPACE: usize =
    std::mem::size_of::<Header>().next_multiple_of(corosensei::stack::STACK_ALIGNMENT);

const _: () = assert!(std::mem::align_of::<Header>() <= corosensei::stack::STACK_ALIGNMENT);

/// A stack pygen mapped, owned: a pointer to its [`Header`]. Dropping it
/// unmaps the stack (after unregistering its guard page); [`give_back`]
/// pools it instead.
pub(crate) struct PoolStack(NonNull<Header>);

// Invariant of `PoolStack(h)`: `h` points to the initialised header of a
// mapping that nothing else owns, made by `PoolStack::new` and not unmapped.

// SAFETY: a `PoolStack` owns its mapping exclusively (type invariant) and
// nothing in it is tied to a thread: unmapping, unregistering the guard page
// (a global, locked registry) and pooling (in the current thread's pool) work
// from any thread, as for corosensei's `DefaultStack`.
unsafe impl Send for PoolStack {}

impl PoolStack {
    /// Maps a stack with at least `size` usable bytes below its header.
    fn new(size: usize) -> io::Result<Self> {
        // `size` is at most `isize::MAX` (checked by `take_fresh`): no overflow.
        let stack = DefaultStack::new(size + HEADER_SPACE)?;
        let top = stack.base().get();
        #[cfg(target_os = "linux")]
        let registration = super::overflow::Registration::new(stack.limit().get(), size);
        let header = (top - HEADER_SPACE) as *mut Header;
        // SAFETY: `header` is inside the mapping (`HEADER_SPACE` bytes below
        // its top, above at least `size` usable bytes), readable and writable,
        // aligned (the top is page-aligned, `HEADER_SPACE` a multiple of the
        // header's alignment), and no one else uses this memory yet.
        unsafe {
            header.write(Header {
                next: ptr::null_mut(),
                usable: size,
                #[cfg(target_os = "linux")]
                registration,
                stack,
            });
        }
        // SAFETY: `header` is in a mapping, never null.
        Ok(PoolStack(unsafe { NonNull::new_unchecked(header) }))
    }
}

impl Drop for PoolStack {
    /// Unregisters the guard page, then unmaps the stack and its header.
    fn drop(&mut self) {
        // SAFETY: the header is initialised and owned by `self` (type
        // invariant), read once here and never used again: the mapping it
        // lives in is unmapped by dropping `stack`, after every field was
        // moved out of it. Neither drop below panics.
        let Header {
            #[cfg(target_os = "linux")]
            registration,
            stack,
            ..
        } = unsafe { self.0.as_ptr().read() };
        #[cfg(target_os = "linux")]
        drop(registration);
        drop(stack);
    }
}

// SAFETY: the usable stack is the mapping between `limit` (its guard page
// included) and the header, which this `PoolStack` owns exclusively (type
// invariant); the base (the header's address) is 16-byte aligned, and there
// are at least `MIN_STACK_SIZE` usable bytes below it.
unsafe impl Stack for PoolStack {
    #[inline(always)]
    fn base(&self) -> StackPointer {
        // SAFETY: a header's address is inside a mapping, never zero.
        unsafe { StackPointer::new_unchecked(self.0.as_ptr() as usize) }
    }

    #[inline]
    fn limit(&self) -> StackPointer {
        // SAFETY: the header is initialised and live (type invariant).
        unsafe { (*self.0.as_ptr()).stack.limit() }
    }
}

/// The default usable size of a generator's stack: 64 KiB.
///
/// Enough for ordinary bodies and recursion a few hundred frames deep. Deep
/// recursion (a tree walk of depth `d` uses about `d` × the frame size of the
/// recursive function) needs [`Stackful::with_stack_size`](crate::Stackful::with_stack_size).
///
/// ```
/// assert_eq!(pygen::stackful::stack::DEFAULT_STACK_SIZE, 65_536);
/// ```
pub const DEFAULT_STACK_SIZE: usize = 64 * 1024;

/// The smallest stack size accepted; smaller requests are rounded up.
///
/// ```
/// use pygen::Stackful;
/// use pygen::stackful::stack::MIN_STACK_SIZE;
///
/// assert_eq!(MIN_STACK_SIZE, 16_384);
/// let g = Stackful::<u8>::with_stack_size(0, |co| {
///     co.yield_(1)?; // runs on a MIN_STACK_SIZE stack
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), [1]);
/// ```
pub const MIN_STACK_SIZE: usize = 16 * 1024;

/// The largest stack size accepted: the largest object Rust allows. Larger
/// requests are an [`InvalidInput`](io::ErrorKind::InvalidInput) error.
const MAX_STACK_SIZE: usize = isize::MAX as usize;

/// How many stacks each thread keeps for reuse.
const POOL_CAPACITY: usize = 32;

/// A thread's pool: a list of stacks threaded through their headers, the
/// one given back last first.
///
/// It has no destructor, so it stays reachable from every other
/// thread-local's destructor, without the check for "already destroyed"
/// that a thread-local with one costs on each access. [`Owner`], a
/// thread-local registered with the first stack given back, frees the stacks
/// at thread exit and closes the pool.
struct Pool {
    /// The first pooled stack (null: none).
    head: Cell<*mut Header>,
    /// How many stacks the list holds (at most [`POOL_CAPACITY`]), or
    /// [`UNOWNED`] or [`CLOSED`] (with an empty list).
    len: Cell<usize>,
}

/// `Pool::len` before the first stack is given back on this thread: its
/// [`Owner`] is not registered yet.
const UNOWNED: usize = POOL_CAPACITY + 1;
/// `Pool::len` once its [`Owner`] freed it (the thread is exiting): stacks
/// given back are freed.
const CLOSED: usize = usize::MAX;

// Invariant of `Pool`: the list from `head` holds `len` distinct headers
// (none if `len` is `UNOWNED` or `CLOSED`), each of a stack owned by the pool
// (as a `PoolStack` would own it) and unused by any coroutine (it came back
// through `give_back` after its coroutine completed or was unwound); if it
// holds any, `Owner` is registered and not yet dropped.

impl Pool {
    /// The first pooled stack that serves a request for `size`, taken out of
    /// the list, if any: the one given back last (warm in the cache, and the
    /// usual fit), else the next that fits.
    #[inline(always)]
    fn take(&self, size: usize) -> Option<PoolStack> {
        let head = NonNull::new(self.head.get())?;
        // SAFETY: a pooled header is initialised and owned by the pool: no
        // one else reads or writes it.
        let (usable, next) = unsafe { ((*head.as_ptr()).usable, (*head.as_ptr()).next) };
        if !fits(usable, size) {
            return self.take_further(head, size);
        }
        self.head.set(next);
        self.len.set(self.len.get() - 1);
        // The pool's ownership of the stack passes to the `PoolStack`.
        Some(PoolStack(head))
    }

    /// The first stack after `prev` (pooled) in the list that fits `size`,
    /// taken out.
    #[cold]
    #[inline(never)]
    fn take_further(&self, mut prev: NonNull<Header>, size: usize) -> Option<PoolStack> {
        loop {
            // SAFETY: `prev` is a pooled header, initialised and owned by the
            // pool: no one else reads or writes it.
            let next = NonNull::new(unsafe { (*prev.as_ptr()).next })?;
            // SAFETY: as `prev`.
            let (usable, after) = unsafe { ((*next.as_ptr()).usable, (*next.as_ptr()).next) };
            if fits(usable, size) {
                // SAFETY: as above; `next` leaves the list here, its
                // ownership passing to the `PoolStack`.
                unsafe { (*prev.as_ptr()).next = after };
                self.len.set(self.len.get() - 1);
                return Some(PoolStack(next));
            }
            prev = next;
        }
    }

    /// Pools `stack`, or hands it back if the pool is full or closed.
    #[inline(always)]
    fn push(&self, stack: PoolStack) -> Result<(), PoolStack> {
        let len = self.len.get();
        if len >= POOL_CAPACITY {
            return self.push_unowned(stack);
        }
        let stack = ManuallyDrop::new(stack);
        // SAFETY: the header is initialised and owned by `stack`, whose
        // ownership passes to the pool here (it is not dropped).
        unsafe { (*stack.0.as_ptr()).next = self.head.get() };
        self.head.set(stack.0.as_ptr());
        self.len.set(len + 1);
        Ok(())
    }

    /// [`push`](Self::push) when the pool is full, closed, or not owned yet:
    /// registers the [`Owner`] in the last case, then pools `stack`.
    #[cold]
    #[inline(never)]
    fn push_unowned(&self, stack: PoolStack) -> Result<(), PoolStack> {
        // Fails only after `Owner` was dropped; but then `len` is `CLOSED`.
        if self.len.get() == UNOWNED && OWNER.try_with(|_| {}).is_ok() {
            // Registering may allocate, and so run an allocator's code, which
            // may have pooled a stack meanwhile: `len` is then already set.
            if self.len.get() == UNOWNED {
                self.len.set(0);
            }
            return self.push(stack);
        }
        Err(stack)
    }

    /// How many stacks the pool holds.
    fn len(&self) -> usize {
        let len = self.len.get();
        if len <= POOL_CAPACITY { len } else { 0 }
    }

    /// Frees every pooled stack.
    fn clear(&self) {
        while let Some(head) = NonNull::new(self.head.get()) {
            // SAFETY: a pooled header is initialised and owned by the pool;
            // it is unlinked before its stack is freed.
            self.head.set(unsafe { (*head.as_ptr()).next });
            self.len.set(self.len.get() - 1);
            drop(PoolStack(head));
        }
    }
}

/// Frees this thread's pooled stacks at its exit, then closes its pool: the
/// stacks of generators dropped later on this thread (in other thread-locals'
/// destructors) are freed, and new ones map fresh stacks.
struct Owner;

impl Drop for Owner {
    fn drop(&mut self) {
        let _ = POOL.try_with(|pool| {
            pool.clear();
            pool.len.set(CLOSED);
        });
    }
}

thread_local! {
    static POOL: Pool = const {
        Pool {
            head: Cell::new(ptr::null_mut()),
            len: Cell::new(UNOWNED),
        }
    };
    static OWNER: Owner = const { Owner };
}

/// A pooled stack with at least `size` usable bytes (at least
/// [`MIN_STACK_SIZE`]), if one fits; else [`take_fresh`] maps one.
///
/// From a thread-local destructor, after the pool is gone, there is none.
#[inline(always)]
pub(crate) fn take_pooled(size: usize) -> Option<PoolStack> {
    let size = size.max(MIN_STACK_SIZE);
    POOL.try_with(|pool| pool.take(size)).ok().flatten()
}

/// Whether a pooled stack of `usable` bytes serves a request for `size`.
#[inline(always)]
fn fits(usable: usize, size: usize) -> bool {
    // `usable <= 2 * size`, without overflow.
    usable >= size && usable - size <= size
}

/// A newly mapped stack with at least `size` usable bytes (at least
/// [`MIN_STACK_SIZE`]), or why there is none.
///
/// Never panics: a size too large for the address space, or a failure to map
/// (explained, see [`explain`]), is an error.
#[cold]
#[inline(never)]
pub(crate) fn take_fresh(size: usize) -> io::Result<PoolStack> {
    let size = size.max(MIN_STACK_SIZE);
    if size > MAX_STACK_SIZE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "a stack of {size} bytes is larger than any address space \
                 (at most {MAX_STACK_SIZE} bytes)"
            ),
        ));
    }
    PoolStack::new(size).map_err(|e| explain(e, size))
}

/// Returns a stack to this thread's pool (or frees it if the pool is full or
/// the thread is shutting down).
#[inline(always)]
pub(crate) fn give_back(stack: PoolStack) {
    // A full or closed pool hands the stack back. (`POOL` has no destructor,
    // so `try_with` does not fail; if it did, the closure would be dropped,
    // and the stack in it freed.)
    if let Ok(Err(stack)) = POOL.try_with(|pool| pool.push(stack)) {
        free(stack);
    }
}

/// Frees a stack the pool had no room for, or that came back after the
/// thread's pool was closed.
#[cold]
#[inline(never)]
fn free(stack: PoolStack) {
    drop(stack);
}

/// How many stacks this thread's pool holds right now.
///
/// ```
/// use pygen::Stackful;
/// use pygen::stackful::stack::{clear_pool, pooled_stacks};
///
/// clear_pool();
/// let gs: Vec<_> = (0..3).map(|i| Stackful::<i32>::new(move |co| {
///     co.yield_(i)?;
///     Ok(())
/// })).collect();
/// assert_eq!(pooled_stacks(), 0);
/// drop(gs);
/// assert_eq!(pooled_stacks(), 3);
/// // Pools are per thread: another thread starts with none.
/// assert_eq!(std::thread::spawn(pooled_stacks).join().unwrap(), 0);
/// ```
pub fn pooled_stacks() -> usize {
    POOL.try_with(Pool::len).unwrap_or(0)
}

/// Frees every stack in this thread's pool (unmaps them), e.g. after a burst
/// of generators whose stacks will not be needed again. Stacks in use are
/// not affected.
///
/// ```
/// use pygen::Stackful;
/// use pygen::stackful::stack::{clear_pool, pooled_stacks};
///
/// drop(Stackful::<u8>::new(|_| Ok(())));
/// assert!(pooled_stacks() >= 1);
/// clear_pool();
/// assert_eq!(pooled_stacks(), 0);
/// ```
pub fn clear_pool() {
    let _ = POOL.try_with(Pool::clear);
}

/// Turns pygen's stack overflow message on (the default) or off.
///
/// On Linux, the first stackful generator a process creates installs a
/// process-wide handler for SIGSEGV and SIGBUS. When a fault hits the guard
/// page of a pygen stack, it prints which generator stack overflowed and how
/// to give it more room, then aborts; every other fault is passed on to the
/// handler that was installed before. A program that owns those signals
/// itself (a runtime with its own fault handling, a JIT, a sanitizer
/// harness) calls `set_overflow_handler(false)` before it creates its first
/// stackful generator: pygen then never changes a signal disposition, and an
/// overflow is the plain SIGSEGV of the program's own handling. Turned off
/// after the handler was installed, the handler stays but claims no fault:
/// each goes to the handler that was in place before pygen's.
///
/// Elsewhere than Linux there is no handler and this does nothing.
///
/// ```
/// pygen::stackful::stack::set_overflow_handler(false);
/// let g = pygen::Stackful::<u8>::new(|co| {
///     co.yield_(1)?;
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), [1]);
/// # pygen::stackful::stack::set_overflow_handler(true);
/// ```
pub fn set_overflow_handler(enabled: bool) {
    #[cfg(target_os = "linux")]
    super::overflow::set_enabled(enabled);
    #[cfg(not(target_os = "linux"))]
    let _ = enabled;
}

#[cfg(test)]
mod tests;
