//! The baselines pygen is measured against, each counting down from `n`
//! and summing what it yields: the raw engines (a nightly coroutine, a
//! corosensei coroutine), a nightly gen block, and the peer crates
//! genawaiter and generator-rs.

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};
use pygen_support::workloads::{Boom, drain};
use std::hint::black_box;
use std::ops::{Coroutine as _, CoroutineState};
use std::pin::Pin;

pub(crate) fn raw_coroutine(n: u64) -> u64 {
    let mut n = n;
    let mut co = #[coroutine]
    move |_: ()| {
        while n > 0 {
            yield n;
            n -= 1;
        }
    };
    let mut sum = 0u64;
    while let CoroutineState::Yielded(v) = Pin::new(&mut co).resume(()) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub(crate) fn raw_corosensei(n: u64) -> u64 {
    let mut n = n;
    let mut co = Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        while n > 0 {
            y.suspend(n);
            n -= 1;
        }
    });
    let mut sum = 0u64;
    while let CoroutineResult::Yield(v) = co.resume(()) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub(crate) fn gen_block(n: u64) -> u64 {
    let mut n = n;
    drain(gen move {
        while n > 0 {
            yield n;
            n -= 1;
        }
    })
}

pub(crate) fn genawaiter_rc(n: u64) -> u64 {
    let mut g = genawaiter::rc::Gen::new(move |co| async move {
        let mut n = n;
        while n > 0 {
            co.yield_(n).await;
            n -= 1;
        }
    });
    let mut sum = 0u64;
    while let genawaiter::GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub(crate) fn generator_rs(n: u64) -> u64 {
    drain(generator::Gn::<()>::new_scoped(move |mut s| {
        let mut n = n;
        while n > 0 {
            s.yield_(n);
            n -= 1;
        }
        generator::done!()
    }))
}

/// Resumes a started raw coroutine with `arg(i)` for `i` in `0..n`, through
/// `&mut` in a function the optimiser does not inline (as pygen's
/// `send_by_ref` in the cases).
#[inline(never)]
fn resume_by_ref<A, C>(co: &mut C, arg: impl Fn(u64) -> A, n: u64) -> u64
where
    C: std::ops::Coroutine<A, Yield = u64> + Unpin,
{
    let mut sum = 0u64;
    for i in 0..n {
        if let CoroutineState::Yielded(v) = Pin::new(&mut *co).resume(arg(i)) {
            sum = sum.wrapping_add(black_box(v));
        }
    }
    sum
}

pub(crate) fn raw_coroutine_send(n: u64) -> u64 {
    let mut co = black_box(
        #[coroutine]
        |_: Option<u64>| {
            // pygen's `echo`, line for line: a send is `Some(v)`, a plain
            // resume `None` (which keeps `last`, so it lives across the yield).
            let mut last = 0;
            loop {
                if let Some(v) = (yield last) {
                    last = v + 1;
                }
            }
        },
    );
    let _ = Pin::new(&mut co).resume(None);
    resume_by_ref(&mut co, Some, n)
}

/// The raw form of pygen's `catcher`: the resume argument carries the error
/// thrown in, and the body counts them.
pub(crate) fn raw_coroutine_throw(n: u64) -> u64 {
    let mut co = black_box(
        #[coroutine]
        |mut arg: Result<(), Boom>| {
            let mut caught = 0u64;
            loop {
                if arg.is_err() {
                    caught += 1;
                }
                arg = yield caught;
            }
        },
    );
    let _ = Pin::new(&mut co).resume(Ok(()));
    resume_by_ref(&mut co, |_| Err(Boom), n)
}

pub(crate) fn raw_corosensei_send(n: u64) -> u64 {
    let mut co = Coroutine::new(|y: &Yielder<u64, u64>, mut v: u64| {
        loop {
            v = y.suspend(v + 1);
        }
    });
    let mut sum = 0u64;
    for i in 0..n {
        let CoroutineResult::Yield(v) = co.resume(i);
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub(crate) fn raw_corosensei_pooled_create(n: u64) -> u64 {
    // The best raw corosensei can do: one stack reused by hand, and the body
    // told to finish by a second resume (a `force_unwind` would cost a panic
    // unwind, ~23,000 instructions).
    let mut stack = Some(DefaultStack::new(64 * 1024).expect("stack"));
    let mut sum = 0u64;
    for i in 0..n {
        let k = black_box(i + 1);
        let Some(s) = stack.take() else { break };
        let mut co = Coroutine::with_stack(s, move |y: &Yielder<bool, u64>, _| {
            let mut n = k;
            while n > 0 && !y.suspend(n) {
                n -= 1;
            }
        });
        if let CoroutineResult::Yield(v) = co.resume(false) {
            sum = sum.wrapping_add(v);
        }
        let _ = co.resume(true);
        stack = Some(co.into_stack());
    }
    sum
}

pub(crate) fn genawaiter_create(n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let mut g = genawaiter::rc::Gen::new(move |co| async move {
            let mut n = black_box(i + 1);
            while n > 0 {
                co.yield_(n).await;
                n -= 1;
            }
        });
        if let genawaiter::GeneratorState::Yielded(v) = g.resume() {
            sum = sum.wrapping_add(v);
        }
    }
    sum
}

pub(crate) fn raw_coroutine_in_memory(n: u64) -> u64 {
    let mut n = n;
    let mut co = #[coroutine]
    move |_: ()| {
        while n > 0 {
            yield n;
            n -= 1;
        }
    };
    let mut sum = 0u64;
    while let CoroutineState::Yielded(v) = Pin::new(black_box(&mut co)).resume(()) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}
