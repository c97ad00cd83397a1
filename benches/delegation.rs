//! Delegation: what a value costs when it comes out of a `yield from` chain
//! `depth` levels deep, and a recursive tree walk.
//!
//! `chain/<variant>/D`: `chain(D, N)`, a `yield from` chain of D + 1
//! generators over `count_x(N)`, per value:
//!
//! - `stackless`, `stackful`: `#[generator]` levels on one backend; the
//!   outermost generator resumes the innermost directly, so a value costs the
//!   same at any depth;
//! - `mixed`: the levels alternate stackless and stackful (same hand-over);
//! - `raw_stackless_forwarding`: raw `Stackless::new` bodies with
//!   `yield_from!`, which step their sub from inside the body: one hop per
//!   level per value;
//! - `raw_forwarding`: raw nightly coroutines, each level resuming the one
//!   below and forwarding its values (PEP 380's cost model, and CPython's);
//! - `raw_driver`: the limit: one driver keeping the D + 1 raw coroutines on
//!   a stack and resuming the innermost directly;
//! - `stackful_deep_calls` (D ≤ 256): one stackful generator yielding from the
//!   bottom of D nested plain function calls (no generator per level).
//!
//! Each chain is built and entered (its first value) outside the clock, and
//! ended and dropped outside it too: ending a chain ends one generator per
//! level (on stackful, one whose stack the pool has no room for is unmapped,
//! about 10 µs each), a cost per level, not per value. The figure is per value
//! in between. N grows with the depth (10,000 values up to depth 64, 1,000,000
//! at 4096) so that building the chain (D + 1 generators, a fresh stack each
//! on stackful beyond the pool), off the clock but not off the run, does not
//! dominate the run's time; the forwarding chains, whose values cost a hop per
//! level, run 4,000,000 / (D + 1) values (1,000 to 10,000). They also nest one
//! native frame per level when resumed, so they run on a thread with a large
//! stack.
//!
//! `tree_walk/<variant>/16`: in-order walk of a perfect binary tree of depth
//! 16 (65,535 nodes), per node, creation included: `#[generator]` stackless
//! `yield_from!` and stackful `co.yield_from` with one generator per subtree,
//! stackful plain recursion through `&Co` (one generator), and a hand-written
//! iterator with an explicit stack.
//!
//! Run: `cargo bench -p pygen --bench delegation` (about three minutes with
//! `-- --warm-up-time 1 --measurement-time 2`).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pygen::Backend;
use pygen_support::bench_config;
use pygen_support::workloads::{
    RawDriver, WalkIter, chain, deep_count, drain, mixed_chain, raw_forwarding,
    raw_stackless_chain, walk, walk_recursive,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

const DEPTHS: [u32; 7] = [1, 2, 4, 16, 64, 256, 4096];

/// Values per chain at `depth`.
fn values_at(depth: u32) -> u64 {
    match depth {
        0..=64 => 10_000,
        65..=256 => 100_000,
        _ => 1_000_000,
    }
}

/// Values per forwarding chain at `depth`: fewer deep down, where every value
/// costs a hop per level.
fn forwarded_values_at(depth: u32) -> u64 {
    (4_000_000 / u64::from(depth + 1)).clamp(1_000, 10_000)
}

/// Stack for the thread that resumes a forwarding chain (a few hundred bytes
/// of native frames per level, nested).
const FORWARDING_STACK: usize = 256 << 20;

/// Times taking the `values` values that follow `make()`'s first one,
/// `iters` times. Building and entering the chain (the first value) and ending
/// it are off the clock: the next call after the last value ends every level
/// (and drops its generator; a stackful one whose stack the pool has no room
/// for unmaps it, about 10 µs), a cost per level, not per value.
fn per_value<I: Iterator<Item = u64>>(iters: u64, values: u64, make: impl Fn() -> I) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let mut it = make();
        black_box(it.next());
        let start = Instant::now();
        black_box(drain(it.by_ref().take(values as usize)));
        total += start.elapsed();
        drop(it);
    }
    total
}

/// [`per_value`] on a thread with a [`FORWARDING_STACK`].
fn per_value_big_stack<I: Iterator<Item = u64>>(
    iters: u64,
    values: u64,
    make: impl Fn() -> I + Send + 'static,
) -> Duration {
    std::thread::Builder::new()
        .stack_size(FORWARDING_STACK)
        .spawn(move || per_value(iters, values, make))
        .expect("spawn a bench thread")
        .join()
        .expect("the forwarding chain ran")
}

fn chains(c: &mut Criterion) {
    let mut grp = c.benchmark_group("chain");
    for d in DEPTHS {
        let n = values_at(d);
        grp.throughput(Throughput::Elements(n - 1));
        grp.bench_with_input(BenchmarkId::new("stackless", d), &d, |b, &d| {
            b.iter_custom(|iters| {
                per_value(iters, n - 1, || chain::stackless(Backend::Stackless, d, n))
            })
        });
        grp.bench_with_input(BenchmarkId::new("stackful", d), &d, |b, &d| {
            b.iter_custom(|iters| {
                per_value(iters, n - 1, || chain::stackful(Backend::Stackful, d, n))
            })
        });
        grp.bench_with_input(BenchmarkId::new("mixed", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, n - 1, || mixed_chain::stackful(d, n)))
        });
        // The forwarding chains run fewer values (their own throughput).
        let n = forwarded_values_at(d);
        grp.throughput(Throughput::Elements(n - 1));
        grp.bench_with_input(
            BenchmarkId::new("raw_stackless_forwarding", d),
            &d,
            |b, &d| {
                b.iter_custom(|iters| {
                    per_value_big_stack(iters, n - 1, move || raw_stackless_chain(d, n))
                })
            },
        );
        grp.bench_with_input(BenchmarkId::new("raw_forwarding", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value_big_stack(iters, n - 1, move || raw_forwarding(d, n)))
        });
        let n = values_at(d);
        grp.throughput(Throughput::Elements(n - 1));
        grp.bench_with_input(BenchmarkId::new("raw_driver", d), &d, |b, &d| {
            b.iter_custom(|iters| per_value(iters, n - 1, || RawDriver::new(d, n)))
        });
        if d <= 256 {
            grp.bench_with_input(BenchmarkId::new("stackful_deep_calls", d), &d, |b, &d| {
                b.iter_custom(|iters| per_value(iters, n - 1, || deep_count(d, n)))
            });
        }
    }
    grp.finish();
}

fn tree(c: &mut Criterion) {
    let mut grp = c.benchmark_group("tree_walk");
    let d = 16u32;
    let nodes = (1u64 << d) - 1;
    grp.throughput(Throughput::Elements(nodes));
    grp.bench_with_input(
        BenchmarkId::new("stackless_yield_from", d),
        &nodes,
        |b, &n| b.iter(|| drain(walk::stackless(0, black_box(n)))),
    );
    grp.bench_with_input(
        BenchmarkId::new("stackful_yield_from", d),
        &nodes,
        |b, &n| b.iter(|| drain(walk::stackful(0, black_box(n)))),
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
    grp.finish();
}

criterion_group! {
    name = benches;
    config = bench_config(Duration::from_secs(1), 10);
    targets = chains, tree
}
criterion_main!(benches);
