//! Tutorial sections 6–8: list comprehension vs generator expression, and the benchmark.

use super::{CompileError, Example, Exception, StepGen};
use crate::trace::{Event, Recorder};
use pygen::{Backend, Generator, GeneratorState, Outcome, generator};
use std::hint::black_box;
use std::time::Instant;

const SOURCE: &str = include_str!("expressions.rs");

// tour: doubles
/// `(x * 2 for x in range(n))`, Python's generator expression. (Idiomatic
/// Rust spells it `(0..n).map(|x| x * 2)`, a lazy iterator.)
#[generator]
pub fn doubles(n: u64) -> impl Generator<Item = u64, Error = Exception> {
    for x in 0..n {
        (yield x * 2)?;
    }
    Ok(())
}
// tour: end

fn step_doubles(b: Backend) -> Box<dyn super::Stepper> {
    Box::new(StepGen::new("nums", "doubles(1_000_000)", move || {
        doubles::on(b, 1_000_000)
    }))
}

pub(super) const NO_INDEX_ERROR: CompileError = CompileError {
    code: include_str!("../../tests/ui-tour/no_index.rs"),
    stderr: include_str!("../../tests/ui-tour/no_index.stderr"),
};

fn run_genexpr(b: Backend, rec: &mut Recorder) {
    rec.code("let nums: Vec<u64> = (0..1_000_000).map(|x| x * 2).collect();");
    let nums: Vec<u64> = (0..1_000_000).map(|x| x * 2).collect();
    rec.print(format!(
        "{} {:?} {}",
        nums.len(),
        &nums[..4],
        nums[nums.len() - 1]
    ));
    rec.note("the Vec holds all 1,000,000 values; the generator holds none:");
    let mut g = rec.create("nums", "doubles(1_000_000)", || doubles::on(b, 1_000_000));
    let mut got = Vec::new();
    for _ in 0..3 {
        if let Ok(Outcome::Yielded(v)) = rec.resume(&mut g) {
            got.push(v.to_string());
        }
    }
    rec.print(got.join(" "));
    rec.note("nums[2] on a generator is a compile error in Rust (E0608), a TypeError in Python");
    rec.note("999,997 values were never computed: dropping it ends the body");
    rec.drop(g);
}

pub(super) const GENEXPR: Example = Example {
    id: "genexpr",
    number: "6",
    title: "list comprehension vs generator expression (and why indexing fails)",
    section: "6. Generator Expressions",
    python_file: "06_genexpr.py",
    python: include_str!("../../tutorial/python/06_genexpr.py"),
    python_output: include_str!("../../tutorial/python/06_genexpr.out"),
    claimed: Some("[0, 2, 4, 6, ..., 1,999,998]"),
    verdict: "The list part is right (1,000,000 values, 0 to 1,999,998). The table's row 2 \
              (\"generators work faster even with large datasets\") is not what the benchmark \
              measures, see example 7. Row 5 is right: indexing a generator raises \
              `TypeError: 'generator' object is not subscriptable`; in Rust it does not even \
              compile (the error below). Row 4 (\"deleted automatically once values are \
              consumed\") is loose: a generator lives as long as a reference to it, exhausted \
              or not.",
    rust_source: (SOURCE, "doubles"),
    compile_errors: &[NO_INDEX_ERROR],
    run: run_genexpr,
    stepper: step_doubles,
    measure: None,
};

fn run_benchmark(b: Backend, rec: &mut Recorder) {
    rec.code("let lst: Vec<u64> = (0..1_000_000).collect();");
    let lst: Vec<u64> = black_box((0..1_000_000).collect());
    rec.print(format!(
        "Vec memory: {} bytes on the heap + {} bytes for the Vec itself",
        lst.capacity() * std::mem::size_of::<u64>(),
        std::mem::size_of::<Vec<u64>>()
    ));
    drop(lst);
    let mut g = rec.create("g", "doubles(1_000_000)", || doubles::on(b, 1_000_000));
    rec.note("creating it computed nothing (that is all Python's `Generator time` measures)");
    rec.code("let total: u64 = g.by_ref().sum();");
    let total: u64 = g.get_mut().by_ref().sum();
    rec.note("1,000,000 g.next() calls (not drawn), then the body returned");
    rec.push(Event::State {
        from: Some(GeneratorState::Created),
        to: g.state(),
    });
    rec.print(total);
    let _ = rec.resume(&mut g);
    rec.drop(g);
}

