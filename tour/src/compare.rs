//! `pygen compare`: a quick side-by-side run (well under 20 s) of the same
//! workloads on the stackless and stackful backends, the raw engines under
//! them, hand-written iterators, and CPython (`support/python/workloads.py`,
//! run with `python3` when it is installed). Prints ns per operation, the
//! speed-up over CPython, a log-scale bar chart, and the DESIGN §4 targets.
//!
//! Options: `--markdown` (the table as Markdown, for the README), `--svg PATH`
//! (the chart as an SVG image), `--no-python`, `--full` (longer samples; what
//! `cargo bench --bench vs_cpython` uses). The rigorous numbers come from
//! `cargo bench` (criterion) and `cargo bench --bench instructions` (valgrind).
//!
//! How a time is taken: each case is a function that performs `units` units of
//! work (one unit = `ops` operations); it is calibrated to about 20 ms (100 ms
//! with `--full`) per sample, then sampled 7 times (15), and the median
//! sample gives ns per operation. Creating a generator is INCLUDED where a
//! case makes one per call (amortised over many values, except in
//! `create_next_close`, which is exactly that cost).

use pygen::{Backend, Generator, Outcome};
use pygen_support::workloads::{
    CountX, WalkIter, catcher, chain, count_x, deep_count, doubles, doubles_list, drain,
    drain_by_ref, echo, raw_corosensei_count, raw_coroutine_count, walk, walk_recursive,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The CPython side, embedded so the binary works from any directory.
const PYTHON_SCRIPT: &str = pygen_support::workloads::PYTHON;

/// One engine on one workload.
struct Case {
    /// The workload; also the case name in `workloads.py`.
    group: &'static str,
    engine: &'static str,
    /// Operations per unit of work.
    ops: u64,
    /// Performs `units` units of work.
    run: fn(u64) -> u64,
}

const STACKLESS: &str = "pygen stackless";
const STACKFUL: &str = "pygen stackful";
const RAW_CORO: &str = "raw nightly coroutine";
const RAW_COROSENSEI: &str = "raw corosensei";

fn sends<G: Generator<Item = u64, Send = u64>>(mut g: G, n: u64) -> u64 {
    let mut sum = 0u64;
    let _ = g.resume();
    for i in 0..n {
        if let Ok(Outcome::Yielded(v)) = g.send(black_box(i)) {
            sum = sum.wrapping_add(v);
        }
    }
    sum
}

fn throws<G: Generator<Item = u64, Error = pygen_support::workloads::Boom>>(
    mut g: G,
    n: u64,
) -> u64 {
    let mut sum = 0u64;
    let _ = g.resume();
    for _ in 0..n {
        if let Ok(Outcome::Yielded(v)) = g.throw(pygen_support::workloads::Boom) {
            sum = sum.wrapping_add(v);
        }
    }
    sum
}

fn create_next_close<G: Generator<Item = u64>>(make: fn(u64) -> G, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        let mut g = make(black_box(10));
        sum = sum.wrapping_add(g.next().unwrap_or(0));
        let _ = g.close();
    }
    sum
}

