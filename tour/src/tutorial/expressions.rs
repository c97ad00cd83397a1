//! Tutorial sections 6–8: list comprehension vs generator expression, and the benchmark.

use super::{CompileError, Example, Exception, StepGen};
use crate::trace::{Event, Recorder};
use pygen::{Backend, Generator, GeneratorState, Outcome, generator};
use std::hint::black_box;
use std::time::Instant;

pub(super) const SOURCE: &str = include_str!("expressions.rs");

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
    rec.code_as(
        "let nums: Vec<u64> = (0..1_000_000).map(|x| x * 2).collect();",
        "nums = [x*2 for x in range(1_000_000)]",
    );
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
              or not (example FAQb). Example 6b shows what lazy means, line by line.",
    lines: &[("yield", 3)],
    rust_source: (SOURCE, "doubles"),
    compile_errors: &[NO_INDEX_ERROR],
    run: run_genexpr,
    stepper: step_doubles,
    measure: None,
    addition: false,
};

fn run_benchmark(b: Backend, rec: &mut Recorder) {
    rec.code_as(
        "let lst: Vec<u64> = (0..1_000_000).collect();",
        "lst = [x for x in range(1_000_000)]",
    );
    let lst: Vec<u64> = black_box((0..1_000_000).collect());
    rec.print(format!(
        "Vec memory: {} bytes on the heap + {} bytes for the Vec itself",
        lst.capacity() * std::mem::size_of::<u64>(),
        std::mem::size_of::<Vec<u64>>()
    ));
    drop(lst);
    let mut g = rec.create("g", "doubles(1_000_000)", || doubles::on(b, 1_000_000));
    rec.note("creating it computed nothing (that is all Python's `Generator time` measures)");
    rec.code_as("let total: u64 = g.by_ref().sum();", "total = sum(g)");
    let total: u64 = g.get_mut().by_ref().sum();
    rec.note("1,000,000 next(g) calls (not drawn), then the body returned");
    rec.push(Event::State {
        from: Some(GeneratorState::Created),
        to: g.state(),
    });
    rec.print(total);
    let _ = rec.resume(&mut g);
    rec.drop(g);
}

/// Times `f` (best of 5 runs of `reps` calls), in ns per call.
fn best_ns<T>(reps: u32, mut f: impl FnMut() -> T) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..reps {
                black_box(f());
            }
            start.elapsed().as_secs_f64() * 1e9 / f64::from(reps)
        })
        .fold(f64::INFINITY, f64::min)
}

/// The sizes the speed comparison is measured at.
const SIZES: [u64; 3] = [10, 1_000, 1_000_000];

