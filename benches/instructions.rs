//! Instructions per operation, counted by valgrind: the noise-free check of
//! the hot-path ratios (pygen against the raw engines) that wall-clock timing
//! on a shared 2-core machine cannot resolve (a stackless resume is well under
//! a nanosecond).
//!
//! Run: `cargo bench --bench instructions` (needs `valgrind`; skips with a
//! message without it). The driver runs this same binary under
//! `valgrind --tool=cachegrind --cache-sim=no` twice per case, with N1 and N2
//! operations, and reports (Ir(N2) - Ir(N1)) / (N2 - N1): the fixed costs
//! (process start, creating the generator, the stack pool's first mmap)
//! cancel out, so the figure is the marginal cost of one operation.
//!
//! Instruction counts are not time: a stack switch also costs pipeline effects
//! (return-address mispredictions) that valgrind does not see. They are exact
//! and repeatable, which is what a 5% ratio needs.

#![feature(coroutines, coroutine_trait, gen_blocks, stmt_expr_attributes)]

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};
use pygen::Generator;
use pygen_support::workloads::{
    CountX, catcher, count_x, drain, drain_by_ref, echo, raw_corosensei_count, raw_coroutine_count,
};
use std::hint::black_box;
use std::ops::{Coroutine as _, CoroutineState};
use std::pin::Pin;
use std::process::Command;

/// One case: runs `n` operations.
struct Case {
    name: &'static str,
    /// What this case is compared with (another case's name), if anything.
    reference: Option<&'static str>,
    run: fn(u64) -> u64,
}

fn raw_coroutine(n: u64) -> u64 {
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

fn raw_corosensei(n: u64) -> u64 {
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

fn gen_block(n: u64) -> u64 {
    let mut n = n;
    drain(gen move {
        while n > 0 {
            yield n;
            n -= 1;
        }
    })
}

fn genawaiter_rc(n: u64) -> u64 {
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

fn generator_rs(n: u64) -> u64 {
    drain(generator::Gn::<()>::new_scoped(move |mut s| {
        let mut n = n;
        while n > 0 {
            s.yield_(n);
            n -= 1;
        }
        generator::done!()
    }))
}

fn send_loop<G: Generator<Item = u64, Send = u64>>(mut g: G, n: u64) -> u64 {
    let mut sum = 0u64;
    let _ = g.resume();
    for i in 0..n {
        if let Ok(pygen::Outcome::Yielded(v)) = g.send(i) {
            sum = sum.wrapping_add(black_box(v));
        }
    }
    sum
}

fn raw_coroutine_send(n: u64) -> u64 {
    let mut co = #[coroutine]
    |mut v: u64| {
        loop {
            v = yield v + 1;
        }
    };
    let mut sum = 0u64;
    for i in 0..n {
        let CoroutineState::Yielded(v) = Pin::new(&mut co).resume(i);
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

fn raw_corosensei_send(n: u64) -> u64 {
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

fn throw_loop<G: Generator<Item = u64, Error = pygen_support::workloads::Boom>>(
    mut g: G,
    n: u64,
) -> u64 {
    let mut sum = 0u64;
    let _ = g.resume();
    for _ in 0..n {
        if let Ok(pygen::Outcome::Yielded(v)) = g.throw(pygen_support::workloads::Boom) {
            sum = sum.wrapping_add(black_box(v));
        }
    }
    sum
}

fn create_loop<G: Generator<Item = u64>>(make: impl Fn(u64) -> G, n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let mut g = make(black_box(i + 1));
        if let Some(v) = g.next() {
            sum = sum.wrapping_add(v);
        }
        drop(black_box(g));
    }
    sum
}

fn raw_corosensei_pooled_create(n: u64) -> u64 {
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

fn genawaiter_create(n: u64) -> u64 {
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

fn raw_coroutine_in_memory(n: u64) -> u64 {
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

const CASES: &[Case] = &[
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
        name: "throw: pygen stackless",
        reference: None,
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
];

const N1: u64 = 10_000;
const N2: u64 = 110_000;

fn count_instructions(exe: &std::path::Path, case: usize, n: u64) -> Option<u64> {
    let out = Command::new("valgrind")
        .args([
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
        ])
        .arg(exe)
        .env("PYGEN_IR_CASE", case.to_string())
        .env("PYGEN_IR_N", n.to_string())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("I") && l.contains("refs:"))?;
    let digits: String = line
        .split("refs:")
        .nth(1)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn main() {
    if let (Ok(case), Ok(n)) = (std::env::var("PYGEN_IR_CASE"), std::env::var("PYGEN_IR_N")) {
        let (Ok(case), Ok(n)) = (case.parse::<usize>(), n.parse::<u64>()) else {
            eprintln!("bad PYGEN_IR_CASE / PYGEN_IR_N");
            std::process::exit(2);
        };
        black_box((CASES[case].run)(black_box(n)));
        return;
    }
    // `cargo bench` passes `--bench`; a name filter may follow.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("instructions: valgrind not found, skipped");
        return;
    }
    let exe = std::env::current_exe().expect("current exe");
    println!("instructions per operation (valgrind cachegrind, marginal over {N1}..{N2} ops)");
    println!("{:<52} {:>12} {:>10}", "case", "instr/op", "ratio");
    let mut seen: Vec<(&str, f64)> = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        if filter.as_deref().is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        let (Some(a), Some(b)) = (
            count_instructions(&exe, i, N1),
            count_instructions(&exe, i, N2),
        ) else {
            println!("{:<52} {:>12}", case.name, "failed");
            continue;
        };
        let per_op = b.saturating_sub(a) as f64 / (N2 - N1) as f64;
        let ratio = case
            .reference
            .and_then(|r| seen.iter().find(|(name, _)| *name == r))
            .map(|(r, base)| format!("{:.3}x {}", per_op / base, r))
            .unwrap_or_default();
        println!("{:<52} {:>12.2} {:>10}", case.name, per_op, ratio);
        seen.push((case.name, per_op));
    }
}
