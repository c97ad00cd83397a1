//! Create + first resume + drop: the life of a short generator.
//!
//! Each iteration creates `count_x(10)`, takes its first value, and drops it
//! while suspended (so the drop closes it: for pygen that is Python's
//! `close()` running the body's cleanup). Everything is inside the clock.
//!
//! - `pygen_stackful_pooled`: the stack comes from the per-thread pool (the
//!   normal case once one generator has been dropped on this thread).
//! - `pygen_stackful_fresh_stack`: the pool is emptied every iteration, so the
//!   time INCLUDES one `mmap` + guard page + `munmap` of a 64 KiB stack.
//! - `raw_corosensei_reused_stack`: corosensei with one stack reused by hand,
//!   resumed to completion (a `force_unwind` would cost a panic unwind).
//! - `genawaiter_rc` allocates its state on the heap; `genawaiter_stack`
//!   keeps it in a caller-provided slot (no allocation).
//! - `generator_rs` allocates (and frees) its own stack every time and
//!   cancels by unwinding.
//!
//! Run: `cargo bench --bench create`.

#![feature(coroutines, coroutine_trait, stmt_expr_attributes)]

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};
use criterion::{Criterion, criterion_group, criterion_main};
use pygen_support::workloads::count_x;
use std::hint::black_box;
use std::ops::{Coroutine as _, CoroutineState};
use std::pin::Pin;
use std::time::Duration;

fn create(c: &mut Criterion) {
    let mut grp = c.benchmark_group("create_resume_drop");
    grp.bench_function("pygen_stackless", |b| {
        b.iter(|| {
            let mut g = count_x::stackless(black_box(10));
            g.next()
        })
    });
    grp.bench_function("pygen_stackful_pooled", |b| {
        drop(count_x::stackful(1)); // warm the pool
        b.iter(|| {
            let mut g = count_x::stackful(black_box(10));
            g.next()
        })
    });
    grp.bench_function("pygen_stackful_fresh_stack", |b| {
        b.iter(|| {
            pygen::stackful::stack::clear_pool();
            let mut g = count_x::stackful(black_box(10));
            g.next()
        })
    });
    grp.bench_function("raw_nightly_coroutine", |b| {
        b.iter(|| {
            let mut n = black_box(10u64);
            let mut co = #[coroutine]
            move |_: ()| {
                while n > 0 {
                    yield n;
                    n -= 1;
                }
            };
            match Pin::new(&mut co).resume(()) {
                CoroutineState::Yielded(v) => v,
                CoroutineState::Complete(()) => 0,
            }
        })
    });
    grp.bench_function("raw_corosensei_reused_stack", |b| {
        let mut stack = Some(DefaultStack::new(64 * 1024).expect("a stack"));
        b.iter(|| {
            let Some(s) = stack.take() else { return 0 };
            let k = black_box(10u64);
            let mut co = Coroutine::with_stack(s, move |y: &Yielder<bool, u64>, _| {
                let mut n = k;
                while n > 0 && !y.suspend(n) {
                    n -= 1;
                }
            });
            let v = match co.resume(false) {
                CoroutineResult::Yield(v) => v,
                CoroutineResult::Return(()) => 0,
            };
            let _ = co.resume(true); // ask it to finish: no unwind
            stack = Some(co.into_stack());
            v
        })
    });
    grp.bench_function("genawaiter_rc", |b| {
        b.iter(|| {
            let n = black_box(10u64);
            let mut g = genawaiter::rc::Gen::new(move |co| async move {
                let mut n = n;
                while n > 0 {
                    co.yield_(n).await;
                    n -= 1;
                }
            });
            match g.resume() {
                genawaiter::GeneratorState::Yielded(v) => v,
                genawaiter::GeneratorState::Complete(()) => 0,
            }
        })
    });
    grp.bench_function("genawaiter_stack", |b| {
        async fn producer(co: genawaiter::stack::Co<'_, u64>, mut n: u64) {
            while n > 0 {
                co.yield_(n).await;
                n -= 1;
            }
        }
        b.iter(|| {
            let n = black_box(10u64);
            let mut shelf = genawaiter::stack::Shelf::new();
            // SAFETY: `Gen::new` is unsafe because a producer could smuggle
            // its `Co` out through its return value; `producer` returns `()`.
            let mut g = unsafe { genawaiter::stack::Gen::new(&mut shelf, |co| producer(co, n)) };
            match g.resume() {
                genawaiter::GeneratorState::Yielded(v) => v,
                genawaiter::GeneratorState::Complete(()) => 0,
            }
        })
    });
    grp.bench_function("generator_rs", |b| {
        b.iter(|| {
            let n = black_box(10u64);
            let mut g = generator::Gn::<()>::new_scoped(move |mut s| {
                let mut n = n;
                while n > 0 {
                    s.yield_(n);
                    n -= 1;
                }
                generator::done!()
            });
            g.resume()
        })
    });
    grp.finish();
}

criterion_group! { name = benches; config = pygen_support::bench_config(Duration::from_secs(1), 30); targets = create }
criterion_main!(benches);
