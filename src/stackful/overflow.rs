//! A clear message instead of a bare SIGSEGV when a stackful generator
//! overflows its stack (Linux).
//!
//! Every stack pygen maps has a guard page below it. Each one is registered
//! here (a growable, lock-free-to-read table of guard-page addresses), and the
//! first stack mapped installs a SIGSEGV/SIGBUS handler that runs on the
//! thread's alternate signal stack (installed for the thread if it has none).
//! When a fault hits a registered guard page, the handler writes
//!
//! ```text
//! pygen: a stackful generator overflowed its 65536-byte stack (fault at 0x7f..., in its guard page).
//! pygen: give it a bigger stack with Stackful::with_stack_size(bytes, body); the default is pygen::stackful::stack::DEFAULT_STACK_SIZE (65536 bytes).
//! ```
//!
//! to stderr with async-signal-safe `write(2)` and aborts (SIGABRT). Any other
//! fault is left to the handler that was installed before (Rust's own stack
//! overflow reporter, a sanitizer's, or the default action): the previous
//! action is restored and the faulting instruction re-runs.
//!
//! An embedder that owns SIGSEGV and SIGBUS turns this off with
//! [`set_overflow_handler(false)`](super::stack::set_overflow_handler).
//!
//! The handler needs the thread's alternate signal stack. A generator created
//! on a thread whose thread-locals are being destroyed (from another
//! thread-local's destructor, after pygen's were) may find none, and then
//! overflows with the kernel's plain SIGSEGV.

use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, Once, PoisonError};

/// A registered stack: its guard page's address (0: free) and usable size.
/// All zeros is a free slot.
struct Slot {
    guard: AtomicUsize,
    usable: AtomicUsize,
    /// While free: the next free slot (`NONE`: the last one). Read and
    /// written only under `FREE`'s lock.
    next_free: AtomicUsize,
}

/// Slots in the registry's first segment; segment `k` holds `FIRST << k`.
const FIRST: usize = 1024;
/// Segments in the registry: room for `FIRST * (2^SEGMENTS - 1)` stacks,
/// about 4 * 10^12, far more than any process can map.
const SEGMENTS: usize = 32;
/// No slot.
const NONE: usize = usize::MAX;

/// The registry: segments of slots, mapped in order as stacks are registered
/// (under `FREE`'s lock), published with a release store and never unmapped,
/// so the signal handler can scan them with plain atomic loads (no lock, no
/// allocation). Null from the first segment not mapped yet. The segments are
/// mapped directly, not allocated: registering never touches the heap.
static SEGMENT: [AtomicPtr<Slot>; SEGMENTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SEGMENTS];

/// The slots handed out so far (`0..next`), and the first free one among
/// them (the free ones are chained through `next_free`): taking and
/// returning a slot are O(1).
struct Free {
    next: usize,
    head: usize,
}

static FREE: Mutex<Free> = Mutex::new(Free {
    next: 0,
    head: NONE,
});

/// How many stacks are registered (mapped and not yet unmapped).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The number of pygen stacks mapped in this process right now (live,
/// pooled, or leaked with their generator).
pub(crate) fn live_stacks() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The segment and the offset in it of slot `i`.
fn locate(i: usize) -> (usize, usize) {
    // Segment k starts at slot FIRST * (2^k - 1).
    let k = (usize::BITS - 1 - (i / FIRST + 1).leading_zeros()) as usize;
    (k, i - FIRST * ((1 << k) - 1))
}

/// Slot `offset` of a segment: `segment` is what `SEGMENT[k]` holds
/// (non-null) for some `k`, and `offset < FIRST << k` (as `locate` gives).
fn slot(segment: *mut Slot, offset: usize) -> &'static Slot {
    // SAFETY: a non-null `SEGMENT[k]` points to a mapping of `FIRST << k`
    // slots that is never unmapped, and the callers pass an offset inside it.
    unsafe { &*segment.add(offset) }
}

/// Slot `i`, which `register` handed out (so its segment is mapped).
fn slot_at(i: usize) -> &'static Slot {
    let (k, offset) = locate(i);
    slot(SEGMENT[k].load(Ordering::Acquire), offset)
}

/// Maps segment `k`: `FIRST << k` free slots.
fn map_segment(k: usize) -> Option<*mut Slot> {
    let len = (FIRST << k) * std::mem::size_of::<Slot>();
    // SAFETY: a fresh anonymous private mapping, checked for failure. Its
    // zeroed memory is valid `Slot`s (atomics of zero); it is never unmapped.
    let memory = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    (memory != libc::MAP_FAILED).then(|| memory.cast::<Slot>())
}