/// The backend-dependent numbers: sizes and one timing run each (release
/// builds only mean something; `cargo run --release` is the tour's command).
fn measure_benchmark() -> Vec<String> {
    fn best<T>(mut f: impl FnMut() -> T) -> f64 {
        (0..3)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    }
    let n = 1_000_000u64;
    let list = best(|| (0..n).map(|x| x * 2).collect::<Vec<u64>>());
    let list_sum = best(|| {
        (0..n)
            .map(|x| x * 2)
            .collect::<Vec<u64>>()
            .iter()
            .sum::<u64>()
    });
    let mut lines = vec![
        format!(
            "Rust Vec<u64> of 1M: 8,000,000 bytes; built in {:.2} ms",
            list * 1e3
        ),
        format!(
            "Rust sum over a 1M Vec (build + sum): {:.2} ms",
            list_sum * 1e3
        ),
    ];
    for backend in Backend::ALL {
        let create = best(|| doubles::on(backend, n));
        let sum = best(|| doubles::on(backend, n).sum::<u64>());
        lines.push(format!(
            "Rust {backend} generator (boxed, `doubles::on`): created in {:.1} µs, \
             summed 1M values in {:.2} ms",
            create * 1e6,
            sum * 1e3
        ));
    }
    lines.push(format!(
        "Rust generator size: stackless {} bytes (its live state, inline); stackful {} bytes \
         plus a pooled {} KiB stack",
        std::mem::size_of_val(&doubles::stackless(n)),
        std::mem::size_of_val(&doubles::stackful(n)),
        pygen::stackful::stack::DEFAULT_STACK_SIZE / 1024
    ));
    lines
}

pub(super) const BENCHMARK: Example = Example {
    id: "benchmark",
    number: "7",
    title: "the speed and memory benchmark: a 1M list vs a generator",
    section: "7. Performance Benchmarks (Speed & Memory) / 8. Memory Comparison",
    python_file: "07_benchmark.py",
    python: include_str!("../../tutorial/python/07_benchmark.py"),
    python_output: include_str!("../../tutorial/python/07_benchmark.out"),
    claimed: Some(
        "List time: 0.12s\nGenerator time: 0.15s\nList memory: 89 MB\nGenerator memory: 112 bytes\n",
    ),
    verdict: "The tutorial's numbers are not what this code prints. `sys.getsizeof(lst)` is \
              8,448,728 bytes (about 8 MB: the list's array of pointers), not 89 MB; even \
              counting the int objects it points to, tracemalloc says about 40 MB \
              (07b_memory_measured.py). `sys.getsizeof(gen)` is 200 bytes on Python 3.11, not \
              112. And `Generator time` (microseconds here, not 0.15 s) only times *creating* \
              the generator, which computes nothing; consuming both (07b) costs about the same, \
              the generator often a little less. The printed values are raw floats and ints, \
              not \"0.12s\" or \"89 MB\".",
    rust_source: (SOURCE, "doubles"),
    compile_errors: &[],
    run: run_benchmark,
    stepper: step_doubles,
    measure: Some(measure_benchmark),
};

/// The real output of `07b_memory_measured.py` (not in the tutorial).
pub const MEMORY_MEASURED_PY: &str = include_str!("../../tutorial/python/07b_memory_measured.py");
/// What it printed here.
pub const MEMORY_MEASURED_OUT: &str = include_str!("../../tutorial/python/07b_memory_measured.out");
