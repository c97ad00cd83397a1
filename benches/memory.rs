//! Memory: the size of each generator type, the heap bytes one generator
//! allocates (a counting global allocator), its stack bytes, and the peak RSS
//! of 100,000 simultaneously suspended generators per engine (each measured in
//! a fresh child process, so one engine's pages don't count for another).
//!
//! Run: `cargo bench --bench memory`. Plain output, no timing.
//!
//! Note for the stackful engines: each stack is one `mmap` plus a guard page,
//! i.e. two kernel memory maps. Linux allows `vm.max_map_count` maps per
//! process (65,530 by default), so about 32,000 stackful generators can be
//! alive at once unless that limit is raised; the 100k run reports how many
//! it could create.

#![feature(coroutines)]

use pygen::Generator;
use pygen::stackful::stack::DEFAULT_STACK_SIZE;
use pygen_support::workloads::{CountX, count_x, doubles, doubles_list};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::mem::size_of_val;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to `System` unchanged; the counter is only
// bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours, passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours, passed through.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Heap bytes still allocated after `make` returned its value.
fn heap_of<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    let value = black_box(make());
    (value, LIVE.load(Ordering::Relaxed).saturating_sub(before))
}

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

const MANY: usize = 100_000;

/// The README's `count_x`, with a `u32` counter (its size is the README's memory figure).
#[pygen::generator]
fn count_x32(mut n: u32) -> impl Generator<Item = u32> {
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
}

fn gen_rs(n: u64) -> generator::Generator<'static, (), u64> {
    generator::Gn::<()>::new_scoped(move |mut s| {
        let mut n = n;
        while n > 0 {
            s.yield_(n);
            n -= 1;
        }
        generator::done!()
    })
}

fn genawaiter_rc(n: u64) -> genawaiter::rc::Gen<u64, (), impl std::future::Future<Output = ()>> {
    genawaiter::rc::Gen::new(move |co| async move {
        let mut n = n;
        while n > 0 {
            co.yield_(n).await;
            n -= 1;
        }
    })
}

/// Child process: create MANY generators, resume each once, report.
fn child(engine: &str) {
    let rss0 = status_kib("VmRSS:").unwrap_or(0);
    let mut created = 0usize;
    match engine {
        "stackless" => {
            let mut all = Vec::with_capacity(MANY);
            for i in 0..MANY {
                let mut g = count_x::stackless(i as u64 + 10);
                g.next();
                all.push(g);
            }
            created = all.len();
            report(engine, created, rss0);
        }
        "stackful" => {
            let mut all = Vec::with_capacity(MANY);
            for i in 0..MANY {
                let n = i as u64 + 10;
                // The same body as count_x::stackful, through the fallible
                // constructor, so running out of memory maps is reported.
                let made =
                    pygen::Stackful::<u64>::try_with_stack_size(DEFAULT_STACK_SIZE, move |co| {
                        let mut n = n;
                        while n > 0 {
                            co.yield_(n)?;
                            n -= 1;
                        }
                        Ok(())
                    });
                let Ok(mut g) = made else { break };
                g.next();
                all.push(g);
                created += 1;
            }
            report(engine, created, rss0);
        }
        "genawaiter_rc" => {
            let mut all = Vec::with_capacity(MANY);
            for i in 0..MANY {
                let mut g = genawaiter_rc(i as u64 + 10);
                g.resume();
                all.push(g);
            }
            report(engine, all.len(), rss0);
        }
        "generator_rs" => {
            let mut all = Vec::with_capacity(MANY);
            for i in 0..MANY {
                let mut g = gen_rs(i as u64 + 10);
                g.resume();
                all.push(g);
                created += 1;
                if created % 10_000 == 0 {
                    // generator-rs aborts the process when mmap fails: report
                    // progress so the parent can say how far it got.
                    println!("progress {created}");
                }
            }
            report(engine, all.len(), rss0);
        }
        _ => eprintln!("unknown engine {engine}"),
    }
}

fn report(engine: &str, created: usize, rss0: u64) {
    let rss = status_kib("VmRSS:").unwrap_or(0);
    let hwm = status_kib("VmHWM:").unwrap_or(0);
    println!(
        "result {engine} {created} {} {hwm}",
        rss.saturating_sub(rss0)
    );
}

