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

mod baselines;
mod cases;

use cases::CASES;
use std::hint::black_box;
use std::process::Command;

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
