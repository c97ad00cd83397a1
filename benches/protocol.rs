//! Send round trip, throw, and close, on both backends and the peers that have
//! the operation.
//!
//! - `send`: one `send(i)` answered by the next yield (`echo`), per operation.
//!   EXCLUDES creating and starting the generator (done once per sample).
//! - `throw`: one `throw(Boom)` caught in the body, which yields again
//!   (`catcher`); EXCLUDES creation, as for send.
//! - `close`: `close()` of a generator suspended at its first yield, the body
//!   unwinding through `?`. EXCLUDES creating and starting it (setup, outside
//!   the clock); the closed generator is dropped outside the clock.
//!
//! Run: `cargo bench --bench protocol`.

#![feature(coroutines, coroutine_trait, stmt_expr_attributes)]

use corosensei::{Coroutine, CoroutineResult, Yielder};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use pygen::{Generator, Outcome};
use pygen_support::workloads::{Boom, catcher, count_x, echo};
use std::hint::black_box;
use std::ops::{Coroutine as _, CoroutineState};
use std::pin::Pin;
use std::time::Duration;

fn send<G: Generator<Item = u64, Send = u64>>(g: &mut G, i: u64) -> u64 {
    match g.send(black_box(i)) {
        Ok(Outcome::Yielded(v)) => v,
        _ => 0,
    }
}

fn send_group(c: &mut Criterion) {
    let mut grp = c.benchmark_group("send");
    grp.bench_function("pygen_stackless", |b| {
        let mut g = echo::stackless();
        let _ = g.resume();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            send(&mut g, i)
        })
    });
    grp.bench_function("pygen_stackful", |b| {
        let mut g = echo::stackful();
        let _ = g.resume();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            send(&mut g, i)
        })
    });
    grp.bench_function("raw_nightly_coroutine", |b| {
        let mut co = #[coroutine]
        |mut v: u64| {
            loop {
                v = yield v + 1;
            }
        };
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let CoroutineState::Yielded(v) = Pin::new(&mut co).resume(black_box(i));
            v
        })
    });
    grp.bench_function("raw_corosensei", |b| {
        let mut co = Coroutine::new(|y: &Yielder<u64, u64>, mut v: u64| {
            loop {
                v = y.suspend(v + 1);
            }
        });
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let CoroutineResult::Yield(v) = co.resume(black_box(i));
            v
        })
    });
    grp.bench_function("genawaiter_rc", |b| {
        let mut g = genawaiter::rc::Gen::new(|co: genawaiter::rc::Co<u64, u64>| async move {
            let mut last = 0u64;
            loop {
                last = co.yield_(last).await + 1;
            }
        });
        let _ = g.resume_with(0);
        let mut i = 0;
        b.iter(|| {
            i += 1;
            match g.resume_with(black_box(i)) {
                genawaiter::GeneratorState::Yielded(v) => v,
                genawaiter::GeneratorState::Complete(()) => 0,
            }
        })
    });
    grp.bench_function("generator_rs", |b| {
        let mut g = generator::Gn::<u64>::new_scoped(|mut s| {
            let mut last = 0u64;
            loop {
                last = s.yield_(last).unwrap_or(0) + 1;
            }
        });
        let _ = g.raw_send(None);
        let mut i = 0;
        b.iter(|| {
            i += 1;
            g.send(black_box(i))
        })
    });
    grp.finish();
}

fn throw_group(c: &mut Criterion) {
    let mut grp = c.benchmark_group("throw");
    grp.bench_function("pygen_stackless", |b| {
        let mut g = catcher::stackless();
        let _ = g.resume();
        b.iter(|| g.throw(black_box(Boom)))
    });
    grp.bench_function("pygen_stackful", |b| {
        let mut g = catcher::stackful();
        let _ = g.resume();
        b.iter(|| g.throw(black_box(Boom)))
    });
    grp.finish();
}

fn close_group(c: &mut Criterion) {
    let mut grp = c.benchmark_group("close");
    let batch = BatchSize::NumIterations(16);
    grp.bench_function("pygen_stackless", |b| {
        b.iter_batched_ref(
            || {
                let mut g = count_x::stackless(black_box(10));
                let _ = g.resume();
                g
            },
            |g| g.close(),
            batch,
        )
    });
    grp.bench_function("pygen_stackful", |b| {
        b.iter_batched_ref(
            || {
                let mut g = count_x::stackful(black_box(10));
                let _ = g.resume();
                g
            },
            |g| g.close(),
            batch,
        )
    });
    grp.bench_function("generator_rs_cancel", |b| {
        // generator-rs cancels by unwinding the generator's stack with a panic.
        b.iter_batched_ref(
            || {
                let mut g = generator::Gn::<()>::new_scoped(|mut s| {
                    let mut n = 10u64;
                    while n > 0 {
                        s.yield_(n);
                        n -= 1;
                    }
                    generator::done!()
                });
                let _ = g.resume();
                g
            },
            |g| g.cancel(),
            batch,
        )
    });
    grp.finish();
}

criterion_group! { name = benches; config = pygen_support::bench_config(Duration::from_secs(1), 30); targets = send_group, throw_group, close_group }
criterion_main!(benches);
