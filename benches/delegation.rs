//! Delegation depth: what a value costs when it passes through `depth` levels.
//!
//! - `stackless_chain/D`, `stackful_chain/D`: `chain(D, N)`, a `yield from`
//!   chain of D+1 boxed generators over `count_x(N)`; every value hops through
//!   every level (PEP 380's cost model, like CPython's).
//! - `stackful_deep_calls/D`: one stackful generator yielding `count_x(N)` from
//!   the bottom of D nested plain function calls: a yield is one switch
//!   whatever the depth.
//! - `tree_*/D`: in-order walk of a perfect binary tree of depth D
//!   (2^D - 1 nodes): stackless and stackful with one generator per subtree
//!   (`yield from`), stackful with plain recursion (one generator), and a
//!   hand-written iterator with an explicit stack.
//!
//! Reported per yielded value. Times INCLUDE creating the generators (for
//! chains: D+1 boxed generators, amortised over N = 1000 values; for trees:
//! one generator per node on the yield-from variants, which is part of the
//! model being compared).
//!
//! Run: `cargo bench --bench delegation`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pygen::Backend;
use pygen_support::workloads::{WalkIter, chain, deep_count, drain, walk, walk_recursive};
use std::hint::black_box;
use std::time::Duration;

const N: u64 = 1000;

fn depth(c: &mut Criterion) {
    let mut grp = c.benchmark_group("delegation");
    grp.throughput(Throughput::Elements(N));
    for d in [1u32, 4, 16, 64] {
        grp.bench_with_input(BenchmarkId::new("stackless_chain", d), &d, |b, &d| {
            b.iter(|| drain(chain::stackless(Backend::Stackless, black_box(d), N)))
        });
        grp.bench_with_input(BenchmarkId::new("stackful_chain", d), &d, |b, &d| {
            b.iter(|| drain(chain::stackful(Backend::Stackful, black_box(d), N)))
        });
        grp.bench_with_input(BenchmarkId::new("stackful_deep_calls", d), &d, |b, &d| {
            b.iter(|| drain(deep_count(black_box(d), N)))
        });
    }
    grp.finish();
}

fn tree(c: &mut Criterion) {
    let mut grp = c.benchmark_group("tree_walk");
    for d in [4u32, 8, 12] {
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