fn cases() -> Vec<Case> {
    vec![
        // Per yielded value: count_x(n) drained with next().
        Case {
            group: "per_yield",
            engine: STACKLESS,
            ops: 1,
            run: |n| drain_by_ref(black_box(&mut count_x::stackless(n))),
        },
        Case {
            group: "per_yield",
            engine: RAW_CORO,
            ops: 1,
            run: raw_coroutine_count,
        },
        Case {
            group: "per_yield",
            engine: "hand-written iterator",
            ops: 1,
            run: |n| drain_by_ref(black_box(&mut CountX::new(n))),
        },
        Case {
            group: "per_yield",
            engine: STACKFUL,
            ops: 1,
            run: |n| drain_by_ref(black_box(&mut count_x::stackful(n))),
        },
        Case {
            group: "per_yield",
            engine: RAW_COROSENSEI,
            ops: 1,
            run: raw_corosensei_count,
        },
        // send(v) answered by the next yield.
        Case {
            group: "send",
            engine: STACKLESS,
            ops: 1,
            run: |n| sends(echo::stackless(), n),
        },
        Case {
            group: "send",
            engine: STACKFUL,
            ops: 1,
            run: |n| sends(echo::stackful(), n),
        },
        // throw(e) caught in the body, which yields again.
        Case {
            group: "throw",
            engine: STACKLESS,
            ops: 1,
            run: |n| throws(catcher::stackless(), n),
        },
        Case {
            group: "throw",
            engine: STACKFUL,
            ops: 1,
            run: |n| throws(catcher::stackful(), n),
        },
        // A whole short life: create, next, close (then drop).
        Case {
            group: "create_next_close",
            engine: STACKLESS,
            ops: 1,
            run: |n| create_next_close(count_x::stackless, n),
        },
        Case {
            group: "create_next_close",
            engine: "pygen stackful (pooled stack)",
            ops: 1,
            run: |n| create_next_close(count_x::stackful, n),
        },
        Case {
            group: "create_next_close",
            engine: "pygen stackful (fresh stack)",
            ops: 1,
            run: |n| {
                let mut sum = 0;
                for _ in 0..n {
                    pygen::stackful::stack::clear_pool();
                    sum += create_next_close(count_x::stackful, 1);
                }
                sum
            },
        },
        // Each value through a yield-from chain 16 generators deep.
        Case {
            group: "delegation16",
            engine: "pygen stackless (yield from chain)",
            ops: 1,
            run: |n| drain(chain::stackless(Backend::Stackless, 16, n)),
        },
        Case {
            group: "delegation16",
            engine: "pygen stackful (yield from chain)",
            ops: 1,
            run: |n| drain(chain::stackful(Backend::Stackful, 16, n)),
        },
        Case {
            group: "delegation16",
            engine: "pygen stackful (16 plain calls deep)",
            ops: 1,
            run: |n| drain(deep_count(16, n)),
        },
        // In-order walk of a depth-12 tree (4095 nodes), per node.
        Case {
            group: "tree12",
            engine: "pygen stackless (yield from)",
            ops: 4095,
            run: |n| {
                (0..n)
                    .map(|_| drain(walk::stackless(Backend::Stackless, 0, 4095)))
                    .sum()
            },
        },
        Case {
            group: "tree12",
            engine: "pygen stackful (yield from)",
            ops: 4095,
            run: |n| {
                (0..n)
                    .map(|_| drain(walk::stackful(Backend::Stackful, 0, 4095)))
                    .sum()
            },
        },
        Case {
            group: "tree12",
            engine: "pygen stackful (recursion)",
            ops: 4095,
            run: |n| (0..n).map(|_| drain(walk_recursive(0, 4095))).sum(),
        },
        Case {
            group: "tree12",
            engine: "hand-written iterator",
            ops: 4095,
            run: |n| (0..n).map(|_| drain(WalkIter::new(0, 4095))).sum(),
        },
        // The tutorial's list vs generator, 1M items, per item.
        Case {
            group: "list_1m",
            engine: "Vec (build + sum)",
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain(doubles_list(black_box(1_000_000)).into_iter()))
                    .sum()
            },
        },
        Case {
            group: "genexpr_1m",
            engine: STACKLESS,
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain(doubles::stackless(black_box(1_000_000))))
                    .sum()
            },
        },
        Case {
            group: "genexpr_1m",
            engine: STACKFUL,
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain(doubles::stackful(black_box(1_000_000))))
                    .sum()
            },
        },
        Case {
            group: "genexpr_1m",
            engine: "iterator chain (map)",
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain((0..black_box(1_000_000u64)).map(|x| x * 2)))
                    .sum()
            },
        },
    ]
}

