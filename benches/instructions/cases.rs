//! The cases the driver counts, in the order it prints them: each names
//! the case it is compared with, and runs `n` operations.

use crate::baselines::{
    gen_block, genawaiter_create, genawaiter_rc, generator_rs, raw_corosensei,
    raw_corosensei_count_with_rules, raw_corosensei_pooled_create, raw_corosensei_send,
    raw_coroutine, raw_coroutine_in_memory, raw_coroutine_send, raw_coroutine_throw,
    raw_coroutine_throw_with_rules,
};
use pygen::{Backend, Generator};
use pygen_support::workloads::{
    Boom, CountX, RawDriver, WalkIter, catcher, chain, count_x, drain, drain_by_ref, echo,
    mixed_chain, raw_corosensei_count, raw_coroutine_count, raw_forwarding, raw_stackless_chain,
    walk, walk_recursive,
};
use std::hint::black_box;

/// One case: runs `n` operations.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    /// What this case is compared with (another case's name), if anything.
    pub(crate) reference: Option<&'static str>,
    pub(crate) run: fn(u64) -> u64,
}

/// Sends `0..n` into a started generator its caller holds, through `&mut` in
/// a function the optimiser does not inline (as `drain_by_ref`): the state
/// stays in memory between calls, as in the raw baselines it is compared with.
#[inline(never)]
fn send_by_ref<G: Generator<Item = u64, Send = u64>>(g: &mut G, n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        if let Ok(pygen::Outcome::Yielded(v)) = g.send(i) {
            sum = sum.wrapping_add(black_box(v));
        }
    }
    sum
}

fn send_loop<G: Generator<Item = u64, Send = u64>>(g: G, n: u64) -> u64 {
    let mut g = black_box(g);
    let _ = g.resume();
    send_by_ref(&mut g, n)
}

/// Throws `n` errors into a started generator, as [`send_by_ref`] sends.
#[inline(never)]
fn throw_by_ref<G: Generator<Item = u64, Error = Boom>>(g: &mut G, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        if let Ok(pygen::Outcome::Yielded(v)) = g.throw(Boom) {
            sum = sum.wrapping_add(black_box(v));
        }
    }
    sum
}

fn throw_loop<G: Generator<Item = u64, Error = Boom>>(g: G, n: u64) -> u64 {
    let mut g = black_box(g);
    let _ = g.resume();
    throw_by_ref(&mut g, n)
}

/// A short life `n` times: create (with an opaque argument), one `next`,
/// then `end`, which ends the generator.
fn life_loop<G: Generator<Item = u64>>(make: impl Fn(u64) -> G, end: impl Fn(G), n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let mut g = make(black_box(i + 1));
        if let Some(v) = g.next() {
            sum = sum.wrapping_add(v);
        }
        end(g);
    }
    sum
}

/// Create, next, drop (which closes it), the generator opaque at the drop.
fn create_loop<G: Generator<Item = u64>>(make: impl Fn(u64) -> G, n: u64) -> u64 {
    life_loop(make, |g| drop(black_box(g)), n)
}

/// [`create_loop`] with an explicit `close()` before the drop (which then
/// has nothing to close). As in `create_loop`, the generator passes through
/// `black_box` before it is closed, so that neither loop's close is compiled
/// knowing where the body stopped.
fn close_loop<G: Generator<Item = u64>>(make: impl Fn(u64) -> G, n: u64) -> u64 {
    let end = |g: G| {
        let mut g = black_box(g);
        let _ = black_box(g.close());
    };
    life_loop(make, end, n)
}

/// Create, next, close, drop, all in view of the optimiser (the setting of
/// `pygen compare`'s create + next + close row): how much of a generator's
/// short life folds away when nothing is opaque.
fn close_in_view<G: Generator<Item = u64>>(make: impl Fn(u64) -> G, n: u64) -> u64 {
    let end = |mut g: G| {
        let _ = g.close();
    };
    life_loop(make, end, n)
}

/// [`create_loop`] without the close: the generator is forgotten (a
/// stackless one owns no heap memory, so nothing leaks). The difference
/// from the other loops is what closing costs, by `drop` or by `close()`.
fn forget_loop<G: Generator<Item = u64>>(make: impl Fn(u64) -> G, n: u64) -> u64 {
    life_loop(make, |g| std::mem::forget(black_box(g)), n)
}