/// CPython's side of the comparison, run now: ns per value of
/// `sum([x*2 for x in range(n)])` and `sum(x*2 for x in range(n))`.
const PYTHON_SPEED: &str = "\
import sys, timeit
print(sys.version.split()[0])
for n in (10, 1000, 1000000):
    number = max(1, 200000 // n)
    t = lambda s: min(timeit.repeat(s, number=number, repeat=5)) / number / n * 1e9
    print(n, t(f'sum([x*2 for x in range({n})])'), t(f'sum(x*2 for x in range({n}))'))
";

/// Runs [`PYTHON_SPEED`] with python3: its version and (list, generator) ns
/// per value for each size; `None` without python3 (or with
/// `PYGEN_NO_PYTHON` set, as the tests do).
fn python_speed() -> Option<(String, Vec<(f64, f64)>)> {
    if std::env::var_os("PYGEN_NO_PYTHON").is_some() {
        return None;
    }
    let out = std::process::Command::new("python3")
        .args(["-c", PYTHON_SPEED])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let version = lines.next()?.to_owned();
    let times = lines
        .map(|l| {
            let v: Vec<f64> = l.split(' ').filter_map(|w| w.parse().ok()).collect();
            (v.get(1).copied(), v.get(2).copied())
        })
        .map(|(a, b)| Some((a?, b?)))
        .collect::<Option<Vec<_>>>()?;
    (times.len() == SIZES.len()).then_some((version, times))
}

/// Which of two times is smaller, and by how much.
fn winner(list: f64, generator: f64) -> String {
    if list <= generator {
        format!("list {:.1}x faster", generator / list)
    } else {
        format!("generator {:.1}x faster", list / generator)
    }
}

/// The numbers of this run: sizes, and list vs generator speed at three
/// sizes in Rust and (with python3) in CPython. Release builds only mean
/// something; `cargo run --release` is the tour's command.
fn measure_benchmark() -> Vec<String> {
    use pygen_support::workloads::{doubles as gen_doubles, doubles_list, drain};
    let mut lines = vec![
        "Measured just now, in this run, on this machine (timings vary by ±20%):".to_owned(),
        format!(
            "  sizes: Rust Vec<u64> of 1M: 8,000,000 bytes; stackless generator: {} bytes \
             (its live state, inline); stackful: {} bytes plus a pooled {} KiB stack",
            std::mem::size_of_val(&doubles::stackless(1)),
            std::mem::size_of_val(&doubles::stackful(1)),
            pygen::stackful::stack::DEFAULT_STACK_SIZE / 1024
        ),
        "  sum of x*2 over n values, ns per value:".to_owned(),
        format!(
            "  {:>9}  {:>9} {:>9}  {:>9} {:>9} {:>9}",
            "n", "py list", "py gen", "Rust Vec", "stackless", "stackful"
        ),
    ];
    let python = python_speed();
    let mut verdicts = Vec::new();
    for (i, &n) in SIZES.iter().enumerate() {
        let reps = u32::try_from((200_000 / n).max(1)).unwrap_or(1);
        let per = |ns: f64| ns / n as f64;
        let vec = per(best_ns(reps, || {
            drain(doubles_list(black_box(n)).into_iter())
        }));
        let stackless = per(best_ns(reps, || {
            drain(gen_doubles::stackless(black_box(n)))
        }));
        let stackful = per(best_ns(reps, || drain(gen_doubles::stackful(black_box(n)))));
        let (py_list, py_gen) = match &python {
            Some((_, times)) => {
                let (l, g) = times[i];
                verdicts.push(format!("n={n}: {}", winner(l, g)));
                (format!("{l:9.1}"), format!("{g:9.1}"))
            }
            None => ("        -".to_owned(), "        -".to_owned()),
        };
        lines.push(format!(
            "  {n:>9}  {py_list} {py_gen}  {vec:9.2} {stackless:9.2} {stackful:9.2}"
        ));
    }
    match python {
        Some((version, _)) => lines.push(format!(
            "  CPython {version}, measured now: {}. Which is faster depends on n.",
            verdicts.join("; ")
        )),
        None => lines
            .push("  (no python3 here, or PYGEN_NO_PYTHON is set: no CPython column)".to_owned()),
    }
    lines.push(String::new());
    lines.push(
        "Recorded earlier, not now: tutorial/python/07b_memory_measured.out, from CPython \
         3.11 on the 2-core development machine when the file was made:"
            .to_owned(),
    );
    lines.extend(MEMORY_MEASURED_OUT.lines().map(|l| format!("    {l}")));
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
              the generator, which computes nothing. Consuming both is the fair race, and who \
              wins depends on the size: measured below at n = 10, 1,000 and 1,000,000. The printed values are raw floats and ints, \
              not \"0.12s\" or \"89 MB\".",
    lines: &[],
    rust_source: (SOURCE, "doubles"),
    compile_errors: &[],
    run: run_benchmark,
    stepper: step_doubles,
    measure: Some(measure_benchmark),
    addition: false,
};

/// The real output of `07b_memory_measured.py` (not in the tutorial).
pub const MEMORY_MEASURED_PY: &str = include_str!("../../tutorial/python/07b_memory_measured.py");
/// What it printed here.
pub const MEMORY_MEASURED_OUT: &str = include_str!("../../tutorial/python/07b_memory_measured.out");