/// What each group measures, for the table.
fn describe(group: &str) -> &'static str {
    match group {
        "per_yield" => "count_x: one yielded value",
        "send" => "send(v) round trip",
        "throw" => "throw(e), caught, yields again",
        "create_next_close" => "create + next + close",
        "delegation16" => "one value through 16 levels",
        "tree12" => "tree walk depth 12, per node",
        "list_1m" => "[x*2 for x in range(1M)], per item",
        "genexpr_1m" => "(x*2 for x in range(1M)), per item",
        _ => "",
    }
}

/// Median ns per operation.
fn time_case(case: &Case, sample: Duration, samples: usize) -> f64 {
    let run = case.run;
    // Calibrate: grow the unit count until one call takes a sample's time.
    let mut units = 1u64;
    loop {
        let start = Instant::now();
        black_box(run(black_box(units)));
        let took = start.elapsed();
        if took >= sample || units >= 1 << 40 {
            break;
        }
        let scale = if took.as_nanos() == 0 {
            16.0
        } else {
            (sample.as_nanos() as f64 / took.as_nanos() as f64 * 1.2).clamp(1.5, 16.0)
        };
        units = ((units as f64) * scale).ceil() as u64;
    }
    let mut per_op: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            black_box(run(black_box(units)));
            start.elapsed().as_nanos() as f64 / (units * case.ops) as f64
        })
        .collect();
    per_op.sort_by(f64::total_cmp);
    per_op[per_op.len() / 2]
}

/// Runs the CPython workloads; `None` without python3.
fn python_times(full: bool) -> Option<(String, HashMap<String, f64>)> {
    let version = Command::new("python3").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let mut child = Command::new("python3")
        .arg("-")
        .args(if full { None } else { Some("--quick") })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()?
        .write_all(PYTHON_SCRIPT.as_bytes())
        .ok()?;
    let out = child.wait_with_output().ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let times = stdout
        .lines()
        .filter_map(|l| {
            let (name, ns) = l.split_once(' ')?;
            Some((name.to_owned(), ns.trim().parse().ok()?))
        })
        .collect();
    Some((version, times))
}

struct Row {
    group: &'static str,
    engine: String,
    ns: f64,
}

fn bar(ns: f64, width: usize) -> String {
    // Log scale: 0.1 ns .. 100 µs (six decades) over `width` cells.
    let pos = ((ns.max(0.1).log10() + 1.0) / 6.0 * width as f64).round() as usize;
    "#".repeat(pos.clamp(1, width))
}

/// Entry point: `pygen compare [--markdown] [--svg PATH] [--no-python] [--full]`.
/// Returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let full = args.iter().any(|a| a == "--full");
    let markdown = args.iter().any(|a| a == "--markdown");
    let no_python = args.iter().any(|a| a == "--no-python");
    let svg = args
        .iter()
        .position(|a| a == "--svg")
        .and_then(|i| args.get(i + 1));
    if let Some(unknown) = args.iter().find(|a| {
        a.starts_with("--")
            && !["--full", "--markdown", "--no-python", "--svg"].contains(&a.as_str())
    }) {
        eprintln!("pygen compare: unknown option {unknown}");
        eprintln!("usage: pygen compare [--markdown] [--svg PATH] [--no-python] [--full]");
        return 2;
    }
    let (sample, samples) = if full {
        (Duration::from_millis(100), 15)
    } else {
        (Duration::from_millis(20), 7)
    };
    let started = Instant::now();
    let cases = cases();
    let mut rows = Vec::new();
    for case in &cases {
        let ns = time_case(case, sample, samples);
        rows.push(Row {
            group: case.group,
            engine: case.engine.to_owned(),
            ns,
        });
    }
    let python = if no_python { None } else { python_times(full) };
    let mut py: HashMap<String, f64> = HashMap::new();
    if let Some((version, times)) = &python {
        py = times.clone();
        let mut groups: Vec<&'static str> = rows.iter().map(|r| r.group).collect();
        groups.dedup();
        for group in groups {
            if let Some(&ns) = times.get(group) {
                let at = rows
                    .iter()
                    .rposition(|r| r.group == group)
                    .map_or(0, |i| i + 1);
                rows.insert(
                    at,
                    Row {
                        group,
                        engine: version.replace("Python", "CPython"),
                        ns,
                    },
                );
            }
        }
    }
    let machine = machine_name();
    if markdown {
        print!("{}", markdown_table(&rows, &py));
    } else {
        print_table(&rows, &py);
    }
    println!();
    print_targets(&rows, &py);
    println!();
    println!(
        "machine: {machine}; {} in {:.1} s",
        if full { "full run" } else { "quick run" },
        started.elapsed().as_secs_f64()
    );
    if let Some(path) = svg {
        match std::fs::write(path, svg_chart(&rows, &machine)) {
            Ok(()) => println!("chart written to {path}"),
            Err(e) => {
                eprintln!("pygen compare: cannot write {path}: {e}");
                return 1;
            }
        }
    }
    0
}