fn main() {
    if let Ok(engine) = std::env::var("PYGEN_MEM_CHILD") {
        child(&engine);
        return;
    }

    println!("== size_of (bytes) ==");
    let rows: Vec<(&str, usize)> = vec![
        (
            "pygen stackless count_x(u64)",
            size_of_val(&count_x::stackless(3)),
        ),
        (
            "pygen stackless count_x(u32)",
            size_of_val(&count_x32::stackless(3)),
        ),
        (
            "pygen stackless doubles(u64)",
            size_of_val(&doubles::stackless(3)),
        ),
        (
            "pygen stackful Stackful<u64> (handle)",
            size_of_val(&count_x::stackful(3)),
        ),
        ("hand-written CountX", size_of_val(&CountX::new(3))),
        (
            "genawaiter rc::Gen (handle)",
            size_of_val(&genawaiter_rc(3)),
        ),
        ("generator-rs Generator (handle)", size_of_val(&gen_rs(3))),
        ("Vec<u64> (handle)", size_of_val(&Vec::<u64>::new())),
    ];
    for (name, size) in rows {
        println!("{name:<44} {size:>8}");
    }

    println!();
    println!("== heap bytes allocated by one created generator ==");
    let (g1, h1) = heap_of(|| count_x::stackless(3));
    let (g2, h2) = heap_of(|| count_x::stackful(3));
    let (g3, h3) = heap_of(|| genawaiter_rc(3));
    let (g4, h4) = heap_of(|| gen_rs(3));
    let (list, h5) = heap_of(|| doubles_list(1_000_000));
    println!("{:<44} {h1:>8}", "pygen stackless count_x");
    println!(
        "{:<44} {h2:>8}  (+ its mmapped stack, below)",
        "pygen stackful count_x"
    );
    println!("{:<44} {h3:>8}", "genawaiter rc");
    println!("{:<44} {h4:>8}  (+ its stack)", "generator-rs");
    println!("{:<44} {h5:>8}", "tutorial list: [x*2 for x in range(1M)]");
    println!(
        "{:<44} {:>8}",
        "tutorial generator: doubles(1M), size_of",
        size_of_val(&doubles::stackless(1_000_000))
    );
    drop((g1, g2, g3, g4, list));

    // The tutorial's own measurement, in CPython, when python3 is installed.
    let py = Command::new("python3")
        .args([
            "-c",
            "import sys\n\
             lst = [x * 2 for x in range(1_000_000)]\n\
             gen = (x * 2 for x in range(1_000_000))\n\
             ints = sum(sys.getsizeof(x) for x in lst)\n\
             print(sys.getsizeof(lst), ints, sys.getsizeof(gen))",
        ])
        .output();
    if let Ok(out) = py {
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = text.split_whitespace().collect();
        if let [list, ints, gen_size] = f[..] {
            println!(
                "{:<44} {list:>8}  (+ {ints} bytes of int objects)",
                "CPython list, sys.getsizeof"
            );
            println!("{:<44} {gen_size:>8}", "CPython generator, sys.getsizeof");
        }
    }

    println!();
    println!("== stack bytes ==");
    println!(
        "{:<44} {:>8}  (+ 4096 guard page; pooled per thread; configurable from 16 KiB)",
        "pygen stackful default stack", DEFAULT_STACK_SIZE
    );
    println!(
        "{:<44} {:>8}",
        "generator-rs default stack",
        generator::DEFAULT_STACK_SIZE * size_of::<usize>()
    );
    println!("{:<44} {:>8}", "stackless / genawaiter (no own stack)", 0);

    println!();
    println!("== {MANY} simultaneously suspended generators (child process each) ==");
    println!(
        "{:<16} {:>10} {:>14} {:>14} {:>12}",
        "engine", "created", "RSS delta KiB", "peak RSS KiB", "bytes/gen"
    );
    let exe = std::env::current_exe().expect("current exe");
    for engine in ["stackless", "stackful", "genawaiter_rc", "generator_rs"] {
        let out = Command::new(&exe).env("PYGEN_MEM_CHILD", engine).output();
        let Ok(out) = out else {
            println!("{engine:<16} could not start a child process");
            continue;
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        match stdout.lines().find_map(|l| l.strip_prefix("result ")) {
            Some(line) => {
                let f: Vec<&str> = line.split_whitespace().collect();
                let created: f64 = f[1].parse().unwrap_or(0.0);
                let delta: f64 = f[2].parse().unwrap_or(0.0);
                println!(
                    "{:<16} {:>10} {:>14} {:>14} {:>12.0}",
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    if created > 0.0 {
                        delta * 1024.0 / created
                    } else {
                        0.0
                    }
                );
            }
            None => {
                let last = stdout
                    .lines()
                    .rev()
                    .find_map(|l| l.strip_prefix("progress "))
                    .unwrap_or("0");
                println!(
                    "{engine:<16} failed after ~{last} generators (exit: {}; likely vm.max_map_count)",
                    out.status
                );
            }
        }
    }
}
