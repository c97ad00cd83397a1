//! Delegation depth: what a value costs when it comes out of a `yield from`
//! chain `depth` levels deep.
//!
//! - `chain/stackless/D`, `chain/stackful/D`, `chain/mixed/D`: `chain(D, N)`,
//!   a `yield from` chain of D+1 boxed generators over `count_x(N)` (mixed:
//!   the levels alternate stackless and stackful). The outermost generator
//!   resumes the innermost directly, so a value should cost the same at any
//!   depth.
//! - `chain/raw_forwarding/D`: raw nightly coroutines, each level resuming
//!   the one below and forwarding its values (PEP 380's cost model, and
//!   CPython's: one hop per level per value).
//! - `chain/raw_driver/D`: the limit: one driver keeping the D+1 raw
//!   coroutines and resuming the innermost directly.
//! - `stackful_deep_calls/D`: one stackful generator yielding `count_x(N)`
//!   from the bottom of D nested plain function calls.
//!
//! The chains are built and entered (first value) outside the timing; the
//! figure is per value after that (N = 10,000 values; 100,000 at depth 4096).
//!
//! - `tree_walk/*/D`: in-order walk of a perfect binary tree of depth D
//!   (2^D - 1 nodes), per node, creation included: stackless and stackful
//!   with one generator per subtree (`yield from`), stackful with plain
//!   recursion (one generator), and a hand-written iterator with an explicit
//!   stack.
//!
//! Run: `cargo bench --bench delegation`.

#![feature(coroutines, coroutine_trait)]

#[path = "../src/bin/pygen/workloads.rs"]
mod workloads;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pygen::{Backend, Generator, generator};
use std::hint::black_box;
use std::ops::{Coroutine, CoroutineState};
use std::pin::Pin;
use std::time::{Duration, Instant};
use workloads::{WalkIter, chain, count_x, deep_count, drain, walk, walk_recursive};

const DEPTHS: [u32; 7] = [1, 2, 4, 16, 64, 256, 4096];

fn values_at(depth: u32) -> u64 {
    if depth >= 4096 { 100_000 } else { 10_000 }
}

/// `chain` with the levels alternating stackless (even depths) and stackful.
#[generator]
fn mixed_chain(depth: u32, n: u64) -> impl Generator<Item = u64> {
    if depth == 0 {
        yield_from!(count_x::on(Backend::Stackless, n))?;
    } else {
        let below = if depth % 2 == 0 {
            Backend::Stackless
        } else {
            Backend::Stackful
        };
        yield_from!(mixed_chain::on(below, depth - 1, n))?;
    }
    Ok(())
}

type RawLevel = Pin<Box<dyn Coroutine<(), Yield = u64, Return = ()>>>;

/// count_x(n) as a boxed raw coroutine.
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

/// `depth` raw levels over `raw_leaf(n)`, each resuming the one below and
/// yielding what it yields.
fn raw_forwarding(depth: u32, n: u64) -> RawLevel {
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
    level
}

/// The raw driver: every level kept on a stack, the innermost resumed
/// directly (the levels above it stay untouched while it yields).
struct RawDriver {
    levels: Vec<RawLevel>,
}

impl RawDriver {
    fn new(depth: u32, n: u64) -> Self {
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

/// Times draining what is left of `make()` after its first value.
fn per_value<I: Iterator<Item = u64>>(iters: u64, make: impl Fn() -> I) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let mut it = make();
        black_box(it.next());
        let start = Instant::now();
        black_box(drain(&mut it));
        total += start.elapsed();
        drop(it);
    }
    total
}

fn depth(c: &mut Criterion) {
    let mut grp = c.benchmark_group("chain");
    for d in DEPTHS {
        let n = values_at(d);
        grp.throughput(Throughput::Elements(n - 1));
        if d >= 256 {
            grp.sample_size(10);
        }
        grp.bench_with_input(BenchmarkId::new("stackless", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, || chain::stackless(Backend::Stackless, d, n)))
        });
        grp.bench_with_input(BenchmarkId::new("stackful", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, || chain::stackful(Backend::Stackful, d, n)))
        });
        grp.bench_with_input(BenchmarkId::new("mixed", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, || mixed_chain::stackless(d, n)))
        });
        if d <= 256 {
            // Deeper, the boxed raw coroutines nest too many native frames.
            grp.bench_with_input(BenchmarkId::new("raw_forwarding", d), &d, |b, &d| {
                b.iter_custom(|iters| {
                    per_value(iters, || {
                        let mut co = raw_forwarding(d, n);
                        std::iter::from_fn(move || match co.as_mut().resume(()) {
                            CoroutineState::Yielded(v) => Some(v),
                            CoroutineState::Complete(()) => None,
                        })
                    })
                })
            });
        }
        grp.bench_with_input(BenchmarkId::new("raw_driver", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, || RawDriver::new(d, n)))
        });
        grp.bench_with_input(BenchmarkId::new("stackful_deep_calls", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, || deep_count(d, n)))
        });
    }
    grp.finish();
}

fn tree(c: &mut Criterion) {
    let mut grp = c.benchmark_group("tree_walk");
    for d in [4u32, 8, 12, 16] {
        let nodes = (1u64 << d) - 1;
        grp.throughput(Throughput::Elements(nodes));
        grp.bench_with_input(
            BenchmarkId::new("stackless_yield_from", d),
            &nodes,
            |b, &n| b.iter(|| drain(walk::stackless(Backend::Stackless, 0, black_box(n)))),
        );
        grp.bench_with_input(
            BenchmarkId::new("stackful_yield_from", d),
            &nodes,
            |b, &n| b.iter(|| drain(walk::stackful(Backend::Stackful, 0, black_box(n)))),
        );
        grp.bench_with_input(
            BenchmarkId::new("stackful_recursion", d),
            &nodes,
            |b, &n| b.iter(|| drain(walk_recursive(0, black_box(n)))),
        );
        grp.bench_with_input(
            BenchmarkId::new("hand_written_iterator", d),
            &nodes,
            |b, &n| b.iter(|| drain(WalkIter::new(0, black_box(n)))),
        );
    }
    grp.finish();
}

/// Sized for a shared 2-core machine: short warm-up and measurement.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(800))
        .sample_size(20)
}

criterion_group! { name = benches; config = config(); targets = depth, tree }
criterion_main!(benches);