fn speedup(row: &Row, py: &HashMap<String, f64>) -> String {
    match py.get(row.group) {
        Some(p) if !row.engine.starts_with("CPython") => {
            let x = p / row.ns;
            if x < 10.0 {
                format!("{x:.2}x")
            } else {
                format!("{x:.0}x")
            }
        }
        _ => String::new(),
    }
}

fn print_table(rows: &[Row], py: &HashMap<String, f64>) {
    println!(
        "{:<36} {:<38} {:>10} {:>9}  log scale: 0.1 ns .. 100 us",
        "workload", "engine", "ns/op", "vs CPy"
    );
    let mut last = "";
    for row in rows {
        let label = if row.group != last {
            describe(row.group)
        } else {
            ""
        };
        last = row.group;
        println!(
            "{:<36} {:<38} {:>10.2} {:>9}  {}",
            label,
            row.engine,
            row.ns,
            speedup(row, py),
            bar(row.ns, 30)
        );
    }
}

fn markdown_table(rows: &[Row], py: &HashMap<String, f64>) -> String {
    let mut out = String::new();
    out.push_str("| workload | engine | median ns/op | CPython ÷ this |\n");
    out.push_str("|---|---|---:|---:|\n");
    let mut last = "";
    for row in rows {
        let label = if row.group != last {
            describe(row.group)
        } else {
            ""
        };
        last = row.group;
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {} |",
            label,
            row.engine,
            row.ns,
            speedup(row, py)
        );
    }
    out
}

fn find(rows: &[Row], group: &str, engine: &str) -> Option<f64> {
    rows.iter()
        .find(|r| r.group == group && r.engine == engine)
        .map(|r| r.ns)
}

/// The DESIGN §4 targets that this run can check.
fn print_targets(rows: &[Row], py: &HashMap<String, f64>) {
    println!(
        "DESIGN §4 targets (timing; see `cargo bench --bench instructions` for instruction counts):"
    );
    let check = |what: &str, value: Option<f64>, ok: fn(f64) -> bool, unit: &str| match value {
        Some(v) => println!(
            "  {:<58} {:>8.2}{unit}  {}",
            what,
            v,
            if ok(v) { "met" } else { "NOT met" }
        ),
        None => println!("  {what:<58} {:>9}  n/a", "-"),
    };
    let ratio = |a: Option<f64>, b: Option<f64>| Some(a? / b?);
    check(
        "stackless next / raw coroutine resume (<= 1.05)",
        ratio(
            find(rows, "per_yield", STACKLESS),
            find(rows, "per_yield", RAW_CORO),
        ),
        |v| v <= 1.05,
        "x",
    );
    check(
        "stackful next / raw corosensei resume (<= 1.25)",
        ratio(
            find(rows, "per_yield", STACKFUL),
            find(rows, "per_yield", RAW_COROSENSEI),
        ),
        |v| v <= 1.25,
        "x",
    );
    check(
        "stackful create+next+close, pooled stack (<= 100 ns)",
        find(rows, "create_next_close", "pygen stackful (pooled stack)"),
        |v| v <= 100.0,
        "ns",
    );
    let py_yield = py.get("per_yield").copied();
    check(
        "CPython / stackless per yielded value (>= 50)",
        ratio(py_yield, find(rows, "per_yield", STACKLESS)),
        |v| v >= 50.0,
        "x",
    );
    check(
        "CPython / stackful per yielded value (>= 10)",
        ratio(py_yield, find(rows, "per_yield", STACKFUL)),
        |v| v >= 10.0,
        "x",
    );
}

