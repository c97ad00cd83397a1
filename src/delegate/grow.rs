//! Stack segments for deep entries (see the module docs).

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
