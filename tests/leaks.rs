//! No leaks: creating and dropping 100k suspended generators per backend
//! leaves the heap where it was (a counting global allocator, per thread, so
//! the tests can run in parallel), stackful stacks are pooled and reused (the
//! mapped address space does not grow), and every local of a dropped
//! suspended generator is dropped exactly once.

#![feature(coroutines, cfg_sanitize)]

use pygen::{Backend, Generator, generator};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::rc::Rc;

struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed by this thread.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// Allocations made by this thread.
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn add(bytes: isize) {
    // `try_with`: the allocator may run while thread-locals are torn down.
    let _ = LIVE.try_with(|l| l.set(l.get() + bytes));
}

// SAFETY: every method forwards to `System` with the caller's arguments,
// which upholds `GlobalAlloc`'s contract; the counting touches only
// const-initialised thread-locals (no allocation, no re-entrancy).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        let _ = ALLOCS.try_with(|a| a.set(a.get() + 1));
        // SAFETY: forwarded with the caller's (valid, non-zero-size) layout.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as isize));
        // SAFETY: `ptr` was allocated by `System` (through us) with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        let _ = ALLOCS.try_with(|a| a.set(a.get() + 1));
        // SAFETY: as `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(new_size as isize - layout.size() as isize);
        // SAFETY: `ptr`/`layout` come from this allocator; `new_size` is the
        // caller's, valid per `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.with(|l| l.get())
}

/// The process's mapped address space, in pages (`/proc/self/statm`).
/// Constant under AddressSanitizer, whose shadow memory and quarantine make
/// the number meaningless (the heap counts still apply there).
fn mapped_pages() -> usize {
    if cfg!(sanitize = "address") {
        return 0;
    }
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    statm.split_whitespace().next().unwrap().parse().unwrap()
}

/// The mapped-memory checks read a process-wide number: one test at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    // glibc gives a thread that starts allocating while others do a malloc
    // arena of its own: 64 MiB of new mappings, which a test thread started
    // by the harness mid-measurement would add to ours. One arena for all.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONE_ARENA: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt only changes the allocator's tuning; M_ARENA_MAX is
        // a valid parameter and 1 a valid value.
        ONE_ARENA.call_once(|| unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        });
    }
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// Counts its drops.
struct DetectDrop(Rc<Cell<u64>>);

impl Drop for DetectDrop {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Three locals alive at the second yield, each with a heap allocation.
#[generator]
fn holder(drops: Rc<Cell<u64>>, n: u64) -> impl Generator<Item = u64> {
    let a = DetectDrop(drops.clone());
    let buffer = Box::new([n; 16]); // on the heap
    (yield n)?;
    let b = DetectDrop(drops.clone());
    let text = format!("value {n}");
    (yield buffer[0] + text.len() as u64)?;
    let _c = DetectDrop(drops);
    drop((a, b));
    Ok(())
}

/// Creates `count` generators, suspends each at its second yield and drops it.
fn churn(backend: Backend, count: u64, drops: &Rc<Cell<u64>>) {
    for i in 0..count {
        let mut g = holder::on(backend, drops.clone(), i);
        assert_eq!(g.next(), Some(i));
        assert!(g.next().is_some());
        drop(g); // suspended: closed by Drop
    }
}

fn no_heap_growth(backend: Backend) {
    const N: u64 = 100_000;
    let _serial = serial();
    let drops = Rc::new(Cell::new(0));
    // Warm up: the stack pool, thread-locals, lazy statics.
    churn(backend, 100, &drops);
    let (heap, allocs, pages) = (live(), ALLOCS.with(|a| a.get()), mapped_pages());
    drops.set(0);
    churn(backend, N, &drops);
    let allocs = ALLOCS.with(|a| a.get()) - allocs;
    assert!(
        allocs as u64 >= 2 * N,
        "the counter counts ({allocs} allocations)"
    );
    assert_eq!(
        live() - heap,
        0,
        "{backend}: heap bytes still allocated after {N} drops"
    );
    assert_eq!(
        drops.get(),
        2 * N,
        "{backend}: each of the 2 live locals dropped once"
    );
    let grown = mapped_pages().saturating_sub(pages);
    assert!(
        grown < 256,
        "{backend}: mapped memory grew by {grown} pages over {N} generators"
    );
}

#[test]
fn stackless_no_heap_growth() {
    no_heap_growth(Backend::Stackless);
}

#[test]
fn stackful_pooled_no_heap_growth() {
    no_heap_growth(Backend::Stackful);
    let pooled = pygen::stackful::stack::pooled_stacks();
    assert!((1..=32).contains(&pooled), "{pooled} stacks pooled");
}

#[test]
fn stackful_fresh_stacks_are_unmapped() {
    // Without the pool: each generator maps a fresh stack, unmapped on drop.
    const N: u64 = 2_000;
    let _serial = serial();
    let drops = Rc::new(Cell::new(0));
    churn(Backend::Stackful, 10, &drops);
    let (heap, pages) = (live(), mapped_pages());
    for i in 0..N {
        pygen::stackful::stack::clear_pool();
        let mut g = holder::stackful(drops.clone(), i);
        assert_eq!(g.next(), Some(i));
        drop(g);
    }
    pygen::stackful::stack::clear_pool();
    assert_eq!(live() - heap, 0);
    let grown = mapped_pages().saturating_sub(pages);
    assert!(grown < 256, "mapped memory grew by {grown} pages");
}

fn live_batch(backend: Backend, drops: &Rc<Cell<u64>>) {
    let mut gens: Vec<_> = (0..1000)
        .map(|i| holder::on(backend, drops.clone(), i))
        .collect();
    for g in &mut gens {
        assert!(g.next().is_some());
    }
    assert_eq!(drops.get(), 0);
    drop(gens);
    assert_eq!(drops.get(), 1000, "{backend}: one local each, dropped once");
}

#[test]
fn many_live_suspended_generators_then_dropped() {
    // 1000 suspended at once (more than the pool holds), dropped in a batch;
    // the first round warms up the pool's own storage.
    let _serial = serial();
    for backend in Backend::ALL {
        let drops = Rc::new(Cell::new(0));
        live_batch(backend, &drops);
        let (heap, pages) = (live(), mapped_pages());
        drops.set(0);
        live_batch(backend, &drops);
        assert_eq!(live() - heap, 0, "{backend}: heap bytes still allocated");
        let grown = mapped_pages().saturating_sub(pages);
        assert!(
            grown < 256,
            "{backend}: mapped memory grew by {grown} pages"
        );
    }
}

/// `yield from` `depth` levels deep over one value: each level a boxed frame.
#[generator]
fn nest(depth: u32) -> impl Generator<Item = u32> {
    if depth == 0 {
        (yield 0)?;
    } else {
        yield_from!(nest(depth - 1))?;
    }
    Ok(())
}

#[test]
fn delegation_frames_are_reused_not_leaked() {
    // A stackless `yield from` boxes one frame per level; freed frames wait in
    // a small per-thread cache for the next `yield from`, so the heap reaches
    // a ceiling after the first deep chain and stays there.
    let _serial = serial();
    let run = || {
        let mut g = nest::stackless(1_000);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [0]);
    };
    run();
    let heap = live();
    for _ in 0..50 {
        run();
    }
    assert_eq!(live() - heap, 0, "heap bytes left by 50 chains 1,000 deep");
}