/// Drains `it` through an opaque `&mut` on every call: the generator's state
/// lives in memory, as it does when a generator is stored in a struct and
/// resumed from code the optimiser cannot see through.
fn drain_in_memory(mut it: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    while let Some(v) = black_box(&mut it).next() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub(crate) const CASES: &[Case] = &[
    Case {
        name: "next, by &mut: raw nightly coroutine",
        reference: None,
        run: raw_coroutine_count,
    },
    Case {
        name: "next, by &mut: pygen stackless",
        reference: Some("next, by &mut: raw nightly coroutine"),
        run: |n| drain_by_ref(&mut black_box(count_x::stackless(n))),
    },
    Case {
        name: "next, by &mut: raw corosensei",
        reference: None,
        run: raw_corosensei_count,
    },
    Case {
        name: "next, by &mut: raw corosensei with Python's rules",
        reference: Some("next, by &mut: raw corosensei"),
        run: raw_corosensei_count_with_rules,
    },
    Case {
        name: "next, by &mut: pygen stackful",
        reference: Some("next, by &mut: raw corosensei"),
        run: |n| drain_by_ref(&mut black_box(count_x::stackful(n))),
    },
    Case {
        name: "next, in memory: raw nightly coroutine",
        reference: None,
        run: raw_coroutine_in_memory,
    },
    Case {
        name: "next, in memory: pygen stackless",
        reference: Some("next, in memory: raw nightly coroutine"),
        run: |n| drain_in_memory(count_x::stackless(n)),
    },
    Case {
        name: "next, in memory: hand-written iterator",
        reference: Some("next, in memory: raw nightly coroutine"),
        run: |n| drain_in_memory(CountX::new(n)),
    },
    Case {
        name: "next, in memory: nightly gen block",
        reference: Some("next, in memory: raw nightly coroutine"),
        run: |n| {
            let mut n = n;
            drain_in_memory(gen move {
                while n > 0 {
                    yield n;
                    n -= 1;
                }
            })
        },
    },
    Case {
        name: "next: raw nightly coroutine",
        reference: None,
        run: raw_coroutine,
    },
    Case {
        name: "next: pygen stackless",
        reference: Some("next: raw nightly coroutine"),
        run: |n| drain(count_x::stackless(n)),
    },
    Case {
        name: "next: hand-written iterator",
        reference: Some("next: raw nightly coroutine"),
        run: |n| drain(CountX::new(n)),
    },
    Case {
        name: "next: nightly gen block",
        reference: Some("next: raw nightly coroutine"),
        run: gen_block,
    },
    Case {
        name: "next: raw corosensei",
        reference: None,
        run: raw_corosensei,
    },
    Case {
        name: "next: pygen stackful",
        reference: Some("next: raw corosensei"),
        run: |n| drain(count_x::stackful(n)),
    },
    Case {
        name: "next: genawaiter (rc)",
        reference: Some("next: pygen stackless"),
        run: genawaiter_rc,
    },
    Case {
        name: "next: generator-rs",
        reference: Some("next: pygen stackful"),
        run: generator_rs,
    },
    Case {
        name: "send: raw nightly coroutine",
        reference: None,
        run: raw_coroutine_send,
    },
    Case {
        name: "send: pygen stackless",
        reference: Some("send: raw nightly coroutine"),
        run: |n| send_loop(echo::stackless(), n),
    },
    Case {
        name: "send: raw corosensei",
        reference: None,
        run: raw_corosensei_send,
    },
    Case {
        name: "send: pygen stackful",
        reference: Some("send: raw corosensei"),
        run: |n| send_loop(echo::stackful(), n),
    },
    Case {
        name: "throw: raw nightly coroutine",
        reference: None,
        run: raw_coroutine_throw,
    },
    Case {
        name: "throw: raw nightly coroutine with Python's rules",
        reference: Some("throw: raw nightly coroutine"),
        run: raw_coroutine_throw_with_rules,
    },
    Case {
        name: "throw: pygen stackless",
        reference: Some("throw: raw nightly coroutine"),
        run: |n| throw_loop(catcher::stackless(), n),
    },
    Case {
        name: "throw: pygen stackful",
        reference: None,
        run: |n| throw_loop(catcher::stackful(), n),
    },
    Case {
        name: "create+next+drop: pygen stackless",
        reference: None,
        run: |n| create_loop(count_x::stackless, n),
    },
    Case {
        name: "create+next+forget: pygen stackless",
        reference: None,
        run: |n| forget_loop(count_x::stackless, n),
    },
    Case {
        name: "create+next+close+drop: pygen stackless",
        reference: Some("create+next+forget: pygen stackless"),
        run: |n| close_loop(count_x::stackless, n),
    },
    Case {
        name: "create+next+drop: pygen stackless, vs close()",
        reference: Some("create+next+close+drop: pygen stackless"),
        run: |n| create_loop(count_x::stackless, n),
    },
    Case {
        name: "create+next+close, all in view: pygen stackless",
        reference: None,
        run: |n| close_in_view(count_x::stackless, n),
    },
    Case {
        name: "create+next+drop: raw corosensei, reused stack",
        reference: None,
        run: raw_corosensei_pooled_create,
    },
    Case {
        name: "create+next+drop: pygen stackful, pooled stack",
        reference: Some("create+next+drop: raw corosensei, reused stack"),
        run: |n| create_loop(count_x::stackful, n),
    },
    Case {
        name: "create+next+drop: genawaiter (rc)",
        reference: Some("create+next+drop: pygen stackless"),
        run: genawaiter_create,
    },
    // One value out of a `yield from` chain of depth + 1 generators over
    // count_x (the chain is built once; its cost cancels out).
    Case {
        name: "yield from d=1: raw driver",
        reference: None,
        run: |n| drain_by_ref(&mut black_box(RawDriver::new(1, n))),
    },
    Case {
        name: "yield from d=256: raw driver",
        reference: Some("yield from d=1: raw driver"),
        run: |n| drain_by_ref(&mut black_box(RawDriver::new(256, n))),
    },
    Case {
        name: "yield from d=1: raw forwarding",
        reference: Some("yield from d=1: raw driver"),
        run: |n| drain_by_ref(&mut black_box(raw_forwarding(1, n))),
    },
    Case {
        name: "yield from d=16: raw forwarding",
        reference: Some("yield from d=1: raw forwarding"),
        run: |n| drain_by_ref(&mut black_box(raw_forwarding(16, n))),
    },
    Case {
        name: "yield from d=1: pygen stackless",
        reference: Some("yield from d=1: raw driver"),
        run: |n| drain_by_ref(&mut black_box(chain::stackless(Backend::Stackless, 1, n))),
    },
    Case {
        name: "yield from d=16: pygen stackless",
        reference: Some("yield from d=1: pygen stackless"),
        run: |n| drain_by_ref(&mut black_box(chain::stackless(Backend::Stackless, 16, n))),
    },
    Case {
        name: "yield from d=256: pygen stackless",
        reference: Some("yield from d=1: pygen stackless"),
        run: |n| drain_by_ref(&mut black_box(chain::stackless(Backend::Stackless, 256, n))),
    },
    Case {
        name: "yield from d=256: pygen stackless, vs raw driver",
        reference: Some("yield from d=256: raw driver"),
        run: |n| drain_by_ref(&mut black_box(chain::stackless(Backend::Stackless, 256, n))),
    },
    Case {
        name: "yield from d=1: pygen stackful",
        reference: Some("yield from d=1: raw driver"),
        run: |n| drain_by_ref(&mut black_box(chain::stackful(Backend::Stackful, 1, n))),
    },
    Case {
        name: "yield from d=16: pygen stackful",
        reference: Some("yield from d=1: pygen stackful"),
        run: |n| drain_by_ref(&mut black_box(chain::stackful(Backend::Stackful, 16, n))),
    },
    Case {
        name: "yield from d=256: pygen stackful",
        reference: Some("yield from d=1: pygen stackful"),
        run: |n| drain_by_ref(&mut black_box(chain::stackful(Backend::Stackful, 256, n))),
    },
    Case {
        name: "yield from d=256: pygen stackful, vs raw driver",
        reference: Some("yield from d=256: raw driver"),
        run: |n| drain_by_ref(&mut black_box(chain::stackful(Backend::Stackful, 256, n))),
    },
    Case {
        name: "yield from d=16: pygen mixed",
        reference: Some("yield from d=16: pygen stackful"),
        run: |n| drain_by_ref(&mut black_box(mixed_chain::stackful(16, n))),
    },
    Case {
        name: "yield from d=16: raw Stackless::new forwarding",
        reference: Some("yield from d=16: pygen stackless"),
        run: |n| drain_by_ref(&mut black_box(raw_stackless_chain(16, n))),
    },
    // One node of an in-order tree walk over 0..n, creation included (one
    // generator per subtree on the `yield from` walks).
    Case {
        name: "tree walk: hand-written iterator",
        reference: None,
        run: |n| drain_by_ref(&mut black_box(WalkIter::new(0, n))),
    },
    Case {
        name: "tree walk: stackful plain recursion",
        reference: Some("tree walk: hand-written iterator"),
        run: |n| drain_by_ref(&mut black_box(walk_recursive(0, n))),
    },
    Case {
        name: "tree walk: pygen stackless yield_from!",
        reference: Some("tree walk: hand-written iterator"),
        run: |n| drain_by_ref(&mut black_box(walk::stackless(0, n))),
    },
    Case {
        name: "tree walk: pygen stackful co.yield_from",
        reference: Some("tree walk: hand-written iterator"),
        run: |n| drain_by_ref(&mut black_box(walk::stackful(0, n))),
    },
];
