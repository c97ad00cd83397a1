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

/// pygen's `catcher`, line for line, as a raw coroutine: the resume
/// argument is the same [`pygen::Resume`], a thrown error arrives as
/// `Err(Error::Raised(Boom))`, and any other error ends the body, so the
/// coroutine can complete (as the generator can).
fn raw_catcher() -> impl std::ops::Coroutine<
    pygen::Resume<(), Boom>,
    Yield = u64,
    Return = Result<(), pygen::Error<Boom>>,
> + Unpin {
    #[coroutine]
    |_: pygen::Resume<(), Boom>| -> Result<(), pygen::Error<Boom>> {
        let mut caught = 0u64;
        loop {
            match (yield caught) {
                Ok(_) => {}
                Err(pygen::Error::Raised(Boom)) => caught += 1,
                Err(e) => return Err(e),
            }
        }
    }
}

/// [`raw_catcher`] resumed with the error `n` times.
pub(crate) fn raw_coroutine_throw(n: u64) -> u64 {
    let mut co = black_box(raw_catcher());
    let _ = Pin::new(&mut co).resume(Ok(None));
    resume_by_ref(&mut co, |_| Err(pygen::Error::Raised(Boom)), n)
}

/// [`raw_catcher`] behind the smallest `throw` with Python's rules:
/// it returns the outcome (as any `throw` method must), a throw into a body
/// that never started closes it without running it (R7), and one into a
/// finished body gives the error back instead of resuming it (a raw resume
/// would panic). The difference from the raw loop is what these rules cost
/// in a loop of throws, before anything pygen adds.
pub(crate) fn raw_coroutine_throw_with_rules(n: u64) -> u64 {
    type Catcher = Result<(), pygen::Error<Boom>>;

    /// A raw coroutine and its phase: 0 not started, 1 suspended, 2 finished.
    struct Raw<C> {
        co: C,
        phase: u8,
    }

    impl<C> Raw<C>
    where
        C: std::ops::Coroutine<pygen::Resume<(), Boom>, Yield = u64, Return = Catcher> + Unpin,
    {
        #[inline]
        fn throw(&mut self, e: Boom) -> pygen::GenResult<u64, (), Boom> {
            let error = pygen::Error::Raised(e);
            match self.phase {
                1 => match Pin::new(&mut self.co).resume(Err(error)) {
                    CoroutineState::Yielded(v) => Ok(pygen::Outcome::Yielded(v)),
                    CoroutineState::Complete(done) => {
                        self.phase = 2;
                        done.map(pygen::Outcome::Returned)
                    }
                },
                0 => {
                    self.phase = 2;
                    Err(error)
                }
                _ => Err(error),
            }
        }
    }

    #[inline(never)]
    fn throw_by_ref<C>(g: &mut Raw<C>, n: u64) -> u64
    where
        C: std::ops::Coroutine<pygen::Resume<(), Boom>, Yield = u64, Return = Catcher> + Unpin,
    {
        let mut sum = 0u64;
        for _ in 0..n {
            if let Ok(pygen::Outcome::Yielded(v)) = g.throw(Boom) {
                sum = sum.wrapping_add(black_box(v));
            }
        }
        sum
    }

    let mut g = black_box(Raw {
        co: raw_catcher(),
        phase: 1,
    });
    let _ = Pin::new(&mut g.co).resume(Ok(None));
    throw_by_ref(&mut g, n)
}

/// count_x as a raw corosensei coroutine behind the smallest `next` with
/// Python's rules: the resume value is a [`pygen::Resume`] (so that `send`,
/// `throw` and `close` can reach the body, which tests it with `?`), the
/// iterator keeps a phase (a finished body is not resumed, where a raw
/// resume would panic) and keeps the return value. No `yield from`. The
/// difference from the raw loop is what these rules cost per value, before
/// anything pygen adds.
pub(crate) fn raw_corosensei_count_with_rules(n: u64) -> u64 {
    type Done = Result<(), pygen::Error<std::convert::Infallible>>;
    type Co = Coroutine<pygen::Resume<(), std::convert::Infallible>, u64, Done>;

    /// A raw coroutine, its phase (0 not started, 1 suspended, 2 finished)
    /// and how it finished.
    struct Raw {
        co: Co,
        phase: u8,
        done: Option<Done>,
    }

    impl Iterator for Raw {
        type Item = u64;

        #[inline]
        fn next(&mut self) -> Option<u64> {
            if self.phase > 1 {
                return None;
            }
            self.phase = 1;
            match self.co.resume(Ok(None)) {
                CoroutineResult::Yield(v) => Some(v),
                CoroutineResult::Return(done) => {
                    self.phase = 2;
                    self.done = Some(done);
                    None
                }
            }
        }
    }

    let mut n = n;
    let co = Co::new(move |y, _| {
        while n > 0 {
            y.suspend(n)?;
            n -= 1;
        }
        Ok(())
    });
    pygen_support::workloads::drain_by_ref(&mut black_box(Raw {
        co,
        phase: 0,
        done: None,
    }))
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
