//! Per-yield cost: `count_x(N)` drained with `next()`, on every engine.
//!
//! Reported per yielded value (`Throughput::Elements(N)`). Every timing
//! EXCLUDES creating the generator and dropping it: setup builds a batch of
//! fresh generators outside the clock (`iter_batched`, 16 at a time so a
//! stackful batch fits the stack pool), and the drained generator is returned
//! so criterion drops it outside the clock too. Each value goes through
//! `black_box`, so no engine's loop is folded into arithmetic.
//!
//! Run: `cargo bench --bench per_yield`.

#![feature(coroutines, coroutine_trait, gen_blocks)]

use corosensei::{Coroutine, CoroutineResult};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use pygen_support::workloads::{CountX, count_x, drain};
use std::hint::black_box;
use std::ops::{Coroutine as _, CoroutineState};
use std::pin::Pin;
use std::time::Duration;

const N: u64 = 1000;
const BATCH: BatchSize = BatchSize::NumIterations(16);

fn per_yield(c: &mut Criterion) {
    let mut g = c.benchmark_group("per_yield");
    g.throughput(Throughput::Elements(N));

    g.bench_function("pygen_stackless", |b| {
        b.iter_batched_ref(|| count_x::stackless(black_box(N)), |it| drain(it), BATCH)
    });
    g.bench_function("pygen_stackful", |b| {
        b.iter_batched_ref(|| count_x::stackful(black_box(N)), |it| drain(it), BATCH)
    });
    g.bench_function("hand_written_iterator", |b| {
        b.iter_batched_ref(|| CountX::new(black_box(N)), |it| drain(it), BATCH)
    });
    g.bench_function("std_iterator_chain", |b| {
        b.iter_batched_ref(|| (1..=black_box(N)).rev(), |it| drain(it), BATCH)
    });
    g.bench_function("raw_nightly_coroutine", |b| {
        b.iter_batched_ref(
            || {
                let mut n = black_box(N);
                #[coroutine]
                move |_: ()| {
                    while n > 0 {
                        yield n;
                        n -= 1;
                    }
                }
            },
            |co| {
                let mut sum = 0u64;
                while let CoroutineState::Yielded(v) = Pin::new(&mut *co).resume(()) {
                    sum = sum.wrapping_add(black_box(v));
                }
                sum
            },
            BATCH,
        )
    });
    g.bench_function("nightly_gen_block", |b| {
        b.iter_batched_ref(
            || {
                let mut n = black_box(N);
                gen move {
                    while n > 0 {
                        yield n;
                        n -= 1;
                    }
                }
            },
            |it| drain(it),
            BATCH,
        )
    });
    g.bench_function("raw_corosensei", |b| {
        // Fresh corosensei stacks are mmapped in setup, outside the clock.
        b.iter_batched_ref(
            || {
                let mut n = black_box(N);
                Coroutine::new(move |y: &corosensei::Yielder<(), u64>, ()| {
                    while n > 0 {
                        y.suspend(n);
                        n -= 1;
                    }
                })
            },
            |co| {
                let mut sum = 0u64;
                while let CoroutineResult::Yield(v) = co.resume(()) {
                    sum = sum.wrapping_add(black_box(v));
                }
                sum
            },
            BATCH,
        )
    });
    g.bench_function("genawaiter_rc", |b| {
        b.iter_batched_ref(
            || {
                let n = black_box(N);
                genawaiter::rc::Gen::new(move |co| async move {
                    let mut n = n;
                    while n > 0 {
                        co.yield_(n).await;
                        n -= 1;
                    }
                })
            },
            |it| {
                let mut sum = 0u64;
                while let genawaiter::GeneratorState::Yielded(v) = it.resume() {
                    sum = sum.wrapping_add(black_box(v));
                }
                sum
            },
            BATCH,
        )
    });
    g.bench_function("generator_rs", |b| {
        // generator-rs allocates its own stack in setup, outside the clock.
        b.iter_batched_ref(
            || {
                let n = black_box(N);
                generator::Gn::<()>::new_scoped(move |mut s| {
                    let mut n = n;
                    while n > 0 {
                        s.yield_(n);
                        n -= 1;
                    }
                    generator::done!()
                })
            },
            |it| drain(it),
            BATCH,
        )
    });
    g.finish();
}

criterion_group! { name = benches; config = pygen_support::bench_config(Duration::from_secs(1), 30); targets = per_yield }
criterion_main!(benches);
