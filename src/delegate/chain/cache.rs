//! A per-thread cache of freed frame boxes.
//!
//! A stackless `#[generator]` body that enters `yield from` boxes one frame,
//! and frees it when its sub ends: a recursive walk allocates and frees one
//! frame per node, in stack order. The allocator's own caches miss on that
//! pattern (a deep subtree ends many frames in a row), so freed frames wait
//! here, by size class, for the next `yield from` on the same thread: in a
//! steady walk no frame reaches the allocator.
//!
//! Bounded: [`KEEP`] blocks per class, classes up to [`CLASS`] × [`CLASSES`]
//! bytes (larger or over-aligned frames go straight to the allocator); a
//! thread's cache is freed when the thread exits. Built with the `sanitizer`
//! feature, nothing is cached, so that AddressSanitizer sees every frame's
//! allocation and free.

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::cell::Cell;
use std::ptr::NonNull;

/// The size step of the classes, in bytes.
const CLASS: usize = 64;
/// How many classes: frames up to 512 bytes are cached.
const CLASSES: usize = 8;
/// Blocks kept per class.
const KEEP: u8 = 32;
/// The alignment of every cached block.
const ALIGN: usize = 16;

/// A free block: its first word links to the next one.
struct Free {
    next: Option<NonNull<Free>>,
}

struct Cache {
    // Invariant: each list holds `counts[c]` blocks, each allocated with
    // `class_layout(c)` and owned by nothing else.
    heads: [Cell<Option<NonNull<Free>>>; CLASSES],
    counts: [Cell<u8>; CLASSES],
}

impl Drop for Cache {
    fn drop(&mut self) {
        for (c, head) in self.heads.iter().enumerate() {
            let mut next = head.take();
            while let Some(block) = next {
                // SAFETY: `block` is a free block of class `c` (field
                // invariant), read before it is freed, and freed once.
                unsafe {
                    next = block.as_ref().next;
                    dealloc(block.as_ptr().cast(), class_layout(c));
                }
            }
        }
    }
}

thread_local! {
    static CACHE: Cache = const {
        Cache {
            heads: [const { Cell::new(None) }; CLASSES],
            counts: [const { Cell::new(0) }; CLASSES],
        }
    };
}

/// The class of a frame of `layout`, if frames of its size are cached.
#[inline(always)]
fn class(layout: Layout) -> Option<usize> {
    let cached = !cfg!(feature = "sanitizer")
        && layout.align() <= ALIGN
        && layout.size() <= CLASS * CLASSES
        && layout.size() >= std::mem::size_of::<Free>();
    cached.then(|| (layout.size() - 1) / CLASS)
}

/// The layout of every block of class `c`.
#[inline(always)]
fn class_layout(c: usize) -> Layout {
    // `(c + 1) * CLASS` is a small multiple of `ALIGN`, a power of two.
    Layout::from_size_align((c + 1) * CLASS, ALIGN).expect("a small size class")
}

/// Memory for a frame of `layout` (not zero-sized).
#[inline]
pub(super) fn alloc_frame(layout: Layout) -> NonNull<u8> {
    let (layout, c) = match class(layout) {
        Some(c) => (class_layout(c), Some(c)),
        None => (layout, None),
    };
    if let Some(c) = c {
        let cached = CACHE
            .try_with(|cache| {
                let block = cache.heads[c].get()?;
                // SAFETY: a free block of class `c`, owned by the cache
                // (field invariant); taking it off the list makes it ours.
                cache.heads[c].set(unsafe { block.as_ref().next });
                cache.counts[c].set(cache.counts[c].get() - 1);
                Some(block.cast())
            })
            .ok()
            .flatten();
        if let Some(block) = cached {
            return block;
        }
    }
    // SAFETY: `layout` is not zero-sized (a frame holds its header; a class
    // layout is at least `CLASS` bytes).
    NonNull::new(unsafe { alloc(layout) }).unwrap_or_else(|| handle_alloc_error(layout))
}

