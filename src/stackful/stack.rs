//! Stacks for stackful generators, and a per-thread pool that reuses them.
//!
//! A fresh stack is an `mmap` plus a guard page (about 12 µs here); a pooled
//! one is a `Vec::pop` (nanoseconds). Stacks come back to the pool when a
//! generator is dropped, whether it finished, was closed or was unwound.
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
use std::cell::RefCell;
use std::io;

/// A stack pygen mapped, with the usable size it was mapped for (a lower
/// bound: the mapping rounds up to whole pages) and, on Linux, its guard page
/// registered for the [stack overflow message](super::overflow).
pub(crate) struct PoolStack {
    // Declared first, so dropped first: unregistered before it is unmapped.
    #[cfg(target_os = "linux")]
    _registration: super::overflow::Registration,
    stack: DefaultStack,
    usable: usize,
}

impl PoolStack {
    fn new(size: usize) -> io::Result<Self> {
        let stack = DefaultStack::new(size)?;
        Ok(PoolStack {
            #[cfg(target_os = "linux")]
            _registration: super::overflow::Registration::new(&stack),
            stack,
            usable: size,
        })
    }
}

// SAFETY: forwards to `DefaultStack`, which upholds `Stack`'s contract (a
// valid, exclusively owned stack between `limit` and `base`).
unsafe impl Stack for PoolStack {
    #[inline]
    fn base(&self) -> StackPointer {
        self.stack.base()
    }

    #[inline]
    fn limit(&self) -> StackPointer {
        self.stack.limit()
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

thread_local! {
    // Invariant: every stack here is unused by any coroutine (it came back
    // through `give_back` after its coroutine completed or was unwound).
    static POOL: RefCell<Vec<PoolStack>> = const { RefCell::new(Vec::new()) };
}

/// A stack with at least `size` usable bytes: a pooled one when one fits,
/// else a fresh one.
///
/// Never panics: a size too large for the address space, or a failure to map
/// (explained, see [`explain`]), is an error. From a thread-local destructor,
/// after the pool is gone, the stack is a fresh one.
#[inline]
pub(crate) fn take(size: usize) -> io::Result<PoolStack> {
    let size = size.max(MIN_STACK_SIZE);
    match take_pooled(size) {
        Some(stack) => Ok(stack),
        None => take_fresh(size),
    }
}

/// Whether a pooled stack of `usable` bytes serves a request for `size`.
#[inline(always)]
fn fits(usable: usize, size: usize) -> bool {
    usable >= size && usable <= size.saturating_mul(2)
}

/// A pooled stack for `size`, if one fits: the one given back last (warm in
/// the cache, and the usual fit), else the last one that fits.
#[inline]
fn take_pooled(size: usize) -> Option<PoolStack> {
    POOL.try_with(|pool| {
        let mut pool = pool.try_borrow_mut().ok()?;
        if fits(pool.last()?.usable, size) {
            return pool.pop();
        }
        let i = pool.iter().rposition(|s| fits(s.usable, size))?;
        Some(pool.swap_remove(i))
    })
    .ok()
    .flatten()
}

/// A newly mapped stack, or why there is none.
#[cold]
#[inline(never)]
fn take_fresh(size: usize) -> io::Result<PoolStack> {
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
#[inline]
pub(crate) fn give_back(stack: PoolStack) {
    let _ = POOL.try_with(|pool| {
        if let Ok(mut pool) = pool.try_borrow_mut() {
            if pool.len() < POOL_CAPACITY {
                if pool.capacity() == 0 {
                    // Once per thread: the pool never grows again.
                    pool.reserve_exact(POOL_CAPACITY);
                }
                pool.push(stack);
            }
        }
    });
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
    POOL.try_with(|pool| pool.try_borrow().map_or(0, |p| p.len()))
        .unwrap_or(0)
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
    let _ = POOL.try_with(|pool| pool.try_borrow_mut().map(|mut pool| pool.clear()));
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

/// What to do when the system refuses a new stack, added to its error.
const ADVICE: &str = "use fewer live generators or smaller stacks \
    (Stackful::with_stack_size), or handle the failure with \
    Stackful::try_with_stack_size";

/// Says why mapping a `size`-byte stack failed and what to do about it.
///
/// Allocates nothing large: at the mapping limit, a large allocation (which
/// needs a new mapping) would fail too.
#[cfg(target_os = "linux")]
fn explain(error: io::Error, size: usize) -> io::Error {
    let live = super::overflow::live_stacks();
    let text = match (max_map_count(), mappings()) {
        // A stack is two mappings (the guard page and the rest).
        (Some(limit), Some(mappings)) if mappings + 2 > limit => {
            map_count_message(&error, size, live, mappings, limit)
        }
        _ if error.raw_os_error() == Some(libc::ENOMEM) => format!(
            "cannot map a {size}-byte stack ({error}) with {live} pygen stacks \
             mapped: the system is out of memory, or this process out of \
             address space (see ulimit -v); {ADVICE}"
        ),
        _ => format!("cannot map a {size}-byte stack ({error}); {ADVICE}"),
    };
    io::Error::new(error.kind(), text)
}

/// Linux's limit on a process's memory mappings (`vm.max_map_count`).
#[cfg(target_os = "linux")]
fn max_map_count() -> Option<usize> {
    use std::io::Read;
    let mut buf = [0u8; 32];
    let n = std::fs::File::open("/proc/sys/vm/max_map_count")
        .and_then(|mut f| f.read(&mut buf))
        .ok()?;
    std::str::from_utf8(&buf[..n]).ok()?.trim().parse().ok()
}

/// How many memory mappings this process has: the lines of
/// `/proc/self/maps`, less a last `[vsyscall]` line (the highest address, not
/// a mapping the limit counts).
#[cfg(target_os = "linux")]
fn mappings() -> Option<usize> {
    use std::io::Read;
    const VSYSCALL: &[u8; 11] = b"[vsyscall]\n";
    let mut maps = std::fs::File::open("/proc/self/maps").ok()?;
    let mut buf = [0u8; 4096];
    let mut lines = 0;
    // The file's last bytes so far.
    let mut last = [0u8; VSYSCALL.len()];
    loop {
        let n = maps.read(&mut buf).ok()?;
        let chunk = &buf[..n];
        if n == 0 {
            break;
        }
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
        let keep = n.min(last.len());
        last.rotate_left(keep);
        let end = last.len() - keep;
        last[end..].copy_from_slice(&chunk[n - keep..]);
    }
    Some(lines - usize::from(&last == VSYSCALL))
}

#[cfg(not(target_os = "linux"))]
fn explain(error: io::Error, size: usize) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot map a {size}-byte stack ({error}); {ADVICE}"),
    )
}

/// The error at the per-process memory-mapping limit.
#[cfg(target_os = "linux")]
fn map_count_message(
    error: &io::Error,
    size: usize,
    live: usize,
    mappings: usize,
    limit: usize,
) -> String {
    format!(
        "cannot map a {size}-byte stack ({error}): this process has {mappings} \
         memory mappings, at Linux's limit (vm.max_map_count = {limit}); each \
         generator stack takes 2, and {live} pygen stacks are mapped. Use fewer \
         live generators, handle the failure with Stackful::try_with_stack_size, \
         or raise the limit (sysctl -w vm.max_map_count={})",
        limit.saturating_mul(4)
    )
}
