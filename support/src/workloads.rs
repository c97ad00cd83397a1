//! The workloads that `pygen compare` and the criterion benches (`benches/*.rs`)
//! time. Each generator body is written once with `#[generator]` and runs on
//! both backends; `support/python/workloads.py` is the same code in CPython.
//! The raw baselines (a bare nightly coroutine, a bare corosensei coroutine)
//! live here too, so every timing compares like with like.

/// The same workloads in Python, for CPython's side of every comparison
/// (`python3 support/python/workloads.py [--quick]`).
pub const PYTHON: &str = include_str!("../python/workloads.py");

use pygen::{
    Backend, BoxGenerator, Co, Error, Generator, Resume, Stackful, Stackless, generator, yield_from,
};
use std::convert::Infallible;
use std::hint::black_box;
use std::ops::{Coroutine, CoroutineState};
use std::pin::Pin;

/// The tutorial's first generator.
///
/// ```python
/// def count_x(n):
///     while n > 0:
///         yield n
///         n -= 1
/// ```
#[generator]
pub fn count_x(mut n: u64) -> impl Generator<Item = u64> {
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
}

/// Send ping-pong: every `send(v)` is answered with `v + 1`.
///
/// ```python
/// def echo():
///     last = 0
///     while True:
///         v = yield last
///         if v is not None:
///             last = v + 1
/// ```
#[generator]
pub fn echo() -> impl Generator<Item = u64, Send = u64> {
    let mut last = 0;
    loop {
        if let Some(v) = (yield last)? {
            last = v + 1;
        }
    }
}

/// The error [`catcher()`] catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Boom;

/// Catches every thrown `Boom` and yields how many it caught.
///
/// ```python
/// def catcher():
///     caught = 0
///     while True:
///         try:
///             yield caught
///         except ValueError:
///             caught += 1
/// ```
#[generator]
pub fn catcher() -> impl Generator<Item = u64, Error = Boom> {
    let mut caught = 0;
    loop {
        match (yield caught) {
            Ok(_) => {}
            Err(Error::Raised(Boom)) => caught += 1,
            Err(e) => return Err(e),
        }
    }
}

/// A `yield from` chain `depth` generators deep over `count_x(n)`: each value
/// passes through every level. Each level is a boxed generator of `backend`
/// (a stackless generator cannot contain itself without a box).
///
/// ```python
/// def chain(depth, n):
///     if depth == 0:
///         yield from count_x(n)
///     else:
///         yield from chain(depth - 1, n)
/// ```
#[generator]
pub fn chain(backend: Backend, depth: u32, n: u64) -> impl Generator<Item = u64> {
    if depth == 0 {
        yield_from!(count_x::on(backend, n))?;
    } else {
        yield_from!(chain::on(backend, backend, depth - 1, n))?;
    }
    Ok(())
}

/// [`chain()`] with the levels alternating backends: stackless at even depths,
/// stackful at odd ones (the outermost is whatever the caller picks).
#[generator]
pub fn mixed_chain(depth: u32, n: u64) -> impl Generator<Item = u64> {
    if depth == 0 {
        yield_from!(count_x::on(Backend::Stackless, n))?;
    } else {
        let below = if (depth - 1).is_multiple_of(2) {
            Backend::Stackless
        } else {
            Backend::Stackful
        };
        yield_from!(mixed_chain::on(below, depth - 1, n))?;
    }
    Ok(())
}

/// [`chain()`] as raw `Stackless::new` bodies (a nightly coroutine per level,
/// not `#[generator]`): their `yield_from!` steps the sub from inside the
/// body, so each value is forwarded level by level, one resume per level.
pub fn raw_stackless_chain(depth: u32, n: u64) -> BoxGenerator<u64> {
    Box::new(Stackless::new(
        #[coroutine]
        move |_: Resume<(), Infallible>| {
            if depth == 0 {
                yield_from!(count_x::stackless(n))?;
            } else {
                yield_from!(raw_stackless_chain(depth - 1, n))?;
            }
            Ok(())
        },
    ))
}