/// Records a stack's guard page and usable size; returns its slot, or `None`
/// if the registry cannot grow (no memory for a new segment).
fn register(guard: usize, usable: usize) -> Option<usize> {
    let mut free = FREE.lock().unwrap_or_else(PoisonError::into_inner);
    let i = if free.head != NONE {
        let i = free.head;
        free.head = slot_at(i).next_free.load(Ordering::Relaxed);
        i
    } else {
        let i = free.next;
        let (k, _) = locate(i);
        if k >= SEGMENTS {
            return None;
        }
        // Segments are only mapped here, under the lock.
        if SEGMENT[k].load(Ordering::Relaxed).is_null() {
            SEGMENT[k].store(map_segment(k)?, Ordering::Release);
        }
        free.next += 1;
        i
    };
    drop(free);
    let slot = slot_at(i);
    slot.usable.store(usable, Ordering::Relaxed);
    // Release: the handler that sees this guard sees the size above.
    slot.guard.store(guard, Ordering::Release);
    LIVE.fetch_add(1, Ordering::Relaxed);
    Some(i)
}

/// Frees slot `i` (taken by `register`).
fn unregister(i: usize) {
    let slot = slot_at(i);
    slot.guard.store(0, Ordering::Release);
    LIVE.fetch_sub(1, Ordering::Relaxed);
    let mut free = FREE.lock().unwrap_or_else(PoisonError::into_inner);
    slot.next_free.store(free.head, Ordering::Relaxed);
    free.head = i;
}

/// A stack's guard page, registered with the overflow handler until this is
/// dropped (which must come before the stack is unmapped).
pub(crate) struct Registration {
    // Invariant: slot `slot` holds the stack's guard page, unless `NONE`.
    slot: usize,
}

/// The page size, read once by `install` (sysconf is not async-signal-safe,
/// so the handler reads this copy).
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(4096);

fn page_size() -> usize {
    PAGE_SIZE.load(Ordering::Relaxed)
}

impl Registration {
    /// Registers the guard page at `guard` of a stack mapped for `size`
    /// usable bytes (installing the handler first). An overflow reports that
    /// size rounded up to whole pages, as the mapping rounds it.
    pub(crate) fn new(guard: usize, size: usize) -> Self {
        install();
        let usable = size.next_multiple_of(page_size());
        Registration {
            slot: register(guard, usable).unwrap_or(NONE),
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if self.slot != NONE {
            unregister(self.slot);
        }
    }
}

/// The usable size of the registered stack whose guard page holds `addr`.
/// Async-signal-safe: atomic loads only.
fn lookup(addr: usize) -> Option<usize> {
    let page = page_size();
    for (k, segment) in SEGMENT.iter().enumerate() {
        let segment = segment.load(Ordering::Acquire);
        if segment.is_null() {
            break;
        }
        for offset in 0..FIRST << k {
            let slot = slot(segment, offset);
            let g = slot.guard.load(Ordering::Acquire);
            if g != 0 && addr >= g && addr < g + page {
                return Some(slot.usable.load(Ordering::Relaxed));
            }
        }
    }
    None
}

struct Previous(std::cell::UnsafeCell<[std::mem::MaybeUninit<libc::sigaction>; 2]>);
// SAFETY: written once inside `INSTALL.call_once`, before the handler that
// reads it can run; read-only afterwards.
unsafe impl Sync for Previous {}
static PREVIOUS: Previous = Previous(std::cell::UnsafeCell::new(
    [std::mem::MaybeUninit::uninit(); 2],
));
const SIGNALS: [libc::c_int; 2] = [libc::SIGSEGV, libc::SIGBUS];

/// Whether the handler may be installed and may claim faults; see
/// [`set_overflow_handler`](super::stack::set_overflow_handler).
static ENABLED: AtomicBool = AtomicBool::new(true);

pub(crate) fn set_enabled(enabled: bool) {
    ENABLED.store(enabled, Ordering::Relaxed);
}

/// Installs the handler (once per process, unless it is turned off) and an
/// alternate signal stack for this thread if it has none.
fn install() {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: sysconf has no preconditions.
        let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if size > 0 {
            PAGE_SIZE.store(size as usize, Ordering::Relaxed);
        }
        for (i, &signal) in SIGNALS.iter().enumerate() {
            // SAFETY: a zeroed sigaction is a valid value; sigemptyset and
            // sigaction get valid pointers; PREVIOUS is not read before this
            // store completes (the handler is not installed yet for this
            // signal, and is installed by this very call).
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = handler as *const () as usize;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                let previous = (*PREVIOUS.0.get())[i].as_mut_ptr();
                libc::sigaction(signal, &action, previous);
            }
        }
    });
    // Fails only while this thread's thread-locals are being destroyed:
    // then there is no alternate stack to install (see the module docs).
    let _ = ALTSTACK.try_with(|_| {});
}