/// "2 cores, AMD EPYC" from /proc/cpuinfo, as far as it can tell.
fn machine_name() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cpus} cores, {model}")
}

fn engine_colour(engine: &str) -> &'static str {
    if engine.starts_with("CPython") {
        "#888888"
    } else if engine.starts_with(STACKLESS) {
        "#1f77b4"
    } else if engine.starts_with(STACKFUL) {
        "#ff7f0e"
    } else {
        "#2ca02c"
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A horizontal log-scale bar chart of every row, grouped by workload.
fn svg_chart(rows: &[Row], machine: &str) -> String {
    let (label_w, plot_w, row_h, group_gap, top) = (300.0, 720.0, 18.0, 26.0, 70.0);
    let mut groups: Vec<&str> = rows.iter().map(|r| r.group).collect();
    groups.dedup();
    let height = top + rows.len() as f64 * row_h + groups.len() as f64 * group_gap + 40.0;
    let width = label_w + plot_w + 90.0;
    let x_of = |ns: f64| label_w + (ns.max(0.1).log10() + 1.0) / 6.0 * plot_w;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r##"<rect width="100%" height="100%" fill="white"/><text x="10" y="22" font-size="16" font-weight="bold">pygen compare: ns per operation (log scale, shorter is faster)</text><text x="10" y="42" fill="#555">{}</text>"##,
        escape(machine)
    );
    for (decade, name) in [
        (0.1, "0.1 ns"),
        (1.0, "1 ns"),
        (10.0, "10 ns"),
        (100.0, "100 ns"),
        (1e3, "1 µs"),
        (1e4, "10 µs"),
        (1e5, "100 µs"),
    ] {
        let x = x_of(decade);
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#ddd"/><text x="{x}" y="{}" text-anchor="middle" fill="#555">{name}</text>"##,
            top - 10.0,
            height - 30.0,
            height - 14.0
        );
    }
    let mut y = top;
    let mut last = "";
    for row in rows {
        if row.group != last {
            y += group_gap;
            let _ = writeln!(
                s,
                r#"<text x="10" y="{}" font-weight="bold">{}</text>"#,
                y - 8.0,
                escape(describe(row.group))
            );
            last = row.group;
        }
        let x_end = x_of(row.ns);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{:.1}" height="{}" fill="{}"/><text x="{:.1}" y="{}">{:.2}</text>"#,
            label_w - 8.0,
            y + row_h - 5.0,
            escape(&row.engine),
            y + 2.0,
            (x_end - label_w).max(1.0),
            row_h - 4.0,
            engine_colour(&row.engine),
            x_end + 4.0,
            y + row_h - 5.0,
            row.ns
        );
        y += row_h;
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    //! The workloads do the work they claim, identically on both backends
    //! (the same values CPython's `support/python/workloads.py` produces),
    //! and the report's pieces are well-formed.

    use super::*;
    use pygen::Error;
    use pygen_support::workloads::Boom;

    #[test]
    fn workloads_yield_the_same_values_on_both_backends() {
        for backend in Backend::ALL {
            let counted: Vec<u64> = count_x::on(backend, 5).collect();
            assert_eq!(counted, [5, 4, 3, 2, 1], "{backend}");
            let chained: Vec<u64> = chain::on(backend, backend, 16, 4).collect();
            assert_eq!(chained, [4, 3, 2, 1], "{backend}");
            let walked: Vec<u64> = walk::on(backend, backend, 0, 15).collect();
            assert_eq!(walked, (0..15).collect::<Vec<_>>(), "{backend}");
            let doubled: Vec<u64> = doubles::on(backend, 4).collect();
            assert_eq!(doubled, [0, 2, 4, 6], "{backend}");
        }
        assert_eq!(deep_count(16, 3).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(
            walk_recursive(0, 15).collect::<Vec<_>>(),
            (0..15).collect::<Vec<_>>()
        );
        assert_eq!(
            WalkIter::new(0, 15).collect::<Vec<_>>(),
            (0..15).collect::<Vec<_>>()
        );
        assert_eq!(CountX::new(3).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(doubles_list(4), [0, 2, 4, 6]);
    }

    #[test]
    fn echo_answers_each_send_and_catcher_counts_throws() {
        for backend in Backend::ALL {
            let mut e = echo::on(backend);
            assert_eq!(e.resume(), Ok(Outcome::Yielded(0)));
            assert_eq!(e.send(41), Ok(Outcome::Yielded(42)));
            assert_eq!(e.resume(), Ok(Outcome::Yielded(42)));
            assert_eq!(e.close(), Ok(None));

            let mut c = catcher::on(backend);
            assert_eq!(c.resume(), Ok(Outcome::Yielded(0)));
            assert_eq!(c.throw(Boom), Ok(Outcome::Yielded(1)));
            assert_eq!(c.throw(Boom), Ok(Outcome::Yielded(2)));
            assert_eq!(
                c.throw_error(Error::StopIteration),
                Err(Error::RaisedStopIteration)
            );
        }
    }

    #[test]
    fn every_case_runs_and_counts_its_work() {
        // Three units of each small case, against what that work must sum to.
        for case in cases() {
            let expected = match case.group {
                // count_x(3) / the chain over it: 3 + 2 + 1
                "per_yield" | "delegation16" => 6,
                // sends 0, 1, 2 answered by 1, 2, 3; three throws yield 1, 2, 3
                "send" | "throw" => 6,
                // three times the first value of count_x(10)
                "create_next_close" => 30,
                _ => continue,
            };
            assert_eq!((case.run)(3), expected, "{} / {}", case.group, case.engine);
        }
    }

    #[test]
    fn bars_are_log_scaled_and_never_empty() {
        assert_eq!(bar(0.01, 30), "#");
        assert_eq!(bar(1.0, 30).len(), 5); // one decade of six
        assert_eq!(bar(100.0, 30).len(), 15);
        assert_eq!(bar(1e9, 30).len(), 30);
    }

    #[test]
    fn markdown_and_svg_list_every_row() {
        let rows = vec![
            Row {
                group: "per_yield",
                engine: STACKLESS.to_owned(),
                ns: 0.5,
            },
            Row {
                group: "per_yield",
                engine: "CPython 3.11.7".to_owned(),
                ns: 50.0,
            },
        ];
        let py = HashMap::from([("per_yield".to_owned(), 50.0)]);
        assert_eq!(
            markdown_table(&rows, &py),
            "| workload | engine | median ns/op | CPython ÷ this |\n\
             |---|---|---:|---:|\n\
             | count_x: one yielded value | pygen stackless | 0.50 | 100x |\n\
             |  | CPython 3.11.7 | 50.00 |  |\n"
        );
        let svg = svg_chart(&rows, "2 cores, test");
        assert!(svg.starts_with("<svg "));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<rect x=").count(), 2);
        assert!(svg.contains(">pygen stackless<") && svg.contains(">CPython 3.11.7<"));
    }
}