/// One level of the raw chains: a boxed nightly coroutine.
pub type RawLevel = Pin<Box<dyn Coroutine<(), Yield = u64, Return = ()>>>;

/// `count_x(n)` as a boxed raw nightly coroutine.
fn raw_leaf(n: u64) -> RawLevel {
    let mut n = n;
    Box::pin(
        #[coroutine]
        move |_: ()| {
            while n > 0 {
                yield n;
                n -= 1;
            }
        },
    )
}

/// The chain's floor with one hop per level: `depth` raw nightly coroutines
/// over `count_x(n)`, each resuming the one below and yielding what it yields
/// (PEP 380's cost model, and CPython's). Drained as an iterator.
pub fn raw_forwarding(depth: u32, n: u64) -> impl Iterator<Item = u64> {
    let mut level = raw_leaf(n);
    for _ in 0..depth {
        let mut below = level;
        level = Box::pin(
            #[coroutine]
            move |_: ()| {
                while let CoroutineState::Yielded(v) = below.as_mut().resume(()) {
                    yield v;
                }
            },
        );
    }
    std::iter::from_fn(move || match level.as_mut().resume(()) {
        CoroutineState::Yielded(v) => Some(v),
        CoroutineState::Complete(()) => None,
    })
}

/// The limit of a chain of raw coroutines: one driver keeps the `depth` + 1
/// levels on a stack and resumes the innermost directly; the levels above it
/// stay untouched while it yields (what pygen's `yield from` does, without
/// Python's protocol).
pub struct RawDriver {
    levels: Vec<RawLevel>,
}

impl RawDriver {
    /// `depth` empty levels over `count_x(n)`.
    pub fn new(depth: u32, n: u64) -> Self {
        let mut levels: Vec<RawLevel> = (0..depth)
            .map(|_| -> RawLevel {
                Box::pin(
                    #[coroutine]
                    |_: ()| {},
                )
            })
            .collect();
        levels.push(raw_leaf(n));
        RawDriver { levels }
    }
}

impl Iterator for RawDriver {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        loop {
            let top = self.levels.last_mut()?;
            match top.as_mut().resume(()) {
                CoroutineState::Yielded(v) => return Some(v),
                CoroutineState::Complete(()) => {
                    self.levels.pop();
                }
            }
        }
    }
}

/// Stackful only: `count_x(n)` yielded from the bottom of `depth` nested
/// plain function calls — no generator per level, one stack.
pub fn deep_count(depth: u32, n: u64) -> Stackful<u64> {
    Stackful::new(move |co| descend(co, depth, n))
}

#[inline(never)]
fn descend(co: &Co<u64>, depth: u32, mut n: u64) -> Result<(), Error<Infallible>> {
    if depth == 0 {
        while n > 0 {
            co.yield_(n)?;
            n -= 1;
        }
    } else {
        descend(co, depth - 1, n)?;
        // Work after the call, so the recursion is a real frame, not a jump.
        black_box(depth);
    }
    Ok(())
}

/// In-order walk of the perfect binary search tree over `lo..hi`, one
/// generator per subtree, `yield from` for each child. The recursive calls
/// run on the backend the walk was made on (`walk::stackless(..)`,
/// `walk::stackful(..)`, `walk::on(backend, ..)`).
///
/// ```python
/// def walk(lo, hi):
///     if lo < hi:
///         mid = (lo + hi) // 2
///         yield from walk(lo, mid)
///         yield mid
///         yield from walk(mid + 1, hi)
/// ```
#[generator]
pub fn walk(lo: u64, hi: u64) -> impl Generator<Item = u64> {
    if lo < hi {
        let mid = lo + (hi - lo) / 2;
        yield_from!(walk(lo, mid))?;
        (yield mid)?;
        yield_from!(walk(mid + 1, hi))?;
    }
    Ok(())
}

/// Stackful only: the same walk as a plain recursive function that yields
/// from any depth — one generator, one stack.
pub fn walk_recursive(lo: u64, hi: u64) -> Stackful<u64> {
    Stackful::new(move |co| visit(co, lo, hi))
}

