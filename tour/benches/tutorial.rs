//! The tutorial's §7 benchmark, list comprehension vs generator expression
//! over 1,000,000 items (`[x*2 for x in range(1_000_000)]` vs
//! `(x*2 for x in range(1_000_000))`), done fairly: both are CONSUMED (summed),
//! since the tutorial's `timeit` of the generator only timed creating it.
//!
//! - `list`: build the `Vec` (8 MB, allocation INCLUDED) and sum it.
//! - `generator_*`: sum the values of `doubles(1_000_000)`, one at a time.
//! - `iterator_chain`: `(0..n).map(|x| x * 2)`, Rust's generator expression.
//!
//! The bytes side (the Vec's 8,000,000 bytes vs the generator's few) is
//! printed by `cargo bench --bench memory`.
//!
//! Run: `cargo bench --bench tutorial`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pygen_support::workloads::{doubles, doubles_list, drain};
use std::hint::black_box;
use std::time::Duration;

const N: u64 = 1_000_000;

fn list_vs_generator(c: &mut Criterion) {
    let mut grp = c.benchmark_group("list_vs_generator_1M");
    grp.throughput(Throughput::Elements(N));
    grp.bench_function("list", |b| {
        b.iter(|| drain(doubles_list(black_box(N)).into_iter()))
    });
    grp.bench_function("generator_stackless", |b| {
        b.iter(|| drain(doubles::stackless(black_box(N))))
    });
    grp.bench_function("generator_stackful", |b| {
        b.iter(|| drain(doubles::stackful(black_box(N))))
    });
    grp.bench_function("iterator_chain", |b| {
        b.iter(|| drain((0..black_box(N)).map(|x| x * 2)))
    });
    grp.finish();
}

criterion_group! { name = benches; config = pygen_support::bench_config(Duration::from_secs(2), 10); targets = list_vs_generator }
criterion_main!(benches);
