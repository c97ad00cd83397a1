//! Fresh stacks for stackful generators, with few and with many stacks live.
//!
//! Each iteration empties this thread's pool, so the generator gets a fresh
//! 64 KiB stack, and drops the generator: one `mmap` + guard page +
//! registration with the overflow handler, then (next iteration) the
//! unregistration + `munmap`. Registration is O(1), so the time with 10,000
//! stacks live should stay within 1.2x of the time with 10 live.
//!
//! - `pygen/N_live`: `Stackful::new` with N other generators alive.
//! - `raw_corosensei/N_live`: the same mapping with corosensei's own stack
//!   (no registration), for the kernel's share of the cost.
//!
//! Run: `cargo bench --bench stacks`.

use corosensei::stack::DefaultStack;
use criterion::{Criterion, criterion_group, criterion_main};
use pygen::Stackful;
use pygen::stackful::stack::{DEFAULT_STACK_SIZE, clear_pool};
use std::hint::black_box;
use std::time::Duration;

fn parked() -> Stackful<u64> {
    Stackful::new(|co| {
        co.yield_(1)?;
        Ok(())
    })
}

fn fresh_stacks(c: &mut Criterion) {
    let mut grp = c.benchmark_group("fresh_stack");
    for live in [10, 10_000] {
        let alive: Vec<Stackful<u64>> = (0..live).map(|_| parked()).collect();
        grp.bench_function(format!("pygen/{live}_live"), |b| {
            b.iter(|| {
                clear_pool();
                black_box(parked())
            })
        });
        grp.bench_function(format!("raw_corosensei/{live}_live"), |b| {
            b.iter(|| black_box(DefaultStack::new(DEFAULT_STACK_SIZE).expect("a stack")))
        });
        drop(alive);
        clear_pool();
    }
    grp.finish();
}

criterion_group! { name = benches; config = pygen_support::bench_config(Duration::from_secs(2), 30); targets = fresh_stacks }
criterion_main!(benches);