fn visit(co: &Co<u64>, lo: u64, hi: u64) -> Result<(), Error<Infallible>> {
    if lo < hi {
        let mid = lo + (hi - lo) / 2;
        visit(co, lo, mid)?;
        co.yield_(mid)?;
        visit(co, mid + 1, hi)?;
    }
    Ok(())
}

/// The walk as a hand-written iterator with an explicit stack (the reference).
pub struct WalkIter {
    stack: Vec<(u64, u64, bool)>,
}

impl WalkIter {
    /// In-order over `lo..hi`.
    pub fn new(lo: u64, hi: u64) -> Self {
        WalkIter {
            stack: vec![(lo, hi, false)],
        }
    }
}

impl Iterator for WalkIter {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        while let Some((lo, hi, left_done)) = self.stack.pop() {
            if lo >= hi {
                continue;
            }
            let mid = lo + (hi - lo) / 2;
            if left_done {
                self.stack.push((mid + 1, hi, false));
                return Some(mid);
            }
            self.stack.push((lo, hi, true));
            self.stack.push((lo, mid, false));
        }
        None
    }
}

/// The hand-written iterator for `count_x`.
pub struct CountX {
    n: u64,
}

impl CountX {
    /// Counts down from `n` to 1.
    pub fn new(n: u64) -> Self {
        CountX { n }
    }
}

impl Iterator for CountX {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.n == 0 {
            return None;
        }
        let n = self.n;
        self.n -= 1;
        Some(n)
    }
}

/// The tutorial's generator expression `(x * 2 for x in range(n))`, as a
/// generator function.
#[generator]
pub fn doubles(n: u64) -> impl Generator<Item = u64> {
    let mut x = 0;
    while x < n {
        (yield x * 2)?;
        x += 1;
    }
    Ok(())
}

/// The tutorial's list comprehension `[x * 2 for x in range(n)]`.
pub fn doubles_list(n: u64) -> Vec<u64> {
    (0..n).map(|x| x * 2).collect()
}

/// Drains an iterator, keeping every value observable to the optimiser.
#[inline(always)]
pub fn drain(it: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    for v in it {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

/// Drains a generator its caller holds, in a function the optimiser does not
/// inline (the state stays in the caller's memory between calls): the setup
/// of the criterion benches and of `pygen compare`'s per-yield rows.
#[inline(never)]
pub fn drain_by_ref(it: &mut impl Iterator<Item = u64>) -> u64 {
    drain(it)
}

/// [`drain_by_ref`] for a raw nightly coroutine.
#[inline(never)]
pub fn drain_coroutine_by_ref<C>(co: &mut C) -> u64
where
    C: std::ops::Coroutine<(), Yield = u64, Return = ()> + Unpin,
{
    let mut sum = 0u64;
    while let std::ops::CoroutineState::Yielded(v) = std::pin::Pin::new(&mut *co).resume(()) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

/// count_x as a raw nightly coroutine, drained by `&mut`: the baseline of
/// the stackless backend.
pub fn raw_coroutine_count(n: u64) -> u64 {
    let mut n = n;
    drain_coroutine_by_ref(black_box(&mut std::convert::identity(
        #[coroutine]
        move |_: ()| {
            while n > 0 {
                yield n;
                n -= 1;
            }
        },
    )))
}

/// [`drain_by_ref`] for a raw corosensei coroutine.
#[inline(never)]
pub fn drain_corosensei_by_ref(co: &mut corosensei::Coroutine<(), u64, ()>) -> u64 {
    let mut sum = 0u64;
    while let corosensei::CoroutineResult::Yield(v) = co.resume(()) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

/// count_x as a raw corosensei coroutine, drained by `&mut`: the baseline
/// of the stackful backend.
pub fn raw_corosensei_count(n: u64) -> u64 {
    let mut n = n;
    let mut co = corosensei::Coroutine::new(move |y: &corosensei::Yielder<(), u64>, ()| {
        while n > 0 {
            y.suspend(n);
            n -= 1;
        }
    });
    drain_corosensei_by_ref(black_box(&mut co))
}