/// This thread's alternate signal stack, if pygen had to install one (Rust's
/// runtime already gives one to the threads it starts).
struct AltStack(Option<(*mut libc::c_void, usize)>);

thread_local! {
    static ALTSTACK: AltStack = AltStack::ensure();
}

impl AltStack {
    fn ensure() -> Self {
        // SAFETY: an all-zero stack_t is a valid value (null pointer, zero sizes).
        let mut current: libc::stack_t = unsafe { std::mem::zeroed() };
        // SAFETY: sigaltstack with a null new stack only queries; `current`
        // is a valid out-pointer.
        if unsafe { libc::sigaltstack(std::ptr::null(), &mut current) } != 0
            || current.ss_flags & libc::SS_DISABLE == 0
        {
            return AltStack(None);
        }
        let size = 64 * 1024;
        // SAFETY: a fresh anonymous private mapping; checked for failure.
        let memory = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if memory == libc::MAP_FAILED {
            return AltStack(None);
        }
        let stack = libc::stack_t {
            ss_sp: memory,
            ss_flags: 0,
            ss_size: size,
        };
        // SAFETY: `stack` describes the mapping above, which lives until
        // this thread-local is dropped (where it is disabled first).
        if unsafe { libc::sigaltstack(&stack, std::ptr::null_mut()) } != 0 {
            // SAFETY: unmapping the mapping made above, unused.
            unsafe { libc::munmap(memory, size) };
            return AltStack(None);
        }
        AltStack(Some((memory, size)))
    }
}

impl Drop for AltStack {
    fn drop(&mut self) {
        if let Some((memory, size)) = self.0 {
            let disable = libc::stack_t {
                ss_sp: std::ptr::null_mut(),
                ss_flags: libc::SS_DISABLE,
                ss_size: 0,
            };
            // SAFETY: the alternate stack is disabled before its memory is
            // unmapped; the mapping is the one made in `ensure`.
            unsafe {
                libc::sigaltstack(&disable, std::ptr::null_mut());
                libc::munmap(memory, size);
            }
        }
    }
}

/// Writes `bytes` to stderr (async-signal-safe).
fn write_stderr(bytes: &[u8]) {
    // SAFETY: a valid buffer and length; write(2) is async-signal-safe.
    unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
}

/// Formats `n` in `radix` into `buf`, without allocating.
fn format_number(mut n: usize, radix: usize, buf: &mut [u8; 32]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b"0123456789abcdef"[n % radix];
        n /= radix;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

extern "C" fn handler(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    _context: *mut libc::c_void,
) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let (addr, code) = unsafe { ((*info).si_addr() as usize, (*info).si_code) };
    // Turned off after it was installed: every fault goes to the previous action.
    let ours = if ENABLED.load(Ordering::Relaxed) {
        lookup(addr)
    } else {
        None
    };
    if let Some(size) = ours {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        let mut c = [0u8; 32];
        let size = format_number(size, 10, &mut a);
        let default = format_number(super::stack::DEFAULT_STACK_SIZE, 10, &mut c);
        write_stderr(b"\npygen: a stackful generator overflowed its ");
        write_stderr(size);
        write_stderr(b"-byte stack (fault at 0x");
        write_stderr(format_number(addr, 16, &mut b));
        write_stderr(b", in its guard page).\npygen: give it a bigger stack with Stackful::with_stack_size(bytes, body); the default is pygen::stackful::stack::DEFAULT_STACK_SIZE (");
        write_stderr(default);
        write_stderr(b" bytes).\n");
        // SAFETY: abort is async-signal-safe and never returns.
        unsafe { libc::abort() };
    }
    // Not ours: give the fault back to whoever handled it before.
    let i = if signal == libc::SIGSEGV { 0 } else { 1 };
    // SAFETY: PREVIOUS[i] was initialised by `install` before this handler
    // was installed; sigaction and raise are async-signal-safe.
    unsafe {
        libc::sigaction(
            signal,
            (*PREVIOUS.0.get())[i].as_ptr(),
            std::ptr::null_mut(),
        );
        if code <= 0 {
            // Sent by kill/raise, not a fault: returning would lose it.
            libc::raise(signal);
        }
    }
    // Returning re-runs the faulting instruction, under the previous action.
}