/// Frees the memory of a frame of `layout` that [`alloc_frame`] gave.
///
/// # Safety
/// `block` came from `alloc_frame(layout)`, its frame is dropped, and
/// nothing uses it afterwards.
#[inline]
pub(super) unsafe fn free_frame(block: NonNull<u8>, layout: Layout) {
    let Some(c) = class(layout) else {
        // SAFETY: allocated with this very layout (`alloc_frame`, no class).
        unsafe { dealloc(block.as_ptr(), layout) };
        return;
    };
    let kept = CACHE
        .try_with(|cache| {
            if cache.counts[c].get() >= KEEP {
                return false;
            }
            let free = block.cast::<Free>();
            // SAFETY: the block is ours (the caller's contract), at least
            // `CLASS` bytes and `ALIGN`-aligned (a class block), so it holds
            // a `Free`; once on the list, the cache owns it.
            unsafe {
                free.as_ptr().write(Free {
                    next: cache.heads[c].get(),
                })
            };
            cache.heads[c].set(Some(free));
            cache.counts[c].set(cache.counts[c].get() + 1);
            true
        })
        .unwrap_or(false);
    if !kept {
        // SAFETY: a class block (`alloc_frame` gave one for this layout),
        // allocated with the class layout, freed once.
        unsafe { dealloc(block.as_ptr(), class_layout(c)) };
    }
}

#[cfg(all(test, not(feature = "sanitizer")))]
mod tests {
    use super::*;

    fn cached(c: usize) -> u8 {
        CACHE.with(|cache| cache.counts[c].get())
    }

    #[test]
    fn a_freed_frame_is_the_next_of_its_class() {
        let small = Layout::from_size_align(100, 8).unwrap(); // class 1
        let a = alloc_frame(small);
        let before = cached(1);
        // SAFETY: `a` came from `alloc_frame(small)` and is not used again.
        unsafe { free_frame(a, small) };
        assert_eq!(cached(1), before + 1);
        // Another size in the same class gets the same block back.
        let b = alloc_frame(Layout::from_size_align(128, 16).unwrap());
        assert_eq!(a, b);
        assert_eq!(cached(1), before);
        // SAFETY: as above.
        unsafe { free_frame(b, Layout::from_size_align(128, 16).unwrap()) };
    }

    #[test]
    fn each_class_keeps_at_most_keep_blocks() {
        let layout = Layout::from_size_align(300, 8).unwrap(); // class 4
        let blocks: Vec<_> = (0..usize::from(KEEP) + 10)
            .map(|_| alloc_frame(layout))
            .collect();
        for b in blocks {
            // SAFETY: each came from `alloc_frame(layout)`, freed once.
            unsafe { free_frame(b, layout) };
        }
        assert_eq!(cached(4), KEEP);
    }

    #[test]
    fn large_and_over_aligned_frames_are_not_cached() {
        assert_eq!(class(Layout::from_size_align(513, 8).unwrap()), None);
        assert_eq!(class(Layout::from_size_align(64, 32).unwrap()), None);
        assert_eq!(class(Layout::from_size_align(1, 1).unwrap()), None);
        assert_eq!(class(Layout::from_size_align(8, 8).unwrap()), Some(0));
        assert_eq!(class(Layout::from_size_align(64, 16).unwrap()), Some(0));
        assert_eq!(class(Layout::from_size_align(65, 8).unwrap()), Some(1));
        assert_eq!(class(Layout::from_size_align(512, 16).unwrap()), Some(7));
        let large = Layout::from_size_align(4096, 8).unwrap();
        let counts: Vec<u8> = (0..CLASSES).map(cached).collect();
        let block = alloc_frame(large);
        // SAFETY: from `alloc_frame(large)`, freed once.
        unsafe { free_frame(block, large) };
        assert_eq!((0..CLASSES).map(cached).collect::<Vec<_>>(), counts);
    }
}
